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

import glob
import html
import json
import os
import re
import shutil
import subprocess
import tempfile

from .errors import PolicyError
from .model import Policy

SEARCH_FOLDER = "pagefind"  # in the built site, beside the pages
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


def write_search_index(pages: dict[str, str], site_dir: str, language: str, settings_file: str) -> list[PolicyError]:
    """Index `pages` (documents by their page's address in the site) into the site's search folder."""
    try:
        from pagefind_bin import get_executable
        program = str(get_executable())
    except (ImportError, FileNotFoundError):
        return [PolicyError(settings_file, 1, "The site's search cannot be made: Pagefind's program is not "
                            "installed.", FIX)]
    output = os.path.join(site_dir, SEARCH_FOLDER)
    made = tempfile.mkdtemp(prefix=".policy-search-", dir=site_dir)  # beside it, to be swapped in whole
    try:
        with tempfile.TemporaryDirectory(prefix="policy-search-") as documents:
            for address, text in pages.items():
                path = os.path.join(documents, *address.split("/"), "index.html")
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w", encoding="utf-8") as file:
                    file.write(text)
            try:
                ran = subprocess.run([program, "--site", documents, "--output-path", made,
                                      "--force-language", language, "--silent"], capture_output=True, text=True)
                said = " ".join((ran.stderr or ran.stdout).split())[:300] if ran.returncode != 0 else None
            except OSError as error:
                said = error.strerror or str(error)
        if said is not None:
            return [PolicyError(settings_file, 1, f"The site's search could not be made: Pagefind stopped ({said}).", FIX)]
        for pattern in UNUSED:
            for unused in glob.glob(os.path.join(made, pattern)):
                os.remove(unused)
        # The new index replaces the last one whole: a preview that keeps the site's folder (--dirty)
        # keeps no part of an older index, and a reader searching meanwhile finds one or the other.
        if os.path.isdir(output):
            os.rename(output, made + "-old")
        os.rename(made, output)
        return []
    finally:
        shutil.rmtree(made, ignore_errors=True)
        shutil.rmtree(made + "-old", ignore_errors=True)
