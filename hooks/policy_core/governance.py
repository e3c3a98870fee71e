"""A policy's record: who owns it, who approved which version when, when it is next reviewed, and
what changed. Read from front matter and checked, so governors can trust the register."""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field

from .errors import PolicyError
from .school_dates import DATE_FORMS, SchoolDate, read_school_date
from .source import WEB_NAME, PolicySource

REVIEW_YEARS = {"annual": 1, "every 2 years": 2, "every 3 years": 3, "every 4 years": 4}
REVIEW_WORDS = {"annual": "annually"}  # "reviewed annually", "reviewed every 2 years"
DUE_SOON_DAYS = 60
RECORD_SETTINGS = ("owner", "approved", "approved_by", "minute_ref", "version", "review", "statutory",
                   "summary", "changes", "moved", "renamed_from",
                   "effective_from", "signed_by", "shared_with_staff", "draft")
# Settings of the page itself, read by the policy core, MkDocs or Material rather than the record.
PAGE_SETTINGS = ("title", "audiences", "search", "hide", "description", "tags", "icon", "numbering",
                 "status", "subtitle", "child_friendly", "easy_read")
CHANGE_SETTINGS = ("version", "date", "note", "clauses")
CALENDAR_FIX = ("check the day, month and year. Dates written with / are read day first, as in the UK: 14/10/2025 "
                "is 14 October 2025. A school year is two years in a row: Spring term 2025/26.")


def settings_shown_as_text(source: PolicySource) -> list[PolicyError]:
    """Settings with no '---' lines around them (or lines of four dashes or more), which Markdown
    would show as text in every version while the site ignored them, who the policy is for included."""
    lines = source.text.split("\n")
    first = next((number for number, line in enumerate(lines) if line.strip()), None)
    if first is None or source.body != source.text:
        return []  # empty, or its settings were read
    dashes = re.fullmatch(r"-{4,}[ \t]*", lines[first])
    setting = re.match(r"([a-z_]+)[ \t]*:", lines[first + 1] if dashes and first + 1 < len(lines) else lines[first])
    if not setting or setting.group(1) not in RECORD_SETTINGS + PAGE_SETTINGS:
        return []
    if dashes:
        return [PolicyError(source.file, first + 1, "The settings at the top are between lines of four dashes or "
                                                    "more, so every version would show them as text and the site "
                                                    "would ignore them.",
                            "make the lines above and below the settings exactly three dashes: ---")]
    return [PolicyError(source.file, first + 1, f'"{setting.group(1)}:" looks like a setting, but the settings at the '
                                                "top have no '---' lines around them, so every version would show "
                                                "them as text and the site would ignore them.",
                        "put a line of three dashes (---) above the first setting and another below the last.")]


@dataclass(frozen=True)
class Change:
    """One change note: the version it made (many schools do not number them), when, what changed,
    and which clauses it touched."""

    version: str | None
    date: SchoolDate
    note: str
    clauses: tuple[str, ...] = ()


@dataclass
class Record:
    owner: str | None = None
    approved: SchoolDate | None = None
    approved_by: str | None = None
    minute_ref: str | None = None
    version: str | None = None
    review: str | SchoolDate | None = None
    statutory: bool | None = None
    summary: str | None = None
    changes: list[Change] = field(default_factory=list)
    moved: dict[str, str] = field(default_factory=dict)  # old anchor -> new anchor or "policy#anchor"
    renamed_from: tuple[str, ...] = ()  # the policy's old file names
    effective_from: SchoolDate | None = None
    signed_by: str | None = None
    shared_with_staff: SchoolDate | None = None
    draft: bool = False  # previewed by mkdocs serve, never published by mkdocs build
    lines: dict[str, int] = field(default_factory=dict)  # where each setting is, for error messages

    @property
    def next_review(self) -> SchoolDate | None:
        if isinstance(self.review, SchoolDate):
            return self.review
        if self.review in REVIEW_YEARS and self.approved:
            return self.approved.years_later(REVIEW_YEARS[self.review])
        return None

    def status(self, today: datetime.date) -> str:
        """The review status, in words: current, due within 60 days, or overdue, counted from the
        last day of the review's month or term."""
        if self.next_review is None:
            return "no review date"
        due = self.next_review.end
        if due < today:
            return "overdue"
        if (due - today).days <= DUE_SOON_DAYS:
            return "due within 60 days"
        return "current"

    @property
    def cycle(self) -> str | None:
        """How often it is reviewed, in words ("annually", "every 2 years"), when a cycle is recorded."""
        return REVIEW_WORDS.get(self.review, self.review) if isinstance(self.review, str) else None

    def rows(self, today: datetime.date) -> list[tuple[str, str]]:
        """The record as a reader sees it: what the school recorded, and nothing about what it has not
        (the register and the coverage page tell the school that)."""
        approved = " ".join(part for part in (self.approved and self.approved.shown,
                                              self.approved_by and f"by {self.approved_by}",
                                              self.minute_ref and f"(minute {self.minute_ref})") if part)
        # Many schools never number versions: a version is shown when there is one, never asked for.
        rows = [(label, value) for label, value in (("Version", self.version), ("Approved", approved),
                                                    ("Owner", self.owner)) if value]
        if self.next_review:
            rows.append(("Next review", f"{self.next_review.shown} ({self.status(today)}"
                                        + (f", reviewed {self.cycle})" if self.cycle else ")")))
        elif self.cycle:
            rows.append(("Reviewed", self.cycle))
        rows += [(label, value.shown if isinstance(value, SchoolDate) else value)
                 for label, value in (("Effective from", self.effective_from), ("Signed by", self.signed_by),
                                      ("Shared with staff", self.shared_with_staff)) if value]
        if self.statutory is not None:
            rows.append(("Statutory", "Yes" if self.statutory else "No"))
        return rows

    def brief(self, today: datetime.date) -> str | None:
        """The record in one line, for the top of a page: "Version 3 · approved 14 October 2025 · next
        review 14 October 2026", leaving out what the school has not recorded."""
        parts = [self.version and f"Version {self.version}", self.approved and f"approved {self.approved.shown}"]
        if self.next_review:
            overdue = self.status(today) == "overdue"
            parts.append(f"next review {self.next_review.shown}" + (" (overdue)" if overdue else ""))
        elif self.cycle:
            parts.append(f"reviewed {self.cycle}")
        line = " · ".join(part for part in parts if part)
        return line[:1].upper() + line[1:] or None

    @property
    def missing(self) -> list[str]:
        """The governance details this policy does not record yet, in words, for the school's own
        pages (the coverage page): readers are never told what the school did not record."""
        wanted = {"when it was approved": self.approved, "who approved it": self.approved_by,
                  "who owns it": self.owner, "when it is next reviewed": self.review}
        return [name for name, value in wanted.items() if value in (None, "")]


def read_record(source: PolicySource, today: datetime.date) -> tuple[Record, list[PolicyError]]:
    """Check every record setting in a policy's front matter; a wrong value says how to fix it."""
    reader = _RecordReader(source, today)
    return reader.read(), reader.errors


class _RecordReader:
    def __init__(self, source: PolicySource, today: datetime.date):
        self.source = source
        self.meta = source.meta
        self.today = today
        self.errors: list[PolicyError] = []

    def read(self) -> Record:
        self._check_setting_names()
        record = Record(
            owner=self._text("owner", "the role that looks after the policy, for example: owner: Headteacher"),
            approved=self._date("approved"),
            approved_by=self._text("approved_by", "who approved it, for example: approved_by: Full Governing Body"),
            minute_ref=self._text("minute_ref", "the minute, for example: minute_ref: FGB 14/10/25 item 7"),
            version=self._text("version", 'the version, for example: version: 3.1'),
            review=self._review(),
            statutory=self._yes_or_no("statutory"),
            summary=self._text("summary", "a sentence or two in plain English"),
            changes=self._changes(),
            moved=self._moved(),
            renamed_from=self._renamed_from(),
            effective_from=self._date("effective_from", past=False),
            signed_by=self._text("signed_by", "who signed it, for example: signed_by: Chair of Governors"),
            shared_with_staff=self._date("shared_with_staff"),
            draft=self._yes_or_no("draft") or False,
            lines={str(name): self.source.lines.setting_line(str(name)) for name in self.meta},
        )
        if record.approved and isinstance(record.review, SchoolDate) and record.review.end < record.approved.start:
            self._error("review", f"The review date ({record.review.shown}) is before the approval date "
                                  f"({record.approved.shown}).",
                        "write the date of the next review, after the approval; or a review cycle such as annual.")
        return record

    def _error(self, name: str, problem: str, fix: str, line: int | None = None) -> None:
        """A problem with the setting `name`, on its line unless `line` names one inside it."""
        self.errors.append(PolicyError(self.source.file, line or self.source.lines.setting_line(name), problem, fix))

    def _check_setting_names(self) -> None:
        known = RECORD_SETTINGS + PAGE_SETTINGS
        for name in self.meta:
            if name in known:
                continue
            if name == "template":  # MkDocs' own setting, which would give the policy another page layout
                self._error(name, "A policy cannot choose its page layout (template).",
                            "remove the template setting: every policy uses the site's own page layout, which "
                            "shows its versions, its record and its PDF.")
                continue
            nearest = difflib.get_close_matches(str(name), known, n=1, cutoff=0.75)
            self._error(str(name), f'The front matter has a setting "{name}" that the site does not know.',
                        f'did you mean "{nearest[0]}"?' if nearest else
                        f"remove it, or use one of the settings a policy can have: {', '.join(known)}.")

    def _text(self, name: str, example: str) -> str | None:
        value = self.meta.get(name)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self._error(name, f'The setting "{name}" should be text.', f"write {example}.")
            return None
        return value.strip()

    def _date(self, name: str, value=None, where: str | None = None, line: int | None = None,
              past: bool = True) -> SchoolDate | None:
        """A date as schools write it; unless `past` is False, one that has begun by today (a
        month or term may be under way), since it records what has happened."""
        value = self.meta.get(name) if value is None else value
        if value is None:
            return None
        label = where or f'"{name}"'
        day, problem = read_school_date(value)
        if problem == "calendar":
            self._error(name, f"The date in {label} is not on the calendar: {value}.", CALENDAR_FIX, line)
        elif problem:
            self._error(name, f"The date in {label} is not a date: {value}.", f"write {DATE_FORMS}.", line)
        elif past and day.start > self.today:
            self._error(name, f"The date in {label} is in the future: {value}.",
                        "use the date the governors actually approved it (or it actually happened); record a planned "
                        "date once it has happened.", line)
        else:
            return day
        return None

    def _review(self) -> str | SchoolDate | None:
        value = self.meta.get("review")
        if value is None:
            return None
        if isinstance(value, str) and value.strip().lower() in REVIEW_YEARS:
            return value.strip().lower()
        day, problem = read_school_date(value)
        if problem == "calendar":
            self._error("review", f'The review date "{value}" is not on the calendar.', CALENDAR_FIX)
        elif problem:
            self._error("review", f'The review setting "{value}" is not a review cycle or a date.',
                        f"write one of: {', '.join(REVIEW_YEARS)}; or the next review as {DATE_FORMS}.")
        return day

    def _yes_or_no(self, name: str) -> bool | None:
        value = self.meta.get(name)
        if value is None or isinstance(value, bool):
            return value
        self._error(name, f'The setting "{name}" should be true or false, not "{value}".',
                    f"write {name}: true or {name}: false.")
        return None

    def _changes(self) -> list[Change]:
        value = self.meta.get("changes")
        if value is None:
            return []
        example = 'a list, newest first, of entries with a date, a note and (if you number versions) a version, ' \
                  'for example:\n' \
                  '      changes:\n        - version: "3"\n          date: 2025-10-14\n          note: What changed.'
        if not isinstance(value, list):
            self._error("changes", "The changes setting is not a list.", f"write {example}")
            return []
        changes = []
        for number, entry in enumerate(value, start=1):
            where = f"change note {number}"
            line = self.source.lines.list_item_line("changes", number)
            if not isinstance(entry, dict) or any(entry.get(key) is None or not str(entry[key]).strip()
                                                  for key in ("date", "note")):
                self._error("changes", f"The {where} needs a date and a note.", f"write {example}", line)
                continue
            if "version" in entry and not str(entry["version"] or "").strip():
                self._error("changes", f"The {where} has an empty version.",
                            "write the version it made, or remove the version line if the school does not number "
                            "its versions.", line)
                continue
            unknown = [key for key in entry if key not in CHANGE_SETTINGS]
            if unknown:
                self._error("changes", f'The {where} has a setting it does not know: "{unknown[0]}".',
                            "a change note has a date and a note, and optionally a version and clauses "
                            "(the ids it touched).", line)
            day = self._date("changes", entry["date"], where, line)
            clauses = entry.get("clauses") or []
            if not isinstance(clauses, list) or not all(isinstance(each, str) for each in clauses):
                self._error("changes", f"The clauses of {where} are not a list of clause ids.",
                            "write them as a list, for example: clauses: [contacting-staff].", line)
                clauses = []
            if day is not None:
                version = str(entry["version"]).strip() if "version" in entry else None
                changes.append(Change(version, day, str(entry["note"]).strip(), tuple(clauses)))
        # Out of order only if the later note must be newer: "March 2025" may come after 2025-03-10.
        if any(later.date.start > earlier.date.end for earlier, later in zip(changes, changes[1:])):
            self._error("changes", "The change notes are not newest first.",
                        "put the most recent change at the top of the list.")
        return changes

    def _moved(self) -> dict[str, str]:
        value = self.meta.get("moved")
        if value is None:
            return {}
        anchor = re.compile(r"(?:[a-z0-9][a-z0-9-]*#)?[^\s#]+\Z")
        if not isinstance(value, dict) or not all(isinstance(old, str) and isinstance(new, str)
                                                  and anchor.match(new) for old, new in value.items()):
            self._error("moved", "The moved setting is not a list of old anchor: new anchor.",
                        "write each on its own line, for example:\n      moved:\n        old-anchor: new-anchor\n"
                        "        another-old-anchor: other-policy#its-anchor")
            return {}
        return dict(value)

    def _renamed_from(self) -> tuple[str, ...]:
        value = self.meta.get("renamed_from")
        if value is None:
            return ()
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(isinstance(name, str) and
                                                  WEB_NAME.match(name.removesuffix(".md"))
                                                  for name in names):
            self._error("renamed_from", "The renamed_from setting is not the policy's old file name.",
                        "write the old file name without .md, for example: renamed_from: e-safety")
            return ()
        return tuple(name.removesuffix(".md") for name in names)

