"""The browser editor's program, Decap CMS, as published on the npm registry: fetched once, checked
against the fingerprint kept here, and kept in `.cache/` beside mkdocs.yml. A build never runs npm
(a school's computer and CI have none), and never trusts a download it has not checked."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import posixpath
import re
import tarfile
import urllib.request

from .errors import PolicyError

PACKAGE = "decap-cms"
VERSION = "3.16.3"
# npm's own fingerprint of the package (`npm view decap-cms@3.16.3 dist.integrity`).
INTEGRITY = "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw=="
ADDRESS = f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz"
CACHE = os.path.join(".cache", "policy-editor")  # beside mkdocs.yml, never in docs/ or site/
PROGRAM = "decap-cms.js"
# The program, the parts it loads when they are needed, and its licence; not the source maps, nor
# the copy under another name (cms.js).
SHIPPED = re.compile(r"package/dist/((?:\d+\.)?decap-cms\.js|decap-cms\.js\.LICENSE\.txt|[0-9a-f]+\.wasm)\Z")
OFFLINE_FIX = ("connect this computer to the internet and build again: the editor is downloaded once from "
               "registry.npmjs.org and kept in .cache/policy-editor/. To build without the browser editor, "
               "set POLICY_EDITOR=0 for one build (POLICY_EDITOR=0 mkdocs build), or remove editor: from mkdocs.yml.")


def cached_package(folder: str, file: str, line: int, download=None) -> tuple[bytes | None, list[PolicyError]]:
    """The package's bytes, from `folder` (the site's folder) or else downloaded and kept there.
    `file` and `line` are where mkdocs.yml asks for the editor, for messages."""
    cached = os.path.join(folder, CACHE, f"{PACKAGE}-{VERSION}.tgz")
    if os.path.exists(cached):
        with open(cached, "rb") as kept:
            package = kept.read()
        if _fingerprint(package) == INTEGRITY:
            return package, []
    try:
        package = (download or _download)(ADDRESS)
    except OSError as error:
        reason = getattr(error, "reason", None) or error.strerror or error
        return None, [PolicyError(file, line, f"The browser editor ({PACKAGE} {VERSION}) could not be downloaded: "
                                              f"{reason}.", OFFLINE_FIX)]
    if _fingerprint(package) != INTEGRITY:
        return None, [PolicyError(file, line, f"The browser editor downloaded from registry.npmjs.org is not the "
                                              f"{PACKAGE} {VERSION} this site was made with (its fingerprint "
                                              "differs), so it is not used.",
                                  "build again later; if this happens again, the download is being changed on "
                                  "its way to this computer: ask whoever looks after the school's network. "
                                  + OFFLINE_FIX.split(". ", 1)[1])]
    try:  # a cache that cannot be kept only means downloading again next time; a part-written one fails the check
        os.makedirs(os.path.dirname(cached), exist_ok=True)
        with open(cached, "wb") as kept:
            kept.write(package)
    except OSError:
        pass
    return package, []


def program_files(package: bytes) -> dict[str, bytes]:
    """The files the editor's page loads, by name, from the package's bytes."""
    with tarfile.open(fileobj=io.BytesIO(package), mode="r:gz") as archive:
        return {posixpath.basename(member.name): archive.extractfile(member).read()
                for member in archive.getmembers() if member.isfile() and SHIPPED.match(member.name)}


def _fingerprint(package: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(package).digest()).decode()


def _download(address: str) -> bytes:
    with urllib.request.urlopen(address, timeout=120) as response:
        return response.read()
