"""The project's own promises: CI runs exactly the README's test command."""

from helpers import REPO


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text()
    command = readme.split("Run the tests", 1)[1].split("```sh\n", 1)[1].split("\n```", 1)[0]
    assert command in (REPO / ".ci" / "run").read_text().splitlines()
