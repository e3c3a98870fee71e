"""The core's plain parts, tested directly: audiences, front matter, the site plan."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup

from policy_core.audiences import Audiences, read_declared_audiences, split_keys
from policy_core.model import Clause, Policy, View
from policy_core.policies import PolicySite, read_policy, source_path
from policy_core.saved_files import read_text
from policy_core.source import SourceLines, read_policy_audiences, read_policy_source

from helpers import DECLARED


def test_audiences_keep_the_schools_order_and_suggest_the_nearest_key():
    assert DECLARED.in_order({"parents", "staff"}) == ("staff", "parents")
    assert DECLARED.describe({"volunteers", "staff"}) == "Staff · Volunteers"
    assert DECLARED.nearest("parent") == "parents"
    assert DECLARED.nearest("zzz") is None


def test_tag_values_are_split_on_spaces_and_forgive_commas():
    assert split_keys(" staff  governors ") == ["staff", "governors"]
    assert split_keys("staff, governors") == ["staff", "governors"]
    assert split_keys("  ") == []


def test_declared_audiences_must_be_keys_with_labels():
    declared, errors = read_declared_audiences({"staff": "Staff", "pta": "PTA"}, "mkdocs.yml", 3)
    assert declared == Audiences({"staff": "Staff", "pta": "PTA"}) and errors == []
    for bad in (None, {}, {"Staff": "Staff"}, {"staff": ""}, ["staff"]):
        declared, errors = read_declared_audiences(bad, "mkdocs.yml", 3)
        assert declared is None and errors and errors[0].file == "mkdocs.yml"


def test_a_policy_is_for_every_declared_audience_unless_it_says_otherwise():
    source, _ = read_policy_source("p.md", "p", "# P\n")
    assert read_policy_audiences(source, DECLARED) == (DECLARED.keys, [])
    source, _ = read_policy_source("p.md", "p", "---\naudiences: [parents, staff]\n---\n# P\n")
    assert read_policy_audiences(source, DECLARED) == (("staff", "parents"), [])


def test_invalid_front_matter_is_reported_at_its_line():
    source, errors = read_policy_source("p.md", "p", "---\ntitle: A\nowner: [Head\n---\n# P\n")
    assert errors[0].line in (3, 4) and "not valid YAML" in errors[0].problem


def test_identical_tags_are_found_one_after_the_other_and_code_is_skipped():
    lines = SourceLines('- a { audience="x" }\n```\n{ audience="x" }\n```\n- b { audience="x" }\n')
    first, after = lines.find_tag("audience", "x", 0)
    second, _ = lines.find_tag("audience", "x", after)
    assert (first, second) == (1, 5)


def test_views_are_made_only_for_audiences_with_clauses():
    policy = Policy("pay", "pay.md", "Pay", ("staff", "parents"), [
        Clause("pay-1", "heading", frozenset({"staff", "parents"}), "Pay"),
        Clause("pay-2", "paragraph", frozenset({"staff"}), "Staff are paid.")],
        shown={None: frozenset({"pay-1", "pay-2"}), "staff": frozenset({"pay-1", "pay-2"}),
               "parents": frozenset({"pay-1"})})
    site = PolicySite(DECLARED)
    site.policies.append(policy)
    assert [view.audience for view in site.views_of(policy)] == [None, "staff"]
    assert site.policies_for("parents") == []
    assert source_path(View(policy, "staff")) == "policies/pay.staff.md"
    assert View(policy, "staff").path == "policies/pay/staff/"


def test_search_indexes_each_clause_once_at_its_anchor_with_who_sees_it():
    from policy_core.search import ESCAPED, policy_search_page
    policy = Policy("pay", "pay.md", "Pay <b>", ("staff", "parents"), [
        Clause("salaries", "heading", frozenset({"staff", "parents"}), "Salaries"),
        Clause("salaries-1", "paragraph", frozenset({"staff"}), "Staff are paid <monthly>."),
        Clause("salaries-2", "paragraph", frozenset({"staff", "parents"}), "Ask the office.")],
        shown={None: frozenset({"salaries", "salaries-1", "salaries-2"}), "staff": frozenset({"salaries", "salaries-1", "salaries-2"}),
               "parents": frozenset({"salaries", "salaries-2"})})
    document = BeautifulSoup(policy_search_page(policy, {"staff": "policies/pay/staff/", "parents": "policies/pay/parents/"},
                                                "en"), "html.parser")
    # A real < or > is marked for the results' script, which shows only marked ones as brackets.
    assert [(heading["id"], heading.find_next_sibling("p").get_text().replace(ESCAPED, ""))
            for heading in document.find_all("h2")] == [
        ("salaries", "Salaries"), ("salaries-1", "Staff are paid <monthly>."), ("salaries-2", "Ask the office.")]
    assert f"{ESCAPED}<monthly{ESCAPED}>" in document.get_text()
    assert not document.find("b") and document.h1.get_text().replace(ESCAPED, "") == "Pay <b>"
    about = json.loads(document.find(attrs={"data-pagefind-meta": "policy"}).get_text())
    assert about["clauses"] == {"salaries": [1, ["staff", "parents"]], "salaries-1": [1, ["staff"]],
                                "salaries-2": [1, ["staff", "parents"]]}
    assert about["sections"] == ["Pay <b>", "Salaries"]
    assert about["versions"] == {"staff": "policies/pay/staff/", "parents": "policies/pay/parents/"}


def test_the_qr_code_holds_the_views_full_address():
    from policy_core.sharing import qr_code_svg, view_address
    address = view_address("https://policies.oakfield.example/trust", "policies/pay/staff/")
    assert address == "https://policies.oakfield.example/trust/policies/pay/staff/"
    assert qr_code_svg(address).startswith("<?xml") and f"QR code for {address}" in qr_code_svg(address)


def test_a_qr_code_is_made_again_only_for_a_new_address(tmp_path, monkeypatch):
    import segno
    from policy_core.sharing import qr_code_svg, qr_code_svgs
    cache = str(tmp_path / ".cache" / "policy-qr-codes.json")
    old, new = "https://policies.oakfield.example/policies/pay/", "https://policies.oakfield.example/policies/trips/"
    codes = [qr_code_svg(old), qr_code_svg(new)]
    assert qr_code_svgs([old], cache) == codes[:1]
    made, make = [], segno.make
    monkeypatch.setattr(segno, "make", lambda address, **settings: made.append(address) or make(address, **settings))
    assert qr_code_svgs([old, new], cache) == codes
    assert made == [new]


def test_a_preview_that_makes_some_qr_codes_keeps_the_others_for_the_next_build(tmp_path, monkeypatch):
    import segno
    from policy_core.sharing import qr_code_svgs
    cache = str(tmp_path / "policy-qr-codes.json")
    pay, trips = "https://policies.oakfield.example/policies/pay/", "https://policies.oakfield.example/policies/trips/"
    qr_code_svgs([pay, trips], cache)  # a full build
    qr_code_svgs([trips], cache, only_some=True)  # a preview with --dirty remakes the changed page's code
    made, make = [], segno.make
    monkeypatch.setattr(segno, "make", lambda address, **settings: made.append(address) or make(address, **settings))
    qr_code_svgs([pay, trips], cache)  # the next full build
    assert made == []


def test_a_qr_code_cached_by_other_settings_or_damaged_is_made_again(tmp_path):
    import json
    from policy_core.sharing import qr_code_svg, qr_code_svgs
    cache = tmp_path / "policy-qr-codes.json"
    address = "https://policies.oakfield.example/policies/pay/"
    cache.write_text(json.dumps({"made_by": "segno 0.1", "codes": {address: "<svg>another site's code</svg>"}}))
    assert qr_code_svgs([address], str(cache)) == [qr_code_svg(address)]
    for damaged in ("{", "[]", '{"made_by": 1}'):
        cache.write_text(damaged)
        assert qr_code_svgs([address], str(cache)) == [qr_code_svg(address)]


@pytest.mark.parametrize("data, text, line, problem", [
    ("Ties.\r\nBlazers.\r".encode("utf-8-sig"), "Ties.\nBlazers.\n", None, None),
    ("Ties.\n".encode("utf-16-le"), None, 1, "saved as UTF-16 text"),
    ("Ties.\n".encode("utf-32"), None, 1, "saved as UTF-32 text"),
    ("Ties.\nCafé.\n".encode("cp1252"), None, 2, "not saved as UTF-8"),
    (b"Ties.\n\x1b[1mBlazers.\n", None, 2, "invisible control character (U+001B)"),
])
def test_only_utf8_text_without_control_characters_is_read(data, text, line, problem):
    read, errors = read_text("p.md", data)
    assert read == text
    assert [(error.line, problem in error.problem) for error in errors] == ([(line, True)] if problem else [])


def test_a_policy_too_deep_for_python_markdown_is_a_message_not_a_traceback():
    def convert(request):
        raise RecursionError("maximum recursion depth exceeded")

    policy, _, errors = read_policy("p.md", "p", "# P\n\nTies.\n", DECLARED, datetime.date(2026, 1, 1), convert)
    assert policy is None and [(error.line, error.problem) for error in errors] == [
        (1, "The policy is nested too deeply for the site to read.")]


def test_stylesheets_lose_their_comments_but_keep_every_rule_and_string():
    from policy_core.stylesheets import without_comments
    css = ('/* the school\'s colours */\n.badge { content: "/* not a comment */"; }  /* why */\n\n'
           "a::after { content: '*/'; color: red; }\n/* a\n   long one */\n")
    assert without_comments(css) == ('.badge { content: "/* not a comment */"; }\n'
                                     "a::after { content: '*/'; color: red; }\n")
