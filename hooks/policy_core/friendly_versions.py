"""A policy's separate versions for children or in easy read, named in its front matter: another
policy of the site, or a page elsewhere at an https:// address. Every view of the policy links to them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import PolicyError
from .source import WEB_NAME, PolicySource

# Each setting, and the words of its link on every view of the policy.
FRIENDLY_VERSIONS = {"child_friendly": "A version of this policy for children",
                     "easy_read": "An easy-read version of this policy"}
# What an address cannot hold and still be one address: spaces, quotes, angle brackets, backslashes.
NOT_IN_AN_ADDRESS = re.compile(r"[\s\"'<>\\`\x00-\x1f\x7f]")


@dataclass(frozen=True)
class FriendlyVersion:
    words: str  # the link's words
    policy: str | None = None  # another policy's file name, without .md
    address: str | None = None  # or a page elsewhere
    line: int = 1


def read_friendly_versions(source: PolicySource) -> tuple[tuple[FriendlyVersion, ...], list[PolicyError]]:
    versions, errors = [], []
    for setting, words in FRIENDLY_VERSIONS.items():
        value = source.meta.get(setting)
        if value is None:
            continue
        line = source.lines.setting_line(setting)
        written = value.strip() if isinstance(value, str) else ""
        name = written.removesuffix(".md")
        if WEB_NAME.match(name):
            versions.append(FriendlyVersion(words, policy=name, line=line))
        elif _is_https_address(written):
            versions.append(FriendlyVersion(words, address=written, line=line))
        else:
            errors.append(PolicyError(
                source.file, line, f'The setting "{setting}" is not a policy\'s file name or an https:// address: '
                                   f"{value}.",
                f"write the file name of the other policy in docs/policies, for example {setting}: "
                f"behaviour-for-pupils.md, or the full address of a page that starts with https://, for example "
                f"{setting}: https://www.your-school.example/behaviour-for-pupils.pdf."))
    return tuple(versions), errors


def _is_https_address(written: str) -> bool:
    parts = urlsplit(written)
    return parts.scheme == "https" and bool(parts.hostname) and not NOT_IN_AN_ADDRESS.search(written)


def missing_friendly_versions(policies, policy_files: set[str], drafts=frozenset()) -> list[PolicyError]:
    """A problem for each policy named as a friendly version that is not in docs/policies, is a
    draft (which a build does not publish), or is itself."""
    errors = []
    for policy in policies:
        for version in policy.friendly_versions:
            if version.policy == policy.slug:
                errors.append(PolicyError(policy.file, version.line, "The policy names itself as its version for "
                                                                     "children or in easy read.",
                                          "write the file name of the separate policy written for them, or remove "
                                          "the setting."))
            elif version.policy in drafts:
                errors.append(PolicyError(policy.file, version.line,
                                          f'The policy names "{version.policy}.md" as its version for children or in '
                                          "easy read, but that policy is a draft (draft: true), so it is not published.",
                                          "remove the setting for now, or publish the draft first: delete its draft: "
                                          "true line."))
            elif version.policy is not None and version.policy not in policy_files:
                errors.append(PolicyError(policy.file, version.line,
                                          f'The policy names "{version.policy}.md" as its version for children or in '
                                          "easy read, but there is no such policy in docs/policies.",
                                          "check the file name (lower-case, with hyphens, as in docs/policies), or "
                                          "write the full https:// address of a page elsewhere."))
    return errors
