"""Numbered clauses (numbering: true), appendices, and cross-references to clauses and policies."""

import os
import subprocess
import sys
import textwrap

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from helpers import Site, _convert, without_clause_links
from policy_core.errors import PolicyProblems

# An invented school's policy: section 2 is for staff only, so the parents' version goes 1, 3, 4.
VISITS = """\
    ---
    title: Visits Policy
    audiences: [staff, parents]
    ---

    # Visits Policy

    Oakfield Primary welcomes visitors.

    ## Signing in

    Everyone signs in at the office.

    - Visitors wear a badge.

    !!! note
        The office opens at 8am.

    Visitors leave by the main gate.

    ## Staff duties { audience="staff" }

    Staff check every badge.

    ## Visits by parents { #visits-by-parents }

    Parents book a visit with the class teacher.

    ### Open mornings

    Parents may visit on open mornings.

    ## Questions

    Badges are checked as [](#staff-duties) says; visits are booked as in [](#visits-by-parents).

    Complaints go through [](complaints.md#stage-1), then [](complaints.md#stage-2), as in
    [](complaints.md#talk-first); trips are in [the trips policy](trips.md).

    ## Appendix 1: Contacts

    The office: 01234 567890.

    ## Appendix B – Forms

    The visitor form is at the office.
    """

# Not numbered: its own setting turns off the site's default.
COMPLAINTS = """\
    ---
    title: Complaints Policy
    audiences: [staff, parents]
    numbering: false
    ---

    # Complaints Policy

    ## Stage 1: talk to us { #stage-1 }

    Talk to the class teacher first, who will listen and try to put things right.
    { #talk-first }

    ## Stage 2: write to the head { #stage-2 audience="staff" }

    The head replies within ten school days.
    """

# For staff only: the parents have no version of it.
TRIPS = """\
    ---
    title: Trips Policy
    audiences: [staff]
    ---

    # Trips Policy

    Staff plan every trip with a risk assessment.
    """


def numbered(text: str, audience: str | None = None) -> BeautifulSoup:
    """One view of a policy with numbering on, made by the core without MkDocs."""
    view = BeautifulSoup(_convert(text, None, "policy.md", ("admonition",), audience=audience,
                                  full_view_link="policy.md", numbering=True), "html.parser")
    return without_clause_links(view)


def numbering_problems(text: str) -> list:
    try:
        _convert(text, None, "policy.md", (), plan_views=True, numbering=True)
    except PolicyProblems as found:
        return found.errors
    return []


def numbers(view) -> list[tuple[str, str]]:
    """Each number shown, with the first words after it."""
    return [(number.get_text(), " ".join(number.parent.get_text(" ", strip=True).split()[1:3]))
            for number in view.select(".clause-number")]


def words(element) -> str:
    return " ".join(element.get_text(" ").split())


def test_sections_subsections_and_their_paragraphs_are_numbered_in_the_full_policy():
    assert numbers(numbered(VISITS)) == [
        ("1", "Signing in"), ("1.1", "Everyone signs"), ("1.2", "Visitors leave"),
        ("2", "Staff duties"), ("2.1", "Staff check"),
        ("3", "Visits by"), ("3.1", "Parents book"), ("3.2", "Open mornings"), ("3.2.1", "Parents may"),
        ("4", "Questions"), ("4.1", "Badges are"), ("4.2", "Complaints go"),
        ("A1.1", "The office:"), ("B.1", "The visitor")]


def test_lists_notes_and_what_comes_before_the_first_section_are_not_numbered():
    view = numbered(VISITS)
    assert not view.find("p", string=lambda text: text and "welcomes visitors" in text).select(".clause-number")
    assert not view.select("li .clause-number, .admonition .clause-number")


def test_each_version_keeps_the_full_policys_numbers_with_gaps():
    parents = numbered(VISITS, "parents")
    assert [number for number, _ in numbers(parents)] == [
        "1", "1.1", "1.2", "3", "3.1", "3.2", "3.2.1", "4", "4.1", "4.2", "A1.1", "B.1"]
    assert ("3.1", "Parents book") in numbers(parents)


def test_appendices_keep_their_own_words_and_number_their_clauses_apart():
    view = numbered(VISITS)
    assert words(view.find("h2", id="appendix-1-contacts")) == "Appendix 1: Contacts"
    assert words(view.find("h2", id="appendix-b-forms")) == "Appendix B – Forms"
    later = numbered(VISITS + "\n    ## Visitors' cars\n\n    Cars park on the road.\n\n    ## Appendix: Map\n\n"
                                "    The map is at the gate.\n")
    assert ("5", "Visitors' cars") in numbers(later)  # sections after an appendix go on from 4
    assert ("A3.1", "The map") in numbers(later)  # an appendix with no number or letter: its place


def test_the_number_is_text_at_the_start_of_the_clause_before_its_badge():
    view = numbered(VISITS)
    heading = view.find("h2", id="staff-duties")
    assert words(heading).startswith("2 Staff duties Applies to: Staff")
    paragraph = numbered(VISITS.replace("Staff check every badge.", "Staff check every badge.\n    { audience=\"staff\" }")
                         .replace('## Staff duties { audience="staff" }', "## Staff duties"))
    assert words(paragraph.find("p", id="staff-duties-1")).startswith("2.1 Applies to: Staff Staff check")


def test_each_clause_link_is_named_for_its_clause_by_its_number_and_first_words():
    view = BeautifulSoup(_convert(VISITS, None, "policy.md", ("admonition",), audience="parents", full_view_link="policy.md",
                                  numbering=True), "html.parser")
    names = {link["href"]: (link["aria-label"], link["data-clause"]) for link in view.select("a.clause-link")}
    assert names["#visits-by-parents"] == ("Link to section 3: Visits by parents", "section 3")
    assert names["#visits-by-parents-1"] == ("Link to clause 3.1: Parents book a visit with the class teacher.",
                                             "clause 3.1")
    assert names["#open-mornings"] == ("Link to section 3.2: Open mornings", "section 3.2")
    # A list item has no number of its own: it is named by its words.
    assert names["#signing-in-2"] == ("Link to: Visitors wear a badge.", "“Visitors wear a badge.”")
    assert names["#appendix-1-contacts"] == ("Link to: Appendix 1: Contacts", "“Appendix 1: Contacts”")


def test_ids_never_hold_numbers_and_stay_when_a_section_is_inserted_before():
    plain = BeautifulSoup(_convert(VISITS, None, "policy.md", ("admonition",)), "html.parser")
    ids = [element["id"] for element in plain.select("[id]")]
    assert [element["id"] for element in numbered(VISITS).select("[id]")] == ids
    inserted = numbered(VISITS.replace("## Signing in", "## Parking\n\n    Park on the road.\n\n    ## Signing in"))
    assert words(inserted.find("h2", id="signing-in")).startswith("2 Signing in")


@pytest.mark.parametrize("line, typed", [
    ("## 2.1 Signing in", "2.1"), ("## 4. Signing in", "4."), ("## 4 Signing in", "4"),
])
def test_a_heading_with_a_typed_number_stops_the_build_when_the_policy_is_numbered(line, typed):
    found = numbering_problems(VISITS.replace("## Signing in", line))
    assert [(error.line, error.problem) for error in found] == [
        (10, f'This heading starts with a number typed in its text ("{typed}"), and the policy numbers its '
             "clauses itself (numbering: true), so readers would see two numbers.")]
    assert found[0].fix.startswith(f'remove "{typed}" from the text (the site numbers this heading 1), or turn '
                                   "numbering off with numbering: false")


def test_a_paragraph_with_a_typed_number_stops_the_build_but_a_count_or_a_year_does_not():
    found = numbering_problems(VISITS.replace("Staff check every badge.", "2.1 Staff check every badge."))
    assert [(error.line, error.fix.split(",")[0]) for error in found] == [
        (23, 'remove "2.1" from the text (the site numbers this paragraph 2.1)')]
    assert numbering_problems(VISITS.replace("Staff check every badge.", "10 staff check every badge.")
                              .replace("## Questions", "## 2024 questions")) == []
    # A decimal before a word in small letters is a quantity: "2.5 hours", "1.5 days".
    assert numbering_problems(VISITS.replace("Staff check every badge.", "2.5 hours of checks a week.")) == []
    assert len(numbering_problems(VISITS.replace("Staff check every badge.", "2.5 Hours of checks."))) == 1


def test_a_typed_number_in_a_heading_keeps_its_dots_in_the_anchor():
    plain = BeautifulSoup(_convert(VISITS.replace("## Signing in", "## 1.16.1 Restoration"), None, "policy.md",
                                   ("admonition",)), "html.parser")
    assert plain.find("h2", id="1-16-1-restoration")


# Whole builds ---------------------------------------------------------------------------------


def school(tmp_path, settings: str = "  numbering: true\n") -> Site:
    site = Site(tmp_path)
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("extra:\n", "extra:\n" + settings))
    return (site.write("policies/visits.md", VISITS).write("policies/complaints.md", COMPLAINTS)
            .write("policies/trips.md", TRIPS))


def build(site: Site, succeeds: bool = True) -> subprocess.CompletedProcess:
    env = {**{key: value for key, value in os.environ.items() if key != "POLICY_PDF"}, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=site.root,
                            capture_output=True, text=True, env=env)
    assert (result.returncode == 0) == succeeds, result.stderr
    assert "Traceback" not in result.stderr and "WARNING" not in result.stderr, result.stderr
    return result


def links(article) -> dict[str, str]:
    return {words(link): link["href"] for link in article.select("p a:not(.clause-link)")}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Site:
    site = school(tmp_path_factory.mktemp("numbered"), "  numbering: true\n  pdf: true\n")
    build(site)
    return site


def test_the_sites_default_numbers_a_policy_and_a_policy_can_turn_it_off(built):
    assert numbers(built.article("policies/visits"))[:2] == [("1", "Signing in"), ("1.1", "Everyone signs")]
    assert numbers(built.article("policies/visits/parents"))[3] == ("3", "Visits by")
    assert not built.article("policies/complaints").select(".clause-number")


def test_the_table_of_contents_and_search_carry_the_numbers(built):
    toc = [words(link) for link in built.page("policies/visits/parents").select("nav.md-nav--secondary a")]
    assert toc == ["1 Signing in", "3 Visits by parents", "3.2 Open mornings", "4 Questions",
                   "Appendix 1: Contacts", "Appendix B – Forms"]
    entries = {entry["location"]: entry for entry in built.search_index()}
    assert entries["policies/visits/#visits-by-parents"]["title"] == "3 Visits by parents"
    assert entries["policies/visits/#visits-by-parents-1"]["text"] == "3.1 Parents book a visit with the class teacher."
    assert entries["policies/visits/#questions-1"]["text"] == (  # a cross-reference, written out as on the page
        "4.1 Badges are checked as section 2, Staff duties says; visits are booked as in section 3, Visits by parents.")


def test_the_editors_coverage_page_names_each_clause_by_its_number(built):
    grid = next(region for region in built.page("coverage").select(".policy-scroll-region")
                if "of Visits Policy" in region["aria-label"])
    rows = [[words(cell) for cell in row.select("td")][:2] for row in grid.select("tbody tr")]
    assert ["visits-by-parents", "3 Visits by parents"] in rows
    assert ["visits-by-parents-1", "3.1 Parents book a visit with the class…"] in rows  # its first eight words


def test_a_cross_reference_is_written_out_and_leads_to_the_full_policy_when_the_version_lacks_it(built):
    assert {"section 2, Staff duties": "#staff-duties", "section 3, Visits by parents": "#visits-by-parents"}.items() \
        <= links(built.article("policies/visits/staff")).items()
    parents = links(built.article("policies/visits/parents"))
    assert parents["section 2 (in the full policy)"] == "../#staff-duties"
    assert parents["section 3, Visits by parents"] == "#visits-by-parents"


def test_a_cross_reference_never_shows_the_words_of_a_clause_the_version_leaves_out(built):
    """The heading of a staff-only section is for staff: the parents' version names it by its number."""
    parents = built.article("policies/visits/parents").get_text()
    assert "Staff duties" not in parents and "write to the head" not in parents
    assert "Staff duties" in built.article("policies/visits/staff").get_text()
    toc = built.page("policies/visits/parents").select_one("nav.md-nav--secondary").get_text()
    assert "Staff duties" not in toc


def test_a_link_to_another_policy_opens_the_readers_own_version_when_it_holds_the_clause(built):
    parents = links(built.article("policies/visits/parents"))
    assert parents["Complaints Policy, Stage 1: talk to us"] == "../../complaints/parents/#stage-1"
    assert parents["Complaints Policy, a section (in the full policy)"] == "../../complaints/#stage-2"
    # Complaints is not numbered: a paragraph is named by its first words.
    assert parents["Complaints Policy, “Talk to the class teacher first, who will…”"] == \
        "../../complaints/parents/#talk-first"
    assert parents["the trips policy"] == "../../trips/"  # the parents have no version of it
    staff = links(built.article("policies/visits/staff"))
    assert staff["Complaints Policy, Stage 2: write to the head"] == "../../complaints/staff/#stage-2"
    assert staff["the trips policy"] == "../../trips/staff/"
    assert links(built.article("policies/visits"))["the trips policy"] == "../trips/"


def test_a_pdf_carries_the_numbers_and_cross_references_with_absolute_links(built):
    reader = PdfReader(built.root / "site/policies/visits/parents/visits-parents.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "3.1 Parents book a visit" in text and "2.1 Staff check" not in text
    assert "section 2 (in the full policy)" in text and "Staff duties" not in text
    addresses = {annotation.get_object()["/A"].get("/URI") for page in reader.pages
                 for annotation in page.get("/Annots", []) if "/A" in annotation.get_object()}
    assert {"https://policies.oakfield.example/policies/visits/#staff-duties",
            "https://policies.oakfield.example/policies/complaints/parents/#stage-1"} <= addresses


@pytest.mark.parametrize("link, problem, fix", [
    ("[](#visits-by-parent)", 'The link "#visits-by-parent" leads to no clause: Visits Policy has no clause with the '
                              'id "visits-by-parent".', "such as visits-by-parents"),
    ("[](complaints.md#stage-3)", 'The link "complaints.md#stage-3" leads to no clause: Complaints Policy has no '
                                  'clause with the id "stage-3".', "such as stage-2, stage-1"),
    ("[the policy](complaint.md)", 'The link "complaint.md" leads to no policy: there is no complaint.md in the '
                                   "policies' folder.", "such as complaints.md"),
    ("[](https://www.oakfield.example/)", 'The link to "https://www.oakfield.example/" has no words, so readers '
                                          "would not see it.", "write the words to show between its square brackets"),
])
def test_a_link_that_leads_nowhere_or_shows_no_words_stops_the_build(tmp_path, link, problem, fix):
    site = school(tmp_path, "")
    site.write("policies/visits.md", VISITS.replace("Staff check every badge.", f"Staff check every badge: {link}."))
    result = build(site, succeeds=False)
    assert f"docs/policies/visits.md:23: {problem}" in result.stderr
    assert fix in result.stderr


def test_without_numbering_a_cross_reference_is_written_with_the_headings_words(tmp_path):
    site = school(tmp_path, "")
    site.write("policies/logo.png", "")  # a picture is a link's words
    site.write("policies/visits.md", VISITS.replace("Staff check every badge.",
                                                    "Staff check every badge.\n\n    [![Oakfield](logo.png)](https://www.oakfield.example/)"))
    build(site)
    assert not site.article("policies/visits").select(".clause-number")
    parents = links(site.article("policies/visits/parents"))
    assert parents["a section (in the full policy)"] == "../#staff-duties"
    assert parents["Visits by parents"] == "#visits-by-parents"


def test_a_numbering_setting_that_is_not_true_or_false_stops_the_build(tmp_path):
    site = school(tmp_path, "  numbering: yes please\n")
    assert 'mkdocs.yml:16: numbering is "yes please", which is not true or false.' in build(site, succeeds=False).stderr
    site = school(tmp_path / "policy", "")
    site.write("policies/trips.md", TRIPS.replace("audiences: [staff]", "audiences: [staff]\n    numbering: 1"))
    assert 'docs/policies/trips.md:4: numbering is "1", which is not true or false.' in \
        build(site, succeeds=False).stderr


def test_an_anchor_published_before_typed_numbers_kept_their_dots_still_leads_to_its_clause(tmp_path):
    """Before, "## 1.16.1 Restoration" was #1161-restoration: links to it in newsletters still work."""
    site = school(tmp_path, settings="").write("policies/visits.md",
                                                VISITS.replace("## Signing in", "## 1.16.1 Restoration"))
    site.root.joinpath("published-links.yml").write_text("policies/visits/:\n- 1161-restoration\n")
    build(site)
    page = (site.root / "site/policies/visits/index.html").read_text()
    assert '["1161-restoration", "#1-16-1-restoration"]' in page
