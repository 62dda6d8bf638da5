"""index.html (medsegcite/site/page.py): readable with JavaScript off, valid for the W3C
checker, and inert with hostile data: every field escaped, a CSP forbidding inline scripts
and foreign hosts, link targets only http(s)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from medsegcite.listing.catalog import load_list

from tests.conftest import DATA, w3c_check
from tests.site.conftest import build_site

HOSTILE_TITLE = '<script>window.PWNED=1</script>" onmouseover="window.PWNED=2" x="'


def _elements(page: str) -> list[tuple[str, dict]]:
    """Every element's tag and attributes, as an HTML parser reads the page."""
    from html.parser import HTMLParser

    found = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Reader(convert_charrefs=True).feed(page)
    return found


def _unsafe(page: str) -> list:
    """Inline scripts, event handler attributes, and link or source targets that are not the site's or http(s)."""
    bad = []
    for tag, attrs in _elements(page):
        if tag == "script" and "src" not in attrs:
            bad.append((tag, attrs))
        bad += [(tag, name) for name in attrs if name.startswith("on")]
        for name in ("href", "src", "action", "formaction"):
            value = attrs.get(name)
            if value is not None and not re.match(r"https?://|#|assets/|papers/|bib/|references", value):
                bad.append((tag, name, value))
    return bad


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The shipped data with hostile fields in the store and the list: scripts in titles, attribute
    breakers, javascript: and data: links, markup in a category heading."""
    data = tmp_path_factory.mktemp("hostile") / "data"
    data.mkdir()
    for name in ("list.md", "references.bib", "decisions.toml"):
        shutil.copy(DATA / name, data / name)
    bib = (data / "references.bib").read_text(encoding="utf-8")
    first, second, third = (m.start() for m in list(re.finditer(r"^@", bib, re.M))[:3])
    head, one, two, rest = bib[:first], bib[first:second], bib[second:third], bib[third:]
    one = re.sub(r"  title = \{.*\},\n", lambda _: "  title = {" + HOSTILE_TITLE + "},\n  url = {javascript:window.PWNED=3},\n", one, count=1)
    one = re.sub(r"  author = \{", lambda _: "  author = {<img src=x onerror=window.PWNED=4> and ", one, count=1)
    two = re.sub(r"  doi = \{[^}]*\}", lambda _: '  doi = {10.1000/x"><script>window.PWNED=5</script>}', two, count=1)
    two = re.sub(r"  medsegcite-link = \{[^}]*\}", lambda _: "  medsegcite-link = {data:text/html,<script>window.PWNED=6</script>}", two, count=1)
    (data / "references.bib").write_text(head + one + two + rest, encoding="utf-8")
    listed = (data / "list.md").read_text(encoding="utf-8")
    (data / "list.md").write_text(listed.replace("### Liver\n", '### Liver &lt;img src=x onerror="window.PWNED=7"&gt; "onmouseover=x\n', 1), encoding="utf-8")
    return build_site(data, tmp_path_factory.mktemp("hostile-site") / "site")


def test_the_page_lists_every_paper_with_javascript_off(shipped_site, visit):
    page = visit(shipped_site, javascript=False).open()
    catalog = load_list(DATA / "list.md")
    shown = page.eval_on_selector_all("li.paper", "els => els.filter(e => e.offsetParent !== null).map(e => +e.dataset.i)")
    assert len(set(shown)) == len(catalog.papers) == 98 and len(shown) == len(catalog.items)
    assert not page.locator("#search").is_visible() and not page.locator("button.copy").first.is_visible()  # script-only parts
    assert page.locator("nav a.bib").count() == 18 and page.locator("li.paper a[download]").count() == 4 * len(catalog.items)
    assert page.locator("#stats img").evaluate("img => img.complete && img.naturalWidth > 0")  # the plot, from the site


def test_the_w3c_checker_finds_no_error(shipped_site, hostile_site, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(shipped_site / "index.html", folder / "shipped.html")
    shutil.copy(hostile_site / "index.html", folder / "hostile.html")
    done = w3c_check(folder)
    assert done.returncode == 0, done.stdout + done.stderr
    (folder / "broken.html").write_text((folder / "shipped.html").read_text().replace("<main", '<main id="papers"', 1))
    done = w3c_check(folder)
    assert done.returncode != 0 and "Duplicate attribute" in done.stdout + done.stderr  # the checker does look


def test_the_policy_allows_only_the_site_itself(shipped_site):
    page = (shipped_site / "index.html").read_text(encoding="utf-8")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    rules = dict(rule.strip().split(" ", 1) for rule in policy.split(";"))
    assert rules["default-src"] == "'none'" and rules["script-src"] == "'self'" and rules["base-uri"] == "'none'"
    assert all("http" not in value and "*" not in value for value in rules.values())  # no foreign host
    assert "unsafe-inline" not in rules["script-src"] and "unsafe-inline" not in rules["style-src"]
    assert _unsafe(page) == []


def test_hostile_fields_come_out_inert(hostile_site, visit):
    page_text = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "<script>window" not in page_text and "<img src=x" not in page_text
    assert _unsafe(page_text) == []
    assert sum(1 for tag, _ in _elements(page_text) if tag == "img") == 1  # the plot, and no image from the data
    assert "</script" not in (hostile_site / "assets" / "papers.js").read_text(encoding="utf-8")
    svg = (hostile_site / "assets" / "years.svg").read_text(encoding="utf-8")
    assert "<img" not in svg and "<script" not in svg
    one = visit(hostile_site)
    page = one.open()
    page.hover("li.paper >> nth=0")
    page.mouse.move(5, 5)
    assert page.evaluate("window.PWNED") is None  # nothing ran
    assert page.locator("[onmouseover], [onerror], script:not([src])").count() == 0
    assert page.locator("a[href^='javascript:'], a[href^='data:']").count() == 0
    page.fill("#q", "onmouseover")  # the hostile title is text, found by search and shown as such
    shown = page.locator("li.paper:visible")
    assert shown.count() >= 1 and HOSTILE_TITLE.split('"')[0] in shown.first.inner_text()
    assert page.locator("h3", has_text="<img src=x").count() == 1  # the heading's markup is text
    assert page.evaluate("window.PWNED") is None


def test_the_page_is_titled_by_the_lists_own_heading(tmp_path):
    """As render's HTML page: the title the list gives itself, not one written into the tool."""
    from medsegcite.paths import DataDir
    from medsegcite.site.model import build

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "list.md").write_text("Awesome retina papers\n=====================\n\n## Vessels\n"
                                    "- [A paper](https://doi.org/10.1000/x)\n", encoding="utf-8")
    shutil.copy(DATA / "decisions.toml", folder / "decisions.toml")
    (folder / "references.bib").write_text("", encoding="utf-8")
    assert build(DataDir(str(folder))).title == "Awesome retina papers"
