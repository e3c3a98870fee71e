"""The site served under a sub-path of another domain, as on a school's own website: every link,
asset, redirect, QR code address, PDF and search result stays under the sub-path, read in Chromium."""

from __future__ import annotations

import functools
import re
import shutil
import socket
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from conftest import OAKFIELD, PAGE_TYPES, QuietHandler
from helpers import PHONE_POLICY, Site

SUB_PATH = "/school/policies/"


class SubPathHandler(QuietHandler):
    """Serves the built site at SUB_PATH only; every other address is 404, as on the school's host."""

    def translate_path(self, path):
        if not path.startswith(SUB_PATH):
            return "/nonexistent/"
        return super().translate_path("/" + path[len(SUB_PATH):])


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory):
    """The invented school's site, once renamed a policy, built with PDFs and served under SUB_PATH."""
    root = tmp_path_factory.mktemp("sub-path")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}{SUB_PATH}"
    shutil.copytree(OAKFIELD / "docs", root / "docs")
    site = Site(root, site_url=base)
    settings = root / "mkdocs.yml"
    settings.write_text(settings.read_text().replace("extra:\n", "extra:\n  pdf: true\n"))
    site.write("policies/phones.md", PHONE_POLICY).built()
    (site.docs / "policies/phones.md").unlink()
    site.write("policies/mobile-phones.md", PHONE_POLICY.replace("---\n\n", "renamed_from: phones\n---\n\n", 1))
    site.built()
    server = ThreadingHTTPServer(("127.0.0.1", port),
                                 functools.partial(SubPathHandler, directory=str(root / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield base
    server.shutdown()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.failures = []

    def failed(request):
        # A redirect page moves on before its own load has finished; Chromium reports that as aborted.
        if request.failure != "net::ERR_ABORTED":
            page.failures.append(request.url)

    page.on("requestfailed", failed)
    page.on("response", lambda response: response.status >= 400 and page.failures.append(response.url))

    def outside_the_sub_path(request):
        if request.url.startswith(("http://", "https://")) and not urlsplit(request.url).path.startswith(SUB_PATH):
            page.failures.append(request.url)

    page.on("request", outside_the_sub_path)
    yield page
    context.close()


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_every_link_and_asset_of_a_page_works_under_the_sub_path(page, sub_path_site, kind):
    response = page.goto(sub_path_site + PAGE_TYPES[kind])
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.failures == []
    # The theme's styles are applied: the header is Material's, not an unstyled list.
    assert page.locator(".md-header").evaluate("header => getComputedStyle(header).position") in ("sticky", "fixed")
    links = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    own = sorted({link.split("#")[0] for link in links if link.startswith("http://127.0.0.1")})
    assert own, "the page has no links"
    for link in own:
        assert urlsplit(link).path.startswith(SUB_PATH), link
        assert page.request.get(link).status == 200, link


def test_the_server_serves_nothing_outside_the_sub_path(page, sub_path_site):
    outside = sub_path_site.replace(SUB_PATH, "/") + "policies/visitors/"
    assert page.request.get(outside).status == 404
    assert page.request.get(sub_path_site + "policies/visitors/").status == 200


def test_a_policy_view_gives_its_address_qr_code_and_pdf_under_the_sub_path(page, sub_path_site):
    page.goto(sub_path_site + "policies/visitors/parents/")
    assert page.locator(".policy-share__address a").inner_text() == sub_path_site + "policies/visitors/parents/"
    assert page.locator(".policy-share__qr").evaluate("image => image.complete && image.naturalWidth > 0")
    pdf = page.locator(".policy-views__pdf a").evaluate("link => link.href")
    response = page.request.get(pdf)
    assert response.status == 200 and response.body().startswith(b"%PDF")
    assert urlsplit(pdf).path == SUB_PATH + "policies/visitors/parents/visitors-parents.pdf"


def test_search_finds_a_clause_and_opens_it_under_the_sub_path(page, sub_path_site):
    page.goto(sub_path_site)
    page.keyboard.press("/")
    page.keyboard.type("Elm Road", delay=20)
    result = page.locator('.md-search-result a[href$="#parking-for-parents"]')
    result.first.wait_for()
    assert result.count() == 1
    assert urlsplit(result.evaluate("link => link.href")).path == SUB_PATH + "policies/visitors/"
    result.click()
    page.wait_for_url(sub_path_site + "policies/visitors/#parking-for-parents")
    assert page.locator("#parking-for-parents").evaluate("clause => clause.matches(':target')")
    assert page.failures == []


@pytest.mark.parametrize("old, new", [
    ("policies/phones/", "policies/mobile-phones/"),
    ("policies/phones/staff/#lockers", "policies/mobile-phones/staff/#lockers"),
    ("go/mobile-phones/", "policies/mobile-phones/"),
    ("go/mobile-phones/lockers/", "policies/mobile-phones/#lockers"),
])
def test_redirects_and_short_links_stay_under_the_sub_path(page, sub_path_site, old, new):
    page.goto(sub_path_site + old)
    page.wait_for_function("() => !document.title.includes('has moved')")
    assert page.url == sub_path_site + new
    assert re.search(r"Phone Policy", page.title())
    assert page.failures == []
