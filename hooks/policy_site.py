"""MkDocs hooks for the policy site: thin glue between MkDocs' build and the policy core.

Everything that knows about policies lives in `policy_core`; these functions only hand MkDocs'
files, pages and settings to it and hand back what it makes. `mkdocs serve` never reloads this
module, so every build starts again from `on_config`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

import markdown
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from policy_core.audiences import read_declared_audiences
from policy_core.errors import PolicyError, report
from policy_core.markdown_extension import PolicyExtension, ViewRequest
from policy_core.model import View
from policy_core.policies import HOME, REGISTER, PolicySite, hub_path, read_policy, source_path
from policy_core.sharing import qr_code_svg, qr_file_path, search_entries, view_address
from policy_core.source import SourceLines

POLICY_FOLDER = "policies/"


@dataclass
class Build:
    """What one build knows: the site's policies and the page the extension is converting."""

    site: PolicySite
    extension: PolicyExtension
    views: dict[str, View] = field(default_factory=dict)  # by source path
    urls: dict[str, str] = field(default_factory=dict)  # each view's address, by source path


build: Build | None = None


def on_config(config):
    global build
    settings_file = os.path.relpath(config.config_file_path) if config.config_file_path else "mkdocs.yml"
    line = _settings_line(config.config_file_path, "audiences")
    declared, errors = read_declared_audiences(config.extra.get("audiences"), settings_file, line)
    if errors:
        raise PluginError(report(errors))
    if not config.site_url:
        raise PluginError(report([PolicyError(
            settings_file, 1, "The site's address (site_url) is not set.",
            "add it to mkdocs.yml, for example: site_url: https://policies.your-school.example/ "
            "(printed pages and QR codes need it).")]))
    build = Build(PolicySite(declared), PolicyExtension())
    if "attr_list" not in config.markdown_extensions:
        config.markdown_extensions.append("attr_list")
    config.markdown_extensions.append(build.extension)
    return config


def on_files(files: Files, config):
    errors = _read_policies(files, config)
    if errors:
        raise PluginError(report(errors))
    site = build.site
    for view in site.views():
        build.views[source_path(view)] = view
        if not view.is_full:
            page = File.generated(config, source_path(view), content=site.view_markdown(view),
                                  inclusion=InclusionLevel.NOT_IN_NAV)
            page.dest_uri = _destination(view.path, config)
            files.append(page)
    welcome = files.get_file_from_path(HOME)
    if welcome is not None:
        files.remove(welcome)
    pages = {HOME: site.home_markdown(welcome.content_string if welcome else None),
             REGISTER: site.register_markdown(),
             **{hub_path(key): site.hub_markdown(key) for key in site.declared.keys}}
    for path, content in pages.items():
        files.append(File.generated(config, path, content=content))
    build.urls = {path: files.get_file_from_path(path).url for path in build.views}
    for path, view in build.views.items():
        address = view_address(config.site_url, build.urls[path])
        files.append(File.generated(config, qr_file_path(view), content=qr_code_svg(address)))
    _check_collisions(files, config)
    if not config.nav:
        made = set(pages) | set(build.views)
        others = [file.src_uri for file in files.documentation_pages() if file.src_uri not in made]
        config.nav = site.navigation(sorted(others))
    return files


def on_page_markdown(markdown_text, page, config, files):
    view = build.views.get(page.file.src_uri)
    build.extension.request = build.site.request_for(view) if view else None
    return markdown_text


def on_page_content(html, page, config, files):
    build.extension.request = None
    return html


def on_page_context(context, page, config, nav):
    view = build.views.get(page.file.src_uri)
    if view is not None:
        context["policy_view"] = _view_context(view, config)
    return context


def on_post_build(config):
    """Index the full views clause by clause, in place of the search plugin's section entries."""
    index_file = os.path.join(config.site_dir, "search", "search_index.json")
    if not os.path.exists(index_file):
        return
    with open(index_file, encoding="utf-8") as index:
        search_index = json.load(index)
    full_views = {build.urls[source_path(View(policy))]: policy for policy in build.site.policies}
    search_index["docs"] = [entry for entry in search_index["docs"]
                            if entry["location"].split("#")[0] not in full_views]
    for url, policy in full_views.items():
        search_index["docs"] += search_entries(policy, url)
    with open(index_file, "w", encoding="utf-8") as index:
        json.dump(search_index, index, separators=(",", ":"))


# Helpers ---------------------------------------------------------------------------------------


def _read_policies(files: Files, config) -> list[PolicyError]:
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)

    def convert(request: ViewRequest) -> None:
        build.extension.request = request
        try:
            md.reset().convert(request.source.body)
        finally:
            build.extension.request = None

    errors = []
    for file in files.documentation_pages():
        slug = _policy_slug(file.src_uri)
        if slug is None:
            continue
        where = _display_path(file, config)
        if not _good_slug(slug):
            errors.append(PolicyError(where, 1, f'The policy file name "{slug}" cannot be used in a web address.',
                                      "rename the file using lower-case letters, digits and hyphens only, "
                                      "for example social-media.md."))
            continue
        policy, source, problems = read_policy(where, slug, file.content_string, build.site.declared, convert)
        errors += problems
        if policy is not None:
            build.site.add(policy, source)
    return errors


def _policy_slug(src_uri: str) -> str | None:
    """A policy is a Markdown file directly in docs/policies/, other than its index."""
    if not src_uri.startswith(POLICY_FOLDER) or not src_uri.endswith(".md"):
        return None
    name = src_uri[len(POLICY_FOLDER):-len(".md")]
    if "/" in name or name in ("index", "README"):
        return None
    return name


def _good_slug(slug: str) -> bool:
    return slug.replace("-", "").isalnum() and slug == slug.lower() and slug.isascii() and slug[0].isalnum()


def _destination(path: str, config) -> str:
    return path + "index.html" if config.use_directory_urls else path.rstrip("/") + ".html"


def _check_collisions(files: Files, config) -> None:
    """MkDocs lets one page silently overwrite another with the same address: refuse instead."""
    made_by_us = set(build.views) - {source_path(View(policy)) for policy in build.site.policies}
    made_by_us |= {HOME, REGISTER, *(hub_path(key) for key in build.site.declared.keys)}
    seen: dict[str, File] = {}
    errors = []
    for file in files:
        other = seen.setdefault(file.dest_uri, file)
        if other is file:
            continue
        real = next((each for each in (file, other) if each.src_uri not in made_by_us or each.generated_by is None), file)
        errors.append(PolicyError(
            _display_path(real, config), 1,
            f'"{file.src_uri}" and "{other.src_uri}" would both be published at {file.url}.',
            "rename or move the file: this address is used by a page the site makes for you "
            "(a policy's audience version, a hub in for/, the register policies/index.md, or the home page)."))
    if errors:
        raise PluginError(report(errors))


def _view_context(view: View, config) -> dict:
    """What the templates show around a policy view: its title, whose it is, the other views,
    its address and QR code, and the policy's version and approval for print."""
    declared = build.site.declared
    views = [{"label": "Full policy" if each.is_full else declared.label(each.audience),
              "url": build.urls[source_path(each)], "current": each == view}
             for each in build.site.views_of(view.policy)]
    meta = view.policy.meta
    return {
        "address": view_address(config.site_url, build.urls[source_path(view)]),
        "qr_code": qr_file_path(view),
        "version": meta.get("version"),
        "approved": meta.get("approved"),
        "title": view.policy.title,
        "is_full": view.is_full,
        "audience_label": None if view.is_full else declared.label(view.audience),
        "policy_audiences": [declared.label(key) for key in view.policy.audiences],
        "views": views,
    }


def _display_path(file: File, config) -> str:
    if file.abs_src_path:
        return os.path.relpath(file.abs_src_path)
    return os.path.join(os.path.relpath(config.docs_dir), file.src_uri)


def _settings_line(config_file: str | None, name: str) -> int:
    if not config_file or not os.path.exists(config_file):
        return 1
    with open(config_file, encoding="utf-8") as settings:
        return SourceLines(settings.read()).setting_line(name)
