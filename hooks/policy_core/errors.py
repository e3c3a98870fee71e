"""Problems in a school's files, reported as values with a file and a line.

The core never prints: it hands these to whoever runs it (the MkDocs hook), which shows
them all in one message and stops the build.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

# GitHub Actions runs any line of a step's output that starts with :: (or the older ##[) as a command.
LINE_COMMAND = re.compile(r"(\A|[\r\n])(\s*)(?=::|##\[)(.)")


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


def github_annotations(errors: list[PolicyError], environ: Mapping[str, str]) -> str:
    """The problems as GitHub Actions workflow commands, one a line, so that each shows on the line
    it names in a pull request's changed files; nothing unless `environ` (the environment) says the
    build runs under GitHub Actions. GitHub names files from the repository's folder, the build
    from the folder it runs in."""
    if environ.get("GITHUB_ACTIONS") != "true":
        return ""
    workspace = environ.get("GITHUB_WORKSPACE") or os.getcwd()
    return "\n".join(
        f"::error file={_property(os.path.relpath(os.path.abspath(error.file), workspace).replace(os.sep, '/'))},"
        f"line={error.line},title={_property('Cannot publish')}::"
        f"{_data(f'{error.problem} How to fix it: {error.fix}')}"
        for error in errors)


def without_workflow_commands(text: str, environ: Mapping[str, str]) -> str:
    """A message as the log shows it, where an editor's words that start a line with :: (a title or a
    file name with a line break in it) would otherwise add an annotation or worse under GitHub
    Actions: a space after the first sign makes it text, and the annotations have the words whole."""
    if environ.get("GITHUB_ACTIONS") != "true":
        return text
    return LINE_COMMAND.sub(r"\1\2\3 ", text)


def _data(text: str) -> str:
    """GitHub reads %, a carriage return and a line break in a message as the end of the command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """In a property, a colon and a comma also end it."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")
