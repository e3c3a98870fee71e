"""Browser tests: the invented school's site, built once, served on this machine, read in Chromium.

Chromium is Debian's (/usr/bin/chromium) unless POLICY_BROWSER names another executable, or is
"playwright" to use the browser Playwright downloaded itself.
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from helpers import REPO, Site

OAKFIELD = Path(__file__).resolve().parents[1] / "sites" / "oakfield"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
WIDTHS = {"phone": 375, "desktop": 1280}
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update"]

# One of each kind of page a reader meets, on the invented school's site.
PAGE_TYPES = {
    "home": "",
    "hub": "for/parents/",
    "register": "policies/",
    "full-view": "policies/visitors/",
    "audience-view": "policies/visitors/parents/",
    "not-found": "404.html",  # what the web server shows at an address that is not there
}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class ServedSite:
    """A built site and the local web server that serves it."""

    def __init__(self, root: Path, folder: Path):
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        self.port = listener.getsockname()[1]
        listener.close()
        self.base = f"http://127.0.0.1:{self.port}/"
        shutil.copytree(folder / "docs", root / "docs")
        self.site = Site(root, site_url=self.base).built()
        self.server = start_server(root / "site", self.port)

    def url(self, path: str) -> str:
        return self.base + path


def start_server(folder: Path, port: int = 0) -> ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def serve():
    """Serves a built site's folder on this machine; gives the address it is served at."""
    servers = []

    def serve_folder(folder: Path) -> str:
        servers.append(start_server(folder))
        return f"http://127.0.0.1:{servers[-1].server_address[1]}/"

    yield serve_folder
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def oakfield(tmp_path_factory) -> ServedSite:
    served = ServedSite(tmp_path_factory.mktemp("oakfield"), OAKFIELD)
    yield served
    served.server.shutdown()


@pytest.fixture(scope="session")
def browser():
    chosen = os.environ.get("POLICY_BROWSER", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        options = {} if chosen == "playwright" else {"executable_path": chosen}
        browser = playwright.chromium.launch(args=CHROMIUM_FLAGS, **options)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, oakfield):
    """Opens a page of the invented school's site at a width; every request it makes is recorded."""
    contexts = []

    def open_at(path: str, width: int = WIDTHS["desktop"], **context_options):
        context = browser.new_context(viewport={"width": width, "height": 900}, **context_options)
        contexts.append(context)
        page = context.new_page()
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.goto(oakfield.url(path))
        return page

    yield open_at
    for context in contexts:
        context.close()


def save_screenshot(page, name: str, full_page: bool = True) -> None:
    """Kept out of git (test-artifacts/), so a change in look can be seen after a run. A dialog over
    the page is seen as the screen shows it (full_page=False)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)
