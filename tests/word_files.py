"""Word documents written as Word users write them, for the import tests (python-docx, with the few
parts it cannot write, such as footnotes, added as Word stores them)."""

from __future__ import annotations

import io

import docx
import segno
from docx.enum.text import WD_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
BULLETS, NUMBERS = "90", "91"  # lists of several levels, as Word makes them


class WordDocument:
    """A .docx built a paragraph at a time."""

    def __init__(self):
        self.document = docx.Document()
        self.footnotes: list[str] = []
        numbering = self.document.part.numbering_part.element
        for number, kind in ((BULLETS, "bullet"), (NUMBERS, "decimal")):
            levels = "".join(f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{kind}"/>'
                             f'<w:lvlText w:val="%{level + 1}."/></w:lvl>' for level in range(3))
            numbering.insert(0, parse_xml(f'<w:abstractNum {W} w:abstractNumId="{number}">{levels}</w:abstractNum>'))
            numbering.append(parse_xml(f'<w:num {W} w:numId="{number}"><w:abstractNumId w:val="{number}"/></w:num>'))

    def title(self, text: str) -> "WordDocument":
        self.document.add_paragraph(text, style="Title")
        return self

    def heading(self, text: str, level: int, numbered: bool = False) -> "WordDocument":
        paragraph = self.document.add_heading(text, level)
        if numbered:
            self._number(paragraph, NUMBERS, level - 1)
        return self

    def paragraph(self, *parts, style: str | None = None) -> "WordDocument":
        """Parts are text, or (text, "bold" / "italic" / "highlight") pairs."""
        paragraph = self.document.add_paragraph(style=style)
        for part in parts:
            text, how = part if isinstance(part, tuple) else (part, "")
            run = paragraph.add_run(text)
            run.bold = how == "bold" or None
            run.italic = how == "italic" or None
            if how == "highlight":
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        return self

    def bold_line(self, text: str) -> "WordDocument":
        return self.paragraph((text, "bold"))

    def list_item(self, text: str, level: int = 0, numbered: bool = False) -> "WordDocument":
        paragraph = self.document.add_paragraph(text, style="List Paragraph")
        self._number(paragraph, NUMBERS if numbered else BULLETS, level)
        return self

    def table(self, rows: list[list[str]], bold_first_row: bool = False) -> "WordDocument":
        table = self.document.add_table(rows=len(rows), cols=len(rows[0]))
        for row, values in zip(table.rows, rows):
            for cell, value in zip(row.cells, values):
                cell.text = value
                if bold_first_row and row is table.rows[0]:
                    cell.paragraphs[0].runs[0].bold = True
        return self

    def link(self, before: str, text: str, address: str) -> "WordDocument":
        paragraph = self.document.add_paragraph(before)
        relationship = self.document.part.relate_to(address, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        paragraph._p.append(parse_xml(
            f'<w:hyperlink {W} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
            f'r:id="{relationship}"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>'))
        return self

    def footnote(self, text: str, note: str) -> "WordDocument":
        self.footnotes.append(note)
        paragraph = self.document.add_paragraph(text)
        paragraph._p.append(parse_xml(f'<w:r {W}><w:footnoteReference w:id="{len(self.footnotes)}"/></w:r>'))
        return self

    def picture(self, description: str) -> "WordDocument":
        image = io.BytesIO()
        segno.make("Oakfield").save(image, kind="png", scale=4)
        image.seek(0)
        self.document.add_picture(image)
        self.document.inline_shapes[-1]._inline.docPr.set("descr", description)
        return self

    def deleted(self, kept: str, deleted: str) -> "WordDocument":
        """A paragraph with a tracked deletion that was never accepted or rejected."""
        paragraph = self.document.add_paragraph(kept)
        paragraph._p.append(parse_xml(f'<w:del {W} w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r>'
                                      f'<w:delText>{deleted}</w:delText></w:r></w:del>'))
        return self

    def commented(self, text: str, comment: str) -> "WordDocument":
        paragraph = self.document.add_paragraph(text)
        self.document.add_comment(paragraph.runs, text=comment, author="Head")
        return self

    def text_box(self, text: str, boxed: str) -> "WordDocument":
        """A paragraph with a text box in it, as Word stores one for older readers."""
        paragraph = self.document.add_paragraph(text)
        paragraph._p.append(parse_xml(
            f'<w:r {W} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>'
            f"<w:t>{boxed}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"))
        return self

    def _number(self, paragraph, number: str, level: int) -> None:
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="{number}"/></w:numPr>'))

    def save(self, path) -> None:
        if self.footnotes:
            notes = "".join(f'<w:footnote w:id="{number}"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
                            f"</w:p></w:footnote>" for number, text in enumerate(self.footnotes, start=1))
            part = Part(PackURI("/word/footnotes.xml"),
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                        f"<w:footnotes {W}>{notes}</w:footnotes>".encode(), self.document.part.package)
            self.document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        self.document.save(str(path))
