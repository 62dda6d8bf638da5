"""Sort keys as citeproc-js builds and compares them (medsegcite/csl/fixes/sorting.py)."""

from medsegcite.csl import render

ARTICLE = {
    "id": "a",
    "type": "article-journal",
    "title": "A modality-adaptive method for segmenting organs-at-risk with DenseNet-like U-net",
    "author": [{"family": "D'Souza", "given": "Mikael"}],
    "container-title": "Medical Image Analysis",
    "issued": {"date-parts": [[2019]]},
    "page": "2595-2605",
}


def test_sort_keys_collated():
    items = [dict(ARTICLE, id="gao", author=[{"family": "Gao", "given": "Y"}]), dict(ARTICLE, id="gaal", author=[{"family": "Gaál", "given": "G"}])]
    assert [key for key, _ in render.bibliography(items, render.find_style("apa"))] == ["gaal", "gao"]
