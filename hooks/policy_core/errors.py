"""Problems in a school's files, reported as values with a file and a line.

The core never prints: it hands these to whoever runs it (the MkDocs hook), which shows
them all in one message and stops the build.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PolicyError:
    """One problem: where it is, what is wrong, and how an editor fixes it."""

    file: str
    line: int
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.problem}\n    How to fix it: {self.fix}"


class PolicyProblems(Exception):
    """Carries every problem found in a file out of code that can only raise."""

    def __init__(self, errors: list[PolicyError]):
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = list(errors)


def report(errors: list[PolicyError]) -> str:
    """One message for all the problems, so an editor can fix them in one go."""
    count = len(errors)
    heading = "1 problem stops the build:" if count == 1 else f"{count} problems stop the build:"
    return "\n".join([heading, *(str(error) for error in errors)])
