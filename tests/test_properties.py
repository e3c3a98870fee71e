"""For any tagged policy: no clause is lost, and none reaches an audience it was not tagged for."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import DECLARED, problems, render

KEYS = DECLARED.keys


@st.composite
def narrower(draw, inherited: frozenset) -> frozenset | None:
    """No tag (inherit), or a tag naming some of what the clause inherits."""
    if draw(st.booleans()):
        return None
    return frozenset(draw(st.lists(st.sampled_from(sorted(inherited)), min_size=1, unique=True)))


def tag(audiences: frozenset | None) -> str:
    return "" if audiences is None else ' { audience="' + " ".join(sorted(audiences)) + '" }'


@st.composite
def policies(draw):
    """A random policy: its text, its audiences, and each clause's marker with what it expects."""
    policy_audiences = frozenset(draw(st.lists(st.sampled_from(KEYS), min_size=1, unique=True)))
    expected: dict[str, tuple[frozenset, int | None]] = {}
    headings: dict[str, list[str]] = {}  # each heading's marker, and the markers in its section
    lines = ["# Policy", ""]

    def marker(audiences, number=None) -> str:
        name = f"Clause{len(expected)}x"
        expected[name] = (audiences, number)
        if headings:
            list(headings.values())[-1].append(name)
        return name

    for _ in range(draw(st.integers(0, 4))):
        own = draw(narrower(policy_audiences))
        section = own or policy_audiences
        heading = f"Heading{len(headings)}x"
        lines += [f"## {heading}{tag(own)}", ""]
        headings[heading] = []
        expected[heading] = (section, None)
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(["paragraph", "list", "ordered", "table"]))
            if kind == "paragraph":
                own = draw(narrower(section))
                lines += [f"Text of {marker(own or section)}."] + ([tag(own).strip()] if own else []) + [""]
            elif kind == "table":
                lines += ["| Item | Note |", "| --- | --- |", f"| {marker(section)} | x |", ""]
            else:
                for number in range(1, draw(st.integers(1, 4)) + 1):
                    own = draw(narrower(section))
                    item = own or section
                    bullet = f"{number}." if kind == "ordered" else "-"
                    lines.append(f"{bullet} Item {marker(item, number if kind == 'ordered' else None)}{tag(own)}")
                    for _ in range(draw(st.integers(0, 2))):
                        nested = draw(narrower(item))
                        lines.append(f"    - Nested {marker(nested or item)}{tag(nested)}")
                lines += ["", f"After the list, {marker(section)}.", ""]  # so the next list starts afresh
    return "\n".join(lines), policy_audiences, expected, headings


def li_holding(view, name):
    return next(li for li in view.find_all("li") if li.find(string=lambda s: s and name in s, recursive=False))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies())
def test_every_clause_is_in_the_full_view_and_exactly_the_views_it_is_tagged_for(policy):
    text, policy_audiences, expected, headings = policy
    full = render(text, policy_audiences=policy_audiences).get_text()
    for name in expected:
        assert name in full
    for audience in policy_audiences:
        view = render(text, audience, policy_audiences=policy_audiences)
        shown = view.get_text()
        for name, (audiences, number) in expected.items():
            wanted = audience in audiences
            if name in headings:  # a heading whose section is left empty is dropped
                wanted = wanted and any(audience in expected[inner][0] for inner in headings[name])
            assert (name in shown) == wanted, (audience, name, text)
            if number is not None and name in shown:
                assert li_holding(view, name).get("value") == str(number)


# Containers nested in each other ---------------------------------------------------------------

MARKER = re.compile(r"(?:Clause|Heading|Foot)\d+x")


class NestedPolicy:
    """A policy built from notes, quotes, list items and HTML blocks with Markdown in them, nested
    in each other, with tagged headings, paragraphs, list items and tables inside them, and footnotes; and
    what every view must show, worked out as the policy is written."""

    def __init__(self, draw, policy_audiences: frozenset):
        self.draw = draw
        self.expected: dict[str, frozenset] = {}  # each marker's audiences
        self.sections: dict[str, list[str]] = {}  # each heading's marker, and the markers in its section
        # For each container open where the policy is being written: its headings still open, as
        # (level, marker, audiences of its section).
        self.frames: list[list[tuple[int, str, frozenset]]] = []
        self.footnotes: list[str] = []
        self.lines = ["# Policy", "", *self.blocks(policy_audiences, depth=0, top=True)]
        for number, (marker, reference) in enumerate(self.footnotes, start=1):
            self.lines += [f"[^{number}]: Note {marker}.", ""]

    def marker(self, kind: str, audiences: frozenset) -> str:
        """A heading is not content of the sections around it, nor a footnote, which is at the end
        of the page."""
        name = f"{kind}{len(self.expected)}x"
        self.expected[name] = audiences
        for frame in self.frames if kind == "Clause" else ():
            for _, heading, _ in frame:
                self.sections[heading].append(name)
        return name

    def blocks(self, audiences: frozenset, depth: int, top: bool = False) -> list[str]:
        """The blocks inside one container (or the policy itself), each followed by an empty line."""
        self.frames.append([])
        current, lines = audiences, []
        for _ in range(self.draw(st.integers(1, 4))):
            kinds = ["paragraph", "list", "heading", "table"] + (["note", "quote", "item"] if depth < 3 else [])
            kind = self.draw(st.sampled_from(kinds + (["html"] if top else [])))
            if kind == "heading":
                level = self.draw(st.integers(2, 4))
                frame = self.frames[-1]
                while frame and frame[-1][0] >= level:
                    frame.pop()
                inherited = frame[-1][2] if frame else audiences
                own = self.draw(narrower(inherited))
                current = own or inherited
                name = self.marker("Heading", current)
                self.sections[name] = []
                frame.append((level, name, current))
                lines += ["#" * level + f" {name}{tag(own)}", ""]
            elif kind == "paragraph":
                own = self.draw(narrower(current))
                name = self.marker("Clause", own or current)
                footnote = ""
                if self.draw(st.booleans()):
                    self.footnotes.append((self.marker("Foot", own or current), name))
                    footnote = f"[^{len(self.footnotes)}]"
                lines += [f"Text of {name}{footnote}."] + ([tag(own).strip()] if own else []) + [""]
            elif kind == "table":  # with a header row or an empty one, tagged on the line under it
                own = self.draw(narrower(current))
                header = self.draw(st.sampled_from(["| Name | Detail |", "|  |  |"]))
                lines += [header, "| --- | --- |", f"| Row | Cell {self.marker('Clause', own or current)} |"]
                lines += [tag(own).strip()] if own else []
                lines += [""]
            elif kind == "list":
                for _ in range(self.draw(st.integers(1, 3))):
                    own = self.draw(narrower(current))
                    lines.append(f"- Item {self.marker('Clause', own or current)}{tag(own)}")
                lines += ["", f"After the list, {self.marker('Clause', current)}.", ""]
            else:
                lines += self.container(kind, current, depth)
        self.frames.pop()
        return lines

    def container(self, kind: str, audiences: frozenset, depth: int) -> list[str]:
        own = self.draw(narrower(audiences)) if kind != "html" else None
        inside = own or audiences
        if kind == "item":
            first = f"- Item {self.marker('Clause', inside)}{tag(own)}"
            body = self.blocks(inside, depth + 1)
            return [first, "", *(f"    {line}" if line else "" for line in body),
                    f"After the item, {self.marker('Clause', audiences)}.", ""]
        opening = [tag(own).strip(), ""] if own else []
        body = opening + self.blocks(inside, depth + 1)
        if kind == "note":
            return ['!!! note "A note"', "", *(f"    {line}" if line else "" for line in body)]
        if kind == "quote":
            return [*(f"> {line}" if line else ">" for line in body[:-1]), "",
                    f"After the quote, {self.marker('Clause', audiences)}.", ""]
        return ['<div markdown="1">', "", *body, "</div>", ""]


@st.composite
def nested_policies(draw):
    policy_audiences = frozenset(draw(st.lists(st.sampled_from(KEYS), min_size=1, unique=True)))
    return NestedPolicy(draw, policy_audiences), policy_audiences


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nested_policies())
def test_every_view_of_nested_containers_shows_exactly_the_clauses_tagged_for_it(generated):
    policy, policy_audiences = generated
    text = "\n".join(policy.lines)
    extensions = ["md_in_html", "footnotes"]
    assert not problems(text, policy_audiences, extensions=extensions), text
    full = set(MARKER.findall(render(text, policy_audiences=policy_audiences, extensions=extensions).get_text()))
    assert full == set(policy.expected), text
    for audience in policy_audiences:
        shown = set(MARKER.findall(render(text, audience, policy_audiences, extensions=extensions).get_text()))
        wanted = {name for name, audiences in policy.expected.items() if audience in audiences}
        for heading, inside in policy.sections.items():  # a heading whose section is left empty is dropped
            if not any(name in wanted for name in inside):
                wanted.discard(heading)
        assert shown == wanted, (audience, text)
