"""Reading a policy file: its front matter, its body, and where things are in it.

Python-Markdown keeps no line numbers, so `SourceLines` finds the line of a tag or a piece of
text in the file itself, for error messages.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date

import yaml

from .audiences import Audiences, split_keys
from .errors import PolicyError
from .saved_files import nesting_errors, settings_shape_errors

# The same front matter block MkDocs accepts: '---' lines around YAML at the very top.
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"`+[^`]*`+")
TAG = re.compile(r"\{:?([^{}\n]*)\}")
AUDIENCE_VALUE = re.compile(r"""\b(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s}]*))""")
# audience="…", audience='…', or audience=key followed by nothing but the tag's other parts.
WELL_FORMED_AUDIENCE = re.compile(r"""(?<![\w.#-])audience=(?:"[^"]*"|'[^']*'|[\w-]+(?=\s*(?:\Z|[#.]|[\w-]+=)))""")
# Spaces that Word and web pages paste, which Markdown does not read as spaces.
PASTED_SPACE = re.compile("[\u00a0\u200b\u2000-\u200a\u202f\u205f\u3000\ufeff]")
# Characters that show nothing, which Word and web pages can leave inside a word.
INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
# The word audience in a tag, in any case (Audience= is not read either); not .audience-note or #audience.
AUDIENCE_WORD = re.compile(r"(?<![\w.#-])audience(?![\w-])", re.IGNORECASE)
# audience="… (a value in quotes, as a tag has it; not ?audience= in a web address) where it is not
# inside a tag the site can read: after \{, &#123; or a full-width brace, or with no brace at all.
AUDIENCE_ASSIGNMENT = re.compile(r"(?<![\w.#?&/=-])audience\s*=\s*[\"'“”‘’]", re.IGNORECASE)
# A table row's line (| at its start, after any indent or quote's >) ending with a tag after its last |.
TAG_AFTER_TABLE_ROW = re.compile(r"[ \t>]*\|.*\|[ \t]*\{:?[^{}\n]*(?<![\w.#-])audience[^{}\n]*\}[ \t]*\Z",
                                 re.IGNORECASE)
# Lines that a tag alone on the line under them does not tag, as it tags a paragraph's: a heading, a
# line across the page, a note's first line, an HTML comment. (Nor fenced code, which is not prose.)
NOT_TAGGED_FROM_BELOW = re.compile(r"\s*(?:#{1,6}(?:[ \t]|\Z)|(?:[-*_][ \t]*){3,}\Z|!!!|\?\?\?|<!--)")
# A setting's line, and the lines that can follow it inside settings.
SETTING_LINE = re.compile(r"[a-z_][\w-]*:(?:[ \t].*)?\Z")
SETTING_GOES_ON = re.compile(r"(?:[A-Za-z_][\w-]*:(?:[ \t].*)?|[ \t]+\S.*|[ \t]*-(?:[ \t].*)?|[ \t]*)\Z")


def settings_without_opening(text: str) -> bool:
    """Lines of settings ("title: …", and the indented or "- " lines under them) down to a '---'
    line, with no '---' line above them. Read line by line: a pattern over the whole text took
    minutes on a long list of settings."""
    lines = text.lstrip().split("\n")
    if not SETTING_LINE.match(lines[0]):
        return False
    for line in lines[1:]:
        if re.fullmatch(r"-{3}[ \t]*", line):
            return True
        if not SETTING_GOES_ON.match(line):
            return False
    return False


# An HTML comment: an editor's note, never shown.
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# A name that becomes part of a web address: a policy's file name, a clause's id.
WEB_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\Z")


def badly_written_tag(tag_text: str) -> bool:
    """A tag that mentions audience but not once as audience="…", which attr_list would misread:
    spaces around "=", no value, a colon, keys not in quotes, audience twice, or a space pasted
    from Word (non-breaking or invisible) that attr_list does not read as a space."""
    mentions = len(AUDIENCE_WORD.findall(INVISIBLE.sub("", tag_text)))
    return mentions > 0 and (mentions > 1 or not WELL_FORMED_AUDIENCE.search(tag_text)
                             or bool(PASTED_SPACE.search(tag_text)))


class FrontMatterLoader(yaml.SafeLoader):
    """YAML as usual, except that numbers stay as they are written: "version: 1.10" is the text
    1.10, not the number 1.1. No setting of a policy is a number."""


def _settings_once_each(loader: FrontMatterLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    """A setting written twice would silently take its last value (a second "audiences:" line
    could send a staff-only policy to parents): refuse it at its second line."""
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if isinstance(key, str) and key in seen:
            raise yaml.constructor.ConstructorError(None, None, f'the setting "{key}" is written twice',
                                                    key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


FrontMatterLoader.construct_mapping = _settings_once_each
FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers
            if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


@dataclass
class PolicySource:
    """One policy file as the editor wrote it."""

    file: str
    slug: str
    text: str
    meta: dict = field(default_factory=dict)
    body: str = ""
    lines: SourceLines | None = None


def read_policy_source(file: str, slug: str, text: str) -> tuple[PolicySource, list[PolicyError]]:
    text = text.replace("\r\n", "\n")
    match = FRONT_MATTER.match(text)
    body_start = text.count("\n", 0, match.end()) + 1 if match else 1
    source = PolicySource(file=file, slug=slug, text=text, body=text, lines=SourceLines(text, body_start))
    shape_errors = page_shape_errors(file, text, source.lines)
    if shape_errors:
        return source, shape_errors
    if not match and re.match(r"[ \t]*\n\s*-{3}[ \t]*\n", text):
        return source, [PolicyError(
            file, 1, "The settings at the top (front matter) do not start on the first line, so they would "
                     "show as text and be ignored.",
            "delete the empty lines above the first '---' line.")]
    if not match:
        if re.match(r"-{3}[ \t]*\n", text):
            return source, [PolicyError(
                file, 1, "The front matter (the settings at the top) has no closing '---' line.",
                "add a line of three dashes (---) after the last setting, before the policy's text.")]
        if settings_without_opening(text):
            return source, [PolicyError(
                file, 1, "The settings at the top (front matter) have no opening '---' line, so every version "
                         "would show them as text and the site would ignore them.",
                "add a line of three dashes (---) above the first setting, so that the settings sit between "
                "two '---' lines.")]
        return source, []
    source.body = text[match.end():]
    try:
        meta = yaml.load(match.group(1), Loader=FrontMatterLoader)
    except ValueError as error:  # a date that does not exist, such as 2025-02-30
        line, value = impossible_date(match.group(1))
        return source, [PolicyError(
            file, line, f"The date {value} does not exist ({error}).",
            "write a real date as YYYY-MM-DD, for example 2025-02-28.")]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(error, "problem", None) or "it cannot be read"
        return source, [PolicyError(
            file, line, f"The front matter (the settings between the '---' lines) is not valid YAML: {problem}.",
            'write one setting per line as "name: value"; put quotes around values that contain a colon, '
            "and indent list items under their setting.")]
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return source, [PolicyError(file, 2, "The front matter is not a list of settings.",
                                    'write one setting per line as "name: value", for example "title: Social Media Policy".')]
    source.meta = meta
    return source, []


def page_source(file: str, text: str) -> PolicySource:
    """A page that is not a policy, read only to check it for tags: MkDocs reads its settings."""
    source, _ = read_policy_source(file, "", text)
    return source


def page_shape_errors(file: str, text: str, lines: SourceLines) -> list[PolicyError]:
    """What would stop the YAML or Markdown reader of any page with a traceback or without end:
    front matter with anchors or nested too deep, and text nested too deep."""
    match = FRONT_MATTER.match(text)
    if match and (errors := settings_shape_errors(file, match.group(1), 2)):
        return errors
    body_line = text.count("\n", 0, match.end()) + 1 if match else 1
    return nesting_errors(file, [(number, line) for number, line in lines.prose if number >= body_line])


def impossible_date(front_matter: str) -> tuple[int, str]:
    """The line and text of the first date in the front matter that is not on the calendar."""
    for number, line in enumerate(front_matter.split("\n"), start=2):
        for value in re.findall(r"\b\d{4}-\d{1,2}-\d{1,2}\b", line):
            try:
                date.fromisoformat("-".join(part.zfill(2) for part in value.split("-")))
            except ValueError:
                return number, value
    return 2, "in the settings"


def read_policy_audiences(source: PolicySource, declared: Audiences) -> tuple[tuple[str, ...], list[PolicyError]]:
    """Who the policy is for: the audiences its front matter `audiences` names (a group standing for
    its audiences), or every declared audience that is not opt-in."""
    line = source.lines.setting_line("audiences")
    if "audiences" not in source.meta:
        if declared.unless_named:
            return declared.unless_named, []
        return (), [PolicyError(source.file, line, "The policy does not say who it is for, and every audience is "
                                                   "opt-in, so it would reach no one.",
                                f"name its audiences in its front matter, for example: audiences: "
                                f"[{', '.join(declared.keys[:2])}].")]
    value = source.meta["audiences"]
    keys = split_keys(value) if isinstance(value, str) else value
    if not isinstance(keys, list) or not keys or not all(isinstance(key, str) for key in keys):
        return declared.unless_named, [PolicyError(
            source.file, line, "The policy's audiences setting is not a list of audience keys.",
            f"write it as a list, for example: audiences: [{', '.join(declared.keys[:2])}].")]
    errors = [PolicyError(source.file, line, f'The policy names an audience that is not declared: "{key}".',
                          declared.unknown_key_fix(key))
              for key in keys if not declared.knows(key)]
    return declared.in_order(declared.expand(keys)), errors


def policy_title(source: PolicySource, heading: str | None) -> tuple[str, list[PolicyError]]:
    title = source.meta.get("title")
    if title is not None and str(title).strip():
        title = " ".join(str(title).split())
        # Both are words as a reader sees them, spaces evened out. A title may be a short name for
        # a long heading that starts with it; one that names something else is a slip.
        if heading and not heading.casefold().startswith(title.casefold()):
            return title, [PolicyError(
                source.file, source.lines.setting_line("title"),
                f'The title in the front matter, "{title}", is not the same as the # heading, "{heading}".',
                "make them the same (the title may be the heading's first words, as a short name), or "
                "remove the title: line from the front matter (the # heading is enough).")]
        return title, []
    if heading:
        return heading, []
    return "", [PolicyError(source.file, 1, "The policy has no title.",
                            'add "title: ..." to its front matter, or start the text with a "# Title" heading.')]


def _where_a_tag_is_read(line: str, tag: re.Match) -> bool:
    """Alone on its line, or at the end of a heading's or a list item's line."""
    before, after = line[:tag.start()].strip(), line[tag.end():].strip()
    return not after and (not before or bool(re.match(r"\s*#|\s*(?:[-*+]|\d+[.)])\s", line)))


class SourceLines:
    """Finds lines in a policy file, skipping fenced code, where braces are only text."""

    def __init__(self, text: str, body_start: int = 1):
        """`body_start`: the first line after the front matter, where the text that is read begins."""
        self.lines = text.split("\n")
        self.body_start = body_start

    @functools.cached_property
    def prose(self) -> list[tuple[int, str]]:
        """Each line of the text that is read, by number: found only when a line is looked for."""
        prose, fence = [], None
        for number, line in enumerate(self.lines[self.body_start - 1:], start=self.body_start):
            match = FENCE.match(line)
            if fence:
                if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                    fence = None
                continue
            if match:
                fence = match.group(1)
                continue
            prose.append((number, INLINE_CODE.sub("", line)))
        return prose

    def setting_line(self, name: str) -> int:
        for number, line in enumerate(self.lines, start=1):
            if re.match(rf"{re.escape(name)}\s*:", line.lstrip()):
                return number
        return 1

    def key_line_under(self, name: str, key: str) -> int:
        """The line of `key:` among the lines indented under the setting `name`, or the setting's line."""
        start = self.setting_line(name)
        indent = len(self.lines[start - 1]) - len(self.lines[start - 1].lstrip())
        for line_number, line in enumerate(self.lines[start:], start=start + 1):
            if line.strip() and len(line) - len(line.lstrip()) <= indent:
                break  # the next setting
            if re.match(rf"""["']?{re.escape(key)}["']?\s*:""", line.lstrip()):
                return line_number
        return start

    def list_item_line(self, name: str, number: int) -> int:
        """The line of the `number`-th item of the list under the setting `name`, or the setting's line."""
        start = self.setting_line(name)
        indent, seen = None, 0
        for line_number, line in enumerate(self.lines[start:], start=start + 1):
            if line.strip() in ("---", "..."):
                break
            if line.strip() and not line[0].isspace() and not line.startswith("-"):
                break  # the next setting
            stripped = line.lstrip()
            if stripped.startswith("- ") or stripped == "-":
                depth = len(line) - len(stripped)
                indent = depth if indent is None else indent
                if depth == indent:
                    seen += 1
                    if seen == number:
                        return line_number
        return start

    def find_tag(self, key: str, value: str, start: int, inline: bool = False) -> tuple[int, int]:
        """The line of the first tag from prose line `start` on that gives `key` this value,
        and where to look for the next one; `inline`: only a tag straight after a word or markup,
        with no space before its brace, as on bold text.

        Tags are read in document order, so moving `start` on keeps two identical tags apart.
        """
        for index in range(start, len(self.prose)):
            number, line = self.prose[index]
            for tag in TAG.finditer(line):
                if inline and (tag.start() == 0 or line[tag.start() - 1].isspace()):
                    continue
                for match in AUDIENCE_VALUE.finditer(tag.group(1)):
                    found = next((group for group in match.groups()[1:] if group is not None), "")
                    if match.group(1) == key and found == value:
                        return number, index + 1
        return self.text_line(f"{key}="), start

    def badly_written_tags(self) -> list[tuple[int, str]]:
        """Each prose line with a badly written audience tag, and the tag."""
        return [(number, tag.group(0)) for number, line in self.prose
                for tag in TAG.finditer(line) if badly_written_tag(tag.group(1))]

    def unreadable_tag_lines(self) -> list[int]:
        """Each line with audience= that is not in a tag Markdown reads as one: a brace written as
        \\{ or &#123;, a full-width brace, or none."""
        found = []
        for number, line in self.prose:
            readable = [tag.span() for tag in TAG.finditer(line) if line[tag.start() - 1:tag.start()] != "\\"]
            found += [number for match in AUDIENCE_ASSIGNMENT.finditer(line)
                      if not any(start < match.start() < end for start, end in readable)]
        return found

    def tags_after_table_rows(self) -> list[int]:
        """Each table row's line with a tag after its last |, which the tables extension drops
        without a word, as a cell the table has no column for."""
        return [number for number, line in self.prose if TAG_AFTER_TABLE_ROW.match(line)]

    def braces_line(self, words: list[str], occurrence: int = 1) -> int:
        """The line of the (`occurrence`-th) curly brackets that hold these words."""
        lines = [number for number, line in self.prose
                 if any(set(words) <= set(tag.group(1).split()) and _where_a_tag_is_read(line, tag)
                        for tag in TAG.finditer(line))]
        return lines[occurrence - 1] if len(lines) >= occurrence else self.text_line(words[0])

    def key_line(self, key: str, occurrence: int = 1) -> int:
        """The line of a tag's key as attr_list read it, where it put _ for what it could not keep."""
        written = re.compile(re.escape(key).replace("_", ".") + "=")
        lines = [number for number, line in self.prose for tag in TAG.finditer(line) if written.search(tag.group(1))]
        return lines[occurrence - 1] if len(lines) >= occurrence else self.text_line(f"{key}=", occurrence)

    def tagged_quotes_read_as_one(self) -> list[int]:
        """The first line of each quote (>) that follows another with only empty lines between,
        where either has an audience tag: Python-Markdown reads the two as one quote, one tag."""
        quotes: list[list[str]] = []  # each run of > lines
        starts: list[int] = []  # the line each run starts on, or 0 if other text comes before it
        last_quote_line, only_empty_since = None, False
        for number, line in self.prose:
            if re.match(r" {0,3}>", line):
                if last_quote_line == number - 1:
                    quotes[-1].append(line)
                else:
                    quotes.append([line])
                    starts.append(number if only_empty_since else 0)
                last_quote_line, only_empty_since = number, True
            elif line.strip():
                only_empty_since = False
        return [start for before, after, start in zip(quotes, quotes[1:], starts[1:])
                if start and any(AUDIENCE_WORD.search(line) for line in before + after)]

    def id_line(self, element_id: str, occurrence: int = 1) -> int:
        """The line of the (`occurrence`-th) tag that gives this id, as in { #contacting-staff }."""
        given = re.compile(rf"(?<![\w-])#{re.escape(element_id)}(?![\w-])")
        seen = 0
        for number, line in self.prose:
            seen += sum(len(given.findall(tag.group(1))) for tag in TAG.finditer(line))
            if seen >= occurrence:
                return number
        return self.text_line(f"#{element_id}", occurrence)

    def literal_tag_line(self, tag: str, occurrence: int = 1) -> int:
        """The line of the `occurrence`-th copy of a tag that stays as text: copies that are not
        where a tag applies (the end of a heading's or list item's line, or alone under a paragraph,
        a list or a table, or on a quote's first line); else the first copy."""
        previous, previous_number, seen = "", 0, 0
        for number, line in self.prose:
            place = line.find(tag)
            if place >= 0:
                words_after = line[place + len(tag):].strip()
                words_before = re.sub(r"\A(?:[ ]{0,3}>[ ]?)+", "", line[:place]).strip()  # after a quote's >
                heading_or_item = re.match(r"\s*#|\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s", line)
                alone_under_no_words = not words_before and not words_after and (
                    previous.strip() == ">" if re.match(r"[ ]{0,3}>", line) else
                    not previous.strip() or NOT_TAGGED_FROM_BELOW.match(previous) or previous_number != number - 1)
                if words_after or alone_under_no_words or (words_before and not heading_or_item):
                    seen += 1
                    if seen == occurrence:
                        return number
            previous, previous_number = line, number
        return self.text_line(tag)

    def text_line(self, needle: str, occurrence: int = 1) -> int:
        """The line of the text's first (or `occurrence`-th) appearance in prose."""
        seen = 0
        for number, line in self.prose:
            seen += line.count(needle)
            if seen >= occurrence:
                return number
        for number, line in enumerate(self.lines, start=1):
            if needle in line:
                return number
        return 1
