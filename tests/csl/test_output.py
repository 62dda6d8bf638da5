"""Documents: text, Markdown and the HTML page, per category under the list's headings."""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from medsegcite.csl import render

from tests.conftest import DATA
from tests.test_cli import _medsegcite


HOSTILE = {
    "id": "evil",
    "type": "article-journal",
    "title": "<script>alert(1)</script> & <img src=x onerror=alert(2)>",
    "author": [{"family": "O<b>Brien", "given": "A&B"}],
    "container-title": "J <i>&amp;</i>",
    "issued": {"date-parts": [[2020]]},
    "DOI": "10.1/<x>",
}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_html_escapes_every_field():
    ((_, entry),) = render.bibliography([HOSTILE], render.find_style("ieee"), "html")
    parser = _Tags()
    parser.feed(entry)
    assert set(parser.tags) <= {"i", "b", "span", "sup", "sub"}
    assert "&lt;script&gt;" in entry and "<script" not in entry and "<img" not in entry


def test_render_formats_from_the_cli(run, tmp_path):
    result = run("render", "--category", "Breast")
    assert result.exit_code == 0
    assert "[1] A. Dubrovina, “Computational mammography using deep neural networks,”" in result.output
    md = run("render", "--format", "markdown").output
    headings = [line for line in md.splitlines() if line.startswith("#")]
    listed = [line.strip() for line in (DATA / "list.md").read_text().splitlines() if line.strip().startswith("#")]
    assert all(h.split(" :")[0] in [x.replace(" :", "") for x in listed] for h in headings)
    assert "doi: [10.1080/21681163.2015.1131197](https://doi.org/10.1080/21681163.2015.1131197)" in md
    assert md.count("\n- ") == 101  # every paper under every category that lists it
    out = tmp_path / "refs.html"
    assert run("render", "--format", "html", "--style", "apa", "-o", str(out)).exit_code == 0
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and page.count('class="csl-entry"') == 101
    assert '<a href="https://doi.org/10.1080/21681163.2015.1131197">' in page


def test_render_bad_input(run):
    from tests.test_cli import _medsegcite

    for args, message in (
        (["render", "--style", "neture"], "did you mean 'nature'"),
        (["render", "--format", "pdf"], "unknown format 'pdf'"),
        (["render", "--category", "Livre"], "did you mean 'Liver'"),
    ):
        result = _medsegcite(*args)
        assert result.returncode == 1 and len(result.stderr.splitlines()) == 1 and message in result.stderr


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_html_page_opens_in_a_browser(run, tmp_path):
    """A real browser parses the page: every entry a list item, no script from the data."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            raise RuntimeError("chromium is not installed (.ci/run installs it)")
        pytest.skip("chromium not installed")
    page = tmp_path / "refs.html"
    assert run("render", "--format", "html", "-o", str(page)).exit_code == 0
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120).stdout
    assert dom.count('<li class="csl-entry"') == 101 and "<script" not in dom
    shot = tmp_path / "refs.png"
    subprocess.run([CHROMIUM, *flags, "--window-size=1100,1400", f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 50_000  # a page of text, not a blank one


def test_category_names_with_commas_and_quotes_render(data_copy):
    """The list places papers; the store's comma-separated keywords cannot hold every name."""
    listed = (data_copy / "list.md").read_text()
    odd = 'Liver, "hepatic" & <biliary>'
    (data_copy / "list.md").write_text(listed.replace("  ### Liver\n", f"  ### {odd}\n"))
    assert _medsegcite("--data", str(data_copy), "sync").returncode == 0
    done = _medsegcite("--data", str(data_copy), "render", "--category", odd)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n[") == 11 and f"Anatomical Structures Segmentation / {odd}" in done.stdout
    everything = _medsegcite("--data", str(data_copy), "render").stdout
    assert everything.count(odd) == 1 and everything.count("\n[") == 101
