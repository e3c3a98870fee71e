"""The policy first on a phone (issue 13): whose version and the record in two short disclosures that
work by keyboard and without JavaScript, nothing that tells a reader what the school did not record,
all of the record on paper; a register that is a table on a desktop and a summary per policy on a
phone, filtered without JavaScript; coverage grids that scroll in their own region, never the page."""

import io

import pytest
from pypdf import PdfReader

from conftest import SCREENSHOTS, WIDTHS, save_screenshot, start_server
from helpers import ExampleSite, Site
from test_accessibility_and_privacy import violations

PHONE = {"width": 375, "height": 812}
NARROWEST = 320  # also what a 1280 px window shows at 400% zoom

# A register with a policy in each review status, on a fixed day.
TODAY = "2026-03-01"
REGISTER_POLICIES = {
    "current": "---\ntitle: Current Policy\nowner: Headteacher\napproved: 2025-10-14\nreview: annual\n"
               "statutory: true\naudiences: [staff, parents]\n---\n\n# Current Policy\n\nEveryone reads this.\n",
    "late": "---\ntitle: Late Policy\napproved: 2024-09-01\nreview: annual\nstatutory: false\n"
            "audiences: [staff]\n---\n\n# Late Policy\n\nStaff read this.\n",
    "bare": "---\ntitle: Bare Policy\naudiences: [parents, governors]\n---\n\n# Bare Policy\n\nRead this.\n",
}


def serve_site(root) -> tuple[str, object]:
    server = start_server(root / "site")
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The example site (the school's real social media policy), built as published, PDFs and all."""
    site = ExampleSite(tmp_path_factory.mktemp("example") / "example").built()
    base, server = serve_site(site.root)
    yield base
    server.shutdown()


@pytest.fixture(scope="module")
def register_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("register")
    site = Site(root)
    for name, text in REGISTER_POLICIES.items():
        site.write(f"policies/{name}.md", text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POLICY_TODAY", TODAY)
        site.built()
    base, server = serve_site(root)
    yield base
    server.shutdown()


@pytest.fixture
def visit(browser):
    """Opens an address in a new browser context (phone-sized unless told), closed after the test."""
    contexts = []

    def open_address(address: str, width: int = PHONE["width"], height: int = PHONE["height"], **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        page.goto(address)
        return page

    yield open_address
    for context in contexts:
        context.close()


def tab_to(page, selector: str, presses: int = 60) -> None:
    """Press Tab until the element `selector` has focus, as a keyboard user would reach it."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def sideways_scroll(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


# The policy first ------------------------------------------------------------------------------


def test_the_parents_version_shows_its_title_whose_it_is_and_its_first_words_on_a_phones_first_screen(visit, example):
    page = visit(example + "policies/social-media/parents/")
    first_screen = PHONE["height"]
    title = page.locator("#policy-title").bounding_box()
    whose = page.locator(".policy-views__intro").bounding_box()
    first_words = page.locator("article > p[id]").first
    assert first_words.inner_text().startswith("Social media activities conducted online")
    top = first_words.bounding_box()["y"]
    line = float(first_words.evaluate("p => getComputedStyle(p).lineHeight").removesuffix("px"))
    assert title["y"] + title["height"] < whose["y"] < top
    assert top + 2 * line <= first_screen, f"the policy's text starts {top:.0f} px down"
    assert page.get_by_text("Version for Parents and carers", exact=True).is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "policy-first-example-parents-phone-first-screen.png"))  # what a phone shows


def test_the_versions_and_the_record_open_by_keyboard_without_javascript(visit, oakfield):
    page = visit(oakfield.url("policies/visitors/parents/"), java_script_enabled=False)
    versions = page.locator("nav.policy-views details")
    assert page.locator("nav.policy-views summary").inner_text() == "Version for Parents and carers · other versions"
    full_policy = versions.get_by_role("link", name="Full policy")
    assert not full_policy.is_visible()
    tab_to(page, "nav.policy-views summary")
    page.keyboard.press("Enter")
    assert full_policy.is_visible()
    current = versions.locator("[aria-current=page]")
    assert current.inner_text() == "Parents and carers"
    assert current.evaluate("link => link.parentElement.textContent.replace(/\\s+/g, ' ').trim()") == \
        "Parents and carers (this version)"

    record = page.locator(".policy-record details")
    assert page.locator(".policy-record summary").inner_text() == "Version 2 · approved 10 June 2025"
    assert not record.locator("dl").is_visible()
    tab_to(page, ".policy-record summary")
    page.keyboard.press(" ")
    assert record.locator("dl").is_visible()
    assert " ".join(record.locator("dl").inner_text().split()) == "Version 2 Approved 10 June 2025"

    tab_to(page, "nav.policy-views a:not([aria-current])")
    page.keyboard.press("Enter")
    page.wait_for_url(oakfield.url("policies/visitors/"))


def test_the_versions_link_still_works_with_javascript(visit, oakfield):
    page = visit(oakfield.url("policies/visitors/"))
    page.locator("nav.policy-views summary").click()
    page.locator("nav.policy-views").get_by_role("link", name="Parents and carers").click()
    page.wait_for_url(oakfield.url("policies/visitors/parents/"))


def test_no_policy_page_tells_a_reader_what_the_school_did_not_record(visit, oakfield, example):
    pages = [oakfield.url(f"policies/{path}") for path in
             ("visitors/", "visitors/parents/", "visitors/staff/", "homework/", "homework/parents/")]
    pages += [example + f"policies/social-media/{view}" for view in ("", "parents/", "staff/", "governors/")]
    for address in pages:
        page = visit(address)
        text = page.locator("article").evaluate("article => article.textContent").lower()
        assert "not recorded" not in text and "not known" not in text and "has not recorded" not in text, address
    assert " ".join(page.locator(".policy-record dl").inner_text().split()) == "Reviewed annually"


def test_print_shows_the_whole_record_without_javascript(visit, oakfield):
    page = visit(oakfield.url("policies/visitors/parents/"), width=WIDTHS["desktop"], java_script_enabled=False)
    page.emulate_media(media="print")
    record = page.locator(".policy-record dl")
    assert record.is_visible() and " ".join(record.inner_text().split()) == "Version 2 Approved 10 June 2025"
    assert not page.locator(".policy-record summary").is_visible()
    assert not page.locator(".policy-views__list").is_visible()
    pdf = page.pdf(format="A4")
    (SCREENSHOTS / "policy-first-print-without-javascript.pdf").write_bytes(pdf)
    text = " ".join(" ".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Version for Parents and carers" in text and "Approved: 10 June 2025" in text
    assert "other versions" not in text and "·" not in text


def test_the_share_box_speaks_to_the_reader(visit, oakfield):
    page = visit(oakfield.url("policies/visitors/parents/"))
    share = page.locator(".policy-share")
    assert share.get_by_role("heading").inner_text() == "Share this page"
    download = share.get_by_role("link", name="Download this page's QR code (SVG image)")
    assert download.get_attribute("href") == "qr.svg" and download.get_attribute("download") is not None
    assert "newsletter" not in share.inner_text()


# Nothing scrolls sideways ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["", "for/parents/", "policies/", "register/for-parents/", "register/overdue/",
                                  "register/for-parents/no-review-date/", "coverage/", "policies/visitors/",
                                  "policies/visitors/parents/", "404.html", "go/visitors/"])
def test_no_page_scrolls_sideways_at_320_px_even_with_its_disclosures_open(visit, oakfield, path):
    page = visit(oakfield.url(path), width=NARROWEST, device_scale_factor=4)  # a 1280 px window at 400%
    assert sideways_scroll(page) <= 0
    page.evaluate("document.querySelectorAll('details').forEach(details => details.open = true)")
    assert sideways_scroll(page) <= 0


@pytest.mark.parametrize("view", ["", "parents/"])
def test_the_example_policy_does_not_scroll_sideways_at_320_px(visit, example, view):
    page = visit(example + f"policies/social-media/{view}", width=NARROWEST)
    assert sideways_scroll(page) <= 0


# The register ------------------------------------------------------------------------------------


def register_rows(page) -> list[str]:
    """The policies the register shows, by the form on screen: the table's rows or the summaries' headings."""
    table = page.locator(".policy-register__table")
    if table.is_visible():
        return table.locator("tbody th").all_inner_texts()
    return page.locator(".policy-register__summaries").get_by_role("heading", level=2).all_inner_texts()


def test_the_register_is_a_summary_per_policy_on_a_phone(visit, register_site):
    page = visit(register_site + "policies/")
    assert not page.locator(".policy-register__table").is_visible()
    assert register_rows(page) == ["Bare Policy", "Current Policy", "Late Policy"]
    current = page.locator(".policy-register__summaries dl").nth(1)
    rows = dict(zip(current.locator("dt").all_inner_texts(), current.locator("dd").all_inner_texts()))
    assert rows == {"Owner": "Headteacher", "Version": "–", "Approved": "14 October 2025",
                    "Next review": "14 October 2026", "Status": "Current", "Statutory": "Yes",
                    "Who it is for": "Staff, Parents and carers"}
    assert sideways_scroll(page) <= 0
    save_screenshot(page, "policy-first-register-phone")


def test_the_register_is_a_table_on_a_desktop(visit, register_site):
    page = visit(register_site + "policies/", width=WIDTHS["desktop"], height=900)
    assert not page.locator(".policy-register__summaries").is_visible()
    table = page.get_by_role("region", name="All policies").get_by_role("table")
    assert table.get_by_role("columnheader").all_inner_texts() == [
        "Policy", "Owner", "Version", "Approved", "Next review", "Status", "Statutory", "Who it is for"]
    assert table.get_by_role("rowheader").all_inner_texts() == ["Bare Policy", "Current Policy", "Late Policy"]
    late = table.get_by_role("row").filter(has_text="Late Policy")
    assert [cell.strip() for cell in late.get_by_role("cell").all_inner_texts()][3:6] == [
        "1 September 2025", "Overdue", "No"]
    save_screenshot(page, "policy-first-register-desktop")


def chosen_filters(filters) -> list[str]:
    """What each filter says is chosen: in words, and marked as the page shown."""
    chosen = filters.locator("li").filter(has=filters.page.locator("[aria-current=page]"))
    return [" ".join(words.split()) for words in chosen.all_inner_texts()]


@pytest.mark.parametrize("width", [PHONE["width"], WIDTHS["desktop"]])
def test_the_register_filters_by_audience_and_status_together_without_javascript(visit, register_site, width):
    page = visit(register_site + "policies/", width=width, java_script_enabled=False)
    filters = page.get_by_role("navigation", name="Filter the register")
    assert chosen_filters(filters) == ["Everyone (3) (shown)", "Any review status (3) (shown)"]
    # Each choice keeps the other filter's: an audience, then a status for it, then another audience.
    expected = [("Parents and carers (2)", "register/for-parents/", ["Bare Policy", "Current Policy"],
                 ["Parents and carers (2) (shown)", "Any review status (2) (shown)"]),
                ("No review date (1)", "register/for-parents/no-review-date/", ["Bare Policy"],
                 ["Parents and carers (1) (shown)", "No review date (1) (shown)"]),
                ("Governors (1)", "register/for-governors/no-review-date/", ["Bare Policy"],
                 ["Governors (1) (shown)", "No review date (1) (shown)"]),
                ("Everyone (1)", "register/no-review-date/", ["Bare Policy"],
                 ["Everyone (1) (shown)", "No review date (1) (shown)"]),
                ("Overdue (1)", "register/overdue/", ["Late Policy"], ["Everyone (1) (shown)", "Overdue (1) (shown)"]),
                ("Staff (1)", "register/for-staff/overdue/", ["Late Policy"], ["Staff (1) (shown)", "Overdue (1) (shown)"]),
                ("Any review status (2)", "register/for-staff/", ["Current Policy", "Late Policy"],
                 ["Staff (2) (shown)", "Any review status (2) (shown)"])]
    for link, address, policies, chosen in expected:
        filters.get_by_role("link", name=link, exact=True).click()
        page.wait_for_url(register_site + address)
        assert register_rows(page) == policies, address
        assert chosen_filters(filters) == chosen, address
        assert page.get_by_role("heading", level=1).inner_text().startswith("Register: ")
        names = filters.get_by_role("link").all_inner_texts()
        assert len(names) == len(set(names)), f"two links with the same words on {address}"
    # A choice that would list nothing is said, not linked.
    assert "Volunteers (0)" in filters.inner_text() and not filters.get_by_role("link", name="Volunteers (0)").count()
    filters.get_by_role("link", name="Everyone (3)").click()
    page.wait_for_url(register_site + "policies/")
    assert register_rows(page) == ["Bare Policy", "Current Policy", "Late Policy"]
    assert page.get_by_role("link", name="Late Policy").first.get_attribute("href") == "late/"


def test_the_register_s_table_is_a_tab_stop_only_when_it_scrolls(visit, register_site):
    page = visit(register_site + "policies/", width=WIDTHS["desktop"], height=900)
    table = page.get_by_role("region", name="All policies")
    assert table.evaluate("region => region.scrollWidth <= region.clientWidth")
    assert table.get_attribute("tabindex") is None
    tab_to(page, ".policy-register__table a")  # straight to the first policy, past the region
    assert page.evaluate("document.activeElement.closest('[role=region]') !== null")
    # A longer register, or a narrower window, and the table scrolls: then Tab stops on it.
    page.locator(".policy-register__table").evaluate("table => { table.style.minWidth = '2000px'; }")
    page.set_viewport_size({"width": 1000, "height": 900})
    page.wait_for_function("region => region.tabIndex === 0", arg=table.element_handle())
    without_javascript = visit(register_site + "policies/", width=WIDTHS["desktop"], java_script_enabled=False)
    assert without_javascript.get_by_role("region", name="All policies").get_attribute("tabindex") == "0"


def test_a_filtered_list_links_to_the_policies_and_their_versions(visit, register_site):
    page = visit(register_site + "register/for-parents/", width=WIDTHS["desktop"])
    page.get_by_role("table").get_by_role("link", name="Parents and carers").first.click()
    page.wait_for_url(register_site + "policies/bare/parents/")
    page.go_back()
    page.get_by_role("link", name="Show all policies").click()
    page.wait_for_url(register_site + "policies/")


# Coverage --------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [NARROWEST, PHONE["width"]])
def test_a_coverage_grid_scrolls_in_its_own_labelled_region_by_keyboard(visit, oakfield, width):
    page = visit(oakfield.url("coverage/"), width=width)
    region = page.get_by_role("region", name="Which clauses each audience's version of Visitors Policy shows")
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("region => region.scrollWidth > region.clientWidth")  # too wide for a phone
    assert sideways_scroll(page) <= 0
    tab_to(page, "[role=region][aria-label*='Visitors Policy']")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    page.wait_for_function("region => region.scrollLeft > 0", arg=region.element_handle())
    assert sideways_scroll(page) <= 0 and page.evaluate("window.scrollX") == 0
    if width == PHONE["width"]:
        save_screenshot(page, "policy-first-coverage-phone")


def test_a_coverage_grid_has_no_gap_under_its_headings_on_a_phone(visit, oakfield):
    page = visit(oakfield.url("coverage/"))
    # Names wrapped in narrow columns out of sight made the header row several lines tall.
    lines = page.locator(".policy-coverage").evaluate_all("""grids => grids.map(grid =>
      [...grid.querySelectorAll("thead th, tbody code")].map(cell => {
        const words = document.createRange();
        words.selectNodeContents(cell);
        return [cell.textContent, new Set([...words.getClientRects()].map(line => Math.round(line.top))).size];
      }).filter(([, count]) => count > 1))""")
    assert lines == [[], []], "names that take more than one line"
    save_screenshot(page, "policy-first-coverage-headings-phone")


def test_the_coverage_page_tells_the_school_what_each_record_is_missing(visit, oakfield):
    page = visit(oakfield.url("coverage/"), width=WIDTHS["desktop"])
    text = " ".join(page.locator("article").inner_text().split())
    assert "Not in its record yet: when it was approved, who approved it, who owns it, when it is next reviewed." in text  # Homework
    assert "Not in its record yet: who approved it, who owns it, when it is next reviewed." in text  # Visitors
    save_screenshot(page, "policy-first-coverage-desktop")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_screenshots_of_the_example_policy(visit, example, width):
    page = visit(example + "policies/social-media/parents/", width=WIDTHS[width], height=900)
    save_screenshot(page, f"policy-first-example-parents-{width}")


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("path", ["coverage/", "register/for-parents/", "policies/visitors/parents/"])
def test_axe_finds_no_violations_on_these_pages_with_their_disclosures_open(visit, oakfield, path, width):
    page = visit(oakfield.url(path), width=WIDTHS[width])
    for summary in page.locator("article details > summary").all():
        summary.click()
    assert violations(page) == []
