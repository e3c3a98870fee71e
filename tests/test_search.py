"""Search's index is made by Pagefind's program: when it cannot be, the build stops and says what to do."""

import pagefind_bin
import pytest

from policy_core.search import write_search_index

PAGES = {"policies/pay/": '<html lang="en"><body data-pagefind-body><h1>Pay</h1></body></html>'}


def missing():
    raise FileNotFoundError("no program")


@pytest.mark.parametrize("program, problem", [
    (missing, "The site's search cannot be made: Pagefind's program is not installed."),
    (lambda: "/bin/false", "The site's search could not be made: Pagefind stopped"),
    (lambda: "/", "The site's search could not be made: Pagefind stopped (Permission denied)"),
])
def test_a_search_index_that_cannot_be_made_stops_the_build_with_the_fix(tmp_path, monkeypatch, program, problem):
    monkeypatch.setattr(pagefind_bin, "get_executable", program)
    [error] = write_search_index(PAGES, str(tmp_path), "en", "mkdocs.yml")
    assert error.file == "mkdocs.yml" and error.problem.startswith(problem)
    assert "install the project's requirements again" in error.fix


def test_the_search_index_holds_only_what_the_sites_script_loads(tmp_path):
    assert write_search_index(PAGES, str(tmp_path), "en", "mkdocs.yml") == []
    made = {path.name for path in (tmp_path / "pagefind").iterdir()}
    assert {"pagefind.js", "pagefind-entry.json", "wasm.en.pagefind", "index", "fragment"} <= made
    assert not [name for name in made if "ui" in name or "highlight" in name or "worker" in name]
    assert "wasm.unknown.pagefind" not in made  # word rules for languages without any of their own: 90 KB unused


def test_a_language_search_has_no_word_rules_for_keeps_the_general_ones(tmp_path):
    welsh = {"polisiau/tal/": '<html lang="cy"><body data-pagefind-body><h1>Tâl</h1></body></html>'}
    assert write_search_index(welsh, str(tmp_path), "cy", "mkdocs.yml") == []
    made = {path.name for path in (tmp_path / "pagefind").iterdir()}
    assert "wasm.unknown.pagefind" in made and "wasm.en.pagefind" not in made
