"""Which policies are due for review soon, and which are overdue: the reminder a school gets each
week without anyone running the build. Only each policy's settings are read, not its text."""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import PolicyError
from .governance import read_record
from .school_dates import SchoolDate, long_date
from .source import read_policy_source

HEADING = re.compile(r"^#[ \t]+(?P<words>.+?)(?:[ \t]*\{[^}]*\})?[ \t]*$", re.MULTILINE)
# What Markdown or HTML would read as something other than the words (a title "Pay | Leave" would
# split a table row in two).
MARKDOWN_SIGNS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


@dataclass(frozen=True)
class DueReview:
    title: str
    file: str
    due: SchoolDate

    def days_left(self, today: datetime.date) -> int:
        """Counted to the last day of the review's month or term, as the register counts; below 0 once overdue."""
        return (self.due.end - today).days


def due_reviews(policies: Iterable[tuple[str, str, str]], today: datetime.date,
                within: int) -> tuple[list[DueReview], list[PolicyError]]:
    """The published policies whose review is due within `within` days of `today`, or overdue,
    soonest first. `policies` are each policy's file, file name without .md, and text. A policy whose
    settings cannot be read is a problem, as it is to the build: its review date is not known."""
    due, errors = [], []
    for file, slug, text in policies:
        source, problems = read_policy_source(file, slug, text)
        record, record_problems = read_record(source, today) if not problems else (None, [])
        errors += problems + record_problems
        if problems or record_problems or record.draft or record.next_review is None:
            continue
        review = DueReview(_title(source.meta, source.body, slug), file, record.next_review)
        if review.days_left(today) <= within:
            due.append(review)
    return sorted(due, key=lambda each: (each.due.end, each.title.lower())), errors


def reviews_text(due: list[DueReview], today: datetime.date, within: int) -> str:
    """For a person at a terminal."""
    if not due:
        return f"No policy is overdue for review, and none is due within {within} days."
    return "\n".join(f"{review.title} ({review.file}): {_when(review, today)}" for review in due)


def reviews_markdown(due: list[DueReview], today: datetime.date, within: int) -> str:
    """For the job summary and the reminder issue on GitHub; nothing when nothing is due."""
    if not due:
        return ""
    rows = [f"| {_words(review.title)} | {_when(review, today)} | {_words(review.file)} |" for review in due]
    return "\n".join([
        "## Policies to review", "",
        f"Reviews overdue or due within {within} days, as of {long_date(today)}. Review each policy, record "
        "the new approval and review date in its settings, and this list updates itself each week.", "",
        "| Policy | Review | File |", "| --- | --- | --- |", *rows, ""])


def _when(review: DueReview, today: datetime.date) -> str:
    days = review.days_left(today)
    if days < 0:
        return f"overdue: it was due by {long_date(review.due.end)}"
    return f"due by {long_date(review.due.end)}, " + ("today" if days == 0 else
                                                      "in 1 day" if days == 1 else f"in {days} days")


def _title(meta: dict, body: str, slug: str) -> str:
    """As the site names the policy: its title setting, or its # heading; its file name if it has neither."""
    heading = HEADING.search(body)
    title = meta.get("title") or (heading["words"] if heading else slug)
    return " ".join(str(title).split())


def _words(text: str) -> str:
    """Editors' words as text in Markdown. GitHub reads @name as a mention, telling that account, and
    #12 as a link to issue 12, whatever the Markdown: an invisible space after the sign keeps them words."""
    return re.sub(r"[@#]", r"\g<0>&#8203;", MARKDOWN_SIGNS.sub(r"\\\1", html.escape(text, quote=False)))
