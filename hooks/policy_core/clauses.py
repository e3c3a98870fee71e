"""Reading audience tags from Python-Markdown's element tree, and giving every clause its audiences.

This runs after `attr_list` (which has already turned most tags into attributes) and before
`toc`, on the tree of the whole policy. It reads the tags `attr_list` cannot (the end of a list
item's first line, the first line of an admonition or block quote), works out what each clause
inherits, gives every clause an id that is the same in every view, and records the problems.
"""

from __future__ import annotations

import difflib
import functools
import html
import itertools
import re
from dataclasses import dataclass, field, replace
from typing import Callable
from xml.etree.ElementTree import Element

from markdown.util import HTML_PLACEHOLDER_RE

from .audiences import Audiences, split_keys
from .errors import PolicyError
from .footnotes import footnote_parts, forged_footnote_classes, is_footnotes
from .model import Clause
from .numbering import clause_numbers, show_number, typed_number_error
from .source import AUDIENCE_ASSIGNMENT, AUDIENCE_VALUE, PASTED_SPACE, TAG, WEB_NAME, PolicySource

HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
LISTS = ("ul", "ol")
# The end of a line that finishes with a tag, as attr_list writes its own patterns.
TAG_AT_LINE_END = re.compile(r"[ \t]*\{:?[ ]*([^\}\n ][^\n]*)\}[ \t]*\Z")
TAG_ON_FIRST_LINE = re.compile(r"\A[ \t]*\{:?[ ]*([^\}\n ][^\n]*)\}[ \t]*(?:\n|\Z)")
WHERE_TO_TAG = ("put the tag at the end of a heading's line, at the end of a list item's first line, "
                "on its own line directly under a paragraph or a table's last row (no blank line between), or "
                "alone on the first line inside a note (!!!) or a quote (>).")
LIST_LINE = re.compile(r"[ \t]*(?:[-*+]|\d+[.)])[ \t]")
# The ids the page itself gives its parts (overrides/partials/policy-*.html): no clause may have one.
PAGE_IDS = frozenset({"policy-title", "policy-record-title", "policy-changes-title",
                      "policy-share-title", "policy-attachments-title"})
HTML_BLOCKS = ("div", "section", "aside", "article", "details")
# What an editor calls the inline parts of a line that cannot carry a tag.
INLINE_NAMES = {"em": "italic text", "strong": "bold text", "a": "a link", "code": "code", "img": "an image"}
# HTML attributes written without a value, which an HTML block may carry; any other is a word
# that attr_list took from curly brackets for an attribute.
YES_OR_NO_ATTRIBUTES = frozenset({"hidden", "open", "disabled", "checked", "reversed", "inert", "markdown"})
# What the tables extension gives a cell of a column aligned with :--- or ---:.
ALIGNMENT = {"style", "align"}
TABLE_TAG = ("a table is tagged as a whole, never row by row or cell by cell: put the tag alone on the line "
             "directly under the table's last row. For rows meant for fewer readers, make them a table of "
             "their own and tag that table.")
FOOTNOTE_TAG = ("An audience tag is in a footnote, which cannot carry one.",
                "remove the tag: a footnote is shown in every version that shows a clause referring to it, "
                "so tag that clause instead.")
# A tag's opening brace with the word audience in it and no closing brace on its line.
UNCLOSED_TAG = re.compile(r"\{:?[^{}\n]*(?<![\w.#-])audience(?![\w-])[^{}\n]*(?=\n|\Z)")
# An audience written where it was not applied: audience= as in an HTML attribute, or a {…} tag.
# (In a policy's words, only audience="…" with quotes counts, as AUDIENCE_ASSIGNMENT has it.)
AUDIENCE_WRITTEN = re.compile(r"(?<![\w.#-])audience\s*=|\{:?[^{}\n]*(?<![\w.#-])audience(?![\w-])")

# attr_list's assign_attrs: returns leftover text when it could not read the tag.
AssignTag = Callable[..., str]


def clause_kind(element: Element) -> str | None:
    if element.tag == "p" and not len(element) and HTML_PLACEHOLDER_RE.fullmatch((element.text or "").strip()):
        return None  # a code or raw HTML block, set aside by Python-Markdown until the page is written
    if element.tag in HEADING_LEVELS:
        return "heading"
    classes = element.get("class", "").split()
    if element.tag == "div" and "admonition" in classes or element.tag == "details":
        return "admonition"
    return {"p": "paragraph", "li": "list item", "table": "table", "blockquote": "block quote"}.get(element.tag)


def is_title_of_block(element: Element) -> bool:
    return element.tag == "summary" or "admonition-title" in element.get("class", "").split()


def is_code_block(raw_html: str) -> bool:
    """A fenced code block, which Python-Markdown sets aside as HTML: its text is an example."""
    start = raw_html.lstrip()
    return start.startswith("<pre") or start.startswith('<div class="highlight"')


def plain_text(element: Element, leave_out=frozenset()) -> str:
    """The clause's own words, without the lists nested in it or the clauses in `leave_out`."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in LISTS and child not in leave_out:
            parts.append(plain_text(child, leave_out))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


@dataclass
class Marking:
    """What reading the tree found: each block's audiences, the clauses, the title, the problems."""

    audiences: dict[Element, frozenset[str]] = field(default_factory=dict)
    tags: dict[Element, frozenset[str]] = field(default_factory=dict)  # the audiences each tag names
    clauses: list[tuple[Element, Clause]] = field(default_factory=list)
    title: str | None = None
    errors: list[PolicyError] = field(default_factory=list)
    shown: dict[str | None, frozenset[str]] = field(default_factory=dict)  # see views.clauses_shown


@dataclass
class _Section:
    level: int
    audiences: frozenset[str]
    id: str
    counter: itertools.count
    name: str  # how an error message names it


class ClauseReader:
    """Reads one policy's tree. `slug_for` turns a heading into its id, as `toc` would."""

    def __init__(self, source: PolicySource, declared: Audiences, policy_audiences,
                 assign_tag: AssignTag, slug_for: Callable[[Element], str],
                 is_block: Callable[[str], bool], stashed: Callable[[str], str] = lambda text: text,
                 raw_html: tuple = (), footnote_ids: frozenset[str] = frozenset(), numbering: bool = False):
        self.source = source
        self.declared = declared
        self.policy_audiences = frozenset(policy_audiences)
        self.assign_tag = assign_tag
        self.slug_for = slug_for
        self.is_block = is_block
        self.stashed = stashed  # puts back what Python-Markdown set aside in a text, such as &amp;
        self.raw_html = raw_html  # the raw HTML and code blocks Python-Markdown set aside
        self.footnote_ids = footnote_ids  # the ids the footnotes extension gave the footnotes it made
        self.numbering = numbering  # number the sections and clauses (numbering.py)
        self.footnote_parts: set[Element] = set()
        self.code_lines: set[str] = set()  # the lines of indented code blocks, which are examples
        self.marking = Marking()
        self.used_ids: set[str] = set(PAGE_IDS)
        self.tagged: set[Element] = set()
        self.numbers: dict[Element, int] = {}
        self.tag_search_from = 0
        self.badly_written = False  # attr_list met a tag it could not read as audience="…"
        self.reported_lines: set[int] = set()
        self.extra_titles = 0  # # headings after the title, each reported at its own line
        self.copies: dict[str, int] = {}  # how often each piece of text has been named so far, for its line
        self.unreadable = 0  # how many audience= were found where no tag can be read, for their lines
        self.literal_copies: dict[str, int] = {}  # how many tags left as text had each wording, for their lines
        self.misspelt: dict[str, int] = {}  # how many tags used each misspelt key, for their lines

    def read(self, root: Element) -> Marking:
        self.marking.errors += forged_footnote_classes(root, self.footnote_ids, self.source)
        self.footnote_parts = footnote_parts(root)
        self.code_lines = {line.strip() for block in root.iter("pre")
                           for line in html.unescape("".join(block.itertext())).split("\n")}
        self._read_first_line_tags(root)
        self._check_explicit_ids(root)
        self._read_sections(root)
        self._check_leftovers(root)
        self._check_badly_written_tags()
        self._check_quotes_read_as_one()
        self._check_tags_after_table_rows()
        self._check_literal_tags(root)
        self._check_raw_html()
        self._read_clause_words()
        if self.numbering:
            self._number_clauses(root)
        return self.marking

    def check_other_page(self, root: Element) -> list[PolicyError]:
        """A page that is not a policy applies no tags: each one it holds is a problem, since its
        words would be shown to everyone."""
        self._read_first_line_tags(root)
        for element in root.iter():
            raw = element.attrib.pop("audience", None)
            if raw is not None:
                self._error(self._tag_line(raw), "This page is not a policy, so its audience tags are not "
                                                 "applied: the words would be shown to everyone.",
                            "put text for some audiences only in a policy: a file directly in docs/policies/, "
                            "such as docs/policies/visitors.md. Otherwise remove the tag.")
        self._check_badly_written_tags()
        self._check_literal_tags(root)
        self._check_raw_html()
        return self.marking.errors

    # Tags attr_list cannot place -------------------------------------------------------------

    def _read_first_line_tags(self, root: Element) -> None:
        for element in root.iter():
            if element.tag == "li":
                first = element[0] if len(element) else None
                loose = not (element.text or "").strip() and first is not None and first.tag == "p"
                self._take_line_end_tag(first if loose else element, element)
            elif clause_kind(element) in ("admonition", "block quote"):
                self._take_leading_tag(element)
            elif element.tag == "table":
                self._take_tag_under_table(element)

    def _take_line_end_tag(self, holder: Element, target: Element) -> None:
        """A tag at the end of the first line of `holder`'s text applies to `target`."""
        segments = [(holder, "text")]
        for child in holder:
            if self.is_block(child.tag) or child.tag == "br":  # <br>: the line ended in two spaces
                break
            segments.append((child, "tail"))
        for owner, attribute in segments:
            text = getattr(owner, attribute) or ""
            if "\n" in text:
                break
        line, newline, rest = text.partition("\n")
        match = TAG_AT_LINE_END.search(line) if line.rstrip().endswith("}") else None  # quick on long lines
        if match and not self.assign_tag(target, match.group(1), strict=True):
            setattr(owner, attribute, line[:match.start()] + newline + rest)

    def _take_leading_tag(self, block: Element) -> None:
        """A tag alone on the first line inside an admonition or block quote tags the whole block."""
        first = next((child for child in block if not is_title_of_block(child)), None)
        if first is None or first.tag != "p":
            return
        match = TAG_ON_FIRST_LINE.match(first.text or "")
        if match and not self.assign_tag(block, match.group(1), strict=True):
            first.text = first.text[match.end():]
            if LIST_LINE.match(first.text):
                self._error(self.source.lines.text_line(first.text.split("\n")[0].strip()),
                            "This list comes straight under a tag, so it would be shown as one paragraph.",
                            "leave an empty line between the tag's line and the list (inside the note or quote).")
            if not first.text.strip() and not len(first):
                block.remove(first)

    def _take_tag_under_table(self, table: Element) -> None:
        """A tag alone on the line directly under a table's last row tags the whole table, as one
        under a paragraph tags the paragraph. The tables extension reads that line as one more row,
        with the tag in its first cell and its other cells empty."""
        body = table.find("tbody")
        row = body[-1] if body is not None and len(body) else None
        if row is None or any(len(cell) or set(cell.attrib) - ALIGNMENT for cell in row) or \
                any((cell.text or "").strip() for cell in row[1:]):
            return  # not a tag alone (attr_list took a second tag on the line into the cell itself)
        match = TAG_ON_FIRST_LINE.match(row[0].text or "")
        if match and match.end() == len(row[0].text) and not self.assign_tag(table, match.group(1), strict=True):
            body.remove(row)
            if not len(body):
                table.remove(body)

    # Ids ------------------------------------------------------------------------------------

    def _check_explicit_ids(self, root: Element) -> None:
        copies: dict[str, int] = {}
        for element in root.iter():
            element_id = element.get("id")
            if element_id is None or element in self.footnote_parts:  # ids the footnotes extension gives
                continue
            copies[element_id] = copies.get(element_id, 0) + 1
            if not WEB_NAME.match(element_id):  # it is part of #id and go/<policy>/<id>/
                problem = (f'The id "{element_id}" has characters a web address cannot keep.',
                           "use lower-case letters, digits and hyphens only, for example "
                           '"phones-at-the-gate".')
            elif element_id in PAGE_IDS:
                problem = (f'The id "{element_id}" is one the page uses for itself.',
                           'choose words that say what the clause is about, such as "phones-at-the-gate".')
            elif element_id in self.used_ids:
                problem = (f'Two clauses have the same id "{element_id}".',
                           "give each clause its own id: rename one of them with words that say what it is "
                           f'about, such as "{element_id}-by-email". Ids must be unique within a policy.')
            else:
                problem = None
            if problem:  # its line is looked for only then: it is a search of the whole text
                self._error(self.source.lines.id_line(element_id, copies[element_id]), *problem)
            self.used_ids.add(element_id)

    def _new_id(self, wanted: str) -> str:
        """The id the clause's place gives it, or the heading's name; "-2" and on if it is taken,
        for example by a name an editor gave another clause to keep its published link."""
        candidate, number = wanted, 1
        while candidate in self.used_ids or not candidate:
            number += 1
            candidate = f"{wanted}-{number}" if wanted else f"clause-{number}"
        self.used_ids.add(candidate)
        return candidate

    # Sections and clauses -------------------------------------------------------------------

    def _read_sections(self, root: Element) -> None:
        sections = [_Section(1, self.policy_audiences, "intro", itertools.count(1), "the policy")]
        for element in list(root):
            if is_footnotes(element):
                continue
            level = HEADING_LEVELS.get(element.tag)
            if level == 1:
                self._read_title(element)
                continue
            if level is None:
                section = sections[-1]
                self._visit(element, section.audiences, section.id, section.counter, section.name,
                            clause_position=True)
                continue
            while sections[-1].level >= level:
                sections.pop()
            audiences = self._audiences_of(element, sections[-1].audiences, sections[-1].name)
            named = element.get("id") is not None
            heading_id = element.get("id") or self._new_id(self.slug_for(element))
            element.set("id", heading_id)
            self._record(element, heading_id, audiences, named)
            sections.append(_Section(level, audiences, heading_id, itertools.count(1),
                                     f'the section "{self._words(element)}"'))

    def _read_title(self, heading: Element) -> None:
        self.marking.audiences[heading] = self.policy_audiences
        if self.marking.title is not None:
            titles = [number for number, line in self.source.lines.prose if re.match(r"#[ \t]", line)]
            self.extra_titles += 1
            self._error(titles[self.extra_titles] if len(titles) > self.extra_titles else 1,
                        f'The policy has a second title (# heading): "{self._words(heading)}".',
                        "a policy has one # heading, its title: make this one a section with ##, and the "
                        "sections under it ###.")
            heading.attrib.pop("audience", None)  # one message is enough
            return
        self.marking.title = self._words(heading)
        if "audience" in heading.attrib:
            self._error(self._tag_line(heading.attrib.pop("audience")),
                        "The policy's title (its # heading) has an audience tag.",
                        "remove the tag from the title; say who the whole policy is for with "
                        '"audiences: [...]" in its front matter.')

    def _visit(self, element: Element, inherited: frozenset[str], parent_id: str,
               counter: itertools.count, container: str, clause_position: bool) -> None:
        kind = clause_kind(element)
        if kind is None or is_title_of_block(element):
            if "audience" in element.attrib:
                self._misplaced_tag(element)
            audiences = inherited
        else:
            audiences = self._audiences_of(element, inherited, container)
        self.marking.audiences[element] = audiences
        if element.tag == "ol":
            start = int(element.get("start", "1")) if element.get("start", "1").isdigit() else 1
            items = [child for child in element if child.tag == "li"]
            self.numbers.update((item, start + index) for index, item in enumerate(items))
        if kind and not is_title_of_block(element) and (clause_position or element in self.tagged
                                                         or kind == "list item"):
            position = next(counter)  # counted for explicit ids too, so other ids keep their place
            named = element.get("id") is not None
            clause_id = element.get("id") or self._new_id(f"{parent_id}-{position}")
            element.set("id", clause_id)
            self._record(element, clause_id, audiences, named)
            parent_id, counter = clause_id, itertools.count(1)
            container = f"the {kind} it sits in"
        # A heading inside a note, quote, list item or HTML block starts a section that ends
        # with the next heading as high or with the end of that container, as at the top level.
        open_headings: list[tuple[int, frozenset[str]]] = []
        for child in element:
            if not self.is_block(child.tag) or is_footnotes(child):
                continue
            level = HEADING_LEVELS.get(child.tag)
            while level and open_headings and open_headings[-1][0] >= level:
                open_headings.pop()
            self._visit(child, open_headings[-1][1] if open_headings else audiences, parent_id, counter,
                        container, clause_position=element.tag in LISTS)
            if level:
                open_headings.append((level, self.marking.audiences[child]))

    def _words(self, element: Element, leave_out=frozenset()) -> str:
        return " ".join(self.stashed(plain_text(element, leave_out)).split())

    def _audiences_of(self, element: Element, inherited: frozenset[str], container: str) -> frozenset[str]:
        if "audience" not in element.attrib:
            return inherited
        raw = element.attrib.pop("audience")
        self.tagged.add(element)
        if raw is None:  # a bare or spaced-out audience: the build stops at _check_badly_written_tags
            self.badly_written = True
            return inherited
        raw = self._as_written(raw)
        line = self._tag_line(raw)
        keys = split_keys(raw)
        if not keys:
            self._error(line, 'A tag has an empty audience="".',
                        'name at least one audience, for example audience="staff", or remove the tag '
                        "so the clause is for everyone the policy is for.")
            return inherited
        problems = len(self.marking.errors)
        for key in keys:
            outside = self.declared.expand([key]) - inherited
            if not self.declared.knows(key):
                self._error(line, f'The tag names an audience that is not declared: "{key}".',
                            self.declared.unknown_key_fix(key))
            elif outside:
                named = (f'the group "{key}" ({self.declared.describe(self.declared.expand([key]))})'
                         if key in self.declared.groups else f'"{key}"')
                self._error(line, f"The tag names {named}, but {container} is only for "
                                  f"{self.declared.describe(inherited)}.", self._narrowing_fix(key, outside))
        if len(self.marking.errors) > problems:
            return inherited  # the build stops; what sits inside is read as if untagged, to avoid follow-on messages
        self.marking.tags[element] = frozenset(keys)  # as written: the last check of each view expands groups itself
        return self.declared.expand(keys)

    def _narrowing_fix(self, key: str, outside: frozenset[str]) -> str:
        """How to mend a tag naming audiences that what it sits in is not for: in the policy, by adding
        them to its audiences (the only way to reach an opt-in audience); else in a section's tag."""
        if outside <= self.policy_audiences:
            return (f'a tag can only narrow what it sits in: remove "{key}" from this tag, '
                    "or add it to the tag of the section or to the policy's audiences.")
        missing = ", ".join(self.declared.in_order(outside - self.policy_audiences))
        wanted = ", ".join(self.declared.in_order(self.policy_audiences | outside))
        opt_in = ", ".join(self.declared.in_order(outside & self.declared.opt_in))
        why = (f" ({opt_in}: opt-in, so only a policy whose audiences setting names it reaches it)"
               if opt_in else "")
        return (f"a tag can only narrow what it sits in: add {missing} to the policy's audiences{why} by writing "
                f'"audiences: [{wanted}]" in its front matter, or remove "{key}" from this tag.')

    def _misplaced_tag(self, element: Element) -> None:
        raw = element.attrib.pop("audience")
        if raw is None:
            self.badly_written = True
            return
        if element in self.footnote_parts:
            self._error(self._tag_line(raw), *FOOTNOTE_TAG)
            return
        if element.tag in ("td", "th"):
            self._error(self._tag_line(raw), "An audience tag is on a table cell, which cannot carry one.", TABLE_TAG)
            return
        where = ("an HTML block" if element.tag in HTML_BLOCKS
                 else "a definition list" if element.tag in ("dl", "dt", "dd")
                 else INLINE_NAMES.get(element.tag, "part of a line"))
        self._error(self._tag_line(raw, inline=element.tag in INLINE_NAMES),
                    f"An audience tag is on {where}, which cannot carry one.", WHERE_TO_TAG)

    def _record(self, element: Element, clause_id: str, audiences: frozenset[str], named: bool) -> None:
        self.marking.audiences[element] = audiences
        self.marking.clauses.append((element, Clause(
            id=clause_id, kind=clause_kind(element), audiences=audiences, text="",
            number=self.numbers.get(element), tagged=element in self.tagged, named=named)))

    def _read_clause_words(self) -> None:
        """Each clause's words, leaving out the clauses inside it, so that search finds each once, and
        the numbers of its footnote marks, which are not words."""
        elements = {element for element, _ in self.marking.clauses}
        self.marking.clauses = [(element, replace(clause, text=self._words(element, elements - {element}
                                                                           | self.footnote_parts)))
                                for element, clause in self.marking.clauses]

    def _number_clauses(self, root: Element) -> None:
        """Each clause's number, worked out once on the whole policy so it is the same in every view,
        and shown at the start of its words."""
        recorded = {element for element, _ in self.marking.clauses}
        numbers = clause_numbers([element for element in root if element in recorded], self._words, HEADING_LEVELS)
        numbered = []
        for element, clause in self.marking.clauses:
            if element in numbers:
                clause = replace(clause, clause_number=numbers[element])
                doubled = typed_number_error(self.source, clause)
                if doubled:
                    self.marking.errors.append(doubled)
                show_number(element, clause.clause_number)
            numbered.append((element, clause))
        self.marking.clauses = numbered

    # What was left over ---------------------------------------------------------------------

    def _check_leftovers(self, root: Element) -> None:
        """Tags on inline text, misspelt keys, what attr_list made of badly written tags, and words
        in curly brackets that it took for a tag."""
        for element in root.iter():
            if "audience" in element.attrib:
                self._misplaced_tag(element)
            words = [key for key, value in element.attrib.items()
                     if value is None and key not in YES_OR_NO_ATTRIBUTES and "audience" not in key.lower()
                     and not self.declared.knows(key) and key.strip("_")]  # "_": a space pasted from Word
            if words:
                for key in words:
                    element.attrib.pop(key)
                written = " ".join(words)
                self.copies[written] = self.copies.get(written, 0) + 1
                self._error(self.source.lines.braces_line(words, self.copies[written]),
                            f'The words "{{{written}}}" would vanish: curly brackets at the end of a line are read '
                            "as a tag.",
                            f"if they are words for readers, use round or square brackets instead: ({written}).")
            for key in list(element.attrib):
                if key != "audience" and ("audience" in key.lower() or
                                          self.declared.knows(key) and element.get(key) is None):
                    element.attrib.pop(key)  # audience:"staff", or audience=staff parents
                    self.badly_written = True
                elif key != "audience" and _looks_like_audience(key):
                    element.attrib.pop(key)
                    self.misspelt[key] = self.misspelt.get(key, 0) + 1
                    line = self.source.lines.key_line(key, self.misspelt[key])
                    self.reported_lines.add(line)
                    self._error(line, f'A tag uses the key "{key}=".',
                                'did you mean "audience"? Write it as audience="staff parents".')

    def _check_badly_written_tags(self) -> None:
        """Tags that attr_list reads as something other than audience="…": spaces around "=", no
        value, keys not in quotes, audience twice. Left alone, such a clause would go to everyone."""
        found = [(line, tag) for line, tag in self.source.lines.badly_written_tags()
                 if not self._in_code(line) and line not in self.reported_lines]
        for line, tag in found:
            self._error(line, f"This tag is not written the way the site reads it: {tag}",
                        'write it as { audience="staff parents" }: the word audience, "=" with no spaces '
                        "around it, then the audience keys inside double quotes, once in each tag. Type its "
                        "spaces again if it was pasted from Word, which pastes spaces the site cannot read.")
        if self.badly_written and not found:
            self._error(self.source.lines.text_line("audience"), "A tag with audience in it is not written "
                        "the way the site reads it.", 'write it as { audience="staff parents" }.')
        self.reported_lines.update(line for line, _ in found)

    def _in_code(self, line: int) -> bool:
        """An indented code block's line: an example, like fenced code (which the line search skips)."""
        text = self.source.lines.lines[line - 1]
        return text.startswith(("\t", "    ")) and text.strip() in self.code_lines

    def _check_quotes_read_as_one(self) -> None:
        """Two quotes with only an empty line between them are one quote, and so share one tag."""
        for line in self.source.lines.tagged_quotes_read_as_one():
            self._error(line, "This quote follows another with only an empty line between them, so both are "
                              "read as one quote, with one tag.",
                        "if they are one quote, put > on the empty line; if they are two, put a line of text "
                        "between them.")
            self.reported_lines.add(line)

    def _check_tags_after_table_rows(self) -> None:
        """Left alone, the tag would vanish and the row would go to everyone the table is for."""
        for line in self.source.lines.tags_after_table_rows():
            if not self._in_code(line) and line not in self.reported_lines:
                self._error(line, "An audience tag is at the end of a table's row, which cannot carry one.", TABLE_TAG)
                self.reported_lines.add(line)

    def _check_literal_tags(self, element: Element) -> None:
        if element.tag in ("code", "pre"):
            return
        for text in (element.text, *(child.tail for child in element)):
            for tag in TAG.finditer(text or ""):
                if any(_looks_like_audience(match.group(1)) for match in AUDIENCE_VALUE.finditer(tag.group(1))):
                    literal = html.unescape(tag.group(0))
                    self.literal_copies[literal] = self.literal_copies.get(literal, 0) + 1
                    line = self.source.lines.literal_tag_line(literal, self.literal_copies[literal])
                    if line in self.reported_lines:
                        continue  # already reported, as badly written or as in a quote read as one
                    if element in self.footnote_parts:
                        self._error(line, *FOOTNOTE_TAG)
                    else:
                        written = self.source.lines.lines[line - 1]
                        pasted = PASTED_SPACE.search(written[:max(written.find(literal), 0)][-1:])
                        self._error(line, f"This tag was not applied and would show as text: {literal}",
                                    "the space before its { is one pasted from Word, which the site cannot "
                                    "read: type it again." if pasted else WHERE_TO_TAG)
            for _ in _braceless_audiences(text or ""):
                self.unreadable += 1
                lines = self.source.lines.unreadable_tag_lines()
                line = lines[self.unreadable - 1] if len(lines) >= self.unreadable else 1
                if line not in self.reported_lines:
                    self._error(line, "This looks like an audience tag, but the site cannot read it as one, so "
                                      "it would show as text.",
                                'write the tag as { audience="staff" }, with ordinary curly brackets, where a tag '
                                "goes; if the words are meant to be read as they are, put them between backticks: "
                                '`audience="staff"`.')
            for tag in UNCLOSED_TAG.finditer(text or ""):
                literal = html.unescape(tag.group(0)).strip()
                self._error(self.source.lines.text_line(literal),
                            f"This tag has no closing brace, so it would show as text: {literal}",
                            'end the tag with "}" on the same line, for example { audience="staff" }.')
        for child in element:
            self._check_literal_tags(child)

    def _check_raw_html(self) -> None:
        """HTML written into a policy is passed on as it is, so a tag inside it would never be
        applied: the words would go to everyone."""
        for block in self.raw_html:
            block = str(block)
            if is_code_block(block):
                continue
            for match in AUDIENCE_WRITTEN.finditer(block):
                start = block.rfind("\n", 0, match.start()) + 1
                written = block[start:block.find("\n", match.end()) % (len(block) + 1)].strip()  # its whole line
                self.copies[written] = self.copies.get(written, 0) + 1
                self._error(self.source.lines.text_line(written, self.copies[written]),
                            "An audience tag is inside HTML, where the site cannot apply it: the words would be "
                            "shown to everyone.",
                            "write this clause in Markdown, outside the HTML, and tag it there; "
                            + WHERE_TO_TAG)

    def _as_written(self, value: str) -> str:
        """A tag's value with the HTML and entities Python-Markdown set aside in it (such as <i> or
        &amp;) put back as the editor wrote them: never a key, but a message names them as written."""
        return HTML_PLACEHOLDER_RE.sub(lambda match: str(self.raw_html[int(match.group(1))])
                                       if int(match.group(1)) < len(self.raw_html) else match.group(0), value)

    def _tag_line(self, raw_value: str, inline: bool = False) -> int:
        raw_value = self._as_written(raw_value)
        if inline:  # on bold text and the like: found apart from the tags read in order
            return self.source.lines.find_tag("audience", raw_value, 0, inline=True)[0]
        line, self.tag_search_from = self.source.lines.find_tag("audience", raw_value, self.tag_search_from)
        return line

    def _error(self, line: int, problem: str, fix: str) -> None:
        self.marking.errors.append(PolicyError(self.source.file, line, problem, fix))


def _braceless_audiences(text: str):
    """Each audience= with no opening brace before it on its line: written after \\{, &#123; or a
    full-width brace, which Markdown does not read as a tag's, or with no brace at all."""
    for line in text.split("\n"):
        for match in AUDIENCE_ASSIGNMENT.finditer(line):
            if "{" not in line[:match.start()]:
                yield match


@functools.lru_cache(maxsize=None)
def _looks_like_audience(key: str) -> bool:
    return key == "audience" or difflib.SequenceMatcher(None, key.lower(), "audience").ratio() >= 0.75
