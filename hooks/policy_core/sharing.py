"""What lets a reader find a view again: its full address and a QR code of it."""

from __future__ import annotations

import io
import json
import os
from urllib.parse import urljoin

import segno

from .model import View


QR_FILE = "qr.svg"
# A fixed mask pattern: any of the eight scans, and choosing the best one costs most of the time.
QR_CODE = {"error": "m", "mask": 4, "micro": False}
QR_SVG = {"kind": "svg", "scale": 4, "border": 4}
# A cached code is used only if it was made by the same segno with the same settings.
QR_MADE_BY = f"segno {segno.__version__} {sorted({**QR_CODE, **QR_SVG}.items())}"


def qr_file_path(view: View) -> str:
    """Where the view's QR code is published, beside the view."""
    return view.path + QR_FILE


def view_address(site_url: str, view_url: str) -> str:
    """The address to print and to paste in a newsletter: the site's address and the view's."""
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", view_url)


def qr_code_svg(address: str) -> str:
    """A QR code of `address`, as an SVG file that scales cleanly in a newsletter or on paper."""
    svg = io.BytesIO()
    segno.make(address, **QR_CODE).save(svg, **QR_SVG, title=f"QR code for {address}")
    return svg.getvalue().decode("utf-8")


def qr_code_svgs(addresses: list[str], cache_file: str, only_some: bool = False) -> list[str]:
    """The QR code of each address. A code made by an earlier build the same way is taken from
    `cache_file` (on a large site making them is a good part of the build); the cache then holds
    this build's codes only, so it does not grow with every address the site ever had. A build
    that makes `only_some` of the site's codes (a preview with --dirty) keeps the others cached too."""
    cached = _read_cache(cache_file)
    made = {address: cached.get(address) or qr_code_svg(address) for address in addresses}
    keep = {**cached, **made} if only_some else made
    if keep != cached:
        _write_cache(cache_file, keep)
    return [made[address] for address in addresses]


def _read_cache(cache_file: str) -> dict[str, str]:
    """The cached codes, if they were made the same way; a cache that cannot be read is remade."""
    try:
        with open(cache_file, encoding="utf-8") as file:
            cache = json.load(file)
    except (OSError, ValueError):
        return {}
    if not (isinstance(cache, dict) and cache.get("made_by") == QR_MADE_BY and isinstance(cache.get("codes"), dict)):
        return {}
    return {address: svg for address, svg in cache["codes"].items() if isinstance(svg, str)}


def _write_cache(cache_file: str, codes: dict[str, str]) -> None:
    """Written beside the old cache, then put in its place in one step. A cache that cannot be
    written only means the next build makes the codes again."""
    try:
        os.makedirs(os.path.dirname(cache_file), exist_ok=True)
        with open(cache_file + ".part", "w", encoding="utf-8") as file:
            json.dump({"made_by": QR_MADE_BY, "codes": codes}, file, separators=(",", ":"))
        os.replace(cache_file + ".part", cache_file)
    except OSError:
        pass
