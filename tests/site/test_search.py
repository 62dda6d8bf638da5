"""The site in real Chromium (medsegcite/site/static/site.js over page.py's page): every paper
listed, typo-tolerant search, filters that combine, a URL that keeps the search, copy and
download of citation files; no request leaves the site (conftest.Visit)."""

from __future__ import annotations

import io
import json
import re
from collections import Counter

import bibtexparser
import pybtex.database

from medsegcite.bib import store
from medsegcite.listing.catalog import load_list

from tests.conftest import DATA


def _papers_js(site) -> dict:
    text = (site / "assets" / "papers.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1 :].rstrip().rstrip(";"))


def _close(query: str, text: str, edits: int = 1) -> bool:
    """Some word of `text` starts with `query` give or take `edits` edits (transpositions count one)."""
    from rapidfuzz.distance import OSA

    words = re.findall(r"[a-z0-9]+", text.lower())
    return any(OSA.distance(query, w[:j]) <= edits for w in words for j in range(len(query) - edits, len(query) + edits + 1))


def _shown(page) -> list[int]:
    """The distinct papers the page shows, in order (a paper listed twice counts once)."""
    indices = page.eval_on_selector_all("li.paper", "els => els.filter(e => e.checkVisibility()).map(e => +e.dataset.i)")
    return list(dict.fromkeys(indices))


def test_every_paper_is_listed(shipped_site, visit):
    page = visit(shipped_site).open()
    catalog = load_list(DATA / "list.md")
    assert len(_shown(page)) == len(catalog.papers) == 98
    assert page.locator("li.paper").count() == len(catalog.items)  # each listing, under each of its categories
    assert page.inner_text("#count") == "98 papers"
    assert page.locator("#search").is_visible()


def test_a_search_narrows_the_list_and_forgives_a_typo(shipped_site, visit):
    data = _papers_js(shipped_site)["papers"]
    expected = {i for i, p in enumerate(data) if "liver" in " ".join(p[:5]).lower()}
    assert 5 < len(expected) < 98
    page = visit(shipped_site).open()
    for query in ("liver", "LIVER"):
        page.fill("#q", query)
        assert set(_shown(page)) == expected, query
        assert page.inner_text("#count") == f"{len(expected)} of 98 papers"
    for query in ("livr", "lievr", "lvier"):  # a letter left out, two letters swapped: the liver papers, and
        page.fill("#q", query)                # any other whose words are as close (rapidfuzz's OSA distance)
        shown = set(_shown(page))
        assert expected <= shown, query
        assert all(_close(query, " ".join(data[i][:5])) for i in shown - expected), query
        assert page.inner_text("#count") == f"{len(shown)} of 98 papers"
    page.fill("#q", "Ronneberger 2021")  # an author beyond what a style prints, and a year: both words must match
    shown = _shown(page)
    assert [data[i][0] for i in shown] == ["nikolov2021clinically"]
    page.fill("#q", "unet")  # "U-Net" typed without its hyphen
    assert all(re.search(r"u-?net", " ".join(data[i][:4]), re.I) for i in _shown(page)) and len(_shown(page)) >= 3
    page.fill("#q", "zzqxv")
    assert _shown(page) == [] and page.inner_text("#count") == "0 of 98 papers"
    assert page.eval_on_selector_all("section.cat", "els => els.filter(e => e.checkVisibility()).length") == 0
    page.fill("#q", "")
    assert len(_shown(page)) == 98


def test_filters_combine_and_the_url_keeps_them(shipped_site, visit):
    entries = store.load(DATA / "references.bib")
    catalog = load_list(DATA / "list.md")
    liver = {p.identity for p in catalog.papers_under(catalog.find("Liver")[0])}
    from medsegcite.bib.sync import entry_identity

    years = Counter(e.fields.get("year") for e in entries if entry_identity(e) in liver)
    year = years.most_common(1)[0][0]
    expected = {e.key for e in entries if entry_identity(e) in liver and e.fields.get("year") == year}
    data = _papers_js(shipped_site)["papers"]
    visit_ = visit(shipped_site)
    page = visit_.open()
    liver_id = page.eval_on_selector_all("#cat option", "os => os.filter(o => /^\\W*Liver \\(/.test(o.textContent)).map(o => o.value)")
    assert len(liver_id) == 1
    page.select_option("#cat", liver_id[0])
    assert len(_shown(page)) == len(liver)
    page.select_option("#year", year)
    assert {data[i][0] for i in _shown(page)} == expected and 0 < len(expected) < len(liver)
    page.select_option("#rec", "doi")
    with_doi = {k for k in expected if next(e for e in entries if e.key == k).fields.get("doi")}
    assert {data[i][0] for i in _shown(page)} == with_doi
    page.fill("#q", "segmentation")
    page.wait_for_function("() => location.search.includes('q=segmentation')")  # (written once typing pauses)
    shared = page.evaluate("location.href")
    assert "cat=" in shared and f"year={year}" in shared and "rec=doi" in shared and "q=segmentation" in shared
    shown = _shown(page)
    page2 = visit_.context.new_page()  # the shared link opens on the same search
    page2.goto(shared)
    assert _shown(page2) == shown and page2.input_value("#q") == "segmentation" and page2.input_value("#rec") == "doi"
    page.click("button[type=reset]")
    page.wait_for_function("() => document.getElementById('count').textContent === '98 papers'")
    page.wait_for_function("() => location.search === ''")
    assert len(_shown(page)) == 98
    page.select_option("#type", "unknown")  # title-only papers: a venue type of their own
    unknown = {e.key for e in entries if e.state in ("unresolved", "review")}
    assert {data[i][0] for i in _shown(page)} == unknown and unknown
    page.select_option("#type", "")
    page.select_option("#rec", "title")
    assert {data[i][0] for i in _shown(page)} == unknown


def test_copied_bibtex_parses_and_compiles(shipped_site, visit, tmp_path):
    from tests.bib.test_latex_compile import _compile_bibtex

    page = visit(shipped_site).open()
    item = page.locator("li.paper").nth(3)
    key = _papers_js(shipped_site)["papers"][int(item.get_attribute("data-i"))][0]
    item.get_by_role("button", name="Copy BibTeX").click()
    page.wait_for_selector("li.paper >> nth=3 >> pre.copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == item.locator("pre.copied").inner_text() + ("\n" if not item.locator("pre.copied").inner_text().endswith("\n") else "")
    library = bibtexparser.parse_string(copied)
    assert [e.key for e in library.entries] == [key] and not library.failed_blocks
    assert list(pybtex.database.parse_string(copied, "bibtex").entries) == [key]
    assert "medsegcite-" not in copied  # bookkeeping never leaves the store
    blg, log, bbl = _compile_bibtex(tmp_path, copied, "IEEEtran")
    assert "error message" not in blg and bbl.count(r"\bibitem") == 1, blg


def test_each_category_bib_downloads(shipped_site, visit, tmp_path):
    catalog = load_list(DATA / "list.md")
    site = visit(shipped_site)
    page = site.open()
    listing = [node for node in catalog.nodes() if catalog.papers_under(node)]  # (an empty placeholder category has none)
    assert page.locator("nav a.bib").count() == len(listing) == 18
    for n, node in enumerate(listing):
        if n % 6 == 5:  # Chromium stops a page's rapid run of downloads now and then: a fresh page
            page = site.open()
        with page.expect_download(timeout=120_000) as info:  # (a machine shared by many jobs)
            page.locator("nav a.bib").nth(n).click()
        path = tmp_path / f"{n}.bib"
        info.value.save_as(path)
        library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
        assert len(library.entries) == len(catalog.papers_under(node)) and not library.failed_blocks, node.path


def test_a_papers_four_files_download(shipped_site, visit, tmp_path):
    import rispy

    page = visit(shipped_site).open()
    item = page.locator("li.paper").first
    saved = {}
    for label in ("BibTeX", "BibLaTeX", "RIS", "CSL-JSON"):
        with page.expect_download() as info:
            item.get_by_role("link", name=label, exact=True).click()
        saved[label] = tmp_path / info.value.suggested_filename
        info.value.save_as(saved[label])
    assert len(bibtexparser.parse_string(saved["BibTeX"].read_text()).entries) == 1
    assert len(bibtexparser.parse_string(saved["BibLaTeX"].read_text()).entries) == 1
    assert len(rispy.load(io.StringIO(saved["RIS"].read_text()))) == 1
    assert len(json.loads(saved["CSL-JSON"].read_text())) == 1


def test_keyboard_only(shipped_site, visit):
    """Tab reaches the skip link first, soon the search box; typing filters; every control has a label."""
    page = visit(shipped_site).open()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    for _ in range(8):  # past the whole list's four downloads and the plot's link
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("kidny")
    assert 0 < len(_shown(page)) < 98
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "cat"
    for control in ("q", "cat", "year", "type", "rec"):
        assert page.locator(f"label[for={control}]").count() == 1
