"""One build of one site, in a process of its own, as `mkdocs build` would run it:

    python benchmarks/build_once.py path/to/mkdocs.yml

Prints, as JSON, the build's wall time, the CPU time this process had used before the build began
(the parent subtracts it from the process's whole CPU time, which also counts the helper processes
that make QR codes), and the process's peak memory (VmHWM: Linux carries getrusage's maximum over
from the parent that started it)."""

import json
import os
import resource
import sys
import time

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    import logging

    logging.disable(logging.WARNING)
    cpu_before = cpu_seconds()
    start = time.perf_counter()
    build(load_config(sys.argv[1]))
    wall = time.perf_counter() - start
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
    print(json.dumps({"wall_s": wall, "cpu_before_build_s": cpu_before, "peak_memory_kb": peak}))
