"""`published-links.yml` on disk: written whole or not at all, by one build at a time, and read
beside the copy in the last commit.

What the record means is `links.py`'s business; this module keeps the file itself from being
lost: a build stopped while writing it leaves the old record, not an empty one; a second build
cannot read it while the first is about to write it; and a build that could not write it says
so before it builds anything.
"""

from __future__ import annotations

import os
import stat
import subprocess

from .errors import PolicyError
from .links import lost_since_commit, read_published
from .saved_files import read_text

try:
    import fcntl
except ImportError:  # Windows: builds there are not kept from running at the same time
    fcntl = None

LOCK_FILE = ".published-links.lock"  # beside the record; git ignores it


def read_record(path: str, file: str, lock: RecordLock | None) -> tuple[dict[str, list[str]], str | None,
                                                                    list[PolicyError], dict[str, list[str]] | None]:
    """The record, its text, what stops the build, and the record as last committed (see
    `committed_record`). A build that will write the record (it passes the lock) must be able to,
    and alone. The record may not have lost anything its last commit lists."""
    if lock is not None:
        errors = unwritable(path, file) or lock.take(path, file)
        if errors:
            return {}, None, errors, None
    text = None
    if os.path.exists(path):
        with open(path, "rb") as record:
            text, errors = read_text(file, record.read())
        if errors:
            return {}, None, errors, None
    published, errors = read_published(text, file)
    committed = committed_record(path, file)
    if committed and not errors:
        errors = lost_since_commit(published, committed, file)
    return published, text, errors, committed


def write_atomically(path: str, text: str) -> None:
    """Write the new record beside the old one, then put it in the old one's place in one step:
    a build stopped part way leaves the old record whole. The record keeps its permissions."""
    temporary = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())  # on disk before it replaces the old record
        if os.path.exists(path):
            os.chmod(temporary, stat.S_IMODE(os.stat(path).st_mode))
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def unwritable(path: str, file: str) -> list[PolicyError]:
    """A record the build could not write is found before the site is built, not after."""
    folder = os.path.dirname(file) or "."
    if os.path.exists(path) and not os.access(path, os.W_OK):
        where, change = "The file is read-only", file
    elif not os.access(os.path.dirname(os.path.abspath(path)), os.W_OK | os.X_OK):
        where, change = "Its folder is read-only (the new record is written beside the old one)", folder
    else:
        return []
    return [PolicyError(file, 1, f"The build cannot write the record of published addresses. {where}.",
                        f"let your user change it (on Linux or a Mac: chmod u+w {change}), or build from a copy "
                        "of the site you can change, not a read-only copy; then build again.")]


def committed_record(path: str, file: str) -> dict[str, list[str]] | None:
    """The record as the last commit has it: empty if it was never committed, so every address in
    it was recorded by builds on this computer; None if that cannot be known (the site is not in
    git, or git is not installed)."""
    folder, name = os.path.split(os.path.abspath(path))
    if not _in_git(folder):
        return None  # no need to start git to hear so
    try:
        shown = subprocess.run(["git", "show", f"HEAD:./{name}"], cwd=folder, capture_output=True,
                               encoding="utf-8", errors="replace")
    except OSError:
        return None
    return read_published(shown.stdout, file)[0] if shown.returncode == 0 else {}


def _in_git(folder: str) -> bool:
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return True
        parent = os.path.dirname(folder)
        if parent == folder:
            return False
        folder = parent


class RecordLock:
    """Held from reading the record to writing it. A second build of the same site would read the
    record before the first has written it, and publish without the first one's addresses; it
    stops instead. The operating system lets go of the lock when a build ends, however it ends."""

    def __init__(self):
        self.descriptor: int | None = None

    def take(self, path: str, file: str) -> list[PolicyError]:
        self.release()  # a new build in this process means its last build is over
        if fcntl is None:
            return []
        lock_file = os.path.join(os.path.dirname(os.path.abspath(path)), LOCK_FILE)
        descriptor = os.open(lock_file, os.O_RDONLY | os.O_CREAT)  # read only: another user's lock file will do
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return [PolicyError(file, 1, "Another build of this site is running, and it will write the record of "
                                         "published addresses when it ends.",
                                "wait for it to finish (or stop it: Ctrl+C in its window), then build again.")]
        self.descriptor = descriptor
        return []

    def release(self) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)  # closing the file lets go of the lock
            self.descriptor = None
