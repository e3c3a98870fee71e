"""What lets a reader find a view again: its full address and a QR code of it."""

from __future__ import annotations

import io
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable
from urllib.parse import urljoin

import segno

from .model import View


QR_FILE = "qr.svg"


def qr_file_path(view: View) -> str:
    """Where the view's QR code is published, beside the view."""
    return view.path + QR_FILE


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


def qr_codes_in_background(addresses, spare_cores: int = 1) -> Callable[[], list[str]]:
    """Starts making the QR codes of many addresses in other processes, leaving `spare_cores` for
    the build to go on meanwhile; on a large site they are a good part of the build. Returns the
    function that waits for them."""
    addresses = list(addresses)
    workers = min((os.cpu_count() or 1) - spare_cores, len(addresses) // 50)
    if workers < 1:
        codes = [qr_code_svg(address) for address in addresses]
        return lambda: codes
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    chunks = [addresses[start:start + 50] for start in range(0, len(addresses), 50)]
    futures = [pool.submit(_qr_code_svgs, chunk) for chunk in chunks]
    pool.shutdown(wait=False)

    def wait() -> list[str]:
        return [svg for future in futures for svg in future.result()]

    return wait


def _qr_code_svgs(addresses: list[str]) -> list[str]:
    return [qr_code_svg(address) for address in addresses]
