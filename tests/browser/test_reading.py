"""What a reader does, in Chromium: search, follow and copy clause links, switch versions, use a phone."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from conftest import PAGE_TYPES, WIDTHS, save_screenshot
from helpers import Site


def test_searching_for_a_clauses_words_shows_it_once_and_enter_opens_it(open_page, oakfield):
    page = open_page("")
    page.keyboard.press("/")  # Material's keyboard shortcut for search
    page.keyboard.type("Elm Road", delay=20)
    results = page.locator('.md-search-result a[href$="#parking-for-parents"]')
    results.first.wait_for()
    assert results.count() == 1
    assert "Parents park on Elm Road" in results.inner_text()
    for _ in range(20):  # arrow down through the results to the clause's, as a keyboard user does
        page.keyboard.press("ArrowDown")
        if results.evaluate("link => link === document.activeElement"):
            break
    else:
        pytest.fail("the arrow keys never reached the clause's result")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/policies/visitors/#parking-for-parents$"))
    clause = page.locator("#parking-for-parents")
    assert clause.evaluate("element => element.matches(':target')")
    box = clause.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]


def test_an_address_with_a_clause_anchor_scrolls_to_the_clause_and_highlights_it(open_page):
    page = open_page("policies/visitors/#escorting-visitors", WIDTHS["phone"])
    clause = page.locator("#escorting-visitors")
    box = clause.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]
    highlight = clause.evaluate("element => getComputedStyle(element).backgroundColor")
    plain = page.locator("ol:has(#escorting-visitors) > li").first.evaluate("element => getComputedStyle(element).backgroundColor")
    assert highlight != plain


def test_tabbing_reaches_a_clauses_one_link_which_copies_its_address(open_page, oakfield):
    page = open_page("policies/visitors/parents/", permissions=["clipboard-read", "clipboard-write"])
    link = page.locator("#parking-for-parents > .clause-link")
    for _ in range(200):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the clause's link")
    assert link.get_attribute("href") == "#parking-for-parents"
    assert link.is_visible() and link.evaluate("element => getComputedStyle(element).opacity") == "1"
    assert link.get_attribute("aria-label") == "Copy link to: Parents park on Elm Road, never in the…"
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Link to “Parents park on Elm Road, never in the…” copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == oakfield.url("policies/visitors/parents/#parking-for-parents")
    page.keyboard.press("Tab")  # the next stop is the next clause's link: no second control
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#parking-for-parents-1"


def test_the_version_links_work_without_javascript(open_page, oakfield):
    page = open_page("policies/visitors/", java_script_enabled=False)
    page.locator("nav.policy-views summary").click()  # "Full policy · other versions"
    page.locator("nav.policy-views").get_by_role("link", name="Parents and carers").click()
    page.wait_for_url(oakfield.url("policies/visitors/parents/"))
    assert "Parents park on Elm Road" in page.locator("article").inner_text()
    page.locator("nav.policy-views summary").click()
    page.locator("nav.policy-views").get_by_role("link", name="Full policy").click()
    page.wait_for_url(oakfield.url("policies/visitors/"))


def test_the_share_box_gives_the_address_and_a_qr_code_of_it(open_page, oakfield):
    page = open_page("policies/visitors/parents/")
    share = page.locator(".policy-share")
    address = oakfield.url("policies/visitors/parents/")
    assert share.get_by_role("link", name=address).get_attribute("href") == address
    qr = share.get_by_role("img", name=f"QR code for {address}")
    assert qr.evaluate("image => image.complete && image.naturalWidth > 100")
    svg = page.request.get(oakfield.url("policies/visitors/parents/qr.svg"))
    assert svg.ok and svg.text().startswith("<?xml") and address in svg.text()


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_on_a_phone_nothing_scrolls_sideways_and_controls_are_big_enough_to_tap(open_page, name):
    page = open_page(PAGE_TYPES[name], WIDTHS["phone"])
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS["phone"]
    for control in page.locator(".policy-views a, .clause-link, .md-header__button").all():
        if control.is_visible():
            box = control.bounding_box()
            assert box["width"] >= 24 and box["height"] >= 24, control.evaluate("e => e.outerHTML")


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_at_400_percent_zoom_nothing_scrolls_sideways_with_or_without_javascript(open_page, name, javascript):
    # A 1280px window at 400% zoom is 320 CSS px wide (WCAG 1.4.10); without JavaScript the header's
    # second title, the page's own, waits a little to the right to slide in.
    page = open_page(PAGE_TYPES[name], 320, device_scale_factor=4, java_script_enabled=javascript)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_screenshots_of_every_page_type(open_page, name, width):
    page = open_page(PAGE_TYPES[name], WIDTHS[width])
    save_screenshot(page, f"{name}-{width}")


def test_the_search_and_its_index_are_downloaded_only_when_search_is_opened(open_page):
    page = open_page("policies/visitors/parents/")
    page.wait_for_load_state("networkidle")
    searching = re.compile(r"/search/search_index\.json$|/pagefind/|/workers/search\.")
    assert not [url for url in page.requests if searching.search(url)]
    page.keyboard.press("/")
    page.wait_for_function("() => performance.getEntriesByType('resource')"
                           ".some(entry => entry.name.endsWith('pagefind/pagefind.js'))")
    assert not [url for url in page.requests if "/workers/search." in url]  # Material's worker: never needed


# How many characters fit on a line of each paragraph, in its own font and words.
CHARACTERS_PER_LINE = """all => all.filter(element => element.innerText.trim()).map(element => {
  const context = document.createElement("canvas").getContext("2d");
  const style = getComputedStyle(element);
  context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const text = element.innerText;
  return Math.round(element.clientWidth / (context.measureText(text).width / text.length));
})"""


@pytest.mark.parametrize("width, size", [(375, 16), (1000, 19), (1280, 19), (1920, 19)])
def test_body_text_is_big_enough_in_lines_of_at_most_about_75_characters(open_page, width, size):
    page = open_page("policies/visitors/parents/", width)
    paragraphs = page.locator("article p, article li")
    assert min(paragraphs.evaluate_all("all => all.map(e => parseFloat(getComputedStyle(e).fontSize))")) >= size
    assert max(paragraphs.evaluate_all(CHARACTERS_PER_LINE)) <= 78


def test_a_parents_search_never_offers_a_page_for_staff(browser, serve, tmp_path):
    # The staff's page lists a policy for staff only: its title must not lead a parent there.
    site = Site(tmp_path).write("policies/trips.md", "# Trips Policy\n\nParents pay for trips.\n").write(
        "policies/lockers.md", "---\naudiences: [staff]\n---\n\n# Locker Keys\n\nStaff sign for keys.\n").built()
    address = serve(site.root / "site")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        for start, shown in [("policies/trips/parents/", []), ("for/parents/", []),
                             ("policies/trips/", ["/for/staff/", "/policies/lockers/"])]:
            page.goto(address + start)
            page.keyboard.press("/")  # Material's keyboard shortcut for search
            page.keyboard.type("Locker", delay=20)
            expect(page.locator(".md-search-result__meta")).to_contain_text("for ‘Locker’")
            found = [urlsplit(link.get_attribute("href")).path
                     for link in page.locator(".md-search-result__link:not([href*='#'])").all()]
            assert sorted(set(found) - {"/policies/"}) == shown, start  # the register lists every policy
    finally:
        context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_result_on_the_page_being_read_opens_its_clause_in_view(browser, serve, tmp_path, width):
    # On a phone, search covers the page, and Material holds the page still behind it while it is open.
    filler = "\n\n".join(f"Paragraph {number} is for everyone." for number in range(40))
    site = Site(tmp_path).write("policies/trips.md", f"# Trips Policy\n\n{filler}\n\nParents pay for the coach.\n"
                                                      '{ #coach audience="parents" }\n').built()
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 812})
    page = context.new_page()
    try:
        page.goto(serve(site.root / "site") + "policies/trips/parents/")
        clause = page.locator("#coach")
        expect(clause).not_to_be_in_viewport()
        page.keyboard.press("/")  # Material's keyboard shortcut for search
        page.keyboard.type("coach", delay=20)
        result = page.locator('.md-search-result a[href$="#coach"]')
        result.wait_for()
        result.focus()
        page.keyboard.press("Enter")
        expect(clause).to_be_in_viewport()
        assert clause.evaluate("element => element.matches(':target')")
    finally:
        context.close()
