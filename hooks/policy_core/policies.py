"""Reading policy files into the policy model, and planning the site made from them."""

from __future__ import annotations

import datetime
import html
import posixpath
import re
from dataclasses import dataclass, field, replace
from typing import Callable

from markupsafe import escape

from .attachments import Attachment, read_attachment
from .editing_slips import misfiled_in_policies, word_leftovers
from .audiences import Audiences
from .errors import PolicyError, PolicyProblems
from .friendly_versions import read_friendly_versions
from .governance import Record, read_record, settings_shown_as_text
from .html_blocks import placeholder
from .links import resolve_links
from .markdown_extension import PAGE_TEXT, ViewRequest
from .model import Policy, View
from .numbering import WrittenReference, has_no_words, read_numbering_setting, reference_words
from .pdfs import pdf_name
from .register import DRAFT, REGISTER, register_html, register_lists
from .school_dates import long_date
from .sharing import QR_FILE
from .source import PolicySource, policy_title, read_policy_audiences, read_policy_source

# Runs Python-Markdown, with the policy extension's `request` set, over `request.source.body`.
Convert = Callable[[ViewRequest], None]


def read_policy(file: str, slug: str, text: str, declared: Audiences, today: datetime.date,
                convert: Convert, numbering: bool = False) -> tuple[Policy | None, ViewRequest | None, list[PolicyError]]:
    """Read and check one policy file: its settings, its record, its tags, its title. What comes
    back with the policy is the request that makes its views from the tree read here. `numbering`
    is the site's default, which the policy's own numbering setting overrides."""
    errors = word_leftovers(file, text)  # the readers would report them as something else
    if errors:
        return None, None, errors
    source, errors = read_policy_source(file, slug, text)
    errors = errors or settings_shown_as_text(source)
    if errors:
        return None, None, errors
    audiences, errors = read_policy_audiences(source, declared)
    record, record_errors = read_record(source, today)
    friendly_versions, friendly_errors = read_friendly_versions(source)
    numbering, numbering_errors = read_numbering_setting(source, numbering)
    errors += record_errors + friendly_errors + numbering_errors
    if errors:
        return None, None, errors
    request = ViewRequest(source, declared, audiences, plan_views=True, numbering=numbering)
    try:
        convert(request)
    except PolicyProblems as problems:
        return None, None, problems.errors
    except RecursionError:  # page_shape_errors refuses the nesting known to cause it
        return None, None, [PolicyError(file, 1, "The policy is nested too deeply for the site to read.",
                                        "bring deeply nested lists, notes and quotes out to a level above.")]
    except Exception as error:  # an extension of Python-Markdown stopped on what it was given
        return None, None, [PolicyError(
            file, 1, f"The policy could not be read: Markdown stopped with {type(error).__name__}: {error}.",
            "this is most often HTML written into the policy that looks like what an extension makes (such as "
            '<div class="footnote">): write that part in Markdown instead. If that is not it, report this message.')]
    marking = request.marking
    # Python-Markdown does not read a text that is only blank; a title alone has nothing to publish.
    if marking is None or not request.read.has_text:
        return None, None, [PolicyError(file, 1, "The policy has no text.",
                                        "write the policy under its settings and its # title, "
                                        "or remove the file.")]
    title, errors = policy_title(source, marking.title)
    clauses = [clause for _, clause in marking.clauses]
    errors += _check_change_notes(source, record, clauses)
    if errors:
        return None, None, errors
    record = replace(record, moved={**anchors_before_dots_were_kept(clauses), **record.moved})
    policy = Policy(slug, file, title, audiences, clauses, source.meta, heading=marking.title or title,
                    record=record, shown=marking.shown, friendly_versions=friendly_versions)
    return policy, replace(request, plan_views=False), []


# Headings' anchors once lost the dots of a number typed in them: "4.1 Serious incidents" was
# #41-serious-incidents, and is #4-1-serious-incidents now.
LEADING_NUMBER = re.compile(r"\A\d+(?:-\d+)+(?=-|\Z)")


def anchors_before_dots_were_kept(clauses) -> dict[str, str]:
    """Each heading's anchor as it was before, and its anchor now: links published then are
    followed as if the editor had written them under moved:, so none is lost."""
    ids = {clause.id for clause in clauses}
    moves = {}
    for clause in clauses:
        old = LEADING_NUMBER.sub(lambda number: number.group().replace("-", ""), clause.id)
        if clause.kind == "heading" and old != clause.id and old not in ids:
            moves[old] = clause.id
    return moves


def _check_change_notes(source: PolicySource, record: Record, clauses) -> list[PolicyError]:
    ids = {clause.id for clause in clauses}
    return [PolicyError(source.file, source.lines.setting_line("changes"),
                        f"The change note for {f'version {change.version}' if change.version else change.date.shown} "
                        f'names a clause that does not exist: "{name}".',
                        "use the id of a clause in this policy (the part after # in its link).")
            for change in record.changes for name in change.clauses if name not in ids]


@dataclass
class PolicySite:
    """Every policy of the site, and the views, hubs and register made from them."""

    declared: Audiences
    today: datetime.date = field(default_factory=datetime.date.today)
    policies: list[Policy] = field(default_factory=list)
    requests: dict[str, ViewRequest] = field(default_factory=dict)  # by policy slug
    attachments: dict[str, list[Attachment]] = field(default_factory=dict)  # by policy slug
    previewing: bool = False  # `mkdocs serve`, which shows drafts; a build publishes none
    drafts: dict[str, Policy] = field(default_factory=dict)  # by slug: the drafts this site leaves out

    def add(self, policy: Policy, request: ViewRequest) -> None:
        if policy.record.draft and not self.previewing:
            self.drafts[policy.slug] = policy
            return
        self.policies.append(policy)
        self.policies.sort(key=lambda each: each.title.lower())
        self.requests[policy.slug] = request

    def by_slug(self, slug: str) -> Policy:
        return next(policy for policy in self.policies if policy.slug == slug)

    def views_of(self, policy: Policy) -> list[View]:
        """The full view, then a view for each audience that has clauses, in declared order."""
        return [View(policy), *(View(policy, audience) for audience in policy.audiences_with_clauses)]

    def views(self) -> list[View]:
        return [view for policy in self.policies for view in self.views_of(policy)]

    def policies_for(self, audience: str) -> list[Policy]:
        return [policy for policy in self.policies if audience in policy.audiences_with_clauses]

    def changes_for(self, view: View) -> list:
        """The change notes a view shows: all of them on the full view; on an audience's view,
        those that touched its clauses, or named no clauses."""
        changes = view.policy.record.changes
        if view.is_full:
            return changes
        shown = view.policy.shown[view.audience]
        return [change for change in changes if not change.clauses or set(change.clauses) & shown]

    def plan_references(self) -> list[PolicyError]:
        """How each view writes the links its policy holds to clauses and to other policies; a
        link that leads nowhere stops the build."""
        errors = []
        for policy in self.policies:
            request = self.requests[policy.slug]
            links = [link for link in request.read.tree.iter("a")
                     if "footnote" not in link.get("class", "")]  # not the footnotes' own links
            without_words = {link.get("href", "") for link in links if has_no_words(link)}
            resolved, problems = resolve_links(policy, sorted({link.get("href", "") for link in links}), without_words,
                                               request.source.lines, self.policies, self.drafts)
            errors += problems
            references = {href: self._written_reference(policy, target, anchor)
                          for href, (target, anchor) in resolved.items()}
            self.requests[policy.slug] = replace(request, references=references)
            words = request.read.words_with_references({href: each.words[None] for href, each in references.items()})
            policy.clauses = [replace(clause, text=words.get(clause.id, clause.text)) for clause in policy.clauses]
        return errors

    def _written_reference(self, policy: Policy, target: Policy, anchor: str) -> WrittenReference:
        """A link opens the reader's own version of the policy it leads to when that version holds
        the clause, else the full policy; a link with no words is written out with the clause's
        number and heading (and the policy's title, in another policy). A version that leaves the
        clause out does not show its heading's or its first words: they are for other audiences."""
        clause = next((each for each in target.clauses if each.id == anchor), None) if anchor else None
        before = f"{target.title}, " if clause and target is not policy else ""
        fragment = f"#{anchor}" if anchor else ""
        hrefs, written = {}, {}
        for view in self.views_of(policy):
            holds = view.audience in target.audiences_with_clauses and (not anchor or anchor in target.shown[view.audience])
            opened = View(target, view.audience) if holds else View(target)
            same_page = opened == view and fragment  # stays a link inside the page, in a PDF too
            hrefs[view.audience] = fragment if same_page else source_path(opened).rsplit("/", 1)[1] + fragment
            words = before + reference_words(clause, holds or view.is_full) if clause else target.title
            written[view.audience] = words + (" (in the full policy)" if opened.is_full and not view.is_full else "")
        return WrittenReference(hrefs, written)

    def request_for(self, view: View) -> ViewRequest:
        return replace(self.requests[view.policy.slug], audience=view.audience,
                       full_view_link=source_path(View(view.policy)).rsplit("/", 1)[1])

    def view_markdown(self, view: View) -> str:
        """An audience view's page: its own title, so the browser's tab says whose version it is.
        Its text is made from the policy as read once; it is left out of search, where the full
        view's clauses are."""
        title = f"{view.policy.title} ({self.declared.label(view.audience)})"
        return f"---\ntitle: {_yaml_string(title)}\nsearch:\n  exclude: true\n---\n{PAGE_TEXT}"

    # The pages made for the site, as Markdown, with links between them as source paths --------

    def home_markdown(self, welcome: str | None) -> str:
        lines = [welcome.rstrip() + "\n" if welcome else "# Our policies\n",
                 "## Who are you?\n",
                 "Choose who you are to see the policies that apply to you, and only the parts that do.\n"]
        lines += [f"- [{_escape(self.declared.label(key))}](for/{key}.md)" for key in self.declared.keys]
        lines += ["", "Or see [all the school's policies](policies/index.md), in full.", ""]
        return "\n".join(lines)

    def hub_markdown(self, audience: str) -> str:
        label = self.declared.label(audience)
        policies = self.policies_for(audience)
        lines = ["---", f"title: {_yaml_string('Policies for ' + label)}", "---", "",
                 f"# Policies for {_escape(label)}", ""]
        if not policies:
            lines += ["No policy has clauses for this group yet.", ""]
            return "\n".join(lines)
        lines += ["Each link opens the version written for this group: only the clauses that apply to it. "
                  "Each version links to the full policy.", ""]
        lines += [f"- [{_escape(policy.title)}](../{source_path(View(policy, audience))})"
                  + (f" {DRAFT}" if policy.record.draft else "") for policy in policies]
        return "\n".join(lines + [""])

    def register_pages(self) -> dict[str, tuple[str, dict[str, str]]]:
        """The register and its filtered lists: each page's Markdown, and the HTML of the list that
        stands in its placeholder, by the page's path. Left out of search but the register itself."""
        lists = register_lists(self.policies, self.declared, self.today)
        pages = {}
        for shown in lists:
            lines = ["---", f"title: {_yaml_string(shown.heading)}",
                     *(["search:", "  exclude: true"] if shown.path != REGISTER else []), "---", "",
                     f"# {_escape(shown.heading)}", ""]
            if not self.policies:
                lines += ["No policies have been published yet."]
            elif shown.path == REGISTER:
                lines += [f"Every policy of the school, with who owns it and when it is next reviewed "
                          f"(as of {long_date(self.today)}). Each audience's name opens the version for them."]
            else:
                lines += [f"{len(shown.policies)} of the school's {len(self.policies)} policies, as of "
                          f"{long_date(self.today)}. [Show all policies]"
                          f"({posixpath.relpath(REGISTER, posixpath.dirname(shown.path))})."]
            blocks = {placeholder(1): register_html(shown, lists, self.declared, self.today)} if self.policies else {}
            pages[shown.path] = ("\n".join(lines + ["", *blocks, ""]), blocks)
        return pages

    def coverage_markdown(self) -> tuple[str, dict[str, str]]:
        """For editors: which clause reaches which audience, and what reaches nobody but the full view.

        The grids are HTML made here, one per policy, and stand in the Markdown as placeholder
        paragraphs (see `html_blocks`): on a large site they are a megabyte of cells."""
        lines = ["---", "title: Coverage of audiences", "search:", "  exclude: true", "---", "",
                 "# Coverage of audiences", "",
                 "For editors: for each policy, which clauses each audience's version shows. "
                 "This page is not in the site's navigation.", ""]
        grids = {}
        for number, policy in enumerate(self.policies, start=1):
            keys = policy.audiences
            lines += [f"## {_escape(policy.title)}", ""]
            empty = [self.declared.label(key) for key in keys if key not in policy.audiences_with_clauses]
            lines += [f"Audiences whose version would be empty (so it is not made): {_escape(', '.join(empty) or 'none')}.",
                      ""]
            only_full = [clause for clause in policy.clauses
                         if not any(clause.id in policy.shown.get(key, ()) for key in keys)]
            listed = ", ".join(f"[{clause.clause_number + ' ' if clause.clause_number else ''}{clause.id}]"
                               f"({source_path(View(policy))}#{clause.id})" for clause in only_full)
            lines += [f"Clauses only the full policy shows: {listed or 'none'}.", ""]
            # Readers are not told what is missing from a policy's record: the school is, here and in the register.
            lines += [f"Not in its record yet: {', '.join(policy.record.missing) or 'nothing'}.", ""]
            lines += [placeholder(number), ""]
            grids[placeholder(number)] = self._coverage_grid(policy)
        return "\n".join(lines), grids

    def _coverage_grid(self, policy: Policy) -> str:
        keys = policy.audiences
        # A grid wider than the screen scrolls in its own labelled region, by keyboard too, not the page.
        rows = [f'<div class="policy-scroll-region" role="region" tabindex="0" aria-label="Which clauses each '
                f'audience\'s version of {html.escape(policy.title)} shows">', '<table class="policy-coverage">', "<thead><tr><th>Clause</th><th>Words</th>" +
                "".join(f"<th>{html.escape(self.declared.label(key))}</th>" for key in keys) + "</tr></thead>",
                "<tbody>"]
        for clause in policy.clauses:
            # Numbered as readers see it ("3.1 Parents book…"), so an editor finds the clause by its number.
            words = " ".join(clause.numbered_text.split()[:8]) + ("…" if len(clause.numbered_text.split()) > 8 else "")
            marks = "".join("<td>Yes</td>" if clause.id in policy.shown.get(key, ()) else "<td>No</td>"
                            for key in keys)
            rows.append(f"<tr><td><code>{clause.id}</code></td><td>{html.escape(words)}</td>{marks}</tr>")
        rows.append("</tbody></table></div>")
        return "\n".join(rows)

    def navigation(self, other_pages: list[str]) -> list:
        """The site's navigation: home, a hub per audience, and the register. It stays the same
        size however many policies there are: each page carries it, so a parent on a phone does not
        download the whole site's menu. A policy's own views are linked from its pages. The theme
        shows the labels as HTML, so an audience's label is handed over escaped."""
        return [{"Home": HOME},
                {"Who are you?": [{escape(self.declared.label(key)): hub_path(key)} for key in self.declared.keys]},
                {"All policies": REGISTER},
                *other_pages]


HOME = "index.md"
COVERAGE = "coverage.md"


# Files a policy may show that are not policies: its pictures. Anything else in the policies'
# folder (a Word copy, a draft, notes) would be published as it is, staff-only words included.
# Pictures beside the policies. Not SVG: an SVG picture can hold a script, which would run as part
# of the site when the picture is opened by its address.
PICTURES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def read_policy_folder(files, folder: str, slugs) -> tuple[dict[str, list[Attachment]], list[PolicyError]]:
    """The documents attached to each policy (the files in the folder named after it, by policy
    slug), and a problem for each other file in the policies' folder that is neither a policy nor
    a picture. `files` are (path in docs, path to show, size in bytes) of the files in it that are
    not policies; `slugs` are the policies' names."""
    attachments: dict[str, list[Attachment]] = {}
    errors = []
    for path, shown, size in files:
        name = path.removeprefix(folder)
        slug, _, file_name = name.partition("/")
        if slug in slugs and file_name and "/" not in file_name and not file_name.endswith(".md"):
            attachment, problems = read_attachment(slug, file_name, size, shown, _written_by_site(slug))
            errors += problems
            attachments.setdefault(slug, []).extend([attachment] if attachment else [])
            continue
        if name in ("index.md", "README.md") or name.lower().endswith(PICTURES):
            continue  # index.md and README.md are reported as pages the site makes itself
        if name.lower().endswith(".svg"):
            errors.append(PolicyError(
                shown, 1, f'"{name}" is an SVG picture, which can hold a script: opened by its address, it would run '
                          "as part of the site.",
                "save the picture as PNG (in Word: right-click it, Save as Picture, PNG), put the .png where the .svg "
                "was, and change the picture's link in the policy to the .png."))
            continue
        misfiled = None if "/" in name else misfiled_in_policies(name, folder, _suggested_name(name))
        if misfiled:
            errors.append(PolicyError(shown, 1, *misfiled))
            continue
        where = "in a folder inside" if "/" in name else "in"
        errors.append(PolicyError(
            shown, 1, f'"{name}" is {where} docs/{folder} but is not a policy, so the site would publish it as it '
                      "is, for anyone to open.",
            f"move it out of docs/ (keep drafts, notes and Word copies elsewhere); if it is a policy, save it "
            f"directly in docs/{folder} as a Markdown file with a name such as "
            f"{_suggested_name(name)}.md; to attach a document to a policy, put it directly in the folder "
            f"named after the policy's file, such as docs/{folder}{_suggested_name(slug)}/ for "
            f"{_suggested_name(slug)}.md."))
    return {slug: sorted(each, key=lambda attachment: attachment.file_name.lower())
            for slug, each in attachments.items()}, errors


def _written_by_site(slug: str) -> set[str]:
    """The files the site writes in a policy's folder itself, by lower-case name: a web host that
    ignores case (as Windows does) would let an attachment of the same name replace them."""
    return {"index.html", QR_FILE, pdf_name(slug)}


def _suggested_name(name: str) -> str:
    stem = name.rsplit("/", 1)[-1].split(".", 1)[0]
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "policy-name"


def hub_path(audience: str) -> str:
    return f"for/{audience}.md"


def source_path(view: View) -> str:
    """The Markdown path a view is built from. Audience views sit beside their policy's file, so
    links written in the policy work the same from every view."""
    if view.is_full:
        return f"policies/{view.policy.slug}.md"
    return f"policies/{view.policy.slug}.{view.audience}.md"


# How a title's characters are written in a generated page so that Markdown shows them as they are
# (braces too: attr_list would read "{ onclick=... }" at the end of a heading or cell as attributes).
MARKDOWN_SAFE = {"&": "&amp;", "<": "&lt;", **{char: "\\" + char for char in "\\`*_[]{}|>#"}}


def _escape(text: str) -> str:
    """Keep a title's characters from being read as Markdown in a generated page, on one line, so
    that a line break in a setting cannot end the list item, table row or heading it is in."""
    return "".join(MARKDOWN_SAFE.get(char, char) for char in " ".join(text.split()))


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
