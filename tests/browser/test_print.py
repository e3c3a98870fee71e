"""A printed audience view: the school, the policy, whose version, its clauses only, and the way back."""

import io

from pypdf import PdfReader

from conftest import SCREENSHOTS

PARENTS_CLAUSES = ["Parents park on Elm Road, never in the staff car park.",
                   "Visitors report to the office on arrival.",
                   "Visitors are given a lanyard to wear at all times."]
STAFF_ONLY = ["The office checks the visitor's identity", "Staff park in the staff car park",
              "Staff escort visitors", "safeguarding check made on a visitor"]
NAVIGATION = ["Who are you?", "All policies", "Table of contents", "Skip to content", "Versions:"]


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_print_emulation_shows_the_parents_clauses_and_no_navigation(open_page, oakfield):
    page = open_page("policies/visitors/parents/")
    page.emulate_media(media="print")
    printed = one_line(page.locator("body").inner_text())
    for clause in PARENTS_CLAUSES + ["Oakfield Primary School", "Visitors Policy", "Version for Parents and carers",
                                     "Version 2", "Approved 10 June 2025",
                                     oakfield.url("policies/visitors/parents/")]:
        assert clause in printed
    for text in STAFF_ONLY + NAVIGATION:
        assert text not in printed
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert page.locator(".policy-share__qr").is_visible()


def test_the_pdf_chromium_prints_holds_the_parents_clauses_the_address_and_the_school(open_page, oakfield):
    page = open_page("policies/visitors/parents/")
    pdf = page.pdf(format="A4")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "audience-view-print.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1  # A4, in points
    text = one_line(" ".join(page_.extract_text() for page_ in reader.pages))
    for clause in PARENTS_CLAUSES + ["Oakfield Primary School", "Version for Parents and carers",
                                     oakfield.url("policies/visitors/parents/")]:
        assert clause in text
    for words in STAFF_ONLY + NAVIGATION:
        assert words not in text
    assert len(reader.pages) > 1
    for number, printed in enumerate(reader.pages, start=1):  # each page says what it is a page of
        assert one_line(printed.extract_text()).startswith(
            f"Page {number} of {len(reader.pages)}Visitors Policy, version for Parents and carers. Oakfield Primary School.")


def test_printed_text_is_at_least_12pt(open_page):
    page = open_page("policies/visitors/parents/")
    page.emulate_media(media="print")
    sizes = page.locator("article p, article li").evaluate_all("all => all.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 16  # 12pt


def test_headings_are_kept_with_what_follows_them_in_print(open_page):
    page = open_page("policies/visitors/")
    page.emulate_media(media="print")
    assert page.locator("#parking").evaluate("h => getComputedStyle(h).breakAfter") == "avoid"
