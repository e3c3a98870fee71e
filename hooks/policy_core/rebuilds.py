"""What a preview (`mkdocs serve`) keeps from one build to the next, so that saving one word in
one policy reads that policy again, and (with `--dirty`) builds again only the pages that show it.

Everything is kept by a key made of all that went into it: a policy's text and the site's
settings, or everything a page shows. A key that is not the same makes the thing again: when in
doubt, build again. Only what the last build used is kept, so a removed policy is forgotten.
Nothing is kept on disk, so the site's own code is not in the keys: a preview runs the code it
started with, and a new preview starts with nothing kept.
"""

from __future__ import annotations

import hashlib
import os
from typing import Callable, TypeVar

Kept = TypeVar("Kept")


def fingerprint(*parts) -> str:
    """One short key for plain data (strings, numbers, tuples, dicts, dataclasses of them)."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def folder_fingerprint(folder: str | None) -> str:
    """The names and contents of every file in a folder (the site's templates and styles)."""
    digest = hashlib.sha256()
    for root, folders, names in os.walk(folder or "", followlinks=True):
        folders.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            digest.update(os.path.relpath(path, folder).encode("utf-8") + b"\0")
            with open(path, "rb") as file:
                digest.update(hashlib.sha256(file.read()).digest())
    return digest.hexdigest()


class RebuildCache:
    """What the last build made, by key; and each page's key in the last build."""

    def __init__(self):
        self._made: dict[str, object] = {}
        self._used: dict[str, object] = {}
        self._page_keys: dict[str, str] = {}
        self._new_page_keys: dict[str, str] = {}

    def start_build(self) -> None:
        """Forget what the last build did not use; a build that stopped keeps what was kept before it."""
        if self._used or self._new_page_keys:
            self._made, self._used = self._used, {}
            self._page_keys, self._new_page_keys = self._new_page_keys, {}

    def forget(self) -> None:
        """A build that stopped: its pages may not have been written, so none counts as built."""
        self._used, self._new_page_keys, self._page_keys = {}, {}, {}

    def kept(self, key: str, make: Callable[[], Kept]) -> Kept:
        """What `make` made for the same key in the last build, or what it makes now."""
        value = self._used[key] = self._made[key] if key in self._made else make()
        return value  # type: ignore[return-value]

    def changed(self, page: str, key: str) -> bool:
        """Whether a page (or another file the site writes) holds something other than it did in the
        last build, or was not in it."""
        self._new_page_keys[page] = key
        return self._page_keys.get(page) != key


def search_entries_by_page(entries: list[dict], pages: list[str], built: set[str],
                           before: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The search entries of each page in search (`pages`): as this build made them for the pages
    it `built`, and as the last build kept them (`before`) for the others. Under `--dirty`,
    Material's search indexes only the pages built, over its last index, from which it takes out
    what it thinks they replace; so a page's own entries are taken from its last run in that index
    (its own entry, then one per section, `page/#section`), and no other's."""
    runs: dict[str, list[dict]] = {}
    page = None
    for entry in entries:
        location, _, section = entry["location"].partition("#")
        if location != page or not section:  # a run starts with the page's own entry
            page = location
            runs[page] = []  # a later run replaces an earlier one
        runs[page].append(entry)
    return {page: runs.get(page, []) if page in built else before.get(page, []) for page in pages}
