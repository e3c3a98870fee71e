"""The site's files made ahead of the build, and the last build's files removed beside it: a build
leaves the same site as if MkDocs had made and emptied everything itself, and never an empty page."""

import os
import signal

import pytest

from policy_core.search import SEARCH_MADE
from policy_core.site_files import LAST_BUILD, FilesMadeAhead, LastBuildRemoved


def test_files_made_ahead_that_the_build_fills_stay_and_those_it_does_not_are_taken_away(tmp_path):
    site = tmp_path / "site"
    filled, forgotten = site / "policies" / "pay" / "index.html", site / "go" / "pay" / "index.html"
    ahead = FilesMadeAhead([str(filled), str(forgotten)], str(site))
    ahead.process.wait()  # in a build, the pages are converted meanwhile
    assert filled.exists() and forgotten.exists()
    filled.write_text("<html>Pay</html>")
    assert ahead.finish() == [str(forgotten)]
    assert filled.read_text() == "<html>Pay</html>" and not forgotten.exists()


def test_a_file_the_build_wrote_first_is_never_emptied(tmp_path):
    page = tmp_path / "site" / "index.html"
    page.parent.mkdir()
    page.write_text("<html>Home</html>")
    ahead = FilesMadeAhead([str(page)], str(page.parent))
    assert ahead.finish() == []
    assert page.read_text() == "<html>Home</html>"


def test_the_last_builds_files_and_a_stopped_builds_hidden_folders_go_and_other_hidden_files_stay(tmp_path):
    site = tmp_path / "site"
    (site / "policies" / "pay").mkdir(parents=True)
    (site / "policies" / "pay" / "index.html").write_text("old")
    (site / "index.html").write_text("old")
    (site / ".nojekyll").write_text("")  # MkDocs keeps hidden files: so does this
    (site / (LAST_BUILD + "1")).mkdir()  # left by a build that was stopped
    (site / (LAST_BUILD + "1") / "old.html").write_text("old")
    (site / (SEARCH_MADE + "x1") / "fragment").mkdir(parents=True)  # a search index a stopped build was writing
    removed = LastBuildRemoved(str(site))
    assert sorted(os.listdir(site)) == [".nojekyll", LAST_BUILD + str(os.getpid())]  # at once
    removed.finish()
    assert os.listdir(site) == [".nojekyll"]


def test_a_file_in_the_way_of_the_hidden_folder_for_the_last_build_is_named(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("Old home")
    (site / (LAST_BUILD + str(os.getpid()))).write_text("Planted: would be published")
    [problem] = LastBuildRemoved(str(site)).left
    assert problem.file.endswith(LAST_BUILD + str(os.getpid()))
    assert "could not all be deleted" in problem.problem


def _last_build(site):
    """A last build: a page this build writes again, one it does not, a PDF and a short link."""
    for path, words in {"policies/pay/index.html": "Old staff-only words", "policies/pay/qr.svg": "<svg/>",
                        "policies/pay/pay.pdf": "%PDF old", "policies/gone/index.html": "A policy taken down",
                        "go/p1/index.html": "Old short link", "index.html": "Old home"}.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(words)


def _files(site) -> dict:
    return {str(path.relative_to(site)): path.read_text() for path in site.rglob("*") if path.is_file()}


def test_the_last_builds_folders_are_put_back_with_only_this_builds_files_and_none_of_their_words(tmp_path):
    site = tmp_path / "site"
    _last_build(site)
    last_build = LastBuildRemoved(str(site))
    pay, new, link = site / "policies" / "pay" / "index.html", site / "policies" / "new" / "index.html", site / "go" / "p1" / "index.html"
    ahead = FilesMadeAhead([str(pay), str(new), str(link)], str(site), last_build)
    ahead.process.wait()  # in a build, the pages are converted meanwhile
    assert _files(site) == {"policies/pay/index.html": "", "policies/new/index.html": "", "go/p1/index.html": ""}
    pay.write_text("New words")
    assert sorted(ahead.finish()) == [str(link), str(new)]  # not filled: taken away
    last_build.finish()
    assert _files(site) == {"policies/pay/index.html": "New words"}
    assert sorted(os.listdir(site)) == ["go", "policies"]  # the last build deleted (go/p1/ left empty, as MkDocs leaves it)


def test_each_last_builds_folder_is_put_back_even_when_several_hold_folders_no_longer_written(tmp_path):
    site = tmp_path / "site"
    _last_build(site)  # policies/gone/: a policy taken down
    (site / "go" / "gone").mkdir()  # its short link
    folders = {top: (site / top).stat().st_ino for top in ("policies", "go")}
    pay, link = site / "policies" / "pay" / "index.html", site / "go" / "p1" / "index.html"
    ahead = FilesMadeAhead([str(pay), str(link)], str(site), LastBuildRemoved(str(site)))
    ahead.process.wait()
    assert {top: (site / top).stat().st_ino for top in folders} == folders  # put back, not made again
    ahead.finish()


def test_a_link_in_the_last_build_is_taken_away_never_followed(tmp_path):
    site, outside = tmp_path / "site", tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "keep.txt").write_text("Not the site's")
    (site / "go" / "p1").mkdir(parents=True)
    (site / "go" / "p1" / "index.html").symlink_to(outside / "keep.txt")
    (site / "policies").mkdir()
    (site / "policies" / "other").symlink_to(outside, target_is_directory=True)
    (site / "for").symlink_to(outside, target_is_directory=True)
    pages = [str(site / "go" / "p1" / "index.html"), str(site / "policies" / "other" / "keep.txt"),
             str(site / "for" / "keep.txt")]
    ahead = FilesMadeAhead(pages, str(site), LastBuildRemoved(str(site)))
    ahead.finish()
    assert (outside / "keep.txt").read_text() == "Not the site's" and os.listdir(outside) == ["keep.txt"]
    assert not [path for path in site.rglob("*") if path.is_symlink()]


def test_a_page_that_shares_its_contents_with_a_file_outside_the_site_is_never_emptied(tmp_path):
    # A copy of the published site kept with hard links (cp -al, rsync --link-dest) shares each
    # page's contents: emptying the page in place would empty the copy too.
    site, copy = tmp_path / "site", tmp_path / "copy-of-last-week"
    _last_build(site)
    copy.mkdir()
    os.link(site / "policies" / "pay" / "index.html", copy / "pay.html")
    pay = site / "policies" / "pay" / "index.html"
    ahead = FilesMadeAhead([str(pay)], str(site), LastBuildRemoved(str(site)))
    ahead.process.wait()
    pay.write_text("New words")
    ahead.finish()
    assert (copy / "pay.html").read_text() == "Old staff-only words"
    assert _files(site) == {"policies/pay/index.html": "New words"}


def test_a_folder_the_build_made_first_is_kept_and_the_last_builds_is_deleted(tmp_path):
    site = tmp_path / "site"
    _last_build(site)
    last_build = LastBuildRemoved(str(site))
    (site / "policies" / "files").mkdir(parents=True)  # an attachment MkDocs copied first
    (site / "policies" / "files" / "form.pdf").write_text("%PDF new")
    pay = site / "policies" / "pay" / "index.html"
    ahead = FilesMadeAhead([str(pay)], str(site), last_build)
    pay.parent.mkdir(parents=True, exist_ok=True)
    ahead.process.wait()
    pay.write_text("New words")
    ahead.finish()
    assert _files(site) == {"policies/pay/index.html": "New words", "policies/files/form.pdf": "%PDF new"}


def test_a_site_folder_not_made_yet_is_no_problem(tmp_path):
    LastBuildRemoved(str(tmp_path / "site")).finish()
    assert FilesMadeAhead([], str(tmp_path / "site")).finish() == []


def test_a_build_again_and_a_build_that_stops_leave_no_empty_page_and_nothing_hidden(tmp_path, monkeypatch):
    from helpers import Site
    monkeypatch.setenv("POLICY_TODAY", "2026-01-15")  # the same day for every build, also around midnight
    site = Site(tmp_path).write("policies/pay.md", """\
        # Pay Policy

        Staff are paid monthly.
        { audience="staff" }

        ## Questions

        Ask the office.
        """).built()
    first = {path.relative_to(site.root / "site"): path.read_bytes() for path in (site.root / "site").rglob("*") if path.is_file()}
    site.built()
    again = {path.relative_to(site.root / "site"): path.read_bytes() for path in (site.root / "site").rglob("*") if path.is_file()}
    assert again == first  # the same files, none left empty, no folder of the last build's
    assert not [name for name in first if not first[name] and name.suffix == ".html"]
    site.write("about.md", "---\ntemplate: nothing.html\n---\n# About\n")  # stops the build once the pages are read
    stopped = site.build()
    assert stopped.returncode != 0 and "layout (template)" in stopped.stderr
    left = [path for path in (site.root / "site").rglob("*") if path.is_file()]
    assert not [path for path in left if path.stat().st_size == 0 and path.suffix == ".html"]
    assert not [path for path in (site.root / "site").iterdir() if path.name.startswith(".policy-")]


@pytest.mark.parametrize("where", ["old/staff-only.html", "staff-only.html"])  # set aside, or not even moved
def test_a_last_build_file_that_cannot_be_deleted_stops_the_build_as_it_would_be_published(tmp_path, where):
    import subprocess

    from helpers import Site
    site = Site(tmp_path).write("policies/pay.md", "# Pay Policy\n\nStaff are paid monthly.\n").built()
    stuck = site.root / "site" / where
    stuck.parent.mkdir(exist_ok=True)
    stuck.write_text("Old staff-only words")
    # Undeletable even by the system's administrator (tests may run as root, who can delete a read-only file).
    if subprocess.run(["chattr", "+i", str(stuck)], capture_output=True).returncode != 0:
        pytest.skip("chattr cannot make a file undeletable here")
    try:
        stopped = site.build()
    finally:
        subprocess.run(["chattr", "-i"] + [str(path) for path in (site.root / "site").rglob("staff-only.html")])
    assert stopped.returncode != 0
    assert "The last build's files could not all be deleted from site" in stopped.stderr
    assert "staff-only.html:1:" in stopped.stderr and "Traceback" not in stopped.stderr


@pytest.mark.parametrize("dirty", [[], ["--dirty"]])
def test_a_file_where_the_site_folder_goes_stops_the_build_with_its_name(tmp_path, dirty):
    import subprocess
    import sys

    from helpers import Site
    site = Site(tmp_path).write("policies/pay.md", "# Pay Policy\n\nStaff are paid monthly.\n")
    (site.root / "site").write_text("Not a folder")
    stopped = subprocess.run([sys.executable, "-m", "mkdocs", "build", *dirty], cwd=site.root, capture_output=True,
                             text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert stopped.returncode != 0 and "Traceback" not in stopped.stderr
    assert "site:1: This is a file, where the build writes the site's folder." in stopped.stderr
    assert (site.root / "site").read_text() == "Not a folder"


def test_a_dirty_build_keeps_the_pages_it_does_not_build_again(tmp_path, monkeypatch):
    import subprocess
    import sys

    from helpers import Site
    monkeypatch.setenv("POLICY_TODAY", "2026-01-15")  # the same day for every build, also around midnight
    site = Site(tmp_path).write("policies/pay.md", "# Pay Policy\n\nStaff are paid monthly.\n{ audience=\"staff\" }\n").built()
    full = sorted(path.relative_to(site.root / "site") for path in (site.root / "site").rglob("*") if path.is_file())
    for stopped_build_left in (False, True):
        # A build stopped half-way (killed) left its hidden folders: --dirty keeps the last build, not them.
        for hidden in (LAST_BUILD + "1", SEARCH_MADE + "x1") if stopped_build_left else ():
            (site.root / "site" / hidden).mkdir()
            (site.root / "site" / hidden / "index.html").write_text("Old staff-only words")
        dirty = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty"], cwd=site.root, capture_output=True,
                               text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        assert dirty.returncode == 0, dirty.stderr
        assert sorted(path.relative_to(site.root / "site") for path in (site.root / "site").rglob("*") if path.is_file()) == full
    assert not _empty_pages(site.root / "site")


@pytest.mark.parametrize("stopped", ["by Ctrl-C", "by kill"])
def test_a_build_stopped_half_way_leaves_no_empty_page(tmp_path, stopped):
    import subprocess
    import sys
    import time

    from helpers import Site
    site = Site(tmp_path)
    for number in range(40):
        site.write(f"policies/policy-{number}.md", f"# Policy {number}\n\nStaff sign in.\n{{ audience=\"staff\" }}\n")
    pages = site.root / "site"
    # Its own process group, as a terminal's Ctrl-C reaches every process of the build's group.
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=site.root, start_new_session=True,
                             env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "POLICY_PDF": "0"},
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while build.poll() is None and not _empty_pages(pages):
        time.sleep(0.01)  # until files are made ahead and not all filled yet
    if stopped == "by Ctrl-C":
        os.killpg(build.pid, signal.SIGINT)
    else:  # as a cancelled CI job is ended
        build.terminate()
    build.wait(timeout=60)
    assert build.returncode != 0, "the build ended before it could be stopped"
    assert not _empty_pages(pages)
    assert not [path for path in pages.iterdir() if path.name.startswith(".policy-")]


def _empty_pages(folder) -> list:
    empty = []
    for path in folder.rglob("*.html"):
        try:
            if path.stat().st_size == 0:
                empty.append(path)
        except FileNotFoundError:
            pass  # taken away meanwhile
    return empty
