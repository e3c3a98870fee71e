"""The register: every policy with its record, as a table on wide screens and a summary per policy
on phones, and the same list filtered by audience, by review status, or by both.

Each filtered list is a page of its own under `register/`, linked from every register page, so the
filters work without JavaScript; no policy's address is there, since they are all under `policies/`.
The lists are HTML made here (see `html_blocks`), escaped here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from html import escape

from .audiences import Audiences
from .model import Policy, View, relative_address

REGISTER = "policies/index.md"
# Each review status as Record.status says it, its page's name, and what its filter says.
STATUSES = (("current", "current", "Current"), ("due within 60 days", "due-soon", "Due within 60 days"),
            ("overdue", "overdue", "Overdue"), ("no review date", "no-review-date", "No review date"))
HEADINGS = {"current": "current policies", "due within 60 days": "policies due for review within 60 days",
            "overdue": "policies overdue for review", "no review date": "policies with no review date"}
COLUMNS = ("Owner", "Version", "Approved", "Next review", "Status", "Statutory", "Who it is for")


@dataclass(frozen=True)
class RegisterList:
    """The whole register, or one filtered list of it: its page, the audience and the review status it
    keeps (None for any), its heading and its policies."""

    path: str  # the page's source path
    audience: str | None
    status: str | None
    heading: str
    policies: list[Policy]

    @property
    def address(self) -> str:
        """The page's folder, from the site's root."""
        return "policies/" if self.path == REGISTER else self.path.removesuffix(".md") + "/"


def register_lists(policies: list[Policy], declared: Audiences, today: datetime.date) -> list[RegisterList]:
    """The whole register first, then a list for each audience, each review status and each
    audience and status together that has policies (none for a site with no policies yet), so
    that each filter keeps the other's choice."""
    everything = RegisterList(REGISTER, None, None, "All policies", policies)
    if not policies:
        return [everything]
    lists = [everything]
    for audience in (None, *declared.keys):
        for status in (None, *(status for status, _, _ in STATUSES)):
            if audience is None and status is None:
                continue
            kept = [policy for policy in policies
                    if (audience is None or audience in policy.audiences_with_clauses)
                    and (status is None or policy.record.status(today) == status)]
            if kept or audience is None or status is None:
                lists.append(RegisterList(_path(audience, status), audience, status,
                                          _heading(audience, status, declared), kept))
    return lists


def _path(audience: str | None, status: str | None) -> str:
    names = [f"for-{audience}"] if audience else []
    names += [name for each, name, _ in STATUSES if each == status]
    return "register/" + "/".join(names) + ".md"


def _heading(audience: str | None, status: str | None, declared: Audiences) -> str:
    if status is None:
        return f"Register: policies for {declared.label(audience)}"
    if audience is None:
        return f"Register: {HEADINGS[status]}"
    return f"Register: {HEADINGS[status]}, for {declared.label(audience)}"


# Beside a draft's title wherever the preview lists it: a build lists no draft.
DRAFT = "(draft: not published)"


def register_html(shown: RegisterList, lists: list[RegisterList], declared: Audiences,
                  today: datetime.date) -> str:
    """A register page's filters and its policies, as a table and as a summary per policy."""
    if not shown.policies:
        return _filters(shown, lists, declared) + "\n<p>None.</p>"
    rows = [(_link(shown, View(policy), policy.title) + (f" {DRAFT}" if policy.record.draft else ""),
             _cells(policy, shown, declared, today)) for policy in shown.policies]
    return "\n".join([_filters(shown, lists, declared), _table(shown, rows), _summaries(rows)])


def _link(shown: RegisterList, view: View, words: str) -> str:
    return f'<a href="{relative_address(view.path, shown.address)}/">{escape(words)}</a>'


def _filters(shown: RegisterList, lists: list[RegisterList], declared: Audiences) -> str:
    """Two filters that combine: choosing an audience keeps the review status chosen, and the other
    way round. The choice in force is said in words and marked as the current page; a choice that
    would list no policy is not a link."""
    by_choice = {(each.audience, each.status): each for each in lists}
    filters = (("Who it is for", [(None, "Everyone"), *((key, declared.label(key)) for key in declared.keys)],
                lambda audience: (audience, shown.status)),
               ("Review", [(None, "Any review status"), *((status, label) for status, _, label in STATUSES)],
                lambda status: (shown.audience, status)))
    parts = ['<nav class="policy-register__filters" aria-label="Filter the register">']
    for number, (name, choices, choice) in enumerate(filters, start=1):
        parts.append(f'<p class="policy-register__filter-name" id="register-filter-{number}">{name}:</p>'
                     f'<ul class="policy-register__filter" aria-labelledby="register-filter-{number}">')
        for value, label in choices:
            target = by_choice.get(choice(value))
            words = f"{escape(label)} ({len(target.policies) if target else 0})"
            if target is shown:
                parts.append(f'<li><a href="./" aria-current="page">{words}</a>'
                             f' <span class="policy-register__chosen">(shown)</span></li>')
            elif target and target.policies:
                parts.append(f'<li><a href="{relative_address(target.address, shown.address)}/">{words}</a></li>')
            else:
                parts.append(f"<li>{words}</li>")
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
