"""WeasyPrint's part: one view's HTML to a tagged PDF, reading nothing but the built site."""

from __future__ import annotations

import hashlib
import os
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.text.ffi import ffi, fontconfig
from weasyprint.urls import FatalURLFetchingError, path2url

PDF_VARIANT = "pdf/ua-1"  # tagged: a structure tree, the document's language and title


def renderer_version() -> str:
    return f"WeasyPrint {weasyprint.__version__}, {PDF_VARIANT}"


class PdfProblem(Exception):
    """Why a PDF could not be made, in words for its policy's editor."""


def render(job, site_dir: str, site_url: str) -> bytes:
    """The PDF of a `PdfJob`; its identifier comes from its address, so the same input gives the same bytes."""
    fetcher = SiteFilesOnly(site_dir, site_url)
    identifier = hashlib.sha256(job.address.encode()).hexdigest()[:32].encode()
    try:
        document = weasyprint.HTML(string=job.html, base_url=job.address, url_fetcher=fetcher)
        return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
    except FatalURLFetchingError as error:  # a BaseException, which would break the pool of workers
        raise PdfProblem(str(error.__cause__ or error)) from None


def missing_fonts(families: list[str]) -> list[str]:
    """Those of `families` that fontconfig, where WeasyPrint finds its fonts, does not have. With no
    font at all WeasyPrint's workers crash; with others the PDFs would differ from machine to machine."""
    config = fontconfig.FcInitLoadConfigAndFonts()
    installed, name = set(), ffi.new("FcChar8 **")
    try:
        fonts = fontconfig.FcConfigGetFonts(config, fontconfig.FcSetSystem)
        for index in range(fonts.nfont if fonts != ffi.NULL else 0):
            number = 0
            while fontconfig.FcPatternGetString(fonts.fonts[index], b"family", number, name) == fontconfig.FcResultMatch:
                installed.add(ffi.string(ffi.cast("char *", name[0])).decode())
                number += 1
    finally:
        fontconfig.FcConfigDestroy(config)
    return [family for family in families if family not in installed]


class SiteFilesOnly(weasyprint.URLFetcher):
    """Reads the site's own addresses from the built site on disk; refuses any other."""

    def __init__(self, site_dir: str, site_url: str):
        super().__init__(allowed_protocols={"file"}, fail_on_errors=True)
        self.site_dir = os.path.abspath(site_dir)
        self.site_url = site_url

    def fetch(self, url, headers=None):
        if not url.startswith(self.site_url):
            raise ValueError(f"it uses {url}, which is on another website (a PDF uses only the site's own files)")
        path = unquote(urlsplit(url[len(self.site_url):]).path)
        if path == "" or path.endswith("/"):
            path += "index.html"
        local = os.path.normpath(os.path.join(self.site_dir, path))
        if not local.startswith(self.site_dir + os.sep) or not os.path.isfile(local):
            raise ValueError(f"it uses {url}, which is not one of the site's files")
        return super().fetch(path2url(local))
