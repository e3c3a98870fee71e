"""What lets a reader find a view again: its full address, a QR code of it, and search entries."""

from __future__ import annotations

import html
import io
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from urllib.parse import urljoin

import segno

from .model import Policy, View


def qr_file_path(view: View) -> str:
    """Where the view's QR code is published, beside the view."""
    return view.path + "qr.svg"


def view_address(site_url: str, view_url: str) -> str:
    """The address to print and to paste in a newsletter: the site's address and the view's."""
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", view_url)


def qr_code_svg(address: str) -> str:
    """A QR code of `address`, as an SVG file that scales cleanly in a newsletter or on paper."""
    svg = io.BytesIO()
    # A fixed mask pattern: any of the eight scans, and choosing the best one costs most of the time.
    segno.make(address, error="m", mask=4, micro=False).save(svg, kind="svg", scale=4, border=4,
                                                               title=f"QR code for {address}")
    return svg.getvalue().decode("utf-8")


def qr_codes(addresses) -> list[str]:
    """The QR codes of many addresses, made on every core of the machine: on a large site they are
    a good part of the build."""
    addresses = list(addresses)
    workers = min(os.cpu_count() or 1, max(1, len(addresses) // 50))
    if workers == 1:
        return [qr_code_svg(address) for address in addresses]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(qr_code_svg, addresses, chunksize=50))


def search_entries(policy: Policy, url: str) -> list[dict]:
    """One search entry per clause of the full view, so that a clause is found once and a result
    opens the clause itself. Audience views are left out of search: they hold the same clauses."""
    entries = [{"location": url, "title": policy.title, "text": ""}]
    section = policy.title
    for clause in policy.clauses:
        location = f"{url}#{clause.id}"
        if clause.kind == "heading":
            section = clause.text
            entries.append({"location": location, "title": html.escape(section), "text": ""})
        else:
            entries.append({"location": location, "title": html.escape(section), "text": html.escape(clause.text)})
    return entries
