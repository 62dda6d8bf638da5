"""Page ranges by CSL's rules (medsegcite/csl/fixes/page_ranges.py)."""

from medsegcite.csl import render

from tests.csl.fixes import snippets

ARTICLE = snippets.ARTICLE


def _one(item: dict, style: str) -> str:
    ((_, text),) = render.bibliography([item], render.find_style(style))
    return text


def test_page_ranges_as_specified():
    assert "2595–605" in _one(ARTICLE, "chicago-author-date")  # chicago-16
    short = dict(ARTICLE, page="1-17")
    assert "pp. 1–17" in _one(short, "ieee")


def test_lettered_pages_as_citeproc_js(tmp_path):
    """A repeated prefix goes after the delimiter under any page-range-format ("S1–12"),
    chicago reads numbers as parseInt does ("123a–29"), other prefixes stay ("S1-T4"), a short last page takes the first one's digits ("A12-A9": "A12–19")."""
    from tests.csl.fixes import snippets

    pages = ["S1-S12", "123a-129b", "e1234-e1240", "S1-T4", "10a-b", "1-10, S3-S9", "A12-A9"]
    items = [{"id": f"i{n}", "type": "article-journal", "title": "T", "page": p} for n, p in enumerate(pages)]
    expected = {
        "chicago": ["S1–12", "123a–29", "e1234–40", "S1-T4", "10a-b", "1–10, S3–9", "A12–19"],
        "minimal": ["S1–12", "123a–9b", "e1234–40", "S1-T4", "10a-b", "1–10, S3–9", "A12–9"],
        "expanded": ["S1–S12", "123a–129b", "e1234–e1240", "S1-T4", "10a-b", "1–10, S3–S9", "A12–A19"],
    }
    for range_format, texts in expected.items():
        chosen = snippets.style(tmp_path / range_format, '<text variable="page"/>', options=f'page-range-format="{range_format}"')
        assert snippets.entries(items, chosen) == texts
        assert snippets.citeproc_js(items, chosen) == texts
