"""The site built once from the shipped data, served over a real local HTTP server, and
a real Chromium (Debian's, through Playwright: no browser download) that fails the test on
any request that leaves the site."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from tests.conftest import DATA

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync"]


def build_site(data: Path, out: Path, *args: str) -> Path:
    from tests.conftest import cli_process

    done = cli_process("--data", str(data), "site", "-o", str(out), *args)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Path:
    return build_site(DATA, tmp_path_factory.mktemp("site") / "site")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            raise RuntimeError("chromium is not installed (.ci/run installs it)")
        pytest.skip("chromium not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield launched
        launched.close()


class Visit:
    """A page of a served site; `foreign` collects every request not under the site (aborted)."""

    def __init__(self, browser, base: str, javascript: bool = True):
        self.base = base
        self.javascript = javascript
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(java_script_enabled=javascript, accept_downloads=True)
        self.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def open(self, query: str = ""):
        self.page.goto(self.base + "index.html" + query)
        if self.javascript:  # the script has run: the form is shown, the layout settled
            self.page.wait_for_function("() => document.documentElement.classList.contains('js')")
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser):
    """visit(folder, javascript=True) -> Visit; every visit is checked for foreign requests and script errors."""
    opened = []

    def open_site(folder: Path, javascript: bool = True) -> Visit:
        server, base = serve(folder)
        one = Visit(browser, base, javascript)
        opened.append((server, one))
        return one

    yield open_site
    for server, one in opened:
        one.close()
        server.shutdown()
        assert one.foreign == [], f"requests left the site: {one.foreign}"
        assert one.errors == [], f"script errors: {one.errors}"
