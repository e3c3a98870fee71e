"""Whole builds of small invented sites: the pages a reader gets, at the addresses they expect."""

import re
from textwrap import dedent
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from helpers import REPO, ExampleSite, Site

PHONES = """\
    ---
    title: Mobile Phone Policy
    ---

    # Mobile Phone Policy

    Phones are switched off in lessons.

    ## In school

    - Staff keep phones in lockers. { #lockers audience="staff" }
    - Parents phone the office, not staff. { #calling-the-office audience="parents" }
    - See [the Uniform Policy](uniform.md) and [the locker rule](#lockers).

    ## Breaches { audience="staff governors" }

    Breaches by staff are reported to governors.
    """

UNIFORM = """\
    ---
    title: Uniform Policy
    audiences: [staff, parents]
    ---

    # Uniform Policy

    Pupils wear the school jumper.
    """


def words(element) -> str:
    return " ".join(element.get_text(" ", strip=True).split())


def phones_site(tmp_path) -> Site:
    return Site(tmp_path).write("policies/phones.md", PHONES).write("policies/uniform.md", UNIFORM).built()


def test_each_audience_gets_its_own_page_with_only_its_clauses(tmp_path):
    site = phones_site(tmp_path)
    parents = site.article("policies/phones/parents")
    staff = site.article("policies/phones/staff")
    assert "Parents phone the office, not staff." in words(parents)
    assert "Staff keep phones in lockers." not in words(parents)
    assert "Breaches" not in words(parents)
    assert "Staff keep phones in lockers." in words(staff)
    assert "Parents phone the office" not in words(staff)
    html = (site.root / "site/policies/phones/parents/index.html").read_text()
    assert "lockers in" not in html and "Staff keep phones" not in html


def test_the_full_view_holds_every_clause_with_badges_in_words(tmp_path):
    full = phones_site(tmp_path).article("policies/phones")
    for clause in ("Phones are switched off in lessons.", "Staff keep phones in lockers.",
                   "Parents phone the office, not staff.", "Breaches by staff are reported to governors."):
        assert clause in words(full)
    badges = [words(badge) for badge in full.select(".audience-badge")]
    assert badges == ["Applies to: Staff", "Applies to: Parents and carers", "Applies to: Staff · Governors"]


def test_audience_views_leave_other_clauses_out_of_their_contents(tmp_path):
    site = phones_site(tmp_path)
    contents = words(site.page("policies/phones/parents").select_one("nav.md-nav--secondary"))
    assert "In school" in contents and "Breaches" not in contents


def test_search_finds_each_clause_once_at_its_own_anchor(tmp_path):
    entries = phones_site(tmp_path).search_index()
    assert not [entry for entry in entries if entry["location"].startswith("policies/phones/parents/")]
    for words_of_clause, anchor in (("Parents phone the office", "#calling-the-office"),
                                    ("Staff keep phones in lockers", "#lockers"),
                                    ("Phones are switched off", "#intro-1")):
        found = [entry["location"] for entry in entries if words_of_clause in entry["text"]]
        assert found == ["policies/phones/" + anchor]


def test_an_audiences_search_finds_only_the_clauses_its_versions_show(tmp_path):
    site = phones_site(tmp_path)
    seen_by = {entry["location"]: entry["audiences"] for entry in site.search_index()}
    assert seen_by["policies/phones/#lockers"] == ["staff"]
    assert seen_by["policies/phones/#calling-the-office"] == ["parents"]
    assert "parents" not in seen_by["policies/phones/#breaches"]
    # Each audience's version and hub searches as that audience; the full view and register search everything.
    search = {page: site.page(page).select_one("[data-md-component=search]").get("data-policy-audience")
              for page in ("policies/phones/parents", "for/parents", "policies/phones", "policies")}
    assert search == {"policies/phones/parents": "parents", "for/parents": "parents",
                      "policies/phones": None, "policies": None}


def test_each_view_links_to_the_others_and_says_whose_it_is(tmp_path):
    site = phones_site(tmp_path)
    full_box = site.page("policies/phones").select_one("nav.policy-views")
    assert words(full_box.summary) == "Full policy · other versions"
    assert "It applies to: Staff, Governors, Volunteers, Friends of Oakfield (PTA), Parents and carers." \
        in words(full_box)
    assert {words(a): a["href"] for a in full_box.find_all("a")} == {
        "Full policy": "./", "Staff": "staff/", "Governors": "governors/", "Volunteers": "volunteers/",
        "Friends of Oakfield (PTA)": "pta/", "Parents and carers": "parents/"}
    parent_box = site.page("policies/phones/parents").select_one("nav.policy-views")
    assert words(parent_box.summary) == "Version for Parents and carers · other versions"
    current = parent_box.find("a", attrs={"aria-current": "page"})
    assert current.get_text() == "Parents and carers"
    assert words(current.parent) == "Parents and carers (this version)"  # in words, not only by its look
    assert parent_box.find("a", string="Full policy")["href"] == "../"
    assert site.page("policies/phones/parents").title.get_text() == \
        "Mobile Phone Policy (Parents and carers) - Oakfield Primary School"


def test_an_audience_with_no_clauses_gets_no_view(tmp_path):
    site = Site(tmp_path).write("policies/pay.md", """\
        ---
        title: Pay Policy
        ---

        # Pay Policy

        ## Salaries { audience="staff governors" }

        Staff are paid monthly.
        """).built()
    assert "Staff are paid monthly." in words(site.article("policies/pay/staff"))
    assert not (site.root / "site/policies/pay/parents").exists()
    assert words(site.article("for/parents")).endswith("No policy has clauses for this group yet.")
    assert [words(a) for a in site.page("policies/pay").select("nav.policy-views a")] == [
        "Full policy", "Staff", "Governors"]


def test_links_work_from_every_view(tmp_path):
    site = phones_site(tmp_path)
    parents = site.article("policies/phones/parents")
    # A link to another policy opens the parents' own version of it (test_numbering.py has the rest).
    assert parents.find("a", string="the Uniform Policy")["href"] == "../../uniform/parents/"
    # The locker rule is staff-only: the parents' version sends the link to the full policy.
    assert parents.find("a", string="the locker rule")["href"] == "../#lockers"
    assert site.article("policies/phones/staff").find("a", string="the locker rule")["href"] == "#lockers"
    assert site.article("policies/phones").find("a", string="the Uniform Policy")["href"] == "../uniform/"


@pytest.mark.parametrize("link, warning", [
    ("/policies/complaints.html", "contains an absolute link '/policies/complaints.html'"),
    ("../complaints/", "contains an unrecognized relative link '../complaints/'"),
    ("../about.md", "contains a link '../about.md', but the target 'about.md' is not found"),
])  # a link to a policy or clause that is not there stops even a build without --strict: see test_numbering.py
def test_a_link_that_leads_nowhere_stops_a_strict_build_once_with_the_fix(tmp_path, link, warning):
    site = Site(tmp_path).write("policies/uniform.md", UNIFORM)
    result = site.write("policies/phones.md", dedent(PHONES) + f"\nSee [the complaints policy]({link}).\n").build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1, result.stderr  # once, not again for each audience's version
    assert warnings[0].startswith(f"WARNING -  Doc file 'policies/phones.md' {warning}")
    assert "How to fix it: link to the page's file in docs/, by its name from this file" in result.stderr


def test_a_school_can_choose_how_mkdocs_treats_a_kind_of_link(tmp_path):
    site = Site(tmp_path, extra_settings="validation:\n  absolute_links: info\n").write("policies/uniform.md", UNIFORM)
    site.write("policies/phones.md", dedent(PHONES) + "\nSee [the complaints policy](/policies/complaints/).\n").built()


def test_a_link_to_an_anchor_that_moved_is_followed_not_refused(tmp_path):
    moved = dedent(PHONES).replace("---\n\n", "moved:\n  phone-lockers: lockers\n---\n\n", 1)
    site = Site(tmp_path).write("policies/phones.md", moved)
    site.write("policies/uniform.md", dedent(UNIFORM) + "\nSee [the locker rule](phones.md#phone-lockers).\n").built()


def test_hubs_list_the_policies_with_clauses_for_their_audience(tmp_path):
    site = phones_site(tmp_path)
    parents_hub = site.article("for/parents")
    assert {words(a): a["href"] for a in parents_hub.select("li a")} == {
        "Mobile Phone Policy": "../../policies/phones/parents/",
        "Uniform Policy": "../../policies/uniform/parents/"}
    governors_hub = site.article("for/governors")
    assert [words(a) for a in governors_hub.select("li a")] == ["Mobile Phone Policy"]


def test_the_register_lists_every_policy_and_the_home_page_asks_who_you_are(tmp_path):
    site = phones_site(tmp_path)
    rows = [[words(cell) for cell in row.find_all(["th", "td"])] for row in site.article("policies").select("tbody tr")]
    assert [row[0] for row in rows] == ["Mobile Phone Policy", "Uniform Policy"]
    assert rows[0][-1].replace(" ,", ",") == "Staff, Governors, Volunteers, Friends of Oakfield (PTA), Parents and carers"
    assert rows[1][-1].replace(" ,", ",") == "Staff, Parents and carers"
    links = site.article("policies").select("tbody tr")[1].find_all("a")
    assert [link["href"] for link in links] == ["uniform/", "uniform/staff/", "uniform/parents/"]
    home = site.article("")
    assert "Who are you?" in words(home)
    assert {words(a): a["href"] for a in home.select("li a")} == {
        "Staff": "for/staff/", "Governors": "for/governors/", "Volunteers": "for/volunteers/",
        "Friends of Oakfield (PTA)": "for/pta/", "Parents and carers": "for/parents/"}


def test_no_heading_holds_a_link_that_a_screen_reader_would_read_as_part_of_its_name(tmp_path):
    """toc's ¶ inside a heading made the home page's heading "Who are you? ¶", and a Tab stop."""
    site = phones_site(tmp_path)
    for page in ("", "for/staff", "policies", "coverage", "policies/phones", "policies/uniform/parents"):
        headings = site.article(page).select("h1, h2, h3, h4")
        assert headings and not [heading for heading in headings if heading.select("a.headerlink, a.clause-link")
                                 or "¶" in heading.get_text()], page


def test_navigation_leads_to_the_hubs_and_register_which_list_the_policies_folder(tmp_path):
    site = phones_site(tmp_path)
    assert "nav:" not in (site.root / "mkdocs.yml").read_text()
    for page in ("for/staff", "policies/phones", "policies/uniform/parents"):
        navigation = words(site.page(page).select_one("nav.md-nav--primary"))
        assert navigation == ("Oakfield Primary School Home Who are you? Who are you? Staff Governors Volunteers "
                              "Friends of Oakfield (PTA) Parents and carers All policies")
    register = words(site.article("policies"))
    assert "Mobile Phone Policy" in register and "Uniform Policy" in register


def test_the_navigation_on_every_page_leads_to_the_pages_it_names_and_marks_only_the_page_itself(tmp_path):
    """The sidebar is made once for all the pages that see it alike (its links are relative to the page)."""
    site = phones_site(tmp_path)
    named = {"Home": "/", "Staff": "/for/staff/", "Parents and carers": "/for/parents/", "All policies": "/policies/"}
    pages = [path.parent.relative_to(site.root / "site").as_posix() for path in (site.root / "site").rglob("index.html")]
    shown = [page for page in pages if site.page(page).select_one("nav.md-nav--primary")]
    assert {"for/staff", "policies", "policies/phones", "policies/phones/parents", "register/for-staff"} <= set(shown)
    for page in shown:
        address = "/" if page == "." else f"/{page}/"
        navigation = site.page(page).select_one("nav.md-nav--primary")
        links = {words(link): urljoin(address, link["href"]) for link in navigation.select("a.md-nav__link")}
        assert {name: links[name] for name in named} == named, page
        assert [urljoin(address, link["href"]) for link in navigation.select(".md-nav__link--active")
                if link.get("href")] == ([address] if address in links.values() else []), page


def test_a_schools_own_home_page_text_comes_before_the_audiences(tmp_path):
    site = Site(tmp_path).write("index.md", "# Welcome to Oakfield\n\nAsk the office for paper copies.\n")
    site.write("policies/uniform.md", UNIFORM).built()
    text = words(site.article(""))
    assert text.index("Ask the office for paper copies.") < text.index("Who are you?")


def test_every_build_starts_afresh_as_mkdocs_serve_needs(tmp_path):
    """`mkdocs serve` keeps the hook module loaded between builds: nothing may carry over."""
    site = Site(tmp_path).write("policies/phones.md", PHONES).write("policies/uniform.md", UNIFORM)
    mkdocs_build(load_config(str(site.root / "mkdocs.yml")))
    (site.docs / "policies/uniform.md").unlink()
    record = site.root / "published-links.yml"  # withdrawing a policy for good, as the build says to
    kept = {path: anchors for path, anchors in yaml.safe_load(record.read_text()).items() if "uniform" not in path}
    record.write_text(yaml.safe_dump(kept))
    site.write("policies/phones.md", PHONES.replace("Parents phone the office", "Parents email the office")
               .replace("[the Uniform Policy](uniform.md)", "the Uniform Policy"))  # a link to it would stop the build
    mkdocs_build(load_config(str(site.root / "mkdocs.yml")))
    register = words(site.article("policies"))
    assert "Uniform Policy" not in register
    assert "Parents email the office" in words(site.article("policies/phones/parents"))


def test_each_qr_code_holds_its_pages_address_when_the_site_moves(tmp_path):
    """QR codes are kept between builds beside mkdocs.yml, never among the pages: one kept for the old
    address is not published at the new one."""
    site = phones_site(tmp_path)
    settings = site.root / "mkdocs.yml"
    settings.write_text(settings.read_text().replace("https://policies.oakfield.example/",
                                                     "https://www.oakfield.example/policies/"))
    site.built()
    qr_code = (site.root / "site/policies/phones/parents/qr.svg").read_text()
    assert "QR code for https://www.oakfield.example/policies/policies/phones/parents/" in qr_code
    assert "policies.oakfield.example" not in qr_code
    assert (site.root / ".cache/policy-qr-codes.json").exists()
    assert not [path for path in (site.root / "site").rglob("*") if "cache" in path.name]


def test_the_example_site_publishes_the_seed_policy_word_for_word(tmp_path):
    ExampleSite(tmp_path / "example").built()
    seed = (REPO / "tests/seed/social-media-policy.txt").read_text()
    page = BeautifulSoup((tmp_path / "example/site/policies/social-media/index.html").read_text(), "html.parser")
    for badge in page.select(".audience-badge, .headerlink"):
        badge.decompose()
    published = words(page)
    for line in seed.splitlines():
        line = " ".join(line.replace("**", "").lstrip("- ").split())
        if line:
            assert line in published, line


def test_the_seed_kept_in_the_repo_is_the_schools_text():
    """The tests compare against a copy in the repo, so that they run in a clone with nothing beside
    it; where the original is beside the repo, the copy must be the same."""
    original = REPO.parent / "shared/seed/social-media-policy.txt"
    if not original.exists():
        pytest.skip("the original seed is not beside this clone")
    assert (REPO / "tests/seed/social-media-policy.txt").read_text() == original.read_text()


def test_entities_and_inline_html_read_as_words_in_titles_and_search(tmp_path):
    site = Site(tmp_path).write("policies/health.md", """\
        # Health &amp; Safety Policy

        Read this &ndash; it matters. Ring <b>the office</b>.
        """).built()
    assert site.article("policies/health").find("h1").get_text() == "Health & Safety Policy"
    assert site.page("policies/health").title.get_text().startswith("Health & Safety Policy")
    entry = next(entry for entry in site.search_index() if entry["location"] == "policies/health/#intro-1")
    assert entry["text"] == "Read this \u2013 it matters. Ring the office."
    assert "Health & Safety Policy" in site.article("policies").get_text()


def test_a_front_matter_title_is_the_same_as_a_heading_that_reads_the_same(tmp_path):
    site = Site(tmp_path).write("policies/uniform.md", """\
        ---
        title: "Uniform  & Dress *Code*"
        ---

        # Uniform &amp; Dress   \\*Code\\*

        Pupils wear the school jumper.
        """).built()
    assert site.article("policies/uniform").find("h1").get_text() == "Uniform & Dress *Code*"


def test_code_and_html_blocks_stay_whole_and_take_no_clause_number(tmp_path):
    site = Site(tmp_path).write("policies/code.md", """\
        # Code Policy

        ## Staff { audience="staff" }

        ```
        Type { audience="staff" } to tag.
        ```

        <div class="note-box">
        <p>Written in HTML.</p>
        </div>

        After the examples.
        """).built()
    for url in ("policies/code", "policies/code/staff"):
        article = site.article(url)
        assert article.find("pre").parent.name != "p" and article.find("div", class_="note-box").parent.name != "p"
        assert article.find(id="staff-1").get_text().startswith("After the examples.")
    assert not (site.root / "site" / "policies" / "code" / "parents").exists()  # the staff section is all there is


def test_a_heading_named_like_a_part_of_the_page_gets_an_id_of_its_own(tmp_path):
    site = Site(tmp_path).write("policies/names.md", """\
        # Names Policy

        ## Policy title

        Titles are short.
        """).built()
    ids = [element["id"] for element in site.page("policies/names").find_all(id=True)]
    assert "policy-title-2" in ids and len(ids) == len(set(ids))


def test_the_ids_the_page_uses_are_the_ones_clauses_may_not_take():
    from policy_core.clauses import PAGE_IDS
    templates = "".join(path.read_text() for path in (REPO / "overrides" / "partials").glob("policy-*.html"))
    assert set(re.findall(r'id="(policy-[a-z-]+)"', templates)) == PAGE_IDS


def test_titles_and_labels_with_markup_characters_read_as_written(tmp_path):
    site = Site(tmp_path, audiences={"staff": "Staff", "pta": "Friends & <PTA> *helpers*"}).write(
        "policies/rse.md", """\
        ---
        title: "Sex & Relationships <Education> *2026*"
        ---

        # Sex &amp; Relationships &lt;Education&gt; \\*2026\\*

        Lessons follow the guidance.
        """).built()
    title = "Sex & Relationships <Education> *2026*"
    assert site.article("policies").find("a", string=title) is not None
    assert site.article("for/pta").find("a", string=title) is not None
    assert site.article("").find("a", string="Friends & <PTA> *helpers*") is not None


def test_a_front_matter_title_may_be_the_first_words_of_a_long_heading(tmp_path):
    site = Site(tmp_path).write("policies/uniform.md", """\
        ---
        title: Uniform Policy
        ---

        # Uniform Policy for Pupils, Parents and Staff

        Jumpers are blue.
        """).built()
    assert "Uniform Policy" in site.page("policies").find("article").get_text()
    assert site.page("policies/uniform").title.get_text().startswith("Uniform Policy")


def test_the_sites_own_stylesheets_are_served_without_their_comments(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", "# Phone Policy\n\nPhones stay in bags.\n").built()
    for name in ("policy-screen.css", "policy-keyboard.css", "policy-print.css"):
        served = (site.root / "site" / "assets" / "stylesheets" / name).read_text()
        written = (REPO / "overrides" / "assets" / "stylesheets" / name).read_text()
        assert "/*" in written and "/*" not in served, name
        assert served.count("{") == re.sub(r"/\*.*?\*/", "", written, flags=re.S).count("{"), name  # every rule kept
