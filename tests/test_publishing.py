"""Publishing without a local build: drafts, GitHub annotations, and the commands the publishing
workflow runs (tests/test_publishing_workflow.py runs them as the workflow does)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from helpers import PHONE_POLICY, Site
from policy_core.errors import PolicyError, github_annotations
from policy_publishing import list_reviews, merge_record

VISITS_DRAFT = textwrap.dedent("""\
    ---
    title: Visits Policy
    draft: true
    ---

    # Visits Policy

    - Visitors sign in at the office. { #signing-in }
    """)


def draft_site(tmp_path, phones: str = PHONE_POLICY) -> Site:
    site = Site(tmp_path).write("policies/phones.md", phones).write("policies/visits.md", VISITS_DRAFT)
    (site.docs / "policies" / "visits").mkdir()
    (site.docs / "policies" / "visits" / "Visitor form.pdf").write_bytes(b"%PDF-1.4\n")
    return site


def preview(site: Site) -> subprocess.CompletedProcess:
    """What `mkdocs serve` builds: the hooks hear that the command is serve, as serve tells them,
    and the site is built to preview/."""
    script = """\
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config = load_config("mkdocs.yml", site_dir="preview")
        config.plugins.on_startup(command="serve", dirty=False)
        build(config)
        """
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script)], cwd=site.root, capture_output=True,
                          text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def every_file_built(site: Site) -> str:
    return "\n".join(path.read_text(errors="replace") for path in (site.root / "site").rglob("*") if path.is_file())


# Drafts -----------------------------------------------------------------------------------------


def test_a_build_publishes_nothing_of_a_draft(tmp_path):
    site = draft_site(tmp_path)
    result = site.build()
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
    assert "Not published: docs/policies/visits.md is a draft (draft: true)." in result.stderr
    assert not (site.root / "site" / "policies" / "visits").exists()  # its page, QR code and form
    assert (site.root / "site" / "policies" / "phones" / "index.html").exists()
    built = every_file_built(site)  # the hubs, the register, search, the sitemap
    assert "Visits" not in built and "visits" not in built
    assert "visits" not in (site.root / "published-links.yml").read_text()


def test_a_preview_shows_a_draft_marked_as_one(tmp_path):
    site = draft_site(tmp_path)
    result = preview(site)
    assert result.returncode == 0, result.stderr
    page = (site.root / "preview" / "policies" / "visits" / "index.html").read_text()
    assert "Draft: not published." in page
    assert (site.root / "preview" / "policies" / "visits" / "Visitor form.pdf").exists()
    # Every list that names it says so: the register and each hub, where it would look published.
    from bs4 import BeautifulSoup
    for listing in ("policies", "for/parents", "for/staff"):
        words = BeautifulSoup((site.root / "preview" / listing / "index.html").read_text(), "html.parser").article.get_text(" ")
        assert "Visits Policy (draft: not published)" in " ".join(words.split()), listing
        assert "Phone Policy (draft" not in words
    assert "Draft: not published." not in (site.root / "preview" / "policies" / "phones" / "index.html").read_text()
    assert not (site.root / "published-links.yml").exists()


def test_a_link_from_a_published_policy_to_a_draft_stops_the_build(tmp_path):
    phones = PHONE_POLICY + "\nVisitors follow the [visits policy](visits.md#signing-in).\n"
    site = draft_site(tmp_path, phones)
    result = site.build()
    assert result.returncode == 1
    assert ('docs/policies/phones.md:12: The link "visits.md#signing-in" leads to a draft: docs/policies/visits.md '
            "has draft: true, so it is not published, and the link would lead nowhere.") in result.stderr
    assert "How to fix it: remove the link for now, or publish the draft first" in result.stderr
    assert preview(site).returncode == 0


def test_a_draft_named_as_a_policys_version_for_children_stops_the_build(tmp_path):
    site = draft_site(tmp_path, PHONE_POLICY.replace("title: Phone Policy", "title: Phone Policy\nchild_friendly: visits"))
    result = site.build()
    assert result.returncode == 1
    assert ('docs/policies/phones.md:3: The policy names "visits.md" as its version for children or in easy read, '
            "but that policy is a draft (draft: true), so it is not published.") in result.stderr
    assert preview(site).returncode == 0


def test_a_published_policy_cannot_become_a_draft(tmp_path):
    site = Site(tmp_path).write("policies/visits.md", VISITS_DRAFT.replace("draft: true\n", "")).built()
    result = site.write("policies/visits.md", VISITS_DRAFT).build()
    assert result.returncode == 1
    assert result.stderr.count("problem") == 1
    assert ("docs/policies/visits.md:3: The policy has draft: true, but it has been published at policies/visits/, "
            "so leaving it out would break every link to it.") in result.stderr


def test_a_draft_setting_that_is_not_true_or_false_stops_the_build(tmp_path):
    site = Site(tmp_path).write("policies/visits.md", VISITS_DRAFT.replace("draft: true", "draft: soon"))
    result = site.build()
    assert result.returncode == 1
    assert 'docs/policies/visits.md:3: The setting "draft" should be true or false, not "soon".' in result.stderr


# Annotations on GitHub ------------------------------------------------------------------------


def built_on_github(site: Site) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` as the publishing workflow runs it."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=site.root, capture_output=True,
                          text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "GITHUB_ACTIONS": "true",
                                          "GITHUB_WORKSPACE": str(site.root)})


def test_under_github_actions_each_problem_is_an_annotation_on_its_line(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY.replace("title: Phone Policy",
                                                                           "title: Phone Policy\nowner: [Head]"))
    on_github = built_on_github(site)
    assert on_github.returncode == 1
    assert ('::error file=docs/policies/phones.md,line=3,title=Cannot publish::The setting "owner" should be '
            "text. How to fix it: write the role that looks after the policy") in on_github.stdout
    assert 'docs/policies/phones.md:3: The setting "owner" should be text.' in on_github.stderr
    assert "::error" not in site.build().stdout


def test_under_github_actions_a_link_that_leads_nowhere_is_an_annotation_on_its_line(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY)
    site.write("about.md", "# About us\n\nOur [admissions form](admissions.md) is online.\n")
    on_github = built_on_github(site)
    assert on_github.returncode == 1
    assert ("::error file=docs/about.md,line=3,title=Cannot publish::Doc file 'about.md' contains a link "
            "'admissions.md', but the target is not found among documentation files. How to fix it: "
            "link to the page's file in docs/") in on_github.stdout


def test_an_editors_line_break_cannot_add_a_command_for_github(tmp_path):
    forged = 'audiences: ["x\\n::warning file=mkdocs.yml,line=1::Forged", "y\\r##[error]Forged"]'
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY.replace("title: Phone Policy",
                                                                           f"title: Phone Policy\n{forged}"))
    on_github = built_on_github(site)
    assert on_github.returncode == 1
    assert 'The policy names an audience that is not declared: "x\n: :warning file=mkdocs.yml' in on_github.stderr
    lines = (on_github.stdout + on_github.stderr).replace("\r", "\n").splitlines()
    commands = [line for line in lines if line.lstrip().startswith(("::", "##["))]
    assert len(commands) == 2
    assert all(line.startswith("::error file=docs/policies/phones.md,line=3,title=Cannot publish::The policy names")
               for line in commands)
    assert '"x%0A::warning file=mkdocs.yml,line=1::Forged"' in commands[0]
    assert '"y%0D##[error]Forged"' in commands[1]


def test_annotations_keep_their_words_whole():
    error = PolicyError("docs/policies/a, b: c.md", 7, "100% sure\r\nof it", "write: this, then that.")
    assert github_annotations([error], {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": os.getcwd()}) == (
        "::error file=docs/policies/a%2C b%3A c.md,line=7,title=Cannot publish::"
        "100%25 sure%0D%0Aof it How to fix it: write: this, then that.")
    assert github_annotations([error], {}) == ""


def test_annotations_name_files_from_the_repository_when_the_site_is_in_a_folder_of_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the site's folder, tmp_path's name in the repository's
    error = PolicyError("docs/policies/phones.md", 3, "Wrong.", "right it.")
    assert github_annotations([error], {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(tmp_path.parent)}) == (
        f"::error file={tmp_path.name}/docs/policies/phones.md,line=3,title=Cannot publish::Wrong. How to fix it: "
        "right it.")


# The workflow's commands ------------------------------------------------------------------------


def policy(title: str, review: str, more: str = "") -> str:
    return f"---\ntitle: {title}\napproved: 2025-10-14\nreview: {review}\n{more}---\n\n# {title}\n\nWords.\n"


def test_the_review_list_names_overdue_and_due_policies_soonest_first(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "docs" / "policies"
    folder.mkdir(parents=True)
    (folder / "phones.md").write_text(policy("Phone Policy", "2027-01-15"))
    (folder / "trips.md").write_text(policy("Trips <b>& visits</b> | out", "2026-11-01"))
    (folder / "first-aid.md").write_text(policy("First Aid", "2027-01-15", "draft: true\n"))
    (folder / "uniform.md").write_text(policy("Uniform", "annual"))  # due a year after its approval
    (folder / "pay.md").write_text(policy("Pay", "2028-01-01"))
    (folder / "index.md").write_text("# The register\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POLICY_TODAY", "2026-12-01")
    assert list_reviews(["--within", "60"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Uniform (docs/policies/uniform.md): overdue: it was due by 14 October 2026",
        "Trips <b>& visits</b> | out (docs/policies/trips.md): overdue: it was due by 1 November 2026",
        "Phone Policy (docs/policies/phones.md): due by 15 January 2027, in 45 days"]
    assert list_reviews(["--markdown"]) == 0
    table = capsys.readouterr().out
    assert ("| Trips &lt;b&gt;&amp; visits&lt;/b&gt; \\| out | overdue: it was due by 1 November 2026 "
            "| docs/policies/trips\\.md |") in table
    monkeypatch.setenv("POLICY_TODAY", "2025-11-01")
    assert list_reviews(["--markdown"]) == 0 and capsys.readouterr().out == ""


def test_the_reminder_issue_mentions_no_one_and_links_no_issue(tmp_path, monkeypatch, capsys):
    """GitHub would tell the account named after an @ that the issue mentions it, each week."""
    folder = tmp_path / "docs" / "policies"
    folder.mkdir(parents=True)
    (folder / "phones.md").write_text(policy('"Phones: ask @headteacher or @oakfield/governors, see #12"', "2026-11-01"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POLICY_TODAY", "2026-12-01")
    assert list_reviews(["--markdown"]) == 0
    row = capsys.readouterr().out.splitlines()[-2]
    assert row.startswith("| Phones: ask @&#8203;headteacher or @&#8203;oakfield/governors, see \\#&#8203;12 |")


def test_the_review_list_lets_no_words_start_a_command_for_github(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "docs" / "policies"
    folder.mkdir(parents=True)
    (folder / "phones.md").write_text(policy("Phone Policy", '"soon\\n::warning::Forged"'))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert list_reviews([]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line for line in lines if line.startswith("::")] == [line for line in lines if line.startswith("::error")]
    assert ": :warning::Forged" in "\n".join(lines)


def test_the_record_merge_adds_and_never_removes(tmp_path, capsys):
    built, record = tmp_path / "built.yml", tmp_path / "record.yml"
    built.write_text("go/phones/: []\npolicies/phones/:\n- lockers\n")
    assert merge_record([str(built), str(record)]) == 0  # no record yet: the build's is the record
    record.write_text(record.read_text() + "policies/visits/:\n- signing-in\n")
    built.write_text("go/phones/: []\npolicies/phones/:\n- calling-the-office\n")
    assert merge_record([str(built), str(record)]) == 0
    assert record.read_text().split("\n", 3)[3] == (
        "go/phones/: []\npolicies/phones/:\n- calling-the-office\n- lockers\npolicies/visits/:\n- signing-in\n")
    assert "Added 1 new addresses" in capsys.readouterr().out


@pytest.mark.parametrize("broken", ["policies/../x/:\n", "   \n"])
def test_the_record_merge_refuses_a_record_it_cannot_read(tmp_path, broken, capsys):
    built, record = tmp_path / "built.yml", tmp_path / "record.yml"
    built.write_text("go/phones/: []\n")
    record.write_text(broken)
    assert merge_record([str(built), str(record)]) == 1
    assert record.read_text() == broken
    assert f"{record}:1: The record of published addresses" in capsys.readouterr().err
