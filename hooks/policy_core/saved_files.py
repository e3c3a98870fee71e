"""What a file an editor saved must be before anything reads it.

Word and Notepad may save text in another encoding, copying from other programs brings invisible
characters, and nothing stops a list nested hundreds deep or a shortcut that leads out of the
docs folder. The readers behind the build (Python, YAML, Python-Markdown, MkDocs) meet these with
a traceback or, worse, read the whole disk; here each becomes a message with the file, the line
and the fix.
"""

from __future__ import annotations

import codecs
import os
import re

import yaml

from .errors import PolicyError

UTF8_FIX = ("save it as UTF-8 (in Word: Save As, Plain Text, Unicode UTF-8; in Notepad: Save As, "
            "Encoding UTF-8), then build again.")
# The marks other encodings put at the start of a file; UTF-32's first, as they begin like UTF-16's.
OTHER_ENCODINGS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                   (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))
# Invisible characters that no page should hold: all controls but tab, new line and carriage return.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Python-Markdown reads each level of a list or quote by calling itself again, and stops with a
# traceback a few hundred levels down; no policy needs more than a handful.
MOST_LEVELS = 10
MOST_SETTING_LEVELS = 20
YAML_OPENS = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken,
              yaml.FlowSequenceStartToken)
YAML_CLOSES = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


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


def settings_shape_errors(file: str, text: str, first_line: int) -> list[PolicyError]:
    """Settings (YAML) the YAML reader should not be given: anchors and aliases, with which a few
    lines can stand for billions of values, and settings nested deeper than any school needs,
    which stop the reader with a traceback. `first_line` is the line of the file `text` starts on."""
    lines = text.split("\n")
    # Each level of block nesting is at least one more column of spaces, "- " or "? " at a line's start.
    deepest_indent = max((len(line) - len(line.lstrip(" -?")) for line in lines), default=0)
    if "&" not in text and "*" not in text and \
            deepest_indent + 1 + text.count("[") + text.count("{") <= MOST_SETTING_LEVELS:
        return []  # no anchor or alias, and no way to nest so deep: nothing to scan for
    depth = 0
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            line = first_line + token.start_mark.line
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                return [PolicyError(file, line, "The settings use a YAML anchor or alias (a value starting with "
                                                "& or *), which the site does not accept.",
                                    "write the value out in full; if it is text that starts with & or *, put it "
                                    'in double quotes: "*Draft*".')]
            depth += isinstance(token, YAML_OPENS) - isinstance(token, YAML_CLOSES)
            if depth > MOST_SETTING_LEVELS:
                return [PolicyError(file, line, f"The settings are nested more than {MOST_SETTING_LEVELS} levels "
                                                "deep (lists or settings inside each other).",
                                    "write the setting as in the examples in EDITING.md: most settings are one "
                                    "line, and lists go at most two levels deep.")]
    except yaml.YAMLError:
        return []  # the YAML reader itself reports what it cannot read, at its line
    return []


def nesting_errors(file: str, lines) -> list[PolicyError]:
    """The first of `lines` (line number, text) nested more than MOST_LEVELS deep: each four spaces
    (or a tab) of indent is a level of list or note, and each > a level of quote."""
    for number, line in lines:
        if line[:1] not in (" ", "\t", ">"):
            continue  # at the left edge: one level
        indent = line.expandtabs(4)
        text = indent.lstrip()
        quotes = len(re.match(r"[> ]*", text).group(0).replace(" ", ""))
        levels = 1 + (len(indent) - len(text)) // 4 + quotes
        if levels > MOST_LEVELS and text.strip("> "):
            return [PolicyError(file, number, f"This line is nested {levels} levels deep (lists inside lists, notes "
                                              f"inside notes or quotes inside quotes); the site reads at most "
                                              f"{MOST_LEVELS}.",
                                "bring it out to a level above: start a new list, or split the list under a "
                                "heading (## Heading).")]
    return []


def link_errors(folder: str) -> list[PolicyError]:
    """Each shortcut (symbolic link) in `folder` that leads outside it, to nothing, or back to a
    folder it sits in. MkDocs follows them when it lists the site's files: a link to / would have it
    read the whole disk, and a loop repeat the folder until the system refuses."""
    root = os.path.realpath(folder)
    errors = []
    for place, folders, files in os.walk(folder):  # without following links
        for name in sorted(folders + files):
            path = os.path.join(place, name)
            if not os.path.islink(path):
                if name in files and not os.path.isfile(path):  # a named pipe or a device: reading it never ends
                    errors.append(PolicyError(os.path.relpath(path), 1, "This is not a file but a pipe or a "
                                              "device, which the build would wait on for ever.",
                                              "delete it, or move it out of the docs folder."))
                continue
            target = os.path.realpath(path)
            if not os.path.exists(path):
                problem = "leads nowhere: what it points to is missing, or links point round in a circle"
            elif not _within(target, root):
                problem = f'leads outside the docs folder, to "{target}"'
            elif _within(os.path.realpath(place), target):
                problem = "leads back to a folder it sits in, so the site's files would never end"
            else:
                continue
            errors.append(PolicyError(os.path.relpath(path), 1, f"This shortcut (symbolic link) {problem}.",
                                      "replace it with the real file or folder (a copy), or delete it."))
    return errors


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
