"""Speed fixes change no output (medsegcite/csl/fixes/speed.py)."""

from medsegcite.csl import render

from tests.csl.fixes.snippets import ARTICLE


def test_citation_numbers_follow_the_bibliography():
    items = [dict(ARTICLE, id=f"i{n}", title=f"Title {n}") for n in range(3)]
    assert [text[:3] for _, text in render.bibliography(items, render.find_style("ieee"))] == ["[1]", "[2]", "[3]"]
