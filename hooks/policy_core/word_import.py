"""Turning a school's Word policy (.docx) into a policy file the site builds.

mammoth reads the .docx into simple HTML (its style map says which Word styles are headings, and
highlighted text is marked); this module writes that HTML as the site's Markdown and lists what an
editor must look at: placeholders left from a template, and what Word had that Markdown cannot
carry, each with the paragraph it is in. It knows nothing of MkDocs and writes no files.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote
from xml.etree import ElementTree

import mammoth

from .numbering import is_quantity

# Word's styles as the HTML the importer reads. Headings are renamed by `_mark_paragraphs` first,
# so their Word level and whether Word numbers them itself reach the HTML.
STYLE_MAP = "\n".join(
    [f"p[style-name='policy heading {level}'] => h{level}:fresh" for level in range(1, 7)]
    + [f"p[style-name='policy heading {level} numbered'] => h{level}.numbered:fresh" for level in range(1, 7)]
    + [f"p[style-name='policy clause {depth}'] => p.clause-{depth}:fresh" for depth in range(1, 9)]
    + ["p[style-name='Title'] => h1.title:fresh",
       "p[style-name='Quote'] => blockquote > p:fresh",
       "p[style-name='Intense Quote'] => blockquote > p:fresh",
       "p[style-name='policy contents'] => !",
       "highlight => mark",
       "comment-reference => !"])
HEADING_STYLE = re.compile(r"heading ([1-6])", re.IGNORECASE)
# Styles that are plain paragraphs (or list items, when Word numbers them).
PLAIN_STYLES = {"list paragraph", "body text", "no spacing", "subtitle", "normal (web)", "normal"}
CONTENTS_STYLE = re.compile(r"(toc \d|toc heading|contents \d)", re.IGNORECASE)

# The opening table of a policy's record, by its first column's words (lower case, no colon).
RECORD_LABELS = {
    "approved": ("date approved", "approved", "approval date", "date of approval", "approved on", "date ratified",
                 "ratified"),
    "approved_by": ("approved by", "ratified by"),
    "review": ("review date", "next review", "next review date", "date of next review", "review", "to be reviewed"),
    "version": ("version", "version number", "version no"),
    "owner": ("policy owner", "owner", "responsible person", "person responsible", "policy lead", "lead"),
    "minute_ref": ("minute reference", "minute ref", "minute", "minute number"),
    "effective_from": ("effective from", "effective date", "date effective"),
    "signed_by": ("signed by", "signed"),
    "shared_with_staff": ("shared with staff", "date shared with staff", "shared with staff on", "issued to staff"),
}
RECORD_KEY = {label: key for key, labels in RECORD_LABELS.items() for label in labels}
DATE_SETTINGS = ("approved", "review", "effective_from", "shared_with_staff")
REVIEW_CYCLES = {"annually": "annual", "annual": "annual", "yearly": "annual", "every year": "annual",
                 "every 2 years": "every 2 years", "every two years": "every 2 years", "biennially": "every 2 years",
                 "every 3 years": "every 3 years", "every three years": "every 3 years",
                 "triennially": "every 3 years"}
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})")

# What a .docx may unpack to: Word opens no document larger than 512 MB.
LARGEST_UNPACKED = 512 * 2 ** 20
# The characters an address keeps as they are when imported; the rest are %-encoded.
ADDRESS_CHARACTERS = "/:?#[]@!$&'*+,;=%~"
# Placeholders a template leaves: <insert number>, [school name] (not a footnote mark typed as [1]),
# XXX, and the words Word shows in a box for filling in that no one filled in.
PLACEHOLDER = re.compile(r"<[^<>\n]{1,80}>|\[(?!\d+\])[^\[\]\n]{1,80}\]|\bX{3,}\b"
                         r"|Click (?:or tap )?here to enter (?:text|a date)\.|Choose an item\.")
# A number typed before a heading's words ("4.2 Visits", "1. Introduction", "3 Scope"); before a
# paragraph's only with a dot in it, since "20 minutes…" is a sentence.
HEADING_NUMBER = re.compile(r"\s*(\d{1,2}(?:\.\d{1,2})*)\.?[ \t\u00a0]+(?=\S)")
PARAGRAPH_NUMBER = re.compile(r"\s*(\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}\.)[ \t\u00a0]+(?=\S)")
APPENDIX = re.compile(r"\s*appendix\b", re.IGNORECASE)
# What a file name carries that is not the policy's title: "SEND Policy v3 FINAL (2).docx".
FILE_NAME_EXTRAS = re.compile(r"\b(?:v(?:ersion)?\s?\d+(?:\.\d+)*|final|draft|copy)\b|\(\d+\)|[_]", re.IGNORECASE)
# A reference typed in the text to a numbered part ("see section 5.2", "clause 4", "see 4.1",
# "Appendix A"), which goes on pointing at the old number when the policy changes.
CROSS_REFERENCE = re.compile(r"\b(?:(?i:sections?|clauses?|paragraphs?|paras?\.?)\s+\d+(?:\.\d+)*"
                             r"|(?i:see)\s+\d+\.\d+(?:\.\d+)*|(?i:appendix)\s+(?:\d+|[A-Z])\b)")
PICTURE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
# Characters Markdown (with attr_list and tables) would read as markup anywhere in a line.
INLINE_MARKUP = {"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "{": "\\{", "}": "\\}",
                 "#": "\\#", "<": "&lt;", "\t": " ", "\u00a0": " ", "\u202f": " "}
ENTITY = re.compile(r"&(?=#?\w+;)")
# What makes a line a quote, a list, a numbered list or a rule when it starts it: "> ", "- ", "1. ", "---".
LINE_START_MARKUP = re.compile(r"^(?:(>|[-+]|!(?=!!))|(\d+)(?=\.(?:\s|$)))")


@dataclass(frozen=True)
class Found:
    """Something an editor must look at, and the start of the paragraph it is in."""

    what: str
    paragraph: str

    def __str__(self) -> str:
        return f'{self.what}, in "{self.paragraph}"' if self.paragraph else self.what


@dataclass
class ImportedPolicy:
    """One Word policy as the site's Markdown, with its pictures and what the editor must check."""

    name: str  # the policy's file name, without .md
    title: str
    markdown: str
    pictures: dict[str, bytes]  # by file name inside the pictures' folder
    picture_folder: str
    placeholders: list[Found] = field(default_factory=list)
    not_carried: list[Found] = field(default_factory=list)
    numbering: str = ""  # what happened to numbers typed or made by Word, in words
    number_slips: list[Found] = field(default_factory=list)  # typed numbers that skip or go back
    cross_references: list[Found] = field(default_factory=list)  # "see section 5.2" typed in the text
    has_footnotes: bool = False


class NotAWordFile(Exception):
    """The file is not a .docx the importer can read: the message says why, for the editor."""


def web_name(text: str) -> str:
    """A policy file name from its title: lower-case letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-") or "policy"


def check_word_file(name: str, data: bytes) -> None:
    """Refuse, in plain words, what is not a .docx: a .doc, a PDF, a damaged file, Word's lock file."""
    lower = name.lower()
    if name.startswith("~$"):
        raise NotAWordFile("this is the lock file Word keeps while the document is open, not a policy: "
                           "close the document in Word, then delete it or leave it out.")
    if data.startswith(b"%PDF"):
        raise NotAWordFile("this is a PDF, which cannot be imported: import the Word document it was made from.")
    if lower.endswith(".doc") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise NotAWordFile("this is an old Word document (.doc): open it in Word, choose File, Save As, "
                           "\"Word Document (*.docx)\", and import the .docx.")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise NotAWordFile("this is not a Word document (.docx)" if not lower.endswith(".docx") else
                           "this .docx is damaged and cannot be read: open it in Word and save it again, "
                           "or import a good copy.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(member.file_size for member in archive.infolist())
            if unpacked > LARGEST_UNPACKED:  # before unpacking, which would take minutes and all the memory
                raise NotAWordFile(f"this .docx unpacks to {unpacked // 2 ** 20:,} MB, more than Word itself opens "
                                   f"({LARGEST_UNPACKED // 2 ** 20} MB): it is damaged or not a real document. Open "
                                   "it in Word and save it again, or import a good copy.")
            if archive.testzip() is not None:
                raise zipfile.BadZipFile
    except (zipfile.BadZipFile, OSError, EOFError):
        raise NotAWordFile("this .docx is damaged and cannot be read: open it in Word and save it again, "
                           "or import a good copy.") from None
    if "word/document.xml" not in names:
        raise NotAWordFile("this is a zip file, not a Word document (.docx): import the .docx itself.")


def import_word(file_name: str, data: bytes) -> ImportedPolicy:
    """The policy in `data` (a .docx) as the site's Markdown, its pictures to be saved in a folder
    beside it named after it (`<policy>-pictures`). Raises NotAWordFile."""
    check_word_file(file_name, data)
    pictures: list[tuple[str, bytes]] = []
    marked = _MarkedParagraphs()

    def save_picture(image) -> dict:
        extension = PICTURE_TYPES.get(image.content_type)
        if image.content_type == "image/svg+xml":
            marked.lost.append(Found("an SVG picture, left out: it can hold a script, so the site publishes no SVG "
                                     "(in Word, right-click it, Save as Picture, PNG, and add the PNG to the policy)",
                                     image.alt_text or ""))
            return {"src": ""}
        if extension is None:
            marked.lost.append(Found(f"a picture of a kind web pages cannot show ({image.content_type})",
                                     image.alt_text or ""))
            return {"src": ""}
        with image.open() as stream:
            pictures.append((f"picture-{len(pictures) + 1}.{extension}", stream.read()))
        return {"src": pictures[-1][0]}

    try:
        result = mammoth.convert_to_html(io.BytesIO(data), style_map=STYLE_MAP, include_embedded_style_map=False,
                                         include_default_style_map=True, transform_document=marked,
                                         convert_image=mammoth.images.img_element(save_picture))
    except Exception as error:  # mammoth stopped on what it was given: a .docx it cannot read
        raise NotAWordFile(f"this .docx could not be read ({type(error).__name__}): open it in Word and save it "
                           "again, or import a good copy.") from None
    body = _parse_html(result.value)
    # A file name may hold a tab or a line break, which the title's one line cannot.
    title_from_file = " ".join(FILE_NAME_EXTRAS.sub(" ", re.sub(r"\.docx$", "", file_name.rsplit("/", 1)[-1],
                                                                 flags=re.IGNORECASE)).split())
    writer = _Writer(body, title_from_file)
    if not writer.blocks:  # the site would refuse the policy made of it
        raise NotAWordFile("this document has nothing under its title: check that it is the right file, or write "
                           "the policy in Word first.")
    name = web_name(PLACEHOLDER.sub("", writer.title))
    folder = f"{name}-pictures"
    markdown = writer.markdown(folder)
    lost = marked.lost + _what_word_had(data) + _mammoth_messages(result.messages, marked)
    return ImportedPolicy(name, writer.title, markdown, dict(pictures), folder, writer.placeholders,
                          lost + writer.lost, writer.numbering_note, writer.number_slips, writer.cross_references,
                          writer.footnotes > 0)


class _MarkedParagraphs:
    """mammoth's transform: renames Word's heading styles so the HTML carries each heading's Word
    level and whether Word numbers it itself, marks the paragraphs Word numbers as clauses of its
    heading numbering (1.1, 1.2.1 under heading 1), and leaves out Word's own table of contents."""

    def __init__(self):
        self.lost: list[Found] = []
        self.styles: dict[str, str] = {}  # each style mammoth will not know, and its first paragraph
        self.heading_list_level: int | None = None  # the list level of the last heading Word numbered
        self.in_list = False  # in an ordinary numbered list, whose deeper items are its own, not clauses

    def __call__(self, document):
        return mammoth.transforms.paragraph(self._paragraph)(document)

    def _paragraph(self, paragraph):
        style = paragraph.style_name or ""
        heading = HEADING_STYLE.fullmatch(style)
        numbering = paragraph.numbering
        if heading:
            self.heading_list_level = int(numbering.level_index) if numbering is not None else None
            numbered = " numbered" if numbering is not None else ""
            return paragraph.copy(style_name=f"policy heading {heading.group(1)}{numbered}", numbering=None)
        clause_depth = self._clause_depth(numbering) if style.lower() in PLAIN_STYLES | {""} else None
        if clause_depth:
            return paragraph.copy(style_name=f"policy clause {clause_depth}", style_id=None, numbering=None)
        if style.lower() in PLAIN_STYLES:
            return paragraph.copy(style_name=None, style_id=None)
        if CONTENTS_STYLE.fullmatch(style):
            if not any(found.what.startswith("Word's table of contents") for found in self.lost):
                self.lost.append(Found("Word's table of contents, left out: the site makes its own", ""))
            return paragraph.copy(style_name="policy contents")
        self.styles.setdefault(style, _words(mammoth.transforms.get_descendants_of_type(
            paragraph, mammoth.documents.Text)))
        return paragraph


    def _clause_depth(self, numbering) -> int | None:
        """How far below the last numbered heading a paragraph is, when Word numbers it with the
        heading's list, one level deeper or more (a clause 1.1 under heading 1); an ordinary
        numbered list under a heading starts at the list's first level."""
        if numbering is None or not numbering.is_ordered:  # a bulleted list ends no clause
            self.in_list = self.in_list and numbering is not None
            return None
        deeper = int(numbering.level_index) - (self.heading_list_level if self.heading_list_level is not None else 99)
        if self.in_list or deeper < 1:
            self.in_list = True
            return None
        return min(deeper, 8)


def _words(texts) -> str:
    return _excerpt("".join(text.value for text in texts))


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57].rstrip() + "…"


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# What mammoth leaves out or moves without a word, by the Word element that holds it.
WORD_ONLY = {
    f"{W}del": "deleted text from tracked changes, left out (accept or reject the changes in Word to be sure)",
    f"{W}ins": "text inserted with tracked changes, kept as if accepted",
    f"{W}commentReference": "a comment, left out",
    f"{W}txbxContent": "a text box: its words are put after this paragraph",
    f"{W}object": "an embedded object (a spreadsheet or other file): only its picture, if any, is kept",
    "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath": "an equation, left out",
    "{http://schemas.openxmlformats.org/drawingml/2006/chart}chart": "a chart, left out",
    "{http://schemas.openxmlformats.org/drawingml/2006/diagram}relIds": "a SmartArt diagram, left out",
}


def _what_word_had(data: bytes) -> list[Found]:
    """Page headers and footers; tracked changes, comments, text boxes, embedded objects, equations
    and charts, each with the paragraph it is in. mammoth reads the document; this only looks for what it passes over."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            root = ElementTree.fromstring(archive.read("word/document.xml"))
        except ElementTree.ParseError:
            return [Found("part of the document could not be read, so some words may be missing", "")]
        found = [Found("the page header and footer, left out: each version shows the title and record instead", "")
                 ] if any(name.startswith(("word/header", "word/footer")) and b"<w:t" in archive.read(name)
                          for name in archive.namelist()) else []
    in_boxes = {node for box in root.iter(f"{W}txbxContent") for node in box.iter()}
    for paragraph in root.iter(f"{W}p"):
        if paragraph in in_boxes:
            continue
        words = _excerpt("".join(node.text or "" for node in paragraph.iter(f"{W}t") if node not in in_boxes))
        for tag, what in WORD_ONLY.items():
            if paragraph.find(f".//{tag}") is not None and Found(what, words) not in found:
                found.append(Found(what, words))
    return found


UNRECOGNISED_STYLE = re.compile(r"Unrecognised (paragraph|run) style: (.*) \(Style ID: ")
EXPLAINED = re.compile(r"An unrecognised element was ignored: (m:oMath|o:OLEObject|w:object|c:chart)")


def _mammoth_messages(messages, marked: _MarkedParagraphs) -> list[Found]:
    """mammoth's own messages, in words, with the paragraph where it can be found."""
    found = []
    for message in messages:
        style = UNRECOGNISED_STYLE.match(message.message)
        if style:
            found.append(Found(f'the Word style "{style.group(2)}" is written as plain text',
                               marked.styles.get(style.group(2), "") if style.group(1) == "paragraph" else ""))
        elif not EXPLAINED.match(message.message):
            found.append(Found(f"Word's reader said: {message.message}", ""))
    return found


class _TreeBuilder(HTMLParser):
    """mammoth's HTML as an element tree (its HTML is simple and well nested)."""

    VOID = {"br", "img", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = ElementTree.Element("body")
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = ElementTree.SubElement(self.open[-1], tag, {name: value or "" for name, value in attrs})
        if tag not in self.VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        if tag not in self.VOID and len(self.open) > 1:
            self.open.pop()

    def handle_data(self, data):
        parent = self.open[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data


def _parse_html(text: str) -> ElementTree.Element:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def _plain(element: ElementTree.Element) -> str:
    return "".join(element.itertext())


def _paragraph_words(element: ElementTree.Element):
    """The words of each paragraph, list item and table cell in a block, each once: a list item
    or cell holding others gives only its own words before them."""
    for part in element.iter():
        if part.tag in ("p", "li", "td", "th"):
            holds_others = any(inner.tag in ("p", "li") for inner in part.iter() if inner is not part)
            yield (part.text or "") if holds_others else _plain(part)


def _bold_only(element: ElementTree.Element) -> bool:
    """A paragraph that is all bold, short and without a full stop: how many Word users make a heading."""
    words = _plain(element).strip()
    return (element.tag == "p" and 0 < len(words) <= 90 and not words.endswith((".", ":", ";", ","))
            and not (element.text or "").strip() and len(element) == 1 and element[0].tag == "strong"
            and not (element[0].tail or "").strip() and not element[0].findall(".//img"))


@dataclass
class _Block:
    """One block of the policy as read: a heading (with its Markdown level), a paragraph, a list, a
    table or a quote, and the number typed (or made by Word) at its start."""

    kind: str
    element: ElementTree.Element
    level: int = 0
    number: tuple[int, ...] | None = None
    numbered_by_word: bool = False


class _Writer:
    """Writes mammoth's HTML as the site's Markdown, noting placeholders and what it cannot carry."""

    def __init__(self, body: ElementTree.Element, title_from_file: str):
        self.placeholders: list[Found] = []
        self.lost: list[Found] = []
        self.footnotes = 0
        self.footnote_numbers: dict[str, int] = {}
        self.record: dict[str, str] = {}
        self.numbering_note = ""
        self.number_slips: list[Found] = []
        self.cross_references: list[Found] = []
        self.context = ""  # the start of the paragraph being written, for the editor's list
        children = list(body)
        notes = [child for child in children if child.tag == "ol" and
                 any(item.get("id", "").startswith(("footnote-", "endnote-")) for item in child)]
        self.notes = [item for note_list in notes for item in note_list]
        children = [child for child in children if child not in notes]
        self.title = self._take_title(children, title_from_file)
        self.placeholders += [Found(f'placeholder "{found}"', "the title") for found in PLACEHOLDER.findall(self.title)]
        self._take_record(children)
        self.blocks = self._blocks(children)

    # Reading the blocks

    def _take_title(self, children: list, title_from_file: str) -> str:
        first = next((child for child in children if child.tag != "table"), None)  # after the record table, if first
        titled = next((child for child in children if child.tag == "h1" and child.get("class") == "title"), None)
        if (titled is None and first is not None and (re.fullmatch(r"h[1-6]", first.tag) or _bold_only(first))
                and not HEADING_NUMBER.match(_first_text(first)) and first.get("class") != "numbered"):
            titled = first  # not a heading numbered 1 by Word or by hand: that is the first section
        if titled is None:
            self.lost.append(Found(f'the title: the document has none (in Word\'s Title style, or as its first line), '
                                   f'so it is taken from the file name, "{title_from_file or "Policy"}": check it, '
                                   "and the policy file's name", ""))
            return title_from_file or "Policy"
        children.remove(titled)
        return " ".join(_plain(titled).split()) or title_from_file or "Policy"

    def _take_record(self, children: list) -> None:
        """The record table many policies open with, before their first section, into the settings."""
        for child in children:
            if re.fullmatch(r"h[1-6]", child.tag):
                return
            if child.tag != "table":
                continue
            pairs = []
            for row in child.iter("tr"):
                cells = [" ".join(_plain(cell).split()) for cell in row if cell.tag in ("td", "th")]
                if len(cells) % 2:
                    return
                pairs += [(cells[at], cells[at + 1]) for at in range(0, len(cells), 2)]
            keys = [RECORD_KEY.get(label.lower().rstrip(":").strip()) for label, _ in pairs]
            # Two rows the record knows make it the record table, even with rows it has no setting for
            # ("Statutory policy", "Headteacher"): those stay in the text as a table of their own.
            if not pairs or not (all(keys) or len(set(filter(None, keys))) >= 2):
                return
            repeated = next((key for key in keys if key and keys.count(key) > 1), None)
            if repeated:  # "Date approved" and "Date ratified": one setting could hold only one of them
                labels = " and ".join(f'"{label}"' for (label, _), key in zip(pairs, keys) if key == repeated)
                self.lost.append(Found(f"the table the policy opens with, kept as a table, since {labels} would "
                                       f"both be its {repeated} setting: write the right one in the settings at "
                                       "the top", ""))
                return
            kept = ElementTree.Element("table")
            for key, (label, value) in zip(keys, pairs):
                if key is None:
                    row = ElementTree.SubElement(kept, "tr")
                    for text in (label, value):
                        ElementTree.SubElement(row, "td").text = text
                    self.lost.append(Found(f'the row "{label}" of the table the policy opens with, which the '
                                           "policy's record has no setting for: kept as a table in the text",
                                           _excerpt(f"{label}: {value}")))
                elif PLACEHOLDER.search(value):
                    self.placeholders.append(Found(f'placeholder "{value}" for "{label}", left out of the '
                                                   "settings at the top", "the table the policy opens with"))
                elif value:
                    self.record[key] = _record_value(key, value)
            if len(kept):
                children[children.index(child)] = kept
            else:
                children.remove(child)
            return

    def _blocks(self, children: list) -> list[_Block]:
        blocks: list[_Block] = []
        levels: list[int] = []  # the Word levels of the headings the current one sits in
        outer = 0  # the Word level of the last heading that was not a bold line without a number
        for child in children:
            if not _plain(child).strip() and child.find(".//img") is None:
                continue  # Word's empty lines and headings: spacing, not words
            heading = re.fullmatch(r"h([1-6])", child.tag)
            if heading or _bold_only(child):
                typed = HEADING_NUMBER.match(_first_text(child))
                if heading:
                    word_level = outer = int(heading.group(1))
                elif typed:  # "2.1 Scope" in bold: its number says how deep it is
                    word_level = outer = typed.group(1).count(".") + 1
                else:  # a bold line sits under the last heading, as do the bold lines after it
                    word_level = outer + 1
                while levels and levels[-1] >= word_level:
                    levels.pop()
                levels.append(word_level)
                blocks.append(_Block("heading", child[0] if not heading else child, min(len(levels) + 1, 6),
                                     _number(typed), child.get("class") == "numbered"))
            elif child.tag == "p" and (child.get("class") or "").startswith("clause-"):
                heading_level = next((block.level for block in reversed(blocks) if block.kind == "heading"), 1)
                blocks.append(_Block("paragraph", child, heading_level + int(child.get("class")[7:]),
                                     numbered_by_word=True))
            elif child.tag in ("p", "ul", "ol", "table", "blockquote"):
                number = _paragraph_number(_first_text(child)) if child.tag == "p" else None
                blocks.append(_Block("paragraph" if child.tag == "p" else child.tag, child, number=number))
                self.cross_references += [Found(f'"{found}"', _excerpt(words)) for words in _paragraph_words(child)
                                          for found in CROSS_REFERENCE.findall(words)]
            else:
                self.lost.append(Found(f"a part Markdown cannot hold ({child.tag})", _excerpt(_plain(child))))
        self._settle_numbers(blocks)
        return blocks

    def _settle_numbers(self, blocks: list[_Block]) -> None:
        """Numbers typed (or made by Word) either become the site's numbering, when it would give
        every one of them as it is, or stay typed in the text: never both, never lost."""
        by_word = [block for block in blocks if block.numbered_by_word]
        for block, number in zip(by_word, _outline([block.level for block in by_word])):
            block.number = number
        typed = [block for block in blocks if block.number and not block.numbered_by_word]
        if not typed and not by_word:
            return
        if all(block.number == expected for block, expected in zip(blocks, _numbering_rule(blocks))):
            self.record["numbering"] = True
            for block in typed:
                _strip_number(block.element)
            self.numbering_note = ("The numbers " + ("Word made for the headings" if by_word else "typed in the text")
                                   + " are what the site's numbering gives, so they are taken out of the text and "
                                     "numbering: true turns the site's numbering on.")
            return
        for block in by_word:
            block.element.text = ".".join(map(str, block.number)) + " " + (block.element.text or "")
        for before, block in zip(typed, typed[1:]):
            if block.number not in _next_numbers(before.number):
                self.number_slips.append(Found(
                    f"the typed numbers go from {'.'.join(map(str, before.number))} to "
                    f"{'.'.join(map(str, block.number))}: check in Word whether a part is missing, or correct the "
                    "number", _excerpt(_plain(block.element))))
        self.numbering_note = (
            ("Word numbered the headings itself; those numbers are typed into the headings" + (
                " and the paragraphs it numbered with them" if any(block.kind == "paragraph" for block in by_word)
                else "") if by_word else
             "The numbers typed in the text are kept as they are")
            + ", since the site's numbering would number the policy differently (every section, sub-section and "
              "paragraph outside lists and tables, in order): numbering is left off. To let the site number it "
              "instead, delete the typed numbers and add numbering: true (EDITING.md, \"Number the sections and "
              "clauses\"), before you first build it.")

    # Writing Markdown

    def markdown(self, picture_folder: str) -> str:
        self.picture_folder = picture_folder
        settings = {"title": self.title, **self.record}
        lines = ["---", *(f"{key}: {_yaml(value)}" for key, value in settings.items()), "---", "",
                 f"# {_escape(self.title)}", ""]
        for block in self.blocks:
            lines += [self._block(block), ""]
        for note in self.notes:
            number = self.footnote_numbers.get(note.get("id", ""))
            if number is None:
                continue
            self.context = _excerpt(_plain(note))
            for back_link in note.iter("a"):
                if back_link.get("href", "").startswith(("#footnote-ref-", "#endnote-ref-")):
                    back_link.clear()
            paragraphs = [self._inline(part).strip() for part in note if part.tag == "p"] or [self._inline(note)]
            lines += [f"[^{number}]: " + "\n\n    ".join(paragraphs), ""]
        return "\n".join(lines).rstrip() + "\n"

    def _block(self, block: _Block) -> str:
        element = block.element
        self.context = _excerpt(_plain(element))
        if block.kind == "heading":  # Word's headings are often bold as well: the heading says enough
            for bold in element.iter("strong"):
                bold.tag = "span"
            return "#" * block.level + " " + " ".join(self._inline(element).split())
        if block.kind == "paragraph":
            return _escape_line_starts(self._inline(element))
        if block.kind == "blockquote":
            text = "\n\n".join(_escape_line_starts(self._inline(part)) for part in element)
            return "\n".join(("> " + line).rstrip() for line in text.split("\n"))
        if block.kind == "table":
            return self._table(element)
        return self._list(element, 0)

    def _list(self, element: ElementTree.Element, depth: int) -> str:
        lines = []
        for number, item in enumerate((child for child in element if child.tag == "li"), start=1):
            marker = f"{number}. " if element.tag == "ol" else "- "
            nested = [child for child in item if child.tag in ("ul", "ol")]
            for child in nested:
                item.remove(child)
            self.context = _excerpt(_plain(item))
            words = " ".join(_escape_line_starts(self._inline(item)).split("\n")).strip()
            if words:
                lines.append("    " * depth + marker + words)
            # Word can number an empty line above a deeper list: that list then stands at this level.
            lines += [self._list(child, depth + 1 if words else depth) for child in nested]
        return "\n".join(lines)

    def _table(self, element: ElementTree.Element) -> str:
        rows = [[cell for cell in row if cell.tag in ("td", "th")] for row in element.iter("tr")]
        width = max((sum(int(cell.get("colspan", "1")) for cell in row) for row in rows), default=1)
        text_rows = []
        for row in rows:
            cells = []
            # The row's words, so a placeholder in a cell ("<insert name>") can be found in the table
            self.context = _excerpt(" | ".join(" ".join(_plain(cell).split()) for cell in row))
            for cell in row:
                if cell.get("colspan") not in (None, "1") or cell.get("rowspan") not in (None, "1"):
                    self._lose("merged table cells, written as separate cells")
                if len([part for part in cell if part.tag in ("p", "ul", "ol")]) > 1 or cell.find(".//li") is not None:
                    self._lose("a table cell with several paragraphs or a list, written on one line")
                cells.append(" ".join(self._one_line(cell).split()).replace("|", "\\|"))
                cells += [""] * (int(cell.get("colspan", "1")) - 1)
            text_rows.append(cells + [""] * (width - len(cells)))
        first = rows[0] if rows else []
        has_header = first and (all(cell.tag == "th" for cell in first) or all(_bold_only_cell(cell) for cell in first))
        if has_header or width > 2:
            header, text_rows = text_rows[0], text_rows[1:]
        else:  # a key/value table: an empty header row, which the site shows without a header
            header = [""] * width
        lines = [_row(header), _row(["---"] * width), *(_row(row) for row in text_rows)]
        return "\n".join(lines)

    def _one_line(self, element: ElementTree.Element) -> str:
        """A table cell's paragraphs and list items on one line, as a Markdown table needs."""
        parts = [child for child in element if child.tag in ("p", "ul", "ol", "li", "blockquote")]
        if not parts:
            return self._inline(element)
        for part in parts:
            element.remove(part)
        return " ".join([self._inline(element), *(self._one_line(part) for part in parts)])

    def _lose(self, what: str) -> None:
        found = Found(what, self.context)
        if found not in self.lost:
            self.lost.append(found)

    def _inline(self, element: ElementTree.Element) -> str:
        """The Markdown of an element's words and inline parts, with placeholders marked."""
        parts = [self._text(element.text or "")]
        for child in element:
            parts.append(self._inline_child(child))
            parts.append(self._text(child.tail or ""))
        return "".join(parts)

    def _inline_child(self, child: ElementTree.Element) -> str:
        tag = child.tag
        if tag == "br":
            return "  \n"
        if tag == "img":
            alt = child.get("alt", "").strip()
            if not child.get("src"):
                return ""
            if not alt:
                self._lose(f"{child.get('src')} has no description: write what the picture shows between the [ ]")
            return f"![{_escape(' '.join(alt.split()))}]({self.picture_folder}/{child.get('src')})"
        if tag == "sup" and len(child) == 1 and child[0].tag == "a" and child[0].get("href", "").startswith(
                ("#footnote-", "#endnote-")):
            self.footnotes += 1
            self.footnote_numbers[child[0].get("href")[1:]] = self.footnotes
            return f"[^{self.footnotes}]"
        placeholders = len(self.placeholders)
        inner = self._inline(child)
        if tag == "mark":  # highlighted, as templates mark what each school fills in: shown in [ ]
            if len(self.placeholders) > placeholders and re.fullmatch(r"\\\[.*\\\]", inner.strip()):
                return inner
            self.placeholders.append(Found(f'highlighted text "{_plain(child).strip()}"', self.context))
            return f"\\[{inner}\\]"
        if not inner.strip():
            return inner
        if tag in ("strong", "em"):
            mark = "**" if tag == "strong" else "*"
            lead, core, trail = re.fullmatch(r"(\s*)(.*?)(\s*)", inner, re.DOTALL).groups()
            return f"{lead}{mark}{core}{mark}{trail}"
        if tag == "a":
            href = child.get("href", "")
            if href.startswith(("http://", "https://", "mailto:")):
                # Spaces, brackets, quotes and < > written %-encoded, as browsers send them: Markdown
                # would read them as the address's end or title, and lose the rest of it.
                return f"[{inner}]({quote(href, safe=ADDRESS_CHARACTERS)})"
            if href.startswith("#"):
                self._lose("a link to a place inside the Word document, kept as its words")
            elif href:
                self._lose(f'a link to "{href}", which is not a web or e-mail address, kept as its words')
        return inner

    def _text(self, text: str) -> str:
        """Words as Markdown shows them as they are, with placeholders found, listed and kept."""
        out = []
        at = 0
        for match in PLACEHOLDER.finditer(text):
            out.append(_escape(text[at:match.start()]))
            found = match.group(0)
            self.placeholders.append(Found(f'placeholder "{found}"', self.context))
            out.append(_escape(found) if found.startswith(("[", "X")) else f"\\[{_escape(found.strip('<>'))}\\]")
            at = match.end()
        out.append(_escape(text[at:]))
        return "".join(out)


def _bold_only_cell(cell: ElementTree.Element) -> bool:
    parts = [part for part in cell if part.tag == "p"] or [cell]
    return all(_bold_only(part) if part.tag == "p" else False for part in parts)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _first_text(element: ElementTree.Element) -> str:
    """The element's first piece of text, where a typed number would be."""
    node = element
    while node is not None:
        if (node.text or "").strip() or not len(node):
            return node.text or ""
        node = node[0]
    return ""


def _strip_number(element: ElementTree.Element) -> None:
    node = element
    while (node.text or "").strip() == "" and len(node):
        node = node[0]
    node.text = HEADING_NUMBER.sub("", node.text or "", count=1)


def _paragraph_number(text: str) -> tuple[int, ...] | None:
    """The number typed at the start of a paragraph, unless it is a quantity ("2.5 hours")."""
    typed = PARAGRAPH_NUMBER.match(text)
    return None if typed and is_quantity(typed.group(1), text[typed.end():]) else _number(typed)


def _number(match: re.Match | None) -> tuple[int, ...] | None:
    return tuple(int(part) for part in match.group(1).strip(".").split(".")) if match else None


def _next_numbers(number: tuple[int, ...]) -> set[tuple[int, ...]]:
    """What may follow a number: one level down (2.2.1 after 2.2), or the next at its level or one
    above it (2.2.2, 2.3 or 3 after 2.2.1)."""
    return {number + (1,)} | {number[:depth - 1] + (number[depth - 1] + 1,) for depth in range(1, len(number) + 1)}


def _outline(levels: list[int]) -> list[tuple[int, ...]]:
    """The numbers Word shows on numbered headings at these levels: 1, 1.1, 1.2, 2…"""
    counts: list[int] = []
    numbers = []
    for level in levels:
        depth = level - 1
        counts = counts[:depth] + [0] * (depth - len(counts))
        counts[depth - 1] += 1
        numbers.append(tuple(counts))
    return numbers


def _numbering_rule(blocks: list[_Block]) -> list[tuple[int, ...] | None]:
    """The number `numbering: true` gives each block: each ## section (not an appendix) the next top
    number; each heading and paragraph directly inside a section the next number one level down;
    lists, tables and quotes none, nor anything before the first section or in an appendix."""
    counts: list[int] = []
    depth = 0  # how deep the current section is: 1 for ##, 2 for ###…; 0 before the first, -1 in an appendix
    numbers: list[tuple[int, ...] | None] = []
    for block in blocks:
        if block.kind == "heading" and block.level == 2:
            depth = -1 if APPENDIX.match(_plain(block.element)) else 1
        elif block.kind == "heading" and depth > 0:
            depth = block.level - 1
        if block.kind not in ("heading", "paragraph") or depth <= 0:
            numbers.append(None)
            continue
        at = depth if block.kind == "heading" else depth + 1
        counts = counts[:at] + [0] * (at - len(counts))
        counts[at - 1] += 1
        numbers.append(tuple(counts))
    return numbers


def _record_value(key: str, value: str):
    """A record value as the site reads it: dates written 14/03/2024 as 2024-03-14, review cycles in
    the site's words, the rest as written."""
    if key == "review" and value.lower() in REVIEW_CYCLES:
        return REVIEW_CYCLES[value.lower()]
    day = DAY_MONTH_YEAR.fullmatch(value)
    if key in DATE_SETTINGS and day:
        try:
            year = int(day.group(4))
            return datetime.date(year + 2000 if year < 100 else year, int(day.group(3)), int(day.group(1)))
        except ValueError:
            pass
    return value


def _yaml(value) -> str:
    """A setting's value in YAML: dates and true as themselves, every editor's word as a quoted string."""
    if value is True:
        return "true"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _escape(text: str) -> str:
    """Word's words with every character Markdown would read as markup escaped."""
    return "".join(INLINE_MARKUP.get(char, char) for char in ENTITY.sub("&amp;", text))


def _escape_line_starts(text: str) -> str:
    """A ">", "-", "1." or "!!!" that starts a line of a paragraph is Word's text, not a quote, a list or
    a note; and spaces before a line would make it code."""
    return "\n".join(LINE_START_MARKUP.sub(lambda match: "\\" + match.group(1) if match.group(1)
                                           else match.group(2) + "\\", line.lstrip(" \t"), count=1)
                     for line in text.split("\n"))
