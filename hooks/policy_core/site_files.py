"""The site's files, made ahead by a helper process while the build converts the pages, from the
last build's folders where it can.

On some machines creating a file or a folder costs far more than writing into a file already there:
on this project's own machine 0.05 to 0.5 milliseconds of the system's time each, ten times the cost
of filling it or more (the disk's speed there varies from hour to hour). A school's site has a file
for every version, short link and QR code (about 2,000 files and 1,500 folders for 100 policies),
so the build could spend seconds only making them, one after the other, between its pages. The last
build's files are set aside in a moment before MkDocs would delete them one by one. Once the policies
are read the build knows every file it will write: a helper process puts back the last build's
folders that hold them, each file in them emptied or deleted, makes the rest, empty, with their
folders, while the build goes on with the pages, and then deletes what is left of the last build.
MkDocs only fills the files. Whatever was made and never filled is taken away at the end, so a
build never leaves an empty page behind, nor a word of the last build. The helper gives way to the
build's own work.

For `mkdocs build` only: with --dirty, MkDocs compares a page's file with its source's time, and
a file made ahead would look newer than its source; and a preview may show its page of problems
instead of the pages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from .errors import PolicyError
from .search import SEARCH_MADE

# The helper process's program. A process, not a thread: a thread would wait for Python's lock
# between files while the build's own thread converts the pages.
MAKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "file_maker.py")

# Ctrl-C in a terminal stops every process of the build's group: the helpers are kept out of it, so
# that the build, stopping, still learns which files were made and takes away those left empty.
APART = {"process_group": 0} if os.name == "posix" else {}


class FilesMadeAhead:
    """Make each of `paths` (empty, with its folders) in a process of its own, which puts back the
    last build's folders that hold them, if it was set aside (`last_build`), and then deletes it."""

    def __init__(self, paths: list[str], site_dir: str, last_build: "LastBuildRemoved | None" = None):
        self.process: subprocess.Popen | None = None
        if not paths:
            return
        kept = last_build.hand_over() if last_build is not None else None
        try:
            self.process = subprocess.Popen([sys.executable, "-I", "-S", MAKER, site_dir, *filter(None, [kept])],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                            **APART)
            self.process.stdin.write("\0".join(paths).encode("utf-8", "surrogateescape"))
            self.process.stdin.close()
        except OSError:
            self.process = None  # the build makes its files itself, as it would without this
            if kept:
                last_build.take_back(kept)

    def finish(self) -> list[str]:
        """Wait for the process; take away each file it made that the build left empty, and return them."""
        if self.process is None:
            return []
        made = self.process.stdout.read().decode("utf-8", "surrogateescape").split("\0")
        unfilled = []
        for path in filter(None, made):
            try:
                if os.path.getsize(path) == 0:
                    os.remove(path)
                    unfilled.append(path)
            except OSError:
                pass
        self.process.wait()  # the last build deleted
        return unfilled


LAST_BUILD = ".policy-last-build-"  # hidden, so that MkDocs' emptying of the site's folder passes it by
STOPPED_BUILDS = (LAST_BUILD, SEARCH_MADE)  # the hidden folders a build stopped half-way may leave


def not_a_folder(site_dir: str) -> list[PolicyError]:
    """A file where the site's folder goes: MkDocs could neither empty it nor write in it."""
    if not os.path.lexists(site_dir) or os.path.isdir(site_dir):
        return []
    return [PolicyError(os.path.relpath(site_dir), 1, "This is a file, where the build writes the site's folder.",
                        "move or delete the file (or name another folder with site_dir in mkdocs.yml), "
                        "then build again.")]


def remove_stopped_builds(site_dir: str) -> list[PolicyError]:
    """Delete the hidden folders a build stopped half-way left in the site's folder, for a build
    that keeps the last build's files (--dirty): MkDocs passes hidden folders by, and they would
    be published. A problem for each that could not be deleted."""
    try:
        names = [name for name in os.listdir(site_dir) if name.startswith(STOPPED_BUILDS)]
    except OSError:
        return []  # no site folder yet
    for name in names:
        shutil.rmtree(os.path.join(site_dir, name), ignore_errors=True)
    return [left_behind(os.path.join(site_dir, name), site_dir) for name in names
            if os.path.lexists(os.path.join(site_dir, name))]


class LastBuildRemoved:
    """The last build's files, taken out of the site's folder in a moment (moved, whole, into one
    hidden folder) instead of deleted one by one before the build starts: the process that makes the
    new build's files ahead puts back the folders it can use and deletes the rest while the build
    goes on (FilesMadeAhead). The hidden folders of a build that was stopped half-way go too: MkDocs
    passes hidden folders by, and they would be published."""

    def __init__(self, site_dir: str):
        self.kept: str | None = None  # the hidden folder, until handed over to the files' maker
        self.folder: str | None = None  # the hidden folder, to check at the end that it is gone
        self.left: list[PolicyError] = []  # what could not be moved aside, nor then deleted by MkDocs
        try:
            entries = [name for name in os.listdir(site_dir)
                       if not name.startswith(".") or name.startswith(STOPPED_BUILDS)]
        except OSError:
            return  # no site folder yet
        if not entries:
            return
        kept = os.path.join(site_dir, LAST_BUILD + str(os.getpid()))
        try:
            os.makedirs(kept, exist_ok=True)
        except OSError:
            self.left = [left_behind(kept, site_dir)]  # a file of that name, or a folder that cannot be changed
            return
        self.kept = self.folder = kept
        for name in entries:
            try:
                if os.path.join(site_dir, name) != kept:
                    os.rename(os.path.join(site_dir, name), os.path.join(kept, name))
            except OSError:
                self.left.append(left_behind(os.path.join(site_dir, name), site_dir))

    def hand_over(self) -> str | None:
        """The hidden folder, for the files' maker to use and delete."""
        kept, self.kept = self.kept, None
        return kept

    def take_back(self, kept: str) -> None:
        self.kept = kept

    def finish(self) -> list[PolicyError]:
        """Delete the last build's files if no one else has, so that nothing of them is ever published:
        a problem if any are left, since the hidden folder would be published with the site."""
        if self.kept is not None:
            shutil.rmtree(self.kept, ignore_errors=True)
            self.kept = None
        folder, self.folder = self.folder, None
        if folder is None or not os.path.lexists(folder):
            return []
        return [left_behind(folder, folder)]


def left_behind(path: str, folder: str) -> PolicyError:
    """A file of the last build, at `path` or in it, that could not be deleted from `folder`."""
    left = next((os.path.join(root, name) for root, _, names in os.walk(path) for name in names), path)
    return PolicyError(
        os.path.relpath(left), 1,
        f"The last build's files could not all be deleted from {os.path.relpath(folder)}: "
        "they would be published with this build.",
        "delete that folder yourself (a file in it may be read-only, locked or open in another program), "
        "then build again.")
