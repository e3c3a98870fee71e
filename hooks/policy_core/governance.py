"""A policy's record: who owns it, who approved which version when, when it is next reviewed, and
what changed. Read from front matter and checked, so governors can trust the register."""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field

from .errors import PolicyError
from .source import WEB_NAME, PolicySource

REVIEW_YEARS = {"annual": 1, "every 2 years": 2, "every 3 years": 3, "every 4 years": 4}
REVIEW_WORDS = {"annual": "annually"}  # "reviewed annually", "reviewed every 2 years"
DUE_SOON_DAYS = 60
RECORD_SETTINGS = ("owner", "approved", "approved_by", "minute_ref", "version", "review", "statutory",
                   "summary", "changes", "moved", "renamed_from")
# Settings of the page itself, read by the policy core, MkDocs or Material rather than the record.
PAGE_SETTINGS = ("title", "audiences", "search", "hide", "description", "tags", "icon",
                 "status", "subtitle", "numbering")
CHANGE_SETTINGS = ("version", "date", "note", "clauses")


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
    """One change note: the version it made, when, what changed, and which clauses it touched."""

    version: str
    date: datetime.date
    note: str
    clauses: tuple[str, ...] = ()


@dataclass
class Record:
    owner: str | None = None
    approved: datetime.date | None = None
    approved_by: str | None = None
    minute_ref: str | None = None
    version: str | None = None
    review: str | datetime.date | None = None
    statutory: bool | None = None
    summary: str | None = None
    changes: list[Change] = field(default_factory=list)
    moved: dict[str, str] = field(default_factory=dict)  # old anchor -> new anchor or "policy#anchor"
    renamed_from: tuple[str, ...] = ()  # the policy's old file names
    lines: dict[str, int] = field(default_factory=dict)  # where each setting is, for error messages

    @property
    def next_review(self) -> datetime.date | None:
        if isinstance(self.review, datetime.date):
            return self.review
        if self.review in REVIEW_YEARS and self.approved:
            return _add_years(self.approved, REVIEW_YEARS[self.review])
        return None

    def status(self, today: datetime.date) -> str:
        """The review status, in words: current, due within 60 days, or overdue."""
        due = self.next_review
        if due is None:
            return "no review date"
        if due < today:
            return "overdue"
        if (due - today).days <= DUE_SOON_DAYS:
            return "due within 60 days"
        return "current"

    def rows(self, today: datetime.date) -> list[tuple[str, str]]:
        """The record as a reader sees it, saying plainly what is not recorded."""
        approved = "Not recorded"
        if self.approved or self.approved_by:
            approved = " ".join(part for part in (long_date(self.approved), self.approved_by and f"by {self.approved_by}")
                                if part)
            if self.minute_ref:
                approved += f" (minute {self.minute_ref})"
        cycle = REVIEW_WORDS.get(self.review, self.review) if isinstance(self.review, str) else None
        if self.next_review:
            review = f"{long_date(self.next_review)} ({self.status(today)}" + (f", reviewed {cycle})" if cycle else ")")
        elif cycle:
            review = f"Not known: reviewed {cycle}, but no approval date is recorded"
        else:
            review = "Not recorded"
        rows = [("Version", self.version or "Not recorded"), ("Approved", approved),
                ("Owner", self.owner or "Not recorded"), ("Next review", review)]
        if self.statutory is not None:
            rows.append(("Statutory", "Yes" if self.statutory else "No"))
        return rows

    @property
    def missing(self) -> list[str]:
        """The governance details this policy does not record yet, in words."""
        wanted = {"version": self.version, "approval date": self.approved, "who approved it": self.approved_by,
                  "owner": self.owner, "review cycle": self.review}
        return [name for name, value in wanted.items() if value in (None, "")]


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


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
            lines={str(name): self.source.lines.setting_line(str(name)) for name in self.meta},
        )
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

    def _date(self, name: str, value=None, where: str | None = None, line: int | None = None) -> datetime.date | None:
        value = self.meta.get(name) if value is None else value
        if value is None:
            return None
        label = where or f'"{name}"'
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
            self._error(name, f"The date in {label} is not a date: {value}.",
                        "write it as year-month-day, for example 2025-10-14.", line)
            return None
        if value > self.today:
            self._error(name, f"The date in {label} is in the future: {value}.",
                        "use the date the governors actually approved it; record a planned date once it has happened.",
                        line)
            return None
        return value

    def _review(self) -> str | datetime.date | None:
        value = self.meta.get("review")
        if value is None:
            return None
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        if isinstance(value, str) and value.strip().lower() in REVIEW_YEARS:
            return value.strip().lower()
        choices = ", ".join(REVIEW_YEARS)
        self._error("review", f'The review setting "{value}" is not a review cycle or a date.',
                    f"write one of: {choices}; or the next review date as year-month-day, for example 2026-10-14.")
        return None

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
        example = 'a list, newest first, of entries with version, date and note, for example:\n' \
                  '      changes:\n        - version: "3"\n          date: 2025-10-14\n          note: What changed.'
        if not isinstance(value, list):
            self._error("changes", "The changes setting is not a list.", f"write {example}")
            return []
        changes = []
        for number, entry in enumerate(value, start=1):
            where = f"change note {number}"
            line = self.source.lines.list_item_line("changes", number)
            if not isinstance(entry, dict) or any(entry.get(key) is None or not str(entry[key]).strip()
                                                  for key in ("version", "date", "note")):
                self._error("changes", f"The {where} needs a version, a date and a note.", f"write {example}", line)
                continue
            unknown = [key for key in entry if key not in CHANGE_SETTINGS]
            if unknown:
                self._error("changes", f'The {where} has a setting it does not know: "{unknown[0]}".',
                            "a change note has version, date, note, and optionally clauses (the ids it touched).", line)
            day = self._date("changes", entry["date"], where, line)
            clauses = entry.get("clauses") or []
            if not isinstance(clauses, list) or not all(isinstance(each, str) for each in clauses):
                self._error("changes", f"The clauses of {where} are not a list of clause ids.",
                            "write them as a list, for example: clauses: [contacting-staff].", line)
                clauses = []
            if day is not None:
                changes.append(Change(str(entry["version"]), day, str(entry["note"]).strip(), tuple(clauses)))
        if any(later.date > earlier.date for earlier, later in zip(changes, changes[1:])):
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


def long_date(day: datetime.date | None) -> str | None:
    """A date as people in English schools write it: 14 October 2025."""
    return f"{day.day} {day:%B %Y}" if day else None
