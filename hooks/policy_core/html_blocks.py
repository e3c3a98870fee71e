"""HTML the core makes itself and puts in a generated page once Markdown has run.

On a large site the coverage grids and the register are hundreds of kilobytes of cells, which
Markdown and its HTML parsers would otherwise read again for nothing. The page's Markdown holds a
placeholder paragraph for each block, replaced by `put_in_html_blocks` in the page's HTML."""

from __future__ import annotations

import re

PLACEHOLDER = "policy-html-block-"
PLACEHOLDER_PARAGRAPH = re.compile(rf"<p>({PLACEHOLDER}\d+)</p>")


def placeholder(number: int) -> str:
    return f"{PLACEHOLDER}{number}"


def put_in_html_blocks(page_html: str, blocks: dict[str, str]) -> str:
    """The page's HTML with each placeholder paragraph replaced by its block."""
    return PLACEHOLDER_PARAGRAPH.sub(lambda match: blocks[match.group(1)], page_html)
