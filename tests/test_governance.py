"""The policy record: metadata checked at build time, the register's statuses, overdue reviews, coverage."""

import datetime
import os
import textwrap

import pytest

from helpers import Site
from policy_core.governance import read_record
from policy_core.source import read_policy_source

TODAY = datetime.date(2026, 3, 1)


def record_of(front_matter: str):
    text = "---\n" + textwrap.dedent(front_matter) + "---\n# Policy\n"
    source, errors = read_policy_source("docs/policies/p.md", "p", text)
    assert not errors
    return read_record(source, TODAY)


def test_a_full_record_is_read():
    record, errors = record_of("""\
        owner: Headteacher
        approved: 2025-10-14
        approved_by: Full Governing Body
        minute_ref: FGB 14/10/25 item 7
        version: "3"
        review: annual
        statutory: false
        summary: How we all use social media.
        changes:
          - version: "3"
            date: 2025-10-14
            note: Added the rule on contacting staff.
          - version: "2"
            date: 2024-10-01
            note: Yearly review.
        """)
    assert errors == []
    assert record.next_review.end == datetime.date(2026, 10, 14)
    assert record.status(TODAY) == "current"
    assert record.missing == []
    assert dict(record.rows(TODAY)) == {
        "Version": "3", "Approved": "14 October 2025 by Full Governing Body (minute FGB 14/10/25 item 7)",
        "Owner": "Headteacher", "Next review": "14 October 2026 (current, reviewed annually)", "Statutory": "No"}


BAD_VALUES = {
    "approved: 14.10.2025\n": (3, "is not a date"),
    "approved: 2026-12-25\n": (3, "is in the future"),
    "review: yearly\n": (3, 'The review setting "yearly" is not a review cycle or a date'),
    "statutory: maybe\n": (3, 'should be true or false'),
    "owner: [Head, Deputy]\n": (3, 'The setting "owner" should be text'),
    "version: \n": (None, None),
    "changes: Added a rule\n": (3, "The changes setting is not a list"),
    "changes:\n  - note: No date\n": (4, "needs a date and a note"),
    "changes:\n  - version:\n    date: 2025-01-01\n    note: a\n": (4, "has an empty version"),
    "changes:\n  - version: '2'\n    date:\n    note: a\n": (4, "needs a date and a note"),
    "changes:\n  - version: '3'\n    date: 2025-01-01\n    note: a\n  - version: '2'\n    date: last June\n    note: b\n":
        (7, "The date in change note 2 is not a date"),
    "changes:\n  - {version: '2', date: 2024-01-01, note: a}\n  - {version: '3', date: 2025-01-01, note: b}\n":
        (3, "not newest first"),
    "changes:\n  - {version: '3', date: 2025-01-01, note: a, who: me}\n": (4, 'does not know: "who"'),
    "aproved: 2025-01-01\n": (3, 'did you mean "approved"?'),
    "moved: [a, b]\n": (3, "not a list of old anchor: new anchor"),
    "renamed_from: Visitors Policy\n": (3, "not the policy's old file name"),
}


@pytest.mark.parametrize("setting", list(BAD_VALUES))
def test_every_bad_record_value_is_reported_at_its_line_with_a_fix(setting):
    line, problem = BAD_VALUES[setting]
    _, errors = record_of("title: P\n" + setting)
    if problem is None:
        assert errors == []
        return
    assert len(errors) == 1, errors
    assert errors[0].line == line and problem in str(errors[0])
    assert errors[0].fix


@pytest.mark.parametrize("approved, status", [
    ("2025-06-01", "current"),           # review 2026-06-01: 92 days away
    ("2025-04-15", "due within 60 days"),  # review 2026-04-15
    ("2025-02-01", "overdue"),            # review 2026-02-01
])
def test_review_status_counts_from_the_approval(approved, status):
    record, _ = record_of(f"approved: {approved}\nreview: annual\n")
    assert record.status(TODAY) == status


def test_versions_are_shown_as_written_with_or_without_quotes():
    """Read as YAML numbers, 1.10 would be shown as 1.1."""
    record, errors = record_of("""\
        version: 1.10
        changes:
          - {version: 1.10, date: 2025-10-14, note: Second.}
          - {version: 1.0, date: 2024-10-14, note: First.}
        """)
    assert errors == []
    assert dict(record.rows(TODAY))["Version"] == "1.10"
    assert [change.version for change in record.changes] == ["1.10", "1.0"]


def test_a_policy_without_a_record_shows_readers_nothing_and_knows_what_is_missing():
    record, errors = record_of("title: P\n")
    assert errors == []
    assert record.status(TODAY) == "no review date"
    assert record.rows(TODAY) == [] and record.brief(TODAY) is None
    assert record.missing == ["when it was approved", "who approved it", "who owns it", "when it is next reviewed"]


def test_the_record_in_one_line_leaves_out_what_the_school_did_not_record():
    full, _ = record_of('version: "3"\napproved: 2025-10-14\napproved_by: Governors\nreview: annual\n')
    assert full.brief(TODAY) == "Version 3 · approved 14 October 2025 · next review 14 October 2026"
    unnumbered, _ = record_of("approved: 14/10/2025\n")
    assert unnumbered.brief(TODAY) == "Approved 14/10/2025"  # as the school wrote it
    assert dict(unnumbered.rows(TODAY)) == {"Approved": "14/10/2025"}
    late, _ = record_of("approved: Autumn term 2024\nreview: annual\n")
    assert late.brief(TODAY) == "Approved Autumn term 2024 · next review Autumn term 2025 (overdue)"
    cycle_only, _ = record_of("review: every 2 years\n")
    assert cycle_only.brief(TODAY) == "Reviewed every 2 years"
    assert dict(cycle_only.rows(TODAY)) == {"Reviewed": "every 2 years"}
    owner_only, _ = record_of("owner: Headteacher\n")
    assert owner_only.brief(TODAY) is None and dict(owner_only.rows(TODAY)) == {"Owner": "Headteacher"}


def policy(title: str, approved: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\nowner: Office manager\nversion: '1'\napproved: {approved}\n" \
           f"approved_by: Governors\nreview: annual\n{extra}---\n\n# {title}\n\nEveryone reads this.\n"


def governed_site(tmp_path, extra_settings: str = "") -> Site:
    site = Site(tmp_path, extra_settings=extra_settings)
    site.write("policies/current.md", policy("Current Policy", "2025-06-01"))
    site.write("policies/soon.md", policy("Soon Policy", "2025-04-15"))
    site.write("policies/late.md", policy("Late Policy", "2025-02-01"))
    site.write("policies/late2.md", policy("Later Policy", "2024-12-01"))
    return site


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setenv("POLICY_TODAY", TODAY.isoformat())


def test_the_register_shows_each_policys_record_and_status_in_words(tmp_path, fixed_today):
    site = governed_site(tmp_path).built()
    table = site.article("policies").find("table")
    headings = [cell.get_text(strip=True) for cell in table.select("thead th")]
    assert headings == ["Policy", "Owner", "Version", "Approved", "Next review", "Status", "Statutory", "Who it is for"]
    rows = {row.find("th").get_text(strip=True): [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
            for row in table.select("tbody tr")}
    assert rows["Current Policy"][1:7] == ["Office manager", "1", "1 June 2025", "1 June 2026", "Current", "Not recorded"]
    assert rows["Soon Policy"][5] == "Due within 60 days"
    assert rows["Late Policy"][5] == "Overdue"
    assert "All policies" in site.article("").get_text() or site.article("").find("a", href="policies/")


def test_the_register_is_filtered_by_status_and_audience_on_pages_of_its_own(tmp_path, fixed_today):
    site = governed_site(tmp_path).built()
    register = site.article("policies")
    policies = ["Current Policy", "Late Policy", "Later Policy", "Soon Policy"]
    assert [words.get_text(strip=True) for words in register.select(".policy-register__summaries h2")] == policies
    overdue = site.article("register/overdue")
    assert overdue.find("h1").get_text(" ", strip=True).startswith("Register: policies overdue for review")
    assert "2 of the school's 4 policies" in overdue.get_text(" ", strip=True)
    assert [cell.get_text(strip=True) for cell in overdue.select("tbody th")] == ["Late Policy", "Later Policy"]
    assert [words.get_text(strip=True) for words in overdue.select(".policy-register__summaries h2")] == [
        "Late Policy", "Later Policy"]
    assert overdue.select_one("tbody th a")["href"] == "../../policies/late/"
    assert [link.get_text() for link in overdue.select("[aria-current=page]")] == ["Everyone (2)", "Overdue (2)"]
    assert [cell.get_text(strip=True) for cell in site.article("register/due-soon").select("tbody th")] == ["Soon Policy"]
    assert [cell.get_text(strip=True) for cell in site.article("register/for-parents").select("tbody th")] == policies
    assert "register/" not in str(site.page("").select_one("nav.md-nav--primary"))  # reached from the register
    assert not [entry for entry in site.search_index() if entry["location"].startswith("register/")]


def test_overdue_reviews_are_listed_in_one_message_and_do_not_fail_a_strict_build(tmp_path, fixed_today):
    result = governed_site(tmp_path).build()
    assert result.returncode == 0
    lines = [line for line in result.stderr.splitlines() if "overdue for review" in line]
    assert len(lines) == 1
    assert lines[0].startswith("INFO")
    assert "2 policies are overdue for review: Late Policy (due 2026-02-01" in lines[0]
    assert "Later Policy (due 2025-12-01" in lines[0]


def test_a_setting_makes_overdue_reviews_fail_a_strict_build(tmp_path, fixed_today):
    site = Site(tmp_path)
    site.write("policies/late.md", policy("Late Policy", "2025-02-01"))
    settings = site.root / "mkdocs.yml"
    settings.write_text(settings.read_text().replace("extra:\n", "extra:\n  overdue_reviews: warning\n"))
    result = site.build()
    assert result.returncode != 0
    assert "WARNING" in result.stderr and "1 policy is overdue for review: Late Policy" in result.stderr


def test_each_view_shows_the_record_and_the_change_notes_that_touch_it(tmp_path, fixed_today):
    site = Site(tmp_path).write("policies/phones.md", """\
        ---
        title: Phone Policy
        version: "2"
        approved: 2025-09-01
        approved_by: Full Governing Body
        owner: Headteacher
        review: every 2 years
        summary: Phones stay in bags during lessons.
        changes:
          - version: "2"
            date: 2025-09-01
            note: Staff lockers added.
            clauses: [lockers]
          - version: "1"
            date: 2024-09-01
            note: First version.
        ---

        # Phone Policy

        Phones stay in bags.

        - Staff use lockers. { #lockers audience="staff" }
        """).built()
    full = site.article("policies/phones")
    record = {item.dt.get_text(strip=True): item.dd.get_text(strip=True) for item in full.select(".policy-record__item")}
    assert record == {"Version": "2", "Approved": "1 September 2025 by Full Governing Body", "Owner": "Headteacher",
                      "Next review": "1 September 2027 (current, reviewed every 2 years)"}
    assert "In short: Phones stay in bags during lessons." in full.get_text(" ", strip=True)
    notes = [note.get_text(" ", strip=True) for note in full.select(".policy-changes li")]
    assert notes == ["Version 2, 1 September 2025: Staff lockers added.", "Version 1, 1 September 2024: First version."]
    parents_notes = [note.get_text(" ", strip=True) for note in site.article("policies/phones/parents")
                     .select(".policy-changes li")]
    assert parents_notes == ["Version 1, 1 September 2024: First version."]


def test_a_policy_without_governance_fields_builds_and_the_school_is_told_what_is_missing(tmp_path):
    site = Site(tmp_path).write("policies/plain.md", "# Plain Policy\n\nText.\n").built()
    for page in ("policies/plain", "policies/plain/parents"):  # readers are not told what the school did not record
        article = site.article(page)
        assert article.select_one(".policy-record") is None
        assert "not recorded" not in article.get_text().lower()
    coverage = site.article("coverage").get_text(" ", strip=True)
    assert "Not in its record yet: when it was approved, who approved it, who owns it, when it is next reviewed." in coverage
    row = site.article("policies").select_one("tbody tr")
    assert [cell.get_text(strip=True) for cell in row.find_all("td")][:6] == [
        "Not recorded", "–", "Not recorded", "Not known", "No review date", "Not recorded"]


def test_a_change_note_naming_a_missing_clause_stops_the_build(tmp_path):
    result = Site(tmp_path).write("policies/p.md", """\
        ---
        title: P
        changes:
          - {version: "1", date: 2024-09-01, note: First., clauses: [nowhere]}
        ---

        Text.
        """).build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert 'docs/policies/p.md:3: The change note for version 1 names a clause that does not exist: "nowhere"' \
        in result.stderr


def test_the_coverage_page_shows_which_clause_reaches_which_audience(tmp_path):
    site = Site(tmp_path).write("policies/pay.md", """\
        ---
        title: Pay Policy
        audiences: [staff, governors, parents]
        ---

        # Pay Policy

        ## Salaries { audience="staff governors" }

        - Staff are paid monthly. { #monthly audience="staff" }

        ## Reserved { audience="governors" }
        """).built()
    coverage = site.article("coverage")
    text = coverage.get_text(" ", strip=True).replace(" .", ".")
    assert "Audiences whose version would be empty (so it is not made): Governors, Parents and carers." in text
    assert "Clauses only the full policy shows: reserved." in text
    rows = {row.find("td").get_text(strip=True): [cell.get_text(strip=True) for cell in row.find_all("td")[2:]]
            for row in coverage.select("tbody tr")}
    assert rows["monthly"] == ["Yes", "No", "No"]
    assert rows["salaries"] == ["Yes", "No", "No"]  # governors' version drops the emptied section
    assert "coverage" not in site.page("").select_one("nav.md-nav--primary").get_text()


def test_a_wrong_record_value_stops_the_build_with_file_line_and_fix(tmp_path, fixed_today):
    result = Site(tmp_path).write("policies/p.md", policy("P", "2026-06-01")).build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert 'docs/policies/p.md:5: The date in "approved" is in the future: 2026-06-01.' in result.stderr
    assert "How to fix it: use the date the governors actually approved it" in result.stderr
