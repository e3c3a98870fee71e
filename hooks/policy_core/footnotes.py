"""Footnotes, as the footnotes extension makes them: not clauses, but shown in each view that
shows a clause referring to them (or a footnote that such a clause refers to, in turn).

The filter knows footnotes by the classes the extension gives them, so the same classes given by
an editor are refused here before anything relies on them.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from .errors import PolicyError
from .source import PolicySource

def is_footnotes(element: Element) -> bool:
    """The list of footnotes that the footnotes extension puts at the end of the page. A footnote
    is not a clause: it is shown in each view that shows a clause referring to it."""
    if element.tag != "div":
        return False
    classes = element.get("class", "").split()
    return "footnote" in classes and "admonition" not in classes  # not a !!! footnote note


def footnote_parts(root: Element) -> set[Element]:
    """Everything the footnotes extension made: the footnotes and the references to them."""
    parts = set()
    for element in root.iter("div"):
        if is_footnotes(element):
            parts.update(element.iter())
    for element in root.iter("sup"):
        if any(is_footnote_reference(child) for child in element):
            parts.update(element.iter())
    return parts


FOOTNOTE_CLASSES = frozenset({"footnote", "footnote-ref", "footnote-backref"})


def footnote_items(block: Element) -> list[Element]:
    """The footnotes in the extension's block: the items of its list, not of lists inside them."""
    return [item for items in block if items.tag == "ol" for item in items if item.tag == "li"]


def is_footnote_reference(element: Element) -> bool:
    return element.tag == "a" and "footnote-ref" in element.get("class", "").split()


def footnote_ids_referred_to(root: Element) -> set[str]:
    """The footnotes a page shows a reference to, from its clauses or from those footnotes in turn:
    a footnote that only other footnotes refer to, in a loop, is reached by none."""
    notes = {item.get("id"): item for block in root.iter("div") if is_footnotes(block)
             for item in footnote_items(block)}
    inside = {element for item in notes.values() for element in item.iter()}
    waiting = [link.get("href", "")[1:] for link in root.iter("a") if is_footnote_reference(link)
               and link not in inside]
    reached: set[str] = set()
    while waiting:
        note = waiting.pop()
        if note in notes and note not in reached:
            reached.add(note)
            waiting += [link.get("href", "")[1:] for link in notes[note].iter("a") if is_footnote_reference(link)]
    return reached


def forged_footnote_classes(root: Element, footnote_ids: frozenset[str], source: PolicySource) -> list[PolicyError]:
    """An editor's { .footnote-ref } or <div class="footnote"> would make the filter take
    something else for a footnote, or for a footnote's reference. `footnote_ids` are the ids of
    the footnotes the extension made."""
    made = set()
    for block in root.iter("div"):
        notes = footnote_items(block)
        if is_footnotes(block) and notes and all(note.get("id") in footnote_ids for note in notes):
            made.update(element for element in block.iter() if element.tag in ("div", "a"))
    for mark in root.iter("sup"):
        for link in mark:
            note = link.get("href", "")[1:]
            if is_footnote_reference(link) and note in footnote_ids and \
                    re.fullmatch(r"fnref\d*" + re.escape(note[2:]), mark.get("id", "")):
                made.add(link)
    errors = []
    for element in root.iter():
        given = FOOTNOTE_CLASSES.intersection(element.get("class", "").split())
        if given and element not in made and not (element.tag == "div" and not is_footnotes(element)):
            name = sorted(given)[0]
            errors.append(PolicyError(source.file, source.lines.text_line(name),
                                      f'The class "{name}" is the one the site gives footnotes, so this part '
                                      "would be taken for a footnote.",
                                      f'remove "{name}"; write a footnote as [^1] in the text and "[^1]: its '
                                      'words" below.'))
    return errors
