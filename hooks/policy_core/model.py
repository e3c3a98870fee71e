"""The policy model: plain data that every view, hub and register page is made from."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Clause:
    """One heading, paragraph, list item, table, admonition or block quote of a policy."""

    id: str
    kind: str
    audiences: frozenset[str]
    text: str
    line: int | None = None
    number: int | None = None  # its number in an ordered list, the same in every view
    tagged: bool = False  # carries its own audience tag, rather than inheriting one


@dataclass
class Policy:
    """One policy file, read and checked: what each view and hub needs to know of it."""

    slug: str
    file: str
    title: str
    audiences: tuple[str, ...]
    clauses: list[Clause] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def clauses_for(self, audience: str) -> list[Clause]:
        return [clause for clause in self.clauses if audience in clause.audiences]

    @property
    def audiences_with_clauses(self) -> tuple[str, ...]:
        """The audiences that get a view: those with at least one clause besides headings."""
        return tuple(audience for audience in self.audiences
                     if any(clause.kind != "heading" for clause in self.clauses_for(audience)))


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
        base = f"policies/{self.policy.slug}/"
        return base if self.is_full else f"{base}{self.audience}/"
