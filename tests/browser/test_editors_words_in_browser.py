"""What editors write is text, in Chromium: markup in a school's words hides nothing and runs nothing,
on its pages or in search results (issue 11)."""

from helpers import HEADING_ONLY_WORDS, HEADING_WORDS, MARKUP_LABEL, MARKUP_RECORD, MARKUP_SCHOOL, MARKUP_TITLE, Site, markup_site

# Each page, and the words written with markup that a reader must see on it.
SHOWN = {
    "policies/rules/": [HEADING_WORDS, MARKUP_RECORD["owner"], MARKUP_RECORD["version"]],
    "policies/rules/parents/": [HEADING_WORDS, MARKUP_LABEL],
    "policies/": [MARKUP_TITLE, HEADING_ONLY_WORDS, MARKUP_RECORD["owner"]],
}


def assert_nothing_ran_or_hid(page) -> None:
    page.wait_for_load_state("networkidle")  # a broken image's onerror has had its chance to run
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("getComputedStyle(document.body).display") != "none"


def test_markup_in_editors_words_shows_as_written_and_runs_nothing(browser, serve, tmp_path):
    site = markup_site(tmp_path).built()
    address = serve(site.root / "site")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        for path, words in SHOWN.items():
            page.goto(address + path)
            assert_nothing_ran_or_hid(page)
            assert page.title().endswith(f" - {MARKUP_SCHOOL}")
            for summary in page.locator("article details > summary").all():  # the record and the versions
                summary.click()
            for written in words:
                assert page.locator("article").get_by_text(written, exact=True).first.is_visible(), written
        for query, title in [("Visits", HEADING_ONLY_WORDS), ("Rules", MARKUP_TITLE)]:
            page.goto(address)
            page.keyboard.press("/")  # Material's keyboard shortcut for search
            page.keyboard.type(query, delay=20)
            result = page.locator(".md-search-result__article h1", has_text=query).first
            result.wait_for()
            assert result.inner_text() == title
            assert_nothing_ran_or_hid(page)
    finally:
        context.close()


def test_a_clauses_words_in_a_search_result_are_the_characters_written(browser, serve, tmp_path):
    # Pagefind's excerpt escapes < and > but not &: "&copy;" must not become a copyright sign, nor
    # the words "&lt;i&gt;" become "<i>".
    site = Site(tmp_path).write("policies/forms.md", """\
        # Forms Policy

        Bring R&amp;D forms &amp;copy; &lt;b&gt;signed&lt;/b&gt; &amp;amp; dated, not &amp;lt;i&amp;gt;.

        ## Zulu &amp;lt;u&amp;gt; &lt;/script&gt; "keys"

        Return zulu keys.
        """).write("about.md", """\
        # About

        ## Xray &amp;lt;s&amp;gt; &lt;s&gt;

        Our xray &amp;lt;s&amp;gt; &lt;s&gt; words.
        """).built()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        for query, anchor, written in [
                ("forms", "#intro-1", "Bring R&D forms &copy; <b>signed</b> &amp; dated, not &lt;i&gt;."),
                ("signed", "#intro-1", "<b>signed</b>"),  # a word beside a < is still found
                ("zulu", "#zulu-ltugt-script-keys", 'Zulu &lt;u&gt; </script> "keys"'),
                ("xray", "#xray-ltsgt-s", "Xray &lt;s&gt; <s>\nXray &lt;s&gt; <s> Our xray &lt;s&gt; <s> words.")]:
            page.goto(serve(site.root / "site"))
            page.keyboard.press("/")  # Material's keyboard shortcut for search
            page.keyboard.type(query, delay=20)
            result = page.locator(f'.md-search-result__link[href$="{anchor}"] article')
            result.wait_for()
            assert written in result.inner_text()
            assert_nothing_ran_or_hid(page)
    finally:
        context.close()
