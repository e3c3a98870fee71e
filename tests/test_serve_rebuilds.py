"""The editor's preview: `mkdocs serve` builds again when a policy is saved, and every page that
names what changed shows it at once; with `--dirty`, the pages that did not change are kept."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from bs4 import BeautifulSoup

from helpers import Site, search_entries
from policy_core.rebuilds import RebuildCache, search_entries_by_page

PHONES = """\
    ---
    title: Phone Policy
    audiences: [staff, volunteers, parents]
    approved: 2025-10-14
    review: annual
    ---

    # Phone Policy

    Phones stay in bags during lessons.

    - Staff keep phones in the staff room. { #staff-phones audience="staff" }
    - Parents call the office, not a teacher. { #calling-the-office audience="parents" }
    """

UNIFORM = """\
    ---
    title: Uniform Policy
    ---

    # Uniform Policy

    Pupils wear the school jumper.

    - A question about phones: see [](phones.md#calling-the-office). { audience="parents" }
    """


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


def words(html: str | None) -> str:
    return " ".join(BeautifulSoup(html or "", "html.parser").get_text(" ").split())


def saved(site: Site, path: str, *changes: tuple[str, str]) -> None:
    """What an editor does: open the file, change it, save it once."""
    source = site.docs / path
    text = source.read_text()
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    source.write_text(text)


@pytest.fixture(params=[[], ["--dirty"]], ids=["serve", "serve --dirty"])
def served(request, tmp_path):
    """A small site under `mkdocs serve`: the address it is served at, and the site."""
    site = Site(tmp_path).write("policies/phones.md", PHONES).write("policies/uniform.md", UNIFORM)
    site.write("about.md", "# About our policies\n\nWritten by the governors.\n")
    site.write("contact.md", "# Contact us\n\nAsk the office.\n")  # built after about.md: search lists it first
    site.write("index.md", "# Our policies\n\nAsk the office for paper copies.\n")  # the home page's own words
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "serve.log"
    (tmp_path / "serving").mkdir()  # where MkDocs puts the site it serves: search is read from there
    with log.open("w") as output:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
                                   *request.param], cwd=site.root, stdout=output, stderr=subprocess.STDOUT,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp_path / "serving")})
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: "Phones stay in bags" in words(fetch(url + "policies/phones/")), server, log)
        yield url, site, server, log
    finally:
        server.terminate()
        server.wait(timeout=20)


def in_search(log) -> list[dict]:
    """What search finds in the served site now (Pagefind's index, which follows the pages a moment later)."""
    served_site = next((log.parent / "serving").glob("mkdocs_*"))
    return search_entries(served_site) if (served_site / "pagefind" / "fragment").is_dir() else []


def wait_for(shown, server: subprocess.Popen, log, timeout: float = 60) -> None:
    """Asks again every 50 ms until the preview shows it; a quiet machine takes a second or two."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        assert server.poll() is None, log.read_text()
        try:
            if shown():
                return
        except (urllib.error.URLError, ConnectionError):
            pass  # not serving yet
        time.sleep(0.05)
    raise AssertionError(f"not shown within {timeout} s:\n{log.read_text()[-3000:]}")


def test_a_saved_title_audience_and_word_show_on_every_page_that_names_them(served):
    url, site, server, log = served
    assert "Phone Policy" in words(fetch(url + "policies/uniform/"))
    # One save: the title, one clause's audience (from parents to volunteers), and one word.
    saved(site, "policies/phones.md", ("Phone Policy", "Handset Rules"), ("stay in bags", "stay in lockers"),
          ('calling-the-office audience="parents"', 'calling-the-office audience="volunteers"'))
    wait_for(lambda: "stay in lockers" in words(fetch(url + "policies/phones/")), server, log)

    for view in ("policies/phones/", "policies/phones/staff/", "policies/phones/volunteers/", "policies/phones/parents/"):
        page = words(fetch(url + view))
        assert "Handset Rules" in page and "Phone Policy" not in page, view
        assert "stay in lockers" in page and "stay in bags" not in page, view
    assert "call the office" in words(fetch(url + "policies/phones/volunteers/"))
    assert "call the office" not in words(fetch(url + "policies/phones/parents/"))
    assert "Volunteers" in words(fetch(url + "policies/phones/"))  # the clause's badge
    assert "policies/phones/volunteers/" in (fetch(url + "policies/phones/volunteers/qr.svg") or "")  # its new QR code

    # The other pages that name the policy: the hubs, the register, the coverage page, the other
    # policy that links to it, its short link, search and the sitemap.
    for hub in ("for/staff/", "for/volunteers/", "for/parents/"):
        page = words(fetch(url + hub))
        assert "Handset Rules" in page and "Phone Policy" not in page, hub
    for register in ("policies/", "register/for-volunteers/", "register/overdue/"):
        page = words(fetch(url + register))
        assert "Handset Rules" in page and "Phone Policy" not in page, register
    coverage = words(fetch(url + "coverage/"))
    assert "Handset Rules" in coverage and "Phone Policy" not in coverage
    uniform = words(fetch(url + "policies/uniform/"))
    assert "Handset Rules" in uniform and "Phone Policy" not in uniform
    short_link = words(fetch(url + "go/phones/"))  # a page that sends the reader on, named for where it leads
    assert "Handset Rules" in short_link and "Phone Policy" not in short_link
    def found():
        return " ".join(entry["title"] + " " + entry["text"] for entry in in_search(log))
    wait_for(lambda: "stay in lockers" in found(), server, log)
    assert "Handset Rules" in found() and "Phone Policy" not in found()
    assert "stay in bags" not in found()
    index = in_search(log)
    assert len({entry["location"] for entry in index}) == len(index)  # each page and clause found once
    assert "policies/phones/volunteers/" in fetch(url + "sitemap.xml")
    assert "WARNING" not in log.read_text()  # MkDocs' warning that --dirty may leave pages out of date


def test_later_saves_keep_every_page_right_and_a_removed_policy_goes(served):
    url, site, server, log = served
    saved(site, "policies/phones.md", ("Phone Policy", "Handset Rules"))
    wait_for(lambda: "Handset Rules" in words(fetch(url + "policies/uniform/")), server, log)
    saved(site, "policies/phones.md", ("stay in bags", "stay in lockers"))
    wait_for(lambda: "stay in lockers" in words(fetch(url + "policies/phones/")), server, log)
    saved(site, "about.md", ("# About our policies", "# How we write policies"))
    wait_for(lambda: "How we write policies" in words(fetch(url + "about/")), server, log)
    uniform = fetch(url + "policies/uniform/")
    assert "Handset Rules" in words(uniform)
    assert "How we write policies" in words(uniform)  # the navigation names the page by its new title
    # The home page alone built again: Material's search then starts its index afresh.
    saved(site, "index.md", ("paper copies", "printed copies"))
    wait_for(lambda: "printed copies" in words(fetch(url)), server, log)
    def found():
        return " ".join(entry["title"] + " " + entry["text"] for entry in in_search(log))
    wait_for(lambda: "printed copies" in found(), server, log)
    assert "Contact us" in found() and "Policies for Staff" in found()
    saved(site, "about.md", ("# How", "---\nsearch:\n  exclude: true\n---\n\n# How"))
    wait_for(lambda: not any(entry["location"].startswith("about/") for entry in in_search(log)), server, log)
    (site.docs / "policies/uniform.md").unlink()
    wait_for(lambda: fetch(url + "policies/uniform/") is None, server, log)
    assert "Uniform Policy" not in words(fetch(url + "policies/"))


def test_a_policy_is_read_again_only_when_its_key_changes_and_only_last_builds_are_kept():
    cache, reads = RebuildCache(), []

    def read(text):
        return cache.kept(text, lambda: reads.append(text) or text.upper())

    cache.start_build()
    assert read("phones v1") == "PHONES V1" and read("uniform") == "UNIFORM"
    cache.start_build()
    assert read("phones v1") == "PHONES V1"  # kept
    cache.start_build()
    assert read("uniform") == "UNIFORM"  # not used by the last build: read again
    assert reads == ["phones v1", "uniform", "uniform"]


def test_after_a_build_that_stopped_every_page_counts_as_changed():
    cache = RebuildCache()
    cache.start_build()
    assert cache.changed("policies/phones.md", "key")
    cache.start_build()
    assert not cache.changed("policies/phones.md", "key")
    cache.forget()  # the build stopped: its pages may not have been written
    cache.start_build()
    assert cache.changed("policies/phones.md", "key")


def test_search_takes_the_pages_built_from_this_build_and_the_others_from_the_last():
    before = {"": [{"location": "", "title": "Home"}], "about/": [{"location": "about/", "title": "About"}],
              "gone/": [{"location": "gone/", "title": "Gone"}]}
    # Material's index under --dirty: what it kept of the last index, then the pages it built.
    entries = [{"location": "about/", "title": "About"}, {"location": "for/staff/", "title": "Old"},
               {"location": "for/staff/", "title": "Staff"}, {"location": "for/staff/#policies", "title": "Policies"}]
    now = search_entries_by_page(entries, ["", "about/", "for/staff/"], {"for/staff/"}, before)
    assert now == {"": before[""], "about/": before["about/"],
                   "for/staff/": [{"location": "for/staff/", "title": "Staff"},
                                  {"location": "for/staff/#policies", "title": "Policies"}]}
