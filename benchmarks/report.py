"""The benchmark's figures and tables, from the numbers it measured: plain arithmetic, kept apart
from the measuring so that it can be checked with fixed numbers (tests/test_benchmark_report.py)."""

from __future__ import annotations

import statistics

SITES = {"ours": "this project", "peer": "peer", "peer_pruned": "peer, pruned"}


def spread(values: list[float], digits: int = 2) -> dict:
    """The least, the median and the most of several measurements of one thing."""
    return {"min": round(min(values), digits), "median": round(statistics.median(values), digits),
            "max": round(max(values), digits)}


def ratio_spread(ours: list[float], peer: list[float]) -> dict:
    """Our time over the peer's, run by run: the runs are interleaved, so the two builds of one run
    met the same moment of the machine, and their ratio is steadier than either time."""
    return spread([mine / theirs for mine, theirs in zip(ours, peer, strict=True)])


def shown(figure: dict | float | None) -> str:
    """A spread as 'median (min–max)', a single figure as itself, nothing as a blank."""
    if figure is None:
        return ""
    if isinstance(figure, dict):
        if figure["min"] == figure["max"]:
            return f"{figure['median']}"
        return f"{figure['median']} ({figure['min']}–{figure['max']})"
    return str(figure)


def _markdown(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _each_site(results: list[dict]):
    for result in results:
        for name, label in SITES.items():
            if name in result:
                yield result["policies"], label, result[name]


def tables(results: list[dict]) -> str:
    """Four Markdown tables, as the README shows them: the builds, the first build (as in a fresh
    clone), what it writes, and what an editor and a reader wait for. A figure over several runs reads 'median (least–most)'."""
    build = _markdown(
        ("N", "site", "wall s", "CPU s", "wall vs peer", "wall vs pruned peer", "CPU vs peer",
         "CPU vs pruned peer", "peak memory MB"),
        [(str(count), label, shown(each["build_s"]), shown(each["cpu_s"]), shown(each.get("time_vs_peer")),
          shown(each.get("time_vs_peer_pruned")), shown(each.get("cpu_vs_peer")),
          shown(each.get("cpu_vs_peer_pruned")), str(each["peak_memory_mb"]))
         for count, label, each in _each_site(results)])
    first = _markdown(
        ("N", "site", "first build wall s", "first build CPU s", "wall vs pruned peer's first", "CPU vs pruned peer's first"),
        [(str(count), label, shown(each.get("first_build_s")), shown(each.get("first_cpu_s")),
          shown(each.get("first_vs_peer_pruned")), shown(each.get("first_cpu_vs_peer_pruned")))
         for count, label, each in _each_site(results) if "first_build_s" in each])
    output = _markdown(
        ("N", "site", "pages", "redirect pages", "median page KB", "largest page KB", "audience view KB",
         "site MB", "search data KB"),
        [(str(count), label, str(each["pages"]), str(each["redirect_pages"]), str(each["median_page_kb"]),
          str(each["largest_page_kb"]), str(each["audience_view_kb"]), str(each["site_mb"]),
          str(each["search_index_kb"]))
         for count, label, each in _each_site(results)])
    waiting = _markdown(
        ("N", "site", "edit to preview s, serve", "edit to preview s, serve --dirty", "first visit KB",
         "search: KB downloaded", "search: share of search data", "search: first result s"),
        [(str(count), label, shown(each.get("edit_to_preview_s")), shown(each.get("edit_to_preview_dirty_s")),
          shown(each.get("first_visit_kb")), shown(each.get("search_kb")), shown(each.get("search_share")),
          shown(each.get("first_result_s")))
         for count, label, each in _each_site(results)
         if any(key in each for key in ("edit_to_preview_dirty_s", "first_visit_kb"))])
    return "\n\n".join((build, first, output, waiting))


def load_line(machine: dict) -> str:
    """The machine's load while it measured: on a shared machine, the figures' largest doubt."""
    loads = ", ".join(f"{load['when']} {load['one_minute']}" for load in machine["load"])
    files = ", ".join(f"{load['when']} {load['new_file_ms']}" for load in machine["load"] if "new_file_ms" in load)
    return (f"{machine['cpus']} CPUs; load average over one minute: {loads}"
            + (f"; milliseconds to create a folder and a file in it: {files}" if files else ""))
