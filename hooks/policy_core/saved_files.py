"""What a file an editor saved must be before anything reads it.

Word and Notepad may save text in another encoding, and copying from other programs brings
invisible characters. The readers behind the build (Python, YAML, Python-Markdown, MkDocs) meet
these with a traceback; here each becomes a message with the file, the line and the fix.
"""

from __future__ import annotations

import codecs
import re

from .errors import PolicyError

UTF8_FIX = ("save it as UTF-8 (in Word: Save As, Plain Text, Unicode UTF-8; in Notepad: Save As, "
            "Encoding UTF-8), then build again.")
# The marks other encodings put at the start of a file; UTF-32's first, as they begin like UTF-16's.
OTHER_ENCODINGS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                   (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))
# Invisible characters that no page should hold: all controls but tab, new line and carriage return.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def read_text(file: str, data: bytes) -> tuple[str | None, list[PolicyError]]:
    """The file's text, if it is UTF-8 (with or without the mark Notepad puts first) and holds no
    invisible control characters; else why not."""
    encoding = next((name for mark, name in OTHER_ENCODINGS if data.startswith(mark)), None)
    if encoding or _looks_like_utf16(data):
        return None, [PolicyError(file, 1, f"The file is saved as {encoding or 'UTF-16'} text, which the site "
                                           "cannot read.", UTF8_FIX)]
    try:
        text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")  # as Python reads text
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        return None, [PolicyError(file, line, "This line has a character that is not saved as UTF-8: the file was "
                                              "probably saved as Windows-1252 (ANSI), as Word and Notepad may do.",
                                  UTF8_FIX)]
    lines = [number for number, line in enumerate(text.split("\n"), start=1) if CONTROL_CHARACTER.search(line)]
    if lines:
        others = f"; {len(lines) - 1} more lines hold one too." if len(lines) > 1 else "."
        code = ord(CONTROL_CHARACTER.search(text).group())
        return None, [PolicyError(
            file, lines[0], f"This line holds an invisible control character (U+{code:04X}), which a web page "
                            "cannot show" + others,
            "retype the words around it: the character cannot be seen, so delete those words and type them again.")]
    return text, []


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without its mark: every other byte of plain English text is zero."""
    sample = data[:200]
    return len(sample) >= 4 and max(sample[0::2].count(0), sample[1::2].count(0)) > len(sample) // 4

