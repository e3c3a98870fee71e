"""The filter fails closed: a clause reaches an audience only when the build is sure it was tagged
for it. What it cannot apply stops the build; what it let through by mistake stops it too."""

import pytest

import policy_core.views
from helpers import Site, problems, render

STAFF_SECTION_IN = {
    "a note": """\
        # Visitors Policy

        !!! note "Signing in"

            Everyone signs in at the office.

            ## Checks by staff { audience="staff" }

            Staff check the visitor's badge against the list.

        Visitors leave by the front gate.
        """,
    "a block quote": """\
        # Visitors Policy

        > Everyone signs in at the office.
        >
        > ## Checks by staff { audience="staff" }
        >
        > Staff check the visitor's badge against the list.

        Visitors leave by the front gate.
        """,
    "a list item": """\
        # Visitors Policy

        - Everyone signs in at the office.

            ## Checks by staff { audience="staff" }

            Staff check the visitor's badge against the list.

        Visitors leave by the front gate.
        """,
    "an HTML block with Markdown in it": """\
        # Visitors Policy

        <div markdown="1">

        Everyone signs in at the office.

        ## Checks by staff { audience="staff" }

        Staff check the visitor's badge against the list.

        </div>

        Visitors leave by the front gate.
        """,
}


@pytest.mark.parametrize("container", list(STAFF_SECTION_IN))
def test_a_tagged_heading_inside_a_container_hides_its_section_down_to_the_containers_end(container):
    text = STAFF_SECTION_IN[container]
    parents = render(text, "parents", extensions=["md_in_html"]).get_text()
    staff = render(text, "staff", extensions=["md_in_html"]).get_text()
    assert "Staff check the visitor's badge" not in parents
    assert "Checks by staff" not in parents
    assert "Everyone signs in" in parents and "Visitors leave by the front gate" in parents
    assert "Staff check the visitor's badge" in staff and "Visitors leave by the front gate" in staff
    assert not problems(text, extensions=["md_in_html"])


def test_a_section_inside_a_note_ends_at_the_next_heading_as_high_in_that_note():
    text = """\
        # Visitors Policy

        !!! note "Signing in"

            ## Checks by staff { audience="staff" }

            Staff check badges.

            ## For parents

            Parents wait at the gate.
        """
    parents = render(text, "parents").get_text()
    assert "Staff check badges" not in parents
    assert "Parents wait at the gate" in parents


FOOTNOTES = """\
    # Trips Policy

    Staff carry the first aid kit[^kit].
    { audience="staff" }

    Parents sign the consent form[^form].
    { audience="parents" }

    [^kit]: The kit is in the staff room cupboard.
    [^form]: The form is sent home a week before.
    """


def test_a_footnote_is_shown_only_in_the_versions_that_show_a_clause_referring_to_it():
    parents = render(FOOTNOTES, "parents", extensions=["footnotes"]).get_text()
    staff = render(FOOTNOTES, "staff", extensions=["footnotes"]).get_text()
    full = render(FOOTNOTES, extensions=["footnotes"]).get_text()
    assert "staff room cupboard" not in parents and "sent home a week before" in parents
    assert "staff room cupboard" in staff and "sent home a week before" not in staff
    assert "staff room cupboard" in full and "sent home a week before" in full
    assert not problems(FOOTNOTES, extensions=["footnotes"])


def test_a_view_whose_clauses_refer_to_no_footnote_has_no_footnotes():
    governors = render(FOOTNOTES, "governors", extensions=["footnotes"])
    assert governors.find(class_="footnote") is None


def test_a_tag_in_a_footnote_stops_the_build():
    found = problems(FOOTNOTES.replace("the staff room cupboard.", 'the staff room cupboard. { audience="staff" }'),
                     extensions=["footnotes"])
    assert [error.problem for error in found] == ["An audience tag is in a footnote, which cannot carry one."]
    assert found[0].line == 9


def test_the_last_check_stops_a_view_that_still_holds_a_clause_not_tagged_for_it(monkeypatch):
    """The last check does not trust the filter: with the filter broken, the build stops."""
    monkeypatch.setattr(policy_core.views, "_remove_others", lambda *args: None)
    found = problems(STAFF_SECTION_IN["a note"])
    assert found and all("Internal error" in error.problem for error in found)
    assert any("Staff check the visitor's badge" in error.problem for error in found)


def test_the_last_check_stops_a_view_that_holds_a_footnote_no_clause_in_it_refers_to(monkeypatch):
    monkeypatch.setattr(policy_core.views, "_remove_footnotes_not_referred_to", lambda root: None)
    found = problems(FOOTNOTES, extensions=["footnotes"])
    assert any("Internal error" in error.problem and "staff room cupboard" in error.problem for error in found)


def test_the_last_check_stops_a_view_that_shows_a_tag_as_text(monkeypatch):
    monkeypatch.setattr(policy_core.clauses.ClauseReader, "_check_literal_tags", lambda self, root: None)
    found = problems("""\
        # Visitors Policy

        Visitors sign in. { audience="staff" } Every time.
        """)
    assert found and all("Internal error" in error.problem for error in found)


@pytest.mark.parametrize("text, line, words", [
    ('# Visitors Policy\n\n- Staff check badges. {audience="staff"\n- Visitors sign in.\n',
     3, "This tag has no closing brace"),
    ('# Visitors Policy\n\n<div class="box">\n<p>Staff check badges. { audience="staff" }</p>\n</div>\n',
     4, "An audience tag is inside HTML"),
    ('# Visitors Policy\n\n<div class="box">\n<p audience="staff">Staff check badges.</p>\n</div>\n',
     4, "An audience tag is inside HTML"),
])
def test_a_tag_the_build_cannot_apply_stops_it_at_its_line(text, line, words):
    found = problems(text)
    assert len(found) == 1, found
    assert found[0].line == line and words in found[0].problem


def test_a_tag_shown_as_an_example_in_code_is_text():
    assert not problems('# Visitors Policy\n\n```\n<p audience="staff">Example</p>\n```\n')


def test_a_page_that_is_not_a_policy_cannot_carry_tags(tmp_path):
    result = (Site(tmp_path)
              .write("about.md", '# About us\n\nWe are a school.\n\nThe safe code is 1234.\n{ audience="staff" }\n')
              .build())
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "docs/about.md:6: This page is not a policy, so its audience tags are not applied" in result.stderr


@pytest.mark.parametrize("name", ["notes.txt", "uniform.docx", "uniform.md.txt", "old/uniform.md"])
def test_a_file_in_the_policies_folder_that_is_not_a_policy_stops_the_build(tmp_path, name):
    site = Site(tmp_path).write("policies/uniform.md", "# Uniform Policy\n\nJumpers are blue.\n")
    site.write(f"policies/{name}", "Staff only: the safe code is 1234.\n")
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    message = next(line for line in result.stderr.splitlines() if line.startswith(f"docs/policies/{name}:"))
    # The editor is told which file, that it is not read as a policy, or would be published as it is.
    assert f'"{name}"' in message and ("is not a policy" in message or "as it is, for anyone to open" in message)
    assert not list((tmp_path / "site").rglob(name.rsplit("/", 1)[-1]))


def test_a_picture_beside_the_policies_is_published(tmp_path):
    site = Site(tmp_path).write("policies/uniform.md", "# Uniform Policy\n\nJumpers are blue.\n\n![A jumper](jumper.png)\n")
    (site.docs / "policies" / "jumper.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    site.built()
    assert (tmp_path / "site" / "policies" / "jumper.png").exists()


def test_a_markdown_extension_the_filter_does_not_understand_stops_the_build(tmp_path):
    site = Site(tmp_path).write("policies/uniform.md", "# Uniform Policy\n\nJumpers are blue.\n")
    settings = tmp_path / "mkdocs.yml"
    settings.write_text(settings.read_text().replace("  - tables\n", "  - tables\n  - abbr\n"))
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    line = settings.read_text().splitlines().index("  - abbr") + 1
    assert f'mkdocs.yml:{line}: The Markdown extension "abbr" cannot be used' in result.stderr
    assert "remove it from markdown_extensions" in result.stderr


def test_footnotes_build_in_every_version(tmp_path):
    site = Site(tmp_path).write("policies/trips.md", FOOTNOTES)
    settings = tmp_path / "mkdocs.yml"
    settings.write_text(settings.read_text().replace("  - tables\n", "  - tables\n  - footnotes\n"))
    site.built()
    assert "sent home a week before" in site.article("policies/trips/parents").get_text()
    assert "staff room cupboard" not in site.article("policies/trips/parents").get_text()


def test_footnotes_that_only_refer_to_each_other_follow_the_clause_that_refers_to_them():
    text = """\
        # Trips Policy

        ## Staff { audience="staff" }

        Staff carry the first aid kit.[^kit]

        ## Everyone

        Pupils bring a coat.

        [^kit]: The kit is in the staff room, see also the note on the key.[^key]
        [^key]: The key is on the hook by the office, see also the note on the kit.[^kit]
        """
    parents = render(text, "parents", extensions=["footnotes"]).get_text()
    assert "staff room" not in parents and "hook by the office" not in parents
    assert "hook by the office" in render(text, "staff", extensions=["footnotes"]).get_text()
    assert not problems(text, extensions=["footnotes"])


def test_a_class_the_site_gives_footnotes_cannot_be_given_by_an_editor():
    text = FOOTNOTES + '\nSee [the note](#fn:kit){ .footnote-ref }.\n'
    found = problems(text, extensions=["footnotes"])
    assert [error.problem[:50] for error in found] == ['The class "footnote-ref" is the one the site gives']


def test_a_note_of_the_kind_footnote_is_a_note_not_a_footnote():
    text = '# Trips Policy\n\n!!! footnote "Remember"\n    Bring a packed lunch.\n\nParents sign the form.\n'
    assert "Bring a packed lunch" in render(text, "parents", extensions=["footnotes"]).get_text()
    assert not problems(text, extensions=["footnotes"])


def test_html_that_an_extension_cannot_read_stops_the_build_with_a_message(tmp_path):
    site = Site(tmp_path).write("policies/trips.md", '# Trips Policy\n\n<div class="footnote" markdown="1">\n\n'
                                                     "1. Bring lunch.\n\n</div>\n")
    settings = tmp_path / "mkdocs.yml"
    settings.write_text(settings.read_text().replace("  - tables\n", "  - tables\n  - footnotes\n  - md_in_html\n"))
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "docs/policies/trips.md:1: The policy could not be read: Markdown stopped with" in result.stderr


def test_a_tag_on_its_own_line_under_a_list_stops_the_build():
    found = problems('# Trips Policy\n\n- The locker code is 1234.\n- The key is under the mat.\n{ audience="staff" }\n')
    assert [error.line for error in found] == [5]
    assert "tags only the list's last item" in found[0].problem
