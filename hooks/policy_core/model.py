"""The policy model: plain data that every view, hub and register page is made from."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .governance import Record


@dataclass(frozen=True)
class Clause:
    """One heading, paragraph, list item, table, admonition or block quote of a policy."""

    id: str
    kind: str
    audiences: frozenset[str]
    text: str
    number: int | None = None  # its number in an ordered list, the same in every view
    tagged: bool = False  # carries its own audience tag, rather than inheriting one
    named: bool = False  # its id was given by the author, for a link that survives editing
    clause_number: str = ""  # "2.1" in a policy with numbering on, the same in every view

    @property
    def numbered_text(self) -> str:
        """Its words as readers see them, after its number."""
        return f"{self.clause_number} {self.text}" if self.clause_number else self.text


@dataclass(eq=False)
class Policy:
    """One policy file, read and checked: what each view, hub and register row needs of it."""

    slug: str
    file: str
    title: str
    audiences: tuple[str, ...]
    clauses: list[Clause] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    heading: str = ""  # the words of its "#" heading, or its title
    record: Record = field(default_factory=Record)
    # The ids of the clauses each view shows, worked out by making the view: None is the full view.
    shown: dict[str | None, frozenset[str]] = field(default_factory=dict)
    friendly_versions: tuple = ()  # its separate versions for children or in easy read

    def clauses_in(self, audience: str | None) -> list[Clause]:
        ids = self.shown.get(audience, frozenset())
        return [clause for clause in self.clauses if clause.id in ids]

    @cached_property  # asked for each of its views and register rows; its clauses' ids and kinds never change
    def audiences_with_clauses(self) -> tuple[str, ...]:
        """The audiences that get a view: those with at least one clause besides headings."""
        return tuple(audience for audience in self.audiences
                     if any(clause.kind != "heading" for clause in self.clauses_in(audience)))


@dataclass(frozen=True)
class View:
    """The full view of a policy (audience None) or the view for one audience."""

    policy: Policy
    audience: str | None = None

    @property
    def is_full(self) -> bool:
        return self.audience is None

    @property
    def path(self) -> str:
        """Where the view lives on the site, relative to its root."""
        return view_path(self.policy.slug, self.audience)


def view_path(slug: str, audience: str | None = None) -> str:
    base = f"policies/{slug}/"
    return base if audience is None else f"{base}{audience}/"


def relative_address(path: str, start: str) -> str:
    """posixpath.relpath for the site's own addresses (relative, without "." or ".."), in words
    alone: relpath asks the system for the current folder each time, and a register has thousands of links."""
    to, frm = [part for part in path.split("/") if part], [part for part in start.split("/") if part]
    common = 0
    while common < min(len(to), len(frm)) and to[common] == frm[common]:
        common += 1
    return "/".join([".."] * (len(frm) - common) + to[common:]) or "."
