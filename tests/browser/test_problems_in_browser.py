"""The preview's page of problems (policy_core/problem_page.py), as an editor reads it in Chromium."""

from policy_core.errors import PolicyError
from policy_core.problem_page import problem_page

EXAMPLE_FIX = ("add them under extra in mkdocs.yml, key then label, for example:\n"
               "        extra:\n          audiences:\n            staff: Staff")


def test_a_fix_with_an_example_of_settings_keeps_its_lines_and_indents(browser):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    try:
        page.set_content(problem_page([PolicyError("mkdocs.yml", 1, "No audiences are declared.", EXAMPLE_FIX)], 0))
        shown = page.locator("main li p").nth(1).inner_text()
    finally:
        page.close()
    # Copied as shown, the example must still be settings the build reads.
    assert shown == "How to fix it: " + EXAMPLE_FIX
