"""Everyday slips that Markdown would publish quietly as something other than what was meant:
a list run into the paragraph above it, bullets pasted from Word, an id left as text, a template's
<insert name> placeholder that a browser would hide. Each is found in the parsed tree (or, for what
the tree cannot show, the policy's lines) and named at its line. What Word leaves behind is named
too: spaces that are not spaces, and curly quotes, where settings and tags are read; a policy saved
in the wrong folder, or under a name the site does not read as a policy's.
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from xml.etree.ElementTree import Element

from .clauses import is_code_block
from .errors import PolicyError
from .governance import RECORD_SETTINGS
from .source import (COMMENT, FRONT_MATTER, INVISIBLE, PASTED_SPACE, TAG, TAG_AFTER_TABLE_ROW, PolicySource,
                     SourceLines)

# A line that starts like a Markdown list item (as a slip in a paragraph: numbers of 1 or 2 digits,
# so that a year starting a line is not one).
LIST_MARKER = re.compile(r"[ \t]*(?:[-*+]|\d{1,2}[.)])[ \t]+\S")
# A line that starts a list item, as Markdown reads it: any number.
ITEM_MARKER = re.compile(r"[ \t]*(?:[-*+]|\d+[.)])[ \t]+\S")
# The > marks that start a line in a quote.
QUOTE_MARKS = re.compile(r"\A(?:[ ]{0,3}>[ ]?)+")
# An HTML block's first line, at the left edge, which Markdown sets apart from the lines above it.
HTML_BLOCK_START = re.compile(r"<(?:div|p|table|section|details|aside|article|blockquote|pre|h[1-6]|ul|ol|dl|"
                              r"form|figure)\b", re.IGNORECASE)
# Bullets that Word and other editors paste, which Markdown does not read as a list.
# A dash is a bullet too when a tab or a non-breaking space follows it, as Word pastes a list's
# marker; a dash and an ordinary space can start a line of text ("— The Headteacher").
PASTED_BULLET = re.compile(r"[ \t]*(?:[•◦▪▫●○■□‣⁃∙·][ \t\u00a0]|[–—][\t\u00a0])")
# What Word leaves in pasted text that looks like a space, or like nothing, but that neither Markdown
# nor the settings' reader takes for a space: each is invisible, so a message names it.
ODD_SPACE = re.compile(f"{PASTED_SPACE.pattern}|{INVISIBLE.pattern}")
# The marks around a setting's name and value, beside which the settings' reader needs an ordinary space.
SETTING_MARKS = frozenset(":,[]{} \t")
# The start of a tag's words that gives it an id or a class, such as { #an-id }, maybe after odd spaces.
ID_OR_CLASS = re.compile(f"(?:[ :]|{ODD_SPACE.pattern})*[#.]")
# A list marker followed by one of them, which Markdown does not read as a list either.
MARKER_AND_ODD_SPACE = re.compile(rf"[ \t]*(?:[-*+]|\d{{1,2}}[.)]){ODD_SPACE.pattern}")
# Settings only a policy has: a page with one of them is a policy saved in the wrong folder.
POLICY_MARKS = frozenset(RECORD_SETTINGS) | {"audiences"}
# The endings of files that hold Markdown, written otherwise than .md; and those of word processors' documents.
MARKDOWN_ENDINGS = frozenset({"md", "markdown", "mdown", "mkd", "mkdn", "mdwn", "mdtxt", "mdtext"})
WORD_ENDINGS = frozenset({"docx", "doc", "odt", "rtf", "pages"})
# Word's curly quotes where straight ones would mark where a setting's value starts: at its start, or
# an item's in a list.
CURLY_QUOTES = "\u201c\u201d\u2018\u2019\u201e"
CURLY_QUOTED_VALUE = re.compile(rf"[ \t]*(?:-[ \t]+)?(?:[\w-]+[ \t]*:[ \t]*)?(?:\[(?:[^\]]*,)?[ \t]*)?[{CURLY_QUOTES}]")
# A link's address written apart from it, with a title: [name]: address "title".
REFERENCE_WITH_TITLE = re.compile(r"[ ]{0,3}\[[^\]^][^\]]*\]:[ \t]*\S+[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^)]*\))[ \t]*\Z")
# A heading written with # signs, or a line across the page (---, ***, ___).
HEADING_OR_RULE = re.compile(r"[ ]{0,3}(?:#|(?:[-*_][ \t]*){3,}\Z)")
# The first line of a note (!!! or ???), whose indented lines are inside it.
NOTE_START = re.compile(r"[ \t]*(?:!!!|\?\?\?\+?)[ \t]")
# The line of dashes under a table's first row: | --- | :---: |
TABLE_SEPARATOR = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*\Z")
# A | between a table's cells: not one written \| as part of a cell's words.
CELL_BORDER = re.compile(r"(?<!\\)\|")
# A line of = or - signs only, which under a line of text makes that text a heading.
UNDERLINE = re.compile(r"[ ]{0,3}(?:=+|-+)[ \t]*\Z")
# Lines a line of dashes may follow without making them a heading: headings, tables, HTML, notes
# and lines of dashes themselves. (Under a list item's line it does make a heading.)
STRUCTURE_START = re.compile(r"[ \t]*(?:#|\||<|!!!|\?\?\?|[-=*_ \t]+\Z)")
# A line that is only a tag naming audiences.
LONE_AUDIENCE_TAG = re.compile(r"\{:?[^{}\n]*audience[^{}\n]*\}")
# A tag of the kind attr_list reads ({ #an-id }, { .a-class }, { key="value" }), as text.
ATTRIBUTE = r"""(?:[#.][^\s{}#.=]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s{}]+))"""
ATTRIBUTE_LIST = re.compile(rf"\A[ ]*:?[ ]*{ATTRIBUTE}(?:[ ]+{ATTRIBUTE})*[ ]*\Z")
# The opening or closing tag of an HTML block that can hold other blocks (not one written \<div>).
BLOCK_TAG = re.compile(r"(?<!\\)<(/?)\s*(div|details|section|aside|article|blockquote)\b[^>]*>", re.IGNORECASE)
# The start of an HTML tag's name.
HTML_TAG_NAME = re.compile(r"<\s*/?\s*([A-Za-z][\w:-]*)")
# Every element of HTML that a policy may hold. A name outside it, such as <insert number>, is a
# placeholder a browser would hide, not HTML.
HTML_ELEMENTS = frozenset("""
a abbr address area article aside audio b bdi bdo blockquote br button caption cite code col colgroup
data datalist dd del details dfn dialog div dl dt em fieldset figcaption figure footer form h1 h2 h3 h4
h5 h6 header hgroup hr i iframe img input ins kbd label legend li main map mark menu meter nav noscript
object ol optgroup option output p picture pre progress q rp rt ruby s samp section select small source
span strong sub summary sup table tbody td template textarea tfoot th thead time tr track u ul var video
wbr svg math center font big tt strike
""".split())


def word_leftovers(file: str, text: str) -> list[PolicyError]:
    """What pasting from Word leaves where the site reads words as settings or as tags: spaces that
    are not spaces to its readers, and curly quotes where straight ones mark a value. Found in the
    file's lines before they are read: the readers would stop somewhere else, or not at all."""
    text = text.replace("\r\n", "\n")
    settings = FRONT_MATTER.match(text)
    closing_line = text.count("\n", 0, settings.end()) if settings else 0
    lines = SourceLines(text, closing_line + 1)
    errors = []
    for number in range(2, closing_line):
        line = lines.lines[number - 1]
        if odd := next(filter(lambda odd: _misread_in_settings(line, odd), ODD_SPACE.finditer(line)), None):
            errors.append(PolicyError(file, number, f"This setting has {_odd_space_at(line, odd.end())} (as Word leaves "
                                                    "in pasted text), which the settings' reader does not take for a "
                                                    "space: the setting would be misread.", ODD_SPACE_FIX))
        elif CURLY_QUOTED_VALUE.match(line):
            errors.append(PolicyError(file, number, "This setting's value is in curly quotes (“ ”), as Word types them: "
                                                    "only straight quotes mark where a value starts and ends, so the "
                                                    "curly ones would be part of it.",
                                      'type straight quotes (") in place of the curly ones, or leave the quotes out.'))
    for number, prose in lines.prose:
        line = lines.lines[number - 1]
        for tag in TAG.finditer(line):
            if not ("audience" in tag[1] or ID_OR_CLASS.match(tag[1])) or tag[0] not in prose:
                continue  # braces in a clause's words or in code, not a tag
            if odd := ODD_SPACE.search(line, tag.start(), tag.end()):
                errors.append(PolicyError(file, number, f"This tag has {_odd_space_at(line, odd.end())} (as Word "
                                                        "leaves in pasted text), which the site does not take for a "
                                                        "space, so the tag would not be read.", ODD_SPACE_FIX))
            elif curly := re.search(f"[{CURLY_QUOTES}]", tag[0]):
                errors.append(PolicyError(file, number, f"This tag has a curly quote ({curly[0]}) at column "
                                                        f"{tag.start() + curly.start() + 1}, as Word types it: a tag "
                                                        "needs straight quotes, so it would not be read.",
                                          'type straight quotes (") in place of the curly ones: { audience="staff" }.'))
    return errors


def policy_outside_folder(source: PolicySource, folder: str) -> list[PolicyError]:
    """A policy saved in docs/ (or another of its folders) rather than in the policies' folder: the
    site would publish it as a plain page, every clause shown to everyone. Known by a policy's settings."""
    named = [name for name in source.meta if name in POLICY_MARKS]
    if not named:
        return []
    name = posixpath.basename(source.file)
    return [PolicyError(source.file, source.lines.setting_line(named[0]),
                        f"This page has a policy's settings ({', '.join(named[:3])}), but it is not in "
                        f"docs/{folder}, so the site would publish it as a plain page: no versions for each "
                        "audience, no record and no place in the register, and every clause shown to everyone.",
                        f"move it into docs/{folder} (as docs/{folder}{name}).")]


def misfiled_in_policies(name: str, folder: str, web_name: str) -> tuple[str, str] | None:
    """What went wrong, and the fix, for a file saved directly in the policies' folder that Word or
    Windows named so that the site does not take it for a policy; None for any other file.
    `web_name` is the name the file's policy would have, such as behaviour-policy."""
    stem, _, ending = name.rpartition(".")
    ending = ending.lower() if stem else ""
    if ending == "txt":
        return (f'"{name}" was saved as a text file (.txt), so the site does not read it as a policy and would '
                "publish it as it is, for anyone to open.",
                f"rename it to {web_name}.md. Windows may hide the .txt: in File Explorer, choose View, then tick "
                "File name extensions, to see the whole name.")
    if ending in MARKDOWN_ENDINGS:
        return (f'"{name}" ends in .{name.rpartition(".")[2]}, but the site reads a policy only from a file whose '
                "name ends in .md, in small letters, so it would publish this one as it is.",
                f"rename it to {web_name}.md.")
    if ending in WORD_ENDINGS:
        save_as = "" if ending == "docx" else "open it in Word and save it as a Word document (.docx), then "
        return (f'"{name}" is a Word document: the site reads a policy only from a Markdown file (.md), so it would '
                "publish the document as it is, for anyone to open.",
                f"{save_as}turn it into a policy with the policy-import command (README.md, \"Bringing in Word "
                "policies\"), then move the Word document out of docs/. To attach it to a policy instead, put it "
                f"in the folder named after the policy, such as docs/{folder}{web_name}/.")
    return None


ODD_SPACE_FIX = ("delete it and type an ordinary space if one belongs there; if you cannot find it, type the line "
                 "again rather than pasting it.")


def _misread_in_settings(line: str, odd: re.Match) -> bool:
    """An odd space the settings' reader would misread: one that shows nothing, or one beside a
    setting's name, its colon, a list's marks or the line's ends. Between two words of a value
    (Full Governing Body, 14 October) it is only part of the words, as in a policy's text."""
    before, after = line[:odd.start()], line[odd.end():].strip()
    return (bool(INVISIBLE.match(odd[0])) or not before.strip(" \t-") or not after
            or before[-1] in SETTING_MARKS or after[0] in SETTING_MARKS or bool(ODD_SPACE.match(line, odd.end())))


def _odd_space_at(line: str, end: int) -> str:
    """Which odd space ends at `end` in the line, by its name in Unicode, and its column from 1."""
    char = line[end - 1]
    name = unicodedata.name(char, "odd space").lower().replace("no-break", "non-breaking")
    return f"{'an invisible' if INVISIBLE.match(char) else 'a'} {name} at column {end}"


def _outside_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """The parts of a line outside HTML comments, and whether a comment is still open at its end."""
    kept = []
    while line:
        if in_comment:
            end = line.find("-->")
            if end < 0:
                return "".join(kept), True
            line, in_comment = line[end + 3:], False
        else:
            start = line.find("<!--")
            if start < 0:
                kept.append(line)
                break
            kept.append(line[:start])
            line, in_comment = line[start + 4:], True
    return "".join(kept), in_comment


def _cells(row: str) -> int:
    """How many cells the tables extension makes of a row: the | at its start and end are borders."""
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return len(CELL_BORDER.split(row))


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def find_slips(root: Element, source: PolicySource, raw_html: tuple, is_block) -> list[PolicyError]:
    slips = _SlipFinder(source, is_block)
    slips.code_lines = {line.strip() for block in root.iter("pre")
                        for line in html.unescape("".join(block.itertext())).split("\n")}
    slips.walk(root)
    slips.list_lines()
    slips.unclosed_blocks()
    slips.reference_titles()
    slips.table_rows()
    slips.placeholders(raw_html)
    return slips.errors


class _SlipFinder:
    def __init__(self, source: PolicySource, is_block):
        self.source = source
        self.is_block = is_block
        self.errors: list[PolicyError] = []
        self.code_lines: set[str] = set()  # the lines of indented code blocks, which are examples
        self.copies: dict[str, int] = {}

    def walk(self, element: Element) -> None:
        if element.tag in ("code", "pre"):
            return
        if element.tag in ("p", "li"):
            self._list_run_in(element)
            self._table_run_in(element)
        for text in (element.text, *(child.tail for child in element)):
            if text and "{" in text:
                self._attributes_as_text(text)
        for child in element:
            self.walk(child)

    def _list_run_in(self, element: Element) -> None:
        """A line starting like a list item, inside a paragraph or a list item's own words: Markdown
        ran it into the line above (no empty line before the list, or a list indented by fewer than
        4 spaces inside an item)."""
        first_line = (element.text or "").split("\n", 1)[0]
        if element.tag == "p" and LIST_MARKER.match(first_line):
            return  # a list straight under a note's tag: the tag's reader names it
        if PASTED_BULLET.match(first_line) or MARKER_AND_ODD_SPACE.match(first_line):
            return  # a list pasted from Word: its first line is named, with the fix for all of it
        for text in self._own_texts(element):
            for line in text.split("\n")[1:]:
                if LIST_MARKER.match(line):
                    inside_item = element.tag == "li"
                    self._error(self.source.lines.text_line(line.strip()),
                                "This line starts like a list item, but it would be run into the line above "
                                "it, as one paragraph.",
                                "indent a list inside a list item by 4 spaces." if inside_item else
                                "leave an empty line between the paragraph and the list.")

    def _table_run_in(self, element: Element) -> None:
        """A table straight under a paragraph's or list item's words, with no empty line above it:
        Markdown makes its rows part of the paragraph, shown with their | signs, and a tag under the
        table would tag the paragraph's words too."""
        for text in self._own_texts(element):
            lines = text.split("\n")[1:]  # a row starts a line; a table that starts the paragraph is another slip
            for row, line in zip(lines, lines[1:]):
                if "|" in row + line and TABLE_SEPARATOR.match(line) and _cells(row) == _cells(line):
                    self._error(self.source.lines.text_line(row.strip()),
                                "This table comes straight under the words above it, so it would be shown as text, "
                                "with its | signs, as part of them; a tag under it would tag those words too.",
                                "leave an empty line above the table's first row (inside a list item, indent the "
                                "table by 4 spaces as well).")

    def _own_texts(self, element: Element) -> list[str]:
        """The element's own words, not those of the blocks inside it."""
        return [element.text or ""] + [child.tail or "" for child in element if not self.is_block(child.tag)]

    def _attributes_as_text(self, text: str) -> None:
        """A tag such as { #an-id } that attr_list did not apply (it was not where a tag goes), so it
        would show as text and the clause would not get its id. Audience tags are checked elsewhere."""
        for tag in TAG.finditer(text):
            at_line_end = not text[tag.end():].split("\n", 1)[0].strip()  # where a tag would be read
            if at_line_end and ATTRIBUTE_LIST.match(tag.group(1)) and "audience" not in tag.group(1):
                literal = html.unescape(tag.group(0))
                self._error(self.source.lines.literal_tag_line(literal),
                            f"This tag was not applied and would show as text: {literal}",
                            "put it at the end of a heading's line, at the end of a list item's first line, or "
                            "on its own line directly under a paragraph (no blank line between).")

    def list_lines(self) -> None:
        """Lists that the tree cannot show went wrong: bullets pasted from Word, a non-breaking space
        after a marker, and an item meant to be inside the one above but indented by fewer than 4
        spaces, which Markdown makes an item of the outer list, for everyone that list is for."""
        previous_item_indent = None
        item_run = None  # the indent of the list item whose lines (with no empty line between) go on here
        openers: list[int] = []  # the indents of the list items and notes whose indented lines may follow
        quoted_openers: list[int] = []  # the same, inside a quote
        previous = quoted_previous = ""
        for number, line in self.source.lines.prose:
            if line.strip():  # before a quote's > is taken off: a quote can be indented too little
                self._short_indent(number, line, _indent(line), openers, after_empty_line=not previous.strip())
            quoted = ">" in line[:4] and QUOTE_MARKS.match(line)
            if quoted:
                line = QUOTE_MARKS.sub("", line)  # inside a quote, as inside anything else
                if line.strip():
                    self._short_indent(number, line, _indent(line), quoted_openers,
                                       after_empty_line=not quoted_previous.strip())
                quoted_previous = line
            else:
                quoted_openers.clear()
                quoted_previous = ""
            indent = _indent(line)
            self._setext_heading(number, line, previous)
            if line[:1] == "\u00a0" and previous.strip() == "":
                self._error(number, "This line starts with non-breaking spaces pasted from Word, which do not indent "
                                    "it: it would not be part of the list item or note above it.",
                            "delete those spaces and type ordinary ones (4 for each level), or a tab.")
            if item_run is not None and HTML_BLOCK_START.match(line):
                self._error(number, "This HTML comes straight under a list item, with no empty line, so it is not "
                                    "part of the item: it would be shown to everyone the section is for.",
                            "leave an empty line above it and indent it by 4 spaces if it belongs to the item; "
                            "if it does not, leave an empty line above it.")
            previous = line
            if not line.strip() or HEADING_OR_RULE.match(line):
                item_run = None
            elif item_run is not None and indent <= item_run and LONE_AUDIENCE_TAG.fullmatch(line.strip()):
                self._error(number, "This tag is on its own line under a list, so it tags only the list's last "
                                    "item: the items above it would go to everyone the list is for.",
                            "to tag one item, put the tag at the end of that item's first line; to tag the whole "
                            "list, put it under a heading of its own and put the tag at the end of the heading's "
                            "line.")
            if ITEM_MARKER.match(line):
                item_run = indent
                if previous_item_indent is not None and 0 < indent - previous_item_indent < 4:
                    self._error(number, "This list item is indented by fewer than 4 spaces, so it is not inside "
                                        "the item above it: it would be shown as an item of the outer list, to "
                                        "everyone that list is for.",
                                "indent it by 4 spaces more than the item it belongs to (and its own items "
                                "by 4 more).")
                previous_item_indent = indent
            elif line.strip() and not line[:1].isspace():
                previous_item_indent = None  # a paragraph: the list has ended
            if PASTED_BULLET.match(line):
                self._error(number, "This line starts with a bullet pasted from Word, which is not a list here: "
                                    "the items would be run together as one paragraph.",
                            'start each item with "- " (a hyphen and a space) instead, with an empty line above '
                            "the list.")
            elif marker := MARKER_AND_ODD_SPACE.match(line):
                self._error(number, f"This list item's marker is followed by {_odd_space_at(line, marker.end())} "
                                    "(as Word pastes it), so it is not read as a list item.",
                            "delete the space after the marker and type an ordinary space.")

    def _short_indent(self, number: int, line: str, indent: int, openers: list[int], after_empty_line: bool):
        """A paragraph, note, quote or table meant to be inside a list item or a note, after an empty
        line, but indented by fewer than 4 spaces: Markdown ends the item there, so it would be shown
        to everyone the section is for, whatever the item's tag."""
        while openers and indent <= openers[-1]:
            openers.pop()
        if openers and after_empty_line and indent < openers[-1] + 4 and not ITEM_MARKER.match(line) \
                and not line.lstrip().startswith("<!--"):  # a comment is not shown anyway
            self._error(number, "This line is indented by fewer than 4 spaces, so it is not part of the list item "
                                "or note above it: it would be shown to everyone the section is for, whatever that "
                                "item's tag says.",
                        "if it belongs to the item or note, indent it by 4 spaces (or a tab) more than the item's "
                        "- or 1., or the note's !!!; if it does not, start it at the left edge.")
        if ITEM_MARKER.match(line) or NOTE_START.match(line):
            openers.append(indent - indent % 4)  # Markdown counts a block's indent in steps of 4

    def _setext_heading(self, number: int, line: str, previous: str) -> None:
        """A line of = or - straight under a line of text makes that text a heading, which ends the
        section above and its tag."""
        if UNDERLINE.match(line) and previous.strip() and not STRUCTURE_START.match(previous):
            self._error(number, "This line of dashes (or = signs) straight under a line of text makes that text a "
                                "heading, which would end the section above it, and that section's tag.",
                        "if it is meant as a line across the page, leave an empty line above it; if it is meant "
                        "as a heading, write it with # signs: ## Its words.")

    def placeholders(self, raw_html: tuple) -> None:
        """<insert number> and the like, left from a template, look like HTML to Markdown: a browser
        would hide them, and the reader would never know something was missing."""
        for block in raw_html:
            if not isinstance(block, str) or is_code_block(block):
                continue
            block = COMMENT.sub("", block)  # words in a comment are hidden anyway
            for match in HTML_TAG_NAME.finditer(block):
                opening = not match.group(0).replace(" ", "").startswith("</")
                if re.fullmatch(r"h[1-6]", match.group(1).lower()) and opening:
                    self._error(self._line_of(match.group(0)),
                                f"A heading written in HTML ({match.group(0)}>) does not start a section, so the tag "
                                "of the section above it would go on over the words under it.",
                                "write the heading in Markdown, with # signs: ## Its words.")
                elif match.group(1).lower() not in HTML_ELEMENTS:
                    words = block[match.start():block.find(">", match.start()) + 1] or match.group(0)
                    self._error(self._line_of(words),
                                f"{words} looks like HTML, so it would be hidden from readers.",
                                "write what it stands for; if it must stay as a visible placeholder, write it "
                                "in square brackets instead: [" + words.strip("<>").strip() + "].")

    def unclosed_blocks(self) -> None:
        """An HTML block opened and never closed takes in everything after it, so the section it
        sits in (and its tag) would go on to the end of the policy."""
        opened: list[tuple[int, str]] = []
        in_comment = False
        for number, line in self.source.lines.prose:
            if in_comment or "<!--" in line:  # HTML in a comment is not HTML
                line, in_comment = _outside_comments(line, in_comment)
            if line.startswith(("    ", "\t")) and line.strip() in self.code_lines:
                continue  # an example in an indented code block
            for match in BLOCK_TAG.finditer(line):
                closing, name = match.group(1), match.group(2).lower()
                if not closing:
                    opened.append((number, name))
                elif opened and opened[-1][1] == name:
                    opened.pop()
        for number, name in opened:
            self._error(number, f"This <{name}> is never closed, so it would take in everything after it, to the "
                                "end of the policy.",
                        f"close it with </{name}> on a line of its own, with an empty line above it.")

    def reference_titles(self) -> None:
        """A link's address and title written apart from it ([f]: address "title") belong to every
        link that names [f], in whichever section the words were written: the title of one written
        in a staff-only section would show to parents who hover over the link."""
        for number, line in self.source.lines.prose:
            if REFERENCE_WITH_TITLE.match(line):
                self._error(number, "This link's title is written apart from the link, so it would show in every "
                                    "version that has the link, whatever the section it is written in says.",
                            'write the link in full where it is used, [the form](address "its title"), or leave '
                            "out the title.")

    def table_rows(self) -> None:
        """A table row with more cells than the table's first row: the tables extension drops the
        cells it has no column for, without a word. (A tag there is named by the tag's reader.)"""
        columns, previous = None, ""
        for number, line in self.source.lines.prose:
            line = QUOTE_MARKS.sub("", line)
            if not line.strip():
                columns = None
            elif columns is None:
                if "|" in line + previous and TABLE_SEPARATOR.match(line) and _cells(line) == _cells(previous):
                    columns = _cells(line)
            elif columns == 1 and "|" not in line:  # the tables extension needs one in each line of such a table
                self._error(number, "This line has no |, so the one-column table above it would be shown as text, "
                                    "with its | signs.",
                            "start and end every line of a one-column table with |. To tag the table, write the tag "
                            'between them, on the line under its last row: | { audience="staff" } |.')
                columns = None
            elif _cells(line) > columns and not TAG_AFTER_TABLE_ROW.match(line):
                self._error(number, "This table row has more cells than the table's first row, so the last of them "
                                    "would not be shown.",
                            "add a column to the first row and to the line of dashes under it, or join the extra "
                            "cells to the others. To write a | inside a cell's words, write \\| instead.")
            previous = line

    def _line_of(self, text: str) -> int:
        """The line of this text's next copy: the same placeholder may be left in several places."""
        self.copies[text] = self.copies.get(text, 0) + 1
        return self.source.lines.text_line(text, self.copies[text])

    def _error(self, line: int, problem: str, fix: str) -> None:
        self.errors.append(PolicyError(self.source.file, line, problem, fix))
