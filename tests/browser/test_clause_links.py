"""Clause links at 375px and 1280px (issue 13): one named control per clause, which copies the clause's
address and says so, big enough to hit, shown where the reader is, and a plain link without JavaScript."""

import re
import textwrap

import pytest

from conftest import SCREENSHOTS, WIDTHS, ServedSite, save_screenshot

# An invented school's numbered policy: clause 4.2 is given its id, and clause 4.1 ends in a link, beside its own.
BEHAVIOUR = """\
    ---
    title: Behaviour Policy
    numbering: true
    ---

    # Behaviour Policy

    Everyone at Oakfield is treated with respect.

    ## Aims

    We aim for calm and happy classrooms.

    ## Roles

    Staff model good behaviour.

    - Governors review this policy each year.
    - Parents support the school's rules at home. { #parents-support audience="parents" }

    ## Rewards

    Pupils earn house points for kindness, effort and good work in every lesson of the week.

    ## Working with parents

    Class teachers talk to parents at [the gate](#aims).

    Contacting staff is through the office.
    { #contacting-staff }
    """
# Every clause of the full view, in the order it is read: each has one link.
CLAUSES = ["intro-1", "aims", "aims-1", "roles", "roles-1", "roles-2", "parents-support", "rewards", "rewards-1",
           "working-with-parents", "working-with-parents-1", "contacting-staff"]
POLICY = "policies/behaviour/"

# Where Tab stops, and which clause each stop belongs to: a heading's link sits in a box beside it.
TAB_STOP = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const box = element.closest(".clause-heading");
  const clause = box ? box.querySelector(":scope > [id]") : element.parentElement.closest("article [id]");
  return {at: [...document.querySelectorAll("*")].indexOf(element), tag: element.tagName,
          control: element.matches("a.clause-link, article button"), clause: clause && clause.id};
}"""
# Every other thing a pointer can hit that a clause link could overlap.
TARGETS = """link => [...document.querySelectorAll("a[href], button, input, summary, label")]
  .filter(other => other !== link && other.checkVisibility({visibilityProperty: true, opacityProperty: true}))
  .map(other => other.getBoundingClientRect()).filter(box => box.width && box.height)
  .map(box => ({x: box.x, y: box.y, width: box.width, height: box.height}))"""


@pytest.fixture(scope="module")
def school(tmp_path_factory):
    source = tmp_path_factory.mktemp("behaviour-source")
    (source / "docs" / "policies").mkdir(parents=True)
    (source / "docs" / "index.md").write_text("# Oakfield Primary School\n")
    (source / "docs" / "policies" / "behaviour.md").write_text(textwrap.dedent(BEHAVIOUR))
    served = ServedSite(tmp_path_factory.mktemp("behaviour"), source)
    yield served
    served.server.shutdown()


@pytest.fixture
def open_policy(browser, school):
    contexts = []

    def open_at(path: str, width: int, **context_options):
        context = browser.new_context(viewport={"width": width, "height": 812}, **context_options)
        contexts.append(context)
        page = context.new_page()
        page.goto(school.url(path))
        return page

    yield open_at
    for context in contexts:
        context.close()


def tab_stops(page, limit: int = 200) -> list[dict]:
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(TAB_STOP)
        if stop is None or (stops and stop["at"] == stops[0]["at"]):
            return stops
        stops.append(stop)
    pytest.fail(f"Tab went round more than {limit} times")


def overlaps(one: dict, other: dict) -> bool:
    return (one["x"] < other["x"] + other["width"] and other["x"] < one["x"] + one["width"]
            and one["y"] < other["y"] + other["height"] and other["y"] < one["y"] + one["height"])


@pytest.mark.parametrize("width", list(WIDTHS))
def test_tab_stops_once_on_each_clause_at_its_link(open_policy, width):
    page = open_policy(POLICY, WIDTHS[width])
    controls = [stop for stop in tab_stops(page) if stop["control"]]
    assert [stop["clause"] for stop in controls] == CLAUSES
    assert {stop["tag"] for stop in controls} == {"A"}  # no button beside a link


@pytest.mark.parametrize("width", list(WIDTHS))
def test_each_link_is_named_for_its_clause_and_headings_for_their_own_words(open_policy, width):
    page = open_policy(POLICY, WIDTHS[width])
    for name, anchor in [("Copy link to clause 4.2: Contacting staff is through the office.", "contacting-staff"),
                         ("Copy link to section 2: Roles", "roles"),
                         ("Copy link to clause 3.1: Pupils earn house points for kindness, effort and…",
                          "rewards-1"),
                         ("Copy link to: Parents support the school's rules at home.", "parents-support"),
                         ("Copy link to: Everyone at Oakfield is treated with respect.", "intro-1")]:
        assert page.get_by_role("link", name=name, exact=True).get_attribute("href", timeout=5000) == f"#{anchor}"
    headings = re.findall(r'- heading "(.*)" \[level=\d\]', page.locator("article").aria_snapshot())
    assert [heading for heading in headings if heading[0].isdigit()] == \
        ["1 Aims", "2 Roles", "3 Rewards", "4 Working with parents"]
    assert not [heading for heading in headings if re.search("[§¶]|[Ll]ink to", heading)]
    assert page.get_by_role("heading", name="2 Roles", exact=True).count() == 1
    assert page.locator('.md-nav--secondary a[href="#roles"]').text_content().split() == ["2", "Roles"]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_each_link_is_at_least_24px_square_and_overlaps_no_other_target(open_policy, width):
    page = open_policy(POLICY, WIDTHS[width])
    links = page.locator("article a.clause-link")
    assert links.count() == len(CLAUSES)
    for link in links.all():
        link.focus()  # shown, as it is when a reader reaches it
        box = link.bounding_box()
        name = link.get_attribute("aria-label")
        assert box["width"] >= 24 and box["height"] >= 24, name
        assert not [other for other in link.evaluate(TARGETS) if overlaps(box, other)], name
    page.get_by_role("link", name="Copy link to section 2: Roles").focus()
    save_screenshot(page, f"clause-links-focused-{width}")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_enter_on_a_link_copies_the_clause_s_full_address_and_says_so(open_policy, school, width):
    page = open_policy(POLICY, WIDTHS[width], permissions=["clipboard-read", "clipboard-write"])
    status = page.get_by_role("status").filter(has_text=re.compile("copied"))
    for _ in range(100):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "#contacting-staff":
            break
    else:
        pytest.fail("Tab never reached clause 4.2's link")
    page.keyboard.press("Enter")
    status.wait_for()
    assert status.inner_text() == "Link to clause 4.2 copied"
    assert page.evaluate("navigator.clipboard.readText()") == school.url(POLICY + "#contacting-staff")
    assert page.url == school.url(POLICY)  # copied, not followed
    save_screenshot(page, f"clause-links-copied-{width}")
    page.get_by_role("link", name="Copy link to section 2: Roles").press("Enter")
    page.get_by_role("status").filter(has_text="Link to section 2 copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == school.url(POLICY + "#roles")


def test_at_400_percent_zoom_saying_a_link_is_copied_never_covers_the_link(open_policy):
    # A 1280 by 900 window at 400% zoom is 320 by 225 CSS px: the message takes a good part of it.
    page = open_policy(POLICY, 320, permissions=["clipboard-read", "clipboard-write"], device_scale_factor=4)
    page.set_viewport_size({"width": 320, "height": 225})
    for link in page.locator("article a.clause-link").all():
        link.focus()
        link.press("Enter")
        status = page.get_by_role("status").filter(has_text=f"Link to {link.get_attribute('data-clause')} copied")
        status.wait_for()
        page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")  # as placed
        covered = link.evaluate(
            "link => document.elementFromPoint(...(box => [box.x + box.width / 2, box.y + box.height / 2])"
            "(link.getBoundingClientRect())) !== link")
        assert not covered, f"{link.get_attribute('aria-label')}: covered by {status.inner_text()!r}"
    save_screenshot(page, "clause-links-copied-zoom-400", full_page=False)


def test_a_link_shows_when_its_clause_is_pointed_at_or_it_has_focus(open_policy):
    page = open_policy(POLICY, WIDTHS["desktop"])
    link = page.locator('a.clause-link[href="#rewards-1"]')
    shown = "link => getComputedStyle(link).opacity"
    assert link.evaluate(shown) == "0"
    page.locator("#rewards-1").hover()
    assert link.evaluate(shown) == "1"
    page.screenshot(path=str(SCREENSHOTS / "clause-links-pointed-desktop.png"))  # the whole page would move away
    page.mouse.move(0, 0)
    assert link.evaluate(shown) == "0"
    link.focus()
    assert link.evaluate(shown) == "1"


def test_on_a_touch_screen_sections_show_their_links_and_paragraphs_do_not_end_in_marks(open_policy):
    page = open_policy(POLICY, WIDTHS["phone"], has_touch=True, is_mobile=True)
    assert page.evaluate("matchMedia('(hover: none)').matches")
    shown = "link => getComputedStyle(link).opacity"
    assert page.locator('a.clause-link[href="#roles"]').evaluate(shown) == "1"
    assert page.locator('a.clause-link[href="#roles-1"]').evaluate(shown) == "0"
    page.locator("#roles").scroll_into_view_if_needed()
    # Not the whole page: Chromium draws that without the touch screen's styles.
    page.screenshot(path=str(SCREENSHOTS / "clause-links-touch-phone.png"))


def test_on_a_touch_screen_tapping_a_paragraph_shows_its_link_which_a_tap_copies(open_policy):
    page = open_policy(POLICY, WIDTHS["phone"], has_touch=True, is_mobile=True,
                       permissions=["clipboard-read", "clipboard-write"])
    shown = "link => getComputedStyle(link).opacity"
    link = page.locator('a.clause-link[href="#rewards-1"]')
    page.locator("#rewards-1").tap(position={"x": 10, "y": 10})  # on the clause's words
    assert link.evaluate(shown) == "1"
    box = link.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    assert page.locator('a.clause-link[href="#roles-1"]').evaluate(shown) == "0"  # only the one tapped
    page.screenshot(path=str(SCREENSHOTS / "clause-links-touch-tapped-phone.png"))
    link.tap()
    page.get_by_role("status").filter(has_text="Link to clause 3.1 copied").wait_for()
    page.locator("#aims-1").tap(position={"x": 10, "y": 10})  # another clause: its link instead
    assert link.evaluate(shown) == "0"
    assert page.locator('a.clause-link[href="#aims-1"]').evaluate(shown) == "1"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_without_javascript_each_link_leads_to_its_clause(open_policy, school, width):
    page = open_policy(POLICY, WIDTHS[width], java_script_enabled=False)
    link = page.get_by_role("link", name="Link to clause 4.2: Contacting staff is through the office.", exact=True)
    assert link.get_attribute("href", timeout=5000) == "#contacting-staff"
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(school.url(POLICY + "#contacting-staff"))
    assert page.locator("#contacting-staff").evaluate("clause => clause.matches(':target')")


def test_the_links_are_not_printed(open_policy):
    page = open_policy(POLICY + "parents/", WIDTHS["desktop"])
    page.emulate_media(media="print")
    assert page.locator("a.clause-link").count() > 0
    assert not [link for link in page.locator("a.clause-link").all() if link.is_visible()]
    assert "§" not in page.locator("article").inner_text()


def test_search_holds_the_clauses_words_and_none_of_their_links(school):
    index = " ".join(entry["title"] + " " + entry["text"] for entry in school.site.search_index())
    assert "Contacting staff is through the office." in index
    assert not re.search("§|[Ll]ink to|Copy link", index)
