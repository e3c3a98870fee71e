"""Turning the marked tree of a whole policy into one view of it.

The full view keeps every clause and labels the narrower ones with text badges. An audience's
view keeps exactly that audience's clauses, drops what is left empty, and keeps clause numbers
and anchors as they are in the full view.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement

from .audiences import Audiences
from .clauses import HEADING_LEVELS, LISTS, Marking, clause_kind, is_title_of_block

BLOCKS = {"p", "ul", "ol", "div", "blockquote", "table", "pre", "details", "dl", *HEADING_LEVELS}


def label_full_view(root: Element, marking: Marking, policy_audiences, declared: Audiences) -> None:
    """Give each clause tagged for fewer audiences than the policy a badge naming them in words."""
    everyone = frozenset(policy_audiences)
    for element, clause in marking.clauses:
        if clause.tagged and clause.audiences < everyone:
            _add_badge(element, declared.describe(clause.audiences))


def _add_badge(element: Element, words: str) -> None:
    """Before the clause's own words; after a heading's or an admonition's title."""
    badge = Element("span", {"class": "audience-badge"})
    intro = SubElement(badge, "span", {"class": "policy-visually-hidden"})
    intro.text = "Applies to: "
    intro.tail = words
    if element.tag in HEADING_LEVELS:
        # The table of contents and search keep the heading's own words.
        element.set("data-toc-label", " ".join("".join(element.itertext()).split()))
        _insert_after_words(element, badge)
        return
    holder = _words_holder(element)
    if is_title_of_block(holder):
        _insert_after_words(holder, badge)
        return
    badge.tail = " " + (holder.text or "").lstrip()
    holder.text = None
    holder.insert(0, badge)


def take_out_title(root: Element) -> None:
    """The page's template shows the policy's title above whose version it is, so the text
    starts after its "#" heading."""
    title = next((element for element in root if element.tag == "h1"), None)
    if title is not None:
        _remove(root, title)


def add_clause_links(root: Element, marking: Marking) -> None:
    """A permalink after the words of every clause left in the view. Headings get theirs from `toc`;
    a table has no place for one, but keeps its anchor."""
    present = set(root.iter())
    for element, clause in marking.clauses:
        if element not in present or clause.kind in ("heading", "table"):
            continue
        link = Element("a", {"class": "clause-link", "href": f"#{clause.id}", "aria-label": "Link to this clause"})
        link.text = "§"
        _insert_after_words(_words_holder(element), link)


def _words_holder(element: Element) -> Element:
    """Where a clause's own words are: itself, or its first paragraph or title."""
    if element.tag == "p":
        return element
    title = next((child for child in element if is_title_of_block(child)), None)
    if title is not None:
        return title
    if not (element.text or "").strip() and len(element) and element[0].tag == "p":
        return element[0]
    return element


def _insert_after_words(holder: Element, new: Element) -> None:
    """Put `new` after the holder's own words, before any block (a nested list) inside it."""
    index = next((place for place, child in enumerate(holder) if child.tag in BLOCKS), len(holder))
    if index == 0:
        holder.text = (holder.text or "").rstrip() + " "
    else:
        holder[index - 1].tail = (holder[index - 1].tail or "").rstrip() + " "
    new.tail = "\n" if index < len(holder) else None
    holder.insert(index, new)


def clauses_shown(read, audiences) -> dict[str | None, frozenset[str]]:
    """The ids of the clauses each view shows, found by making each view from a copy of the read
    policy, so what the site plans (hubs, links, coverage) is exactly what the pages hold."""
    shown = {None: frozenset(clause.id for _, clause in read.marking.clauses)}
    for audience in audiences:
        tree, marking = read.copy()
        filter_view(tree, marking, audience, "")
        present = set(tree.iter())
        shown[audience] = frozenset(clause.id for element, clause in marking.clauses if element in present)
    return shown


def filter_view(root: Element, marking: Marking, audience: str, full_view_link: str) -> None:
    """Keep only `audience`'s clauses; `full_view_link` is where left-out anchors now point."""
    for element, clause in marking.clauses:
        if clause.number is not None:
            element.set("value", str(clause.number))
    _remove_others(root, marking, audience)
    _remove_emptied_blocks(root)
    _remove_empty_sections(root)
    _send_missing_anchors_to_full_view(root, full_view_link)


def _remove_others(parent: Element, marking: Marking, audience: str) -> None:
    for child in list(parent):
        audiences = marking.audiences.get(child)
        if audiences is not None and audience not in audiences:
            _remove(parent, child)
        else:
            _remove_others(child, marking, audience)


def _remove(parent: Element, child: Element) -> None:
    """Remove `child`, keeping any text that followed it."""
    if child.tail and child.tail.strip():
        index = list(parent).index(child)
        if index:
            parent[index - 1].tail = (parent[index - 1].tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


def _remove_emptied_blocks(parent: Element) -> None:
    """Lists left with no items, and admonitions or block quotes left with only a title."""
    for child in list(parent):
        _remove_emptied_blocks(child)
        if child.tag in LISTS and not any(item.tag == "li" for item in child):
            _remove(parent, child)
        elif clause_kind(child) in ("admonition", "block quote") and _holds_nothing(child):
            _remove(parent, child)


def _holds_nothing(block: Element) -> bool:
    return not (block.text or "").strip() and all(is_title_of_block(child) for child in block)


def _remove_empty_sections(root: Element) -> None:
    """A heading whose section (down to the next heading as high) now holds no content."""
    children = list(root)
    for index, child in enumerate(children):
        level = HEADING_LEVELS.get(child.tag)
        if not level or level == 1:
            continue
        has_content = False
        for following in children[index + 1:]:
            following_level = HEADING_LEVELS.get(following.tag)
            if following_level and following_level <= level:
                break
            if not following_level and following.tag != "hr":
                has_content = True
                break
        if not has_content:
            _remove(root, child)


def _send_missing_anchors_to_full_view(root: Element, full_view_link: str) -> None:
    present = {element.get("id") for element in root.iter() if element.get("id")}
    for link in root.iter("a"):
        href = link.get("href", "")
        if href.startswith("#") and href[1:] and href[1:] not in present:
            link.set("href", full_view_link + href)
