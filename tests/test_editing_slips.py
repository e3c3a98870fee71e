"""Everyday slips that Markdown would publish quietly as something else stop the build at their line,
and ordinary policy text does not."""

import os

import pytest

from helpers import PHONE_POLICY, Site, problems, render
from policy_core.editing_slips import word_leftovers
from policy_core.source import read_policy_source

SLIPS = {
    "a list with no empty line above it": (
        "# Uniform Policy\n\nPupils wear:\n- a blue jumper\n- black shoes\n",
        [4, 5], "it would be run into the line above it", "leave an empty line between the paragraph and the list"),
    "a list inside an item indented by 2 spaces": (
        '# Uniform Policy\n\n- Staff check ties. { audience="staff" }\n  - Ties are logged in the staff room.\n- Pupils tuck in shirts.\n',
        [4], "indented by fewer than 4 spaces", "indent it by 4 spaces"),
    "bullets pasted from Word": (
        "# Uniform Policy\n\n• A blue jumper\n• Black shoes\n",
        [3, 4], "a bullet pasted from Word", 'start each item with "- "'),
    "dashes pasted from Word as list markers": (
        "# Uniform Policy\n\nPupils wear:\n\n\u2013\tA blue jumper\n\u2014\u00a0Black shoes\n",
        [5, 6], "a bullet pasted from Word", 'start each item with "- "'),
    "a non-breaking space after a list marker": (
        "# Uniform Policy\n\nPupils wear:\n\n-\u00a0a blue jumper\n- black shoes\n",
        [5], "followed by a non-breaking space", "type an ordinary space"),
    "a figure space pasted after a list marker": (
        "# Uniform Policy\n\nPupils wear:\n\n-\u2007a blue jumper\n- black shoes\n",
        [5], "followed by a figure space at column 2", "type an ordinary space"),
    "an invisible space pasted after a number": (
        "# Uniform Policy\n\nPupils wear:\n\n1.\u200b a blue jumper\n2. black shoes\n",
        [5], "followed by an invisible zero width space at column 3", "type an ordinary space"),
    "an id left as text": (
        "# Uniform Policy\n\nTies are blue. { #tie-colour }\n",
        [3], "This tag was not applied and would show as text: { #tie-colour }", "on its own line directly under"),
    "a placeholder from a template": (
        "# Uniform Policy\n\nThe uniform shop is on <insert phone number>.\n",
        [3], "<insert phone number> looks like HTML, so it would be hidden from readers",
        "write it in square brackets instead: [insert phone number]"),
    "a placeholder alone on its line": (
        "# Uniform Policy\n\n<insert school name>\n\nPupils wear blue.\n",
        [3], "<insert school name> looks like HTML", "write what it stands for"),
}


@pytest.mark.parametrize("case", list(SLIPS))
def test_an_everyday_slip_stops_the_build_at_its_line(case):
    text, lines, problem, fix = SLIPS[case]
    found = problems(text)
    assert [error.line for error in found] == lines, found
    assert all(problem in error.problem and fix in error.fix for error in found), found


@pytest.mark.parametrize("text", [
    "# Uniform Policy\n\nIn the year\n2024. We changed the jumper.\n",
    "# Uniform Policy\n\n> Smart, warm and affordable.\n>\n> \u2014 The Headteacher\n\n\u2013 and nothing else.\n",
    "# Uniform Policy\n\nCall <strong>the office</strong>,<br> or write to <office@oakfield.example>.\n",
    "# Uniform Policy\n\nSee <https://oakfield.example/uniform> and H<sub>2</sub>O.\n\n<!-- a note for editors -->\n",
    "# Uniform Policy\n\n```\n<insert name> { #an-id }\n- a\n```\n\nExample:\n\n    <insert name> { #an-id }\n    - Staff check. { audience = \"staff\" }\n\nEnd.\n",
    "# Uniform Policy\n\n| Item | Price {in £} each |\n| --- | --- |\n| Jumper | 12 |\n",
    "# Uniform Policy\n\n- Ties\n\n    - Blue ties\n\n        - Navy on Fridays\n\n- Shoes\n",
])
def test_ordinary_policy_text_is_not_taken_for_a_slip(text):
    assert problems(text) == []


def test_settings_with_no_opening_line_stop_the_build():
    _, errors = read_policy_source("uniform.md", "uniform", "title: Uniform Policy\nowner: Head\n---\n\n# Uniform Policy\n")
    assert [error.line for error in errors] == [1]
    assert errors[0].problem.startswith("The settings at the top (front matter) have no opening '---' line")
    assert "add a line of three dashes (---) above the first setting" in errors[0].fix


def test_a_policy_starting_with_a_sentence_over_a_rule_is_not_taken_for_settings():
    _, errors = read_policy_source("uniform.md", "uniform", "Note: this policy is new\n---\n\n# Uniform Policy\n")
    assert errors == []


def test_each_tag_left_as_text_is_named_at_its_own_line_when_two_read_the_same():
    found = problems('# Uniform Policy\n\nTies are blue. { audience="staff" }\n\nShoes are black.\n\n'
                     '{ audience="staff" }\n')
    assert [error.line for error in found] == [3, 7]


def test_a_tag_on_a_notes_title_line_is_named_there_not_at_a_quote_using_the_same_tag():
    found = problems('# Uniform Policy\n\n> { audience="parents" }\n>\n> Label every jumper.\n\n'
                     '!!! note "For parents" { audience="parents" }\n\n    Lost property is in the hall.\n')
    assert [error.line for error in found] == [7]


def test_a_slip_in_a_built_site_names_the_file_and_line(tmp_path):
    result = Site(tmp_path).write("policies/uniform.md", SLIPS["bullets pasted from Word"][0]).build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "docs/policies/uniform.md:3: This line starts with a bullet pasted from Word" in result.stderr


@pytest.mark.parametrize("tag", ['{\u00a0audience="staff" }', '{ audience="staff"\u00a0}',
                                 '{ audience="staff\u00a0parents" }', '{ audience\u200b="staff" }'])
def test_a_tag_with_a_space_pasted_from_word_stops_the_build_at_its_line(tag):
    found = problems(f"# Uniform Policy\n\nPupils wear blue.\n\n- Staff check ties. {tag}\n- Pupils tuck in shirts.\n")
    assert [error.line for error in found] == [5]
    assert "not written the way the site reads it" in found[0].problem and "pasted from Word" in found[0].fix


def test_a_heading_whose_tag_follows_a_space_pasted_from_word_says_so():
    found = problems('# Uniform Policy\n\n## Checks\u00a0{ audience="staff" }\n\nStaff check ties.\n')
    assert [error.line for error in found] == [3]
    assert "pasted from Word" in found[0].fix


@pytest.mark.parametrize("text, line, words", [
    ("audiences: [staff]\n\n# Staff Handbook\n\nThe safe code is 1234.\n", 1, '"audiences:" looks like a setting'),
    ("\ntitle: Staff Handbook\naudiences: [staff]\n\n# Staff Handbook\n", 2, '"title:" looks like a setting'),
    ("----\naudiences: [staff]\n----\n\n# Staff Handbook\n", 1, "between lines of four dashes or more"),
    ("---\naudiences: [staff]\ntitle: Staff Handbook\naudiences: [staff, parents]\n---\n\n# Staff Handbook\n", 4,
     'the setting "audiences" is written twice'),
])
def test_settings_the_site_would_ignore_or_read_wrongly_stop_the_build(tmp_path, text, line, words):
    result = Site(tmp_path).write("policies/handbook.md", text).build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"docs/policies/handbook.md:{line}: " in result.stderr and words in result.stderr, result.stderr


@pytest.mark.parametrize("tag, words", [
    ('\uff5b audience="staff" \uff5d', "This looks like an audience tag, but the site cannot read it as one"),
    ('\\{ audience="staff" }', "This looks like an audience tag, but the site cannot read it as one"),
    ('&#123; audience="staff" }', "This looks like an audience tag, but the site cannot read it as one"),
    ('{ audi\u200bence="staff" }', 'A tag uses the key "audi_ence="'),
    ('{ Audience="staff" }', "This tag is not written the way the site reads it"),
])
def test_a_tag_the_site_cannot_read_is_named_at_its_own_line_not_as_an_internal_error(tag, words):
    found = problems(f'# Trips Policy\n\nEveryone reads this.\n\n- Staff words. {{ audience="staff" }}\n\n'
                     f"Staff only.\n{tag}\n")
    assert [error.line for error in found] == [8], found
    assert words in found[0].problem


def test_a_sentence_that_reads_like_a_tag_is_named_with_the_fix_to_keep_it_as_words():
    found = problems('# Trips Policy\n\nIn the form, choose audience="parents" from the list.\n')
    assert [error.line for error in found] == [3]
    assert "between backticks" in found[0].fix
    assert not problems('# Trips Policy\n\nIn the form, choose `audience="parents"` from the list.\n')


def test_words_in_curly_brackets_that_would_vanish_stop_the_build_at_their_line():
    found = problems("# Trips Policy\n\n- Name: {child name}\n\n## Costs {approx}\n\nDear parent,\n{ first name }\n")
    assert [error.line for error in found] == [3, 5, 8]
    assert '"{child name}" would vanish' in found[0].problem and "(child name)" in found[0].fix


def test_a_heading_written_in_html_or_an_html_block_never_closed_stops_the_build():
    heading = problems('# Trips Policy\n\n## Staff { audience="staff" }\n\nStaff text.\n\n<h2>For everyone</h2>\n\nAll.\n')
    assert [(error.line, error.problem[:36]) for error in heading] == [(7, "A heading written in HTML (<h2>) doe")]
    unclosed = problems('# Trips Policy\n\n## Staff { audience="staff" }\n\n<div markdown="1">\n\nStaff text.\n\n'
                        "## Everyone\n\nAll.\n", extensions=["md_in_html"])
    assert [(error.line, error.problem[:25]) for error in unclosed] == [(5, "This <div> is never close")]


def test_a_pipe_in_the_docs_folder_stops_the_build_instead_of_waiting_for_ever(tmp_path):
    site = Site(tmp_path).write("policies/trips.md", "# Trips Policy\n\nText.\n")
    os.mkfifo(site.docs / "policies" / "notes.md")
    result = site.build()
    assert result.returncode != 0 and "docs/policies/notes.md:1: This is not a file but a pipe" in result.stderr


@pytest.mark.parametrize("text, line, words", [
    ('- Staff check ties. { audience="staff" }\n\n  Ties are logged in the staff room.\n\n- Pupils tuck in shirts.\n',
     5, "indented by fewer than 4 spaces, so it is not part of the list item"),
    ('!!! note "For staff"\n    { audience="staff" }\n\n    Staff check ties.\n\n  Ties are logged.\n',
     8, "indented by fewer than 4 spaces, so it is not part of the list item or note"),
    ('## Ratios { audience="staff" }\n\nOne adult to six pupils.\n---\n\nMore staff words.\n',
     6, "This line of dashes (or = signs) straight under a line of text makes that text a heading"),
    ('## Staff { audience="staff" }\n\n- Sign in.\n\n- Phone the head.\n---\n\nStaff words.\n', 8,
     "This line of dashes (or = signs) straight under a line of text"),
    ('> - Staff item. { audience="staff" }\n>\n>   Staff words in the quote.\n', 5,
     "indented by fewer than 4 spaces, so it is not part of the list item"),
    ('- Staff item. { audience="staff" }\n\n\u00a0\u00a0\u00a0\u00a0Staff words.\n', 5,
     "starts with non-breaking spaces pasted from Word"),
    ('- Staff item. { audience="staff" }\n<div>Staff words.</div>\n', 4,
     "This HTML comes straight under a list item"),
    ('100. Staff item. { audience="staff" }\n\n   Staff words.\n', 5, "indented by fewer than 4 spaces"),
])
def test_what_would_end_a_tagged_part_too_early_stops_the_build(text, line, words):
    found = problems("# Trips Policy\n\n" + text)
    assert [error.line for error in found] == [line], found
    assert words in found[0].problem


@pytest.mark.parametrize("text", [
    "<!-- <div class=\"old\"> removed in 2024; make this an <h2> later; <insert name> -->\n\nWords.\n",
    "Write \\<div> to start a box.\n",
    "Example:\n\n    <div class=\"box\">\n\nWords.\n",
    "The form is at https://oakfield.example/form?audience=parents and you should know your audience = parents.\n",
    "The set {x=1} is small and trip {#3} leaves first.\n",
    "- Item for all.\n\n## Staff section\nStaff paragraph.\n{ audience=\"staff\" }\n",
    "- Item for all.\n\n    A second paragraph of the item.\n\n- Another item.\n\n---\n\nAfter the rule.\n",
])
def test_ordinary_text_near_the_new_checks_is_not_refused(text):
    assert problems("# Trips Policy\n\n" + text) == []


def test_a_links_title_written_apart_from_the_link_stops_the_build():
    found = problems('# Trips Policy\n\nParents fill in [the form][form].\n\n## Staff { audience="staff" }\n\n'
                     'Staff words.\n\n[form]: https://oakfield.example/form "Staff: check it by Friday"\n')
    assert [error.line for error in found] == [9]
    assert "title is written apart from the link" in found[0].problem
    assert not problems("# Trips Policy\n\nParents fill in [the form][form].\n\n[form]: https://oakfield.example/form\n")


def test_the_same_slip_twice_is_named_at_each_of_its_lines():
    found = problems("# Trips Policy\n\nCall <insert name> first.\n\nCosts {approx}\n{approx}\n\n"
                     "Then call <insert name> again.\n\n## Lunch {approx}\n")
    assert sorted((error.line, error.problem[:12]) for error in found) == [
        (3, "<insert name"), (6, 'The words "{'), (8, "<insert name"), (10, 'The words "{')]


def test_a_tag_on_an_html_block_or_a_definition_list_names_what_it_is_on():
    found = problems('# Trips Policy\n\n<div markdown="1" audience="staff">\n\nStaff words.\n\n</div>\n',
                     extensions=["md_in_html"])
    assert [error.problem for error in found] == ["An audience tag is on an HTML block, which cannot carry one."]


@pytest.mark.parametrize("text", [
    "Words.[^1]\n\n[^1]: A note.\n\n    - one point in the note\n    - another\n",
    "  - An item indented by two.\n\n    Its second paragraph, at four.\n",
    "- An item.\n- Another.\n\n  <!-- reviewed in 2024 -->\n",
])
def test_ordinary_lists_in_footnotes_and_indented_lists_are_not_refused(text):
    assert problems("# Trips Policy\n\n" + text, extensions=["footnotes"]) == []


def test_an_editors_html_comment_is_emptied_in_every_view():
    text = '# Trips Policy\n\nStaff words.\n{ audience="staff" }\n<!-- ask the head about this -->\n\nAll. <!-- and this -->\n'
    for audience in (None, "parents"):
        assert "ask the head" not in str(render(text, audience)) and "and this" not in str(render(text, audience))


# Coming from Word ------------------------------------------------------------------------------

WORD_LEFTOVERS = {
    "nbsp-after-a-settings-colon": ("---\ntitle:\u00a0Bags Policy\n---\n\n# Bags Policy\n\nBags stay in lockers.\n", 2,
                                    "This setting has a non-breaking space at column 7"),
    "narrow-space-in-audiences": ("---\ntitle: Bags Policy\naudiences: [staff,\u202fparents]\n---\n\n# Bags Policy\n\nText.\n",
                                  3, "This setting has a narrow non-breaking space at column 19"),
    "invisible-space-before-a-setting": ("---\ntitle: Bags Policy\n\u200bowner: Head\n---\n\n# Bags Policy\n\nText.\n", 3,
                                         "This setting has an invisible zero width space at column 1"),
    "curly-quotes-round-a-setting": ("---\ntitle: \u201cBags Policy\u201d\n---\n\n# Bags Policy\n\nText.\n", 2,
                                     "This setting's value is in curly quotes"),
    "curly-quotes-in-a-list-setting": ("---\ntitle: Bags Policy\naudiences: [\u2018staff\u2019]\n---\n\n# Bags Policy\n\nText.\n",
                                       3, "This setting's value is in curly quotes"),
    "figure-space-in-a-tag": ('# Bags Policy\n\n## Lockers { audience="staff\u2007parents" }\n\nText.\n', 3,
                              "This tag has a figure space at column 29"),
    "curly-quotes-in-a-tag": ("# Bags Policy\n\nBags stay in lockers.\n{ audience=\u201cstaff\u201d }\n", 4,
                              "This tag has a curly quote (\u201c) at column 12"),
}


def test_what_word_leaves_in_settings_and_tags_stops_the_build_at_its_line_and_column(tmp_path):
    site = Site(tmp_path)
    for name, (text, _, _) in WORD_LEFTOVERS.items():
        site.write(f"policies/{name}.md", text)
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"{len(WORD_LEFTOVERS)} problems stop the build" in result.stderr, result.stderr
    for name, (_, line, words) in WORD_LEFTOVERS.items():
        assert f"docs/policies/{name}.md:{line}: {words}" in result.stderr, (name, result.stderr)
    assert result.stderr.count("How to fix it: delete it and type an ordinary space") == 4
    assert result.stderr.count('How to fix it: type straight quotes (") in place of the curly ones') == 3


@pytest.mark.parametrize("text", [
    "---\ntitle: Bags Policy\nsummary: The school\u2019s rules, \u201cin short\u201d\n---\n\n# Bags Policy\n",
    '---\ntitle: Year\u00a06 Bags Policy\napproved_by: "Full\u00a0Governing Body"\n---\n\n# Bags Policy\n',
    "# Bags Policy\n\nBags cost \u00a312\u00a0each, \u201cnew\u201d or used. {not a tag}\n\n`{ audience=\u201cstaff\u201d }`\n",
])
def test_curly_quotes_and_odd_spaces_in_a_policys_words_are_left_alone(text):
    assert word_leftovers("docs/policies/bags.md", text) == []


def test_a_policy_saved_in_the_wrong_place_or_under_the_wrong_name_says_where_it_should_be(tmp_path):
    site = Site(tmp_path).write("policies/phones.md", PHONE_POLICY)
    for name in ("uniform.MD", "trips.markdown", "behaviour.md.txt"):
        site.write(f"policies/{name}", "# A policy\n\nWords.\n")
    (site.docs / "policies" / "Complaints Policy.docx").write_bytes(b"PK")
    (site.docs / "policies" / "Visits.doc").write_bytes(b"PK")
    site.write("safeguarding.md", "---\ntitle: Safeguarding Policy\nreview: annual\n---\n\n# Safeguarding Policy\n")
    site.write("about.md", "---\ntitle: About us\n---\n\n# About us\n")
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "6 problems stop the build" in result.stderr
    expected = {
        "docs/policies/uniform.MD:1": ("ends in .MD, but the site reads a policy only from a file whose name ends in .md",
                                       "rename it to uniform.md."),
        "docs/policies/trips.markdown:1": ("ends in .markdown", "rename it to trips.md."),
        "docs/policies/behaviour.md.txt:1": ("was saved as a text file (.txt)", "rename it to behaviour.md. Windows may hide"),
        "docs/policies/Complaints Policy.docx:1": ("is a Word document",
                                                   "turn it into a policy with the policy-import command"),
        "docs/policies/Visits.doc:1": ("is a Word document", "open it in Word and save it as a Word document (.docx)"),
        "docs/safeguarding.md:3": ("This page has a policy's settings (review), but it is not in docs/policies/",
                                   "move it into docs/policies/ (as docs/policies/safeguarding.md)."),
    }
    for where, (problem, fix) in expected.items():
        message = result.stderr.split(f"{where}: ", 1)[1].split("\n", 2)
        assert problem in message[0] and fix in message[1], (where, message)
    assert "about.md" not in result.stderr
