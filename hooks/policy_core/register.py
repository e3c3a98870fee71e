"""The register: every policy with its record, as a table on wide screens and a summary per policy
on phones, and the same list filtered by audience or by review status.

Each filtered list is a page of its own under `register/`, linked from every register page, so the
filters work without JavaScript; no policy's address is there, since they are all under `policies/`.
The lists are HTML made here (see `html_blocks`), escaped here."""

from __future__ import annotations

import datetime
import posixpath
from dataclasses import dataclass
from html import escape

from .audiences import Audiences
from .model import Policy, View

REGISTER = "policies/index.md"
# Each review status as Record.status says it, its page's name, and what its filter says.
STATUSES = (("current", "current", "Current"), ("due within 60 days", "due-soon", "Due within 60 days"),
            ("overdue", "overdue", "Overdue"), ("no review date", "no-review-date", "No review date"))
HEADINGS = {"current": "current policies", "due within 60 days": "policies due for review within 60 days",
            "overdue": "policies overdue for review", "no review date": "policies with no review date"}
COLUMNS = ("Owner", "Version", "Approved", "Next review", "Status", "Statutory", "Who it is for")


@dataclass(frozen=True)
class RegisterList:
    """The whole register, or one filtered list of it: its page, what its filter says, its heading
    and its policies."""

    path: str  # the page's source path
    kind: str  # "all", "audience" or "status"
    label: str
    heading: str
    policies: list[Policy]

    @property
    def address(self) -> str:
        """The page's folder, from the site's root."""
        return "policies/" if self.path == REGISTER else self.path.removesuffix(".md") + "/"


def register_lists(policies: list[Policy], declared: Audiences, today: datetime.date) -> list[RegisterList]:
    """The whole register first, then a list for each audience and each review status (none for a
    site with no policies yet)."""
    everything = RegisterList(REGISTER, "all", "All", "All policies", policies)
    if not policies:
        return [everything]
    return [everything,
            *(RegisterList(f"register/for-{key}.md", "audience", declared.label(key),
                           f"Register: policies for {declared.label(key)}",
                           [policy for policy in policies if key in policy.audiences_with_clauses])
              for key in declared.keys),
            *(RegisterList(f"register/{name}.md", "status", label, f"Register: {HEADINGS[status]}",
                           [policy for policy in policies if policy.record.status(today) == status])
              for status, name, label in STATUSES)]


def register_html(shown: RegisterList, lists: list[RegisterList], declared: Audiences,
                  today: datetime.date) -> str:
    """A register page's filters and its policies, as a table and as a summary per policy."""
    if not shown.policies:
        return _filters(shown, lists) + "\n<p>None.</p>"
    rows = [(_link(shown, View(policy), policy.title), _cells(policy, shown, declared, today))
            for policy in shown.policies]
    return "\n".join([_filters(shown, lists), _table(shown, rows), _summaries(rows)])


def _link(shown: RegisterList, view: View, words: str) -> str:
    return f'<a href="{posixpath.relpath(view.path, shown.address)}/">{escape(words)}</a>'


def _filters(shown: RegisterList, lists: list[RegisterList]) -> str:
    parts = ['<nav class="policy-register__filters" aria-label="Filter the register">']
    for number, (name, kind) in enumerate((("Who it is for", "audience"), ("Review", "status")), start=1):
        parts.append(f'<p class="policy-register__filter-name" id="register-filter-{number}">{name}:</p>'
                     f'<ul class="policy-register__filter" aria-labelledby="register-filter-{number}">')
        for each in (each for each in lists if each.kind in ("all", kind)):
            current = ' aria-current="page"' if each is shown else ""
            parts.append(f'<li><a href="{posixpath.relpath(each.address, shown.address)}/"{current}>'
                         f'{escape(each.label)} ({len(each.policies)})</a></li>')
        parts.append("</ul>")
    return "\n".join(parts + ["</nav>"])


def _cells(policy: Policy, shown: RegisterList, declared: Audiences, today: datetime.date) -> list[str]:
    """A policy's value in each column, as HTML. What the school has not recorded is said here,
    and only here and on the coverage page: a policy's own pages leave it out."""
    record = policy.record
    who = ", ".join(_link(shown, View(policy, key), declared.label(key)) for key in policy.audiences_with_clauses)
    return [escape(record.owner or "Not recorded"), escape(record.version or "–"),
            escape(record.approved.shown) if record.approved else "Not recorded",
            escape(record.next_review.shown) if record.next_review else "Not known",
            record.status(today).capitalize(), {True: "Yes", False: "No", None: "Not recorded"}[record.statutory],
            who or "–"]


def _table(shown: RegisterList, rows: list[tuple[str, list[str]]]) -> str:
    """For wide screens: in a labelled region that scrolls by keyboard when the screen is too narrow."""
    lines = [f'<div class="policy-scroll-region policy-register__wide" role="region" aria-label="{escape(shown.heading)}" tabindex="0">',
             '<table class="policy-register__table">', "<thead><tr>" + "".join(f'<th scope="col">{name}</th>' for name in ("Policy", *COLUMNS))
             + "</tr></thead>", "<tbody>"]
    lines += [f'<tr><th scope="row">{link}</th>' + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"
              for link, cells in rows]
    return "\n".join(lines + ["</tbody>", "</table>", "</div>"])


def _summaries(rows: list[tuple[str, list[str]]]) -> str:
    """For phones, GOV.UK's summary list: a heading per policy, then each column as a row. Left out
    of search, which has the table's words."""
    parts = ['<div class="policy-register__summaries" data-search-exclude>']
    parts += [f'<h2 class="policy-register__policy">{link}</h2>\n<dl class="policy-register__list">'
              + "".join(f"<div><dt>{name}</dt><dd>{cell}</dd></div>" for name, cell in zip(COLUMNS, cells)) + "</dl>"
              for link, cells in rows]
    return "\n".join(parts + ["</div>"])
