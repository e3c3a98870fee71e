"""An invented school's policies for the benchmark, made the same way every time from a seed.

Each policy is a small tree of sections, paragraphs, lists (nested and numbered), tables and
named clauses, tagged for audiences the way a school would tag them. The same tree is written
twice: as one tagged file for this project, and as one plain file per view for the peer, the
site a school would otherwise build by hand.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

AUDIENCES = {"staff": "Staff", "governors": "Governors", "volunteers": "Volunteers",
             "pta": "Friends of Elmbridge (PTA)", "parents": "Parents and carers"}
WORDS = ("pupils staff school parents visitors safety records office headteacher governors lessons "
         "trips phones uniform behaviour attendance homework meals clubs data consent photos learning "
         "must should will may always never before after during each every term week day written "
         "record report check agree review share keep tell ask follow support protect respect").split()
TOPICS = ("Attendance Behaviour Charging Complaints Curriculum Data Equality Exclusions First-aid Health "
          "Homework Intimate-care Lettings Medicines Online-safety Photography Premises Pupil-premium "
          "Relationships Safeguarding SEND Staff-conduct Trips Uniform Visitors Volunteers Whistleblowing").split()


@dataclass
class Node:
    """A heading (with its section), paragraph, list, list item or table, and who it is tagged for."""

    kind: str
    text: str = ""
    tag: frozenset[str] | None = None  # None: inherits
    children: list[Node] = field(default_factory=list)
    ordered: bool = False
    clause_id: str | None = None


@dataclass
class GeneratedPolicy:
    slug: str
    title: str
    body: list[Node]


def generate(count: int, seed: int = 2026) -> list[GeneratedPolicy]:
    rng = random.Random(seed)
    return [_policy(rng, number) for number in range(count)]


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


def _narrower(rng: random.Random, inherited: frozenset[str], chance: float) -> frozenset[str] | None:
    if rng.random() > chance:
        return None
    keys = sorted(inherited)
    return frozenset(rng.sample(keys, rng.randint(1, max(1, len(keys) - 1))))


def _policy(rng: random.Random, number: int) -> GeneratedPolicy:
    topic = TOPICS[number % len(TOPICS)].replace("-", " ")
    title = f"{topic} Policy {number + 1}"
    everyone = frozenset(AUDIENCES)
    body = [Node("paragraph", " ".join(_sentence(rng, rng.randint(10, 25)) for _ in range(2)))]
    for section_number in range(rng.randint(4, 8)):
        tag = _narrower(rng, everyone, 0.25)
        section = Node("heading", f"{_sentence(rng, 3)[:-1]} {section_number + 1}", tag)
        inherited = tag or everyone
        for _ in range(rng.randint(1, 4)):
            kind = rng.choice(("paragraph", "paragraph", "list", "ordered", "table"))
            if kind == "paragraph":
                section.children.append(Node("paragraph", _sentence(rng, rng.randint(12, 40)),
                                             _narrower(rng, inherited, 0.3)))
            elif kind == "table":
                section.children.append(Node("table", children=[
                    Node("row", f"{_sentence(rng, 2)[:-1]} | {_sentence(rng, 4)}") for _ in range(rng.randint(2, 5))]))
            else:
                section.children.append(_list(rng, inherited, kind == "ordered", depth=0))
        body.append(section)
    for index, node in enumerate(node for node in _walk(body) if node.kind == "item"):
        if index % 7 == 3:
            node.clause_id = f"rule-{number + 1}-{index}"
    return GeneratedPolicy(f"{TOPICS[number % len(TOPICS)].lower()}-{number + 1}", title, body)


def _list(rng: random.Random, inherited: frozenset[str], ordered: bool, depth: int) -> Node:
    items = []
    for _ in range(rng.randint(2, 6)):
        tag = _narrower(rng, inherited, 0.35)
        item = Node("item", _sentence(rng, rng.randint(8, 30)), tag)
        if depth == 0 and rng.random() < 0.25:
            item.children.append(_list(rng, tag or inherited, False, depth + 1))
        items.append(item)
    return Node("list", ordered=ordered, children=items)


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


# Writing the policies out ----------------------------------------------------------------------


def tagged_markdown(policy: GeneratedPolicy) -> str:
    """The policy as this project's authors write it: one file, with audience tags."""
    lines = ["---", f"title: {policy.title}", "review: annual", "---", "", f"# {policy.title}", ""]
    _write(policy.body, lines, audience=None, tags=True)
    return "\n".join(lines) + "\n"


def view_markdown(policy: GeneratedPolicy, audience: str | None) -> str | None:
    """One view as a plain page, tags already applied, as a school would otherwise keep it."""
    name = "" if audience is None else f" ({AUDIENCES[audience]})"
    lines = ["---", f"title: {policy.title}{name}", "---", "", f"# {policy.title}", ""]
    if not _write(policy.body, lines, audience=audience, tags=False):
        return None
    return "\n".join(lines) + "\n"


def _tag(node: Node, tags: bool) -> str:
    if not tags or (node.tag is None and node.clause_id is None):
        return ""
    parts = [f"#{node.clause_id}"] if node.clause_id else []
    if node.tag is not None:
        parts.append('audience="' + " ".join(sorted(node.tag)) + '"')
    return " { " + " ".join(parts) + " }"


def _shown(node: Node, audience: str | None, inherited: frozenset[str]) -> tuple[bool, frozenset[str]]:
    audiences = node.tag or inherited
    return audience is None or audience in audiences, audiences


def _write(nodes, lines, audience, tags, inherited=frozenset(AUDIENCES)) -> bool:
    """Write the nodes a view shows; say whether it shows any clause besides headings."""
    wrote = False
    for node in nodes:
        shown, audiences = _shown(node, audience, inherited)
        if not shown:
            continue
        if node.kind == "heading":
            section: list[str] = []
            if _write(node.children, section, audience, tags, audiences) or tags:
                lines += [f"## {node.text}{_tag(node, tags)}", ""] + section
                wrote = wrote or len(section) > 0
        elif node.kind == "paragraph":
            lines += [node.text] + ([_tag(node, tags).strip()] if _tag(node, tags) else []) + [""]
            wrote = True
        elif node.kind == "table":
            lines += ["| Item | Detail |", "| --- | --- |"] + [f"| {row.text} |" for row in node.children] + [""]
            wrote = True
        elif node.kind == "list":
            items = _list_lines(node, audience, tags, audiences, indent="")
            if items:
                lines += items + [""]
                wrote = True
    return wrote


def _list_lines(node: Node, audience, tags, inherited, indent: str) -> list[str]:
    lines = []
    for number, item in enumerate(node.children, start=1):
        shown, audiences = _shown(item, audience, inherited)
        if not shown:
            continue
        bullet = f"{number}." if node.ordered else "-"
        lines.append(f"{indent}{bullet} {item.text}{_tag(item, tags)}")
        for child in item.children:
            lines += _list_lines(child, audience, tags, audiences, indent + "    ")
    return lines
