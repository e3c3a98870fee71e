"""Documents attached to a policy: a complaint form, a risk-assessment template. They are the
files in the folder named after the policy (`docs/policies/complaints/` for `complaints.md`),
listed on every version of it. Only document types are attached: a file a browser would run as
part of the site (a web page, an SVG picture, a script) could do anything a page of the site can.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import quote

from .errors import PolicyError

# The types a school attaches, by ending, and how a reader is told what each is.
ATTACHMENT_TYPES = {"pdf": "PDF", "docx": "Word document", "doc": "Word document", "xlsx": "Excel spreadsheet",
                    "xls": "Excel spreadsheet", "odt": "OpenDocument text", "ods": "OpenDocument spreadsheet",
                    "pptx": "PowerPoint presentation", "csv": "CSV spreadsheet", "txt": "Text file",
                    "png": "PNG picture", "jpg": "JPEG picture", "jpeg": "JPEG picture"}
LARGEST = 20 * 1024 * 1024  # larger than any form; a parent on a phone would wait minutes for it
# Characters that turn the text after them to run right to left: a name holding one shows readers
# other letters than it has ("Form‮fdp.exe" reads as "Formexe.pdf"), the old trick for disguising a file.
DIRECTION_CHANGES = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
SAVE_AS = "save it as PDF (in Word: File, Save As, PDF) and attach the PDF"


@dataclass(frozen=True)
class Attachment:
    """One attached document: its file name as saved, and its size in bytes."""

    slug: str  # the policy it belongs to
    file_name: str
    size: int

    @property
    def name(self) -> str:
        """The name a reader sees: the file's name without its ending."""
        return self.file_name.rsplit(".", 1)[0]

    @property
    def kind(self) -> str:
        return ATTACHMENT_TYPES[_ending(self.file_name)]

    @property
    def size_text(self) -> str:
        """As a file manager shows it: 84 KB, 1.2 MB; never 0 KB for a small file."""
        if self.size < 1024 * 1024:
            return f"{max(1, math.ceil(self.size / 1024))} KB"
        return f"{self.size / (1024 * 1024):.1f} MB"

    @property
    def path(self) -> str:
        """Its address from the site's root, written for a link: spaces, #, % and the like encoded."""
        return f"policies/{self.slug}/{quote(self.file_name)}"


def read_attachment(slug: str, file_name: str, size: int, shown: str, written_by_site: set[str],
                    ) -> tuple[Attachment | None, list[PolicyError]]:
    """The file `file_name` in policy `slug`'s folder as an attachment, or why it cannot be one.
    `written_by_site` are the names of the files the site writes in that folder itself."""
    folder = f"docs/policies/{slug}/"
    if file_name.startswith("~$"):
        return None, [PolicyError(shown, 1, f'"{file_name}" is the file Word keeps while a document is open, '
                                            "not a document to attach.",
                                  "close the document in Word, then delete this file if it is still there.")]
    if file_name.startswith("."):
        return None, [PolicyError(shown, 1, f'"{file_name}" is a hidden file (one that computers make for '
                                            "themselves, or a copy being saved), not a document to attach.",
                                  "delete it; if it is a document, give it a name that does not start with a dot.")]
    if DIRECTION_CHANGES & set(file_name):
        return None, [PolicyError(shown, 1, f'The attached "{file_name}" has a hidden character in its name that '
                                            "turns the letters after it backwards, so readers would see another "
                                            "name than the file has.",
                                  "rename the file, typing its whole name again rather than pasting it.")]
    if file_name.lower() in written_by_site:
        return None, [PolicyError(shown, 1, f'The attached "{file_name}" has the name of a file the site makes in '
                                            f"{folder} itself (the policy's page, QR code or PDF), so one would "
                                            "replace the other.",
                                  f"give it another name: the site itself makes {', '.join(sorted(written_by_site))} "
                                  "in that folder.")]
    ending = _ending(file_name)
    if ending not in ATTACHMENT_TYPES:
        kinds = ", ".join(dict.fromkeys(f".{each}" for each in ATTACHMENT_TYPES))
        return None, [PolicyError(shown, 1, f'"{file_name}" is not a type of document the site attaches to a '
                                            "policy: a web page, SVG picture, script or program would run as "
                                            "part of the site, and other types may not open for readers.",
                                  f"{SAVE_AS}. The site attaches {kinds}.")]
    if size == 0:
        return None, [PolicyError(shown, 1, f'The attached "{file_name}" is empty: it was not saved or copied '
                                            "in full.", f"copy the document into {folder} again.")]
    if size > LARGEST:
        return None, [PolicyError(shown, 1, f'The attached "{file_name}" is {size / (1024 * 1024):.0f} MB, more '
                                            f"than the {LARGEST // (1024 * 1024)} MB a reader can be asked to "
                                            "download, on a phone as much as anywhere.",
                                  "make it smaller: save it as PDF with \"Minimum size\" (in Word: Save As, PDF, "
                                  "Minimum size), or scan it at a lower resolution.")]
    return Attachment(slug, file_name, size), []


def _ending(file_name: str) -> str:
    return file_name.rsplit(".", 1)[1].lower() if "." in file_name else ""
