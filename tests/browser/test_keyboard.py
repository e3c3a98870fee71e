"""By keyboard only, on a phone (375px) and a wide screen (1280px): every control is reached in the
order it is read, focus is always in view, never under the sticky header and always marked, nothing
closed or off-screen can be reached, the menu and the search dialog hold focus and give it back, the
number of results is said aloud, and the skip link lands on the policy's title (issue 13)."""

import re

import pytest
from playwright.sync_api import expect
from bs4 import BeautifulSoup

from conftest import PAGE_TYPES, WIDTHS, save_screenshot
from helpers import Site

# What has focus, as a reader sees it: where it is, whether anything covers it, and how it is marked.
FOCUS = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const box = element.getBoundingClientRect();
  const header = document.querySelector(".md-header").getBoundingClientRect();
  const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
  const onTop = document.elementFromPoint(x, y);
  const style = getComputedStyle(element);
  return {
    at: [...document.querySelectorAll("*")].indexOf(element),
    name: (element.getAttribute("aria-label") || element.innerText || "").trim().split("\\n")[0],
    tag: element.tagName,
    in_header: !!element.closest(".md-header"),
    in_view: box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight
             && box.right <= innerWidth + 1,
    under_header: !element.closest(".md-header") && box.top < header.bottom && !(onTop && element.contains(onTop)),
    seen: !!onTop && (element.contains(onTop) || onTop.contains(element)),
    marked: style.backgroundColor === "rgb(255, 221, 0)"
            || (style.outlineColor === "rgb(255, 221, 0)" && parseFloat(style.outlineWidth) >= 3),
  };
}"""
# Every control a reader can see, by its place in the page.
CONTROLS = """() => [...document.querySelectorAll("*")].flatMap((element, at) =>
  element.matches("a[href], button, input, select, textarea, summary, [tabindex]") && element.tabIndex >= 0
  && !element.disabled && element.checkVisibility() && getComputedStyle(element).visibility === "visible"
  ? [at] : [])"""


# Once the page has settled: the menu has slid, the search's shade has faded, a colour has changed
# (or a transition was cut short, which rejects its promise).
SETTLED = """() => Promise.race([Promise.all(document.getAnimations().map(animation => animation.finished.catch(() => null))),
                                 new Promise(done => setTimeout(done, 2000))])"""


def press(page, key: str) -> dict | None:
    page.keyboard.press(key)
    page.evaluate(SETTLED)
    return page.evaluate(FOCUS)


def assert_plain_to_see(focus: dict, step: str) -> None:
    assert focus["in_view"], f"{step}: {focus['name']!r} is not in view"
    assert not focus["under_header"], f"{step}: {focus['name']!r} is under the header"
    assert focus["seen"], f"{step}: {focus['name']!r} is covered"
    assert focus["marked"], f"{step}: {focus['name']!r} has no focus style"


def walk(page, key: str, limit: int = 400) -> list[dict]:
    """Presses the key until focus leaves the page's last (or first) control, or comes round again."""
    stops = []
    for step in range(limit):
        focus = press(page, key)
        if focus is None or (stops and focus["at"] == stops[0]["at"]):
            return stops
        assert_plain_to_see(focus, f"{key} {step + 1}")
        stops.append(focus)
    pytest.fail(f"{key} went round more than {limit} times")


def tab_to(page, name: str, limit: int = 40) -> dict:
    for _ in range(limit):
        focus = press(page, "Tab")
        if focus and focus["name"] == name:
            return focus
    pytest.fail(f"Tab never reached {name!r}")


def inside(page, selector: str) -> bool:
    return page.evaluate("selector => !!document.activeElement.closest(selector)", selector)


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_tab_and_shift_tab_reach_every_control_in_reading_order_always_in_view(open_page, name, width):
    page = open_page(PAGE_TYPES[name], WIDTHS[width])
    save_screenshot(page, f"keyboard-{name}-{width}")
    controls = page.evaluate(CONTROLS)
    forwards = walk(page, "Tab")
    backwards = walk(page, "Shift+Tab")
    assert [stop["at"] for stop in forwards] == controls  # every control, once, in the order it is read
    assert [stop["at"] for stop in backwards] == controls[::-1]


@pytest.mark.parametrize("width, first_stops", [
    ("phone", ["Skip to content", "Menu", "Search", "Version for Parents and carers · other versions"]),
    ("desktop", ["Skip to content", "Oakfield Primary School", "Search", "Home", "Who are you?", "All policies"]),
])
def test_the_skip_link_comes_first_then_the_site_s_own_controls(open_page, width, first_stops):
    page = open_page("policies/visitors/parents/", WIDTHS[width])
    assert [press(page, "Tab")["name"] for _ in first_stops] == first_stops


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_skip_link_lands_on_the_policy_s_title(open_page, width):
    page = open_page("policies/visitors/parents/", WIDTHS[width])
    assert press(page, "Tab")["name"] == "Skip to content"
    page.keyboard.press("Enter")
    title = page.locator("#policy-title")
    assert title.evaluate("title => title === document.activeElement")
    assert page.url.endswith("#policy-title")
    box, header = title.bounding_box(), page.locator(".md-header").bounding_box()
    assert header["y"] + header["height"] <= box["y"] < page.viewport_size["height"]
    assert press(page, "Tab")["name"] == "Version for Parents and carers · other versions"  # after the title
    save_screenshot(page, f"keyboard-skip-link-{width}")


def test_the_skip_link_on_another_page_lands_on_its_main_heading(open_page):
    page = open_page("")
    press(page, "Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.tagName") == "H1"


def test_on_a_phone_the_menu_opens_by_keyboard_keeps_focus_and_escape_gives_it_back(open_page):
    page = open_page("policies/visitors/parents/", WIDTHS["phone"])
    menu = page.get_by_role("button", name="Menu")
    tab_to(page, "Menu")
    assert menu.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    names = []
    for _ in range(12):  # round the menu and back into it, never out to the page behind
        focus = press(page, "Tab")
        assert_plain_to_see(focus, "Tab in the menu")
        assert inside(page, ".md-sidebar--primary")
        names.append(focus["name"])
    assert "All policies" in names and "Parents and carers" not in names
    section = page.locator("#__nav_2_label")
    tab_to(page, "Who are you?")
    assert section.get_attribute("aria-expanded") == "false"
    page.keyboard.press(" ")
    assert section.get_attribute("aria-expanded") == "true"
    assert tab_to(page, "Parents and carers")["seen"]
    save_screenshot(page, "keyboard-menu-open-phone")
    page.keyboard.press("Escape")
    assert menu.evaluate("menu => menu === document.activeElement")
    assert menu.get_attribute("aria-expanded") == "false"
    assert press(page, "Tab")["name"] == "Search"


def test_on_a_phone_an_open_section_of_the_menu_holds_focus_and_closing_it_gives_focus_back(open_page):
    # The section slides over the menu it is in: what it covers is not to be reached.
    page = open_page("policies/visitors/parents/", WIDTHS["phone"])
    tab_to(page, "Menu")
    page.keyboard.press("Enter")
    tab_to(page, "Who are you?")
    section = page.locator("#__nav_2_label")
    focus = press(page, "Enter")
    assert_plain_to_see(focus, "Enter on 'Who are you?'")
    assert inside(page, "nav[aria-labelledby='__nav_2_label']")
    names = [focus["name"]]
    for _ in range(8):
        focus = press(page, "Tab")
        assert_plain_to_see(focus, "Tab in 'Who are you?'")
        names.append(focus["name"])
    assert names[:7] == ["Who are you?", "Staff", "Governors", "Volunteers", "Friends of Oakfield (PTA)",
                         "Parents and carers", "Who are you?"]
    page.locator("nav[aria-labelledby='__nav_2_label'] .md-nav__title").focus()
    assert_plain_to_see(press(page, "Enter"), "Enter on the section's title")
    assert section.evaluate("section => section === document.activeElement")
    assert section.get_attribute("aria-expanded") == "false"
    assert press(page, "Tab")["name"] == "All policies"


@pytest.mark.parametrize("width", [WIDTHS["phone"], 1000])
def test_the_shortcut_for_search_waits_while_the_menu_covers_the_page(open_page, width):
    # Search would open under the menu, its field and results out of sight.
    page = open_page("policies/visitors/", width)
    tab_to(page, "Menu")
    page.keyboard.press("Enter")
    focus = press(page, "Tab")
    for key in ["/", "s", "f"]:
        assert press(page, key) == focus, f"{key!r} moved focus"
        assert not page.locator("#__search").is_checked(), f"{key!r} opened search"
    assert press(page, "Escape")["name"] == "Menu"
    assert press(page, "/")["name"] == "Search"


def test_resizing_across_the_menu_s_breakpoint_keeps_what_tab_reaches_in_step(open_page):
    page = open_page("policies/visitors/parents/", WIDTHS["desktop"])
    assert "All policies" in [stop["name"] for stop in walk(page, "Tab")]
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    page.wait_for_timeout(400)  # the menu slides away
    assert "All policies" not in [stop["name"] for stop in walk(page, "Tab")]
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
    assert "All policies" in [stop["name"] for stop in walk(page, "Tab")]


FULL_POLICY = "Full policy · other versions"  # the versions control at the top of the full policy


def search_for(page, words: str) -> None:
    """Types the words and waits for their results (not those of the first letters typed)."""
    page.keyboard.type(words, delay=20)
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(f"results? for ‘{words}’"))
    page.locator(".md-search-result__item").first.wait_for()


@pytest.mark.parametrize("width, opened_from, key", [("phone", "Search", "Enter"), ("phone", FULL_POLICY, "/"),
                                                     ("desktop", FULL_POLICY, "/")])
def test_the_search_dialog_keeps_focus_says_how_many_results_and_gives_focus_back(open_page, width, opened_from, key):
    page = open_page("policies/visitors/", WIDTHS[width])
    tab_to(page, opened_from)
    opener = page.evaluate_handle("document.activeElement")
    page.keyboard.press(key)  # the search button, or Material's shortcut for search
    assert inside(page, ".md-search input")
    search_for(page, "visitor")
    count = page.locator(".md-search-result__meta")
    assert count.get_attribute("role") == "status"  # a polite live region: said once typing stops
    assert re.fullmatch(r"\d+ results for ‘visitor’", count.inner_text())
    for step in ["Tab"] * 15 + ["Shift+Tab"] * 20:
        focus = press(page, step)
        assert_plain_to_see(focus, step)
        assert inside(page, ".md-search"), f"{step} left the search dialog for {focus['name']!r}"
    page.locator(".md-search__input").focus()
    page.keyboard.press("ArrowDown")  # Material's way to its results, from its field
    assert page.evaluate("document.activeElement.matches('.md-search-result__link')")
    save_screenshot(page, f"keyboard-search-{width}-opened-by-{'button' if key == 'Enter' else 'shortcut'}", full_page=False)
    assert_plain_to_see(press(page, "Escape"), "Escape")
    assert page.evaluate("opener => opener === document.activeElement", opener)
    assert not page.locator("#__search").is_checked()
    assert not inside(page, ".md-search")


def test_on_a_wide_screen_tab_passes_the_empty_search_field(open_page):
    page = open_page("policies/visitors/", WIDTHS["desktop"])
    tab_to(page, "Search")
    assert press(page, "Tab")["name"] == "Home"
    assert not page.locator("#__search").is_checked()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_page_not_found_page_says_what_to_try(open_page, oakfield, width):
    page = open_page("404.html", WIDTHS[width])
    save_screenshot(page, f"not-found-{width}")
    assert page.title() == "Page not found - Oakfield Primary School"
    assert page.locator("main h1").inner_text() == "Page not found"
    links = {link.inner_text(): link.get_attribute("href") for link in page.locator("article a").all()}
    assert links == {"all the school's policies": "/policies/", "Staff": "/for/staff/", "Governors": "/for/governors/",
                     "Volunteers": "/for/volunteers/", "Friends of Oakfield (PTA)": "/for/pta/",
                     "Parents and carers": "/for/parents/"}
    assert "search" in page.locator("article").inner_text()


def test_without_javascript_the_page_not_found_page_offers_no_search_it_cannot_give(open_page):
    page = open_page("404.html", WIDTHS["phone"], java_script_enabled=False)
    words = page.locator("article").inner_text()
    assert "search button" not in words  # Material hides search without JavaScript
    assert "all the school's policies" in words and page.get_by_role("link", name="Parents and carers").is_visible()


@pytest.mark.parametrize("path, title", [("go/visitors", "Visitors Policy: full policy"),
                                         ("go/visitors/arriving", "Visitors Policy: full policy")])
def test_a_short_link_page_has_a_heading_and_names_where_it_leads(oakfield, path, title):
    page = BeautifulSoup((oakfield.site.root / "site" / path / "index.html").read_text(), "html.parser")
    assert page.html["lang"] == "en"
    assert page.find("meta", attrs={"name": "viewport"})["content"] == "width=device-width,initial-scale=1"
    assert page.title.string == title
    assert page.select_one("main h1").string == title
    assert page.select_one("main a").string == title


def test_on_a_wide_screen_escape_from_a_result_goes_back_to_the_search_field_and_escape_there_closes(open_page):
    page = open_page("policies/visitors/", WIDTHS["desktop"])
    tab_to(page, "Search")  # Tab into the header's field opens search with nothing to go back to
    search_for(page, "visitor")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.matches('.md-search-result__link')")
    assert_plain_to_see(press(page, "Escape"), "Escape")  # back to the field, the results still shown
    assert inside(page, ".md-search input")
    assert_plain_to_see(press(page, "Escape"), "Escape in the field")
    assert inside(page, ".md-search input")
    expect(page.locator("#__search")).not_to_be_checked()
    page.wait_for_timeout(300)  # and stays closed once Material has noted where focus is
    assert not page.locator("#__search").is_checked() and inside(page, ".md-search input")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_tab_from_the_search_field_reaches_each_result_as_arrow_keys_do(open_page, width):
    page = open_page("policies/visitors/", WIDTHS[width])
    page.keyboard.press("/")
    search_for(page, "visitor")
    # Each result, and the button under it that shows more from the same page, in the order they are read.
    results = page.get_by_role("region", name="Search results").locator("a, summary").filter(visible=True)
    for number in range(4):
        focus = press(page, "Tab")
        assert_plain_to_see(focus, f"Tab {number + 1} from the field")
        assert results.nth(number).evaluate("result => result === document.activeElement"), f"Tab {number + 1}"
    page.keyboard.press("Escape")
    page.keyboard.press("ArrowDown")  # Material's way still works too
    assert results.first.evaluate("result => result === document.activeElement")
    save_screenshot(page, f"keyboard-search-results-{width}", full_page=False)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_shift_tab_among_the_results_goes_back_one_result_at_a_time(open_page, width):
    # Pressing Shift is a key press of its own, which Material took as typing: focus went to the field.
    page = open_page("policies/visitors/", WIDTHS[width])
    page.keyboard.press("/")
    search_for(page, "visitor")
    forwards = [press(page, "Tab")["at"] for _ in range(4)]
    backwards = [press(page, "Shift+Tab")["at"] for _ in range(3)]
    assert backwards == forwards[2::-1]
    assert press(page, "Shift+Tab")["tag"] == "INPUT"  # and from the first result, back to the field


@pytest.mark.parametrize("words, count", [("lanyard", "1 result for ‘lanyard’"), ("visitor", "7 results for ‘visitor’"),
                                          ("zebra", "No results for ‘zebra’")])
def test_the_number_of_results_is_said_in_plain_words(open_page, words, count):
    page = open_page("policies/visitors/", WIDTHS["phone"])
    page.get_by_role("button", name="Search").click()
    page.keyboard.type(words, delay=20)
    status = page.get_by_role("status").filter(has_text=" for ‘")
    expect(status).to_have_text(count)
    assert status.get_attribute("role") == "status"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_without_javascript_the_keyboard_reaches_the_menu_s_pages_and_no_label_is_a_tab_stop(open_page, width):
    page = open_page("policies/visitors/parents/", WIDTHS[width], java_script_enabled=False)
    stops = walk(page, "Tab")  # each plain to see
    in_header = [stop["name"] for stop in stops if stop["in_header"]]
    # A label (Material's menu button and its sections' toggles) cannot be pressed without JavaScript.
    assert not [stop["name"] for stop in stops if stop["tag"] == "LABEL"]
    if width == "desktop":  # the menu beside the page: its sections open, each group's link reached
        assert {"Staff", "Parents and carers", "All policies"} <= {stop["name"] for stop in stops}
    shown = page.evaluate("""() => [...document.querySelectorAll(".md-header :is(a, label, button, input)")]
      .filter(control => control.checkVisibility({visibilityProperty: true})).length""")
    assert len(in_header) == shown, f"the header shows {shown} controls, Tab reaches {in_header}"
    assert not page.locator(".md-search").is_visible()  # search needs JavaScript: nothing there that cannot work
    assert in_header == ["Oakfield Primary School"]
    page.locator(".md-header a.md-logo").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(page.url.split("policies/")[0])
    links = page.locator("article").get_by_role("link").all_inner_texts()
    assert {"Staff", "Governors", "Volunteers", "Friends of Oakfield (PTA)", "Parents and carers",
            "all the school's policies"} <= set(links)


def test_on_a_wide_screen_the_home_page_has_one_who_are_you_control(open_page):
    page = open_page("", WIDTHS["desktop"])
    names = [stop["name"] for stop in walk(page, "Tab")]
    assert names.count("Who are you?") == 1
    assert page.get_by_role("button", name="Who are you?").is_visible()


def test_a_policy_s_wide_table_on_a_phone_is_one_named_tab_stop_with_the_focus_style(browser, serve, tmp_path):
    # Chromium makes a box that scrolls sideways a Tab stop: Material's box around a wide table is one.
    site = Site(tmp_path).write("policies/contacts.md", """\
        # Contacts Policy

        Ring the office first.

        | Who | Phone | Email | When to ring |
        | --- | --- | --- | --- |
        | The school office for absences and appointments | 01234 567890 | office@oakfield.example | Before 9 each morning |
        """).built()
    address = serve(site.root / "site") + "policies/contacts/"
    for scripts, box in [(True, "DIV"), (False, "TABLE")]:  # without JavaScript, the table is the box
        context = browser.new_context(viewport={"width": WIDTHS["phone"], "height": 812}, java_script_enabled=scripts)
        page = context.new_page()
        try:
            page.goto(address, wait_until="networkidle")
            stops = [focus for focus in walk(page, "Tab") if focus["tag"] == box]  # each stop plain to see
            assert len(stops) == 1
            if scripts:
                assert stops[0]["name"] == "Table: Who, Phone, Email, When to ring"
                assert page.get_by_role("region", name=stops[0]["name"]).count() == 1
        finally:
            context.close()
