"""Search at scale: every clause of every full view, indexed once by Pagefind, whose index is split
into small files so that a reader's browser fetches only the parts a query needs.

Pagefind reads HTML. The site's own pages carry menus, badges and clause links that search must
not hold, so each page is given to Pagefind as a small document of its own: one heading per clause,
with the clause's anchor as its id, so that each clause is a result of its own that opens the clause
itself. What the page's script needs to show a result (the section a clause is in, who can see it,
the audience versions' addresses, another page's headings) rides along as Pagefind "meta", which
is fetched only with a result.
Pagefind's own filters are not used for audiences: Pagefind 1.5.2 writes a filter's values in a new
order on every run, and the site must be the same bytes from one build to the next.
"""

from __future__ import annotations

import base64
import fnmatch
import html
import json
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading

from .errors import PolicyError
from .model import Policy

SEARCH_FOLDER = "pagefind"  # in the built site, beside the pages
SEARCH_MADE = ".policy-search-"  # the new index's folder in the site's, until it replaces SEARCH_FOLDER
CLAUSE_MARK = "§"  # heads each clause in Pagefind's documents; policy-search.js leaves it out of results
# Pagefind's ready-made search boxes, and its worker: the site shows results in Material's own box and
# searches without a worker (policy-search.js).
UNUSED = ("pagefind-*ui.*", "pagefind-highlight.js", "pagefind-worker.js")
# Pagefind gives a result's words as HTML with < and > escaped but not &, so that the character < and
# the words "&lt;" would come out alike: each < and > is marked by a character no text holds (one of
# Unicode's noncharacters, which search ignores), so that policy-search.js can tell them apart.
ESCAPED = "\ufdd0"
FIX = ("install the project's requirements again (README, \"Install\"): they bring Pagefind's program, "
       "which makes the search index, then build again.")


def policy_search_page(policy: Policy, versions: dict[str, str], language: str) -> str:
    """The document Pagefind indexes for a policy's full view. `versions` are the policy's audience
    versions' addresses by audience: a reader on one of them, or on an audience's hub, finds only
    the clauses that version shows, and a result opens the clause in it."""
    sections, clauses, section = [policy.title], {}, 0
    headings = []
    for clause in policy.clauses:
        if clause.kind == "heading":
            sections.append(clause.numbered_text)
            section = len(sections) - 1
        seen_by = [audience for audience in versions if clause.id in policy.shown.get(audience, ())]
        clauses[clause.id] = [section, seen_by]
        # A one-character heading marks where the clause starts (Pagefind skips an empty one): it repeats
        # a heading's words with each result, and the clause's words are the result's excerpt anyway.
        headings.append(f'<h2 id="{html.escape(clause.id)}">{CLAUSE_MARK}</h2><p>{_indexed(html.escape(clause.numbered_text))}</p>')
    about = {"sections": sections, "clauses": clauses, "versions": versions}
    return _document(policy.title, language, about, headings)


def other_search_page(title: str, entries: list[dict], language: str, hub_of: str | None = None) -> str:
    """The document Pagefind indexes for a page that is not a policy (the home page, a hub, the
    register, an editor's own page), from the search plugin's entries for it: one per heading,
    whose title and text MkDocs made from the page and holds as HTML. Every audience's search finds
    it, but an audience's hub (`hub_of`) only that audience's: it names policies the others have no version of."""
    parts, headings = [], {}
    for entry in entries:
        anchor = entry["location"].partition("#")[2]
        if anchor:
            parts.append(f'<h2 id="{html.escape(anchor)}">{_indexed(entry["title"])}</h2>')
            # Pagefind reads a heading's words as HTML twice over (the words "&lt;" become <), so a
            # result's title is taken from here, as text: Material's HTML escapes every < of the words.
            headings[anchor] = html.unescape(re.sub(r"<[^>]*>", "", entry["title"]))
        parts.append(f"<div>{_indexed(entry['text'])}</div>")
    about = {"headings": headings, **({"hub_of": hub_of} if hub_of else {})}
    return _document(html.unescape(title), language, about, parts)


def _document(title: str, language: str, about: dict, parts: list[str]) -> str:
    return (f'<!doctype html><html lang="{html.escape(language)}"><head><meta charset="utf-8"><title></title></head>'
            f'<body data-pagefind-body><div data-pagefind-ignore>'
            f'<span data-pagefind-meta="title">{html.escape(title)}</span>'
            f'<span data-pagefind-meta="policy">{html.escape(json.dumps(about, ensure_ascii=False))}</span></div>'
            f'<h1>{_indexed(html.escape(title))}</h1>{"".join(parts)}</body></html>')


def _indexed(markup: str) -> str:
    """HTML with each < and > of its text marked as ESCAPED."""
    return markup.replace("&lt;", ESCAPED + "&lt;").replace("&gt;", ESCAPED + "&gt;")


class SearchIndex:
    """Pagefind's index of the site, made while the site is built: Pagefind runs beside the build as
    a service, and each document given to `add` is indexed on another core while the build goes on
    with the pages. `write` puts the index in the site's search folder."""

    def __init__(self, language: str, settings_file: str):
        self.language, self.settings_file = language, settings_file
        self.documents: queue.Queue = queue.Queue()
        self.errors: list[PolicyError] = []
        self.program: subprocess.Popen | None = None
        self.worker = threading.Thread(target=self._index, name="policy-search", daemon=True)
        self.worker.start()

    def add(self, address: str, document: str) -> None:
        """Index `document` as the page at `address` (relative to the site, ending in "/")."""
        self.documents.put(("AddFile", address, document))

    def write(self, site_dir: str) -> list[PolicyError]:
        """Write the index into the site once every document given is indexed; the problems, if any."""
        made = tempfile.mkdtemp(prefix=SEARCH_MADE, dir=site_dir)  # beside it, to be swapped in whole
        try:
            self.documents.put(("WriteFiles", made, None))
            self.worker.join()
            if self.errors:
                return self.errors
            # The new index replaces the last one whole: a preview that keeps the site's folder (--dirty)
            # keeps no part of an older index, and a reader searching meanwhile finds one or the other.
            output = os.path.join(site_dir, SEARCH_FOLDER)
            if os.path.isdir(output):
                os.rename(output, made + "-old")
            os.rename(made, output)
            return []
        finally:
            shutil.rmtree(made, ignore_errors=True)
            shutil.rmtree(made + "-old", ignore_errors=True)

    def stop(self) -> None:
        """Give up the index, as when the build stopped."""
        self.documents.put(("Stop", None, None))
        self.worker.join()

    def _index(self) -> None:
        try:
            from pagefind_bin import get_executable
            program = str(get_executable())
        except (ImportError, FileNotFoundError):
            self.errors.append(PolicyError(self.settings_file, 1, "The site's search cannot be made: Pagefind's "
                                           "program is not installed.", FIX))
            return self._drain()
        kind = None
        try:
            self.program = subprocess.Popen([program, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE)
            _second_to_the_build(self.program.pid)
            index = self._ask({"type": "NewIndex", "config": {"force_language": self.language}})["index_id"]
            while True:
                kind, first, second = self.documents.get()
                if kind == "Stop":
                    break
                if kind == "AddFile":
                    self._ask({"type": "AddFile", "index_id": index, "url": "/" + first, "file_contents": second})
                else:  # the files, as Pagefind would write them: its own writing may end before they are all on disk
                    files = self._ask({"type": "GetFiles", "index_id": index})["files"]
                    for made in _files_used(files):
                        _write_in(first, made["path"], base64.b64decode(made["content"]))
                    break
        except (OSError, PagefindStopped) as error:
            said = str(error) if isinstance(error, PagefindStopped) else error.strerror or str(error)
            self.errors.append(PolicyError(self.settings_file, 1, f"The site's search could not be made: Pagefind "
                                           f"stopped ({said}).", FIX))
            if kind not in ("WriteFiles", "Stop"):
                self._drain()
        finally:
            self._end()

    def _ask(self, payload: dict) -> dict:
        """Send Pagefind one request (base64 JSON, then a comma) and read its answer, in the same form."""
        self.program.stdin.write(base64.b64encode(json.dumps({"message_id": 1, "payload": payload}).encode()) + b",")
        self.program.stdin.flush()
        answer = bytearray()
        while not answer.endswith(b","):
            read = self.program.stdout.read1(65536)
            if not read:
                raise PagefindStopped(self._said() or "it ended without a word")
            answer += read
        reply = json.loads(base64.b64decode(answer[:-1]))["payload"]
        if reply.get("type") == "Error":
            raise PagefindStopped(" ".join(str(reply.get("message", "")).split())[:300])
        return reply

    def _said(self) -> str:
        self.program.stdin.close()
        self.program.wait()
        return " ".join(self.program.stderr.read().decode(errors="replace").split())[:300]

    def _drain(self) -> None:
        """Let the build go on to `write`, which reports the problem."""
        while self.documents.get()[0] == "AddFile":
            pass

    def _end(self) -> None:
        """Pagefind ends once its input is closed; it is stopped if it has not within a minute."""
        if self.program is None:
            return
        try:
            self.program.stdin.close()
        except OSError:
            pass
        try:
            self.program.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.program.kill()
            self.program.wait()


def _files_used(files: list[dict]) -> list[dict]:
    """Pagefind's files less those the site's script never loads: its ready-made search boxes and
    worker, and the word rules (WASM) of languages the index does not use: it always makes one
    for languages it has no rules for, 90 KB."""
    try:
        entry = next(json.loads(base64.b64decode(made["content"])) for made in files if made["path"] == "pagefind-entry.json")
        # named as pagefind.js names them: "unknown" for a language it has no rules for
        languages = {f"wasm.{language['wasm'] or 'unknown'}.pagefind" for language in entry["languages"].values()}
    except (StopIteration, ValueError, KeyError, TypeError, AttributeError):
        languages = None  # not as expected: every language's rules are kept
    return [made for made in files if not any(fnmatch.fnmatch(made["path"], pattern) for pattern in UNUSED)
            and (languages is None or not fnmatch.fnmatch(made["path"], "wasm.*.pagefind") or made["path"] in languages)]


def _write_in(folder: str, path: str, content: bytes) -> None:
    """One of Pagefind's files, at its place in the search folder (`path` as Pagefind names it)."""
    parts = path.split("/")
    if not all(part and part not in (".", "..") for part in parts):
        raise PagefindStopped(f"it named a file outside its folder: {path[:80]}")
    target = os.path.join(folder, *parts)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as file:
        file.write(content)


def _second_to_the_build(pid: int) -> None:
    """Pagefind works while the build converts the pages: the build's own thread comes first."""
    try:
        os.setpriority(os.PRIO_PROCESS, pid, 10)
    except (AttributeError, OSError):
        pass  # not on this system: Pagefind then shares the machine as it would


class PagefindStopped(Exception):
    """Pagefind's service ended, or refused a request."""


def write_search_index(pages: dict[str, str], site_dir: str, language: str, settings_file: str) -> list[PolicyError]:
    """Index `pages` (documents by their page's address in the site) into the site's search folder."""
    index = SearchIndex(language, settings_file)
    for address, document in pages.items():
        index.add(address, document)
    return index.write(site_dir)
