"""policy-import: Word policies, written with Word users' habits, into policy files that build."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers import REPO, Site
from policy_import import main
from word_files import WordDocument

FOOTNOTES = "  - footnotes\n"


def behaviour_policy() -> WordDocument:
    """Oakfield's behaviour policy as a Word user leaves it: a header table, headings at odd levels,
    a bold line as a heading, placeholders, lists, tables, a link, a footnote and a picture."""
    document = WordDocument().title("Behaviour Policy")
    document.table([["Date approved", "14/03/2024"], ["Approved by", "Full Governing Body"],
                    ["Review date", "14/03/2025"], ["Version", "3"], ["Policy owner", "Headteacher"]])
    document.heading("Aims", 1)
    document.paragraph("Oakfield Primary expects ", ("good", "bold"), " behaviour from ", ("every", "italic"), " pupil.")
    document.paragraph("Staff at [school name] call <insert number> or XXX, or ", ("Mrs Example", "highlight"), ".")
    document.heading("Rewards", 3)  # straight from Heading 1 to Heading 3
    document.paragraph("Stars are given * for _effort_ {and} # kindness; a < b & c.[1]")
    document.bold_line("House points")
    document.paragraph("   ")
    document.list_item("Gold stars")
    document.list_item("Silver stars", level=1)
    document.list_item("Certificates")
    document.bold_line("Merits")
    document.list_item("First step", numbered=True)
    document.list_item("Second step", numbered=True)
    document.heading("Contacts", 1)
    document.table([["Name", "Role", "Phone"], ["Ann Lee", "Safeguarding lead", "01234 567890"],
                    ["Bob Roe", "Head | Deputy", "01234 567891"]], bold_first_row=True)
    document.table([["Office hours", "8am to 4pm"], ["Email", "office@oakfield.example"]])
    document.link("See the ", "exclusions guidance", "https://www.example.org/exclusions")
    document.footnote("Exclusions follow the law.", "The School Discipline Regulations 2012.")
    document.picture("Oakfield school logo")
    document.paragraph("1. This line was typed, not a list.")
    document.paragraph("---")
    document.paragraph("\t    Indented with a tab and spaces.")
    return document


def imported(tmp_path: Path, document: WordDocument, name="Behaviour Policy.docx", *options) -> tuple[int, str]:
    source = tmp_path / "word" / name
    source.parent.mkdir(exist_ok=True)
    document.save(source)
    return _run(str(source), "--out", str(tmp_path / "docs" / "policies"), *options)


def _run(*arguments) -> tuple[int, str]:
    result = subprocess.run([sys.executable, "-c", "import sys, policy_import; sys.exit(policy_import.main())",
                             *arguments], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "hooks")})
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout + result.stderr


def policy_text(tmp_path: Path, name="behaviour-policy") -> str:
    return (tmp_path / "docs" / "policies" / f"{name}.md").read_text()


def test_a_word_policy_becomes_a_policy_file_with_its_record_headings_lists_and_tables(tmp_path):
    status, _ = imported(tmp_path, behaviour_policy())
    text = policy_text(tmp_path)
    assert status == 0
    assert text.startswith('---\ntitle: "Behaviour Policy"\napproved: 2024-03-14\napproved_by: "Full Governing Body"\n'
                           'review: 2025-03-14\nversion: "3"\nowner: "Headteacher"\n---\n\n# Behaviour Policy\n\n## Aims\n')
    assert "Date approved" not in text  # the header table is the record, not part of the text
    assert "\n## Aims\n" in text and "\n### Rewards\n" in text and "\n#### House points\n\n- Gold stars" in text
    assert "\n## Contacts\n" in text and "- Certificates\n\n#### Merits\n\n1. First step" in text
    assert "Oakfield Primary expects **good** behaviour from *every* pupil." in text
    assert "- Gold stars\n    - Silver stars\n- Certificates\n" in text and "1. First step\n2. Second step\n" in text
    assert ("| Name | Role | Phone |\n| --- | --- | --- |\n| Ann Lee | Safeguarding lead | 01234 567890 |\n"
            "| Bob Roe | Head \\| Deputy | 01234 567891 |\n") in text
    assert "|  |  |\n| --- | --- |\n| Office hours | 8am to 4pm |\n| Email | office@oakfield.example |\n" in text
    assert "See the [exclusions guidance](https://www.example.org/exclusions)" in text
    assert "Exclusions follow the law.[^1]" in text and "[^1]: The School Discipline Regulations 2012.\n" in text
    assert "![Oakfield school logo](behaviour-policy-pictures/picture-1.png)" in text
    assert (tmp_path / "docs/policies/behaviour-policy-pictures/picture-1.png").read_bytes().startswith(b"\x89PNG")


def test_words_that_look_like_markdown_stay_words(tmp_path):
    imported(tmp_path, behaviour_policy())
    text = policy_text(tmp_path)
    assert "Stars are given \\* for \\_effort\\_ \\{and\\} \\# kindness; a &lt; b & c.\\[1\\]" in text
    assert "\n1\\. This line was typed, not a list.\n\n\\---\n\nIndented with a tab and spaces.\n" in text


def test_a_line_typed_like_a_note_stays_words_on_the_page(tmp_path):
    """Markdown reads "!!! note" at the start of a line as an empty note box titled "Note"."""
    imported(tmp_path, WordDocument().title("Trips Policy").paragraph("!!! Important read this first"), "Trips.docx")
    Site(tmp_path).built()
    page = Site(tmp_path).article("policies/trips-policy")
    assert "!!! Important read this first" in page.get_text() and not page.select(".admonition")


def test_a_file_name_with_a_line_break_or_a_tab_makes_a_title_on_one_line(tmp_path):
    imported(tmp_path, WordDocument().paragraph("Trips are planned."), "Trips\n\tPolicy.docx")
    assert policy_text(tmp_path, "trips-policy").startswith('---\ntitle: "Trips Policy"\n---\n\n# Trips Policy\n')
    Site(tmp_path).built()


def test_placeholders_are_listed_with_their_paragraph_and_kept_in_square_brackets(tmp_path):
    _, said = imported(tmp_path, behaviour_policy())
    text = policy_text(tmp_path)
    assert "Staff at \\[school name\\] call \\[insert number\\] or XXX, or \\[Mrs Example\\]." in text
    paragraph = 'in "Staff at [school name] call <insert number> or XXX, or Mr…"'
    assert "[1]" not in said  # a footnote mark typed by hand is the author's text
    for found in ('placeholder "[school name]"', 'placeholder "<insert number>"', 'placeholder "XXX"',
                  'highlighted text "Mrs Example"'):
        assert f"{found}, {paragraph}" in said


def test_a_placeholder_in_a_table_is_listed_with_its_row(tmp_path):
    """"<insert name>", in "<insert name>" would not tell the editor which of the contacts it is."""
    document = WordDocument().title("Safeguarding Policy")
    document.table([["Role", "Name"], ["Designated safeguarding lead", "<insert name>"], ["Deputy", "XXX"]],
                   bold_first_row=True)
    _, said = imported(tmp_path, document, "Safeguarding.docx")
    assert 'placeholder "<insert name>", in "Designated safeguarding lead | <insert name>"' in said
    assert 'placeholder "XXX", in "Deputy | XXX"' in said


def test_the_imported_policy_builds_as_written_and_shows_every_part(tmp_path):
    site = Site(tmp_path, extra_settings=f"markdown_extensions:\n{FOOTNOTES}".replace("markdown_extensions:\n", ""))
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - tables\n", "  - tables\n" + FOOTNOTES))
    imported(tmp_path, behaviour_policy())
    site.built()
    page = site.article("policies/behaviour-policy")
    words = " ".join(page.get_text().split())
    for shown in ("Oakfield Primary expects good behaviour", "Staff at [school name] call [insert number] or XXX, "
                  "or [Mrs Example].", "Stars are given * for _effort_ {and} # kindness; a < b & c.[1]",
                  "1. This line was typed, not a list.", "Head | Deputy", "The School Discipline Regulations 2012."):
        assert shown in words
    headings = [(heading.name, heading.get_text(strip=True).rstrip("¶§")) for heading in page.select("h2, h3, h4")]
    assert [heading for heading in headings if heading[1] in ("Aims", "Rewards", "House points", "Contacts")] == \
        [("h2", "Aims"), ("h3", "Rewards"), ("h4", "House points"), ("h2", "Contacts")]
    assert page.select("li li")[0].get_text(" ", strip=True).startswith("Silver stars")
    assert len(page.select("table")) == 2 and page.select("table")[0].select("th")[0].get_text() == "Name"
    assert page.find("img", alt="Oakfield school logo")["src"].endswith("behaviour-policy-pictures/picture-1.png")
    assert (site.root / "site/policies/behaviour-policy-pictures/picture-1.png").exists()
    assert page.find("a", string="exclusions guidance")["href"] == "https://www.example.org/exclusions"


def numbered_policy(paragraph_number="1.2") -> WordDocument:
    """Clauses numbered by hand, as the site's numbering would number them unless told otherwise."""
    document = WordDocument().title("Charging Policy")
    document.paragraph("This policy explains what the school charges for.")
    document.heading("1. Scope", 1)
    document.paragraph("1.1 It covers trips.")
    document.paragraph(f"{paragraph_number} It covers clubs.")
    document.heading("1.3 Remissions", 2)
    document.paragraph("1.3.1 Some families pay nothing.")
    document.heading("2 Contributions", 1)
    document.list_item("Lists are not numbered by the site.")
    document.paragraph("2.1 Parents may give.")
    document.heading("Appendix 1: Forms", 1)
    document.paragraph("A form.")
    return document


def test_typed_numbers_the_sites_numbering_would_give_become_that_numbering(tmp_path):
    _, said = imported(tmp_path, numbered_policy(), "Charging.docx")
    text = policy_text(tmp_path, "charging-policy")
    assert "\nnumbering: true\n" in text
    assert ("## Scope\n\nIt covers trips.\n\nIt covers clubs.\n\n### Remissions\n\nSome families pay nothing.\n\n"
            "## Contributions\n\n- Lists are not numbered by the site.\n\nParents may give.\n\n## Appendix 1: Forms\n") in text
    assert "numbering: true turns the site's numbering on" in said
    Site(tmp_path).built()


def test_a_quantity_at_the_start_of_a_paragraph_is_words_not_a_clause_number(tmp_path):
    document = numbered_policy()
    document.paragraph("2.5 hours of help are given each week.")
    imported(tmp_path, document, "Charging.docx")
    text = policy_text(tmp_path, "charging-policy")
    assert "\nnumbering: true\n" in text and "A form.\n\n2.5 hours of help are given each week.\n" in text
    site = Site(tmp_path).built()
    assert "2.5 hours of help are given each week." in site.article("policies/charging-policy").get_text()


def test_typed_numbers_the_site_would_give_otherwise_are_kept_as_typed(tmp_path):
    _, said = imported(tmp_path, numbered_policy(paragraph_number="1.5"), "Charging.docx")
    text = policy_text(tmp_path, "charging-policy")
    assert "numbering" not in text.split("---")[1]
    assert ("## 1. Scope\n\n1.1 It covers trips.\n\n1.5 It covers clubs.\n\n### 1.3 Remissions\n\n"
            "1.3.1 Some families pay nothing.\n\n## 2 Contributions\n") in text
    assert "numbers typed in the text are kept as they are" in said
    site = Site(tmp_path).built()
    assert "1.5 It covers clubs." in site.article("policies/charging-policy").get_text()


def test_typed_numbers_that_skip_or_go_back_and_typed_references_are_listed(tmp_path):
    """A trust template's 2.2.2 followed by 2.4: a part may have been lost in Word. References typed
    as "see section 1.3" point at the old number once the policy changes: each is listed to be linked."""
    document = numbered_policy(paragraph_number="1.5")
    document.paragraph("1.6 Refunds follow section 1.3 and Appendix 1 (see 1.1).")
    document.list_item("Trips are listed in clause 2")
    _, said = imported(tmp_path, document, "Charging.docx")
    assert ('    - the typed numbers go from 1.1 to 1.5: check in Word whether a part is missing, or correct the '
            'number, in "1.5 It covers clubs."') in said
    assert '    - the typed numbers go from 1.5 to 1.3: ' in said
    assert "from 1.3 to 1.3.1" not in said and "from 1.3.1 to 2" not in said
    assert ('  References typed in the text (make each a link to its clause, so it follows the clause: EDITING.md, '
            '"Refer to another clause or policy"):\n'
            '    - "section 1.3", in "1.6 Refunds follow section 1.3 and Appendix 1 (see 1.1)."\n'
            '    - "Appendix 1", in "1.6 Refunds follow section 1.3 and Appendix 1 (see 1.1)."\n'
            '    - "see 1.1", in "1.6 Refunds follow section 1.3 and Appendix 1 (see 1.1)."\n'
            '    - "clause 2", in "Trips are listed in clause 2"\n') in said
    assert "delete the typed numbers and add numbering: true" in said


@pytest.mark.parametrize("paragraph, numbering", [(False, True), (True, False)])
def test_numbers_word_makes_for_headings_are_never_lost(tmp_path, paragraph, numbering):
    document = WordDocument().title("Visits Policy")
    document.heading("Purpose", 1, numbered=True).heading("Who may visit", 2, numbered=True)
    document.heading("Booking", 1, numbered=True)
    if paragraph:  # the site would number it 2.1, where Word shows no number
        document.paragraph("Visits are booked with the office.")
    _, said = imported(tmp_path, document, "Visits.docx")
    text = policy_text(tmp_path, "visits-policy")
    if numbering:
        assert "\nnumbering: true\n" in text and "## Purpose\n\n### Who may visit\n\n## Booking\n" in text
        assert "Word made for the headings are what the site's numbering gives" in said
    else:
        assert "numbering" not in text.split("---")[1]
        assert "## 1 Purpose\n\n### 1.1 Who may visit\n\n## 2 Booking\n" in text
        assert "Word numbered the headings itself; those numbers are typed into the headings" in said


def test_a_header_table_keeps_dates_written_in_words_and_lists_its_placeholders(tmp_path):
    document = WordDocument()
    document.table([["Date approved:", "March 2024"], ["Review date", "Autumn 2025"], ["Minute reference", "FGB 7"],
                    ["Effective from", "1.4.24"], ["Signed by", "Chair of Governors"],
                    ["Approved by", "[insert committee]"]])
    document.bold_line("Trips Policy")  # under the table, as a bold line
    document.paragraph("Trips are planned.")
    _, said = imported(tmp_path, document, "Trips.docx")
    assert policy_text(tmp_path, "trips-policy").startswith(
        '---\ntitle: "Trips Policy"\napproved: "March 2024"\nreview: "Autumn 2025"\nminute_ref: "FGB 7"\n'
        'effective_from: 2024-04-01\nsigned_by: "Chair of Governors"\n---\n\n# Trips Policy\n\nTrips are planned.\n')
    assert 'placeholder "[insert committee]" for "Approved by", left out of the settings at the top' in said


def test_a_header_table_with_rows_the_record_has_no_setting_for_still_fills_the_record(tmp_path):
    """One row the site has no setting for ("Statutory policy") used to leave the whole table in the
    text and the record empty, without a word: the register then showed no review date."""
    document = WordDocument().title("Attendance Policy")
    document.table([["Date approved", "Autumn term 2025"], ["Effective from", "Sept 2025"],
                    ["Review date", "Summer term 2026"], ["Shared with staff", "03/09/2025"],
                    ["Statutory policy", "Yes"]])
    document.heading("Expectations", 1)
    document.paragraph("Every pupil attends every day.")
    _, said = imported(tmp_path, document, "Attendance.docx")
    assert policy_text(tmp_path, "attendance-policy").startswith(
        '---\ntitle: "Attendance Policy"\napproved: "Autumn term 2025"\neffective_from: "Sept 2025"\n'
        'review: "Summer term 2026"\nshared_with_staff: 2025-09-03\n---\n\n# Attendance Policy\n\n'
        "|  |  |\n| --- | --- |\n| Statutory policy | Yes |\n\n## Expectations\n")
    assert ('the row "Statutory policy" of the table the policy opens with, which the policy\'s record has no '
            'setting for: kept as a table in the text, in "Statutory policy: Yes"') in said


def test_a_header_table_with_two_rows_for_one_setting_is_kept_as_a_table(tmp_path):
    """Approved by a committee, ratified by the governors: one approved setting cannot hold both dates."""
    document = WordDocument().title("Trips Policy")
    document.table([["Date approved", "12/03/2024"], ["Date ratified", "21/03/2024"], ["Version", "2"]])
    _, said = imported(tmp_path, document.paragraph("Trips are planned."), "Trips.docx")
    text = policy_text(tmp_path, "trips-policy")
    assert text.startswith('---\ntitle: "Trips Policy"\n---\n')
    assert "| Date approved | 12/03/2024 |" in text and "| Date ratified | 21/03/2024 |" in text
    assert ('the table the policy opens with, kept as a table, since "Date approved" and "Date ratified" would both '
            "be its approved setting: write the right one in the settings at the top") in said


def test_what_word_had_that_the_policy_cannot_carry_is_listed_with_its_paragraph(tmp_path):
    document = WordDocument().title("Uniform Policy")
    document.deleted("Ties are worn.", " Blazers are worn.")
    document.commented("Shoes are black.", "Check with the PTA")
    document.text_box("Coats are labelled.", "Lost property is kept for a term.")
    document.paragraph("A caption under a photograph.", style="Caption")
    document.picture("")
    document.link("Read ", "the rules", "#_Toc123")
    document.paragraph("Form due: Click or tap here to enter a date.")
    document.document.sections[0].header.paragraphs[0].text = "Oakfield Primary: Uniform Policy"
    _, said = imported(tmp_path, document, "Uniform.docx")
    assert "Coats are labelled.\n\nLost property is kept for a term.\n" in policy_text(tmp_path, "uniform-policy")
    assert 'deleted text from tracked changes, left out (accept or reject the changes in Word to be sure), in ' \
           '"Ties are worn."' in said
    assert 'a comment, left out, in "Shoes are black."' in said
    assert 'a text box: its words are put after this paragraph, in "Coats are labelled."' in said
    assert 'the Word style "caption" is written as plain text, in "A caption under a photograph."' in said
    assert "picture-1.png has no description: write what the picture shows between the [ ]" in said
    assert 'a link to a place inside the Word document, kept as its words, in "Read the rules"' in said
    assert "the page header and footer, left out" in said
    assert 'placeholder "Click or tap here to enter a date.", in "Form due' in said
    assert "Form due: \\[Click or tap here to enter a date.\\]" in policy_text(tmp_path, "uniform-policy")
    assert "Add audience tags" in said and "mkdocs serve" in said


def test_a_words_link_keeps_its_whole_address_and_a_script_link_is_kept_as_its_words(tmp_path):
    document = WordDocument().title("Trips Policy")
    document.link("See ", "the form", 'https://www.oakfield.example/trip form (2024) "final" <b>.pdf')
    document.link("Or ", "the map", "https://www.oakfield.example/map?a=1&b=(2)")
    document.link("Never ", "click here", "javascript:alert(1)")
    _, said = imported(tmp_path, document, "Trips.docx")
    assert 'a link to "javascript:alert(1)", which is not a web or e-mail address, kept as its words, in ' \
           '"Never click here"' in said
    Site(tmp_path).built()
    page = Site(tmp_path).article("policies/trips-policy")
    assert page.find("a", string="the form")["href"] == \
        "https://www.oakfield.example/trip%20form%20%282024%29%20%22final%22%20%3Cb%3E.pdf"
    assert page.find("a", string="the map")["href"] == "https://www.oakfield.example/map?a=1&b=%282%29"
    assert "Never click here" in page.get_text() and not page.find("a", string="click here")


def test_a_placeholder_in_the_title_is_listed_and_left_out_of_the_file_name(tmp_path):
    _, said = imported(tmp_path, WordDocument().title("[School name] Trips Policy").paragraph("Trips are fun."))
    assert policy_text(tmp_path, "trips-policy").startswith('---\ntitle: "[School name] Trips Policy"\n---\n\n'
                                                            "# \\[School name\\] Trips Policy\n")
    assert 'placeholder "[School name]", in "the title"' in said


def test_the_command_says_when_the_site_needs_footnotes_turned_on(tmp_path):
    Site(tmp_path)
    _, said = imported(tmp_path, behaviour_policy())
    assert "add `- footnotes` under markdown_extensions in mkdocs.yml" in said


def test_a_policy_is_never_replaced_without_force_and_the_import_is_the_same_each_time(tmp_path):
    imported(tmp_path, behaviour_policy())
    first = policy_text(tmp_path)
    (tmp_path / "docs/policies/behaviour-policy.md").write_text("edited")
    status, said = imported(tmp_path, behaviour_policy())
    assert status == 1 and "behaviour-policy.md already exists: add --force to replace it" in said
    assert policy_text(tmp_path) == "edited"
    status, _ = imported(tmp_path, behaviour_policy(), "Behaviour Policy.docx", "--force")
    assert status == 0 and policy_text(tmp_path) == first


def _zip(path: Path, names: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)


def test_each_file_that_is_not_a_readable_word_document_gets_one_clear_message(tmp_path):
    folder = tmp_path / "word"
    folder.mkdir()
    (folder / "Old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    (folder / "Scan.docx").write_bytes(b"%PDF-1.7\n")
    (folder / "Broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    _zip(folder / "Photos.docx", {"photo.jpg": b"jpeg"})
    WordDocument().title("Trips Policy").save(folder / "Title only.docx")
    WordDocument().save(folder / "Empty.docx")
    _zip(folder / "Flipped.docx", {"word/document.xml": b"<w:document>words</w:document>"})
    (folder / "Flipped.docx").write_bytes((folder / "Flipped.docx").read_bytes().replace(b"words", b"wordz", 1))
    behaviour_policy().save(folder / "~$haviour Policy.docx")
    empty = tmp_path / "empty"
    empty.mkdir()
    status, said = _run(*(str(folder / name) for name in ("Old.doc", "Scan.docx", "Broken.docx", "Flipped.docx",
                                                          "Photos.docx", "Title only.docx", "Empty.docx",
                                                          "~$haviour Policy.docx", "Missing.docx")), str(empty),
                        "--out", str(tmp_path / "out"))
    assert status == 1
    for name, message in (("Old.doc", "this is an old Word document (.doc): open it in Word, choose File, Save As"),
                          ("Scan.docx", "this is a PDF, which cannot be imported"),
                          ("Broken.docx", "this .docx is damaged and cannot be read: open it in Word and save it"),
                          ("Flipped.docx", "this .docx is damaged and cannot be read"),
                          ("Photos.docx", "this is a zip file, not a Word document (.docx)"),
                          ("Title only.docx", "this document has nothing under its title: check that it is the right"),
                          ("Empty.docx", "this document has nothing under its title"),
                          ("~$haviour Policy.docx", "this is the lock file Word keeps while the document is open"),
                          ("Missing.docx", "there is no such file")):
        assert said.count(f"Not imported: {folder / name}: {message}") == 1, name
    assert f"Not imported: {empty}: there is no Word document (.docx) in this folder." in said
    assert not (tmp_path / "out").exists()


def test_run_outside_the_sites_folder_it_imports_nothing_and_says_where_to_go(tmp_path):
    source = tmp_path / "Behaviour Policy.docx"
    behaviour_policy().save(source)
    for out in ([], ["--out", "imported"]):  # as README and EDITING.md write the command
        result = subprocess.run([sys.executable, str(REPO / "hooks" / "policy_import.py"), str(source), *out],
                                cwd=tmp_path, capture_output=True, text=True)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert (f"Nothing imported: this folder ({tmp_path}) has no mkdocs.yml, so it is not the site's folder. Go "
                "to the site's folder first") in result.stderr
        assert not (tmp_path / "docs").exists() and not (tmp_path / "imported").exists()
    Site(tmp_path)  # in the site's folder, the policy goes into its docs/policies
    result = subprocess.run([sys.executable, str(REPO / "hooks" / "policy_import.py"), str(source)], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0 and (tmp_path / "docs/policies/behaviour-policy.md").exists()


def test_the_installed_command_runs():
    command = Path(sys.executable).parent / "policy-import"
    result = subprocess.run([str(command), "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "--force" in result.stdout


def test_a_build_uses_the_sites_own_policy_core_never_an_installed_copy(tmp_path):
    stale = tmp_path / "installed" / "policy_core"
    stale.mkdir(parents=True)
    (stale / "__init__.py").write_text("raise ImportError('the installed copy was used')\n")
    site = Site(tmp_path / "site").write("policies/trips.md", "# Trips Policy\n\nTrips are planned.\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(stale.parent)}
    plain_import = subprocess.run([sys.executable, "-c", "import policy_core"], capture_output=True, text=True, env=env)
    assert "the installed copy was used" in plain_import.stderr  # what a build would meet, were it to look there
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=site.root,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr


def test_a_list_under_an_empty_numbered_line_is_kept_at_that_level(tmp_path):
    document = WordDocument().title("Clubs Policy").list_item("Clubs run after school.").list_item("   ")
    imported(tmp_path, document.list_item("Football", level=1).list_item("Chess", level=1), "Clubs.docx")
    assert "# Clubs Policy\n\n- Clubs run after school.\n- Football\n- Chess\n" in policy_text(tmp_path, "clubs-policy")


def test_each_part_of_editing_md_the_command_names_is_there():
    """The command sends the editor to EDITING.md by a section's heading: each must be one."""
    headings = {line.lstrip("#").strip() for line in (REPO / "EDITING.md").read_text().splitlines()
                if line.startswith("#")}
    code = "".join(path.read_text() for path in [REPO / "hooks" / "policy_import.py",
                                                 REPO / "hooks" / "policy_core" / "word_import.py"])
    code = " ".join(re.sub(r'"\s*\n\s*f?"', "", code).split())  # strings split over lines, as one
    named = re.findall(r'EDITING\.md, (?:section \d+, )?\\*"([^"\\]+)', code)
    assert "Bringing in your Word policies" in named and len(named) >= 4
    assert [name for name in named if name not in headings and not any(
        heading.endswith(name) for heading in headings)] == []


@pytest.mark.parametrize("sub_clause", [False, True])
def test_paragraphs_word_numbers_with_its_heading_numbering_keep_their_clause_numbers(tmp_path, sub_clause):
    """A trust template numbers its clauses with the headings' own Word list (1 Purpose, 1.1, 1.2,
    1.2.1): they were written as lists numbered 1, 2 under each heading, and "see 1.2" meant nothing."""
    document = WordDocument().title("Lettings Policy").heading("Purpose", 1, numbered=True)
    document.list_item("The school lets its hall.", level=1, numbered=True)
    document.list_item("Hirers must:", level=1, numbered=True)
    document.list_item("sign the agreement", level=0)  # bullets, inside clause 1.2
    document.list_item("Lettings end at 9pm.", level=1, numbered=True)
    if sub_clause:
        document.list_item("Sundays by agreement.", level=2, numbered=True)
    document.heading("Charges", 1, numbered=True)
    document.list_item("Governors set the charges.", level=1, numbered=True)
    document.list_item("A first step", level=0, numbered=True)  # an ordinary numbered list, with its own
    document.list_item("A step inside it", level=1, numbered=True)
    _, said = imported(tmp_path, document, "Lettings.docx")
    text = policy_text(tmp_path, "lettings-policy")
    lists = "\n\n- sign the agreement\n\n"
    ordinary = "\n\n1. A first step\n    1. A step inside it\n"
    if sub_clause:
        assert "numbering" not in text.split("---")[1]
        assert ("## 1 Purpose\n\n1.1 The school lets its hall.\n\n1.2 Hirers must:" + lists + "1.3 Lettings end at "
                "9pm.\n\n1.3.1 Sundays by agreement.\n\n## 2 Charges\n\n2.1 Governors set the charges." + ordinary) in text
        assert "typed into the headings and the paragraphs it numbered with them" in said
    else:
        assert "\nnumbering: true\n" in text
        assert ("## Purpose\n\nThe school lets its hall.\n\nHirers must:" + lists + "Lettings end at 9pm.\n\n"
                "## Charges\n\nGovernors set the charges." + ordinary) in text
        site = Site(tmp_path).built()
        numbers = [number.get_text() for number in site.article("policies/lettings-policy").select(".clause-number")]
        assert numbers == ["1", "1.1", "1.2", "1.3", "2", "2.1"]


def test_a_policy_without_a_title_is_not_titled_by_its_first_numbered_section(tmp_path):
    """With no title, the heading Word numbers 1 ("Introduction") became the title: sixty such
    policies would all be introduction.md. The file name, without its version marks, is the title."""
    document = WordDocument()
    document.table([["Date approved", "14/10/2025"], ["Review date", "Autumn term 2026"]])
    document.heading("Introduction", 1, numbered=True).paragraph("Every child is welcome.")
    _, said = imported(tmp_path, document, "SEND Policy v3 FINAL (2).docx")
    text = policy_text(tmp_path, "send-policy")
    assert '\ntitle: "SEND Policy"\n' in text and "\n# SEND Policy\n\n## 1 Introduction\n\nEvery child is welcome.\n" in text
    assert ('the title: the document has none (in Word\'s Title style, or as its first line), so it is taken from '
            'the file name, "SEND Policy": check it, and the policy file\'s name') in said


def test_a_zip_bomb_named_docx_is_refused_before_it_is_unpacked(tmp_path):
    """600 MB of nothing, packed into under a megabyte: unpacking it would take the editor's computer
    minutes and all its memory."""
    bomb = tmp_path / "Behaviour Policy.docx"
    behaviour_policy().save(tmp_path / "real.docx")
    with zipfile.ZipFile(tmp_path / "real.docx") as real, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in real.infolist():
            archive.writestr(member, real.read(member))
        with archive.open("word/media/nothing.bin", "w", force_zip64=True) as nothing:
            for _ in range(600):
                nothing.write(bytes(2 ** 20))
    status, said = _run(str(bomb), "--out", str(tmp_path / "out"))
    assert status == 1 and "Behaviour Policy.docx: this .docx unpacks to 6" in said
    assert "more than Word itself opens (512 MB): it is damaged or not a real document" in said
    assert not (tmp_path / "out").exists()


def test_an_svg_picture_is_not_saved_and_an_svg_beside_the_policies_stops_the_build(tmp_path):
    """An SVG can hold a script, which runs as part of the site when the picture is opened by its address."""
    document = WordDocument().title("Trips Policy").paragraph("Our logo:").picture("Oakfield logo")
    document.save(tmp_path / "png.docx")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>window.__pwned=1</script></svg>'
    word = tmp_path / "word" / "Trips.docx"
    word.parent.mkdir()
    with zipfile.ZipFile(tmp_path / "png.docx") as real, zipfile.ZipFile(word, "w") as archive:
        for member in real.infolist():
            data = real.read(member)
            if member.filename == "[Content_Types].xml":
                data = data.replace(b'ContentType="image/png"', b'ContentType="image/svg+xml"')
            archive.writestr(member, svg if member.filename.startswith("word/media/") else data)
    _, said = _run(str(word), "--out", str(tmp_path / "docs" / "policies"))
    assert 'an SVG picture, left out: it can hold a script, so the site publishes no SVG' in said
    assert not list((tmp_path / "docs").rglob("*.svg"))
    site = Site(tmp_path)
    site.built()
    (tmp_path / "docs/policies/trips-policy-pictures").mkdir()
    (tmp_path / "docs/policies/trips-policy-pictures/logo.svg").write_bytes(svg)
    result = site.build()
    assert result.returncode == 1
    assert ('docs/policies/trips-policy-pictures/logo.svg:1: "trips-policy-pictures/logo.svg" is an SVG picture, '
            "which can hold a script") in result.stderr
    assert "save the picture as PNG" in result.stderr
