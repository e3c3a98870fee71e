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
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Callable

from .errors import PolicyError

# The fonts policy-pdf.css asks for first, embedded in every PDF.
PDF_FONTS = ("Liberation Sans", "Liberation Mono")
PDF_OFF = "or set pdf: false in mkdocs.yml (or start the command with POLICY_PDF=0) to publish without PDFs."


def pdf_name(slug: str, audience: str | None = None) -> str:
    """The file name of a version's PDF, written beside its page."""
    return f"{slug}.pdf" if audience is None else f"{slug}-{audience}.pdf"


@dataclass(frozen=True)
class PdfJob:
    """One view to print: its HTML, its public address (the base of its links) and where its PDF goes."""

    policy: str  # the policy's title, for progress lines
    file: str  # the policy's file, named when its PDF cannot be made
    html: str
    address: str
    output: str


def make_pdfs(jobs: list[PdfJob], site_dir: str, site_url: str, cache_dir: str, styles: bytes,
              progress: Callable[[str], None], setting: tuple[str, int]) -> list[PolicyError]:
    """Write every job's PDF, reusing cached ones whose inputs are unchanged; or say why they cannot
    be made. `setting` is the file and line of the pdf setting, named by problems of the whole site."""
    try:
        from .pdf_render import PdfProblem, missing_fonts, render, renderer_version  # WeasyPrint loads slowly
    except OSError as error:  # WeasyPrint found no Pango library
        return [PolicyError(*setting, f"The PDFs cannot be made: a library they need is not installed ({error}).",
                            "on Debian or Ubuntu run: apt-get install libpango-1.0-0 libpangoft2-1.0-0; " + PDF_OFF)]
    missing = missing_fonts(PDF_FONTS)
    if missing:
        return [PolicyError(*setting, f"The fonts the PDFs use are not installed: {', '.join(missing)}.",
                            "on Debian or Ubuntu run: apt-get install fonts-liberation; " + PDF_OFF)]
    os.makedirs(cache_dir, exist_ok=True)
    keys = {job: _cache_key(job, styles, renderer_version()) for job in jobs}
    to_make = [job for job in jobs if not os.path.exists(_cached(cache_dir, keys[job]))]
    errors = []
    if to_make:
        with ProcessPoolExecutor(min(os.cpu_count() or 1, len(to_make))) as pool:
            made = {job: pool.submit(render, job, site_dir, site_url) for job in to_make}
            for job, pdf in made.items():
                try:
                    _store(pdf.result(), _cached(cache_dir, keys[job]))
                except PdfProblem as problem:
                    errors.append(PolicyError(job.file, 1, f'The PDFs of "{job.policy}" cannot be made: {problem}.',
                                              "put the images and files the policy uses in the docs folder and write "
                                              "their file names, as in ![School logo](logo.png); " + PDF_OFF))
                except BrokenProcessPool:
                    return [PolicyError(*setting, "The program that makes the PDFs stopped suddenly, as it does when "
                                                  "fonts or libraries it needs are missing or memory runs out.",
                                        "on Debian or Ubuntu run: apt-get install fonts-liberation libpango-1.0-0 "
                                        "libpangoft2-1.0-0; " + PDF_OFF)]
                except Exception as error:  # WeasyPrint's own failure: name the policy, say how to go on
                    errors.append(PolicyError(job.file, 1, f'The PDF of "{job.policy}" at {job.address} cannot be '
                                                           f"made: {type(error).__name__}: {error}",
                                              "report this message to whoever supports the site; " + PDF_OFF))
    if errors:
        return list(dict.fromkeys(errors))  # each of a policy's versions meets the same problem
    for policy, policy_jobs in _by_policy(jobs):
        fresh = sum(job in to_make for job in policy_jobs)
        for job in policy_jobs:
            os.makedirs(os.path.dirname(job.output), exist_ok=True)
            shutil.copyfile(_cached(cache_dir, keys[job]), job.output)
        progress(f"PDF: {policy}: {len(policy_jobs)} versions, {fresh} made, {len(policy_jobs) - fresh} unchanged.")
    return []


def _store(pdf: bytes, path: str) -> None:
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
