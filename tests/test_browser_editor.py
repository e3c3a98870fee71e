"""The browser editor's files (issue 15): made from mkdocs.yml, with the package checked before it is
used, an offline build that says what to do, and /admin/ kept out of everything readers find.
Chromium drives the editor itself in tests/browser/test_editor_in_browser.py."""

import html
import os
import subprocess
import sys

import yaml

from helpers import MARKUP_LABEL, MARKUP_SCHOOL, REPO, Site, with_editor_package
from policy_core.audiences import Audiences
from policy_core.browser_editor import editor_config, editor_page, read_editor_settings
from policy_core.editor_package import CACHE, PACKAGE, VERSION, cached_package

ADULTS = Audiences({"staff": "Staff", "governors": "Governors", "parents": MARKUP_LABEL},
                   groups={"adults": ("staff", "governors")})
WITH_EDITOR = "  editor:\n    repo: oakfield/policies\n"


def editor_site(root, package=True) -> Site:
    site = Site(root).write("policies/phones.md", "---\ntitle: Phone Policy\n---\n\nPhones stay in bags.\n")
    with open(root / "mkdocs.yml", "a") as settings:
        settings.write(WITH_EDITOR)
    if package:
        with_editor_package(root)
    return site


def build(site: Site, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=site.root, capture_output=True,
                          text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})


def settings_of(config_text: str) -> dict:
    config = yaml.safe_load(config_text)
    return {field["name"]: field for field in config["collections"][0]["fields"]} | {"": config}


def test_the_form_offers_the_declared_audiences_and_groups_with_labels_as_written():
    editor, _ = read_editor_settings({"repo": "oakfield/policies"}, None, "mkdocs.yml", 30)
    fields = settings_of(editor_config(editor, ADULTS, "https://policies.oakfield.example/"))
    assert fields["audiences"]["options"] == [
        {"label": "Staff", "value": "staff"}, {"label": "Governors", "value": "governors"},
        {"label": MARKUP_LABEL, "value": "parents"}, {"label": "adults (group: Staff · Governors)", "value": "adults"}]
    assert fields[""]["backend"] == {"name": "github", "repo": "oakfield/policies", "branch": "main"}
    assert fields[""]["publish_mode"] == "editorial_workflow"
    assert fields["approved"]["format"] == "YYYY-MM-DD" and fields["changes"]["fields"][1]["name"] == "date"
    assert fields["body"]["modes"] == ["raw"]


def test_the_editor_page_shows_the_school_name_as_text_and_is_never_indexed():
    page = editor_page(MARKUP_SCHOOL)
    assert f"<title>Edit the policies: {html.escape(MARKUP_SCHOOL)}</title>" in page
    assert "<style>" not in page and '<meta name="robots" content="noindex, nofollow">' in page


def test_the_repository_comes_from_repo_url_and_mistakes_name_the_line():
    editor, errors = read_editor_settings(True, "https://github.com/oakfield/policies.git", "mkdocs.yml", 30)
    assert not errors and editor.repo == "oakfield/policies"
    for value, problem in [({"repo": "policies"}, 'The editor\'s repo, "policies", is not a GitHub repository\'s name.'),
                           (True, "The editor does not know which GitHub repository holds the policies."),
                           ({"repo": "a/b", "branh": "main"}, 'The editor setting "branh" is not one the site knows.'),
                           ({"repo": "a/b", "sign_in": "http://auth.example"},
                            "The editor's sign_in is not an https:// address.")]:
        _, errors = read_editor_settings(value, None, "mkdocs.yml", 30)
        assert [(error.file, error.line, error.problem) for error in errors] == [("mkdocs.yml", 30, problem)]
    _, errors = read_editor_settings({"repo": "a/b"}, None, "mkdocs.yml", 30, switch="no")
    assert errors[0].problem == 'POLICY_EDITOR is "no", which is not 0 or 1.'


def test_a_download_that_is_not_the_package_is_refused_and_never_kept(tmp_path):
    package, errors = cached_package(str(tmp_path), "mkdocs.yml", 30, download=lambda address: b"not decap")
    assert package is None
    assert errors[0].problem.startswith("The browser editor downloaded from registry.npmjs.org is not the decap-cms")
    assert not (tmp_path / CACHE).exists()


def test_a_damaged_copy_in_the_cache_is_downloaded_again(tmp_path):
    real, _ = cached_package(str(REPO), "mkdocs.yml", 1)
    kept = tmp_path / CACHE / f"{PACKAGE}-{VERSION}.tgz"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(real[:1000])  # a download cut short
    package, errors = cached_package(str(tmp_path), "mkdocs.yml", 30, download=lambda address: real)
    assert not errors and package == real and kept.read_bytes() == real


def test_the_built_editor_is_at_admin_and_nowhere_readers_look(tmp_path):
    site = editor_site(tmp_path)
    site.built()
    admin = site.root / "site" / "admin"
    assert {"index.html", "config.yml", "decap-cms.js", "tagging-help.html"} <= {path.name for path in admin.iterdir()}
    assert settings_of((admin / "config.yml").read_text())["title"]["widget"] == "string"
    assert '<meta name="robots" content="noindex, nofollow">' in (admin / "index.html").read_text()
    assert "admin" not in (site.root / "site" / "sitemap.xml").read_text()
    assert not [entry for entry in site.search_index() if "admin" in entry["location"]]
    assert "admin" not in (site.root / "published-links.yml").read_text()


OFFLINE = {"https_proxy": "http://127.0.0.1:9", "no_proxy": ""}  # nothing listens on port 9


def test_an_offline_build_says_how_to_build_without_the_editor(tmp_path):
    site = editor_site(tmp_path, package=False)
    result = build(site, **OFFLINE)
    line = (site.root / "mkdocs.yml").read_text().splitlines().index("  editor:") + 1
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"mkdocs.yml:{line}: The browser editor (decap-cms 3.16.3) could not be downloaded:" in result.stderr
    assert "POLICY_EDITOR=0 mkdocs build" in result.stderr
    result = build(site, POLICY_EDITOR="0", **OFFLINE)
    assert result.returncode == 0, result.stderr
    assert (site.root / "site" / "policies" / "phones" / "index.html").exists()
    assert not (site.root / "site" / "admin").exists()


def test_a_page_of_the_schools_in_docs_admin_stops_the_build(tmp_path):
    site = editor_site(tmp_path).write("admin/index.md", "# Our admin page\n")
    result = build(site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("docs/admin:1: The site puts the browser editor in admin/, so the files in docs/admin/ would be "
            "replaced without a word.") in result.stderr


def test_a_preview_offline_needs_no_editor(tmp_path, monkeypatch):
    site = editor_site(tmp_path, package=False)
    for name, value in OFFLINE.items():
        monkeypatch.setenv(name, value)
    log = site.serve()
    assert "Serving on" in log and "ERROR" not in log, log
