"""The example site built by MkDocs and by ProperDocs (a maintained fork of MkDocs 1.6 that runs the
same hooks), each with --strict, must give the same files, byte for byte, apart from the page's
generator tag, which names the engine. CI runs it after installing ProperDocs:

    .venv/bin/pip install -q ".[properdocs]" && .venv/bin/python tests/engines_agree.py

Not a pytest test: the README's test command does not install ProperDocs.
"""

import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SITE_SOURCES = ("mkdocs.yml", "docs", "hooks", "overrides", "published-links.yml")
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def build(engine: str, work: Path) -> Path:
    """Builds a copy of the example site, so that neither engine reads the other's PDF cache and
    neither touches the repository's record of published links."""
    root = work / engine
    root.mkdir()
    for name in SITE_SOURCES:
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    command = Path(sys.executable).parent / engine  # beside this Python, in the same virtualenv
    subprocess.run([str(command), "build", "--strict", "-f", "mkdocs.yml", "-d", "site"], cwd=root, check=True)
    return root / "site"


def files(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): GENERATOR.sub(b"", path.read_bytes())
            for path in sorted(site.rglob("*")) if path.is_file()}


def main() -> int:
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.environ.setdefault("POLICY_TODAY", datetime.date.today().isoformat())  # both builds the same day
    with tempfile.TemporaryDirectory() as work:
        mkdocs_site, properdocs_site = (build(engine, Path(work)) for engine in ("mkdocs", "properdocs"))
        if b"ProperDocs" not in (properdocs_site / "index.html").read_bytes():
            print("The second build was not made by ProperDocs: its generator tag does not name it.")
            return 1
        ours, theirs = files(mkdocs_site), files(properdocs_site)
    differing = sorted(name for name in ours.keys() | theirs.keys() if ours.get(name) != theirs.get(name))
    for name in differing:
        print(f"Differs between MkDocs and ProperDocs: {name}"
              + ("" if name in ours and name in theirs else " (made by only one of them)"))
    if not differing:
        print(f"MkDocs and ProperDocs made the same {len(ours)} files, apart from the generator tag.")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
