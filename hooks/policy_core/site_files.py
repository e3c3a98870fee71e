"""The site's files, made ahead by a helper process while the build converts the pages, and the
last build's files deleted by another.

On some machines creating a file or a folder costs far more than writing into a file already there:
on this project's own machine up to half a millisecond of the system's time each, ten times the cost
of filling it (the disk's speed there varies from hour to hour). A school's site has a file for
every version, short link and QR code (about 2,000 files and 1,500 folders for 100 policies), so
the build could spend seconds only making them, one after the other, between its pages. Once the policies are read the build knows every file it will
write: a helper process makes them, empty, with their folders, while the build goes on with the
pages, and MkDocs then only fills them. Whatever was made and never filled is taken away at the
end, so a build never leaves an empty page behind. The helpers give way to the build's own work.

For `mkdocs build` only: with --dirty, MkDocs compares a page's file with its source's time, and
a file made ahead would look newer than its source; and a preview may show its page of problems
instead of the pages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from .search import SEARCH_MADE

# The program of the helper process. A process, not a thread: a thread would wait for Python's lock
# between files while the build's own thread converts the pages.
MAKER = """
import os, sys
if hasattr(os, "nice"):
    os.nice(10)  # the build's own thread comes first
made, folders = [], set()
for path in sys.stdin.buffer.read().decode("utf-8", "surrogateescape").split("\\0"):
    if not path:
        continue
    folder = os.path.dirname(path)
    try:
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        made.append(path)
    except OSError:
        pass
sys.stdout.buffer.write("\\0".join(made).encode("utf-8", "surrogateescape"))
"""

# Ctrl-C in a terminal stops every process of the build's group: the helpers are kept out of it, so
# that the build, stopping, still learns which files were made and takes away those left empty.
APART = {"process_group": 0} if os.name == "posix" else {}


class FilesMadeAhead:
    """Make each of `paths` (empty, with its folders) in a process of its own."""

    def __init__(self, paths: list[str]):
        self.process: subprocess.Popen | None = None
        if not paths:
            return
        try:
            self.process = subprocess.Popen([sys.executable, "-I", "-S", "-c", MAKER], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, **APART)
            self.process.stdin.write("\0".join(paths).encode("utf-8", "surrogateescape"))
            self.process.stdin.close()
        except OSError:
            self.process = None  # the build makes its files itself, as it would without this

    def finish(self) -> list[str]:
        """Wait for the process; take away each file it made that the build left empty, and return them."""
        if self.process is None:
            return []
        made = self.process.stdout.read().decode("utf-8", "surrogateescape").split("\0")
        self.process.wait()
        unfilled = []
        for path in filter(None, made):
            try:
                if os.path.getsize(path) == 0:
                    os.remove(path)
                    unfilled.append(path)
            except OSError:
                pass
        return unfilled


LAST_BUILD = ".policy-last-build-"  # hidden, so that MkDocs' emptying of the site's folder passes it by
REMOVER = """
import os, shutil, sys
if hasattr(os, "nice"):
    os.nice(10)
for folder in sys.argv[1:]:
    shutil.rmtree(folder, ignore_errors=True)
"""


class LastBuildRemoved:
    """The last build's files, taken out of the site's folder in a moment (moved, whole, into one
    hidden folder) and deleted by a process of its own while the build goes on, instead of one by
    one before it starts. The hidden folders of a build that was stopped half-way go too: MkDocs
    passes hidden folders by, and they would be published."""

    def __init__(self, site_dir: str):
        self.process: subprocess.Popen | None = None
        try:
            entries = [name for name in os.listdir(site_dir)
                       if not name.startswith(".") or name.startswith((LAST_BUILD, SEARCH_MADE))]
        except OSError:
            return  # no site folder yet
        if not entries:
            return
        kept = os.path.join(site_dir, LAST_BUILD + str(os.getpid()))
        try:
            os.makedirs(kept, exist_ok=True)
        except OSError:
            return  # MkDocs empties the folder, as without this
        for name in entries:
            try:
                if os.path.join(site_dir, name) != kept:
                    os.rename(os.path.join(site_dir, name), os.path.join(kept, name))
            except OSError:
                pass  # left where it is, for MkDocs to remove
        try:
            self.process = subprocess.Popen([sys.executable, "-I", "-S", "-c", REMOVER, kept], stdin=subprocess.DEVNULL,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **APART)
        except OSError:
            shutil.rmtree(kept, ignore_errors=True)

    def finish(self) -> None:
        """Wait until the last build's files are gone, so that nothing of them is ever published."""
        if self.process is not None:
            self.process.wait()
            self.process = None
