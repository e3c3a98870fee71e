"""The project's own promises: CI runs exactly the README's test command."""

from helpers import REPO


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text()
    command = readme.split("Run the tests", 1)[1].split("```sh\n", 1)[1].split("\n```", 1)[0]
    assert command in (REPO / ".ci" / "run").read_text().splitlines()


def test_the_publishing_workflow_tests_builds_strictly_and_publishes_only_after_both():
    import yaml

    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "publish.yml").read_text())
    jobs = workflow["jobs"]
    commands = {name: "\n".join(step.get("run", "") for step in job.get("steps", [])) for name, job in jobs.items()}
    assert "bash .ci/run" in commands["test"]
    assert "mkdocs build --strict" in commands["build"]
    assert set(jobs["publish"]["needs"]) == {"test", "build"}
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in jobs["publish"]["steps"])
