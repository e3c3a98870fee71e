"""Helpers shared by the tests: tiny invented sites built by MkDocs, and views rendered by the core."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import markdown
from bs4 import BeautifulSoup

from policy_core.audiences import Audiences
from policy_core.editor_package import CACHE, PACKAGE, VERSION, cached_package
from policy_core.errors import PolicyProblems
from policy_core.markdown_extension import PolicyExtension, ViewRequest
from policy_core.search import ESCAPED
from policy_core.source import read_policy_source

REPO = Path(__file__).resolve().parents[1]

# An invented school: tests never use a real school's policies.
AUDIENCES = {"staff": "Staff", "governors": "Governors", "volunteers": "Volunteers",
             "pta": "Friends of Oakfield (PTA)", "parents": "Parents and carers"}
DECLARED = Audiences(AUDIENCES)

# A small policy of the invented school, with one clause for staff and one for parents.
PHONE_POLICY = textwrap.dedent("""\
    ---
    title: Phone Policy
    ---

    # Phone Policy

    Phones stay in bags.

    - Staff use lockers. { #lockers audience="staff" }
    - Parents call the office. { #calling-the-office audience="parents" }
    """)


BASE_EXTENSIONS = ("attr_list", "toc", "tables", "fenced_code", "admonition")


def _convert(text: str, policy_audiences, file: str, extensions, **request) -> str:
    extension = PolicyExtension()
    md = markdown.Markdown(extensions=[*BASE_EXTENSIONS, *extensions, extension])
    source, errors = read_policy_source(file, "policy", textwrap.dedent(text))
    assert not errors
    extension.request = ViewRequest(source, DECLARED, tuple(policy_audiences or DECLARED.keys), **request)
    return md.convert(source.body)


def render(text: str, audience: str | None = None, policy_audiences=None, file="policy.md",
           clause_links=False, extensions=()) -> BeautifulSoup:
    """One view of a policy, made by Python-Markdown and the policy extension, without MkDocs.

    Clause links are left out unless asked for, so tests can compare a clause's words."""
    view = BeautifulSoup(_convert(text, policy_audiences, file, extensions, audience=audience,
                                  full_view_link=file), "html.parser")
    return view if clause_links else without_clause_links(view)


def without_clause_links(view: BeautifulSoup) -> BeautifulSoup:
    """The view as it would be without its clause links: each heading back out of the box it
    shares with its link."""
    for link in view.select(".clause-link"):
        link.decompose()
    for box in view.select(".clause-heading"):
        box.unwrap()
    return view


def problems(text: str, policy_audiences=None, extensions=()) -> list:
    """The problems the core reports for a policy's text, when the site plans its views."""
    try:
        _convert(text, policy_audiences, "policy.md", extensions, plan_views=True)
    except PolicyProblems as found:
        return found.errors
    return []


class Site:
    """A tiny site of the invented school, in a temporary folder."""

    def __init__(self, root: Path, audiences: dict | None = None, extra_settings: str = "",
                 site_url: str = "https://policies.oakfield.example/", school: str = "Oakfield Primary School"):
        self.root = root
        self.docs = root / "docs"
        self.docs.mkdir(parents=True, exist_ok=True)
        declared = "\n".join(f"    {key}: {json.dumps(label)}" for key, label in (audiences or AUDIENCES).items())
        (root / "mkdocs.yml").write_text(textwrap.dedent(f"""\
            site_name: {json.dumps(school)}
            site_url: {site_url}
            theme:
              name: material
              custom_dir: {REPO / 'overrides'}
              font: false
            hooks:
              - {REPO / 'hooks' / 'policy_site.py'}
            markdown_extensions:
              - admonition
              - attr_list
              - tables
              - toc:
                  permalink: true
            """) + extra_settings + f"extra:\n  school:\n    name: {json.dumps(school)}\n"
                                    f"  audiences:\n{declared}\n")

    def write(self, path: str, text: str) -> "Site":
        target = self.docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text))
        return self

    def build(self) -> subprocess.CompletedProcess:
        """`mkdocs build --strict`, as an editor runs it."""
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=self.root,
                              capture_output=True, text=True, env=env)

    def built(self) -> "Site":
        result = self.build()
        assert result.returncode == 0, result.stderr
        assert "WARNING" not in result.stderr, result.stderr
        return self

    def serve(self) -> str:
        """Starts `mkdocs serve`, and stops it once it serves the site or fails: its log until then."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
                                  cwd=self.root, stderr=subprocess.PIPE, text=True,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        log = ""
        try:
            for line in server.stderr:
                log += line
                if "Serving on" in line or "Error" in line:
                    break
        finally:
            server.terminate()
            server.wait()
        return log

    def page(self, url: str) -> BeautifulSoup:
        return BeautifulSoup((self.root / "site" / url / "index.html").read_text(), "html.parser")

    def article(self, url: str) -> BeautifulSoup:
        return self.page(url).find("article")

    def search_index(self) -> list[dict]:
        return search_entries(self.root / "site")



class ExampleSite(Site):
    """A copy of the example site (the school's real policy, its mkdocs.yml and this project's code) in `root`."""

    def __init__(self, root: Path):
        shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".venv", "site", ".git", "*cache*", "test-artifacts"))
        self.root, self.docs = root, root / "docs"
        with_editor_package(root)


def with_editor_package(root: Path) -> None:
    """The browser editor's package in the site's cache, downloaded once into this repository's
    .cache/ for every test, as the README's set-up does, rather than once per site."""
    package, errors = cached_package(str(REPO), "mkdocs.yml", 1)
    assert not errors, errors
    kept = root / CACHE / f"{PACKAGE}-{VERSION}.tgz"
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(package)

# What an editor might write that a browser would read as markup, or a template as code: each must
# reach the reader as these very characters (issue 11). The site's tests look for their effects.
STYLE = "<style>body{display:none}</style>"
SCRIPT = '<img src=x onerror="window.__pwned=1">'
MARKUP_SCHOOL = f'Oakfield {STYLE} & "Friends"'
# attr_list reads "{ onclick=... }" at the end of a heading or table cell as attributes.
ATTRIBUTES = '{ onclick="window.__pwned=4" }'
MARKUP_LABEL = f"Parents {SCRIPT} & carers {ATTRIBUTES}"
MARKUP_TITLE = f"Rules {STYLE} {SCRIPT.replace('=1', '=2')} & \"quotes\" 'too' {{{{ 7*7 }}}} &amp; {ATTRIBUTES}"
# The # heading says the same, escaping its markup as Markdown allows: its words are the characters
# it shows.
MARKUP_HEADING = ('# Rules &lt;style&gt;body\\{display:none\\}&lt;/style&gt; &lt;img src=x onerror="window.\\_\\_pwned=2"&gt; '
                  '&amp; "quotes" \'too\' \\{\\{ 7\\*7 \\}\\} &amp;amp; \\{ onclick="window.\\_\\_pwned=4" \\}')
HEADING_WORDS = MARKUP_TITLE
MARKUP_SECTION = '## Signing in &lt;style&gt;body{display:none}&lt;/style&gt; { audience="parents" }'
SECTION_WORDS = f"Signing in {STYLE}"
# A policy whose # heading is its title, so the heading's words are reused wherever a title is.
MARKUP_HEADING_ONLY = '# Visits &lt;img src=x onerror="window.__pwned=3"&gt; &amp; trips'
HEADING_ONLY_WORDS = 'Visits <img src=x onerror="window.__pwned=3"> & trips'
# The version's line break must not end the register's row.
MARKUP_RECORD = {"owner": f"Head {STYLE} {ATTRIBUTES}", "approved_by": SCRIPT, "minute_ref": "{{ 7*7 }} & 'item 7'",
                 "version": '3 "final",\nrevised', "summary": f"In short: {SCRIPT}", "description": f"About {SCRIPT}"}
MARKUP_NOTE = f"Changed {SCRIPT} &amp; more"
MARKUP_PAGE_TITLE = f"About {STYLE} {SCRIPT}"  # an editor's own page, not a policy


def markup_site(root: Path) -> Site:
    """A site whose school, audience label, titles and record are all written with markup in them."""
    site = Site(root, audiences={**AUDIENCES, "parents": MARKUP_LABEL}, school=MARKUP_SCHOOL,
                extra_settings=f"site_description: {json.dumps('Policies ' + SCRIPT)}\n")
    record = "".join(f"{name}: {json.dumps(value)}\n" for name, value in MARKUP_RECORD.items())
    site.write("policies/rules.md", f"---\ntitle: {json.dumps(MARKUP_TITLE)}\naudiences: [staff, parents]\n"
               f"approved: 2025-10-14\nreview: annual\n{record}"
               f"changes:\n  - version: \"3\"\n    date: 2025-10-14\n    note: {json.dumps(MARKUP_NOTE)}\n---\n\n"
               f"{MARKUP_HEADING}\n\nRules apply to all.\n\n{MARKUP_SECTION}\n\n- Parents sign in. {{ audience=\"parents\" }}\n")
    site.write("about.md", f"---\ntitle: {json.dumps(MARKUP_PAGE_TITLE)}\n---\n\nHow we write our policies.\n")
    site.write("policies/visits.md", f"---\naudiences: [parents]\n---\n\n{MARKUP_HEADING_ONLY}\n\nVisits are planned.\n\n"
               f"- Parents give consent. {{ audience=\"parents\" }}\n")
    return site


def search_entries(site: Path) -> list[dict]:
    """What search can find, read back from Pagefind's index in the built site, one entry per page
    and one per clause (or heading of another page): its address, the title a result shows (a
    clause's section), its words, and who finds it on an audience's version or hub (None: everyone)."""
    entries = []
    for fragment in sorted((site / "pagefind" / "fragment").iterdir()):
        page = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        about = json.loads(page["meta"].get("policy") or "{}")
        words = page["content"].replace(ESCAPED + "&lt;", "<").replace(ESCAPED + "&gt;", ">").split()
        address = page["url"].removeprefix("/")
        starts = [anchor["location"] for anchor in page["anchors"]] + [len(words)]
        # None: not a policy nor a hub, found by every audience
        everyone = list(about["versions"]) if "versions" in about else ([about["hub_of"]] if "hub_of" in about else None)
        first = starts[0]  # the page's own words come before its first heading with an anchor
        entries.append({"location": address, "title": page["meta"]["title"], "audiences": everyone,
                        "text": " ".join(words[:first]).removeprefix(page["meta"]["title"]).strip()})
        for anchor, end in zip(page["anchors"], starts[1:]):
            section, audiences = about.get("clauses", {}).get(anchor["id"], (None, everyone))
            text = " ".join(words[anchor["location"]:end])
            entries.append({"location": f"{address}#{anchor['id']}",
                            "title": about["headings"][anchor["id"]] if section is None else about["sections"][section],
                            "text": text.removeprefix(anchor["text"]).strip(), "audiences": audiences})
    return entries
