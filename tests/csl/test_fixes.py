"""Fixes not yet in their own tests/csl/fixes/test_<module>.py (layout, items, speed: other owners'
modules), each on a small case citeproc-js renders this way."""

from medsegcite.csl import fixes as csl_fixes

from medsegcite.csl import render


def _one(item: dict, style: str) -> str:
    ((_, text),) = render.bibliography([item], render.find_style(style))
    return text


ARTICLE = {
    "id": "a",
    "type": "article-journal",
    "title": "A modality-adaptive method for segmenting organs-at-risk with DenseNet-like U-net",
    "author": [{"family": "D'Souza", "given": "Mikael"}],
    "container-title": "Medical Image Analysis",
    "issued": {"date-parts": [[2019]]},
    "page": "2595-2605",
}


def test_label_then_space():
    assert _one(ARTICLE, "ieee").startswith("[1] M. D’Souza, ")


def test_label_then_space_keeps_the_spaces_it_joins(tmp_path):
    """citeproc-js's text output is the left margin, a space, then the rest as it is:
    a label "1. " and an author prefixed " " give "1.   D’Souza" (fixes/layout.py)."""
    from tests.csl.fixes import snippets

    layout = '<text variable="citation-number" suffix=". "/><names variable="author" prefix=" "><name/></names><text variable="title" prefix=". "/>'
    style = snippets.style(tmp_path, layout, cls="numeric", bibliography_options='second-field-align="flush"')
    assert snippets.entries([ARTICLE], style) == snippets.citeproc_js([ARTICLE], style) == [
        "1.   Mikael D’Souza. A modality-adaptive method for segmenting organs-at-risk with DenseNet-like U-net"]


def test_typographic_apostrophes():
    fixed = csl_fixes.typographic_apostrophes({"id": "x'y", "title": "D'Souza's", "URL": "http://a/b'c"})
    assert fixed == {"id": "x'y", "title": "D’Souza’s", "URL": "http://a/b'c"}


def test_citation_numbers_follow_the_bibliography():
    items = [dict(ARTICLE, id=f"i{n}", title=f"Title {n}") for n in range(3)]
    assert [text[:3] for _, text in render.bibliography(items, render.find_style("ieee"))] == ["[1]", "[2]", "[3]"]
