"""Search on a site of 400 policies, in Chromium (issue 14): a reader who opens search and types a
word downloads a small part of the search data, and a result opens the clause itself, in the
reader's own version. How long it takes is the benchmark's to report (benchmarks/run.py), not a test's."""

from __future__ import annotations

import gzip
import sys
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from conftest import start_server
from helpers import REPO, Site

sys.path.insert(0, str(REPO / "benchmarks"))
import corpus  # noqa: E402

POLICIES = 400
WORD = "headteacher"  # in every invented policy
LIMIT_KB = 200


@pytest.fixture(scope="module")
def large_site(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("four-hundred"), audiences=corpus.AUDIENCES)
    for policy in corpus.generate(POLICIES):
        site.write(f"policies/{policy.slug}.md", corpus.tagged_markdown(policy))
    site.built()
    server = start_server(site.root / "site")
    yield site, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_search_at_400_policies_downloads_little_and_opens_the_clause_in_the_readers_version(browser, large_site):
    site, address = large_site
    version = "policies/" + corpus.generate(1)[0].slug + "/parents/"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    responses = []
    context.on("response", lambda response: responses.append(response))  # the context's: any worker's requests too
    page = context.new_page()
    page.goto(address + version, wait_until="networkidle")
    before_search = len(responses)
    started = time.perf_counter()
    page.keyboard.press("/")  # Material's keyboard shortcut for search
    page.keyboard.type(WORD)
    clauses = page.locator('.md-search-result__link[href*="#"]')
    clauses.first.wait_for(timeout=30_000)
    print(f"first result after {time.perf_counter() - started:.2f} s")
    page.wait_for_load_state("networkidle")

    # Only the best policies are shown: the count says so, rather than counting only those shown.
    expect(page.locator(".md-search-result__meta")).to_have_text(
        f"The 10 best results for ‘{WORD}’ (more policies match: add a word to narrow the search)")

    fetched = responses[before_search:]
    downloaded = sum(len(gzip.compress(response.body(), 6)) for response in fetched)
    search_data = sum(path.stat().st_size for path in (site.root / "site" / "pagefind").rglob("*") if path.is_file())
    print(f"{downloaded / 1024:.1f} KB of {search_data / 1024:.1f} KB of search data, in {len(fetched)} requests")
    assert downloaded <= LIMIT_KB * 1024
    assert downloaded <= search_data / 4
    assert all(urlsplit(response.url).netloc == urlsplit(address).netloc for response in responses)

    # Every result is a clause of a parents' version that that version shows.
    shown = [urlsplit(link.get_attribute("href")) for link in clauses.all()]
    assert shown and all(link.path.endswith("/parents/") for link in shown)
    for link in shown:
        page_text = (site.root / "site" / link.path.strip("/") / "index.html").read_text()
        assert f'id="{link.fragment}"' in page_text, f"{link.path}#{link.fragment} is not in the parents' version"

    first = shown[0]
    clauses.first.click()
    page.wait_for_url(f"**{first.path}#{first.fragment}")
    assert urlsplit(page.url).fragment == first.fragment
    clause = page.locator(f"#{first.fragment}")
    expect(clause).to_be_in_viewport()
    assert WORD in clause.inner_text().lower()
    context.close()
