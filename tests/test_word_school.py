"""A second invented school, Fernhollow Primary School, whose policies come from Word documents
through the `policy-import` command, as a school's would (tests/sites/fernhollow/): every word of
the Word documents reaches the full policy, and numbers, cross-references, audience groups and an
opt-in audience are right in every version."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup

from helpers import REPO, Site

FERNHOLLOW = REPO / "tests" / "sites" / "fernhollow"
sys.path.insert(0, str(FERNHOLLOW))

from make_site import make_site  # noqa: E402
from word_policies import WORD_POLICIES  # noqa: E402

TYPED_NUMBER = re.compile(r"\A\d+(?:\.\d+)*\.?\s+")
# The paragraphs the editor changed after importing (editor_changes.py), checked on their own below.
RECORD_LABELS = ("Date approved", "Approved by")
EDITED = ("tell parents about a pattern", "using the complaint form in", "will spend no longer than")


@pytest.fixture(scope="module")
def fernhollow(tmp_path_factory):
    root = tmp_path_factory.mktemp("fernhollow")
    imported = make_site(root)
    site = Site.__new__(Site)
    site.root, site.docs = root, root / "docs"
    site.built()
    site.import_report = imported.stdout
    return site


def page(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site.root / "site" / path / "index.html").read_text(), "html.parser")


def words(element) -> str:
    return " ".join(element.get_text(" ").split())


def policy_text(site, path: str) -> str:
    return words(page(site, path).find("article"))


def word_texts(document_path: Path):
    """Every paragraph and table cell of a Word document, as its reader sees the words."""
    document = docx.Document(str(document_path))
    for paragraph in document.paragraphs:
        yield paragraph.text
    for table in document.tables:
        if table.rows[0].cells[0].text in RECORD_LABELS:
            continue  # the policy's record: checked in the record box below
        for row in table.rows:
            for cell in row.cells:
                yield cell.text


@pytest.mark.parametrize("word_file", list(WORD_POLICIES))
def test_every_word_of_the_word_document_is_in_the_full_policy(fernhollow, word_file):
    slug = word_file.removesuffix(".docx").lower().replace(" ", "-")
    full = policy_text(fernhollow, f"policies/{slug}")
    for text in word_texts(fernhollow.root / "word" / word_file):
        text = " ".join(text.split()).replace("<", "[").replace(">", "]")
        if not text or any(edited in text for edited in EDITED):
            continue
        if slug == "charging-and-remissions-policy":
            assert text in full  # numbering is off: the numbers typed in Word are kept
        else:
            assert TYPED_NUMBER.sub("", text) in full, text


def record(site, path: str) -> str:
    return words(page(site, path).find(id="policy-record-title").parent)


def test_the_record_table_fills_the_record(fernhollow):
    for value in ("Version 3", "14 October 2025", "Full Governing Board", "Headteacher", "Autumn 2026"):
        assert value in record(fernhollow, "policies/behaviour-policy/parents")
    for value in ("March 2025", "Trust Board", "Spring term 2027"):
        assert value in record(fernhollow, "policies/complaints-procedure/parents")
    assert "Date approved" not in policy_text(fernhollow, "policies/behaviour-policy")


def test_placeholders_are_listed_by_the_import_and_stay_visible(fernhollow):
    for placeholder in ("[school name]", "XXX", "[number]", "<insert number>"):
        assert placeholder in fernhollow.import_report
    assert "[school name]" in policy_text(fernhollow, "policies/charging-and-remissions-policy")
    assert "within [number] school days" in policy_text(fernhollow, "policies/complaints-procedure/parents")


def numbers(site, path: str) -> list[str]:
    return [span.get_text() for span in page(site, path).find("article").select("h2 .clause-number, h3 .clause-number")]


def test_typed_numbers_become_the_sites_numbering_the_same_in_every_version(fernhollow):
    assert numbers(fernhollow, "policies/behaviour-policy") == ["1", "2", "2.1", "2.2", "2.3", "3", "4"]
    assert numbers(fernhollow, "policies/behaviour-policy/staff") == ["1", "2", "2.2", "3", "4"]
    assert numbers(fernhollow, "policies/behaviour-policy/parents") == ["1", "2", "2.3", "3", "4"]
    assert numbers(fernhollow, "policies/behaviour-policy/pupils") == ["1", "3", "4"]
    assert "4.2 A pupil who is removed from class" in policy_text(fernhollow, "policies/behaviour-policy/parents")
    assert "1.1 1.1" not in policy_text(fernhollow, "policies/behaviour-policy")


def test_numbers_typed_out_of_order_are_kept_as_typed_and_never_doubled(fernhollow):
    full = policy_text(fernhollow, "policies/charging-and-remissions-policy")
    assert "1.1 Education during school hours" in full and "1.3 We may ask" in full
    assert not page(fernhollow, "policies/charging-and-remissions-policy").select(".clause-number")


def cross_reference(site, path: str, words_in_it: str):
    return next(link for link in page(site, path).find("article").find_all("a") if words_in_it in link.get_text())


def test_a_cross_reference_names_the_clause_and_leads_to_it_from_every_version(fernhollow):
    full = cross_reference(fernhollow, "policies/behaviour-policy", "section 2.3")
    staff = cross_reference(fernhollow, "policies/behaviour-policy/staff", "section 2.3")
    assert words(full) == "section 2.3, Parents and carers" and full["href"] == "#parents-and-carers"
    assert words(staff) == "section 2.3 (in the full policy)"  # its heading is for parents
    assert staff["href"] == "../#parents-and-carers"
    appendix = cross_reference(fernhollow, "policies/complaints-procedure/parents", "Appendix 1")
    assert appendix["href"] == "#appendix-1-complaint-form"


def test_groups_and_tables_reach_exactly_their_audiences(fernhollow):
    parents = policy_text(fernhollow, "policies/complaints-procedure/parents")
    governors = policy_text(fernhollow, "policies/complaints-procedure/governors")
    assert "Handling a complaint" not in parents and "Handling a complaint" in governors
    assert "clerk@fernhollow.example" not in parents and "clerk@fernhollow.example" in governors
    assert "The governing board reviews" not in policy_text(fernhollow, "policies/behaviour-policy/volunteers")
    assert "Staff will:" in policy_text(fernhollow, "policies/behaviour-policy/volunteers")


def test_only_the_policy_that_names_pupils_is_for_them(fernhollow):
    hub = words(page(fernhollow, "for/pupils").find("article"))
    assert "Behaviour Policy" in hub
    assert "Complaints Procedure" not in hub and "Charging and Remissions Policy" not in hub
    assert not (fernhollow.root / "site/policies/complaints-procedure/pupils").exists()


def test_the_footnote_reaches_every_version_that_refers_to_it(fernhollow):
    for audience in ("staff", "parents", "pupils"):
        assert "advice for headteachers and school staff" in policy_text(fernhollow, f"policies/behaviour-policy/{audience}")
