"""The Python-Markdown extension: one tree processor, between `attr_list` and `toc`.

Filtering the tree once, before `toc`, means the table of contents, the search index and the
clause numbers all follow from the view, not from the whole policy.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import render_inner_html, slugify, strip_tags
from markdown.treeprocessors import Treeprocessor

from .audiences import Audiences
from .clauses import ClauseReader, Marking
from .errors import PolicyProblems
from .source import PolicySource
from .views import add_clause_links, clauses_shown, filter_view, label_full_view, take_out_title

# attr_list runs at 8 and toc at 5.
PRIORITY = 7


@dataclass
class ViewRequest:
    """What the tree processor should make of the page being converted."""

    source: PolicySource
    declared: Audiences
    policy_audiences: tuple[str, ...]
    audience: str | None = None  # None: the full view
    full_view_link: str = ""  # how an audience view links to a clause it leaves out
    plan_views: bool = False  # also work out what every view will show (when reading the policy)
    marking: Marking | None = None


class PolicyExtension(Extension):
    """Set `request` before converting a policy page, and back to None after it."""

    def __init__(self):
        super().__init__()
        self.request: ViewRequest | None = None

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(AudienceTreeprocessor(md, self), "policy_audiences", PRIORITY)


class AudienceTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: PolicyExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        request = self.extension.request
        if request is None:
            return
        reader = ClauseReader(request.source, request.declared, request.policy_audiences,
                              assign_tag=self.md.treeprocessors["attr_list"].assign_attrs,
                              slug_for=self.slug_for, is_block=self.md.is_block_level)
        marking = request.marking = reader.read(root)
        if marking.errors:
            raise PolicyProblems(marking.errors)
        if request.plan_views:
            marking.shown = clauses_shown(root, marking, request.policy_audiences)
        if request.audience is None:
            label_full_view(root, marking, request.policy_audiences, request.declared)
        else:
            filter_view(root, marking, request.audience, request.full_view_link)
        take_out_title(root)
        add_clause_links(root, marking)

    def slug_for(self, heading: Element) -> str:
        """The id `toc` would give the heading, with its own slugify and separator."""
        toc = self.md.treeprocessors["toc"] if "toc" in self.md.treeprocessors else None
        words = html.unescape(strip_tags(render_inner_html(heading, self.md)))
        if toc is None:
            return slugify(words, "-")
        return toc.slugify(words, toc.sep)
