"""Dates as schools write them: a day (2025-10-14, 14/10/2025, 14th October 2025), a month
(March 2024, 2024-03) or a term of the English school year (Autumn term 2025, Spring 2026).

Each is shown as the school wrote it, and counted by the last day it can mean: a review due in
"Autumn term 2025" is overdue from 1 January 2026, not before.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

# Every form the site reads, for the fix of a date it cannot.
DATE_FORMS = ("a day, such as 2025-10-14, 14/10/2025, 14 October 2025, 14th October 2025 or 14 Oct 2025; "
              "a month, such as March 2024, Mar 2024 or 2024-03; or a term, such as Autumn 2025, "
              "Autumn term 2025, Spring term 2026, Summer 2026 or Autumn term 2025/26")
MONTHS = {name: number for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}
MONTHS.update({name[:3]: number for name, number in MONTHS.items()}, sept=9)
# The terms of the English school year: the months each starts and ends in.
TERMS = {"autumn": (9, 12), "spring": (1, 3), "summer": (4, 8)}
MONTH_WORD = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
FORMS = [
    ("day", re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")),
    ("month", re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})")),
    ("day", re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})")),  # day first, as in the UK
    ("day", re.compile(rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH_WORD}\s+(?P<year>\d{{4}})", re.IGNORECASE)),
    ("month", re.compile(rf"{MONTH_WORD}\s+(?P<year>\d{{4}})", re.IGNORECASE)),
    # A school year written after the term (Spring term 2025/26) names the year the term is in.
    ("term", re.compile(r"(?P<term>autumn|spring|summer)(?:\s+term)?\s+(?P<year>\d{4})(?:/(?P<next>\d{2}|\d{4}))?",
                        re.IGNORECASE)),
]


@dataclass(frozen=True)
class SchoolDate:
    """A day, month or term: the words shown, and its first and last day."""

    shown: str
    start: datetime.date
    end: datetime.date

    def years_later(self, years: int) -> SchoolDate:
        """The same day, month or term `years` on: the next review of a cycle."""
        if self.start == self.end:
            return day_date(_add_years(self.start, years))
        start = self.start.replace(year=self.start.year + years)
        end = _last_day(start.year, self.end.month)  # a month or term lies within one calendar year
        term = next((name for name, months in TERMS.items() if months == (start.month, end.month)), None)
        return SchoolDate(f"{term.capitalize()} term {start.year}" if term else f"{start:%B %Y}", start, end)


def day_date(day: datetime.date) -> SchoolDate:
    return SchoolDate(long_date(day), day, day)


def read_school_date(value) -> tuple[SchoolDate | None, str | None]:
    """The date `value` (as YAML read it) means, or why it is not one: "form" when it is written
    in no form the site reads, "calendar" when it names a day or month that does not exist."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return day_date(value), None  # YAML reads 2025-10-14 as a date
    if not isinstance(value, str):
        return None, "form"
    written = value.strip()
    for kind, form in FORMS:
        found = form.fullmatch(written)
        if found:
            try:
                return _made(kind, found.groupdict(), written), None
            except ValueError:
                return None, "calendar"
    return None, "form"


def _made(kind: str, parts: dict, written: str) -> SchoolDate:
    year = int(parts["year"])
    if kind == "term":
        term = parts["term"].lower()
        if parts["next"]:  # a school year: 2025/26 is autumn 2025, spring and summer 2026
            if int(parts["next"]) not in (year + 1, (year + 1) % 100):
                raise ValueError("not a school year")
            year += term != "autumn"
        first, last = TERMS[term]
        return SchoolDate(written, datetime.date(year, first, 1), _last_day(year, last))
    month = parts["month"]
    month = int(month) if month.isdigit() else MONTHS[month.lower()]
    if kind == "day":
        day = datetime.date(year, month, int(parts["day"]))
        return SchoolDate(long_date(day) if "-" in written else written, day, day)
    start = datetime.date(year, month, 1)
    return SchoolDate(f"{start:%B %Y}" if "-" in written else written, start, _last_day(year, month))


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def long_date(day: datetime.date | None) -> str | None:
    """A date as people in English schools write it: 14 October 2025."""
    return f"{day.day} {day:%B %Y}" if day else None
