"""Sort keys as citeproc-js builds and compares them (medsegcite/csl/fixes/sorting.py)."""

from medsegcite.csl import render

from tests.csl.fixes import snippets

ARTICLE = snippets.ARTICLE


def test_sort_keys_collated():
    items = [dict(ARTICLE, id="gao", author=[{"family": "Gao", "given": "Y"}]), dict(ARTICLE, id="gaal", author=[{"family": "Gaál", "given": "G"}])]
    assert [key for key, _ in render.bibliography(items, render.find_style("apa"))] == ["gaal", "gao"]
