"""The benchmark: this project's build against the plain MkDocs build a school would otherwise use,
and what editors and readers wait for.

    .venv/bin/python benchmarks/run.py                          # N = 25, 100 and 400
    .venv/bin/python benchmarks/run.py --sizes 25 --runs 1      # what CI runs, to prove it still works

For each N it generates N invented policies (benchmarks/corpus.py), builds them with the
project's hooks and builds the peer: the same views as plain Markdown files, one per view, built by
plain mkdocs-material, with its default navigation and with `navigation.prune`. Each build runs in
a process of its own (benchmarks/build_once.py), and the runs are interleaved (ours, peer, pruned
peer, then again), so the machine's slow moments fall on all three alike. It reports, each with
its spread over --runs (median, least and most):
- the build's wall time and CPU time, and their ratios to the peers' run by run; peak memory;
  and apart, each site's first build, as in a fresh clone (no site folder, nothing kept from an
  earlier build: this project keeps each policy as read, and its compiled templates, in .cache/);
- the time from saving one word in one policy to `mkdocs serve` (and `mkdocs serve --dirty`)
  serving the rebuilt page with it, for this project, and with `--dirty` for the pruned peer;
- in Chromium: the first visit of an audience view, then opening search and typing one word: the
  bytes downloaded (gzip-compressed) and the seconds to the first result;
- pages written, HTML page sizes, site size and search index size;
- the machine's CPUs, its load average, and the time to create a folder and a file, before and
  after each N, since the machine may be shared, and its disk's speed varies.
It prints Markdown tables (report.py), as the README shows them, and writes JSON to
benchmarks/results.json.
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
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
from report import load_line, ratio_spread, spread, tables  # noqa: E402

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


def timed_build(settings: Path) -> dict:
    """One build in a process of its own (benchmarks/build_once.py): its wall time, its CPU time
    (user and system, the QR codes' helper processes included) and its peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([sys.executable, str(Path(__file__).parent / "build_once.py"), str(settings)],
                            capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    child = json.loads(result.stdout.splitlines()[-1])
    process_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"wall_s": child["wall_s"], "cpu_s": process_cpu - child["cpu_before_build_s"],
            "peak_memory_mb": child["peak_memory_kb"] / 1024}


def machine_load(when: str) -> dict:
    one, five, fifteen = os.getloadavg()
    return {"when": when, "one_minute": round(one, 2), "five_minutes": round(five, 2),
            "fifteen_minutes": round(fifteen, 2), "new_file_ms": new_file_ms()}


def new_file_ms() -> float:
    """Milliseconds to create a folder and a small file in it, the median of 500: on this machine
    it has been seen to vary fifteen-fold in one day, and every page, short link and QR code is one."""
    times = []
    with tempfile.TemporaryDirectory(dir=tempfile.gettempdir()) as folder:
        for number in range(500):
            start = time.perf_counter()
            os.mkdir(os.path.join(folder, str(number)))
            with open(os.path.join(folder, str(number), "index.html"), "wb") as file:
                file.write(b"x" * 4000)
            times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 3)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch_text(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for_word(url: str, word: str, server: subprocess.Popen, log: Path, timeout: float) -> float:
    """Seconds until the page at `url` holds `word`, asking again every 20 ms; the server's log
    if it stops."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if server.poll() is not None:
            raise RuntimeError(f"mkdocs serve stopped:\n{log.read_text()[-2000:]}")
        text = fetch_text(url)
        if text is not None and word in text:
            return time.perf_counter() - start
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not show {word!r} within {timeout:.0f} s")


def mark_first_word(source: Path, word: str) -> None:
    """Put `word` in place of the first word of the policy's first paragraph (the line after its
    title): one word saved in one policy, as an editor would."""
    lines = source.read_text().split("\n")
    first = lines.index(next(line for line in lines if line.startswith("# "))) + 2
    lines[first] = word + " " + lines[first].split(" ", 1)[1]
    source.write_text("\n".join(lines))


def edit_to_preview(settings: Path, dirty: bool, edits: int) -> list[float]:
    """Seconds from saving one word in the first policy to `mkdocs serve` serving the rebuilt page
    with it, for each of `edits` edits, one after another."""
    source = sorted((settings.parent / "docs" / "policies").glob("*.md"))[0]
    original = source.read_text()
    mark_first_word(source, "Benchmarkedit0")
    port = free_port()
    url = f"http://127.0.0.1:{port}/policies/{source.stem}/"
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(settings), "-a", f"127.0.0.1:{port}"]
    log = settings.parent / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(command + (["--dirty"] if dirty else []), cwd=settings.parent,
                                  stdout=output, stderr=subprocess.STDOUT)
    waits = []
    try:
        wait_for_word(url, "Benchmarkedit0", server, log, timeout=600)  # the first build
        for edit in range(1, edits + 1):
            time.sleep(1)  # let the server settle, as between an editor's saves
            mark_first_word(source, f"Benchmarkedit{edit}")
            waits.append(wait_for_word(url, f"Benchmarkedit{edit}", server, log, timeout=300))
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        source.write_text(original)
    return waits


def sizes(site: Path) -> dict:
    """Page sizes leave out the small pages that only send a reader on (short links, old addresses)."""
    html = [(path.stat().st_size, path) for path in site.rglob("*.html")]
    redirects = [size for size, path in html if size < 2048 and 'http-equiv="refresh"' in path.read_text()]
    pages = sorted(size for size, _ in html)
    for size in redirects:
        pages.remove(size)
    return {
        "pages": len(pages),
        "redirect_pages": len(redirects),
        "median_page_kb": round(statistics.median(pages) / 1024, 1),
        "largest_page_kb": round(max(pages) / 1024, 1),
        "site_mb": round(sum(path.stat().st_size for path in site.rglob("*") if path.is_file()) / 2**20, 1),
        "search_index_kb": round(search_data_bytes(site) / 1024, 1),
    }


def search_data_bytes(site: Path) -> int:
    """All that search could ever download: Material's index, and Pagefind's folder where the site has one
    (this project's; Material's index is then empty)."""
    files = [site / "search" / "search_index.json", *(site / "pagefind").rglob("*")]
    return sum(path.stat().st_size for path in files if path.is_file())


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


def search_fragments_kb(site: Path, full_views_only: bool) -> float:
    """This project's search results' words (Pagefind's fragments, one per indexed page), all of them or
    the full views' alone: what they would be if nothing else were indexed. The audience versions add
    nothing; the hubs, the register and the home page add the rest."""
    total = 0
    for path in (site / "pagefind" / "fragment").iterdir():
        page = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        if not full_views_only or re.fullmatch(r"/policies/[^/]+/", page["url"]):
            total += path.stat().st_size
    return round(total / 1024, 1)


def digest(site: Path) -> str:
    hashes = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        if path.is_file():
            hashes.update(str(path.relative_to(site)).encode() + path.read_bytes())
    return hashes.hexdigest()


SEARCH_WORD = "headteacher"  # in every invented policy, so every N has results to show
SEARCH_RESULT = ".md-search-result__item"  # Material's search result


def compressed_kb(responses) -> float:
    """What the responses weigh gzip-compressed, as a web server would send them."""
    return round(sum(len(gzip.compress(response.body(), compresslevel=6)) for response in responses) / 1024, 1)


def reader_visit(site: Path) -> dict:
    """What a reader waits for in Chromium: the first visit of an audience view (what it downloads
    before search is opened), then search: what opening it and typing one word downloads, and the
    seconds from the key that opens it to the first result. Empty when Playwright or Chromium is
    not installed."""
    try:
        from playwright.sync_api import Error as BrowserError
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {}
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    view = sorted(site.glob("policies/*/parents/index.html"))[0].parent.relative_to(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("POLICY_BROWSER", "/usr/bin/chromium"),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update"])
            context = browser.new_context()
            responses = []
            context.on("response", lambda response: responses.append(response))  # the context's: the search worker's requests too
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/{view}/", wait_until="networkidle")
            visit = len(responses)
            start = time.perf_counter()
            page.keyboard.press("/")  # Material's keyboard shortcut for search
            page.keyboard.type(SEARCH_WORD)
            page.locator(SEARCH_RESULT).first.wait_for(timeout=120_000)
            first_result = time.perf_counter() - start
            page.wait_for_load_state("networkidle")  # the rest of the first results' words
            searched = compressed_kb(responses[visit:])
            figures = {"first_visit_kb": compressed_kb(responses[:visit]), "search_kb": searched,
                       "search_share": round(searched * 1024 / search_data_bytes(site), 3),
                       "first_result_s": round(first_result, 2)}
            browser.close()
    except BrowserError as error:  # no browser on this machine: say so rather than guess
        print(f"  (reader's visit not measured: {error.__class__.__name__})", file=sys.stderr)
        return {}
    finally:
        server.shutdown()
    return figures


def measure(count: int, options: argparse.Namespace, work: Path, machine: dict) -> dict:
    policies = corpus.generate(count)
    peers = count <= options.peers_up_to
    machine["load"].append(machine_load(f"before N = {count}"))
    result = {"policies": count}
    configs = {"ours": write_ours(work / f"ours-{count}", policies)}
    if peers:
        configs["peer"] = write_peer(work / f"peer-{count}", policies, prune=False)
        configs["peer_pruned"] = write_peer(work / f"pruned-{count}", policies, prune=True)
    # The first build of each, as in a fresh clone: no site folder, nothing kept from an earlier build.
    first_builds = {name: timed_build(settings) for name, settings in configs.items()}
    builds = {name: [] for name in configs}
    for _ in range(options.runs):  # interleaved, so a slow moment of the machine falls on all of them
        for name, settings in configs.items():
            builds[name].append(timed_build(settings))
    for name, settings in configs.items():
        site = settings.parent / "site"
        result[name] = {"first_build_s": round(first_builds[name]["wall_s"], 2),
                        "first_cpu_s": round(first_builds[name]["cpu_s"], 2),
                        "build_s": spread([build["wall_s"] for build in builds[name]]),
                        "cpu_s": spread([build["cpu_s"] for build in builds[name]]),
                        "peak_memory_mb": round(max(build["peak_memory_mb"] for build in builds[name])),
                        **sizes(site), "audience_view_kb": audience_view_kb(site)}
    ours = result["ours"]
    site = configs["ours"].parent / "site"
    first = digest(site)
    timed_build(configs["ours"])
    ours["same_bytes_every_build"] = digest(site) == first
    ours["search_index_vs_own_full_views"] = round(search_fragments_kb(site, False) / search_fragments_kb(site, True), 2)
    if peers:
        for name in ("peer", "peer_pruned"):
            theirs = builds[name]
            ours[f"time_vs_{name}"] = ratio_spread([build["wall_s"] for build in builds["ours"]],
                                                   [build["wall_s"] for build in theirs])
            ours[f"cpu_vs_{name}"] = ratio_spread([build["cpu_s"] for build in builds["ours"]],
                                                  [build["cpu_s"] for build in theirs])
            ours[f"first_vs_{name}"] = round(first_builds["ours"]["wall_s"] / first_builds[name]["wall_s"], 2)
            ours[f"first_cpu_vs_{name}"] = round(first_builds["ours"]["cpu_s"] / first_builds[name]["cpu_s"], 2)
        ours["search_index_vs_full_views_only"] = round(
            ours["search_index_kb"] / full_views_index_kb(configs["peer"].parent / "site"), 2)
    if options.browser:
        ours.update(reader_visit(site))
    if options.preview:
        ours["edit_to_preview_s"] = spread(edit_to_preview(configs["ours"], False, options.edits))
        ours["edit_to_preview_dirty_s"] = spread(edit_to_preview(configs["ours"], True, options.edits))
        if peers:
            result["peer_pruned"]["edit_to_preview_dirty_s"] = spread(
                edit_to_preview(configs["peer_pruned"], True, options.edits))
    machine["load"].append(machine_load(f"after N = {count}"))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 100, 400])
    parser.add_argument("--runs", type=int, default=3,
                        help="builds of each site, interleaved; the median and the spread are reported")
    parser.add_argument("--peers-up-to", type=int, default=100,
                        help="build the peers only up to this N (the default-navigation peer grows as N squared)")
    parser.add_argument("--edits", type=int, default=3,
                        help="edits saved under `mkdocs serve` for the edit-to-preview time")
    parser.add_argument("--no-preview", dest="preview", action="store_false",
                        help="skip the edit-to-preview time (three `mkdocs serve` sessions at each N)")
    parser.add_argument("--no-browser", dest="browser", action="store_false",
                        help="skip the first visit and the search in Chromium")
    parser.add_argument("--output", type=Path, default=REPO / "benchmarks" / "results.json")
    options = parser.parse_args()
    logging.disable(logging.WARNING)
    machine = {"cpus": os.cpu_count(), "load": []}
    results = []
    with tempfile.TemporaryDirectory() as work:
        for count in options.sizes:
            print(f"N = {count} ...", file=sys.stderr)
            results.append(measure(count, options, Path(work), machine))
    summary = {"machine": machine, "runs": options.runs, "edits": options.edits, "results": results}
    by_count = {result["policies"]: result["ours"] for result in results}
    if 100 in by_count and 400 in by_count:
        summary["ours_400_vs_100"] = {
            "build_time": round(by_count[400]["build_s"]["median"] / by_count[100]["build_s"]["median"], 2),
            "audience_view_size": round(by_count[400]["audience_view_kb"] / by_count[100]["audience_view_kb"], 2)}
    options.output.write_text(json.dumps(summary, indent=2) + "\n")
    print(tables(results))
    print()
    print(f"Machine: {load_line(machine)}")
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
