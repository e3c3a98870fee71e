"""Records as schools write them: dates as days, months and terms, change notes without a version,
the record's extra fields, and documents attached to a policy. An invented school throughout."""

import datetime

import pytest
from pypdf import PdfReader
from urllib.parse import unquote

from helpers import Site
from policy_core.policies import read_policy_folder
from test_governance import TODAY, record_of  # a record read with today fixed at 1 March 2026


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setenv("POLICY_TODAY", TODAY.isoformat())
    monkeypatch.delenv("POLICY_PDF", raising=False)


# How a review date is written, what the record shows, and the day it counts to.
REVIEW_FORMS = {
    "2026-10-14": ("14 October 2026", datetime.date(2026, 10, 14)),
    "'2026-10-14'": ("14 October 2026", datetime.date(2026, 10, 14)),
    "14/10/2026": ("14/10/2026", datetime.date(2026, 10, 14)),
    "4/3/2026": ("4/3/2026", datetime.date(2026, 3, 4)),  # day first, as in the UK: 4 March
    "14 October 2026": ("14 October 2026", datetime.date(2026, 10, 14)),
    "14th October 2026": ("14th October 2026", datetime.date(2026, 10, 14)),
    "1st Sept 2026": ("1st Sept 2026", datetime.date(2026, 9, 1)),
    "14 Oct 2026": ("14 Oct 2026", datetime.date(2026, 10, 14)),
    "2026-03": ("March 2026", datetime.date(2026, 3, 31)),
    "March 2026": ("March 2026", datetime.date(2026, 3, 31)),
    "Mar 2026": ("Mar 2026", datetime.date(2026, 3, 31)),
    "february 2028": ("february 2028", datetime.date(2028, 2, 29)),
    "Autumn 2026": ("Autumn 2026", datetime.date(2026, 12, 31)),
    "Autumn term 2026": ("Autumn term 2026", datetime.date(2026, 12, 31)),
    "Spring term 2026": ("Spring term 2026", datetime.date(2026, 3, 31)),
    "Summer 2026": ("Summer 2026", datetime.date(2026, 8, 31)),
    "Autumn term 2026/27": ("Autumn term 2026/27", datetime.date(2026, 12, 31)),
    "Spring 2025/26": ("Spring 2025/26", datetime.date(2026, 3, 31)),
    "Summer term 2025/2026": ("Summer term 2025/2026", datetime.date(2026, 8, 31)),
}


@pytest.mark.parametrize("written", list(REVIEW_FORMS))
def test_every_date_form_is_shown_as_written_and_counts_to_its_last_day(written):
    shown, last_day = REVIEW_FORMS[written]
    record, errors = record_of(f"approved: 2025-01-10\nreview: {written}\n")
    assert errors == []
    assert record.next_review.end == last_day
    assert dict(record.rows(TODAY))["Next review"].startswith(f"{shown} (")


@pytest.mark.parametrize("review, status", [
    ("Spring term 2026", "due within 60 days"),  # began in January, ends 31 March
    ("February 2026", "overdue"),
    ("March 2026", "due within 60 days"),  # under way, not overdue until April
    ("Autumn term 2025", "overdue"),  # ended 31 December
    ("Summer 2026", "current"),  # ends 31 August: 183 days away, though it begins in 31
])
def test_the_status_counts_from_the_end_of_the_month_or_term(review, status):
    record, errors = record_of(f"review: {review}\n")
    assert errors == [] and record.status(TODAY) == status


def test_a_review_cycle_counts_on_from_an_approval_month_or_term():
    record, errors = record_of("approved: Summer term 2025\nreview: annual\n")
    assert errors == []
    assert record.next_review.shown == "Summer term 2026" and record.next_review.end == datetime.date(2026, 8, 31)
    assert record.status(TODAY) == "current"
    assert dict(record.rows(TODAY))["Approved"] == "Summer term 2025"
    record, _ = record_of("approved: Mar 2025\nreview: every 2 years\n")
    assert record.next_review.shown == "March 2027"


@pytest.mark.parametrize("setting, line, problem, fix", [
    ("approved: 14.10.2025\n", 2, 'The date in "approved" is not a date: 14.10.2025.',
     "write a day, such as 2025-10-14, 14/10/2025, 14 October 2025"),
    ("approved: 31/02/2025\n", 2, 'The date in "approved" is not on the calendar: 31/02/2025.',
     "read day first, as in the UK"),
    ("approved: 10/14/2025\n", 2, 'The date in "approved" is not on the calendar: 10/14/2025.',
     "14/10/2025 is 14 October 2025"),
    ("approved: 2025\n", 2, 'The date in "approved" is not a date: 2025.', "a month, such as March 2024"),
    ("approved: 2025-10-14 10:30\n", 2, 'The date in "approved" is not a date', "or a term, such as Autumn 2025"),
    ("approved: Michaelmas 2025\n", 2, 'The date in "approved" is not a date: Michaelmas 2025.',
     "Autumn term 2025"),
    ("approved: Smarch 2025\n", 2, "is not a date: Smarch 2025.", "Mar 2024"),
    ("approved: December 2026\n", 2, 'The date in "approved" is in the future: December 2026.',
     "record a planned date once it has happened"),
    ("shared_with_staff: Summer term 2026\n", 2, 'The date in "shared_with_staff" is in the future',
     "once it has happened"),
    ("effective_from: 2025-13\n", 2, 'The date in "effective_from" is not on the calendar', "day first"),
    ("review: Spring term 2025/27\n", 2, 'The review date "Spring term 2025/27" is not on the calendar.',
     "two years in a row"),
    ("review: next spring\n", 2, 'The review setting "next spring" is not a review cycle or a date.',
     "annual, every 2 years, every 3 years, every 4 years; or the next review as a day, such as"),
    ("approved: March 2025\nreview: 2025-01-31\n", 3,
     "The review date (31 January 2025) is before the approval date (March 2025).", "after the approval"),
    ("changes:\n  - {date: 30 February 2025, note: a}\n", 3,
     "The date in change note 1 is not on the calendar: 30 February 2025.", "day first"),
    ("changes:\n  - {version: '', date: 2025-02-01, note: a}\n", 3, "The change note 1 has an empty version.",
     "remove the version line if the school does not number its versions"),
    ("changes:\n  - {date: 2025-02-10, note: b}\n  - {date: March 2025, note: a}\n", 2,
     "The change notes are not newest first.", "most recent change at the top"),
    ("signed_by: [Chair, Head]\n", 2, 'The setting "signed_by" should be text.', "signed_by: Chair of Governors"),
])
def test_a_date_the_site_cannot_read_is_refused_at_its_line_with_the_forms_it_can(setting, line, problem, fix):
    _, errors = record_of(setting)
    assert len(errors) == 1, errors
    assert errors[0].line == line and problem in errors[0].problem and fix in errors[0].fix


def test_a_month_or_term_under_way_can_be_the_approval_and_notes_overlapping_in_time_are_in_order():
    record, errors = record_of("""\
        approved: March 2026
        shared_with_staff: Spring term 2026
        changes:
          - {date: 2025-03-10, note: Second.}
          - {date: March 2025, note: First.}
        """)
    assert errors == []
    assert [change.date.shown for change in record.changes] == ["10 March 2025", "March 2025"]


RECORDED_POLICY = """\
    ---
    title: Complaints Policy
    owner: School Business Manager
    approved: 14th October 2025
    approved_by: Full Governing Body
    review: Autumn term 2026
    effective_from: 1 November 2025
    signed_by: Chair of Governors <Mrs A. Example>
    shared_with_staff: Autumn 2025
    changes:
      - date: 14/10/2025
        note: Stage 2 now goes to a panel of governors.
      - date: 2024-03
        version: "1"
        note: First version.
    ---

    # Complaints Policy

    Tell us first, and we will try to put it right.

    - Staff log every complaint the same day. { #logging audience="staff" }
    - Parents can ask for a meeting. { #meeting audience="parents" }
    """


def test_the_record_shows_each_date_as_written_and_the_extra_fields_on_every_version(tmp_path, fixed_today):
    site = Site(tmp_path).write("policies/complaints.md", RECORDED_POLICY).built()
    for url in ("policies/complaints", "policies/complaints/parents", "policies/complaints/staff"):
        article = site.article(url)
        record = {item.dt.get_text(strip=True): item.dd.get_text(strip=True)
                  for item in article.select(".policy-record__item")}
        assert record == {"Approved": "14th October 2025 by Full Governing Body",
                          "Owner": "School Business Manager",
                          "Next review": "Autumn term 2026 (current)",
                          "Effective from": "1 November 2025",
                          "Signed by": "Chair of Governors <Mrs A. Example>",
                          "Shared with staff": "Autumn 2025"}
        assert article.find("mrs") is None  # the editor's angle brackets are text, not markup
        notes = [note.get_text(" ", strip=True) for note in article.select(".policy-changes li")]
        assert notes == ["14/10/2025: Stage 2 now goes to a panel of governors.",
                         "Version 1, March 2024: First version."]
        assert "Not recorded" not in article.get_text()  # the school does not number versions: nothing is missing
    rows = {row.find("th").get_text(strip=True): [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
            for row in site.article("policies").select("tbody tr")}
    assert rows["Complaints Policy"][1:5] == ["–", "14th October 2025", "Autumn term 2026", "Current"]


def test_a_change_note_without_a_version_naming_a_missing_clause_is_named_by_its_date(tmp_path):
    result = Site(tmp_path).write("policies/p.md", """\
        ---
        title: P
        changes:
          - {date: Spring term 2025, note: First., clauses: [nowhere]}
        ---

        Text.
        """).build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert 'docs/policies/p.md:3: The change note for Spring term 2025 names a clause that does not exist: "nowhere"' \
        in result.stderr


def test_a_date_the_site_cannot_read_stops_the_build_with_file_line_and_fix(tmp_path, fixed_today):
    result = Site(tmp_path).write("policies/p.md", "---\ntitle: P\nreview: 31/04/2026\n---\n\nText.\n").build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert 'docs/policies/p.md:3: The review date "31/04/2026" is not on the calendar.' in result.stderr
    assert "How to fix it: check the day, month and year. Dates written with / are read day first" in result.stderr


# Attached documents ------------------------------------------------------------------------------

ODD_NAMES = ["Complaint form.pdf", "Parents' \"quick\" guide & <checklist> #2 100%.docx", "Réunion café.xlsx"]


def attachment_site(tmp_path, pdf: bool = False) -> Site:
    site = Site(tmp_path).write("policies/complaints.md", RECORDED_POLICY)
    folder = site.docs / "policies" / "complaints"
    folder.mkdir()
    for number, name in enumerate(ODD_NAMES, start=1):
        (folder / name).write_bytes(b"x" * (84 * 1024 * number))
    if pdf:
        settings = site.root / "mkdocs.yml"
        settings.write_text(settings.read_text().replace("extra:\n", "extra:\n  pdf: true\n"))
    return site


def test_attached_documents_are_listed_on_every_version_with_type_and_size_and_copied(tmp_path, fixed_today):
    site = attachment_site(tmp_path).built()
    for url in ("policies/complaints", "policies/complaints/parents", "policies/complaints/staff"):
        items = site.article(url).select(".policy-attachments li")
        assert [item.a.get_text() for item in items] == [name.rsplit(".", 1)[0] for name in ODD_NAMES]
        assert [" ".join(item.get_text(" ", strip=True).split(": ")[0].split()) for item in items] == [
            "Complaint form , PDF, 84 KB",
            "Parents' \"quick\" guide & <checklist> #2 100% , Word document, 168 KB",
            "Réunion café , Excel spreadsheet, 252 KB"]
        for item, name in zip(items, ODD_NAMES):
            href = item.a["href"]
            assert "#" not in href and " " not in href and "<" not in href and "&" not in href
            copied = (site.root / "site" / url / unquote(href)).resolve()
            assert copied.name == name
            assert copied.read_bytes() == (site.docs / "policies/complaints" / name).read_bytes()


def test_attached_documents_are_named_in_the_pdf_with_their_addresses(tmp_path, fixed_today):
    site = attachment_site(tmp_path, pdf=True).built()
    reader = PdfReader(site.root / "site" / "policies/complaints/parents/complaints-parents.pdf")
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    unbroken = text.replace(" ", "")  # a long address is broken across lines
    assert "Attached documents Complaint form, PDF, 84 KB:" in text
    assert "84KB:https://policies.oakfield.example/policies/complaints/Complaint%20form.pdf" in unbroken
    assert "Réunion café, Excel spreadsheet, 252 KB" in text
    assert "Signed by: Chair of Governors <Mrs A. Example>" in text
    assert "Shared with staff: Autumn 2025" in text and "Effective from: 1 November 2025" in text
    links = [annotation.get_object()["/A"]["/URI"] for page in reader.pages
             for annotation in page.get("/Annots", []) if "/A" in annotation.get_object()]
    assert "https://policies.oakfield.example/policies/complaints/Complaint%20form.pdf" in links


REFUSED = {
    "complaints/form.html": "is not a type of document the site attaches",
    "complaints/diagram.svg": "is not a type of document the site attaches",
    "complaints/script.js": "is not a type of document the site attaches",
    "complaints/data.xml": "is not a type of document the site attaches",
    "complaints/Complaint form": "is not a type of document the site attaches",
    "complaints/~$mplaint form.docx": "is the file Word keeps while a document is open",
    "complaints/.DS_Store": "is a hidden file",
    "complaints/complaints.pdf": "has the name of a file the site makes",
    "complaints/Complaints.PDF": "has the name of a file the site makes",
    "complaints/qr.svg": "has the name of a file the site makes",
    "complaints/index.html": "has the name of a file the site makes",
    # A right-to-left override shows readers "Formexe.pdf" for this program's name.
    "complaints/Form\u202efdp.exe": "turns the letters after it backwards",
    "complaints/Form \u2067x\u2069.pdf": "turns the letters after it backwards",
    "complaints/notes.md": "is in a folder inside docs/policies/ but is not a policy",
    "complaints/old/form.pdf": "is in a folder inside docs/policies/ but is not a policy",
    "complaint/form.pdf": "is in a folder inside docs/policies/ but is not a policy",
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_what_is_not_an_attachment_is_refused_with_a_fix(name):
    attachments, errors = read_policy_folder([(f"policies/{name}", f"docs/policies/{name}", 100)], "policies/",
                                       {"complaints"})
    assert attachments in ({}, {"complaints": []})
    assert len(errors) == 1 and REFUSED[name] in errors[0].problem, errors
    assert errors[0].file == f"docs/policies/{name}" and errors[0].fix


def test_a_type_that_could_run_in_the_site_is_refused_with_save_as_pdf():
    _, errors = read_policy_folder([("policies/complaints/form.htm", "docs/policies/complaints/form.htm", 100)],
                             "policies/", {"complaints"})
    assert "save it as PDF" in errors[0].fix and ".pdf, .docx, .doc" in errors[0].fix


def test_a_folder_with_no_policy_of_its_name_says_where_attachments_go():
    _, errors = read_policy_folder([("policies/complaint/form.pdf", "docs/policies/complaint/form.pdf", 100)],
                             "policies/", {"complaints"})
    assert "put it directly in the folder named after the policy's file" in errors[0].fix


@pytest.mark.parametrize("size, problem", [(0, "is empty"), (21 * 1024 * 1024, "is 21 MB, more than the 20 MB")])
def test_an_empty_or_very_large_attachment_is_refused(size, problem):
    _, errors = read_policy_folder([("policies/complaints/form.pdf", "docs/policies/complaints/form.pdf", size)],
                             "policies/", {"complaints"})
    assert len(errors) == 1 and problem in errors[0].problem


def test_an_attachment_that_would_replace_the_policys_pdf_stops_the_build_even_with_pdfs_off(tmp_path, fixed_today):
    site = attachment_site(tmp_path)
    (site.docs / "policies" / "complaints" / "Complaints.pdf").write_bytes(b"%PDF-1.4 signed copy")
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert ('docs/policies/complaints/Complaints.pdf:1: The attached "Complaints.pdf" has the name of a file the site '
            "makes in docs/policies/complaints/ itself") in result.stderr


def test_a_hidden_file_or_a_web_page_beside_the_attachments_stops_the_build(tmp_path, fixed_today):
    site = attachment_site(tmp_path)
    (site.docs / "policies" / "complaints" / "~$mplaint form.docx").write_bytes(b"lock")
    (site.docs / "policies" / "complaints" / "form.html").write_text("<script>alert(1)</script>")
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "2 problems stop the build" in result.stderr
    assert "is the file Word keeps while a document is open" in result.stderr
    assert '"form.html" is not a type of document the site attaches' in result.stderr


def test_a_shortcut_to_a_document_in_docs_is_attached_and_one_leading_outside_is_refused(tmp_path, fixed_today):
    site = attachment_site(tmp_path)
    (site.docs / "forms").mkdir()
    (site.docs / "forms" / "Risk assessment.docx").write_bytes(b"x" * 2048)
    (site.docs / "policies" / "complaints" / "Risk assessment.docx").symlink_to("../../forms/Risk assessment.docx")
    items = site.built().article("policies/complaints/parents").select(".policy-attachments li")
    listed = [item.get_text(" ", strip=True).split(":")[0].strip() for item in items]
    assert "Risk assessment , Word document, 2 KB" in listed
    outside = tmp_path / "Staff only.pdf"
    outside.write_bytes(b"%PDF-1.4 staff only")
    (site.docs / "policies" / "complaints" / "Staff only.pdf").symlink_to(outside)
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "docs/policies/complaints/Staff only.pdf:1: This shortcut (symbolic link) leads outside the docs folder" \
        in result.stderr
