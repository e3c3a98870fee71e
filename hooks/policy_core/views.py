"""Turning the marked tree of a whole policy into one view of it.

The full view keeps every clause and labels the narrower ones with text badges. An audience's
view keeps exactly that audience's clauses, drops what is left empty, and keeps clause numbers
and anchors as they are in the full view.
"""

from __future__ import annotations

import re

from xml.etree.ElementTree import Element, SubElement

from markdown.extensions.toc import remove_fnrefs

from .audiences import Audiences
from .clauses import HEADING_LEVELS, LISTS, Marking, clause_kind, is_title_of_block
from .footnotes import footnote_ids_referred_to, footnote_items, is_footnotes
from .model import Clause
from .numbering import CLAUSE_NUMBER_CLASS, first_words
from .source import AUDIENCE_ASSIGNMENT

# What a tag left in a view's words looks like: audience="…", or {…audience…}, closed or not.
TAG_TEXT = re.compile(AUDIENCE_ASSIGNMENT.pattern + r"|\{:?[^{}\n]*audience", re.IGNORECASE)

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
        # The table of contents and search keep the heading's own words, without footnote marks.
        element.set("data-toc-label", " ".join("".join(remove_fnrefs(element).itertext()).split()))
        _insert_after_words(element, badge)
        return
    if element.tag == "table":  # a table's words are in its cells: the badge is its caption
        caption = Element("caption", {"class": "policy-table-audiences"})
        caption.append(badge)
        element.insert(0, caption)
        return
    holder = _words_holder(element)
    if is_title_of_block(holder):
        _insert_after_words(holder, badge)
        return
    if len(holder) and holder[0].get("class") == CLAUSE_NUMBER_CLASS and not holder.text:
        number = holder[0]  # the clause's number starts it, before the badge
        badge.tail, number.tail = " " + (number.tail or "").lstrip(), " "
        holder.insert(1, badge)
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
    """One link to its own anchor for every clause left in the view, named for the clause; with
    JavaScript it copies the clause's address (policy-clauses.js). A heading's link follows the
    heading, in a box with it, so that the heading's name is its own words; a paragraph's or an
    item's follows its words. A table has no place for one, but keeps its anchor."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for element, clause in marking.clauses:
        if element not in parents or clause.kind == "table":
            continue
        name, called = clause_link_names(clause)
        link = Element("a", {"class": "clause-link", "href": f"#{clause.id}", "aria-label": name,
                             "data-clause": called})
        link.text = "§"
        if clause.kind == "heading":
            _put_in_heading_box(parents[element], element, link)
        else:
            _insert_after_words(_words_holder(element), link)


def clause_link_names(clause: Clause) -> tuple[str, str]:
    """The link's name, and the clause as the message after copying it names it: "Link to clause
    4.2: Contacting staff" and "clause 4.2" (a heading: "section 4"); without numbers, "Link to:
    Contacting staff" and "“Contacting staff”". A clause is named by its first words."""
    words = clause.text if clause.kind == "heading" else first_words(clause.text)
    if clause.clause_number:
        called = f"{'section' if clause.kind == 'heading' else 'clause'} {clause.clause_number}"
        return f"Link to {called}: {words}", called
    return f"Link to: {words}", f"“{words}”"


def _put_in_heading_box(parent: Element, heading: Element, link: Element) -> None:
    box = Element("div", {"class": "clause-heading"})
    box.tail, heading.tail = heading.tail, None
    parent.insert(list(parent).index(heading), box)
    parent.remove(heading)
    box.extend([heading, link])


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


def clauses_shown(read, audiences, declared: Audiences) -> tuple[dict[str | None, frozenset[str]],
                                                                 list[tuple[str, Element]],
                                                                 dict[str, tuple[Element, Marking]]]:
    """The ids of the clauses each view shows, found by making each view from a copy of the read
    policy, so what the site plans (hubs, links, coverage) is exactly what the pages hold; what
    `audit_view` found in any view that should not be there; and each audience's view as made
    here, which its page copies rather than filtering the policy again."""
    shown = {None: frozenset(clause.id for _, clause in read.marking.clauses)}
    wrong: list[tuple[str, Element]] = []  # each audience's view, and what it should not hold
    views = {}
    # Worked out once on the read policy, and matched to each copy's elements by their order.
    allowed_in_read = tagged_for(read.tree, read.marking.tags, frozenset(audiences), declared)
    allowed_in_order = [allowed_in_read.get(element, frozenset()) for element in read.tree.iter()]
    for audience in audiences:
        tree, marking = read.copy()
        allowed = dict(zip(tree.iter(), allowed_in_order))
        filter_view(tree, marking, audience)
        wrong += [(audience, element) for element in audit_view(tree, marking, audience, allowed)]
        present = set(tree.iter())
        shown[audience] = frozenset(clause.id for element, clause in marking.clauses if element in present)
        views[audience] = tree, marking
    return shown, wrong, views


def tagged_for(root: Element, tags: dict[Element, frozenset[str]], everyone: frozenset[str],
               declared: Audiences) -> dict:
    """Who each element is for, worked out from the tags alone, apart from how the reader and the
    filter do it: an element is for the audiences of its own tag (a group's key standing for the
    audiences it lists in the site's settings), of every block it sits in, and of every heading above
    it in the same block (up to the next heading as high). Footnotes are left out: they follow the
    clauses that refer to them."""
    allowed: dict[Element, frozenset[str]] = {}

    def walk(parent: Element, inherited: frozenset[str]) -> None:
        headings: list[tuple[int, frozenset[str]]] = []
        for child in parent:
            if is_footnotes(child):
                continue
            level = HEADING_LEVELS.get(child.tag)
            while level and headings and headings[-1][0] >= level:
                headings.pop()
            own = declared.expand(tags[child]) if child in tags else everyone
            audiences = (headings[-1][1] if headings else inherited) & own
            allowed[child] = audiences
            if level:
                headings.append((level, audiences))
            walk(child, audiences)

    walk(root, everyone)
    return allowed


def audit_view(root: Element, marking: Marking, audience: str, allowed: dict) -> list[Element]:
    """The last check of a finished audience view, which does not trust the filter: what it still
    holds that is not for the audience, a footnote no clause in it refers to, or a tag left as text."""
    wrong = []
    referred = footnote_ids_referred_to(root)
    in_footnotes = set()
    for block in (element for element in root.iter() if is_footnotes(element)):
        in_footnotes.update(block.iter())
        wrong += [item for item in footnote_items(block) if item.get("id") not in referred]
    clauses = dict(marking.clauses)
    for element in root.iter():
        if element is root or element in in_footnotes:
            continue
        if audience not in allowed.get(element, frozenset()) or \
                (element in clauses and audience not in clauses[element].audiences):
            wrong.append(element)
        elif element.tag not in ("code", "pre") and any(
                "audience" in text.lower() and TAG_TEXT.search(text)
                for text in (element.text or "", element.tail or "")):
            wrong.append(element)
    return wrong


def filter_view(root: Element, marking: Marking, audience: str) -> None:
    """Keep only `audience`'s clauses."""
    for element, clause in marking.clauses:
        if clause.number is not None:
            element.set("value", str(clause.number))
    _remove_others(root, marking, audience)
    _remove_footnotes_not_referred_to(root)
    _remove_what_is_left_empty(root)


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


def _remove_what_is_left_empty(parent: Element) -> None:
    """Lists left with no items; notes and quotes left with only a title; HTML blocks left with
    nothing; headings whose section now holds nothing. From the inside out, so that a note left with
    only an empty section goes too, and then the section it sits in if that is all it held."""
    has_headings = False
    for child in list(parent):
        _remove_what_is_left_empty(child)
        if child.tag in LISTS and not any(item.tag == "li" for item in child) or \
                clause_kind(child) in ("admonition", "block quote") and _holds_nothing(child) or \
                child.tag == "div" and not len(child) and not (child.text or "").strip():
            _remove(parent, child)
        has_headings = has_headings or child.tag in HEADING_LEVELS
    if has_headings:
        _remove_empty_sections(parent)


def _holds_nothing(block: Element) -> bool:
    return not (block.text or "").strip() and all(is_title_of_block(child) for child in block)


def _remove_footnotes_not_referred_to(root: Element) -> None:
    """A footnote follows the clauses that refer to it: it stays only if one of them is left, or a
    footnote that stays refers to it. It keeps its number, which its marks in the text show."""
    if not any(is_footnotes(block) for block in root.iter("div")):
        return
    blocks = [(parent, block) for parent in root.iter() for block in parent if is_footnotes(block)]
    kept = footnote_ids_referred_to(root)
    for parent, block in blocks:
        for items in [items for items in block if items.tag == "ol"]:
            for number, item in enumerate([item for item in items if item.tag == "li"], start=1):
                if item.get("id") in kept:
                    item.set("value", str(number))
                else:
                    _remove(items, item)
        if not footnote_items(block):
            _remove(parent, block)


def _remove_empty_sections(parent: Element) -> None:
    """A heading whose section (down to the next heading as high, or the end of the note, quote or
    list item it sits in) holds no content: a rule or the footnotes are not content."""
    children = list(parent)
    for index, child in enumerate(children):
        level = HEADING_LEVELS.get(child.tag)
        if not level or level == 1:
            continue
        has_content = False
        for following in children[index + 1:]:
            following_level = HEADING_LEVELS.get(following.tag)
            if following_level and following_level <= level:
                break
            if not following_level and following.tag != "hr" and not is_footnotes(following):
                has_content = True
                break
        if not has_content:
            _remove(parent, child)


def send_missing_anchors_to_full_view(root: Element, full_view_link: str) -> None:
    """A link to a clause the view leaves out opens it in the full policy, at `full_view_link`."""
    present = {element.get("id") for element in root.iter() if element.get("id")}
    for link in root.iter("a"):
        href = link.get("href", "")
        if href.startswith("#") and href[1:] and href[1:] not in present:
            link.set("href", full_view_link + href)
