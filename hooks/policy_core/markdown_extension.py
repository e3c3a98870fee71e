"""The Python-Markdown extension: one tree processor, between `attr_list` and `toc`.

Filtering the tree once, before `toc`, means the table of contents, the search index and the
clause numbers all follow from the view, not from the whole policy.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import remove_fnrefs, render_inner_html, slugify, strip_tags
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, HTML_PLACEHOLDER_RE, STX

from .audiences import Audiences
from .clauses import ClauseReader, Marking, plain_text
from .editing_slips import find_slips
from .errors import PolicyError, PolicyProblems
from .numbering import CLAUSE_NUMBER_CLASS, WrittenReference, has_no_words, write_references
from .safe_addresses import scripts_in_page
from .source import COMMENT, PolicySource, SourceLines
from .views import add_clause_links, clauses_shown, label_full_view, send_missing_anchors_to_full_view, take_out_title

# attr_list runs at 8 and toc at 5.
PRIORITY = 7
# What a policy page hands Python-Markdown: its tree comes from the policy read once, so the page's
# own text only has to be something for the tree processors to run on.
PAGE_TEXT = "(The policy's text.)\n"
# An HTML block that is only comments, which a browser does not show.
COMMENTS = re.compile(r"\s*(?:<!--.*?-->\s*)*", re.DOTALL)
# How Python-Markdown holds a character escaped with a backslash until the page is written.
ESCAPED_CHARACTER = re.compile(f"{STX}(\\d+){ETX}")
TYPED_NUMBER_DOT = re.compile(r"(?<=\d)\.(?=\d)")


# The Markdown extensions whose output the audience filter understands. Any other could make a
# part of a page the filter does not know (a tab, an included file, a glossary), and so could show
# a clause to readers it is not for: the build refuses it.
UNDERSTOOD_EXTENSIONS = {
    # Blocks the filter scopes: sections, notes, quotes, lists, tables, HTML blocks with Markdown.
    "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc", "pymdownx.details",
    "sane_lists", "pymdownx.saneheaders", "pymdownx.tasklist",
    # Code, whose text is an example, never a clause.
    "fenced_code", "codehilite", "pymdownx.highlight", "pymdownx.superfences", "pymdownx.inlinehilite",
    # Marks inside a line, which cannot carry a tag.
    "smarty", "nl2br", "pymdownx.betterem", "pymdownx.caret", "pymdownx.mark", "pymdownx.tilde",
    "pymdownx.smartsymbols", "pymdownx.keys", "pymdownx.magiclink", "pymdownx.emoji",
}
WHY_REFUSED = {
    "abbr": "its abbreviations apply to the whole page, so one written in a staff-only section would "
            "show in the parents' version",
    "extra": "it includes abbr, whose abbreviations apply to the whole page, so one written in a "
             "staff-only section would show in the parents' version",
    "pymdownx.extra": "it includes abbr, whose abbreviations apply to the whole page, so one written in "
                      "a staff-only section would show in the parents' version",
    "pymdownx.snippets": "it copies other files into a page, where their words would not be checked for tags",
}


def check_markdown_extensions(extensions: list, file: str, text: str | None) -> list[PolicyError]:
    """Each Markdown extension in mkdocs.yml that the audience filter does not understand."""
    lines = SourceLines(text or "")
    errors = []
    for extension in extensions:
        if not isinstance(extension, str):
            continue  # an extension object added by a hook, such as this site's own
        name = extension.removeprefix("markdown.extensions.")
        if name in UNDERSTOOD_EXTENSIONS:
            continue
        why = WHY_REFUSED.get(name, "the audience filter does not know what it makes, so it could not be sure "
                                    "that a clause tagged for staff stays out of the parents' version")
        errors.append(PolicyError(
            file, lines.text_line(extension), f'The Markdown extension "{extension}" cannot be used: {why}.',
            f"remove it from markdown_extensions in {file}. The extensions the policies can use are: "
            + ", ".join(sorted(UNDERSTOOD_EXTENSIONS)) + "."))
    return errors


@dataclass
class ReadPolicy:
    """A policy's tree as Python-Markdown parsed it and its tags were read. Each view is made from
    a copy of it, so a policy is parsed once however many views it has."""

    tree: Element
    marking: Marking
    stash: list  # Python-Markdown's stashed raw HTML and code blocks, which the tree refers to
    # Each audience's view as the site plan made it (views.clauses_shown), its links as the editor wrote them.
    audience_views: dict[str, tuple[Element, Marking]] = field(default_factory=dict)
    # Whether each audience's view makes one page only (a build, not a preview that keeps the policy
    # for the next build): its page is then given the view itself, not a copy.
    views_used_once: bool = False
    handed_out: set = field(default_factory=set)  # the views given to their page, when each is used once

    @classmethod
    def keep(cls, root: Element, marking: Marking, stash: list) -> "ReadPolicy":
        """HTML comments are the editors' notes: every view has them emptied, since anyone can read a
        page's source."""
        tree, copied = _copy(root, marking)
        return cls(tree, copied, [COMMENT.sub("<!---->", block) if isinstance(block, str) else block
                                  for block in stash])

    def copy(self, audience: str | None = None, for_page: bool = False) -> tuple[Element, Marking]:
        """A copy of the whole policy, or of an audience's view: a page may change its copy. When
        each view makes one page only, its page (`for_page`) is given the view itself."""
        if not (for_page and self.views_used_once):
            return _copy(self.tree, self.marking) if audience is None else _copy(*self.audience_views[audience])
        if audience in self.handed_out:
            raise RuntimeError(f"The view for {audience or 'everyone'} was asked for twice in one build.")
        self.handed_out.add(audience)
        return (self.tree, self.marking) if audience is None else self.audience_views.pop(audience)

    def words_with_references(self, written: dict[str, str]) -> dict[str, str]:
        """The words of each clause holding a link written with no words, by clause id, with the
        words the full view writes into the link (`written`, by the link's address): what search
        finds, as the page shows it."""
        # Left out: the clauses inside each clause, and the numbers, which search shows apart.
        left_out = {element for element, _ in self.marking.clauses} | {
            number for number in self.tree.iter("span") if number.get("class") == CLAUSE_NUMBER_CLASS}
        words = {}
        for element, clause in self.marking.clauses:
            empty = [link for link in element.iter("a") if link.get("href") in written and has_no_words(link)]
            for link in empty:
                link.text = written[link.get("href")]
            if empty:
                words[clause.id] = " ".join(stashed_words(plain_text(element, left_out - {element}), self.stash).split())
            for link in empty:
                link.text = None  # each view writes its own words in (numbering.write_references)
        return words

    @property
    def has_text(self) -> bool:
        """Whether there is anything to read besides the title and section headings: a clause, or
        an HTML or code block that is not only comments (which no reader sees)."""
        return (any(clause.kind != "heading" for _, clause in self.marking.clauses)
                or any(not (isinstance(block, str) and COMMENTS.fullmatch(block)) for block in self.stash))


def stashed_words(text: str, blocks: list) -> str:
    """The text with what Python-Markdown set aside in `blocks` (entities such as &amp;, inline HTML,
    and characters escaped with a backslash, such as \\{) put back as the words a reader sees."""
    text = HTML_PLACEHOLDER_RE.sub(lambda match: html.unescape(strip_tags(str(blocks[int(match.group(1))]))), text)
    return ESCAPED_CHARACTER.sub(lambda match: chr(int(match.group(1))), text)


def _copy(root: Element, marking: Marking) -> tuple[Element, Marking]:
    """A copy of the tree, with the marking pointing at the copy's elements; what a view left out
    is left out of its marking too."""
    twins: dict[Element, Element] = {}
    tree = _clone(root, twins)
    return tree, replace(marking, audiences={twins[element]: value for element, value in marking.audiences.items()
                                             if element in twins},
                         tags={twins[element]: value for element, value in marking.tags.items() if element in twins},
                         clauses=[(twins[element], clause) for element, clause in marking.clauses if element in twins])


def _clone(element: Element, twins: dict[Element, Element]) -> Element:
    """A copy of `element` and all within it, noting each copy's original. Texts and attribute
    values are strings, which are never changed in place, so they are shared, not copied."""
    twin = Element(element.tag, dict(element.attrib))
    twin.text, twin.tail = element.text, element.tail
    twins[element] = twin
    twin.extend([_clone(child, twins) for child in element])
    return twin


def internal_errors(source: PolicySource, declared: Audiences, wrong: list[tuple[str, Element]]) -> list[PolicyError]:
    """What the last check of each view says when the filter let through what it should not:
    a fault in the site's software, which must never reach a reader. One message for each piece
    of text, naming every version it would have reached."""
    versions: dict[str, list[str]] = {}
    for audience, element in wrong:
        versions.setdefault(plain_text(element), []).append(declared.label(audience))
    return [PolicyError(source.file, source.lines.text_line(words[:40]) if words else 1,
                        f'Internal error: the version for {", ".join(labels)} would show "{words[:80]}", which is '
                        "not tagged for them. The build stopped so that nothing was published.",
                        "this is a fault in the site's software, not in your policy: report it with this message. "
                        "Until it is fixed, moving the clause out of the note, quote or list it sits in may help.")
            for words, labels in versions.items()]


def images_from_other_sites(root: Element, source: PolicySource) -> list[PolicyError]:
    """Images on another website: every reader's browser would tell that site of their visit, and the
    PDFs, which read only the site's own files, could not be made."""
    return [PolicyError(source.file, source.lines.text_line(address), f'The image "{address}" is on another website.',
                        "save the image in the docs folder (beside the policy, for example) and write its file "
                        "name: ![School logo](logo.png).")
            for address in (image.get("src", "") for image in root.iter("img")) if urlsplit(address).netloc]


@dataclass
class ViewRequest:
    """What the tree processor should make of the page being converted."""

    source: PolicySource
    declared: Audiences
    policy_audiences: tuple[str, ...]
    audience: str | None = None  # None: the full view
    full_view_link: str = ""  # how an audience view links to a clause it leaves out
    plan_views: bool = False  # only read the policy and work out what every view will show
    read: ReadPolicy | None = None  # the policy already read: the page's own text is not used
    numbering: bool = False  # number the sections and clauses (numbering.py)
    # How each link to a clause or policy is written in each view, by the href the editor wrote.
    references: dict[str, WrittenReference] = field(default_factory=dict)

    @property
    def marking(self) -> Marking | None:
        return self.read.marking if self.read else None


class PolicyExtension(Extension):
    """Set `request` before converting a policy page, and back to None after it."""

    def __init__(self):
        super().__init__()
        self.request: ViewRequest | None = None
        self.views_used_once = False  # set for a build; a preview keeps each policy read for the next build
        self.other_page: PolicySource | None = None  # a page that is not a policy, to check for tags

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(AudienceTreeprocessor(md, self), "policy_audiences", PRIORITY)
        md.treeprocessors.register(HeaderlessTableTreeprocessor(md), "policy_headerless_tables", PRIORITY - 1)


class HeaderlessTableTreeprocessor(Treeprocessor):
    """A table written with an empty header row (`|  |  |`), as key/value tables are, since Markdown
    has no table without one: its empty column headers are taken out, so that a screen reader does
    not announce blank ones. In a two-column table each row's first cell then heads its row, as in
    GOV.UK's summary lists. Run on each view, so every view, print and PDF shows the same table."""

    def run(self, root: Element) -> None:
        for table in list(root.iter("table")):
            head = table.find("thead")
            if head is None or any(len(cell) or (cell.text or "").strip() for cell in head.iter("th")):
                continue
            table.remove(head)
            for row in table.iter("tr"):
                if len(row) == 2 and (len(row[0]) or (row[0].text or "").strip()):
                    row[0].tag = "th"
                    row[0].set("scope", "row")


class AudienceTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: PolicyExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        # toc's ¶ sits inside a heading, so a screen reader names the heading "Who are you? ¶", and it
        # is a Tab stop of its own: no page has it. A policy's clauses have the site's own links,
        # beside their headings (add_clause_links).
        if "toc" in self.md.treeprocessors:
            self.md.treeprocessors["toc"].use_permalinks = False
        request = self.extension.request
        if request is None:
            if self.extension.other_page is not None:
                page = self.extension.other_page
                errors = (self.reader(page, Audiences({}), ()).check_other_page(root)
                          + scripts_in_page(root, tuple(self.md.htmlStash.rawHtmlBlocks), page))
                if errors:
                    raise PolicyProblems(errors)
            return
        if request.read is None:
            request.read = self.read(root, request)
        if request.plan_views:
            root.clear()  # reading the policy makes no page
            return
        tree, marking = request.read.copy(request.audience, for_page=True)
        write_references(tree, request.references, request.audience)  # before #links are sent elsewhere
        if request.audience is None:
            label_full_view(tree, marking, request.policy_audiences, request.declared)
        else:
            send_missing_anchors_to_full_view(tree, request.full_view_link)
        take_out_title(tree)
        add_clause_links(tree, marking)
        root.clear()
        root.text = tree.text
        root.extend(list(tree))
        self.md.htmlStash.rawHtmlBlocks[:] = request.read.stash
        self.md.htmlStash.html_counter = len(request.read.stash)

    def reader(self, source: PolicySource, declared: Audiences, policy_audiences, numbering=False) -> ClauseReader:
        return ClauseReader(source, declared, policy_audiences,
                            assign_tag=self.md.treeprocessors["attr_list"].assign_attrs,
                            slug_for=self.slug_for, is_block=self.md.is_block_level, stashed=self.stashed,
                            raw_html=tuple(self.md.htmlStash.rawHtmlBlocks), footnote_ids=self.footnote_ids(),
                            numbering=numbering)

    def footnote_ids(self) -> frozenset[str]:
        """The ids of the footnotes the footnotes extension made on this page, if it is on."""
        if "footnote" not in self.md.treeprocessors:
            return frozenset()
        footnotes = self.md.treeprocessors["footnote"].footnotes
        return frozenset(footnotes.makeFootnoteId(key) for key in footnotes.footnotes)

    def read(self, root: Element, request: ViewRequest) -> ReadPolicy:
        marking = self.reader(request.source, request.declared, request.policy_audiences,
                              request.numbering).read(root)
        raw_html = tuple(self.md.htmlStash.rawHtmlBlocks)
        errors = (marking.errors + images_from_other_sites(root, request.source)
                  + scripts_in_page(root, raw_html, request.source)
                  + find_slips(root, request.source, raw_html, self.md.is_block_level))
        if errors:
            raise PolicyProblems(errors)
        read = ReadPolicy.keep(root, marking, self.md.htmlStash.rawHtmlBlocks)
        read.views_used_once = self.extension.views_used_once
        read.marking.shown, wrong, read.audience_views = clauses_shown(read, request.policy_audiences, request.declared)
        if wrong:
            raise PolicyProblems(internal_errors(request.source, request.declared, wrong))
        return read

    def stashed(self, text: str) -> str:
        return stashed_words(text, self.md.htmlStash.rawHtmlBlocks)

    def slug_for(self, heading: Element) -> str:
        """The id `toc` would give the heading, with its own slugify and separator (and, as it does,
        without the marks of footnotes, whose numbers change as footnotes are added)."""
        toc = self.md.treeprocessors["toc"] if "toc" in self.md.treeprocessors else None
        # A number typed in a heading keeps its dots readable: 1-16-1-restoration, not 1161-restoration.
        words = TYPED_NUMBER_DOT.sub("-", html.unescape(strip_tags(render_inner_html(remove_fnrefs(heading), self.md))))
        if toc is None:
            return slugify(words, "-")
        return toc.slugify(words, toc.sep)
