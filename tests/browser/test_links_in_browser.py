"""Old addresses still reach the right clause, followed in Chromium: moved anchors, renamed
policies, short links, and clauses an audience's version leaves out."""

import re
import textwrap

import pytest

from helpers import PHONE_POLICY, Site


MOVED_AND_RENAMED = textwrap.dedent("""\
    ---
    title: Mobile Phone Policy
    renamed_from: phones
    moved:
      lockers: phone-lockers
      calling-the-office: contact#office
    ---

    # Mobile Phone Policy

    Phones stay in bags.

    - Staff use the lockers by the hall. { #phone-lockers audience="staff" }
    """)

CONTACT = textwrap.dedent("""\
    ---
    title: Contact Policy
    ---

    # Contact Policy

    - Parents call the office, never a teacher's own phone. { #office audience="parents" }
    """)


@pytest.fixture
def changed_site(tmp_path, serve):
    """A site that published the phone policy, then renamed it and moved two of its clauses."""
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).built()
    (site.docs / "policies/phones.md").unlink()
    site.write("policies/mobile-phones.md", MOVED_AND_RENAMED).write("policies/contact.md", CONTACT).built()
    return serve(site.root / "site")


def landing(page, address: str):
    page.goto(address)
    page.wait_for_load_state("load")
    page.wait_for_function("() => !document.title.includes('has moved')")
    return page.url


@pytest.mark.parametrize("old, new, clause", [
    ("policies/phones/", "policies/mobile-phones/", None),
    ("policies/phones/#lockers", "policies/mobile-phones/#phone-lockers", "Staff use the lockers by the hall."),
    ("policies/phones/staff/#lockers", "policies/mobile-phones/staff/#phone-lockers",
     "Staff use the lockers by the hall."),
    ("policies/phones/parents/#calling-the-office", "policies/contact/#office",
     "Parents call the office, never a teacher's own phone."),
    ("go/phones/lockers/", "policies/mobile-phones/#phone-lockers", "Staff use the lockers by the hall."),
    ("go/mobile-phones/", "policies/mobile-phones/", None),
])
def test_an_old_address_lands_on_the_clause_where_it_now_is(browser, changed_site, old, new, clause):
    page = browser.new_page()
    assert landing(page, changed_site + old) == changed_site + new
    if clause:
        target = page.locator(":target")
        assert clause in target.inner_text()
    page.close()


def test_a_clause_an_audience_version_leaves_out_opens_in_the_full_view(browser, tmp_path, serve):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).built()
    base = serve(site.root / "site")
    page = browser.new_page()
    assert landing(page, base + "policies/phones/parents/#lockers") == base + "policies/phones/#lockers"
    assert "Staff use lockers." in page.locator(":target").inner_text()
    page.close()


@pytest.mark.parametrize("anchor", ["constructor", "__proto__", "toString", "hasOwnProperty", "%E0"])
def test_an_anchor_named_like_a_part_of_javascript_stays_on_the_page(browser, changed_site, anchor):
    """The script that follows moved anchors looks them up by name: a name every JavaScript object
    has must not count as a moved anchor, which would send the reader to a page that does not exist."""
    page = browser.new_page()
    policy = changed_site + "policies/mobile-phones/"
    for address in (f"{policy}#{anchor}", f"{policy}staff/#{anchor}"):
        page.goto(address)
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)  # time for a script to send the reader elsewhere
        assert page.url == f"{policy}#{anchor}"  # an audience's version sends it on to the full policy
        assert page.title().startswith("Mobile Phone Policy")
    page.evaluate("location.hash = 'lockers'")  # a real moved anchor is still followed
    page.wait_for_url(f"{policy}#phone-lockers")
    page.close()
