"""Audience groups (one key for several audiences), opt-in audiences (reached only by policies that
name them), and a policy's link to its separate version for children or in easy read."""

import json
import textwrap
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup

import helpers
from helpers import AUDIENCES, Site, problems, render
from policy_core.audiences import read_audience_groups, read_declared_audiences
from policy_core.policies import PolicySite
from policy_core.settings import read_site_settings
from policy_core.source import SourceLines, read_policy_audiences, read_policy_source
from test_pdfs import build, pdf_text

PUPILS = {"label": "Pupils", "opt_in": True}
GROUPS = {"adults-in-school": ["staff", "volunteers", "governors"], "family": "parents pupils"}


def settings_text(audiences: dict, groups) -> str:
    """An invented school's mkdocs.yml, as an editor writes it; `groups` is a mapping of groups, or the
    lines written under audience_groups: as they are."""
    declared = "".join(f"    {key}: {json.dumps(label)}\n" for key, label in audiences.items())
    text = f"site_name: Oakfield\nextra:\n  school:\n    name: Oakfield Primary School\n  audiences:\n{declared}"
    if groups is not None:
        written = groups if isinstance(groups, str) else \
            "".join(f"    {key}: {json.dumps(members)}\n" for key, members in groups.items())
        text += "  audience_groups:" + ("\n" + written if written else " {}\n")
    return text


def read_settings(audiences: dict, groups):
    text = settings_text(audiences, groups)
    extra = yaml.safe_load(text)["extra"]
    return read_site_settings(extra, "https://policies.oakfield.example/", "mkdocs.yml", text, "2026-06-01")


def declared_with(groups=GROUPS, audiences=None):
    settings, errors = read_settings(audiences or {**AUDIENCES, "pupils": PUPILS}, groups)
    assert errors == []
    return settings.audiences


@pytest.fixture
def school(monkeypatch):
    """The core's views, for a school with a pupils audience that is opt-in and two groups."""
    declared = declared_with()
    monkeypatch.setattr(helpers, "DECLARED", declared)
    return declared


# Groups in tags and front matter ---------------------------------------------------------------

GROUP_TAGGED = """\
    # Visitors Policy

    Everyone signs in at the office.

    - Adults in school wear a lanyard. { #lanyards audience="adults-in-school" }
    - Parents wait at the gate. { #gate audience="parents" }

    ## Keys { audience="adults-in-school" }

    Keys are kept in the office.

    - Staff lock up at six. { #locking-up audience="staff" }
    """


def test_a_group_in_a_tag_reaches_exactly_its_audiences(school):
    everyone = school.unless_named
    assert problems(GROUP_TAGGED, everyone) == []  # the last check of each view expands the group too
    words = {audience: render(GROUP_TAGGED, audience, everyone).get_text(" ") for audience in everyone}
    for adult in ("staff", "volunteers", "governors"):
        assert "wear a lanyard" in words[adult] and "Keys are kept" in words[adult]
        assert "wait at the gate" not in words[adult]
    assert "lock up at six" in words["staff"] and "lock up at six" not in words["volunteers"]
    for other in ("parents", "pta"):
        assert "lanyard" not in words[other] and "Keys" not in words[other]
    assert "wait at the gate" in words["parents"] and "wait at the gate" not in words["pta"]


def test_the_badge_names_the_audiences_of_a_group_never_its_key(school):
    full = render(GROUP_TAGGED, None, school.unless_named)
    assert full.find(id="lanyards").select_one(".audience-badge").get_text() == \
        "Applies to: Staff · Governors · Volunteers"
    assert "adults-in-school" not in str(full)


def test_a_policy_names_a_group_in_its_audiences(school):
    source, _ = read_policy_source("trips.md", "trips", "---\naudiences: [adults-in-school, family]\n---\n# Trips\n")
    assert read_policy_audiences(source, school) == (("staff", "governors", "volunteers", "parents", "pupils"), [])
    source, _ = read_policy_source("trips.md", "trips", "---\naudiences: adults-in-schol\n---\n# Trips\n")
    _, errors = read_policy_audiences(source, school)
    assert errors[0].line == 2 and 'not declared: "adults-in-schol"' in errors[0].problem
    assert 'did you mean "adults-in-school"' in errors[0].fix


def test_a_group_tag_cannot_widen_what_it_sits_in(school):
    found = problems("""\
        # Visitors Policy

        ## Keys { audience="staff governors" }

        - Adults in school hold keys. { audience="adults-in-school" }
        """, ("staff", "governors", "volunteers", "parents"))
    assert [(error.line, error.problem) for error in found] == [
        (5, 'The tag names the group "adults-in-school" (Staff · Governors · Volunteers), but the section "Keys" is '
            "only for Staff · Governors.")]


def test_a_group_written_without_quotes_is_refused_like_an_audience(school):
    for tag in ('{ audience=staff adults-in-school }', '{ audience="staff" adults-in-school }'):
        found = problems(f"# Visitors Policy\n\n- Adults sign in. {tag}\n", school.unless_named)
        assert len(found) == 1 and "not written the way the site reads it" in found[0].problem


# Opt-in audiences ----------------------------------------------------------------------------

def test_a_policy_that_does_not_say_is_not_for_an_opt_in_audience(school):
    source, _ = read_policy_source("visitors.md", "visitors", "# Visitors\n")
    assert read_policy_audiences(source, school) == (("staff", "governors", "volunteers", "pta", "parents"), [])


def test_a_tag_for_an_opt_in_audience_says_to_name_it_in_the_policys_audiences(school):
    found = problems("# Visitors Policy\n\nVisitors sign in.\n\n- Pupils say hello. { audience=\"pupils\" }\n",
                     school.unless_named)
    assert len(found) == 1 and found[0].line == 5
    assert found[0].problem == 'The tag names "pupils", but the policy is only for ' \
                               "Staff · Governors · Volunteers · Friends of Oakfield (PTA) · Parents and carers."
    assert found[0].fix == ("a tag can only narrow what it sits in: add pupils to the policy's audiences (pupils: "
                            "opt-in, so only a policy whose audiences setting names it reaches it) by writing "
                            '"audiences: [staff, governors, volunteers, pta, parents, pupils]" in its front matter, '
                            'or remove "pupils" from this tag.')


def test_an_opt_in_audience_no_policy_names_still_has_its_page_saying_so(school):
    assert "No policy has clauses for this group yet." in PolicySite(school).hub_markdown("pupils")
    assert "[Pupils](for/pupils.md)" in PolicySite(school).home_markdown(None)


def test_every_audience_opt_in_and_no_audiences_setting_is_refused():
    declared = declared_with(None, {"pupils": PUPILS})
    source, _ = read_policy_source("visitors.md", "visitors", "# Visitors\n")
    _, errors = read_policy_audiences(source, declared)
    assert "every audience is opt-in, so it would reach no one" in errors[0].problem


# Mistakes in the settings, each at its line of mkdocs.yml ----------------------------------------

SETTINGS_MISTAKES = {
    "group named like an audience": (
        {"staff": ["staff", "volunteers"]}, "staff",
        'The group "staff" has the same key as an audience, so a tag naming it could mean either.',
        'give the group another key, for example "staff-and-others".'),
    "unknown member": (
        {"adults-in-school": ["staf", "volunteers"]}, "adults-in-school",
        'The group "adults-in-school" names an audience that is not declared: "staf".', 'did you mean "staff"?'),
    "empty list": ({"adults-in-school": []}, "adults-in-school", 'The group "adults-in-school" names no audiences.',
                   "list the audiences it stands for"),
    "empty words": ({"adults-in-school": " "}, "adults-in-school",
                    'The group "adults-in-school" names no audiences.', "or remove the group"),
    "group in a group": (
        {"adults-in-school": ["staff", "volunteers"], "everyone": ["adults-in-school", "parents"]}, "everyone",
        'The group "everyone" names another group, "adults-in-school".',
        'a group lists audiences only: write the audiences of "adults-in-school" (staff volunteers) in its place.'),
    "bad key": ({"Adults In School": ["staff"]}, "Adults In School",
                'The group key "Adults In School" cannot be used in tags.', "lower-case letters, digits and hyphens"),
    "not a list": ({"adults-in-school": {"staff": True}}, "adults-in-school",
                   'The group "adults-in-school" is not a list of audience keys.',
                   "adults-in-school: [staff, governors]"),
    "a number": ({"adults-in-school": 3}, "adults-in-school",
                 'The group "adults-in-school" is not a list of audience keys.', "write the audiences it stands for"),
}


@pytest.mark.parametrize("groups, key, problem, fix", SETTINGS_MISTAKES.values(), ids=SETTINGS_MISTAKES)
def test_each_mistake_in_a_group_is_reported_at_its_line(groups, key, problem, fix):
    settings, errors = read_settings(AUDIENCES, groups)
    text = settings_text(AUDIENCES, groups)
    assert settings is None and [error.problem for error in errors] == [problem]
    assert fix in errors[0].fix and errors[0].file == "mkdocs.yml"
    assert errors[0].line == text.splitlines().index(f"    {key}: {json.dumps(groups[key])}") + 1


def test_audience_groups_that_are_not_a_list_of_groups_are_refused():
    settings, errors = read_settings(AUDIENCES, "  - staff\n")
    assert settings is None and errors[0].problem == "audience_groups is not a list of groups."
    assert errors[0].line == settings_text(AUDIENCES, "  - staff\n").splitlines().index("  audience_groups:") + 1


OPT_IN_MISTAKES = {
    "unknown setting": ({"label": "Pupils", "opt-in": True},
                        'The audience "pupils" has a setting the site does not know: "opt-in".',
                        "pupils: {label: Pupils, opt_in: true}"),
    "no label": ({"opt_in": True}, 'The audience "pupils" has no label.', "pupils: {label: Pupils, opt_in: true}"),
    "opt_in not true or false": ({"label": "Pupils", "opt_in": "sometimes"},
                                 'The audience "pupils" has opt_in: sometimes, which is not true or false.',
                                 "write opt_in: true"),
}


@pytest.mark.parametrize("pupils, problem, fix", OPT_IN_MISTAKES.values(), ids=OPT_IN_MISTAKES)
def test_each_mistake_in_an_opt_in_audience_is_reported_at_its_line(pupils, problem, fix):
    audiences = {**AUDIENCES, "pupils": pupils}
    settings, errors = read_settings(audiences, None)
    assert settings is None and [error.problem for error in errors] == [problem] and fix in errors[0].fix
    assert errors[0].line == settings_text(audiences, None).splitlines().index(
        f"    pupils: {json.dumps(pupils)}") + 1


def test_the_short_and_the_opt_in_forms_can_be_mixed():
    declared, errors = read_declared_audiences({"staff": "Staff", "pupils": PUPILS}, "mkdocs.yml", 3)
    assert errors == [] and declared.labels == {"staff": "Staff", "pupils": "Pupils"}
    assert declared.opt_in == {"pupils"} and declared.unless_named == ("staff",)
    grouped, errors = read_audience_groups({"everyone": "staff, pupils"}, declared, "mkdocs.yml", 9, lambda key: 10)
    assert errors == [] and grouped.expand(["everyone"]) == {"staff", "pupils"}


def test_a_key_line_is_found_under_its_own_setting():
    lines = SourceLines("extra:\n  audiences:\n    staff: Staff\n  audience_groups:\n    staff: [staff]\n")
    assert lines.key_line_under("audience_groups", "staff") == 5
    assert lines.key_line_under("audiences", "staff") == 3


# A whole site ------------------------------------------------------------------------------

EASY_READ = "https://www.oakfield.example/easy-read/visitors?size=large&print=yes"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """An invented school with opt-in pupils, two groups, and a policy with a version for children."""
    site = Site(tmp_path_factory.mktemp("groups"), audiences={**AUDIENCES, "pupils": PUPILS})
    with open(site.root / "mkdocs.yml", "a") as settings:
        settings.write("  audience_groups:\n    adults-in-school: [staff, volunteers, governors]\n"
                       "    family: parents pupils\n")
    site.write("policies/visitors.md", "---\nchild_friendly: visitors-for-pupils.md\n"
               f"easy_read: {EASY_READ}\n---\n\n" + textwrap.dedent(GROUP_TAGGED))
    site.write("policies/visitors-for-pupils.md", """\
        ---
        audiences: [pupils]
        ---

        # Visitors: for pupils

        Tell a grown-up if you see someone you do not know.
        """)
    site.write("policies/trips.md", """\
        ---
        audiences: [adults-in-school, family]
        ---

        # Trips Policy

        Trips are planned a term ahead.

        - Pupils bring a packed lunch. { #lunch audience="pupils" }
        - The trip leader counts heads. { #heads audience="adults-in-school" }
        """)
    return site.built()


def hub_policies(site, audience: str) -> list[str]:
    return [link.get_text() for link in site.article(f"for/{audience}").select("li a")]


def test_the_pupils_hub_lists_only_policies_that_name_pupils(site):
    assert hub_policies(site, "pupils") == ["Trips Policy", "Visitors: for pupils"]
    assert hub_policies(site, "parents") == ["Trips Policy", "Visitors Policy"]
    assert "Pupils" in [link.get_text() for link in site.article("").select("li a")]


def test_an_untagged_adult_policy_has_no_version_for_pupils(site):
    assert not (site.root / "site/policies/visitors/pupils").exists()
    assert not any("/pupils/" in entry["location"] for entry in site.search_index()
                   if entry["location"].startswith("policies/visitors/"))
    register = site.article("policies").find("a", string="Visitors Policy").find_parent("tr")
    assert "Pupils" not in register.get_text()


def test_the_page_not_found_names_an_opt_in_audience_by_its_label(site):
    not_found = BeautifulSoup((site.root / "site/404.html").read_text(), "html.parser")
    assert not_found.find("article").find("a", href="/for/pupils/").get_text() == "Pupils"


def test_a_policy_naming_a_group_of_audiences_reaches_each_of_them(site):
    pupils = site.article("policies/trips/pupils").get_text(" ")
    assert "packed lunch" in pupils and "planned a term ahead" in pupils and "counts heads" not in pupils
    governors = site.article("policies/trips/governors").get_text(" ")
    assert "counts heads" in governors and "packed lunch" not in governors
    register = site.article("policies").find("a", string="Trips Policy").find_parent("tr")
    assert [link.get_text() for link in register.select("td:last-child a")] == \
        ["Staff", "Governors", "Volunteers", "Parents and carers", "Pupils"]


def test_readers_never_see_a_groups_key(site):
    pages = list((site.root / "site").rglob("*.html"))
    assert pages and not [path for path in pages if "adults-in-school" in path.read_text()]
    assert "adults-in-school" not in (site.root / "site/search/search_index.json").read_text()
    assert not (site.root / "site/for/adults-in-school").exists()


VISITOR_VIEWS = ["", "staff/", "governors/", "volunteers/", "pta/", "parents/"]


@pytest.mark.parametrize("view", VISITOR_VIEWS)
def test_every_version_links_to_the_version_for_children(site, view):
    page = site.article(f"policies/visitors/{view}")
    children = page.find("a", string="A version of this policy for children")
    address = urljoin(f"https://policies.oakfield.example/policies/visitors/{view}", children["href"])
    assert address == "https://policies.oakfield.example/policies/visitors-for-pupils/"
    assert page.find("a", string="An easy-read version of this policy")["href"] == EASY_READ
    html = (site.root / "site/policies/visitors" / view / "index.html").read_text()
    assert EASY_READ.replace("&", "&amp;") in html and EASY_READ not in html


BAD_ADDRESSES = ["javascript:alert(1)", "http://www.oakfield.example/easy.pdf", "https://", "ftp://oakfield.example/x",
                 'https://www.oakfield.example/"onmouseover="alert(1)', "../secret.md", "[Easy read](easy.md)"]


@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_a_version_link_that_is_not_a_policy_or_an_https_address_is_refused(tmp_path, address):
    text = f"---\neasy_read: {json.dumps(address)}\n---\n\n# Visitors Policy\n\nVisitors sign in.\n"
    result = Site(tmp_path).write("policies/visitors.md", text).build()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f'docs/policies/visitors.md:2: The setting "easy_read" is not a policy\'s file name or an https:// '
            f"address: {address}.") in result.stderr
    assert "full address of a page that starts with https://" in result.stderr


def test_a_version_for_children_that_is_not_a_policy_is_refused(tmp_path):
    site = Site(tmp_path).write("policies/visitors.md", "---\ntitle: Visitors Policy\nchild_friendly: visitor.md\n"
                                                         "---\n\n# Visitors Policy\n\nVisitors sign in.\n")
    result = site.write("policies/visits.md", "---\nchild_friendly: visits\n---\n\n# Visits\n\nVisits.\n").build()
    assert result.returncode == 1
    assert ('docs/policies/visitors.md:3: The policy names "visitor.md" as its version for children or in easy read, '
            "but there is no such policy in docs/policies.") in result.stderr
    assert "docs/policies/visits.md:2: The policy names itself as its version for children" in result.stderr


def test_the_pdf_of_every_version_names_the_version_for_children(tmp_path):
    site = Site(tmp_path)
    site.write("policies/visitors.md", "---\nchild_friendly: visitors-for-pupils.md\n---\n\n# Visitors Policy\n\n"
                                       "Visitors sign in.\n\n- Staff check badges. { audience=\"staff\" }\n")
    site.write("policies/visitors-for-pupils.md", "# Visitors: for pupils\n\nTell a grown-up.\n")
    settings = site.root / "mkdocs.yml"
    settings.write_text(settings.read_text().replace("extra:\n", "extra:\n  pdf: true\n"))
    build(site)
    for path in ("policies/visitors/visitors.pdf", "policies/visitors/staff/visitors-staff.pdf"):
        assert "A version of this policy for children" in pdf_text(site, path)


def test_a_settings_mistake_stops_the_build_at_its_line(tmp_path):
    site = Site(tmp_path).write("policies/visitors.md", "# Visitors Policy\n\nVisitors sign in.\n")
    with open(site.root / "mkdocs.yml", "a") as settings:
        settings.write("  audience_groups:\n    adults: [staff, volunteer]\n")
    result = site.build()
    line = (site.root / "mkdocs.yml").read_text().splitlines().index("    adults: [staff, volunteer]") + 1
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f'mkdocs.yml:{line}: The group "adults" names an audience that is not declared: "volunteer".' in result.stderr
    assert 'did you mean "volunteers"?' in result.stderr
