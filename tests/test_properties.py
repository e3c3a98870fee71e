"""For any tagged policy: no clause is lost, and none reaches an audience it was not tagged for."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import DECLARED, render

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
