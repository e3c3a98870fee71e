"""`mkdocs serve` shows what stops the build in the browser, at every address, and shows the site
again by itself once the file is fixed; `mkdocs build` still stops."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import types
import urllib.error
import urllib.request

from bs4 import BeautifulSoup

from helpers import PHONE_POLICY, Site
from policy_core.errors import PolicyError
from policy_core.problem_page import problem_page
from policy_preview import Preview

BROKEN_TAG = PHONE_POLICY.replace('audience="staff"', 'audience="staf"')


class RunningPreview:
    """A running `mkdocs serve` of a site, with live reload, on a free port."""

    def __init__(self, site: Site):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.address = f"http://127.0.0.1:{probe.getsockname()[1]}"
        self.log = site.root / "serve.log"
        with open(self.log, "w") as log:
            self.server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", self.address[7:]],
                                           cwd=site.root, stderr=log, stdout=log,
                                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "POLICY_PDF": "0"})
        deadline = time.monotonic() + 60
        while "Serving on" not in self.log.read_text():
            assert self.server.poll() is None and time.monotonic() < deadline, self.log.read_text()
            time.sleep(0.2)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.address + path, timeout=90) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def stop(self) -> None:
        self.server.send_signal(signal.SIGINT)  # as Ctrl+C: the server removes its folder of pages
        self.server.wait(timeout=30)


@contextlib.contextmanager
def previewing(site: Site):
    preview = RunningPreview(site)
    try:
        yield preview
    finally:
        preview.stop()


def problems_shown(html: str) -> list[tuple[str, str, str]]:
    page = BeautifulSoup(html, "html.parser")
    return [(item.h2.get_text(), item.find_all("p")[0].get_text(), item.find_all("p")[1].get_text())
            for item in page.select("main ol > li")]


def test_a_preview_shows_the_problem_at_every_address_and_the_site_again_once_it_is_fixed(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", BROKEN_TAG)
    with previewing(site) as preview:
        for address in ("/", "/policies/phones/", "/policies/phones/staff/", "/for/parents/"):
            status, html = preview.get(address)
            shown = problems_shown(html)
            assert [where for where, _, _ in shown] == ["docs/policies/phones.md, line 9"], (address, html)
            assert '"staf"' in shown[0][1] and shown[0][2].startswith("How to fix it: ")
        assert "/livereload/" in html  # the page asks the preview to reload it
        _, before = preview.get("/livereload/0/1")  # the newest build's time
        site.write("policies/phones.md", PHONE_POLICY)
        _, after = preview.get(f"/livereload/{before}/2")  # answered once the next build is ready
        assert int(after) > int(before)
        status, html = preview.get("/policies/phones/")
        assert status == 200
        assert BeautifulSoup(html, "html.parser").h1.get_text(strip=True) == "Phone Policy"
        assert problems_shown(preview.get("/policies/phones/staff/")[1]) == []


def test_a_problem_found_after_an_edit_replaces_the_last_good_site(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY)
    with previewing(site) as preview:
        assert preview.get("/policies/phones/")[0] == 200
        _, before = preview.get("/livereload/0/1")
        site.write("policies/phones.md", BROKEN_TAG)
        assert int(preview.get(f"/livereload/{before}/2")[1]) > int(before)  # the browser is told to reload
        status, html = preview.get("/policies/phones/")
        assert [where for where, _, _ in problems_shown(html)] == ["docs/policies/phones.md, line 9"]


def test_settings_mkdocs_cannot_read_are_shown_too_and_the_site_comes_back(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY)
    settings = (site.root / "mkdocs.yml").read_text()
    with previewing(site) as preview:
        assert preview.get("/policies/phones/")[0] == 200
        _, before = preview.get("/livereload/0/1")
        (site.root / "mkdocs.yml").write_text(settings + "  contact: [office\n")
        assert int(preview.get(f"/livereload/{before}/2")[1]) > int(before)  # the browser is told to reload
        status, html = preview.get("/policies/phones/")
        lines = settings.count("\n") + 2  # YAML's reader finds the end of the file before the missing ]
        assert (status, problems_shown(html)) == (404, [(
            f"mkdocs.yml, line {lines}", "The settings are not valid YAML: expected ',' or ']', but got '<stream end>'.",
            'How to fix it: write one setting per line as "name: value"; put quotes around values that contain a '
            "colon, close every [ with a ], and indent each setting under the one it belongs to.")])
        _, before = preview.get("/livereload/0/3")
        (site.root / "mkdocs.yml").write_text(settings.replace("name: material", "name: no-such-theme"))
        assert int(preview.get(f"/livereload/{before}/4")[1]) > int(before)
        assert problems_shown(preview.get("/")[1])[0][1].startswith("MkDocs cannot use these settings")
        _, before = preview.get("/livereload/0/5")
        (site.root / "mkdocs.yml").write_text(settings)
        assert int(preview.get(f"/livereload/{before}/6")[1]) > int(before)
        assert preview.get("/policies/phones/")[0] == 200


def test_a_build_still_stops_with_the_problem(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", BROKEN_TAG)
    result = site.build()
    assert result.returncode != 0
    assert "docs/policies/phones.md:9:" in result.stderr and "Traceback" not in result.stderr
    assert "before the site can be built" not in "".join(page.read_text() for page in tmp_path.glob("site/**/*.html"))


def test_the_page_of_problems_shows_the_editors_words_as_text():
    html = problem_page([PolicyError('docs/<b>x</b>.md', 3, '<script>alert(1)</script> & more',
                                     '<img src=x onerror="alert(2)">')], 5)
    page = BeautifulSoup(html, "html.parser")
    assert page.script.string.count("alert") == 0 and not page.find("img") and not page.find("b")
    assert problems_shown(html) == [("docs/<b>x</b>.md, line 3", "<script>alert(1)</script> & more",
                                     'How to fix it: <img src=x onerror="alert(2)">')]


def test_a_problem_found_once_the_pages_are_read_is_shown_too(tmp_path):
    """The layouts are checked after MkDocs has read every page: none of them is made."""
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).write(
        "about.md", "---\ntemplate: fancy.html\n---\n\n# About us\n")
    with previewing(site) as preview:
        status, html = preview.get("/about/")
        assert [where for where, _, _ in problems_shown(html)] == ["docs/about.md, line 2"], html
        assert preview.get("/policies/phones/")[0] == 404


def test_a_problem_found_after_the_pages_are_written_leaves_only_the_page_of_problems(tmp_path):
    """The PDFs are made once every page is written: a problem with them must not leave the pages
    shown as if nothing were wrong."""
    (tmp_path / "policies" / "phones").mkdir(parents=True)
    (tmp_path / "policies" / "phones" / "index.html").write_text("<h1>Phone Policy</h1>")
    preview = Preview()
    preview.problems = [PolicyError("docs/policies/phones.md", 1, "The PDFs cannot be made.", "install the fonts.")]
    preview.on_post_build(config=types.SimpleNamespace(site_dir=str(tmp_path)))
    assert os.listdir(tmp_path) == ["404.html"]
    assert problems_shown((tmp_path / "404.html").read_text())[0][0] == "docs/policies/phones.md, line 1"


def test_the_preview_looks_for_saved_files_every_tenth_of_a_second(tmp_path):
    # MkDocs' own watcher looks every half second: a quarter of a second of an editor's wait, on average.
    from mkdocs.livereload import LiveReloadServer
    from policy_preview import notice_saves_sooner
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    (tmp_path / "docs").mkdir()
    server.watch(str(tmp_path / "docs"))
    assert {looker.timeout for looker in server.observer.emitters} == {0.5}
    notice_saves_sooner(server)
    assert {looker.timeout for looker in server.observer.emitters} == {0.1}
