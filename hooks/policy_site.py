"""MkDocs hooks for the policy site: thin glue between MkDocs' build and the policy core.

Everything that knows about policies lives in `policy_core`; these functions only hand MkDocs'
files, pages and settings to it and hand back what it makes. `mkdocs serve` never reloads this
module, so every build starts again from `on_config`.
"""

from __future__ import annotations

import functools
import glob
import json
import logging
import os
import posixpath
import re
import shutil
import signal
import tempfile
import threading
from dataclasses import dataclass, field, replace

import markdown
from markupsafe import Markup, escape
from jinja2 import pass_context
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import normalize_url
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from policy_core.browser_editor import editor_files, write_editor
from policy_core.compiled_templates import TemplatesKeptInMemory, TemplatesKeptOnDisk
from policy_core.editing_slips import policy_outside_folder
from policy_core.errors import (PolicyError, PolicyProblems, github_annotations, report as problems_message,
                                without_workflow_commands)
from policy_core.friendly_versions import missing_friendly_versions
from policy_core.links import RECORD_FILE, LinkPlan, plan_links, published_drafts, redirect_page, write_published
from policy_core.markdown_extension import PAGE_TEXT, PolicyExtension, ViewRequest, check_markdown_extensions
from policy_core.model import View
from policy_core.pdfs import PdfJob, make_pdfs, pdf_name
from policy_core.html_blocks import put_in_html_blocks
from policy_core.policies import (COVERAGE, HOME, REGISTER, PolicySite, hub_path, read_policy, read_policy_folder,
                                   source_path)
from policy_core.rebuilds import RebuildCache, fingerprint, folder_fingerprint, search_entries_by_page
from policy_core.record_file import RecordLock, read_record, write_atomically
from policy_core.saved_files import link_errors, read_text, settings_shape_errors
from policy_core.stylesheets import without_comments
from policy_core.source import WEB_NAME, SourceLines, page_shape_errors, page_source
from policy_core.settings import SiteSettings, overdue_message, read_site_settings
from policy_core.search import SEARCH_FOLDER, SearchIndex, other_search_page, policy_search_page
from policy_core.reads_kept import ReadsKeptOnDisk, code_key
from policy_core.site_files import FilesMadeAhead, LastBuildRemoved, not_a_folder, remove_stopped_builds
from policy_core.sharing import qr_code_svgs, qr_file_path, view_address
from policy_preview import BuildStops, Preview

POLICY_FOLDER = "policies/"
PDF_TEMPLATE = "policy-pdf.html"
PAGE_LAYOUTS = ("main.html",)  # the layouts an editor's page may name in its front matter
PDF_STYLES = ["assets/stylesheets/policy-screen.css", "assets/stylesheets/policy-print.css",
              "assets/stylesheets/policy-pdf.css"]
PDF_CACHE = os.path.join(".cache", "policy-pdfs")  # beside mkdocs.yml, never in docs/ or site/
QR_CACHE = os.path.join(".cache", "policy-qr-codes.json")
TEMPLATES_CACHE = os.path.join(".cache", "policy-templates")  # the theme's templates, compiled
READS_CACHE = os.path.join(".cache", "policy-reads")  # each policy as read, for the next build
SEARCH_MARKS = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # as Material's search plugin takes them out
# The site's settings in mkdocs.yml that the theme's templates show readers.
SITE_TEXT_SETTINGS = ("site_name", "site_description", "site_author")
log = get_plugin_logger("policy_site")


@dataclass
class Build:
    """What one build knows: the settings, the policies, and the page being converted."""

    settings: SiteSettings
    site: PolicySite
    extension: PolicyExtension
    record_file: str
    published: dict[str, list[str]]
    record_text: str | None  # as read, for the lines of its addresses in messages
    committed: dict[str, list[str]] | None  # the record as last committed; None if not known
    views: dict[str, View] = field(default_factory=dict)  # by source path
    urls: dict[str, str] = field(default_factory=dict)  # each view's address, by source path
    hubs: dict[str, str] = field(default_factory=dict)  # each audience's hub, by its address
    links: LinkPlan | None = None
    env: object = None  # the theme's templates, for the PDF documents
    pdf_jobs: list = field(default_factory=list)
    html_blocks: dict[str, dict[str, str]] = field(default_factory=dict)  # by page: the HTML its placeholders stand for
    qr_codes: dict[str, str] = field(default_factory=dict)  # each view's address, by its QR code's file
    navigations: dict[tuple, str] = field(default_factory=dict)  # the sidebar's HTML, by what it links to (_navigation)
    editor: dict[str, bytes] = field(default_factory=dict)  # the browser editor's files in admin/, by name
    search: SearchIndex | None = None  # Pagefind's index, made beside the build from on_files on
    held_back: dict[str, str] = field(default_factory=dict)  # policy views' HTML, by source path (on_page_content)
    last_build: LastBuildRemoved | None = None  # the last build's files, deleted while this one goes on
    files_ahead: FilesMadeAhead | None = None  # the files the build will write, made while it converts the pages
    reads: ReadsKeptOnDisk | None = None  # each policy as read by the last build, when the same (not in a preview)


build: Build | None = None
command = "build"  # or "serve" or "gh-deploy": set once per run of the mkdocs command


@dataclass
class BetweenBuilds:
    """What `mkdocs serve` keeps between builds (this module is not loaded again): the policies as
    read, and, with `--dirty`, which pages the last build made, so that only what changed is built."""

    dirty: bool = False  # MkDocs keeps the last build's pages, and builds only those it sees changed
    cache: RebuildCache = field(default_factory=RebuildCache)
    settings_key: str = ""  # everything in the settings that changes how a policy is read
    sources: str | None = None  # a folder for the audience versions' page sources, with --dirty
    written: dict[str, str] = field(default_factory=dict)  # what each of those sources holds, by its path
    outputs: set[str] = field(default_factory=set)  # the files the last build made, with --dirty
    files: Files | None = None  # this build's files
    search: dict[str, list[dict]] = field(default_factory=dict)  # each page's search entries, from the last build
    templates: TemplatesKeptInMemory = field(default_factory=TemplatesKeptInMemory)
    indexing: threading.Thread | None = None  # search being made for the last build's pages


between_builds = BetweenBuilds()
record_lock = RecordLock()  # held by a build that will write published-links.yml
preview = Preview()  # in `mkdocs serve`, shows what stops a build in the browser


class WarningCounter(logging.Handler):
    """Counts the warnings of one build, so a build that --strict will refuse records nothing."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


warnings = WarningCounter()

# The kinds of link MkDocs checks (validation: links: in mkdocs.yml): a link to a page or anchor that
# is not there, or one it cannot check (to /..., or to an address rather than a file). Each leads a
# reader nowhere, or nowhere once the site moves, so each is a warning unless the school says otherwise.
LINK_CHECKS = ("not_found", "absolute_links", "unrecognized_links", "anchors")
LINK_WARNING = re.compile(r"Doc file '(?P<page>[^']+)' contains (?:a link|an absolute link|an unrecognized "
                          r"relative link) '(?P<link>[^']*)'")
LINK_FIX = ("How to fix it: link to the page's file in docs/, by its name from this file (for example "
            "other-policy.md, or other-policy.md#its-anchor for one clause), and check that the file and the "
            "anchor exist; a link starting or ending with / is not checked, and may lead nowhere once the site "
            "is published.")


class LinkWarnings(logging.Filter):
    """MkDocs' warnings about links, once for the file the editor wrote, with the fix. An audience's
    version holds the full policy's links, so its warnings would repeat them under a file name no
    editor has."""

    def filter(self, record):
        found = LINK_WARNING.match(record.getMessage())
        if found is None:
            return True
        view = build.views.get(found["page"]) if build else None
        if view is not None and not view.is_full:
            return False
        record.msg, record.args = f"{record.getMessage()}\n    {LINK_FIX}", ()
        return True


link_warnings = LinkWarnings()
DIRTY_NOTE = ("Building again only what changed (--dirty): every page that shows something you changed is "
              "built again, and the pages of a removed policy are removed.")


class DirtyBuildNote(logging.Filter):
    """MkDocs warns on each `--dirty` build that its navigation and links may be out of date. This
    site builds again every page that shows what changed (`_build_only_what_changed`): it says so."""

    def filter(self, record):
        if record.levelno == logging.WARNING and record.getMessage().startswith("A 'dirty' build is being performed"):
            record.levelno, record.levelname, record.msg, record.args = logging.INFO, "INFO", DIRTY_NOTE, ()
        return True


dirty_build_note = DirtyBuildNote()


class LinkAnnotations(logging.Handler):
    """MkDocs' warnings about links, which --strict makes failures, as annotations on the link's line."""

    docs_dir = "docs"  # set by on_config

    def __init__(self):
        super().__init__(logging.WARNING)

    def emit(self, record):
        found = LINK_WARNING.match(record.getMessage())
        if found is not None:
            file = os.path.join(os.path.relpath(self.docs_dir), *found["page"].split("/"))
            problem, _, fix = record.getMessage().partition("\n    How to fix it: ")
            _annotate([PolicyError(file, SourceLines(_read(file) or "").text_line(f"]({found['link']}"), problem, fix)])


link_annotations = LinkAnnotations()


class NoWorkflowCommands(logging.Filter):
    """Every message of the build, the one that stops it too, can hold an editor's words: under
    GitHub Actions none of them may start a line that GitHub would run as a command."""

    def filter(self, record):
        record.msg, record.args = without_workflow_commands(record.getMessage(), os.environ), ()
        return True


no_workflow_commands = NoWorkflowCommands()


def _annotate(errors: list[PolicyError]) -> None:
    """Under GitHub Actions, GitHub shows each problem on the line it names in a pull request's changed files."""
    annotations = github_annotations(errors, os.environ)
    if annotations:
        print(annotations, flush=True)


def on_startup(command: str, dirty: bool):
    globals()["command"] = command
    preview.active = command == "serve"
    between_builds.dirty = dirty
    if command != "serve":  # MkDocs' preview ends on Ctrl-C only
        _stop_on_sigterm_as_on_ctrl_c(True)
    for handler in logging.getLogger("mkdocs").handlers:  # a filter on a handler sees its children's messages
        handler.addFilter(no_workflow_commands)


@preview.keeps_problems
def on_config(config):
    global build
    _stop_search_index()  # a preview whose last build stopped left them
    _finish_files_ahead()
    _finish_last_build()
    warnings.count = 0
    if warnings not in logging.getLogger("mkdocs").handlers:
        logging.getLogger("mkdocs").addHandler(warnings)
    logging.getLogger("mkdocs.structure.pages").addFilter(link_warnings)  # added once: filters are a set
    link_annotations.docs_dir = config.docs_dir
    if link_annotations not in logging.getLogger("mkdocs.structure.pages").handlers:
        logging.getLogger("mkdocs.structure.pages").addHandler(link_annotations)
    logging.getLogger("mkdocs.commands.build").addFilter(dirty_build_note)
    _warn_of_broken_links(config)
    settings_file = os.path.relpath(config.config_file_path)
    settings_text = _read(config.config_file_path)
    # MkDocs has read mkdocs.yml already, but lists the docs folder's files only after this event.
    shape_errors = settings_shape_errors(settings_file, settings_text, 1) + link_errors(config.docs_dir)
    if shape_errors:
        raise BuildStops(shape_errors)
    settings, errors = read_site_settings(config.extra, config.site_url, settings_file, settings_text,
                                          os.environ.get("POLICY_TODAY"), os.environ.get("POLICY_PDF"),
                                          config.use_directory_urls)
    record_file = os.path.join(os.path.dirname(config.config_file_path), RECORD_FILE)
    published, record_text, record_errors, committed = read_record(record_file, os.path.relpath(record_file),
                                                        None if command == "serve" else record_lock)
    errors += check_markdown_extensions(config.markdown_extensions, settings_file, _read(config.config_file_path))
    # A preview has no editor: it would save to GitHub, not to this computer, and the preview works offline.
    editor, editor_errors = ({}, []) if errors or command == "serve" else editor_files(
        config.extra.get("editor"), config.repo_url, settings, settings_file, SourceLines(settings_text).setting_line("editor"),
        os.path.dirname(config.config_file_path), config.docs_dir, os.environ.get("POLICY_EDITOR"))
    errors += editor_errors
    if errors or record_errors:
        raise BuildStops(errors + record_errors)
    _as_html(config, SITE_TEXT_SETTINGS)
    between_builds.cache.start_build()
    between_builds.settings_key = fingerprint(settings_text, config.extra, config.mdx_configs, settings.today,
                                              [name for name in config.markdown_extensions if isinstance(name, str)])
    build = Build(settings, PolicySite(settings.audiences, settings.today, previewing=command == "serve"),
                  PolicyExtension(), record_file, published, record_text, committed, editor=editor)
    build.extension.views_used_once = command != "serve"
    # Only with extensions named in mkdocs.yml: one added by another plugin could read a policy differently.
    if command != "serve" and all(isinstance(name, str) for name in config.markdown_extensions):
        build.reads = ReadsKeptOnDisk(os.path.join(os.path.dirname(config.config_file_path), READS_CACHE), code_key())
    if "attr_list" not in config.markdown_extensions:
        config.markdown_extensions.append("attr_list")
    config.markdown_extensions.append(build.extension)
    return config


def on_pre_build(config):
    if command == "serve":  # a preview's folder is its own
        return
    problems = not_a_folder(config.site_dir)
    if problems:
        raise BuildStops(problems)
    if _files_beside_the_build():  # MkDocs empties the site's folder next
        build.last_build = LastBuildRemoved(config.site_dir)
        problems = build.last_build.left  # MkDocs could not delete them either, and would stop with a traceback
    else:  # --dirty keeps the last build's files, not a stopped build's hidden folders
        problems = remove_stopped_builds(config.site_dir)
    if problems:
        raise BuildStops(problems)


@preview.keeps_problems
def on_files(files: Files, config):
    errors = _read_policies(files, config)
    errors = errors or build.site.plan_references() or published_drafts(build.site.drafts.values(), build.published)
    if errors:
        raise BuildStops(errors)
    _leave_out_drafts(files)
    site = build.site
    build.links = plan_links(site.policies, site.views(), build.published, os.path.relpath(build.record_file),
                             build.record_text, site.declared.keys, build.committed,
                             {slug: request.source.lines for slug, request in site.requests.items()})
    if build.links.errors:
        raise BuildStops(build.links.errors)
    _report_overdue_reviews()
    for view in site.views():
        build.views[source_path(view)] = view
        if not view.is_full:
            page = _generated_page(config, source_path(view), site.view_markdown(view), InclusionLevel.NOT_IN_NAV)
            page.dest_uri = view.path + "index.html"  # addresses end in "/": use_directory_urls is refused
            files.append(page)
    welcome = files.get_file_from_path(HOME)
    if welcome is not None:
        files.remove(welcome)
    register = site.register_pages()
    pages = {HOME: site.home_markdown(welcome.content_string if welcome else None),
             **{hub_path(key): site.hub_markdown(key) for key in site.declared.keys},
             **{path: content for path, (content, _) in register.items()}}
    coverage, coverage_grids = site.coverage_markdown()
    pages[COVERAGE] = coverage
    build.html_blocks = {COVERAGE: coverage_grids, **{path: blocks for path, (_, blocks) in register.items()}}
    # Redirect pages and the theme's own (404.html, sitemap.xml) would replace an editor's file of
    # the same name without a word, as MkDocs keeps one file per name.
    _check_pages_are_free(files, [*pages, *(old + "index.html" for old in build.links.redirects),
                                  *config.theme.static_templates], config)
    in_nav = {HOME, REGISTER, *map(hub_path, site.declared.keys)}  # the others are linked from these
    for path, content in pages.items():
        files.append(_generated_page(config, path, content,
                                     InclusionLevel.UNDEFINED if path in in_nav else InclusionLevel.NOT_IN_NAV))
    build.urls = {path: files.get_file_from_path(path).url for path in build.views}
    build.hubs = {files.get_file_from_path(hub_path(key)).url: key for key in site.declared.keys}
    addresses = {qr_file_path(view): view_address(config.site_url, build.urls[path]) for path, view in build.views.items()}
    build.qr_codes = _qr_codes_to_make(addresses, config)  # written in on_post_build
    titles = {view.path: _document_title(view) for view in site.views()}
    for old, new in build.links.redirects.items():
        page = redirect_page(old, new, titles[new.partition("#")[0]], config.theme["language"])
        files.append(File.generated(config, old + "index.html", content=page))
    written_later = {path: "QR code" for path in addresses}
    if build.settings.pdf:
        written_later.update({_pdf_path(files.get_file_from_path(path).dest_uri, view): "PDF"
                              for path, view in build.views.items()})
    _check_collisions(files, config, written_later)
    if not config.nav:
        made = set(pages) | set(build.views)
        others = [file.src_uri for file in files.documentation_pages() if file.src_uri not in made]
        config.nav = site.navigation(sorted(others))
    if between_builds.dirty:
        _build_only_what_changed(files, config, written_later)
    _start_search_index(config)
    if _files_beside_the_build():
        build.files_ahead = FilesMadeAhead(_files_to_write(files, config), config.site_dir, build.last_build)
    return files


def on_page_markdown(markdown_text, page, config, files):
    view = build.views.get(page.file.src_uri)
    build.extension.request = build.site.request_for(view) if view else None
    if view is not None:
        page.meta.setdefault("title", view.policy.title)
        page.meta["search"] = {"exclude": True}  # indexed clause by clause in on_post_build instead
    _as_html(page.meta, [name for name, value in page.meta.items() if isinstance(value, str)])
    # A policy's views are made from the tree read in on_files: Markdown need not parse its text again.
    return PAGE_TEXT if view is not None else markdown_text


def on_page_content(html, page, config, files):
    build.extension.request = None
    view = build.views.get(page.file.src_uri)
    if view is not None:  # the page's script follows an anchor that moved: a link to it leads somewhere
        page.present_anchor_ids |= set(build.links.moved_anchors.get(view.path, {}))
        # Material's search takes its data-search-… marks out of every page's HTML with a regular
        # expression, a good part of a large site's build; a policy's views are not in its index, so
        # their HTML is held back until on_page_context, and the marks taken out here only if there are any.
        build.held_back[page.file.src_uri] = SEARCH_MARKS.sub("", html) if "data-search-" in html else html
        return ""
    if page.file.src_uri in build.html_blocks:
        return put_in_html_blocks(html, build.html_blocks[page.file.src_uri])
    return html


def on_page_context(context, page, config, nav):
    view = build.views.get(page.file.src_uri)
    if page.file.src_uri in build.held_back:
        page.content = build.held_back.pop(page.file.src_uri)
    if view is not None:
        context["policy_view"] = _view_context(view, config)
    context["school_name"] = build.settings.school
    # An audience's version or hub searches only what that audience's versions show.
    context["search_audience"] = view.audience if view else next(
        (key for key in build.site.declared.keys if hub_path(key) == page.file.src_uri), None)
    if view is not None and build.settings.pdf:
        html = build.env.get_template(PDF_TEMPLATE).render(context)
        address = context["policy_view"]["address"]
        output = os.path.join(config.site_dir, *_pdf_path(page.file.dest_uri, view).split("/"))
        build.pdf_jobs.append(PdfJob(view.policy.title, view.policy.file, html, address, output))
    return context


@preview.keeps_problems
def on_post_build(config):
    _shrink_stylesheets(config)
    _index_for_search(config)
    _write_qr_codes(config)
    _finish_files_ahead()
    left = _finish_last_build()  # the files' helper, finished, has deleted them
    if left:
        raise BuildStops(left)
    refused = config.strict and warnings.count  # MkDocs stops a strict build with warnings after this event
    if build.pdf_jobs and not refused:
        _make_pdfs(config)
    write_editor(build.editor, config.site_dir)
    if command != "serve" and not refused:  # a preview, or a build that --strict refuses, publishes nothing to record
        _record_addresses()
    if build.reads is not None:
        build.reads.forget_unused()
    record_lock.release()


def on_serve(server, config, builder):
    return preview.on_serve(server, config)


def on_build_error(error):
    _stop_search_index()
    _finish_files_ahead()
    _finish_last_build()
    between_builds.cache.forget()
    record_lock.release()
    if isinstance(error, BuildStops):
        _annotate(error.errors)


def on_shutdown():  # also after Ctrl-C, when MkDocs calls no on_build_error
    _stop_search_index()
    _finish_files_ahead()
    _finish_last_build()
    _wait_for_search()
    if between_builds.sources:
        shutil.rmtree(between_builds.sources, ignore_errors=True)
        between_builds.sources = None
        between_builds.written.clear()
    record_lock.release()
    _stop_on_sigterm_as_on_ctrl_c(False)


# Helpers ---------------------------------------------------------------------------------------


def _read_policies(files: Files, config) -> list[PolicyError]:
    """Read every policy; check the other pages for tags they cannot apply, and the policies'
    folder for files that are not policies."""
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)

    def convert(request: ViewRequest) -> None:
        build.extension.request = request
        try:
            md.reset().convert(request.source.body)
        finally:
            build.extension.request = None

    slugs = {_policy_slug(file.src_uri) for file in files.documentation_pages()} - {None}
    build.site.attachments, errors = read_policy_folder(
        ((file.src_uri, _display_path(file, config), _size(file)) for file in files
         if file.src_uri.startswith(POLICY_FOLDER) and _policy_slug(file.src_uri) is None), POLICY_FOLDER, slugs)
    for file in files.documentation_pages():
        where = _display_path(file, config)
        text, problems = read_text(where, file.content_bytes)
        slug = _policy_slug(file.src_uri)
        if problems or slug is None:  # MkDocs reads the other pages itself: check that it can
            errors += (problems or page_shape_errors(where, text, SourceLines(text))
                       or (not file.src_uri.startswith(POLICY_FOLDER)  # those there are named by read_policy_folder
                           and policy_outside_folder(page_source(where, text), POLICY_FOLDER))
                       or _check_other_page(md, where, text))
            continue
        if not WEB_NAME.match(slug):
            errors.append(PolicyError(where, 1, f'The policy file name "{slug}" cannot be used in a web address.',
                                      "rename the file using lower-case letters, digits and hyphens only, "
                                      "for example social-media.md."))
            continue
        def read(where=where, slug=slug, text=text):
            return read_policy(where, slug, text, build.site.declared, build.settings.today, convert,
                               build.settings.numbering)
        # A preview keeps each policy as read for the next build; a build gives each view's own tree
        # to its page (views_used_once), so what it read is never used again, even by a second build
        # in the same process.
        key = fingerprint(between_builds.settings_key, where, slug, text)
        if command == "serve":
            policy, source, problems = between_builds.cache.kept(key, read)
        elif build.reads is not None:  # only a policy read without a problem is kept
            policy, source, problems = build.reads.kept(key, read, lambda read: not read[2])
        else:
            policy, source, problems = read()
        errors += problems
        if policy is not None:
            build.site.add(replace(policy), source)  # a copy: planning the site changes the policy it is given
    return errors + missing_friendly_versions(build.site.policies, slugs, build.site.drafts.keys())


def _leave_out_drafts(files: Files) -> None:
    """A build publishes nothing of a draft: not its page, nor the documents attached to it."""
    for policy in build.site.drafts.values():
        for file in [file for file in files if file.src_uri == f"{POLICY_FOLDER}{policy.slug}.md"
                     or file.src_uri.startswith(f"{POLICY_FOLDER}{policy.slug}/")]:
            files.remove(file)
        log.info(f"Not published: {policy.file} is a draft (draft: true). `mkdocs serve` shows it.")


def _generated_page(config, path: str, content: str, inclusion: InclusionLevel) -> File:
    """A page the site makes. With --dirty, MkDocs builds a page again only if its source is newer
    than the page: the page's source is then a file, written again only when it changes."""
    if not between_builds.dirty:
        return File.generated(config, path, content=content, inclusion=inclusion)
    between_builds.sources = between_builds.sources or tempfile.mkdtemp(prefix="policy-preview-")
    source = os.path.join(between_builds.sources, *path.split("/"))
    if between_builds.written.get(source) != content or not os.path.exists(source):
        os.makedirs(os.path.dirname(source), exist_ok=True)
        with open(source, "w", encoding="utf-8") as file:
            file.write(content)
        between_builds.written[source] = content
    return File.generated(config, path, abs_src_path=source, inclusion=inclusion)


def _build_only_what_changed(files: Files, config, written_later) -> None:
    """With --dirty, MkDocs builds again only the pages whose source changed, and keeps the others
    as the last build made them. But every page also shows what is written elsewhere (the settings,
    the templates, the editors' pages' titles in the navigation), and a policy's version also its
    links' words, the record of moved addresses and everything its template is given: so a page is
    built again whenever anything it shows has changed, and every page when a setting, a template
    or an editor's page changed. Pages the site no longer makes are removed, so the preview never
    shows them."""
    others = [file.content_bytes for file in files.documentation_pages()  # the editors' own pages
              if file.generated_by is None and file.src_uri not in build.views]
    site_key = fingerprint(between_builds.settings_key, config.site_url, folder_fingerprint(config.theme.custom_dir),
                           build.record_text, sorted(file.src_uri for file in files), others)
    for file in files.documentation_pages():
        view = build.views.get(file.src_uri)
        if view is not None:  # the policy's text as read: the file may have been saved again since
            request = build.site.requests[view.policy.slug]
            key = fingerprint(site_key, request.source.text, request.references, _view_context(view, config))
        else:
            key = fingerprint(site_key, file.content_bytes, build.html_blocks.get(file.src_uri))
        if between_builds.cache.changed(file.src_uri, key) and file.abs_src_path and os.path.exists(file.abs_dest_path):
            os.remove(file.abs_dest_path)  # so that MkDocs sees the page as changed
    outputs = {file.dest_uri for file in files} | set(written_later)
    for gone in between_builds.outputs - outputs:
        if os.path.exists(path := os.path.join(config.site_dir, *gone.split("/"))):
            os.remove(path)
    between_builds.outputs = outputs
    # A short link or old address that MkDocs would write again with the same words is left as it is.
    for file in [file for file in files if file.generated_by and not file.abs_src_path and not file.is_documentation_page()]:
        if not between_builds.cache.changed(file.dest_uri, fingerprint(file.content_bytes)) and os.path.exists(file.abs_dest_path):
            files.remove(file)
    between_builds.files = files


def _qr_codes_to_make(addresses: dict[str, str], config) -> dict[str, str]:
    """The QR codes to make (each one's address, by its file). With --dirty, MkDocs keeps the last
    build's files: a QR code already there of the same address is left as it is."""
    if not between_builds.dirty:
        return addresses
    return {path: address for path, address in addresses.items()
            if between_builds.cache.changed(path, address) or not os.path.exists(os.path.join(config.site_dir, *path.split("/")))}


def _check_other_page(md: markdown.Markdown, where: str, text: str) -> list[PolicyError]:
    build.extension.other_page = page_source(where, text)
    try:
        md.reset().convert(build.extension.other_page.body)
    except PolicyProblems as problems:
        return problems.errors
    finally:
        build.extension.other_page = None
    return []


def _warn_of_broken_links(config) -> None:
    """Every kind of link check a warning, so `mkdocs build --strict` refuses a link that leads
    nowhere, except the kinds the school's mkdocs.yml sets itself (under validation: or validation: links:)."""
    written = {}
    if config.config_file_path:
        with open(config.config_file_path, encoding="utf-8") as file:
            validation = yaml_load(file, get_yaml_loader(config=config)).get("validation") or {}
        written = {**validation, **(validation.get("links") or {})}
    for name in LINK_CHECKS:
        if name not in written:
            config.validation.links[name] = logging.WARNING


def _report_overdue_reviews() -> None:
    message = overdue_message(build.site.policies, build.settings.today)
    if message:
        (log.warning if build.settings.overdue_reviews == "warning" else log.info)(message)


def _record_addresses() -> None:
    record = write_published(build.links.record())
    if record == build.record_text:
        return
    try:
        write_atomically(build.record_file, record)
    except OSError as error:
        file = os.path.relpath(build.record_file)
        raise BuildStops([PolicyError(
            file, 1, f"The record of published addresses could not be written: {error.strerror}. It is unchanged.",
            f"make sure {file} and its folder can be changed and the disk is not full, then build again.")])
    log.info(f"Added this build's new addresses to {RECORD_FILE}: commit it with your changes.")


def _start_search_index(config) -> None:
    """Pagefind indexes the full views clause by clause while the pages are built."""
    site, language = build.site, config.theme["language"]
    build.search = SearchIndex(language, os.path.relpath(config.config_file_path))
    for policy in site.policies:
        versions = {view.audience: build.urls[source_path(view)] for view in site.views_of(policy) if not view.is_full}
        build.search.add(build.urls[source_path(View(policy))], policy_search_page(policy, versions, language))


def _index_for_search(config) -> None:
    """Index the other pages the search plugin read, and write the index Pagefind made; Material's own
    index is left empty, as the page's script searches Pagefind's instead."""
    index_file = os.path.join(config.site_dir, "search", "search_index.json")
    search, build.search = build.search, None
    if not os.path.exists(index_file):
        search.stop()
        return
    with open(index_file, encoding="utf-8") as index:
        search_index = json.load(index)
    if between_builds.dirty:  # the pages --dirty did not build again keep their entries from the last build
        pages = [file.page for file in between_builds.files.documentation_pages() if file.page and _in_search(file.page.meta)]
        between_builds.search = search_entries_by_page(search_index["docs"], [page.url for page in pages],
                                                       {page.url for page in pages if page.content is not None},
                                                       between_builds.search)
        search_index["docs"] = [entry for entries in between_builds.search.values() for entry in entries]
    language = config.theme["language"]
    pages = {}
    for entry in search_index["docs"]:  # the pages that are not policies: the policies' views are left out of it
        pages.setdefault(entry["location"].partition("#")[0], []).append(entry)
    for address, entries in pages.items():
        search.add(address, other_search_page(entries[0]["title"], entries, language, build.hubs.get(address)))
    if command == "serve":  # the preview shows the pages first; search follows a moment later
        _wait_for_search()  # the last build's index, if it is still being written, goes in first
        between_builds.indexing = threading.Thread(target=_index_in_preview, args=(search, config.site_dir))
        between_builds.indexing.start()
    elif errors := search.write(config.site_dir):
        raise BuildStops(errors)
    search_index["docs"] = []
    with open(index_file, "w", encoding="utf-8") as index:
        index.write(json.dumps(search_index, separators=(",", ":")))  # in one piece: json.dump writes it in thousands


def _index_in_preview(search: SearchIndex, site_dir: str) -> None:
    """Pagefind takes a second or two for a hundred policies: in a preview it runs while the editor
    looks at the page, and the next build waits for it (`_wait_for_search`)."""
    errors = search.write(site_dir)
    if errors:
        log.error(problems_message(errors))


def _stop_search_index() -> None:
    """Give up the index of a build that stopped, so that no Pagefind is left running."""
    if build is not None and build.search is not None:
        build.search.stop()
        build.search = None


def _wait_for_search() -> None:
    if between_builds.indexing is not None:
        between_builds.indexing.join()
        between_builds.indexing = None


def _in_search(meta: dict) -> bool:
    """Whether Material's search indexes a page with these settings. A page that --dirty did not
    build again has no settings read, and was left out as before."""
    search = meta.get("search")
    return not (isinstance(search, dict) and search.get("exclude"))


def _shrink_stylesheets(config) -> None:
    """The site's own stylesheets (overrides/assets/stylesheets/policy-*.css), as readers download them."""
    for path in glob.glob(os.path.join(config.site_dir, "assets", "stylesheets", "policy-*.css")):
        with open(path, encoding="utf-8") as file:
            css = file.read()
        with open(path, "w", encoding="utf-8") as file:
            file.write(without_comments(css))


def _files_to_write(files: Files, config) -> list[str]:
    """The short links' pages, the pages and the QR codes: files the build will write, in the order
    it writes them (FilesMadeAhead)."""
    redirects = [files.get_file_from_path(old + "index.html") for old in build.links.redirects]
    return ([file.abs_dest_path for file in redirects if file is not None]
            + [file.abs_dest_path for file in files.documentation_pages()]
            + [os.path.join(config.site_dir, *path.split("/")) for path in build.qr_codes])


def _stop_on_sigterm_as_on_ctrl_c(stop: bool) -> None:
    """A build that is ended (a CI job cancelled, `kill`) stops as on Ctrl-C, so that MkDocs calls
    on_shutdown, which takes away the files made ahead and left empty, instead of Python ending at
    once. Only if nothing else in the process handles the signal."""
    if threading.current_thread() is threading.main_thread() and \
            signal.getsignal(signal.SIGTERM) is (signal.SIG_DFL if stop else signal.default_int_handler):
        signal.signal(signal.SIGTERM, signal.default_int_handler if stop else signal.SIG_DFL)


def _files_beside_the_build() -> bool:
    """Whether the site's files are made ahead and the last build's removed beside the build: not
    in a preview, which may show its page of problems instead, in a folder of its own; nor with
    --dirty, which keeps the last build's files and builds again a page whose file is older than its source."""
    return command != "serve" and not between_builds.dirty


def _finish_last_build() -> list[PolicyError]:
    """The last build's files deleted; a problem for each that could not be."""
    if build is None or build.last_build is None:
        return []
    last_build, build.last_build = build.last_build, None
    return last_build.finish()


def _finish_files_ahead() -> None:
    if build is not None and build.files_ahead is not None:
        files_ahead, build.files_ahead = build.files_ahead, None
        files_ahead.finish()


def _write_qr_codes(config) -> None:
    cache = os.path.join(os.path.dirname(config.config_file_path), QR_CACHE)
    for path, svg in zip(build.qr_codes, qr_code_svgs(list(build.qr_codes.values()), cache, between_builds.dirty)):
        target = os.path.join(config.site_dir, *path.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as file:
            file.write(svg)


def _make_pdfs(config) -> None:
    styles = b"".join(open(os.path.join(config.site_dir, path), "rb").read() for path in PDF_STYLES)
    cache = os.path.join(os.path.dirname(config.config_file_path), PDF_CACHE)
    setting = (os.path.relpath(config.config_file_path),
               SourceLines(_read(config.config_file_path) or "").setting_line("pdf"))
    errors = make_pdfs(build.pdf_jobs, config.site_dir, config.site_url, cache, styles, log.info, setting)
    if errors:
        raise BuildStops(errors)


def _check_templates(files: Files, config) -> None:
    """MkDocs stops with a traceback on a page whose front matter names a layout the site does not
    have, or one of its parts (`partials/header.html`) or another page's layout that needs what
    only that page has (the PDF's, a blog post's): a page may name only the site's own layout."""
    errors = [PolicyError(_display_path(page.file, config),
                          SourceLines(page.file.content_string).setting_line("template"),
                          f'The page asks for a layout (template) the site does not have: "{page.meta["template"]}".',
                          "remove the template setting: the page then uses the site's own layout.")
              for page in (file.page for file in files.documentation_pages() if file.page is not None)
              if "template" in page.meta and page.meta["template"] not in PAGE_LAYOUTS]
    if errors:
        raise BuildStops(errors)


def _pdf_name(view: View) -> str:
    return pdf_name(view.policy.slug, view.audience)


def _pdf_path(page_dest_uri: str, view: View) -> str:
    """Where a view's PDF is written: beside its page."""
    return posixpath.join(posixpath.dirname(page_dest_uri), _pdf_name(view))


def _size(file: File) -> int:
    return os.path.getsize(file.abs_src_path) if file.abs_src_path else len(file.content_bytes)


def _policy_slug(src_uri: str) -> str | None:
    """A policy is a Markdown file directly in docs/policies/, other than its index."""
    if not src_uri.startswith(POLICY_FOLDER) or not src_uri.endswith(".md"):
        return None
    name = src_uri[len(POLICY_FOLDER):-len(".md")]
    if "/" in name or name in ("index", "README"):
        return None
    return name


def _check_pages_are_free(files: Files, paths: list[str], config) -> None:
    """The site makes these pages itself; an editor's file of the same name would vanish."""
    errors = [PolicyError(_display_path(file, config), 1,
                          f'The site makes the page "{file.src_uri}" itself, so this file would never be published.',
                          "rename or move the file; put the words you want on the home page in docs/index.md.")
              for file in map(files.get_file_from_path, paths) if file is not None]
    if errors:
        raise BuildStops(errors)


def _check_collisions(files: Files, config, written_later: dict[str, str]) -> None:
    """MkDocs lets one page silently overwrite another with the same address: refuse instead.
    `written_later` are the files the site writes itself after the build (QR codes, PDFs), by path."""
    seen: dict[str, File] = {}
    errors = []
    for file in files:
        if file.dest_uri in written_later:
            what = written_later[file.dest_uri]
            errors.append(PolicyError(_display_path(file, config), 1,
                                      f'"{file.src_uri}" would be replaced by the {what} the site makes there.',
                                      f"rename or move the file: the site puts each version's {what} in its folder."))
            continue
        if file.dest_uri.startswith(SEARCH_FOLDER + "/"):  # the search index replaces the folder whole
            errors.append(PolicyError(_display_path(file, config), 1,
                                      f'"{file.src_uri}" would be replaced by the search index the site makes in {SEARCH_FOLDER}/.',
                                      f"rename or move the file out of the {SEARCH_FOLDER} folder: the site keeps its search index there."))
            continue
        other = seen.setdefault(file.dest_uri, file)
        if other is file:
            continue
        real = next((each for each in (file, other) if each.generated_by is None), file)
        if file.generated_by is None and other.generated_by is None:
            problem = f'"{file.src_uri}" and "{other.src_uri}" would both be published at {file.url}.'
            fix = "rename or move one of the two files."
        else:
            problem = f'"{real.src_uri}" would be published at {file.url}, where the site makes a page of its own.'
            fix = ("rename or move the file: the site makes the pages at this kind of address itself (a policy's "
                   "audience version, a hub in for/, the register policies/index.md and its filtered lists in "
                   "register/, a short link in go/, a redirect, or the home page).")
        errors.append(PolicyError(_display_path(real, config), 1, problem, fix))
    folders = _folders_of([SEARCH_FOLDER + "/", *seen, *written_later])
    errors += [PolicyError(_display_path(file, config), 1, f'"{file.src_uri}" would be published where the site '
                           f'makes the folder {file.dest_uri}/.', "rename the file, giving it an ending such as .pdf or .txt.")
               for file in files if file.dest_uri in folders]
    if errors:
        raise BuildStops(errors)


def _folders_of(paths: list[str]) -> set[str]:
    """Every folder the files at `paths` (in the site) are in."""
    folders = set()
    for path in paths:
        while (path := posixpath.dirname(path)) and path not in folders:
            folders.add(path)
    return folders


def _view_context(view: View, config) -> dict:
    """What the templates show around a policy view: its heading, whose it is, the other views and
    its versions for children or in easy read, its record and change notes, its address and QR
    code, and where moved anchors went."""
    site = build.site
    declared = site.declared
    views = [{"label": "Full policy" if each.is_full else declared.label(each.audience),
              "url": build.urls[source_path(each)], "current": each == view}
             for each in site.views_of(view.policy)]
    record = view.policy.record
    return {
        "heading": view.policy.heading,
        "title": view.policy.title,
        "draft": view.policy.record.draft,
        "is_full": view.is_full,
        "audience_label": None if view.is_full else declared.label(view.audience),
        "policy_audiences": [declared.label(key) for key in view.policy.audiences],
        "views": views,
        "record": record.rows(build.settings.today),
        "record_brief": record.brief(build.settings.today),
        "summary": record.summary,
        "changes": [{"version": change.version, "date": change.date.shown, "note": change.note}
                    for change in site.changes_for(view)],
        "attachments": [{"name": each.name, "kind": each.kind, "size": each.size_text, "path": each.path,
                         "address": view_address(config.site_url, each.path)}
                        for each in site.attachments.get(view.policy.slug, [])],
        "address": view_address(config.site_url, build.urls[source_path(view)]),
        "qr_code": qr_file_path(view),
        "moved_anchors": build.links.moved_anchors.get(view.path, {}),
        "friendly_versions": [{"words": version.words, "url": version.address or _full_view_url(version.policy)}
                              for version in view.policy.friendly_versions],
        "full_view": None if view.is_full else build.urls[source_path(View(view.policy))],
        "version_name": _version_name(view),
        "document_title": _document_title(view),
        "print_footer": f"{view.policy.title}, {_version_name(view)}. {build.settings.school}.",
        "pdf": _pdf_name(view) if build.settings.pdf else None,
        "pdf_styles": PDF_STYLES,
    }


def _full_view_url(slug: str) -> str:
    return build.urls[source_path(View(build.site.by_slug(slug)))]


def _version_name(view: View) -> str:
    return "full policy" if view.is_full else f"version for {build.site.declared.label(view.audience)}"


def _document_title(view: View) -> str:
    """The policy's title and whose version it is, as a PDF and a short link name the page."""
    return f"{view.policy.title}: {_version_name(view)}"


def _as_html(settings, names) -> None:
    """Editors' words are text, but Material's templates show the site's and a page's settings as
    they are, as HTML: hand them over escaped. Escaped text is Markup, which no template escapes twice."""
    for name in names:
        if isinstance(settings[name], str):
            settings[name] = escape(settings[name])


def _css_string(text) -> Markup:
    """Editors' words as a quoted CSS string, for the printed page's margin, which Chromium cannot fill
    from the page itself. All but letters, digits and spaces are CSS escapes: nothing ends the string."""
    text = text.unescape() if isinstance(text, Markup) else str(text)
    return Markup('"' + "".join(char if (char.isascii() and char.isalnum()) or char == " " else f"\\{ord(char):x} "
                                for char in text) + '"')


def _display_path(file: File, config) -> str:
    if file.abs_src_path:
        return os.path.relpath(file.abs_src_path)
    return os.path.join(os.path.relpath(config.docs_dir), file.src_uri)


@functools.lru_cache(maxsize=None)  # asked each time a template starts a context: thousands of times a build
def _is_policy_template(name: str | None) -> bool:
    return posixpath.basename(name or "").startswith("policy-")


def _read(path: str | None) -> str | None:
    if not path or not os.path.exists(path):
        return None
    with open(path, "rb") as file:
        text, errors = read_text(os.path.relpath(path), file.read())
    if errors:
        raise BuildStops(errors)
    return text


@pass_context
def _navigation(context, _nothing: str) -> str:
    """Material's navigation sidebar, made once for all the pages that see it alike: those it does not
    list whose links to what it links to (its pages, the home page and the logo) are the same. A page
    it lists has a sidebar of its own, showing it as the current page. Made again for every page, the
    sidebar was a large part of the build."""
    page, nav, config = context["page"], context["nav"], context["config"]
    addresses = [*_navigation_urls(nav.items), *filter(None, (config.extra.get("homepage"), config.theme.get("logo")))]
    key = (page.url if page in nav.pages else None, *(normalize_url(address, page) for address in addresses))
    if key not in build.navigations:
        build.navigations[key] = context.environment.get_template("partials/nav.html").render(context.get_all())
    return build.navigations[key]


def _navigation_urls(items) -> list[str]:
    return [url for item in items for url in (_navigation_urls(item.children) if item.children else [item.url])]


@preview.keeps_problems
def on_env(env, config, files):
    """Material's templates write a great deal of indentation into every page; trimming it keeps
    pages small without changing what they show. The policy templates escape whatever they show;
    Material's, and main.html that extends them, do not, and print some values that are already HTML."""
    env.autoescape = _is_policy_template
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.filters["policy_navigation"] = _navigation
    env.filters["css_string"] = _css_string
    # The page-not-found page lists the audiences by label; mkdocs.yml may give one as {label:, opt_in:}.
    env.globals["audience_labels"] = build.site.declared.labels
    if command == "serve":
        env.bytecode_cache = between_builds.templates
    else:  # compiled the same way as long as the settings above and this file are the same
        how = (env.trim_blocks, env.lstrip_blocks, sorted(env.extensions), _read(__file__))
        env.bytecode_cache = TemplatesKeptOnDisk(os.path.join(os.path.dirname(config.config_file_path), TEMPLATES_CACHE), how)
    build.env = env
    _check_templates(files, config)
    return env
