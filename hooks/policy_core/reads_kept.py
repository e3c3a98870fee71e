"""Each policy as read, kept on disk from one build to the next: reading the policies (Python-Markdown's
parse, the tags, every audience's view and its check) is about a third of a build of a hundred
policies, and most builds change one policy or none.

A policy's read is used again only for the same key: everything it was read from (the policy's
file name and text, the site's settings, the Markdown extensions and their settings, the day) and
the code that reads it (every file of the hooks, and the versions of Python and of every package
installed: Python-Markdown, its extensions, Pygments); a change to any of them reads the policy again. Only a policy read without a
problem is kept, so every problem is found and reported by every build. A kept read that cannot be
loaded, or is not the one its name stands for, is read again, and a folder that cannot be written only means reading as without it. At
the end of a build, the reads it did not use are removed, so the folder does not grow.

Kept with pickle, as the compiled templates are kept as Python's code: the folder (`.cache/`,
beside mkdocs.yml, never published nor committed) is trusted as the project's own files are.
"""

from __future__ import annotations

import glob
import hashlib
import os
import pickle
import re
import sys
import tempfile
from typing import Callable, TypeVar


Read = TypeVar("Read")
ENDING = ".pickle"
KEPT_NAME = re.compile(r"[0-9a-f]{64}" + re.escape(ENDING))
WRITING = ".writing-"  # a read being written, whole or not at all


def code_key() -> str:
    """What in the code reading a policy changes what it makes: the hooks' files (policy_core's and
    the hook modules beside it), Python and every package installed (Python-Markdown, its extensions,
    and what they use, such as Pygments for code), named with its version."""
    # Each installed package has a folder "<name>-<version>.dist-info": listing them takes a moment,
    # where asking each package its version would take a fifth of a second.
    installed = sorted(name for folder in sys.path if os.path.isdir(folder) for name in os.listdir(folder)
                       if name.endswith((".dist-info", ".egg-info")))
    digest = hashlib.sha256(repr((sys.version, installed)).encode("utf-8"))
    here = os.path.dirname(os.path.abspath(__file__))
    for path in sorted(glob.glob(os.path.join(here, "*.py")) + glob.glob(os.path.join(os.path.dirname(here), "*.py"))):
        with open(path, "rb") as file:
            digest.update(os.path.relpath(path, os.path.dirname(here)).encode("utf-8") + b"\0" + file.read())
    return digest.hexdigest()


class ReadsKeptOnDisk:
    """The policies' reads in `folder`, one file each, named by its key."""

    def __init__(self, folder: str, code: str):
        self.folder, self.code = folder, code
        self.used: set[str] = set()

    def kept(self, key: str, read: Callable[[], Read], worth_keeping: Callable[[Read], bool]) -> Read:
        """What `read` made for the same key in an earlier build, or what it makes now, kept for the
        next if `worth_keeping`."""
        name = hashlib.sha256((self.code + key).encode("utf-8")).hexdigest() + ENDING
        self.used.add(name)
        path = os.path.join(self.folder, name)
        try:
            with open(path, "rb") as file:
                kept_name, value = pickle.load(file)
            # A file copied or restored under this name holds another read: only its own is used, and
            # only in the shape of a read worth keeping.
            if kept_name == name and worth_keeping(value):
                return value
        except Exception:  # none kept, or damaged: read again
            pass
        value = read()
        if worth_keeping(value):
            self._keep(path, (name, value))
        return value

    def forget_unused(self) -> None:
        """Remove the reads this build did not use: policies removed or changed, other settings."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            # Only the reads' own files: the folder may be a link to one holding others (a shared cache).
            if name not in self.used and (KEPT_NAME.fullmatch(name) or name.startswith(WRITING)):
                try:
                    os.remove(os.path.join(self.folder, name))
                except OSError:
                    pass

    def _keep(self, path: str, value) -> None:
        """Written whole or not at all: a build reading it meanwhile finds the last one or none."""
        temporary = None
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            os.makedirs(self.folder, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=WRITING)
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
            if temporary is not None:  # read again by the next build
                try:
                    os.remove(temporary)
                except OSError:
                    pass
