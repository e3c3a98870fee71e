"""`policy-import`: bring a school's Word policies (.docx) into the site as policy files.

    policy-import "Behaviour Policy.docx" [more files or folders] [--out docs/policies] [--force]

The work is done by `policy_core.word_import`; this command finds the files, writes what it makes,
and tells the editor what to check and what to do next.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from policy_core.word_import import ImportedPolicy, NotAWordFile, import_word

NEXT_STEPS = """Next (EDITING.md, "Bringing in your Word policies", goes through each step):
  1. Open each new file and fill in the placeholders listed above (search for "\\[").
  2. Check the parts listed as not carried over, and the numbering, against the Word document.
  3. Make each reference listed above a link to its clause (EDITING.md, "Refer to another clause or policy").
  4. Add audience tags where a section or clause is not for everyone (EDITING.md, section 4, "Say who
     each part of a policy is for"): with none, the whole policy is for every audience.
  5. Read the policy with `mkdocs serve`, which records nothing. Run `mkdocs build --strict` once its
     headings and numbers are settled: each build records every clause's link, to keep it working."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="policy-import", description="Turn Word policies (.docx) into policy files for the site.")
    parser.add_argument("paths", nargs="+", metavar="FILE", help="a .docx file, or a folder of them")
    parser.add_argument("--out", help="the folder to write to (default: docs/policies, in the site's folder)")
    parser.add_argument("--force", action="store_true", help="replace policy files that already exist")
    options = parser.parse_args(argv)
    out = Path(options.out or "docs/policies")
    if not out.is_absolute() and not Path("mkdocs.yml").is_file():
        # Run from the home folder, it would make a docs/policies there that no site reads.
        print(f"Nothing imported: this folder ({Path.cwd()}) has no mkdocs.yml, so it is not the site's folder. "
              "Go to the site's folder first (cd followed by its path), then run the command again; or give "
              "--out the full path of the folder to write to.", file=sys.stderr)
        return 1
    failed = 0
    written: dict[str, str] = {}  # policy file name: the Word file it came from, in this run
    for path in _word_files(options.paths):
        problem = _import_one(path, out, options.force, written) if isinstance(path, Path) else path
        if problem:
            failed += 1
            print(f"Not imported: {problem}\n", file=sys.stderr)
    if written:
        print(NEXT_STEPS)
    return 1 if failed or not written else 0


def _word_files(paths: list[str]):
    """Each .docx named or in a folder named; for what cannot be imported, its message instead."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            documents = sorted(file for file in path.iterdir() if file.suffix.lower() == ".docx")
            if not documents:
                yield f"{path}: there is no Word document (.docx) in this folder."
            yield from documents
        elif not path.exists():
            yield f"{path}: there is no such file."
        else:
            yield path


def _import_one(path: Path, out: Path, force: bool, written: dict[str, str]) -> str | None:
    try:
        policy = import_word(path.name, path.read_bytes())
    except NotAWordFile as problem:
        return f"{path}: {problem}"
    except OSError as error:
        return f"{path}: it could not be opened ({error.strerror})."
    target = out / f"{policy.name}.md"
    if policy.name in written:
        return (f"{path}: its title makes the same file name as {written[policy.name]} ({target}): "
                "import it on its own with --out to another folder, then rename it.")
    if target.exists() and not force:
        return f"{path}: {target} already exists: add --force to replace it, or move the old file first."
    out.mkdir(parents=True, exist_ok=True)
    if policy.pictures:
        pictures = out / policy.picture_folder
        pictures.mkdir(exist_ok=True)
        for name, data in policy.pictures.items():
            (pictures / name).write_bytes(data)
    target.write_text(policy.markdown, encoding="utf-8")
    written[policy.name] = str(path)
    print(_report(path, target, policy, out))
    return None


def _report(path: Path, target: Path, policy: ImportedPolicy, out: Path) -> str:
    lines = [f"{path} -> {target}"]
    if policy.pictures:
        lines.append(f"  {len(policy.pictures)} picture(s) saved in {out / policy.picture_folder}")
    if policy.numbering:
        lines.append(f"  Numbering: {policy.numbering}")
        lines += [f"    - {found}" for found in policy.number_slips]
    if policy.cross_references:
        lines.append("  References typed in the text (make each a link to its clause, so it follows the clause: "
                     'EDITING.md, "Refer to another clause or policy"):')
        lines += [f"    - {found}" for found in policy.cross_references]
    if policy.placeholders:
        lines.append("  Placeholders to fill in (kept in the text, in [ ]):")
        lines += [f"    - {found}" for found in policy.placeholders]
    if policy.not_carried:
        lines.append("  Not carried over as it was in Word (check these against the Word document):")
        lines += [f"    - {found}" for found in policy.not_carried]
    if policy.has_footnotes and not _site_has_footnotes(out):
        lines.append("  The policy has footnotes: add `- footnotes` under markdown_extensions in mkdocs.yml.")
    return "\n".join(lines) + "\n"


def _site_has_footnotes(out: Path) -> bool:
    """Whether the mkdocs.yml of the site the policy goes into turns footnotes on."""
    for folder in [out.resolve(), *out.resolve().parents]:
        config = folder / "mkdocs.yml"
        if config.is_file():
            return re.search(r"^\s*-\s*footnotes\b", config.read_text(encoding="utf-8", errors="replace"),
                             re.MULTILINE) is not None
    return False


if __name__ == "__main__":
    sys.exit(main())
