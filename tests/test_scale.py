"""A policy's pages do not grow when the site has more policies: each page carries only its own."""

import sys

from helpers import REPO, Site

sys.path.insert(0, str(REPO / "benchmarks"))
import corpus  # noqa: E402


def page_sizes(tmp_path, count: int) -> dict[str, int]:
    site = Site(tmp_path / str(count))
    for policy in corpus.generate(count):
        site.write(f"policies/{policy.slug}.md", corpus.tagged_markdown(policy))
    site.built()
    first = corpus.generate(1)[0].slug
    return {view: (site.root / "site" / "policies" / first / view / "index.html").stat().st_size
            for view in ("", "parents", "staff")}


def test_a_policys_pages_are_the_same_size_with_three_policies_or_thirty(tmp_path):
    assert page_sizes(tmp_path, 3) == page_sizes(tmp_path, 30)
