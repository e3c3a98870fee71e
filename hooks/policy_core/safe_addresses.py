"""Links and HTML in a policy (or an editor's other page) that would run a script in a reader's browser.

A policy's pages run only the site's own scripts. A link's address may be a page or file of the
site, a web address, an e-mail address or a phone number, and nothing else (an allow-list, as
HTML sanitisers keep): `javascript:`, `data:` and the like would run, or show, whatever the address
holds. HTML written in a policy may not carry event attributes (`onclick=`) or a page of its own
(`srcdoc=`) for the same reason. A policy imported from Word or pasted from elsewhere is checked as
one written by hand.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

from .clauses import is_code_block
from .errors import PolicyError
from .source import COMMENT, PolicySource

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
# What a browser reads as an address's scheme, once it has dropped spaces, tabs and line breaks in it.
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# The HTML attributes whose value is an address a browser may open.
ADDRESS_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "cite", "background", "xlink:href"}
SAFE_FIX = ("link only to a page, file or picture of the site by its name (complaints.md, form.pdf, logo.png), "
            "a web address "
            "(https://…), an e-mail address (mailto:office@school.example) or a phone number (tel:01234567890).")


def runs_a_script(address: str) -> bool:
    """Whether the address's scheme is not one a policy may link to."""
    scheme = SCHEME.match(re.sub(r"[\x00-\x20]", "", html.unescape(address)))
    return scheme is not None and scheme.group(1).lower() not in SAFE_SCHEMES


def scripts_in_page(root: Element, raw_html: tuple, source: PolicySource) -> list[PolicyError]:
    """Each link or picture in the text, each attribute given in curly brackets ({ onclick="…" }),
    and each tag of HTML written in it, that would run a script."""
    errors = []
    for element in root.iter():
        written = element.get("href") or element.get("src")  # the address as the text has it, to find its line
        errors += [_attribute_error(source, element.tag, name, value, written)
                   for name, value in element.items() if _is_script_attribute(name, value)]
    for block in raw_html:
        if isinstance(block, str) and not is_code_block(block):
            errors += _HtmlChecker(source).check(COMMENT.sub("", block))
    return errors


def _is_script_attribute(name: str, value: str) -> bool:
    return name.startswith("on") or name == "srcdoc" or name in ADDRESS_ATTRIBUTES and runs_a_script(value)


def _attribute_error(source: PolicySource, tag: str, name: str, value: str, written: str | None) -> PolicyError:
    """`written`: the text to find the line by (the tag as written in HTML, where &#106; may stand for j)."""
    line = source.lines.text_line(written or f"{name}=")
    if name in ADDRESS_ATTRIBUTES:
        return PolicyError(source.file, line, f'The address "{value}" is not a web page or a file: a reader who '
                                              "opened it could run a script on the school's site.", SAFE_FIX)
    return PolicyError(source.file, line, f'The <{tag}> has the attribute {name}="…", which would run a script, or '
                                          "show a page of its own, in the reader's browser.",
                       f'remove {name}="…" from it: a policy\'s pages run only the site\'s own scripts.')


class _HtmlChecker(HTMLParser):
    """HTML written in the policy, which Python-Markdown sets aside as it is."""

    def __init__(self, source: PolicySource):
        super().__init__(convert_charrefs=True)
        self.source = source
        self.errors: list[PolicyError] = []

    def check(self, block: str) -> list[PolicyError]:
        self.feed(block)
        self.close()
        return self.errors

    def handle_starttag(self, tag: str, attrs) -> None:
        written = self.get_starttag_text().split("\n")[0]
        self.errors += [_attribute_error(self.source, tag, name, value or "", written)
                        for name, value in attrs if _is_script_attribute(name, value or "")]

    handle_startendtag = handle_starttag
