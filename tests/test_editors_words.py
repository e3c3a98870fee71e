"""What editors write is text: a school's name, audience labels, titles, # headings, the record and
change notes show as the characters written, on every page, in search and in the PDFs (issue 11)."""

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from helpers import (HEADING_ONLY_WORDS, HEADING_WORDS, MARKUP_LABEL, MARKUP_NOTE, MARKUP_PAGE_TITLE, MARKUP_RECORD,
                     MARKUP_SCHOOL, MARKUP_TITLE, SCRIPT, SECTION_WORDS, markup_site)

PAGES = {"full view": "policies/rules", "audience view": "policies/rules/parents", "hub": "for/parents",
         "register": "policies", "register for one audience": "register/for-parents", "home": "",
         "coverage": "coverage", "heading's view": "policies/visits",
         "editor's page": "about"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = markup_site(tmp_path_factory.mktemp("markup"))
    settings = site.root / "mkdocs.yml"
    settings.write_text(settings.read_text().replace("extra:\n", "extra:\n  pdf: true\n"))
    return site.built()


def words(element) -> str:
    return words_of(element.get_text(" "))


def words_of(text: str) -> str:
    """The words as a browser shows them, with each run of spaces and line breaks as one space."""
    return " ".join(text.split())


def assert_no_markup_from_editors(page: BeautifulSoup) -> None:
    assert not page.find_all(lambda element: any(name.startswith("on") for name in element.attrs))
    assert not [style for style in page.find_all("style") if "display:none" in style.get_text()]
    assert "49" not in page.get_text()  # {{ 7*7 }} was not run as a template


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_no_page_holds_markup_from_editors_words(site, path):
    page = site.page(path)
    assert_no_markup_from_editors(page)
    assert page.find("meta", attrs={"name": "description"})["content"] in (
        "Policies " + SCRIPT, MARKUP_RECORD["description"])


def test_a_policys_versions_show_its_record_and_changes_as_written(site):
    for path, title in [("policies/rules", MARKUP_TITLE), ("policies/rules/parents", f"{MARKUP_TITLE} ({MARKUP_LABEL})")]:
        page = site.page(path)
        assert page.title.string == f"{title} - {MARKUP_SCHOOL}"
        assert words(page.select_one(".md-header__topic:last-child")) == title
        assert page.select_one("#policy-title").get_text() == HEADING_WORDS
        assert page.select_one(".policy-print-school").get_text() == MARKUP_SCHOOL
        record = dict(zip(map(words, page.select(".policy-record dt")), map(words, page.select(".policy-record dd"))))
        assert record["Owner"] == MARKUP_RECORD["owner"]
        assert record["Version"] == words_of(MARKUP_RECORD["version"])
        assert record["Approved"] == (f"14 October 2025 by {MARKUP_RECORD['approved_by']} "
                                      f"(minute {MARKUP_RECORD['minute_ref']})")
        assert MARKUP_RECORD["summary"] in words(page.select_one(".policy-record__summary"))
        assert words(page.select_one(".policy-changes li")) == f"Version 3, 14 October 2025: {MARKUP_NOTE}"
        assert page.select_one(".policy-views a", string=MARKUP_LABEL) is not None
        assert [words(link) for link in page.select(".md-nav--secondary a")] == [SECTION_WORDS]
    assert page.find("meta", attrs={"name": "description"})["content"] == "Policies " + SCRIPT
    assert words(page.select_one(".policy-views__intro")) == f"Version for {MARKUP_LABEL} · other versions"
    assert words(site.page("policies/rules").select_one(".audience-badge")) == f"Applies to: {MARKUP_LABEL}"


def test_the_school_and_audience_labels_show_as_written_on_every_page(site):
    home = site.page("")
    assert home.title.string == MARKUP_SCHOOL
    assert words(home.select_one(".md-header__topic")) == MARKUP_SCHOOL
    assert home.select_one(".md-header__button.md-logo")["title"] == MARKUP_SCHOOL
    assert home.find("article").find("a", string=MARKUP_LABEL) is not None
    assert MARKUP_LABEL in [words(link) for link in home.select(".md-nav--primary a")]
    hub = site.page("for/parents")
    assert hub.title.string == f"Policies for {MARKUP_LABEL} - {MARKUP_SCHOOL}"
    assert words(hub.find("h1")).startswith(f"Policies for {MARKUP_LABEL}")
    assert hub.find("article").find("a", string=MARKUP_TITLE) is not None
    register = site.article("policies")
    row = register.find("a", string=MARKUP_TITLE).find_parent("tr")
    assert [words(cell) for cell in row.find_all("td")][0:2] == [MARKUP_RECORD["owner"],
                                                                   words_of(MARKUP_RECORD["version"])]
    assert row.find("a", string=MARKUP_LABEL) is not None
    summary = register.select_one(".policy-register__summaries").find("a", string=MARKUP_TITLE).find_parent("h2")
    assert words(summary.find_next("dd")) == MARKUP_RECORD["owner"]
    filtered = site.page("register/for-parents")
    assert filtered.title.string == f"Register: policies for {MARKUP_LABEL} - {MARKUP_SCHOOL}"
    assert words(filtered.find("h1")).startswith(f"Register: policies for {MARKUP_LABEL}")
    assert filtered.select_one(".policy-register__filters").find("a", string=f"{MARKUP_LABEL} (2)") is not None
    coverage = site.article("coverage")
    assert coverage.find("th", string=MARKUP_LABEL) is not None


def test_an_editors_own_page_shows_its_title_as_written(site):
    page = site.page("about")
    assert page.title.string == f"{MARKUP_PAGE_TITLE} - {MARKUP_SCHOOL}"
    assert words(page.select_one(".md-header__topic:last-child")) == MARKUP_PAGE_TITLE
    assert words(page.find("article").find("h1")) == MARKUP_PAGE_TITLE
    assert MARKUP_PAGE_TITLE in [words(link) for link in site.page("").select(".md-nav--primary a")]


def test_a_headings_words_stay_text_wherever_they_are_the_title(site):
    page = site.page("policies/visits")
    assert page.title.string == f"{HEADING_ONLY_WORDS} - {MARKUP_SCHOOL}"
    assert page.select_one("#policy-title").get_text() == HEADING_ONLY_WORDS
    assert site.article("for/parents").find("a", string=HEADING_ONLY_WORDS) is not None
    assert site.article("policies").find("a", string=HEADING_ONLY_WORDS) is not None
    coverage = site.article("coverage")
    assert [words(heading).removesuffix(" ¶") for heading in coverage.find_all("h2")] == [MARKUP_TITLE, HEADING_ONLY_WORDS]
    assert HEADING_ONLY_WORDS in [words(link) for link in site.page("coverage").select(".md-nav--secondary a")]


def test_search_entries_hold_titles_as_escaped_text(site):
    """Material's search shows an entry's title and text as HTML: they must hold no markup."""
    entries = {entry["location"]: entry for entry in site.search_index()}
    shown = {location: BeautifulSoup(entry["title"], "html.parser") for location, entry in entries.items()}
    assert not [location for location, title in shown.items() if title.find()]
    assert shown["policies/rules/"].get_text() == MARKUP_TITLE
    assert shown["policies/visits/"].get_text() == HEADING_ONLY_WORDS
    assert shown["policies/visits/#intro-1"].get_text() == HEADING_ONLY_WORDS
    assert shown["for/parents/"].get_text() == f"Policies for {MARKUP_LABEL}"
    assert [title.get_text() for location, title in shown.items() if location.startswith("policies/rules/#")] == [
        MARKUP_TITLE, SECTION_WORDS, SECTION_WORDS]


def test_pdfs_show_editors_words_as_written(site):
    for path, version in [("policies/rules/rules.pdf", "full policy"),
                          ("policies/rules/parents/rules-parents.pdf", f"version for {MARKUP_LABEL}")]:
        reader = PdfReader(site.root / "site" / path)
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
        assert reader.metadata.title == f"{MARKUP_TITLE}: {version}"
        assert reader.metadata.author == MARKUP_SCHOOL
        for written in (HEADING_WORDS, MARKUP_SCHOOL, MARKUP_RECORD["owner"], MARKUP_RECORD["approved_by"],
                        MARKUP_NOTE, "Rules apply to all."):
            assert written in text
