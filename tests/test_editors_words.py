"""What editors write is text: a school's name, audience labels, titles, # headings, the record and
change notes show as the characters written, on every page, in search and in the PDFs (issue 11)."""

import re

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from helpers import (HEADING_ONLY_WORDS, HEADING_WORDS, MARKUP_LABEL, MARKUP_NOTE, MARKUP_PAGE_TITLE, MARKUP_RECORD,
                     MARKUP_SCHOOL, MARKUP_TITLE, SCRIPT, SECTION_WORDS, markup_site, problems)

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


def test_search_entries_hold_titles_as_the_characters_written(site):
    """Search holds an entry's title as text, which the page's script escapes as it shows it
    (test_editors_words_in_browser.py): it must hold the editor's characters, not markup made of them."""
    shown = {entry["location"]: entry["title"] for entry in site.search_index()}
    assert shown["policies/rules/"] == MARKUP_TITLE
    assert shown["policies/visits/"] == HEADING_ONLY_WORDS
    assert shown["policies/visits/#intro-1"] == HEADING_ONLY_WORDS
    assert shown["for/parents/"] == f"Policies for {MARKUP_LABEL}"
    assert [title for location, title in shown.items() if location.startswith("policies/rules/#")] == [
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


def test_the_page_not_found_and_short_links_show_editors_words_as_text(site):
    not_found = BeautifulSoup((site.root / "site" / "404.html").read_text(), "html.parser")
    assert_no_markup_from_editors(not_found)
    assert not_found.find("a", string=MARKUP_LABEL)["href"] == "/for/parents/"
    short_link = site.page("go/rules")
    assert_no_markup_from_editors(short_link)
    title = f"{MARKUP_TITLE}: full policy"
    assert short_link.title.string == short_link.select_one("main h1").string == short_link.select_one("main a").string == title


def test_the_printed_pages_foot_holds_editors_words_as_written(site):
    """Chromium's print fills the page's margin from a CSS string: it must hold the words, and end nowhere early."""
    style = site.page("policies/rules/parents").find("style", media="print").string
    written = re.search(r'content: "((?:[^"\\]|\\[0-9a-f]+ )*)";', style)
    assert written, style
    words_printed = re.sub(r"\\([0-9a-f]+) ", lambda escape: chr(int(escape[1], 16)), written[1])
    assert words_printed == f"{MARKUP_TITLE}, version for {MARKUP_LABEL}. {MARKUP_SCHOOL}."


@pytest.mark.parametrize("written, problem", [
    ("[the form](javascript:alert(1))", 'The address "javascript:alert(1)" is not a web page or a file'),
    ("[the form]( JaVaScRiPt:alert(1))", 'The address "JaVaScRiPt:alert(1)" is not a web page or a file'),
    ('<a href="java&#9;script:alert(1)">the form</a>', 'The address "java\tscript:alert(1)" is not a web page'),
    ("[the form](data:text/html,hello)", 'The address "data:text/html,hello" is not a web page or a file'),
    ("![logo](vbscript:x)", 'The address "vbscript:x" is not a web page or a file'),
    ("[the form][form]\n\n[form]: javascript:alert(1)", 'The address "javascript:alert(1)" is not a web page'),
    ('<a href="&#106;avascript:alert(1)">the form</a>', 'The address "javascript:alert(1)" is not a web page'),
    ('<img src="logo.png" onerror="alert(1)">', 'The <img> has the attribute onerror="…", which would run'),
    ('<div onclick="alert(1)">Sign in.</div>', 'The <div> has the attribute onclick="…", which would run'),
    ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "the attribute srcdoc="),
    ('the office.\n\n## Signing in { onclick="alert(1)" }', 'The <h2> has the attribute onclick="…", which would run'),
    ('the office.\n{ onmouseover="alert(1)" }', 'The <p> has the attribute onmouseover="…", which would run'),
    ('[the form](form.pdf){ href="javascript:alert(1)" }', 'The address "javascript:alert(1)" is not a web page'),
])
def test_a_link_or_html_that_would_run_a_script_stops_the_build(written, problem):
    """A policy written by hand, imported from Word or pasted from elsewhere runs no script of its own."""
    found = problems(f"---\ntitle: Visits\n---\n\n# Visits\n\nSee {written}\n")
    assert [problem in error.problem for error in found] == [True], found
    assert found[0].line == 7 + written.count("\n")


def test_links_to_pages_files_the_web_mail_and_phones_build():
    assert problems("---\ntitle: Visits\n---\n\n# Visits\n\nSee [the form](form.pdf), [complaints](complaints.md#stage-2), "
                    "[us](https://www.oakfield.example/), [mail](mailto:office@oakfield.example), "
                    "[call](tel:01234567890), [here](#visits) and <a href=\"https://www.oakfield.example/\">us</a>.\n") == []


def test_a_script_link_on_an_editors_own_page_stops_the_build(tmp_path):
    site = markup_site(tmp_path)
    site.write("about.md", "# About\n\nSee [our values](javascript:alert(1)).\n")
    result = site.build()
    assert result.returncode == 1 and 'docs/about.md:3: The address "javascript:alert(1)" is not a web page' in result.stderr
