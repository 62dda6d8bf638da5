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
