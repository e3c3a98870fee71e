"""The commands the publishing workflow runs (.github/workflows/publish.yml), which a school can
run too, in the site's folder.

    policy-record-check BEFORE AFTER

BEFORE is published-links.yml as the site's main branch has it (a file that is not there: nothing
was published yet); AFTER is the record once the change is built. The workflow runs it on every
pull request: a record that grows is what a build does, and passes; one that has lost an address
fails, naming what it lost, as its old links would stop working once the change is merged.

    policy-record-merge BUILT RECORD

Adds every address in BUILT, the record a build on the main branch wrote, to RECORD, the record
main has now, which a later change may have added to: the workflow commits the result, and the
record loses nothing whichever run commits first.

    policy-reviews [--within 60] [--markdown] [--docs docs]

The policies due for review within 60 days, and those overdue; drafts are left out, as they are not
published. The workflow runs it each week for its reminder issue: `--markdown` writes a Markdown
table, and nothing when nothing is due. POLICY_TODAY fixes the day, as it does for the build.

A problem is reported as the build reports it, and under GitHub Actions as an annotation as well.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path

from policy_core.errors import PolicyError, github_annotations, report, without_workflow_commands
from policy_core.links import RECORD_FILE, few_of, lost_addresses, read_published, write_published
from policy_core.record_file import write_atomically
from policy_core.reviews import due_reviews, reviews_markdown, reviews_text
from policy_core.saved_files import read_text


def check_record(argv: list[str] | None = None) -> int:
    (_, file), (before, after), errors = _records(
        "policy-record-check", f"Check that a change keeps every address in {RECORD_FILE}.",
        {"before": f"{RECORD_FILE} before the change (a missing file: nothing published yet)",
         "after": f"{RECORD_FILE} once the change is built"}, argv)
    errors = errors or _lost(before, after, file)
    if errors:
        return _stop(errors)
    added = len(lost_addresses(before, after))
    print(f"{file} keeps every address published before" + (f", and adds {added}." if added else ", and adds none."))
    return 0


def merge_record(argv: list[str] | None = None) -> int:
    (_, file), (built, record), errors = _records(
        "policy-record-merge", f"Add the addresses of one {RECORD_FILE} to another.",
        {"built": f"the {RECORD_FILE} a build wrote",
         "record": f"the {RECORD_FILE} to add them to (made if it is not there)"}, argv)
    if errors:
        return _stop(errors)
    merged = {path: sorted({*record.get(path, []), *built.get(path, [])}) for path in {*record, *built}}
    write_atomically(file, write_published(merged))
    added = len(lost_addresses(record, merged))
    print(f"Added {added} new addresses to {file}." if added else f"{file} had every address.")
    return 0


def _records(command: str, description: str, arguments: dict[str, str], argv: list[str] | None):
    """The files named on the command line, the records they hold, and what stops the command."""
    parser = argparse.ArgumentParser(prog=command, description=description)
    for name, words in arguments.items():
        parser.add_argument(name, help=words)
    options = parser.parse_args(argv)
    files = [getattr(options, name) for name in arguments]
    read = [read_published(Path(file).read_text(encoding="utf-8") if Path(file).exists() else None, file)
            for file in files]
    return files, [record for record, _ in read], [error for _, errors in read for error in errors]


def _lost(before: dict[str, list[str]], after: dict[str, list[str]], file: str) -> list[PolicyError]:
    lost = lost_addresses(after, before)
    if not lost:
        return []
    return [PolicyError(
        file, 1, f"This change removes {len(lost)} published addresses and clause links from {RECORD_FILE}: "
                 f"{few_of(lost)}. Their old links would stop working once it is merged.",
        f"undo the change to {RECORD_FILE} in this pull request (the build adds new addresses by itself). If the "
        "school has withdrawn these addresses for good, whoever looks after the site can merge it all the same.")]


def list_reviews(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="policy-reviews", description="List the policies due for review.")
    parser.add_argument("--within", type=int, default=60, metavar="DAYS",
                        help="list reviews due within this many days, as well as overdue ones (default 60)")
    parser.add_argument("--markdown", action="store_true", help="write a Markdown table; nothing if none is due")
    parser.add_argument("--docs", default="docs", help="the site's docs folder (default: docs)")
    options = parser.parse_args(argv)
    folder = Path(options.docs) / "policies"
    if not folder.is_dir():
        print(f"No policies found: there is no folder {folder}. Run this in the site's folder (the one with "
              "mkdocs.yml), or give --docs the path of its docs folder.", file=sys.stderr)
        return 1
    try:
        today = datetime.date.fromisoformat(os.environ.get("POLICY_TODAY") or datetime.date.today().isoformat())
    except ValueError:
        print("POLICY_TODAY is not a date: set it as year-month-day, for example POLICY_TODAY=2026-01-31, or "
              "unset it.", file=sys.stderr)
        return 1
    policies, errors = [], []
    for path in sorted(folder.glob("*.md")):
        if path.stem in ("index", "README"):  # the register's page and notes, as the build reads them
            continue
        text, problems = read_text(str(path), path.read_bytes())
        errors += problems
        policies += [(str(path), path.stem, text)] if not problems else []
    due, problems = due_reviews(policies, today, options.within)
    errors += problems
    if errors:
        return _stop(errors)
    listing = (reviews_markdown if options.markdown else reviews_text)(due, today, options.within)
    if listing:
        print(listing)
    return 0


def _stop(errors: list[PolicyError]) -> int:
    """GitHub reads annotations on either output: on the error output, they never mix with a listing."""
    annotations = github_annotations(errors, os.environ)
    if annotations:
        print(annotations, file=sys.stderr)
    print(without_workflow_commands(report(errors), os.environ), file=sys.stderr)
    return 1
