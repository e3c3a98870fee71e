"""The record of published addresses cannot be lost: not by a build stopped while writing it, two
builds at once, a record cut short or edited by hand, or a record the build cannot write."""

import fcntl
import os
import re
import subprocess
import sys
import textwrap

import pytest

from helpers import PHONE_POLICY, Site

RENAMED = PHONE_POLICY.replace("title: Phone Policy", "title: Phone Policy\nrenamed_from: phones")
NEW_CLAUSE = PHONE_POLICY + "- Visitors sign in. { #visitors }\n"


def record(site: Site):
    return site.root / "published-links.yml"


def delete_addresses(site: Site, policy: str) -> None:
    """Deletes a policy's addresses from the record, with the anchors under them, as EDITING.md says."""
    kept, deleting = [], False
    for line in record(site).read_text().splitlines(keepends=True):
        if not line.startswith("- "):
            deleting = f"/{policy}/" in line
        if not deleting:
            kept.append(line)
    record(site).write_text("".join(kept))


def build_patched(site: Site, patch: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` with Python's own functions changed by `patch` first: a build that
    fails or is killed at the moment a test chooses."""
    script = textwrap.dedent(patch) + "\nfrom mkdocs.__main__ import cli\ncli(['build', '--strict'])\n"
    return subprocess.run([sys.executable, "-c", script], cwd=site.root, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def stopped(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
    return result.stderr


# Written whole or not at all -------------------------------------------------------------------


def test_a_build_killed_while_writing_the_record_leaves_the_old_record_whole(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).built()
    before = record(site).read_text()
    site.write("policies/phones.md", NEW_CLAUSE)
    killed = build_patched(site, """\
        import builtins, os, signal

        real_open = builtins.open

        class KilledHalfWay:
            def __init__(self, file):
                self.file = file
            def __enter__(self):
                return self
            def __exit__(self, *exc):
                self.file.close()
            def __getattr__(self, name):
                return getattr(self.file, name)
            def write(self, text):
                self.file.write(text[:len(text) // 2])
                self.file.flush()
                os.kill(os.getpid(), signal.SIGKILL)

        def open_killed_while_writing_the_record(file, mode="r", *args, **kwargs):
            opened = real_open(file, mode, *args, **kwargs)
            return KilledHalfWay(opened) if "published-links" in str(file) and "w" in mode else opened

        builtins.open = open_killed_while_writing_the_record
        """)
    assert killed.returncode == -9, killed.stderr
    assert record(site).read_text() == before
    site.built()
    assert "go/phones/visitors/: []" in record(site).read_text()


def test_a_record_that_fails_to_be_written_stays_as_it_was_and_the_build_says_so(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).built()
    before = record(site).read_text()
    site.write("policies/phones.md", NEW_CLAUSE)
    message = stopped(build_patched(site, """\
        import errno, os

        def disk_full(fd):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        os.fsync = disk_full
        """))
    assert "published-links.yml:1: The record of published addresses could not be written: No space left on " \
           "device. It is unchanged." in message
    assert record(site).read_text() == before
    # No half-written record is left beside it (.cache holds the QR codes kept between builds).
    assert sorted(path.name for path in site.root.iterdir()) == [".cache", ".published-links.lock", "docs",
                                                                 "mkdocs.yml", "published-links.yml", "site"]


def test_the_record_keeps_its_permissions(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).built()
    record(site).chmod(0o640)
    site.write("policies/phones.md", NEW_CLAUSE).built()
    assert "go/phones/visitors/" in record(site).read_text()
    assert record(site).stat().st_mode & 0o777 == 0o640


# One build at a time ---------------------------------------------------------------------------


def test_a_second_build_while_one_is_running_stops_before_reading_the_record(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).built()
    before = record(site).read_text()
    site.write("policies/phones.md", NEW_CLAUSE)
    with open(site.root / ".published-links.lock", "a") as running_build:
        fcntl.flock(running_build, fcntl.LOCK_EX | fcntl.LOCK_NB)
        message = stopped(site.build())
    assert "published-links.yml:1: Another build of this site is running, and it will write the record of " \
           "published addresses when it ends." in message
    assert "wait for it to finish" in message
    assert record(site).read_text() == before
    site.built()  # the other build has ended
    assert "go/phones/visitors/" in record(site).read_text()


def test_a_build_that_stops_lets_the_next_build_run(tmp_path):
    """`mkdocs serve --clean` builds again and again in one process, and writes the record: a build
    of it that stopped must not lock out its next build, or a build in another window."""
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY.replace('"parents"', '"parent"'))
    script = """\
        import logging

        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort

        logging.basicConfig()
        for attempt in range(2):
            try:
                build(load_config("mkdocs.yml"))
            except Abort:
                print("stopped", flush=True)
        input()  # stays open until the test has built the site in another process
        """
    serving = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)], cwd=site.root, text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        assert [serving.stdout.readline(), serving.stdout.readline()] == ["stopped\n", "stopped\n"]
        site.write("policies/phones.md", PHONE_POLICY).built()
    finally:
        _, log = serving.communicate("\n")
    assert log.count("The tag names an audience that is not declared") == 2, log


def test_a_preview_builds_while_another_build_holds_the_record(tmp_path):
    """`mkdocs serve` never writes the record, so it does not wait for it."""
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).built()
    with open(site.root / ".published-links.lock", "a") as running_build:
        fcntl.flock(running_build, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert "Serving on" in site.serve()


# Never shorter than the last commit -----------------------------------------------------------


def git(site: Site, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Office", "-c", "user.email=office@oakfield.example", *args],
                   cwd=site.root, check=True, capture_output=True)


@pytest.fixture
def committed_site(tmp_path) -> Site:
    """A site in git, built and committed with two policies, as a school keeps it."""
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY)
    site.write("policies/trips.md", "---\ntitle: Trips Policy\n---\n\n# Trips Policy\n\nTrips need a form.\n").built()
    (site.root / ".gitignore").write_text("site/\n.published-links.lock\n")
    git(site, "init", "-q")
    git(site, "add", ".")
    git(site, "commit", "-q", "-m", "Policies")
    return site


def test_a_record_cut_short_stops_the_build_naming_the_record_and_the_fix(committed_site):
    site = committed_site
    text = record(site).read_text()
    cut = text.index("- lockers", text.index("policies/phones/staff/:")) + len("- lock")
    record(site).write_text(text[:cut])  # ends "- lock": once, a build blamed the policy for losing "lock"
    message = stopped(site.build())
    assert "published-links.yml:1: The record of published addresses has lost 15 of the addresses and clause " \
           "links that its last commit in git lists: policies/phones/staff/#lockers, policies/phones/volunteers/, " \
           "policies/phones/volunteers/#intro-1, policies/trips/, policies/trips/#intro-1 and 10 more." in message
    assert "restore it from git (git checkout published-links.yml)" in message
    assert "moved:" not in message and "docs/policies" not in message
    git(site, "checkout", "published-links.yml")
    site.built()


def test_a_record_a_policy_was_deleted_from_stops_the_build_until_the_withdrawal_is_committed(committed_site):
    site = committed_site
    (site.docs / "policies/trips.md").unlink()
    delete_addresses(site, "trips")
    message = stopped(site.build())
    assert "has lost 13 of the addresses and clause links that its last commit in git lists: go/trips/, " \
           "policies/trips/, policies/trips/#intro-1, policies/trips/governors/, " \
           "policies/trips/governors/#intro-1 and 8 more." in message
    assert "for/governors/" not in message and "policies/phones/" not in message
    assert "commit the shortened published-links.yml first" in message
    git(site, "commit", "-q", "-a", "-m", "Withdraw the trips policy")
    site.built()
    assert "trips" not in record(site).read_text()


def test_an_empty_record_stops_the_build(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).built()
    record(site).write_text("")
    message = stopped(site.build())
    assert "published-links.yml:1: The record of published addresses is empty." in message
    assert "git checkout published-links.yml" in message


# Renamed policies keep their old addresses, whatever the record says ---------------------------


@pytest.mark.parametrize("what_happened", ["record deleted", "old lines deleted"])
def test_a_renamed_policy_keeps_its_old_addresses_without_the_record(tmp_path, what_happened):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).built()
    (site.docs / "policies/phones.md").unlink()
    site.write("policies/mobile-phones.md", RENAMED)
    if what_happened == "record deleted":
        record(site).unlink()
    else:
        delete_addresses(site, "phones")
    site.built()
    old = ["policies/phones/", *(f"policies/phones/{key}/" for key in ("staff", "governors", "volunteers", "pta",
                                                                       "parents")), "go/phones/"]
    for address in old:
        page = (site.root / "site" / address / "index.html").read_text()
        assert re.search(r'(This page has moved|This short link leads) to <a href="[^"]*/mobile-phones/', page), address
        assert f"{address}: []" in record(site).read_text()
    assert 'url=../../mobile-phones/parents/"' in (site.root / "site/policies/phones/parents/index.html").read_text()


# Lines the site would not write ---------------------------------------------------------------


@pytest.mark.parametrize("line", ["policies/phones/../:", "policies/Phones/:", "go/phones/a/b/:", "assets/:"])
def test_an_address_the_site_cannot_make_stops_the_build_at_its_line_in_the_record(tmp_path, line):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).built()
    lines = record(site).read_text().splitlines()
    lines.insert(4, line)
    record(site).write_text("\n".join(lines) + "\n")
    message = stopped(site.build())
    assert f'published-links.yml:5: The record of published addresses lists "{line[:-1]}", which is not an ' \
           "address this site makes." in message
    assert "docs/policies" not in message and "renamed_from" not in message


def test_an_anchor_the_site_cannot_make_stops_the_build_at_its_line(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).built()
    text = record(site).read_text().replace("- lockers\n", "- lockers\n- <script>\n", 1)
    record(site).write_text(text)
    line = text.splitlines().index("- <script>") + 1
    message = stopped(site.build())
    assert f'published-links.yml:{line}: The record of published addresses cannot be read at "- <script>".' in message


def test_anchors_made_from_headings_with_underscores_or_accents_are_read_back(tmp_path):
    policy = "---\ntitle: Trips Policy\n---\n\n# Trips Policy\n\n## Day_trips and Café visits\n\nA form.\n"
    site = Site(tmp_path).write("policies/trips.md", policy).built()
    assert "- day_trips-and-cafe-visits" in record(site).read_text()
    site.built()


# A record the build cannot write ---------------------------------------------------------------


def make_read_only(path) -> bool:
    """Read-only as the build sees it: chmod for a user; for root, whom chmod does not stop, the
    file system's immutable flag. False where neither can be set."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    else:
        path.chmod(0o555 if path.is_dir() else 0o444)
    return not os.access(path, os.W_OK)


def make_writable(path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.mark.parametrize("read_only", ["record", "folder"])
def test_a_record_the_build_cannot_write_stops_it_before_the_site_is_built(tmp_path, read_only):
    site = Site(tmp_path / "site-folder").write("policies/phones.md", PHONE_POLICY).built()
    site.write("policies/phones.md", NEW_CLAUSE)
    (site.root / "site").rename(site.root / "old-site")  # to see that nothing is built
    target = record(site) if read_only == "record" else site.root
    try:
        if not make_read_only(target):
            pytest.skip("this file system cannot make a file read-only for this user")
        message = stopped(site.build())
    finally:
        make_writable(target)
    problem = "The file is read-only." if read_only == "record" else "Its folder is read-only"
    assert f"published-links.yml:1: The build cannot write the record of published addresses. {problem}" in message
    assert f"chmod u+w {'published-links.yml' if read_only == 'record' else '.'}" in message
    assert not (site.root / "site").exists()
