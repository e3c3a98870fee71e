"""The benchmark: this project's build against the plain MkDocs build a school would otherwise use.

    .venv/bin/python benchmarks/run.py                # N = 25, 100 and 400
    .venv/bin/python benchmarks/run.py --sizes 25     # what CI runs, to prove it still works

For each N it generates N invented policies (benchmarks/corpus.py), builds them with the
project's hooks, and, in the same process, builds the peer: the same views as plain Markdown
files, one per view, built by plain mkdocs-material, with its default navigation and with
`navigation.prune`. It reports build time (median of --runs builds) and its ratio to the peers,
peak memory, pages written, HTML page sizes, site size, search index size, and the first visit of
an audience view in Chromium; as a table, and as JSON in benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import logging
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("POLICY_TODAY", "2026-01-15")  # the same output from one day to the next


def write_ours(root: Path, policies) -> Path:
    docs = root / "docs" / "policies"
    docs.mkdir(parents=True)
    for policy in policies:
        (docs / f"{policy.slug}.md").write_text(corpus.tagged_markdown(policy))
    audiences = "".join(f"    {key}: {label}\n" for key, label in corpus.AUDIENCES.items())
    (root / "mkdocs.yml").write_text(
        "site_name: Elmbridge Primary School\nsite_url: https://policies.elmbridge.example/\n"
        f"theme:\n  name: material\n  custom_dir: {REPO / 'overrides'}\n  font: false\n"
        f"hooks:\n  - {REPO / 'hooks' / 'policy_site.py'}\n"
        "markdown_extensions:\n  - admonition\n  - attr_list\n  - tables\n  - toc:\n      permalink: true\n"
        f"extra:\n  school:\n    name: Elmbridge Primary School\n  audiences:\n{audiences}")
    return root / "mkdocs.yml"


def write_peer(root: Path, policies, prune: bool) -> Path:
    docs = root / "docs" / "policies"
    docs.mkdir(parents=True)
    for policy in policies:
        (docs / f"{policy.slug}.md").write_text(corpus.view_markdown(policy, None))
        for audience in corpus.AUDIENCES:
            text = corpus.view_markdown(policy, audience)
            if text:
                (docs / policy.slug).mkdir(exist_ok=True)
                (docs / policy.slug / f"{audience}.md").write_text(text)
    features = "  features:\n    - navigation.prune\n" if prune else ""
    (root / "mkdocs.yml").write_text(
        "site_name: Elmbridge Primary School\nsite_url: https://policies.elmbridge.example/\n"
        f"theme:\n  name: material\n  font: false\n{features}"
        "markdown_extensions:\n  - admonition\n  - attr_list\n  - tables\n  - toc:\n      permalink: true\n")
    return root / "mkdocs.yml"


def build_once(settings: Path) -> float:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    build(load_config(str(settings)))
    return time.perf_counter() - start


def peak_memory(settings: Path) -> int:
    """Peak memory of a build, in bytes, in a process of its own so builds do not share it. Read
    from the process's own high-water mark (VmHWM): Linux carries getrusage's maximum over from
    the parent that started it."""
    code = ("import sys; sys.path.insert(0, %r); import run; run.build_once(run.Path(%r)); "
            "print(next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM')))"
            ) % (str(Path(__file__).parent), str(settings))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(result.stdout.split()[-1]) * 1024


def sizes(site: Path) -> dict:
    """Page sizes leave out the small pages that only send a reader on (short links, old addresses)."""
    html = [(path.stat().st_size, path) for path in site.rglob("*.html")]
    redirects = [size for size, path in html if size < 2048 and 'http-equiv="refresh"' in path.read_text()]
    pages = sorted(size for size, _ in html)
    for size in redirects:
        pages.remove(size)
    index = site / "search" / "search_index.json"
    return {
        "pages": len(pages),
        "redirect_pages": len(redirects),
        "median_page_kb": round(statistics.median(pages) / 1024, 1),
        "largest_page_kb": round(max(pages) / 1024, 1),
        "site_mb": round(sum(path.stat().st_size for path in site.rglob("*") if path.is_file()) / 2**20, 1),
        "search_index_kb": round(index.stat().st_size / 1024, 1),
    }


def audience_view_kb(site: Path) -> float:
    """The HTML of the parents' view of the first policy, which is the same policy at every N, so
    sizes at different N compare like with like."""
    first = corpus.generate(1)[0]
    return round((site / "policies" / first.slug / "parents" / "index.html").stat().st_size / 1024, 1)


def full_views_index_kb(site: Path) -> float:
    """The peer's search index, counting only its full views' entries: what our index should match."""
    index = json.loads((site / "search" / "search_index.json").read_text())
    keep = [entry for entry in index["docs"]
            if not any(f"/{key}/" in entry["location"] for key in corpus.AUDIENCES)]
    return round(len(json.dumps({"config": index["config"], "docs": keep}, separators=(",", ":"))) / 1024, 1)


def own_full_views_index_kb(site: Path) -> float:
    """This project's index, counting only the full views' entries (clause by clause): what it would
    be if nothing else were indexed. The audience views, the hubs and the register add the rest."""
    index = json.loads((site / "search" / "search_index.json").read_text())
    keep = [entry for entry in index["docs"] if re.fullmatch(r"policies/[^/]+/", entry["location"].split("#")[0])]
    return round(len(json.dumps({"config": index["config"], "docs": keep}, separators=(",", ":"))) / 1024, 1)


def digest(site: Path) -> str:
    hashes = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        if path.is_file():
            hashes.update(str(path.relative_to(site)).encode() + path.read_bytes())
    return hashes.hexdigest()


def first_visit_kb(site: Path) -> float | None:
    """What Chromium downloads to show an audience view before search is opened, gzip-compressed
    as a web server would send it. None when Playwright or Chromium is not installed."""
    try:
        from playwright.sync_api import Error as BrowserError
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    view = sorted(site.glob("policies/*/parents/index.html"))[0].parent.relative_to(site)
    total = 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("POLICY_BROWSER", "/usr/bin/chromium"),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update"])
            page = browser.new_page()
            responses = []
            page.on("response", lambda response: responses.append(response))
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/{view}/", wait_until="networkidle")
            for response in responses:
                total += len(gzip.compress(response.body(), compresslevel=6))
            browser.close()
    except BrowserError as error:  # no browser on this machine: say so rather than guess
        print(f"  (first visit not measured: {error.__class__.__name__})", file=sys.stderr)
        return None
    finally:
        server.shutdown()
    return round(total / 1024, 1)


def measure(count: int, runs: int, peers: bool, work: Path) -> dict:
    policies = corpus.generate(count)
    result = {"policies": count}
    configs = {"ours": write_ours(work / f"ours-{count}", policies)}
    if peers:
        configs["peer"] = write_peer(work / f"peer-{count}", policies, prune=False)
        configs["peer_pruned"] = write_peer(work / f"pruned-{count}", policies, prune=True)
    times = {name: [] for name in configs}
    for _ in range(runs):  # interleaved, so a slow moment of the machine falls on all of them
        for name, settings in configs.items():
            times[name].append(build_once(settings))
    for name, settings in configs.items():
        site = settings.parent / "site"
        result[name] = {"build_s": round(statistics.median(times[name]), 2),
                        "peak_memory_mb": round(peak_memory(settings) / 2**20), **sizes(site),
                        "audience_view_kb": audience_view_kb(site)}
    ours = result["ours"]
    site = configs["ours"].parent / "site"
    first = digest(site)
    build_once(configs["ours"])
    ours["same_bytes_every_build"] = digest(site) == first
    ours["first_visit_kb"] = first_visit_kb(site)
    ours["search_index_vs_own_full_views"] = round(ours["search_index_kb"] / own_full_views_index_kb(site), 2)
    if peers:
        for name in ("peer", "peer_pruned"):
            ours[f"time_vs_{name}"] = round(ours["build_s"] / result[name]["build_s"], 2)
        ours["search_index_vs_full_views_only"] = round(
            ours["search_index_kb"] / full_views_index_kb(configs["peer"].parent / "site"), 2)
    return result


def table(results: list[dict]) -> str:
    rows = [("N", "build", "build s", "vs peer", "vs pruned", "memory MB", "pages", "redirects", "median KB",
             "largest KB", "view KB", "site MB", "search KB", "first visit KB")]
    for result in results:
        for name in ("ours", "peer", "peer_pruned"):
            if name not in result:
                continue
            each = result[name]
            rows.append((str(result["policies"]), name, str(each["build_s"]), str(each.get("time_vs_peer", "")),
                         str(each.get("time_vs_peer_pruned", "")), str(each["peak_memory_mb"]), str(each["pages"]),
                         str(each["redirect_pages"]),
                         str(each["median_page_kb"]), str(each["largest_page_kb"]), str(each["audience_view_kb"]),
                         str(each["site_mb"]), str(each["search_index_kb"]), str(each.get("first_visit_kb", ""))))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join("  ".join(cell.rjust(width) for cell, width in zip(row, widths)) for row in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 100, 400])
    parser.add_argument("--runs", type=int, default=3, help="builds of each site; the median is reported")
    parser.add_argument("--peers-up-to", type=int, default=100,
                        help="build the peers only up to this N (the default-navigation peer grows as N squared)")
    parser.add_argument("--output", type=Path, default=REPO / "benchmarks" / "results.json")
    options = parser.parse_args()
    logging.disable(logging.WARNING)
    results = []
    with tempfile.TemporaryDirectory() as work:
        for count in options.sizes:
            print(f"N = {count} ...", file=sys.stderr)
            results.append(measure(count, options.runs, count <= options.peers_up_to, Path(work)))
    summary = {"results": results}
    by_count = {result["policies"]: result["ours"] for result in results}
    if 100 in by_count and 400 in by_count:
        summary["ours_400_vs_100"] = {
            "build_time": round(by_count[400]["build_s"] / by_count[100]["build_s"], 2),
            "audience_view_size": round(by_count[400]["audience_view_kb"] / by_count[100]["audience_view_kb"], 2)}
    options.output.write_text(json.dumps(summary, indent=2) + "\n")
    print(table(results))
    for result in results:
        ours = result["ours"]
        print(f"N = {result['policies']}: same bytes on a second build: {ours['same_bytes_every_build']}; "
              f"search index against its own full views' entries alone: {ours['search_index_vs_own_full_views']}, "
              f"against the peer's full views alone: {ours.get('search_index_vs_full_views_only', '-')}")
    if "ours_400_vs_100" in summary:
        print("N = 400 against N = 100:", summary["ours_400_vs_100"])
    print(f"JSON: {options.output}")


if __name__ == "__main__":
    main()
