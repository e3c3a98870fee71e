"""The core, through Python-Markdown: tags, inheritance, and what each view holds."""

import textwrap
from dataclasses import replace

import markdown

from policy_core.markdown_extension import PAGE_TEXT, PolicyExtension, ViewRequest
from policy_core.source import read_policy_source

from helpers import BASE_EXTENSIONS, DECLARED, render


def texts(view, selector="li"):
    return [" ".join(element.get_text(" ", strip=True).split()) for element in view.select(selector)]


TAGGED_LIST = """\
    # Phones

    - Everyone keeps phones away in class.
    - Staff lock phones in the staff room. { audience="staff" }
    - Parents wait at the gate. { audience="parents" }
    """


def test_tag_at_end_of_list_items_first_line_applies_to_that_item():
    assert texts(render(TAGGED_LIST, "parents")) == ["Everyone keeps phones away in class.",
                                                     "Parents wait at the gate."]
    assert texts(render(TAGGED_LIST, "staff")) == ["Everyone keeps phones away in class.",
                                                   "Staff lock phones in the staff room."]


def test_the_tag_itself_never_shows_as_text():
    for audience in (None, "staff", "parents"):
        assert "audience" not in render(TAGGED_LIST, audience).get_text()


def test_nested_list_items_take_their_own_tags_and_inherit_their_parents():
    view = render("""\
        # Trips

        - Trips need a form. { audience="staff parents" }
            - Staff file the form. { audience="staff" }
            - Parents sign the form.
        - Everyone reads the trip letter.
        """, "parents")
    assert texts(view) == ["Trips need a form. Parents sign the form.", "Parents sign the form.",
                           "Everyone reads the trip letter."]
    assert "Staff file" not in view.get_text()
    assert "Parents sign" not in render("""\
        # Trips

        - Trips need a form. { audience="staff" }
            - Parents sign the form.
        """, "parents").get_text()


def test_loose_list_items_take_the_tag_at_the_end_of_their_first_line():
    view = render("""\
        # Clubs

        - Clubs end at five. { audience="parents" }

            Collect your child from the hall.

        - Staff sign the register. { audience="staff" }
        """, "parents")
    assert "Collect your child" in view.get_text()
    assert "register" not in view.get_text()
    assert "Collect your child" not in render("""\
        # Clubs

        - Clubs end at five. { audience="parents" }

            Collect your child from the hall.
        """, "staff").get_text()


def test_a_heading_tag_covers_its_section_down_to_the_next_heading_as_high():
    text = """\
        # Conduct

        ## Staff conduct { audience="staff" }

        Staff dress smartly.

        ### Lanyards

        Staff wear lanyards.

        ## For everyone

        Be kind.
        """
    parents = render(text, "parents")
    assert [h.get_text(strip=True) for h in parents.select("h2, h3")] == ["For everyone"]
    assert "lanyards" not in parents.get_text()
    assert "Staff wear lanyards." in render(text, "staff").get_text()


def test_a_paragraph_tag_goes_on_the_line_after_it():
    view = render("""\
        # Visits

        Visitors sign in.

        Staff check badges.
        { audience="staff" }
        """, "governors")
    assert texts(view, "p") == ["Visitors sign in."]


def test_parent_view_keeps_clause_numbers():
    text = """\
        # Steps

        1. Staff log the concern. { audience="staff" }
        2. The head calls the family.
        3. Staff close the log. { audience="staff" }
        4. Parents get a letter.
        """
    items = render(text, "parents").select("ol > li")
    assert [(item.get("value"), item.get_text(strip=True)) for item in items] == [
        ("2", "The head calls the family."), ("4", "Parents get a letter.")]


def test_anchors_are_the_same_in_every_view():
    text = """\
        # Safety

        ## Rules { audience="staff" }

        Staff rule.

        ## Rules

        - A rule for all.
        - Contact the office first. { #contacting-the-office audience="parents staff" }
        """
    full = render(text)
    parents = render(text, "parents")
    full_ids = {element["id"] for element in full.select("[id]")}
    parent_ids = {element["id"] for element in parents.select("[id]")}
    assert parent_ids < full_ids
    assert "contacting-the-office" in parent_ids
    # The second "Rules" keeps the id it has in the full view, though the first is left out.
    assert parents.find("h2")["id"] == full.select("h2")[1]["id"]


def test_a_link_to_a_clause_this_view_leaves_out_goes_to_the_full_view():
    view = render("""\
        # Leave

        - Staff book leave. { #booking-leave audience="staff" }
        - See [how staff book leave](#booking-leave) and [the rules](#the-rules).

        ## The rules

        Rules for all.
        """, "parents", file="leave.md")
    links = {a.get_text(): a["href"] for a in view.find_all("a")}
    assert links["how staff book leave"] == "leave.md#booking-leave"
    assert links["the rules"] == "#the-rules"


def test_headings_and_lists_left_empty_are_dropped():
    view = render("""\
        # Pay

        Everyone may ask about pay.

        ## Salaries

        - Staff are paid monthly. { audience="staff" }
        - Staff get payslips. { audience="staff" }
        """, "parents")
    assert view.find("h2") is None
    assert view.find("ul") is None
    assert view.get_text(" ", strip=True) == "Everyone may ask about pay."


def test_a_table_takes_the_audiences_of_its_section():
    text = """\
        # Rota

        ## Duty rota { audience="staff" }

        | Day | Who |
        | --- | --- |
        | Monday | Ms Ash |
        """
    assert render(text, "parents").find("table") is None
    assert render(text, "staff").find("table") is not None


def test_braces_in_code_are_text_not_tags():
    view = render("""\
        # Code

        Write `{ audience="staff" }` after a clause.

        ```
        - An item { audience="staff" }
        ```
        """, "parents")
    assert '{ audience="staff" }' in view.find("code").get_text()
    assert '- An item { audience="staff" }' in view.find("pre").get_text()


def test_admonitions_and_block_quotes_are_tagged_on_their_first_line():
    text = """\
        # Notes

        !!! note "For staff"
            { audience="staff" }
            Staff read this note.

        > { audience="parents" }
        > Parents read this quote.

        Everyone reads this.
        """
    parents = render(text, "parents").get_text()
    staff = render(text, "staff").get_text()
    assert "Parents read this quote." in parents and "Staff read this note." not in parents
    assert "Staff read this note." in staff and "Parents read this quote." not in staff
    assert "audience" not in parents + staff


def test_an_admonition_left_with_only_its_title_is_dropped():
    view = render("""\
        # Notes

        !!! note "Reminder"
            Staff sign out.
            { audience="staff" }

        Everyone reads this.
        """, "parents")
    assert "Reminder" not in view.get_text()


def test_full_view_labels_narrower_clauses_with_words():
    full = render("""\
        # Phones

        - Everyone keeps phones away.
        - Adults in school lock phones away. { audience="staff volunteers" }

        ## Breaches { audience="staff governors" }

        Breaches are investigated.
        """)
    items = full.find_all("li")
    assert items[0].find(class_="audience-badge") is None
    assert items[1].find(class_="audience-badge").get_text() == "Applies to: Staff · Volunteers"
    assert full.find("h2").find(class_="audience-badge").get_text() == "Applies to: Staff · Governors"
    # The clause's own words are untouched.
    assert items[1].get_text(strip=True).endswith("Adults in school lock phones away.")


def test_the_table_of_contents_keeps_heading_words_without_badges():
    extension_text = """\
        # Phones

        ## Breaches { audience="staff" }

        Text.
        """
    full = render(extension_text)
    assert full.find("h2")["id"] == "breaches"


def test_a_policy_for_some_audiences_gives_no_badge_for_its_whole_audience():
    full = render("""\
        # Pay

        - Pay day is the 25th. { audience="staff" }
        """, policy_audiences=["staff"])
    assert full.find(class_="audience-badge") is None


def test_every_clause_but_tables_gets_one_link_to_its_own_anchor_named_for_it():
    view = render("""\
        # Trips

        Trips need a form.

        ## Forms

        - Parents sign the form. { #signing audience="parents" }
            - The office keeps it for the whole of the school year and then shreds it.
        - Staff file it. { audience="staff" }

        | Trip | Cost |
        | --- | --- |
        | Zoo | £5 |
        """, "parents", clause_links=True)
    names = {link["href"]: (link["aria-label"], link["data-clause"], link.get_text())
             for link in view.select("a.clause-link")}
    assert names == {
        "#intro-1": ("Link to: Trips need a form.", "“Trips need a form.”", "§"),
        "#forms": ("Link to: Forms", "“Forms”", "§"),
        "#signing": ("Link to: Parents sign the form.", "“Parents sign the form.”", "§"),
        "#signing-1": ("Link to: The office keeps it for the whole of…",
                       "“The office keeps it for the whole of…”", "§"),
    }
    for clause in view.select("p[id], li[id]"):
        holder = clause if clause.find("a", recursive=False) else clause.find("p")
        assert [link["href"] for link in holder.find_all("a", class_="clause-link", recursive=False)] == \
            ["#" + clause["id"]]
    # The item's link sits after its own words, before the list nested in it.
    signing = view.find(id="signing")
    assert [child.name for child in signing.find_all(recursive=False)] == ["a", "ul"]
    # A heading's link follows it, outside it, so the heading's name is its own words.
    heading = view.find(id="forms")
    assert heading.find("a") is None and heading.get_text() == "Forms"
    assert [child.name for child in heading.parent.find_all(recursive=False)] == ["h2", "a"]
    assert view.find("table").find(class_="clause-link") is None


def test_a_tag_before_a_line_break_of_two_spaces_applies_to_its_item():
    text = '# Hours\n\n- Everyone: the office opens at 8am.\n- Parents ring before 9am. { audience="parents" }  \n  Or leave a message.\n'
    assert texts(render(text, "staff")) == ["Everyone: the office opens at 8am."]
    assert texts(render(text, "parents"))[1] == "Parents ring before 9am. Or leave a message."


def test_a_view_made_again_from_the_policy_as_read_is_the_same():
    """A page is made from the policy as read and planned once (`mkdocs serve` may keep it between
    builds): making a view never changes what the next one is made from."""
    extension = PolicyExtension()
    md = markdown.Markdown(extensions=[*BASE_EXTENSIONS, extension])
    source, _ = read_policy_source("phones.md", "phones", textwrap.dedent(TAGGED_LIST))
    planned = extension.request = ViewRequest(source, DECLARED, DECLARED.keys, plan_views=True)
    md.convert(source.body)
    pages = {}
    for audience in (None, "staff", "parents") * 2:
        extension.request = replace(planned, audience=audience, plan_views=False)
        pages.setdefault(audience, []).append(md.reset().convert(PAGE_TEXT))
    assert "Staff lock phones" in pages["staff"][0] and "Staff lock phones" not in pages["parents"][0]
    assert all(first == again for first, again in pages.values())
