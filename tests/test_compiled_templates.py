"""The theme's templates compiled by an earlier build are used again only when compiled the same way;
a damaged or unwritable cache only means compiling them again."""

import os

import jinja2

from policy_core.compiled_templates import TemplatesKeptOnDisk


def environment(folder, how, templates, compiled):
    class Counting(jinja2.Environment):
        def _compile(self, source, filename):
            compiled.append(filename)
            return super()._compile(source, filename)
    return Counting(loader=jinja2.DictLoader(templates), bytecode_cache=TemplatesKeptOnDisk(str(folder), how),
                    trim_blocks=how == "trimmed")


def test_a_template_compiled_the_same_way_is_not_compiled_again(tmp_path):
    templates, compiled = {"page.html": "{% if x %}\nHello {{ x }}{% endif %}"}, []
    assert environment(tmp_path, "trimmed", templates, compiled).get_template("page.html").render(x="you") == "Hello you"
    assert environment(tmp_path, "trimmed", templates, compiled).get_template("page.html").render(x="you") == "Hello you"
    assert len(compiled) == 1


def test_another_way_or_another_text_compiles_again_and_the_old_way_is_removed(tmp_path):
    templates, compiled = {"page.html": "{% if x %}\nHello {{ x }}{% endif %}"}, []
    environment(tmp_path, "trimmed", templates, compiled).get_template("page.html")
    assert environment(tmp_path, "kept", templates, compiled).get_template("page.html").render(x="you") == "\nHello you"
    assert len(compiled) == 2 and len(os.listdir(tmp_path)) == 1
    templates["page.html"] = "Goodbye {{ x }}"
    assert environment(tmp_path, "kept", templates, compiled).get_template("page.html").render(x="you") == "Goodbye you"


def test_a_damaged_or_unwritable_cache_only_means_compiling(tmp_path):
    templates, compiled = {"page.html": "Hello {{ x }}"}, []
    environment(tmp_path, "trimmed", templates, compiled).get_template("page.html")
    [folder] = os.listdir(tmp_path)
    for name in os.listdir(tmp_path / folder):
        (tmp_path / folder / name).write_bytes((tmp_path / folder / name).read_bytes()[:30])
    assert environment(tmp_path, "trimmed", templates, compiled).get_template("page.html").render(x="you") == "Hello you"
    (tmp_path / "file").write_text("")
    assert environment(tmp_path / "file", "trimmed", templates, compiled).get_template("page.html").render(x="you") == "Hello you"
