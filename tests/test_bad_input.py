"""Bad input stops `mkdocs build --strict` with one message: file, line, what is wrong, how to fix it."""

import textwrap

import pytest

from helpers import Site

# Lines 1 to 8; what a case adds starts on line 9.
GOOD_START = textwrap.dedent("""\
    ---
    title: Uniform Policy
    ---

    # Uniform Policy

    Pupils wear the school jumper.

    """)

CASES = {
    "unknown audience, with the nearest declared key": (
        GOOD_START + '- Staff check uniform. { audience="staf" }\n',
        9, ['audience that is not declared: "staf"', 'did you mean "staff"?']),
    "an audience written with HTML, named as written": (
        GOOD_START + 'Staff check ties.\n\nParents label clothes.\n{ audience="<i>parents</i>" }\n',
        12, ['audience that is not declared: "<i>parents</i>"']),
    "an audience written with an entity, named as written": (
        GOOD_START + 'Staff check ties.\n\nParents label clothes.\n{ audience="parents &amp; staff" }\n',
        12, ['audience that is not declared: "&amp;"']),
    "empty audience": (
        GOOD_START + 'Staff check uniform.\n{ audience="" }\n',
        10, ['empty audience=""', "name at least one audience"]),
    "a tag wider than its section": (
        GOOD_START + '\n## Checks { audience="staff" }\n\n- Parents label clothes. { audience="parents" }\n',
        12, ['names "parents", but the section "Checks" is only for Staff', "can only narrow"]),
    "a typing mistake in a section's tag, with no follow-on message for what sits in it": (
        GOOD_START + '## Checks { audience="staf" }\n\n- Staff check ties. { audience="staff" }\n',
        9, ['audience that is not declared: "staf"', 'did you mean "staff"?']),
    "a tag wider than the policy": (
        GOOD_START.replace("title: Uniform Policy", "title: Uniform Policy\naudiences: [staff]")
        + '- Parents label clothes. { audience="parents" }\n',
        10, ['names "parents", but the policy is only for Staff', "can only narrow"]),
    "two clauses with one id": (
        GOOD_START + '- Ties are optional. { #ties }\n- Ties are blue. { #ties }\n',
        10, ['Two clauses have the same id "ties"', "give each clause its own id"]),
    "two clauses with one id, after a link to it": (
        GOOD_START + 'See [ties](#ties).\n\n- Ties are optional. { #ties }\n- Ties are blue. { #ties }\n',
        12, ['Two clauses have the same id "ties"', "give each clause its own id"]),
    "an id a web address cannot keep": (
        GOOD_START + '- Ties are blue. { #Tie_Colour }\n',
        9, ['The id "Tie_Colour" has characters a web address cannot keep.', "lower-case letters"]),
    "an id the page uses": (
        GOOD_START + '- Ties are blue. { #policy-title }\n',
        9, ['The id "policy-title" is one the page uses for itself.', "choose words"]),
    "front matter audiences not declared": (
        GOOD_START.replace("title: Uniform Policy", "title: Uniform Policy\naudiences: [staff, parent]"),
        3, ['audience that is not declared: "parent"', 'did you mean "parents"?']),
    "front matter audiences left empty": (
        GOOD_START.replace("title: Uniform Policy", "title: Uniform Policy\naudiences:"),
        3, ["audiences setting is not a list of audience keys", "audiences: [staff, governors]"]),
    "front matter that is not YAML": (
        GOOD_START.replace("title: Uniform Policy", "title: Uniform Policy\nowner: [Head"),
        4, ["not valid YAML", "one setting per line"]),
    "a date that does not exist": (
        GOOD_START.replace("title: Uniform Policy", "title: Uniform Policy\napproved: 2025-02-30"),
        3, ["The date 2025-02-30 does not exist", "YYYY-MM-DD"]),
    "front matter after an empty line": (
        "\n" + GOOD_START, 1, ["do not start on the first line", "delete the empty lines above"]),
    "front matter with no closing line": (
        GOOD_START.replace("---\n\n# Uniform", "\n# Uniform"),
        1, ["has no closing '---' line", "three dashes"]),
    "a setting the site does not know": (
        GOOD_START.replace("title: Uniform Policy", "title: Uniform Policy\nauthor: Mrs Smith"),
        3, ['a setting "author" that the site does not know', "remove it, or use one of the settings"]),
    "a tag on italic text": (
        GOOD_START + 'Staff check *ties*{ audience="staff" } daily.\n',
        9, ["An audience tag is on italic text, which cannot carry one.", "alone on the first line inside a note"]),
    "no text": (
        "---\ntitle: Uniform Policy\n---\n\n", 1, ["The policy has no text.", "or remove the file"]),
    "an empty file": (
        "", 1, ["The policy has no text.", "or remove the file"]),
    "a title and nothing else": (
        GOOD_START.replace("Pupils wear the school jumper.\n", ""), 1, ["The policy has no text."]),
    "a title and only a comment": (
        GOOD_START.replace("Pupils wear the school jumper.", "<!-- to do: write the policy -->"),
        1, ["The policy has no text."]),
    "a title and only section headings": (
        GOOD_START.replace("Pupils wear the school jumper.", "## Summer\n\n## Winter"), 1, ["The policy has no text."]),
    "only a comment after the settings": (
        "---\ntitle: Uniform Policy\n---\n\n<!-- draft -->\n\n", 1, ["The policy has no text."]),
    "a front-matter title that is not the # heading": (
        GOOD_START.replace("# Uniform Policy", "# Uniform and Dress Policy"), 2,
        ['The title in the front matter, "Uniform Policy", is not the same as the # heading, "Uniform and Dress Policy".',
         "make them the same (the title may be the heading's first words", "or remove the title: line"]),
    "a second title": (
        GOOD_START + '## Checks { audience="staff" }\n\nStaff check ties.\n\n# Part two: charges\n\nBlazers cost £20.\n',
        13, ['a second title (# heading): "Part two: charges"', "make this one a section with ##"]),
    "two quotes read as one, the first tagged": (
        GOOD_START + '> { audience="staff" }\n> Staff read this.\n\n> Everyone reads this.\n',
        12, ["read as one quote, with one tag", "put > on the empty line"]),
    "two quotes read as one, the second tagged": (
        GOOD_START + '> Everyone reads this.\n\n> { audience="staff" }\n> Staff read this.\n',
        11, ["read as one quote, with one tag", "a line of text between them"]),
    "a list straight under a note's tag": (
        GOOD_START + '!!! note "For staff"\n    { audience="staff" }\n    - Staff check ties.\n    - Staff check shoes.\n',
        11, ["This list comes straight under a tag", "leave an empty line"]),
    "a tag that would show as text, after the same tag used well": (
        GOOD_START + '- Staff check ties. { audience="staff" }\n\nStaff check shoes. { audience="staff" } Daily.\n',
        11, ["was not applied and would show as text", "on its own line directly under a paragraph"]),
    "a tag on bold text, before the same tag used well": (
        GOOD_START + 'Ring **the office**{ audience="parents" } first.\n\n## Calls { audience="parents" }\n\nCalls.\n',
        9, ["An audience tag is on bold text", "alone on the first line inside a note"]),
    "no title": (
        "Pupils wear the school jumper.\n", 1, ["has no title", "title: ..."]),
    "a misspelt key": (
        GOOD_START + 'Staff check uniform.\n{ audiance="staff" }\n',
        10, ['uses the key "audiance="', 'did you mean "audience"?']),
    "a tag that would show as text": (
        GOOD_START + 'Staff check uniform. { audience="staff" } Every day.\n',
        9, ["was not applied and would show as text", "on its own line directly under a paragraph"]),
    "a tag in a table cell": (
        GOOD_START + '\n| Item | Colour |\n| --- | --- |\n| Tie | Blue { audience="staff" } |\n',
        12, ["audience tag is on a table cell", "put the tag alone on the line directly under the table's last row"]),
    "spaces around the = of a section's tag": (
        GOOD_START + '## Checks { audience = "staff" }\n\nStaff check ties.\n',
        9, ['not written the way the site reads it: { audience = "staff" }', '"=" with no spaces around it']),
    "an audience with no value": (
        GOOD_START + 'Staff check uniform.\n{ audience }\n',
        10, ["not written the way the site reads it: { audience }", "keys inside double quotes"]),
    "a colon for the =": (
        GOOD_START + '- Staff check ties. { audience:"staff" }\n',
        9, ['not written the way the site reads it: { audience:"staff" }', "keys inside double quotes"]),
    "two keys without quotes": (
        GOOD_START + '- Staff check ties. { audience=staff parents }\n',
        9, ["not written the way the site reads it: { audience=staff parents }", "keys inside double quotes"]),
    "audience twice in one tag": (
        GOOD_START + '- Staff check ties. { audience="staff" audience="parents" }\n',
        9, ['not written the way the site reads it: { audience="staff" audience="parents" }', "once in each tag"]),
    "a tag on the title": (
        GOOD_START.replace("# Uniform Policy", '# Uniform Policy { audience="staff" }'),
        5, ["title (its # heading) has an audience tag", "audiences: [...]"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_stops_the_build_with_one_clear_message(tmp_path, case):
    text, line, words = CASES[case]
    result = Site(tmp_path).write("policies/uniform.md", text).build()
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    errors = [row for row in result.stderr.splitlines() if row.startswith("ERROR")]
    assert len(errors) == 1, result.stderr
    assert "1 problem stops the build" in result.stderr, result.stderr  # and no follow-on problems
    assert f"docs/policies/uniform.md:{line}: " in result.stderr, result.stderr
    assert "How to fix it:" in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def test_every_problem_in_a_policy_is_listed_in_the_one_message(tmp_path):
    text = GOOD_START + '- A. { audience="staf" }\n- B. { audience="parnets" }\n'
    result = Site(tmp_path).write("policies/uniform.md", text).build()
    assert "2 problems stop the build" in result.stderr
    assert "uniform.md:9:" in result.stderr and "uniform.md:10:" in result.stderr


def test_identical_tags_are_told_apart_by_line(tmp_path):
    text = GOOD_START + '- A. { audience="staff" }\n- B. { audience="staf" }\n- C. { audience="staf" }\n'
    result = Site(tmp_path).write("policies/uniform.md", text).build()
    assert "uniform.md:10:" in result.stderr and "uniform.md:11:" in result.stderr


def test_undeclared_audiences_in_settings_stop_the_build(tmp_path):
    result = Site(tmp_path, audiences={"Staff Members": "Staff"}).write("policies/uniform.md", GOOD_START).build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert 'audience key "Staff Members" cannot be used' in result.stderr
    assert "mkdocs.yml:" in result.stderr


def test_an_audience_key_whose_page_would_not_be_at_its_address_stops_the_build(tmp_path):
    site = Site(tmp_path, audiences={"staff": "Staff", "index": "Everyone"}).write("policies/uniform.md", GOOD_START)
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    line = (site.root / "mkdocs.yml").read_text().splitlines().index("  audiences:") + 1
    assert (f'mkdocs.yml:{line}: The audience key "index" cannot be used: the page of this audience\'s policies would '
            "be published at for/ instead of for/index/.") in result.stderr
    assert 'choose another key for this audience, for example "everyone"' in result.stderr


def test_a_policy_file_name_that_cannot_be_an_address_stops_the_build(tmp_path):
    result = Site(tmp_path).write("policies/Uniform Policy.md", GOOD_START).build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "rename the file" in result.stderr


def test_a_site_without_its_address_stops_the_build(tmp_path):
    site = Site(tmp_path).write("policies/uniform.md", GOOD_START)
    settings = site.root / "mkdocs.yml"
    settings.write_text("\n".join(line for line in settings.read_text().splitlines()
                                  if not line.startswith("site_url")))
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "The site's address (site_url) is not set." in result.stderr


@pytest.mark.parametrize("path, message", [
    ("policies/uniform/parents.md",
     '"uniform/parents.md" is in a folder inside docs/policies/ but is not a policy'),
    ("for/parents.md", 'The site makes the page "for/parents.md" itself'),
    ("policies/index.md", 'The site makes the page "policies/index.md" itself'),
    ("coverage.md", 'The site makes the page "coverage.md" itself'),
    # The register's filtered lists: a page of the same name, or one published at the same address.
    ("register/overdue.md", 'The site makes the page "register/overdue.md" itself'),
    ("register/for-parents/index.md", '"register/for-parents/index.md" would be published at register/for-parents/, '
                                      "where the site makes a page of its own"),
    ("policies/uniform/qr.svg", 'The attached "qr.svg" has the name of a file the site makes in docs/policies/uniform/'),
    # A short link's redirect page and the theme's own pages: MkDocs kept the site's and dropped the editor's.
    ("go/uniform/index.html", 'The site makes the page "go/uniform/index.html" itself'),
    ("404.html", 'The site makes the page "404.html" itself'),
    ("sitemap.xml", 'The site makes the page "sitemap.xml" itself'),
])
def test_a_file_where_the_site_makes_one_itself_stops_the_build(tmp_path, path, message):
    site = Site(tmp_path).write("policies/uniform.md", GOOD_START)
    site.write(path, "<svg xmlns='http://www.w3.org/2000/svg'/>" if path.endswith(".svg") else "# My own page\n")
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert message in result.stderr
    assert f"docs/{path}:1:" in result.stderr


def test_a_pdf_setting_that_is_not_true_or_false_stops_the_build(tmp_path):
    site = Site(tmp_path).write("policies/uniform.md", GOOD_START)
    settings = site.root / "mkdocs.yml"
    settings.write_text(settings.read_text().replace("extra:\n", "extra:\n  pdf: sometimes\n"))
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert 'pdf is "sometimes", which is not true or false.' in result.stderr
    line = settings.read_text().splitlines().index("  pdf: sometimes") + 1
    assert f"mkdocs.yml:{line}:" in result.stderr


def test_a_pdf_variable_that_is_not_0_or_1_stops_the_build(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICY_PDF", "yes")
    result = Site(tmp_path).write("policies/uniform.md", GOOD_START).build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert 'POLICY_PDF is "yes", which is not 0 or 1.' in result.stderr


def test_addresses_without_a_closing_slash_stop_the_build(tmp_path):
    """Short links, redirects and the record of published links are made for addresses ending in "/"."""
    site = Site(tmp_path).write("policies/uniform.md", GOOD_START)
    settings = site.root / "mkdocs.yml"
    settings.write_text(settings.read_text() + "use_directory_urls: false\n")
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "use_directory_urls is false" in result.stderr
    assert "remove use_directory_urls from mkdocs.yml" in result.stderr
    line = settings.read_text().splitlines().index("use_directory_urls: false") + 1
    assert f"mkdocs.yml:{line}:" in result.stderr


def test_two_of_the_editors_pages_at_one_address_stop_the_build(tmp_path):
    site = Site(tmp_path).write("policies/uniform.md", GOOD_START).write("about.md", "# About\n")
    site.write("about/index.md", "# About us\n")
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert '"about/index.md" and "about.md" would both be published at about/.' in result.stderr \
        or '"about.md" and "about/index.md" would both be published at about/.' in result.stderr
    assert "rename or move one of the two files." in result.stderr


# Files no reader behind the build could take, each of which once stopped it with a traceback. They
# are checked together in one site, as the build reports every file's problems in one message.
WORD_FIX = "in Word: Save As, Plain Text, Unicode UTF-8; in Notepad: Save As, Encoding UTF-8"
ALIAS_BOMB = "".join(f"{name}: &{name} [" + ", ".join([f"*{before}"] * 9) + "]\n"
                     for before, name in zip("abcdefgh", "bcdefghi"))
UNREADABLE = {
    "a policy saved as Windows-1252": (
        "policies/ansi.md", GOOD_START.replace("school jumper.", "school jumper.\n\nBlazers cost £20 – from the café.")
        .encode("cp1252"), 9, ["not saved as UTF-8", "Windows-1252", WORD_FIX]),
    "a policy saved as UTF-16": (
        "policies/unicode.md", GOOD_START.encode("utf-16"), 1, ["saved as UTF-16 text", WORD_FIX]),
    "a page saved as Windows-1252": (
        "about.md", "# About the café\n".encode("cp1252"), 1, ["not saved as UTF-8", WORD_FIX]),
    "a NUL byte in a policy": (
        "policies/nul.md", (GOOD_START + "Ties are \x00blue.\n").encode(), 9,
        ["invisible control character (U+0000)", "delete those words and type them again"]),
    "a control character in the front matter": (
        "policies/bell.md", GOOD_START.replace("Uniform Policy\n---", "Uniform\x07 Policy\n---").encode(), 2,
        ["invisible control character (U+0007)", "delete those words and type them again"]),
    "a list nested 250 deep": (
        "policies/deep-list.md", (GOOD_START + "".join("    " * level + "- Ties.\n" for level in range(250))).encode(),
        19, ["nested 11 levels deep", "the site reads at most 10", "start a new list"]),
    "quotes nested 300 deep": (
        "policies/deep-quote.md", (GOOD_START + ">" * 300 + " Ties.\n").encode(), 9,
        ["nested 301 levels deep", "the site reads at most 10"]),
    "a page with a list nested 250 deep": (
        "history.md", ("# History\n\n" + "".join("    " * level + "- Ties.\n" for level in range(250)))
        .encode(), 13, ["nested 11 levels deep"]),
    "front matter nested 3,000 deep": (
        "policies/deep-settings.md", GOOD_START.replace("---\n\n", "owner: " + "[" * 3000 + "]" * 3000 + "\n---\n\n")
        .encode(), 3, ["nested more than 20 levels deep"]),
    "a YAML alias bomb in front matter": (
        "policies/alias-bomb.md", GOOD_START.replace("---\n\n", "a: &a [x, x, x, x, x, x, x, x, x]\n" + ALIAS_BOMB
                                                     + "summary: *i\n---\n\n").encode(), 3,
        ["YAML anchor or alias", "write the value out in full"]),
    "a YAML alias in a page's front matter": (
        "contact.md", "---\ntitle: &name Contact\nsubtitle: *name\n---\n# Contact\n".encode(), 2,
        ["YAML anchor or alias"]),
    "a policy that names its own template": (
        "policies/layout.md", GOOD_START.replace("---\n\n", "template: fancy.html\n---\n\n").encode(), 3,
        ["A policy cannot choose its page layout (template).", "remove the template setting"]),
    "an image on another website": (
        "policies/logo.md", (GOOD_START + "![Logo](https://example.com/logo.png)\n").encode(), 9,
        ['The image "https://example.com/logo.png" is on another website.', "save the image in the docs folder"]),
}


@pytest.fixture(scope="module")
def unreadable_build(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("unreadable"))
    for path, data, _, _ in UNREADABLE.values():
        (site.docs / path).parent.mkdir(parents=True, exist_ok=True)
        (site.docs / path).write_bytes(data)
    return site.build()


@pytest.mark.parametrize("case", list(UNREADABLE))
def test_a_file_no_reader_could_take_stops_the_build_with_its_line_and_fix(unreadable_build, case):
    path, _, line, words = UNREADABLE[case]
    result = unreadable_build
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    assert f"{len(UNREADABLE)} problems stop the build" in result.stderr, result.stderr
    message = result.stderr.split(f"docs/{path}:{line}: ", 1)[1].split("\ndocs/", 1)[0]
    for word in words:
        assert word in message, result.stderr


def test_a_policy_saved_as_utf8_with_a_byte_order_mark_or_windows_line_ends_builds(tmp_path):
    site = Site(tmp_path)
    (site.docs / "policies").mkdir()
    (site.docs / "policies" / "uniform.md").write_bytes(GOOD_START.replace("\n", "\r\n").encode("utf-8-sig"))
    article = site.built().article("policies/uniform")
    assert article.h1.get_text(strip=True).startswith("Uniform Policy")
    assert "title:" not in article.get_text()  # the front matter was read as settings, not shown as text


def test_shortcuts_out_of_the_docs_folder_and_settings_with_aliases_stop_the_build_before_files_are_listed(tmp_path):
    site = Site(tmp_path).write("policies/uniform.md", GOOD_START)
    (site.docs / "policies" / "loop").symlink_to("..")
    (site.docs / "everything").symlink_to("/")
    (site.docs / "logo.png").symlink_to("no-such-logo.png")
    settings = site.root / "mkdocs.yml"
    settings.write_text(settings.read_text().replace("  school:\n", "  school: &school\n") + "  trust: *school\n")
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "4 problems stop the build" in result.stderr, result.stderr
    alias_line = settings.read_text().splitlines().index("  school: &school") + 1
    assert f"mkdocs.yml:{alias_line}: The settings use a YAML anchor or alias" in result.stderr
    assert "docs/policies/loop:1: This shortcut (symbolic link) leads back to a folder it sits in" in result.stderr
    assert 'docs/everything:1: This shortcut (symbolic link) leads outside the docs folder, to "/"' in result.stderr
    assert "docs/logo.png:1: This shortcut (symbolic link) leads nowhere" in result.stderr
    assert result.stderr.count("replace it with the real file or folder (a copy), or delete it.") == 3


def test_a_record_of_published_links_saved_as_windows_1252_stops_the_build(tmp_path):
    site = Site(tmp_path).write("policies/uniform.md", GOOD_START)
    (site.root / "published-links.yml").write_bytes("# Our links – kept by the office\npolicies/uniform/: []\n"
                                                    .encode("cp1252"))
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "published-links.yml:1: This line has a character that is not saved as UTF-8" in result.stderr
    assert WORD_FIX in result.stderr


def test_a_file_in_the_search_folder_stops_the_build_instead_of_being_lost(tmp_path):
    site = Site(tmp_path).write("policies/uniform.md", GOOD_START).write("pagefind/notes.md", "# Notes\n")
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert ('docs/pagefind/notes.md:1: "pagefind/notes.md" would be replaced by the search index the site makes '
            'in pagefind/.') in result.stderr


@pytest.mark.parametrize("name", ["go", "pagefind"])
def test_a_file_where_the_site_makes_a_folder_stops_the_build(tmp_path, name):
    site = Site(tmp_path).write("policies/uniform.md", GOOD_START).write(name, "notes")
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f'docs/{name}:1: "{name}" would be published where the site makes the folder {name}/.' in result.stderr


@pytest.mark.parametrize("layout", ["fancy.html", "partials/header.html", "policy-pdf.html", "blog-post.html"])
def test_a_page_naming_a_template_the_site_does_not_have_stops_the_build(tmp_path, layout):
    """Also a part of the site's layout, or another page's layout that needs what only that page has."""
    site = Site(tmp_path).write("policies/uniform.md", GOOD_START)
    site.write("about.md", f"---\ntitle: About\ntemplate: {layout}\n---\n# About\n")
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f'docs/about.md:3: The page asks for a layout (template) the site does not have: "{layout}".' \
        in result.stderr
    assert "remove the template setting" in result.stderr
