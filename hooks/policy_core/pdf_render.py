"""WeasyPrint's part: one view's HTML to a tagged PDF, reading nothing but the built site."""

from __future__ import annotations

import hashlib
import os
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.urls import path2url

PDF_VARIANT = "pdf/ua-1"  # tagged: a structure tree, the document's language and title


def renderer_version() -> str:
    return f"WeasyPrint {weasyprint.__version__}, {PDF_VARIANT}"


def render(job, site_dir: str, site_url: str) -> bytes:
    """The PDF of a `PdfJob`; its identifier comes from its address, so the same input gives the same bytes."""
    fetcher = SiteFilesOnly(site_dir, site_url)
    document = weasyprint.HTML(string=job.html, base_url=job.address, url_fetcher=fetcher)
    identifier = hashlib.sha256(job.address.encode()).hexdigest()[:32].encode()
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier)


class SiteFilesOnly(weasyprint.URLFetcher):
    """Reads the site's own addresses from the built site on disk; refuses any other."""

    def __init__(self, site_dir: str, site_url: str):
        super().__init__(allowed_protocols={"file"}, fail_on_errors=True)
        self.site_dir = os.path.abspath(site_dir)
        self.site_url = site_url

    def fetch(self, url, headers=None):
        if not url.startswith(self.site_url):
            raise ValueError(f"a PDF may only use the site's own files, not {url}")
        path = unquote(urlsplit(url[len(self.site_url):]).path)
        if path == "" or path.endswith("/"):
            path += "index.html"
        local = os.path.normpath(os.path.join(self.site_dir, path))
        if not local.startswith(self.site_dir + os.sep):
            raise ValueError(f"{url} is outside the site")
        return super().fetch(path2url(local))
