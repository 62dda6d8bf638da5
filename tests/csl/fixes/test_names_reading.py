"""Names as citeproc-js reads them in (medsegcite/csl/fixes/names_reading.py)."""

import pytest

from tests.csl.fixes import snippets


PARSED = [  # family, given -> as citeproc-js prints them (name-as-sort-order="all"; then in full)
    ({"family": "von Hoppel", "given": "Gustav"}, "Hoppel, Gustav von", "Gustav von Hoppel"),
    ({"family": "al-One", "given": "Alan"}, "One, Alan al-", "Alan al-One"),
    ({"family": '"van Happel"', "given": "Eduard"}, "van Happel, Eduard", "Eduard van Happel"),
    ({"family": "Van Dyke", "given": "Dick"}, "Van Dyke, Dick", "Dick Van Dyke"),
    ({"family": "Doe", "given": "John, Jr."}, "Doe, John, Jr.", "John Doe Jr."),
    ({"family": "Roe", "given": "Ann de la"}, "Roe, Ann de la", "Ann de la Roe"),
]


@pytest.mark.parametrize("order", ["all", "none"])
def test_names_read_as_citeproc_js(tmp_path, order):
    """Lowercase words leading a family name are its particle, lowercase words ending a given
    name its dropping particle, ", Jr." its suffix; a family name in quotes stays whole."""
    name = '<name name-as-sort-order="all" delimiter="; "/>' if order == "all" else '<name delimiter="; "/>'
    style = snippets.style(tmp_path, f'<names variable="author">{name}</names>')
    item = {"id": "a", "type": "book", "title": "T", "author": [dict(n) for n, _, _ in PARSED]}
    expected = "; ".join(inverted if order == "all" else plain for _, inverted, plain in PARSED)
    assert snippets.entries([item], style) == snippets.citeproc_js([item], style) == [expected]
