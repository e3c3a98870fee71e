"""The audiences a school declares, and the audience keys that tags and front matter name."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .errors import PolicyError

AUDIENCE_KEY = re.compile(r"[a-z][a-z0-9-]*\Z")
# Authors write "staff governors"; a comma is forgiven because it is an easy slip.
KEY_SEPARATOR = re.compile(r"[\s,]+")
# Keys whose page of policies would not be at for/<key>/: MkDocs publishes a page named index at
# its folder's own address, for/, where no audience's page is looked for.
RESERVED_KEYS = ("index",)


@dataclass(frozen=True)
class Audiences:
    """The declared audiences, key to label, in the order the school wants them shown."""

    labels: dict[str, str]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def label(self, key: str) -> str:
        return self.labels[key]

    def in_order(self, keys) -> tuple[str, ...]:
        wanted = set(keys)
        return tuple(key for key in self.labels if key in wanted)

    def describe(self, keys) -> str:
        """The words on a badge: 'Staff · Volunteers'."""
        return " · ".join(self.labels[key] for key in self.in_order(keys))

    def nearest(self, key: str) -> str | None:
        matches = difflib.get_close_matches(key.lower(), self.keys, n=1, cutoff=0.5)
        return matches[0] if matches else None

    def unknown_key_fix(self, key: str) -> str:
        nearest = self.nearest(key)
        known = ", ".join(self.keys)
        if nearest:
            return f'did you mean "{nearest}"? The declared audiences are: {known}.'
        return f"use one of the audiences declared under extra.audiences in mkdocs.yml: {known}."


def split_keys(value: str) -> list[str]:
    return [key for key in KEY_SEPARATOR.split(value.strip()) if key]


def read_declared_audiences(value, file: str, line: int) -> tuple[Audiences | None, list[PolicyError]]:
    """Check `extra.audiences` from the site's settings."""
    example = "\n".join("        " + row for row in
                         ("extra:", "  audiences:", "    staff: Staff", "    parents: Parents and carers"))
    if not isinstance(value, dict) or not value:
        return None, [PolicyError(file, line, "No audiences are declared.",
                                  f"add them under extra in mkdocs.yml, key then label, for example:\n{example}")]
    errors = []
    labels = {}
    for key, label in value.items():
        if not isinstance(key, str) or not AUDIENCE_KEY.match(key):
            errors.append(PolicyError(
                file, line, f'The audience key "{key}" cannot be used in tags and web addresses.',
                "use lower-case letters, digits and hyphens only, starting with a letter (for example pta)."))
        elif not isinstance(label, str) or not label.strip():
            errors.append(PolicyError(file, line, f'The audience "{key}" has no label.',
                                      "write after the colon the name readers see for this group, for example "
                                      '"staff: Staff" or "pta: Friends of the School (PTA)".'))
        elif key in RESERVED_KEYS:
            errors.append(PolicyError(
                file, line, f'The audience key "{key}" cannot be used: the page of this audience\'s policies would '
                            f"be published at for/ instead of for/{key}/.",
                f'choose another key for this audience, for example "everyone"; its label can stay "{label}".'))
        else:
            labels[key] = label.strip()
    return (Audiences(labels) if not errors else None), errors
