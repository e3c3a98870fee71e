"""What lets a reader find a view again: its full address, a QR code of it, and search entries."""

from __future__ import annotations

import html
import io
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
    segno.make(address, error="m").save(svg, kind="svg", scale=4, border=4, title=f"QR code for {address}")
    return svg.getvalue().decode("utf-8")


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
