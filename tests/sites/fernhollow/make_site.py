"""Makes Fernhollow Primary School's site from its Word policies, as a school would: writes the
.docx files (word_policies.py), brings them in with the `policy-import` command, then makes the
editor's changes (editor_changes.py). To look at it:

    .venv/bin/python tests/sites/fernhollow/make_site.py /tmp/fernhollow && cd /tmp/fernhollow && ../path/to/.venv/bin/mkdocs serve
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path[:0] = [str(HERE), str(REPO / "tests")]

from editor_changes import EDITOR_CHANGES  # noqa: E402
from word_policies import write_word_policies  # noqa: E402


def make_site(root: Path) -> subprocess.CompletedProcess:
    """The site in `root`; returns what policy-import said."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text((HERE / "mkdocs.yml").read_text().replace("REPO/", f"{REPO}/"))
    shutil.copy(HERE / "docs" / "index.md", root / "docs" / "index.md")
    write_word_policies(root / "word")
    # The command's own file, so that the repository's code is what runs (the installed
    # `policy-import` is a copy made when the set-up last ran).
    command = [sys.executable, str(REPO / "hooks" / "policy_import.py")]
    imported = subprocess.run([*command, str(root / "word"), "--out", str(root / "docs" / "policies")],
                              capture_output=True, text=True, check=True)
    for name, changes in EDITOR_CHANGES.items():
        policy = root / "docs" / "policies" / name
        text = policy.read_text()
        for old, new in changes:
            if text.count(old) != 1:
                raise SystemExit(f"{name}: the import no longer writes {old!r} once")
            text = text.replace(old, new)
        policy.write_text(text)
    return imported


if __name__ == "__main__":
    print(make_site(Path(sys.argv[1])).stdout)
