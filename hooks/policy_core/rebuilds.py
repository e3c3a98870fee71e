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


def latest_search_entries(entries: list[dict], pages: set[str]) -> list[dict]:
    """Each page's search entries once, as its last build made them, and none of a page no longer
    on the site or in search (`pages` are those that are). Material's search keeps the entries of
    the pages a `--dirty` build skipped by adding the pages it built to the last build's index,
    where those pages are already listed.
    A page's entries follow one another: its own entry, then one per section (`page/#section`)."""
    runs: list[tuple[str, list[dict]]] = []
    for entry in entries:
        page = entry["location"].partition("#")[0]
        if not runs or runs[-1][0] != page:
            runs.append((page, []))
        runs[-1][1].append(entry)
    latest = {page: run for page, run in runs if page in pages}  # a later run replaces an earlier one
    return [entry for run in latest.values() for entry in run]
