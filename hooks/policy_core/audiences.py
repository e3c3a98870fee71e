"""The audiences a school declares, the groups that stand for several of them, and the keys that
tags and front matter name."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from typing import Callable

from .errors import PolicyError

AUDIENCE_KEY = re.compile(r"[a-z][a-z0-9-]*\Z")
# Authors write "staff governors"; a comma is forgiven because it is an easy slip.
KEY_SEPARATOR = re.compile(r"[\s,]+")
# Keys whose page of policies would not be at for/<key>/: MkDocs publishes a page named index at
# its folder's own address, for/, where no audience's page is looked for.
RESERVED_KEYS = ("index",)


@dataclass(frozen=True)
class Audiences:
    """The declared audiences, key to label, in the order the school wants them shown; the groups,
    key to the audiences each stands for; and the opt-in audiences, which only a policy that names
    them reaches."""

    labels: dict[str, str]
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    opt_in: frozenset[str] = frozenset()

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.labels)

    @property
    def unless_named(self) -> tuple[str, ...]:
        """Who a policy is for when its front matter does not say: every audience but the opt-in ones."""
        return tuple(key for key in self.labels if key not in self.opt_in)

    def knows(self, key: str) -> bool:
        """An audience's key, or a group's, as tags and front matter may name them."""
        return key in self.labels or key in self.groups

    def expand(self, keys) -> frozenset[str]:
        """The audiences that `keys` stand for: a group's key stands for its audiences."""
        return frozenset(audience for key in keys for audience in self.groups.get(key, (key,)))

    def label(self, key: str) -> str:
        return self.labels[key]

    def in_order(self, keys) -> tuple[str, ...]:
        wanted = set(keys)
        return tuple(key for key in self.labels if key in wanted)

    def describe(self, keys) -> str:
        """The words on a badge: 'Staff · Volunteers'."""
        return " · ".join(self.labels[key] for key in self.in_order(keys))

    def nearest(self, key: str) -> str | None:
        matches = difflib.get_close_matches(key.lower(), self.keys + tuple(self.groups), n=1, cutoff=0.5)
        return matches[0] if matches else None

    def unknown_key_fix(self, key: str) -> str:
        nearest = self.nearest(key)
        known = ", ".join(self.keys) + (f"; and the groups: {', '.join(self.groups)}" if self.groups else "")
        if nearest:
            return f'did you mean "{nearest}"? The declared audiences are: {known}.'
        return f"use one of the audiences declared under extra.audiences in mkdocs.yml: {known}."


def split_keys(value: str) -> list[str]:
    return [key for key in KEY_SEPARATOR.split(value.strip()) if key]


# Where a setting's own line is in mkdocs.yml: the line of a key under audiences: or audience_groups:.
LineOf = Callable[[str], int]
AUDIENCE_SETTINGS = ("label", "opt_in")


def read_declared_audiences(value, file: str, line: int, line_of: LineOf | None = None
                            ) -> tuple[Audiences | None, list[PolicyError]]:
    """Check `extra.audiences` from the site's settings: `key: Label`, or
    `key: {label: Label, opt_in: true}` for an audience only the policies that name it reach."""
    line_of = line_of or (lambda key: line)
    example = "\n".join("        " + row for row in
                         ("extra:", "  audiences:", "    staff: Staff", "    parents: Parents and carers"))
    if not isinstance(value, dict) or not value:
        return None, [PolicyError(file, line, "No audiences are declared.",
                                  f"add them under extra in mkdocs.yml, key then label, for example:\n{example}")]
    errors = []
    labels, opt_in = {}, set()
    for key, label in value.items():
        if isinstance(label, dict) and isinstance(key, str):
            problems = _audience_settings_errors(key, label, file, line_of(key))
            errors += problems
            if problems:
                continue
            opt_in.update([key] if label.get("opt_in") is True else [])
            label = label["label"]
        if not isinstance(key, str) or not AUDIENCE_KEY.match(key):
            errors.append(PolicyError(
                file, line, f'The audience key "{key}" cannot be used in tags and web addresses.',
                "use lower-case letters, digits and hyphens only, starting with a letter (for example pta)."))
        elif not isinstance(label, str) or not label.strip():
            errors.append(PolicyError(file, line, f'The audience "{key}" has no label.',
                                      "write after the colon the name readers see for this group, for example "
                                      '"staff: Staff" or "pta: Friends of the School (PTA)"; for an opt-in '
                                      'audience, "pupils: {label: Pupils, opt_in: true}".'))
        elif key in RESERVED_KEYS:
            errors.append(PolicyError(
                file, line, f'The audience key "{key}" cannot be used: the page of this audience\'s policies would '
                            f"be published at for/ instead of for/{key}/.",
                f'choose another key for this audience, for example "everyone"; its label can stay "{label}".'))
        else:
            labels[key] = label.strip()
    return (Audiences(labels, opt_in=frozenset(opt_in)) if not errors else None), errors


def _audience_settings_errors(key: str, settings: dict, file: str, line: int) -> list[PolicyError]:
    """An audience written as settings rather than `key: Label`: a label, and opt_in true or false."""
    example = f"{key}: {{label: {key.capitalize()}, opt_in: true}}"
    unknown = [str(name) for name in settings if name not in AUDIENCE_SETTINGS]
    if unknown:
        return [PolicyError(file, line, f'The audience "{key}" has a setting the site does not know: "{unknown[0]}".',
                            f"an audience has a label and, if only the policies that name it should reach it, "
                            f"opt_in: true; for example {example}")]
    if not isinstance(settings.get("label"), str) or not settings["label"].strip():
        return [PolicyError(file, line, f'The audience "{key}" has no label.',
                            f"write the name readers see for this group as its label, for example {example}")]
    if not isinstance(settings.get("opt_in", False), bool):
        return [PolicyError(file, line, f'The audience "{key}" has opt_in: {settings["opt_in"]}, which is not true '
                                        "or false.",
                            f"write opt_in: true (only the policies whose audiences name {key} reach it) or "
                            "opt_in: false (every policy that does not say who it is for reaches it), for example "
                            + example)]
    return []


def read_audience_groups(value, audiences: Audiences, file: str, line: int, line_of: LineOf
                         ) -> tuple[Audiences | None, list[PolicyError]]:
    """Check `extra.audience_groups`: each group a key that tags and front matter can name in place of
    the audiences it lists, such as `adults-in-school: [staff, volunteers, governors]`."""
    if value is None:
        return audiences, []
    example = "\n".join("        " + row for row in
                         ("extra:", "  audience_groups:", "    adults-in-school: [staff, volunteers, governors]"))
    if not isinstance(value, dict) or not value:
        return None, [PolicyError(file, line, "audience_groups is not a list of groups.",
                                  f"write each group on its own line, its key then the audiences it stands for, "
                                  f"for example:\n{example}\nor remove audience_groups.")]
    errors, groups = [], {}
    for key, members in value.items():
        where = line_of(str(key))
        names = split_keys(members) if isinstance(members, str) else members
        if not isinstance(key, str) or not AUDIENCE_KEY.match(key):
            errors.append(PolicyError(file, where, f'The group key "{key}" cannot be used in tags.',
                                      "use lower-case letters, digits and hyphens only, starting with a letter "
                                      "(for example adults-in-school)."))
        elif key in audiences.labels:
            errors.append(PolicyError(file, where, f'The group "{key}" has the same key as an audience, so a tag '
                                                   "naming it could mean either.",
                                      f'give the group another key, for example "{key}-and-others".'))
        elif not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            errors.append(PolicyError(file, where, f'The group "{key}" is not a list of audience keys.',
                                      f"write the audiences it stands for as a list, for example: "
                                      f"{key}: [{', '.join(audiences.keys[:2])}]"))
        elif not names:
            errors.append(PolicyError(file, where, f'The group "{key}" names no audiences.',
                                      f"list the audiences it stands for, for example: "
                                      f"{key}: [{', '.join(audiences.keys[:2])}], or remove the group."))
        else:
            problems = [_member_error(key, name, value, audiences, file, where)
                        for name in names if name not in audiences.labels]
            errors += problems
            if not problems:
                groups[key] = audiences.in_order(names)
    return (replace(audiences, groups=groups) if not errors else None), errors


def _member_error(group: str, name: str, groups: dict, audiences: Audiences, file: str, line: int) -> PolicyError:
    if name in groups:  # refused rather than expanded: a group is read at a glance, and can never loop
        members = groups[name]
        listed = f" ({' '.join(members) if isinstance(members, list) else members})" if members else ""
        return PolicyError(file, line, f'The group "{group}" names another group, "{name}".',
                           f'a group lists audiences only: write the audiences of "{name}"{listed} in its place.')
    return PolicyError(file, line, f'The group "{group}" names an audience that is not declared: "{name}".',
                       audiences.unknown_key_fix(name))
