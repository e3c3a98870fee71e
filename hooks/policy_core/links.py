"""Links that never break.

`published-links.yml`, committed beside the site's settings, records every address the site has
published: each view of each policy with the anchors of its clauses, and each short link. A build
that would lose one stops, unless the policy says where it went; the old address then still
reaches the new place: a redirect page for a page, and a small script for an anchor, because the
part after # never reaches a web server.
"""

from __future__ import annotations

import difflib
import functools
import html
import re
from dataclasses import dataclass, field

from .errors import PolicyError
from .model import Clause, Policy, View, relative_address, view_path
from .source import WEB_NAME, SourceLines

RECORD_FILE = "published-links.yml"
RECORD_HEADER = """\
# Every address this site has published, with the anchors of the clauses on each page.
# The build adds new addresses by itself: commit this file with your changes. An address listed
# here must keep working: if a clause or policy moves, say where it went (see README.md).
"""
VIEW_PATH = re.compile(r"policies/(?P<slug>[^/]+)/(?:(?P<audience>[^/]+)/)?\Z")


# A link written in a policy to one of its clauses (#an-id), to another policy (complaints.md) or to
# another policy's clause (complaints.md#stage-2). Links to other pages are left to MkDocs to check.
POLICY_LINK = re.compile(r"(?:(?:\./)?(?P<slug>[^/#?:]+)\.md)?(?:#(?P<anchor>.+))?\Z")


def short_link(slug: str, clause_id: str | None = None) -> str:
    """A short, stable address for a policy, or for one of its named clauses: go/<policy>/<clause>/."""
    return f"go/{slug}/" + (f"{clause_id}/" if clause_id else "")


# The lines write_published writes: an address ending in ":" (and " []" when it has no anchors),
# and under it one "- anchor" line per anchor.
RECORD_ADDRESS = re.compile(r"(?P<path>[^\s#-]\S*):(?P<none> \[\])?\Z")
RECORD_ANCHOR = re.compile(r"\s*- (?P<anchor>\S+)\Z")
# The addresses the site makes: a view, a short link, an audience's page. Their parts are web
# names; an anchor may also hold what a heading's words give it (toc keeps "_" and letters).
_NAME = WEB_NAME.pattern.removesuffix(r"\Z")
SITE_ADDRESS = re.compile(rf"(?:policies|go)/{_NAME}/(?:{_NAME}/)?\Z|for/{_NAME}/\Z")
SITE_ANCHOR = re.compile(r"[\w-]+\Z")
# The anchor a clause gets from its place: its heading's (or the clause it is in), then its number there.
POSITION = re.compile(r"(.+)-\d+\Z")


def read_published(text: str | None, file: str) -> tuple[dict[str, list[str]], list[PolicyError]]:
    """The record (see `_read_published`), as a new dict the caller may change."""
    published, errors = _read_published(text, file)
    return {path: list(anchors) for path, anchors in published}, list(errors)


@functools.lru_cache(maxsize=4)  # a preview reads the same record (and its last commit) on every save
def _read_published(text: str | None, file: str) -> tuple[tuple, tuple]:
    published, errors = _read_published_text(text, file)
    return tuple((path, tuple(anchors)) for path, anchors in published.items()), tuple(errors)


def _read_published_text(text: str | None, file: str) -> tuple[dict[str, list[str]], list[PolicyError]]:
    """The record, read line by line as write_published writes it rather than by a YAML reader,
    which would turn an anchor such as "no", "on" or "010" into false, true or 8. A line the site
    would not write stops the build at that line: an address such as policies/x/../ would put a
    redirect page over another page."""
    if text is not None and not text.strip():
        return {}, [PolicyError(file, 1, "The record of published addresses is empty.",
                                f"restore it from git (git checkout {file}), then build again; a site "
                                "that has never been published has no record: delete the empty file.")]
    published: dict[str, list[str]] = {}
    path, takes_anchors = None, False
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.rstrip()
        if not line or line.startswith("#"):
            continue
        address, anchor = RECORD_ADDRESS.match(line), RECORD_ANCHOR.match(line)
        if address and SITE_ADDRESS.match(address["path"]):
            path, takes_anchors = address["path"], address["none"] is None
            published.setdefault(path, [])
        elif anchor and takes_anchors and SITE_ANCHOR.match(anchor["anchor"]):
            published[path].append(anchor["anchor"])
        else:
            problem = (f'The record of published addresses lists "{address["path"]}", which is not an address '
                       "this site makes." if address else
                       f'The record of published addresses cannot be read at "{line}".')
            return {}, [PolicyError(file, number, problem,
                                    f"undo your edit to it (git checkout {file}), then build again.")]
    return published, []


def lost_since_commit(published: dict[str, list[str]], committed: dict[str, list[str]],
                      file: str) -> list[PolicyError]:
    """The record may only lose addresses in a commit, where an editor says the school withdrew
    them: any other shortening is a mistake (a cut-short file, an editor's slip), and the next
    build would drop the redirects for them for good."""
    missing = lost_addresses(published, committed)
    if not missing:
        return []
    return [PolicyError(
        file, 1, f"The record of published addresses has lost {len(missing)} of the addresses and clause "
                 f"links that its last commit in git lists: {few_of(missing)}. Their old links would stop working.",
        f"restore it from git (git checkout {file}), then build again. If the school has withdrawn "
        f"these addresses for good, commit the shortened {file} first (git commit {file}).")]


def lost_addresses(record: dict[str, list[str]], earlier: dict[str, list[str]]) -> list[str]:
    """Each address and clause link (address#anchor) of the earlier record that `record` no longer lists."""
    missing = []
    for path, anchors in sorted(earlier.items()):
        if path not in record:
            missing.append(path)
        missing += [f"{path}#{anchor}" for anchor in sorted(set(anchors) - set(record.get(path, [])))]
    return missing


def few_of(addresses: list[str]) -> str:
    """The first five, and how many more: a message that lists hundreds is not read."""
    return ", ".join(addresses[:5]) + (f" and {len(addresses) - 5} more" if len(addresses) > 5 else "")


def published_drafts(drafts, published: dict[str, list[str]]) -> list[PolicyError]:
    """A published policy cannot become a draft: a build would take its pages away, and every
    link to them would stop working."""
    return [PolicyError(policy.file, policy.record.lines.get("draft", 1),
                        f"The policy has draft: true, but it has been published at {view_path(policy.slug)}, so "
                        "leaving it out would break every link to it.",
                        "remove draft: true. To prepare a new version, change the policy in a pull request, which "
                        "publishes nothing until it is merged; to withdraw the policy, see EDITING.md, \"A policy is "
                        "withdrawn for good\".")
            for policy in drafts if view_path(policy.slug) in published]


def write_published(published: dict[str, list[str]]) -> str:
    """The record, sorted, so that the same site always writes the same file. Addresses and
    anchors are plain words, so the YAML is written directly: it is fast for a large site."""
    lines = [RECORD_HEADER.rstrip("\n")]
    for path in sorted(published):
        anchors = sorted(set(published[path]))
        lines.append(f"{path}:" + ("" if anchors else " []"))
        lines += [f"- {anchor}" for anchor in anchors]
    return "\n".join(lines) + "\n"


@dataclass
class LinkPlan:
    """What the site publishes now, and how every address it published before still works."""

    addresses: dict[str, list[str]] = field(default_factory=dict)  # page path -> anchors, now
    redirects: dict[str, str] = field(default_factory=dict)  # old page path -> page path (+ #anchor)
    moved_anchors: dict[str, dict[str, str]] = field(default_factory=dict)  # view path -> old -> new
    errors: list[PolicyError] = field(default_factory=list)
    lost: dict[tuple[Policy, str], list[str]] = field(default_factory=dict)  # anchors gone -> where published
    published: dict[str, list[str]] = field(default_factory=dict)  # the record read, with renamed_from's addresses

    def record(self) -> dict[str, list[str]]:
        """The record after this build: nothing published is ever dropped from it."""
        merged = {path: list(anchors) for path, anchors in self.published.items()}
        for path, anchors in self.addresses.items():
            merged[path] = sorted(set(merged.get(path, [])) | set(anchors))
        assert all(set(anchors) <= set(merged[path]) for path, anchors in self.published.items())
        return merged


def plan_links(policies: list[Policy], views: list[View], published: dict[str, list[str]],
               record_file: str, record_text: str | None = None, audiences: tuple[str, ...] = (),
               committed: dict[str, list[str]] | None = None,
               sources: dict[str, SourceLines] | None = None) -> LinkPlan:
    """`record_text` is the record file's text, to name the line of an address that is gone;
    `sources` each policy's lines by its file name without .md, to name the line of a renamed heading;
    `audiences` are the keys of the audiences, each of which has a page of its policies;
    `committed` is the record as last committed in git (None if not known), which tells a link
    only builds of a draft recorded from one that may have been published."""
    plan = LinkPlan(published=_with_renamed_addresses(published, policies))
    for key in audiences:
        plan.addresses[hub_address(key)] = []
    record_lines = SourceLines(record_text or "")
    by_slug = {policy.slug: policy for policy in policies}
    renamed = _renamed(policies, by_slug, plan)
    for view in views:
        plan.addresses[view.path] = sorted(view.policy.shown[view.audience])
    for policy in policies:
        plan.addresses[short_link(policy.slug)] = []
        plan.redirects[short_link(policy.slug)] = view_path(policy.slug)
        for clause in policy.clauses:
            if clause.named:
                plan.addresses[short_link(policy.slug, clause.id)] = []
                plan.redirects[short_link(policy.slug, clause.id)] = f"{view_path(policy.slug)}#{clause.id}"
        moved = _checked_moves(policy, by_slug, renamed, plan)
        for view in (view for view in views if view.policy is policy):
            moves = {old: _relative(view.path, target) for old, target in _anchor_moves(policy, view, moved)}
            if moves:
                plan.moved_anchors[view.path] = moves
    for path, anchors in plan.published.items():
        if path in plan.addresses and path not in plan.redirects:
            _check_anchors(plan, path, anchors, by_slug, renamed, record_file)
        elif path not in plan.addresses:
            _find_new_home(plan, path, anchors, by_slug, renamed, record_file, record_lines)
    plan.errors += _lost_anchor_errors(plan, committed, record_file, sources or {})
    return plan


def _renamed(policies: list[Policy], by_slug: dict[str, Policy], plan: LinkPlan) -> dict[str, Policy]:
    """Each old name, and the policy it is now. An old name leads to one policy only: a second
    policy claiming it, or a policy still at that name, would leave its old links going to the
    wrong one, so the build stops."""
    renamed: dict[str, Policy] = {}
    for policy in policies:
        line = policy.record.lines.get("renamed_from", 1)
        for old in policy.record.renamed_from:
            if old in by_slug:
                plan.errors.append(PolicyError(
                    policy.file, line, f'renamed_from names "{old}", but {by_slug[old].file} is a policy now.',
                    f'if {old}.md is this same policy, delete one of the two files; if not, remove "{old}" from '
                    f"renamed_from here, or give the other policy a new file name: the two cannot share one address."))
            elif old in renamed:
                plan.errors.append(PolicyError(
                    policy.file, line, f'renamed_from names "{old}", and so does {renamed[old].file}: the old '
                                       "links to it can lead to only one of the two.",
                    f'keep renamed_from: {old} in the policy that {old}.md became, and remove it from the other.'))
            else:
                renamed[old] = policy
    return renamed


def _with_renamed_addresses(published: dict[str, list[str]], policies: list[Policy]) -> dict[str, list[str]]:
    """The record, with the addresses a renamed policy had under its old name: its views and its
    short link. They are known from the policy itself, so a record that lost them loses no redirect."""
    implied = {path: [] for policy in policies for old in policy.record.renamed_from
               for path in [view_path(old), *(view_path(old, key) for key in policy.audiences_with_clauses),
                            short_link(old)]}
    return {**implied, **published}


def _checked_moves(policy: Policy, by_slug, renamed, plan: LinkPlan) -> dict[str, tuple[Policy, str]]:
    """The policy's moved setting: each old anchor, and the policy and anchor it went to."""
    moved = {}
    for old, new in policy.record.moved.items():
        target, anchor = _where_it_leads(policy, new, by_slug, renamed)
        if target is None:
            plan.errors.append(PolicyError(
                policy.file, policy.record.lines.get("moved", 1),
                f'The moved setting sends "{old}" to "{new}", which does not exist.',
                "name a clause that exists: its anchor in this policy, or other-policy#its-anchor."))
            continue
        moved[old] = (target, anchor)
    return moved


def _where_it_leads(policy: Policy, new: str, by_slug, renamed) -> tuple[Policy | None, str]:
    """The clause a moved: value names, following it on if that clause has moved since, or its
    policy has been renamed; (None, "") if it leads nowhere."""
    seen = set()
    while True:
        slug, _, anchor = new.rpartition("#")
        target = (by_slug.get(slug) or renamed.get(slug)) if slug else policy
        if target is None:
            return None, ""
        if anchor in target.shown[None]:
            return target, anchor
        if (target.slug, anchor) in seen or anchor not in target.record.moved:
            return None, ""
        seen.add((target.slug, anchor))
        policy, new = target, target.record.moved[anchor]


def resolve_links(policy: Policy, hrefs, without_words: set[str], lines: SourceLines, policies: list[Policy],
                  drafts: dict[str, Policy] | None = None) -> tuple[dict[str, tuple[Policy, str]], list[PolicyError]]:
    """The policy and clause each link written in `policy` leads to ("" for the policy itself),
    following renamed policies and moved clauses as old addresses are followed. A link that leads
    to no policy or no clause stops the build, as does a link to one of the `drafts` a build
    leaves out, and a link with no words (`without_words`) that the site cannot write words in
    for: readers would see nothing."""
    by_slug = {each.slug: each for each in policies}
    renamed = {old: each for each in policies for old in each.record.renamed_from}  # clashes: see _renamed
    resolved, errors = {}, []
    for href in hrefs:
        match = POLICY_LINK.match(href)
        line = lines.text_line(f"]({href}")
        if not match or not (match["slug"] or match["anchor"]) or match["slug"] == "index":  # index: the register
            if href in without_words:
                errors.append(PolicyError(policy.file, line, f'The link to "{href}" has no words, so readers would '
                                                             "not see it.",
                                          "write the words to show between its square brackets: [the words](address). "
                                          "Only a link to a clause or a policy, such as [](#an-id) or "
                                          "[](complaints.md), is written out by the site."))
            continue
        target = (by_slug.get(match["slug"]) or renamed.get(match["slug"])) if match["slug"] else policy
        if target is None and match["slug"] in (drafts or {}):
            errors.append(PolicyError(policy.file, line, f'The link "{href}" leads to a draft: '
                                                         f"{drafts[match['slug']].file} has draft: true, so it is "
                                                         "not published, and the link would lead nowhere.",
                                      "remove the link for now, or publish the draft first: delete its draft: "
                                      "true line, then build again."))
            continue
        if target is None:
            nearest = difflib.get_close_matches(match["slug"], sorted(by_slug), n=3)
            errors.append(PolicyError(policy.file, line, f'The link "{href}" leads to no policy: there is no '
                                                         f"{match['slug']}.md in the policies' folder.",
                                      "link to a policy's file name, such as "
                                      + (" or ".join(f"{slug}.md" for slug in nearest) or "complaints.md") + "."))
            continue
        anchor = ""
        if match["anchor"]:
            target, anchor = _where_it_leads(target, match["anchor"], by_slug, renamed)
        if target is None:
            owner = policy if not match["slug"] else by_slug.get(match["slug"]) or renamed[match["slug"]]
            ids = sorted(owner.shown[None])
            nearest = difflib.get_close_matches(match["anchor"], ids, n=3, cutoff=0.5) or ids[:3]
            errors.append(PolicyError(policy.file, line, f'The link "{href}" leads to no clause: {owner.title} '
                                                         f'has no clause with the id "{match["anchor"]}".',
                                      "use the id of one of its clauses (the part after # in the clause's link)"
                                      + (f", such as {', '.join(nearest)}." if nearest else ".")))
            continue
        resolved[href] = (target, anchor)
    return resolved, errors


def _anchor_moves(policy: Policy, view: View, moved: dict[str, tuple[Policy, str]]):
    """Where each anchor the policy says has moved now is, as seen from one of its views."""
    for old, (target, anchor) in moved.items():
        if target is policy and anchor in policy.shown[view.audience]:
            yield old, f"{view.path}#{anchor}"
        else:
            yield old, f"{view_path(target.slug)}#{anchor}"


def _check_anchors(plan: LinkPlan, path: str, anchors: list[str], by_slug, renamed, record_file: str) -> None:
    """Each anchor published on a page that still exists is still there, moved, or in the full view."""
    match = VIEW_PATH.match(path)
    if not match:
        return
    policy = by_slug[match["slug"]]
    here = policy.shown[match["audience"]]
    for anchor in anchors:
        if anchor in here or anchor in policy.record.moved:
            continue
        if match["audience"] and anchor in policy.shown[None]:
            continue  # the page's script sends it to the full view, which holds every clause
        _lost_anchor(plan, policy, path, anchor)


def hub_address(audience: str) -> str:
    return f"for/{audience}/"


def _find_new_home(plan: LinkPlan, path: str, anchors: list[str], by_slug, renamed, record_file: str,
                   record_lines: SourceLines) -> None:
    """A published page that is no longer made: an audience's view that is now empty, a renamed
    policy, or a short link. It gets a redirect page, or the build stops."""
    hub = re.match(r"for/(?P<key>[^/]+)/\Z", path)
    if hub:
        plan.errors.append(PolicyError(
            record_file, record_lines.setting_line(path),
            f'The address {path} was published (the page of policies for one audience), but no audience has '
            f'the key "{hub["key"]}" now.',
            f'keep the key "{hub["key"]}" in mkdocs.yml and change only its label; or, if that audience has gone '
            f"for good, delete the line {path} from {record_file} and commit that change before you build again."))
        return
    match = VIEW_PATH.match(path) or re.match(r"go/(?P<slug>[^/]+)/(?:(?P<anchor>[^/]+)/)?\Z", path)
    policy = None
    if match:
        policy = by_slug.get(match["slug"]) or renamed.get(match["slug"])
    if policy is None:
        slug = match["slug"] if match else path
        plan.errors.append(PolicyError(
            record_file, record_lines.setting_line(path), f"The address {path} was published, but no policy is there now.",
            f'if the policy was renamed, add "renamed_from: {slug}" to its front matter; if it was withdrawn '
            f"for good, delete the lines for {path} from {record_file} and commit that change before you "
            "build again."))
        return
    if path.startswith("go/"):
        anchor = match["anchor"]
        if anchor and anchor not in policy.shown[None] and anchor not in policy.record.moved:
            _lost_anchor(plan, policy, path, anchor)
            return
        plan.redirects[path] = view_path(policy.slug) + (f"#{anchor}" if anchor else "")
        return
    audience = match["audience"] if match["audience"] in policy.audiences_with_clauses else None
    target = view_path(policy.slug, audience)
    plan.redirects[path] = target
    for anchor in anchors:
        if anchor not in policy.shown[None] and anchor not in policy.record.moved:
            _lost_anchor(plan, policy, path, anchor)


def _lost_anchor(plan: LinkPlan, policy: Policy, path: str, anchor: str) -> None:
    plan.lost.setdefault((policy, anchor), []).append(path if path.startswith("go/") else f"{path}#{anchor}")


def _lost_anchor_errors(plan: LinkPlan, committed: dict[str, list[str]] | None,
                        record_file: str, sources: dict[str, SourceLines]) -> list[PolicyError]:
    """One message for each anchor that is gone, naming every published address that used it;
    but one message for all of a policy's anchors that no commit of the record has, since they may
    only ever have been in drafts built on this computer (an imported policy tidied after a first
    build loses dozens), and undoing what those builds recorded is the fix."""
    errors, uncommitted = [], {}
    new_anchors = {policy: _renamed_headings(policy, [anchor for each, anchor in plan.lost if each is policy],
                                             plan.published)
                   for policy in dict.fromkeys(policy for policy, _ in plan.lost)}
    for (policy, anchor), addresses in plan.lost.items():
        if committed is not None and not any(_in_record(committed, address) for address in addresses):
            uncommitted.setdefault(policy, []).append(anchor)
            continue
        problem = f'The clause anchor "{anchor}" was published ({", ".join(sorted(addresses))}), but no clause has it now.'
        fix = (f'say where the clause went: add "moved:" to the front matter with a line "{anchor}: its-new-anchor" '
               f'(or "{anchor}: other-policy#its-anchor"); or give the clause its old anchor back with {{ #{anchor} }}.')
        if anchor in new_anchors[policy]:
            new, old_heading, heading = new_anchors[policy][anchor]
            problem += (f' Its heading seems to have been renamed "{heading.text}": its anchor is "{new}" now.'
                        if new == heading.id else f' A heading seems to have been renamed "{heading.text}": the '
                                                  f'clause in its place has the anchor "{new}" now.')
            fix = (f'to keep every old link to the heading and its clauses, give the heading its old anchor back: '
                   f'write {{ #{old_heading} }} at the end of the line "{heading.text}"; or, to keep the new anchors, '
                   f'add "moved:" to the front matter with a line "{anchor}: {new}". If that is not the same clause, '
                   + fix)
        line = policy.record.lines.get("moved", 1)
        if anchor in new_anchors[policy]:  # where the heading was renamed, and where GitHub shows the change
            line = _heading_line(sources.get(policy.slug), new_anchors[policy][anchor][2].text, line)
        errors.append(PolicyError(policy.file, line, problem, fix))
    for policy, anchors in uncommitted.items():
        shown = ", ".join(f"#{anchor}" for anchor in anchors[:5]) + (
            f" and {len(anchors) - 5} more" if len(anchors) > 5 else "")
        if committed:
            since, undo = (f" since {record_file} was last committed in git, which does not list them",
                           f"if the site has not been published since that commit, no reader has these links: "
                           f"undo what the builds recorded with git checkout {record_file}")
        else:
            since, undo = (f", and {record_file} has never been committed in git",
                           f"if the site has never been published, no reader has these links: delete {record_file} "
                           "(the build writes it afresh)")
        errors.append(PolicyError(
            policy.file, policy.record.lines.get("moved", 1),
            f"{len(anchors)} clause link(s) of this policy lead to no clause now: {shown}. Builds on this computer "
            f"recorded them{since}.",
            f'{undo}, then build again. If it has been published, say where each went with "moved:" '
            '(EDITING.md, "A clause got a new link, or was removed").'))
    return errors


def _heading_line(lines: SourceLines | None, words: str, otherwise: int) -> int:
    found = [number for number, line in lines.prose if line.lstrip().startswith("#") and words in line] if lines else []
    return found[0] if found else otherwise


def _renamed_headings(policy: Policy, lost: list[str], published: dict[str, list[str]],
                      ) -> dict[str, tuple[str, str, Clause]]:
    """The anchor each lost anchor most likely became when a heading was renamed, the heading's old
    anchor, and the heading now. A heading's anchor is made from its words, and the anchors of the
    clauses under it from the heading's ("code-of-conduct-2"), so a renamed heading loses them all
    and its new anchors take their places."""
    was_published = {anchor for path, anchors in published.items() if path.startswith(view_path(policy.slug))
                     for anchor in anchors}
    new = {clause.id for clause in policy.clauses
           if clause.id in policy.shown[None] and clause.id not in was_published and not clause.named}
    headings = {clause.id: clause for clause in policy.clauses if clause.kind == "heading" and clause.id in new}
    guesses = {}
    for root in lost:
        parent = POSITION.match(root)
        if any(root.startswith(other + "-") for other in lost) or (parent and parent[1] in {"intro", *policy.shown[None]}):
            continue  # a clause under a lost heading, or under one that is still there: not a heading's anchor
        under = [anchor for anchor in lost if anchor == root or anchor.startswith(root + "-")]

        def fits(heading: str) -> tuple[int, float]:
            """How many lost anchors the heading's new anchors replace, then how alike the two anchors are."""
            return (sum(heading + anchor[len(root):] in new for anchor in under),
                    difflib.SequenceMatcher(None, root, heading).ratio())

        best = max(headings, key=fits, default=None)
        if best is not None and (len(headings) == 1 or fits(best)[0] > 1 or fits(best)[1] >= 0.6):
            guesses.update({anchor: (best + anchor[len(root):], root, headings[best]) for anchor in under
                            if best + anchor[len(root):] in new})
    return guesses


def _in_record(record: dict[str, list[str]], address: str) -> bool:
    """Whether an address ("policies/x/#anchor", or a short link "go/x/anchor/") is in the record."""
    path, _, anchor = address.partition("#")
    return path in record and (not anchor or anchor in record[path])


def _relative(from_page: str, to: str) -> str:
    """A link from one page to another page (and anchor) that works under any sub-path."""
    target, _, anchor = to.partition("#")
    fragment = f"#{anchor}" if anchor else ""
    if target == from_page:
        return fragment or "./"
    return relative_address(target, from_page) + "/" + fragment


def redirect_page(from_page: str, to: str, title: str, language: str) -> str:
    """A page that sends a reader on to where its content now lives, keeping any anchor. Seen
    without scripts, or on the way, it is a page like the others: a heading, and a link that says
    where it leads (`title`: the policy's title and whose version it is)."""
    link = _relative(from_page, to)
    name = html.escape(title)
    leads = "This short link leads to" if from_page.startswith("go/") else "This page has moved to"
    return f"""<!doctype html>
<html lang="{html.escape(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{name}</title>
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={link}">
<script>location.replace({link!r} + ({link!r}.indexOf("#") < 0 ? location.hash : ""));</script>
</head>
<body>
<main>
<h1>{name}</h1>
<p>{leads} <a href="{link}">{name}</a>.</p>
</main>
</body>
</html>
"""
