"""A PDF of every view: its text, its tags and language, its fonts, and a cache that reuses unchanged PDFs."""

import os
import re
import subprocess
import sys
import textwrap

import pytest
from pypdf import PdfReader

from helpers import REPO, Site
from policy_core.pdfs import PDF_FONTS, PdfJob, make_pdfs

GOVERNED_POLICY = textwrap.dedent("""\
    ---
    title: Phone Policy
    approved: 2026-03-10
    approved_by: Full Governing Body
    owner: Headteacher
    version: "4"
    review: annual
    ---

    # Phone Policy

    Phones stay in bags during lessons.

    - Staff keep their phones in the staff room lockers. { #lockers audience="staff" }
    - Parents call the school office in an emergency. { #calling-the-office audience="parents" }
    """)


def pdf_site(tmp_path, policy: str = GOVERNED_POLICY, setting: str | None = "true") -> Site:
    site = Site(tmp_path).write("policies/phones.md", policy)
    if setting is not None:
        settings = site.root / "mkdocs.yml"
        settings.write_text(settings.read_text().replace("extra:\n", f"extra:\n  pdf: {setting}\n"))
    return site


def build(site: Site, succeeds: bool = True, **environment) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "POLICY_PDF"}
    env.update(NO_MKDOCS_2_WARNING="1", POLICY_TODAY="2026-06-01", **environment)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=site.root,
                            capture_output=True, text=True, env=env)
    assert (result.returncode == 0) == succeeds, result.stderr
    assert "Traceback" not in result.stderr
    return result


def pdf_text(site: Site, path: str) -> str:
    reader = PdfReader(site.root / "site" / path)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_each_view_has_a_pdf_holding_exactly_its_clauses(tmp_path):
    site = pdf_site(tmp_path)
    build(site)
    parents = pdf_text(site, "policies/phones/parents/phones-parents.pdf")
    staff = pdf_text(site, "policies/phones/staff/phones-staff.pdf")
    full = pdf_text(site, "policies/phones/phones.pdf")
    for text in (parents, staff, full):
        assert "Oakfield Primary School" in text
        assert "Phones stay in bags during lessons." in text
        assert "Version: 4" in text and "10 March 2026" in text
        assert "Page 1 of 1" in text
    assert "Parents call the school office in an emergency." in parents
    assert "staff room lockers" not in parents
    # The address may wrap after a slash beside the QR code (12pt text).
    assert "https://policies.oakfield.example/policies/phones/parents/" in parents.replace("/ ", "/")
    assert "Version for Parents and carers" in parents
    assert "staff room lockers" in staff and "Parents call the school office" not in staff
    assert "staff room lockers" in full and "Parents call the school office" in full
    assert "Staff" in full and "Parents and carers" in full  # the badges, in words
    governors = pdf_text(site, "policies/phones/governors/phones-governors.pdf")
    assert "Phones stay in bags" in governors
    assert "staff room lockers" not in governors and "Parents call the school office" not in governors


def test_a_pdf_is_tagged_with_its_language_and_title_and_embeds_its_fonts(tmp_path):
    site = pdf_site(tmp_path)
    build(site)
    reader = PdfReader(site.root / "site" / "policies/phones/parents/phones-parents.pdf")
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "en"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title == "Phone Policy: version for Parents and carers"
    assert reader.metadata.author == "Oakfield Primary School"
    width, height = (round(float(value) * 25.4 / 72) for value in reader.pages[0].mediabox[2:])
    assert (width, height) == (210, 297)  # A4
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts.append(("/FontFile2" in descriptor or "/FontFile3" in descriptor or "/FontFile" in descriptor))
    assert fonts and all(fonts)


def test_each_view_links_to_its_own_pdf(tmp_path):
    site = pdf_site(tmp_path)
    build(site)
    for url, words in [("policies/phones/parents", "Download the version for Parents and carers as a PDF"),
                       ("policies/phones", "Download the full policy as a PDF")]:
        link = site.page(url).select_one(".policy-views__pdf a")
        assert " ".join(link.get_text().split()) == words
        assert (site.root / "site" / url / link["href"]).is_file()


def test_a_second_build_reuses_the_pdfs_of_unchanged_views(tmp_path):
    site = pdf_site(tmp_path)
    first = build(site)
    assert "PDF: Phone Policy: 6 versions, 6 made, 0 unchanged." in first.stderr
    parents_pdf = site.root / "site" / "policies/phones/parents/phones-parents.pdf"
    before = parents_pdf.read_bytes()
    second = build(site)
    assert "PDF: Phone Policy: 6 versions, 0 made, 6 unchanged." in second.stderr
    assert parents_pdf.read_bytes() == before
    site.write("policies/phones.md", GOVERNED_POLICY.replace("staff room lockers", "staff room's lockers"))
    third = build(site)
    assert "PDF: Phone Policy: 6 versions, 2 made, 4 unchanged." in third.stderr  # full and staff
    assert parents_pdf.read_bytes() == before
    assert "staff room's lockers" in pdf_text(site, "policies/phones/staff/phones-staff.pdf")


@pytest.mark.parametrize("setting, environment, made", [
    ("true", {"POLICY_PDF": "0"}, False),
    (None, {"POLICY_PDF": "1"}, True),
    ("false", {}, False),
    (None, {}, False),
])
def test_the_environment_overrides_the_pdf_setting(tmp_path, setting, environment, made):
    site = pdf_site(tmp_path, setting=setting)
    build(site, **environment)
    assert (site.root / "site" / "policies/phones/phones.pdf").exists() == made
    assert (site.page("policies/phones").select_one(".policy-views__pdf") is not None) == made


def test_a_file_where_the_site_puts_a_pdf_stops_the_build(tmp_path):
    site = pdf_site(tmp_path)
    site.write("policies/phones/parents/phones-parents.pdf", "%PDF-1.4 an old copy")
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert ('docs/policies/phones/parents/phones-parents.pdf:1: "phones/parents/phones-parents.pdf" is in a folder '
            "inside docs/policies/ but is not a policy") in result.stderr



def test_missing_fonts_stop_the_build_naming_them_and_how_to_install_them(tmp_path):
    no_fonts = tmp_path / "no-fonts.conf"  # fontconfig's settings with no font folder: as a machine without fonts
    no_fonts.write_text(f"<?xml version='1.0'?><fontconfig><cachedir>{tmp_path}</cachedir></fontconfig>")
    result = build(pdf_site(tmp_path / "school"), succeeds=False, FONTCONFIG_FILE=str(no_fonts))
    line = (tmp_path / "school" / "mkdocs.yml").read_text().splitlines().index("  pdf: true") + 1
    assert (f"mkdocs.yml:{line}: The fonts the PDFs use are not installed: Liberation Sans, Liberation Mono."
            in result.stderr)
    assert "apt-get install fonts-liberation; or set pdf: false" in result.stderr
    assert "BrokenProcessPool" not in result.stderr


def test_the_fonts_checked_are_the_ones_the_pdf_styles_ask_for_first():
    styles = (REPO / "overrides/assets/stylesheets/policy-pdf.css").read_text()
    first_choices = {match.group(1) for match in re.finditer(r'font-family:\s*"([^"]+)"', styles)}
    assert first_choices == set(PDF_FONTS)


def test_a_pdf_that_would_fetch_an_image_from_another_site_stops_the_build_naming_the_policy(tmp_path):
    policy = GOVERNED_POLICY + '\n<img src="https://example.com/logo.png" alt="Logo">\n'
    result = build(pdf_site(tmp_path, policy=policy), succeeds=False)
    assert "1 problem stops the build" in result.stderr  # once, not once for each version
    assert ('docs/policies/phones.md:1: The PDFs of "Phone Policy" cannot be made: it uses '
            "https://example.com/logo.png, which is on another website") in result.stderr
    assert "put the images and files the policy uses in the docs folder" in result.stderr


def test_a_missing_image_is_a_broken_link_that_a_strict_build_refuses_before_making_pdfs(tmp_path):
    result = build(pdf_site(tmp_path, policy=GOVERNED_POLICY + "\n![Logo](logo.png)\n"), succeeds=False)
    assert ("Doc file 'policies/phones.md' contains a link 'logo.png', but the target 'policies/logo.png' "
            "is not found among documentation files.") in result.stderr
    assert "PDF" not in result.stderr


def _crash(*job):
    os._exit(1)  # as a worker does when a library it needs fails under it


def test_a_crash_of_the_pdf_workers_is_a_message_saying_what_to_install(tmp_path, monkeypatch):
    from policy_core import pdf_render

    monkeypatch.setattr(pdf_render, "render", _crash)  # the workers are forked from this process
    job = PdfJob("Phone Policy", "docs/policies/phones.md", "<p>Phones.</p>", "https://oakfield.example/",
                 str(tmp_path / "phones.pdf"))
    errors = make_pdfs([job], str(tmp_path), "https://oakfield.example/", str(tmp_path / "cache"), b"",
                       lambda line: None, ("mkdocs.yml", 7))
    assert [(error.file, error.line) for error in errors] == [("mkdocs.yml", 7)]
    assert "The program that makes the PDFs stopped suddenly" in errors[0].problem
    assert "apt-get install fonts-liberation libpango-1.0-0" in errors[0].fix


def test_a_numbered_item_keeps_its_number_in_the_pdf_when_items_before_it_are_left_out(tmp_path):
    """The page reads 1, 3 for parents (item 2 is for staff); WeasyPrint ignores value= and printed 1, 2."""
    site = pdf_site(tmp_path, GOVERNED_POLICY + textwrap.dedent("""
        ## Visits

        1. Everyone signs in at the office.
        2. Staff check the signing-in book. { audience="staff" }
        3. Parents wait in reception. { audience="parents" }
        """))
    build(site)
    parents = pdf_text(site, "policies/phones/parents/phones-parents.pdf")
    assert "1." in parents and "3." in parents and "2." not in parents
    staff = pdf_text(site, "policies/phones/staff/phones-staff.pdf")
    assert "1." in staff and "2." in staff and "3." not in staff
