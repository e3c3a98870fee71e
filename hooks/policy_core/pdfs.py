"""A PDF of each policy view, made by WeasyPrint from the view's own HTML and print styles.

PDFs are the accessible extra a school hands out on paper or in a governors' pack: tagged
(PDF/UA-1, with the document's language and title), A4, with fonts embedded from the machine's
own font files. Nothing is fetched from the network: the site's own addresses are read from the
built site on disk, and any other address stops the PDF.

Making a PDF takes about a second, so they are made in parallel, one process per core, and a
PDF whose inputs (its HTML, the styles and the WeasyPrint version) have not changed since the
last build is copied from a cache instead of being made again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable, Iterable


@dataclass(frozen=True)
class PdfJob:
    """One view to print: its HTML, its public address (the base of its links) and where its PDF goes."""

    policy: str  # the policy's title, for progress lines
    html: str
    address: str
    output: str


def make_pdfs(jobs: list[PdfJob], site_dir: str, site_url: str, cache_dir: str, styles: bytes,
              progress: Callable[[str], None]) -> None:
    """Write every job's PDF, reusing cached ones whose inputs are unchanged."""
    from .pdf_render import render, renderer_version  # WeasyPrint loads slowly: only when PDFs are made

    os.makedirs(cache_dir, exist_ok=True)
    keys = {job: _cache_key(job, styles, renderer_version()) for job in jobs}
    to_make = [job for job in jobs if not os.path.exists(_cached(cache_dir, keys[job]))]
    if to_make:
        with ProcessPoolExecutor(min(os.cpu_count() or 1, len(to_make))) as pool:
            made = pool.map(render, to_make, [site_dir] * len(to_make), [site_url] * len(to_make))
            _store(to_make, made, cache_dir, keys)
    for policy, policy_jobs in _by_policy(jobs):
        fresh = sum(job in to_make for job in policy_jobs)
        for job in policy_jobs:
            os.makedirs(os.path.dirname(job.output), exist_ok=True)
            shutil.copyfile(_cached(cache_dir, keys[job]), job.output)
        progress(f"PDF: {policy}: {len(policy_jobs)} versions, {fresh} made, {len(policy_jobs) - fresh} unchanged.")


def _store(jobs: list[PdfJob], made: Iterable[bytes], cache_dir: str, keys: dict) -> None:
    for job, pdf in zip(jobs, made):
        path = _cached(cache_dir, keys[job])
        with open(path + ".part", "wb") as file:
            file.write(pdf)
        os.replace(path + ".part", path)


def _by_policy(jobs: list[PdfJob]) -> list[tuple[str, list[PdfJob]]]:
    grouped: dict[str, list[PdfJob]] = {}
    for job in jobs:
        grouped.setdefault(job.policy, []).append(job)
    return list(grouped.items())


def _cache_key(job: PdfJob, styles: bytes, version: str) -> str:
    digest = hashlib.sha256()
    for part in (version.encode(), job.address.encode(), job.html.encode(), styles):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _cached(cache_dir: str, key: str) -> str:
    return os.path.join(cache_dir, key + ".pdf")
