"""Links that never break: the record of published addresses, and what happens when one would go."""

import re
import subprocess

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from helpers import PHONE_POLICY, REPO, Site


def recorded(site: Site) -> dict:
    return yaml.safe_load((site.root / "published-links.yml").read_text())


def test_the_build_records_every_view_address_with_its_anchors_and_short_links(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).built()
    links = recorded(site)
    assert links["policies/phones/"] == ["calling-the-office", "intro-1", "lockers"]
    assert links["policies/phones/parents/"] == ["calling-the-office", "intro-1"]
    assert links["go/phones/"] == [] and links["go/phones/lockers/"] == []
    before = (site.root / "published-links.yml").read_text()
    site.built()
    assert (site.root / "published-links.yml").read_text() == before


def test_a_build_that_would_lose_a_published_anchor_stops_and_names_it(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).built()
    site.write("policies/phones.md", PHONE_POLICY.replace("#lockers", "#phone-lockers"))
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert ('The clause anchor "lockers" was published (go/phones/lockers/, policies/phones/#lockers, '
            'policies/phones/staff/#lockers), but no clause has it now.') in result.stderr
    assert "1 problem stops the build" in result.stderr
    assert '"lockers: its-new-anchor"' in result.stderr
    assert "policies/phones/lockers" not in recorded(site)  # the record is not changed by a failed build


def test_a_renamed_heading_says_the_anchor_its_clauses_have_now(tmp_path):
    sectioned = PHONE_POLICY.replace("Phones stay in bags.", "## Bags\n\nPhones stay in bags.\n\n## Calls\n\nCall us.")
    site = Site(tmp_path).write("policies/phones.md", sectioned).built()
    result = site.write("policies/phones.md", sectioned.replace("## Bags", "## School bags")).build()
    assert result.returncode != 0 and "2 problems stop the build" in result.stderr
    assert 'Its heading seems to have been renamed "School bags": its anchor is "school-bags" now.' in result.stderr
    # Named at the renamed heading's line, where GitHub shows it in the change and the fix is made.
    assert result.stderr.count('docs/policies/phones.md:7: The clause anchor "bags') == 2
    assert 'the clause in its place has the anchor "school-bags-1" now.' in result.stderr
    assert ('give the heading its old anchor back: write { #bags } at the end of the line "School bags"; or, to keep '
            'the new anchors, add "moved:" to the front matter with a line "bags: school-bags".') in result.stderr
    assert 'with a line "bags-1: school-bags-1"' in result.stderr
    assert "calls" not in result.stderr
    site.write("policies/phones.md", sectioned.replace("## Bags", "## School bags { #bags }")).built()


def _git(site: Site, *arguments: str) -> None:
    subprocess.run(["git", "-c", "user.name=Office", "-c", "user.email=office@oakfield.example", *arguments],
                   cwd=site.root, check=True, capture_output=True)


def test_links_only_drafts_recorded_are_one_message_per_policy_saying_how_to_undo_them(tmp_path):
    """An editor imports a Word policy, builds it, then takes out its typed numbers: every clause's
    link changes. Fifty "say where it went" messages would be wrong advice for a policy never
    published; one message says how to undo what the draft builds recorded."""
    numbered = PHONE_POLICY.replace("Phones stay in bags.", "## 1 Bags\n\nPhones stay in bags.\n\n## 2 Calls\n\nCall us.")
    site = Site(tmp_path)
    _git(site, "init", "-q")
    _git(site, "add", "mkdocs.yml")
    _git(site, "commit", "-q", "-m", "Start our own policy site")
    site.write("policies/phones.md", numbered).built()
    site.write("policies/phones.md", numbered.replace("## 1 ", "## ").replace("## 2 ", "## "))
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "1 problem stops the build" in result.stderr
    assert ("docs/policies/phones.md:1: 4 clause link(s) of this policy lead to no clause now: #1-bags, #1-bags-1, "
            "#2-calls, #2-calls-1. Builds on this computer recorded them, and published-links.yml has never been "
            "committed in git.") in result.stderr
    assert "delete published-links.yml (the build writes it afresh), then build again" in result.stderr
    (site.root / "published-links.yml").unlink()
    site.built()
    _git(site, "add", "published-links.yml")
    _git(site, "commit", "-q", "-m", "Publish")
    site.write("policies/phones.md", numbered.replace("## 1 ", "## ").replace("## 2 ", "## ")
               .replace("Call us.", "Call the office.\n\nOr email.")).built()
    site.write("policies/phones.md", numbered.replace("## 1 ", "## ").replace("## 2 ", "## "))
    result = site.build()
    assert ("1 clause link(s) of this policy lead to no clause now: #calls-2. Builds on this computer recorded them "
            "since published-links.yml was last committed in git, which does not list them.") in result.stderr
    assert "undo what the builds recorded with git checkout published-links.yml, then build again" in result.stderr
    site.write("policies/phones.md", numbered.replace("## 1 ", "## "))
    _git(site, "checkout", "published-links.yml")
    result = site.build()
    assert 'The clause anchor "calls" was published' in result.stderr  # a committed link is named on its own
    assert "Builds on this computer" not in result.stderr


def test_saying_where_an_anchor_moved_lets_the_build_go_on(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).built()
    moved = PHONE_POLICY.replace("#lockers", "#phone-lockers").replace("title: Phone Policy",
                                                                  "title: Phone Policy\nmoved:\n  lockers: phone-lockers")
    site.write("policies/phones.md", moved).built()
    assert "lockers" in recorded(site)["policies/phones/"] and "phone-lockers" in recorded(site)["policies/phones/"]


def test_a_moved_anchor_must_lead_somewhere(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).built()
    moved = PHONE_POLICY.replace("#lockers", "#phone-lockers").replace("title: Phone Policy",
                                                                  "title: Phone Policy\nmoved:\n  lockers: nowhere")
    result = site.write("policies/phones.md", moved).build()
    assert result.returncode != 0
    assert 'docs/policies/phones.md:3: The moved setting sends "lockers" to "nowhere", which does not exist.' \
        in result.stderr
    assert "1 problem stops the build" in result.stderr  # once, not once for each version


def test_a_policy_that_disappears_stops_the_build_unless_renamed(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).built()
    (site.docs / "policies/phones.md").rename(site.docs / "policies/mobile-phones.md")
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "The address policies/phones/ was published, but no policy is there now." in result.stderr
    line = (site.root / "published-links.yml").read_text().splitlines().index("policies/phones/:") + 1
    assert f"published-links.yml:{line}: The address policies/phones/ was published" in result.stderr
    assert 'add "renamed_from: phones"' in result.stderr
    site.write("policies/mobile-phones.md", PHONE_POLICY.replace("title: Phone Policy",
                                                           "title: Phone Policy\nrenamed_from: phones")).built()
    redirect = (site.root / "site/policies/phones/parents/index.html").read_text()
    assert 'url=../../mobile-phones/parents/"' in redirect


def renamed_from_phones(title: str) -> str:
    return PHONE_POLICY.replace("Phone Policy", title).replace("---\n\n", "renamed_from: phones\n---\n\n", 1)


@pytest.mark.parametrize("other, text, message, fix", [
    ("phones-in-school.md", renamed_from_phones("Phone Rules"),
     'docs/policies/phones-in-school.md:3: renamed_from names "phones", and so does docs/policies/mobile-phones.md: '
     "the old links to it can lead to only one of the two.",
     "keep renamed_from: phones in the policy that phones.md became, and remove it from the other."),
    ("phones.md", PHONE_POLICY,
     'docs/policies/mobile-phones.md:3: renamed_from names "phones", but docs/policies/phones.md is a policy now.',
     "if phones.md is this same policy, delete one of the two files"),
])
def test_an_old_name_that_would_lead_to_two_policies_stops_the_build(tmp_path, other, text, message, fix):
    site = Site(tmp_path).write("policies/mobile-phones.md", renamed_from_phones("Phone Policy"))
    result = site.write(f"policies/{other}", text).build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert message in result.stderr and fix in result.stderr


def test_an_audience_view_that_is_no_longer_made_sends_readers_to_the_full_view(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).built()
    for_adults = PHONE_POLICY.replace('audience="parents"', 'audience="staff"').replace(
        "title: Phone Policy", "title: Phone Policy\naudiences: [staff, governors, volunteers, pta]")
    site.write("policies/phones.md", for_adults).built()
    redirect = (site.root / "site/policies/phones/parents/index.html").read_text()
    assert 'url=../"' in redirect and "This page has moved" in redirect


def test_the_example_sites_record_is_committed_up_to_date(tmp_path):
    """A new address the build adds must be committed, or the next build could lose it unnoticed."""
    committed = (REPO / "published-links.yml").read_text()
    build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    assert (REPO / "published-links.yml").read_text() == committed


def test_a_build_that_strict_refuses_records_nothing(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY)
    site.write("index.md", "# Welcome\n\nSee [the old page](missing.md).\n")
    result = site.build()
    assert result.returncode != 0 and "missing.md" in result.stderr
    assert not (site.root / "published-links.yml").exists()


def test_a_preview_with_mkdocs_serve_records_nothing(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY)
    assert "Serving on" in site.serve()
    assert not (site.root / "published-links.yml").exists()


def test_anchors_that_look_like_yes_no_or_numbers_are_recorded_as_written(tmp_path):
    """A YAML reader would take the anchor "no" for false and "010" for 8, and the next build would
    stop, saying the anchor was lost."""
    policy = PHONE_POLICY.replace("#lockers", "#no").replace("#calling-the-office", "#010")
    site = Site(tmp_path).write("policies/phones.md", policy).built()
    assert ["- 010", "- intro-1", "- no"] == [line for line in (site.root / "published-links.yml").read_text().splitlines()
                                              if line.startswith("- ")][:3]
    result = site.build()
    assert result.returncode == 0, result.stderr


def test_a_hand_edited_record_that_cannot_be_read_stops_the_build_at_its_line(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).built()
    record = site.root / "published-links.yml"
    lines = record.read_text().splitlines()
    lines.insert(5, "<<<<<<< HEAD")
    record.write_text("\n".join(lines) + "\n")
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert 'published-links.yml:6: The record of published addresses cannot be read at "<<<<<<< HEAD".' in result.stderr
    assert "git checkout published-links.yml" in result.stderr


def test_a_clause_moved_twice_keeps_its_first_address(tmp_path):
    """Renaming a clause again, the editor adds one moved: line; the older line still leads on."""
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).built()
    once = PHONE_POLICY.replace("#lockers", "#phone-lockers").replace(
        "title: Phone Policy", "title: Phone Policy\nmoved:\n  lockers: phone-lockers")
    site.write("policies/phones.md", once).built()
    twice = once.replace("#phone-lockers", "#staff-lockers").replace(
        "  lockers: phone-lockers", "  lockers: phone-lockers\n  phone-lockers: staff-lockers")
    site.write("policies/phones.md", twice).built()
    script = site.page("policies/phones").find("script", string=re.compile("var moved")).string
    assert '["lockers", "#staff-lockers"]' in script and '["phone-lockers", "#staff-lockers"]' in script


def test_an_audience_page_that_was_published_must_stay(tmp_path):
    """Renaming an audience's key would lose its page, the address a school gives to parents."""
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY).built()
    assert "for/parents/" in recorded(site)
    settings = site.root / "mkdocs.yml"
    settings.write_text(settings.read_text().replace("    parents:", "    families:"))
    site.write("policies/phones.md", PHONE_POLICY.replace('audience="parents"', 'audience="families"'))
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert 'The address for/parents/ was published (the page of policies for one audience), but no audience ' \
           'has the key "parents" now.' in result.stderr
    assert 'keep the key "parents" in mkdocs.yml and change only its label' in result.stderr


def test_naming_clauses_after_their_old_links_keeps_them_when_a_clause_is_inserted(tmp_path):
    rules = "---\ntitle: Break Policy\n---\n\n# Break Policy\n\n## Break\n\n{items}\n"
    site = Site(tmp_path).write("policies/break.md", rules.format(items="- Coats on in winter.\n- Hats in summer.")).built()
    pinned = "- Water bottles every day.\n- Coats on in winter. { #break-1 }\n- Hats in summer. { #break-2 }"
    site.write("policies/break.md", rules.format(items=pinned)).built()
    article = site.article("policies/break")
    assert article.find(id="break-1").get_text().startswith("Coats on in winter.")
    assert article.find(id="break-2").get_text().startswith("Hats in summer.")
    water = next(item for item in article.find_all("li") if item.get_text().startswith("Water bottles"))
    assert water["id"] not in ("break-1", "break-2")
