"""`citation-label` made as citeproc-js makes it (medsegcite/csl/fixes/citation_label.py)."""

from tests.csl.fixes import snippets

NAMES = [{"family": "Gao", "given": "Y"}, {"family": "van Ginneken", "given": "B"}, {"family": "Išgum", "given": "I"},
         {"family": "Roe", "given": "A"}, {"family": "Doe", "given": "B"}]


def test_citation_label_made_when_missing(tmp_path):
    """One name: four letters; two: two each; three: 2, 1, 1; more: one each; then the
    year's last two digits, "00" without one; without names, the title's letters."""
    items = [{"id": str(n), "type": "article-journal", "title": f"Paper {n}", "author": NAMES[:n], "issued": {"date-parts": [[2019]]}}
             for n in range(1, 6)]
    items.append({"id": "t", "type": "article", "title": "The U-net of the heart"})
    items.append({"id": "own", "type": "article", "title": "X", "citation-label": "Mine"})
    style = snippets.style(tmp_path, '<text variable="citation-label" prefix="[" suffix="] "/><text variable="title"/>')
    expected = ["[Gao19] Paper 1", "[GaGi19] Paper 2", "[GaGI19] Paper 3", "[GGIR19] Paper 4", "[GGIR19] Paper 5",
                "[Theu00] The U-net of the heart", "[Mine] X"]
    assert snippets.entries(items, style) == snippets.citeproc_js(items, style) == expected


def test_a_made_label_counts_as_a_rendered_variable(tmp_path):
    style = snippets.style(tmp_path, '<group prefix="(" suffix=")"><text variable="citation-label"/></group>')
    item = {"id": "a", "type": "article", "title": "T", "author": NAMES[:1]}
    assert snippets.entries([item], style) == snippets.citeproc_js([item], style) == ["(Gao00)"]


def test_citation_label_sorts_and_takes_the_year_suffix(tmp_path):
    """`<key variable="citation-label"/>` sorts by the made label, and the year suffix of two
    items with the same label goes on the label, not after the year (citeproc-js)."""
    roe = [{"family": "Roe", "given": "J"}, {"family": "Noakes", "given": "R"}]
    items = [{"id": "r1", "type": "book", "title": "A", "author": roe, "issued": {"date-parts": [[1978]]}},
             {"id": "d", "type": "book", "title": "B", "author": [{"family": "Doe", "given": "J"}], "issued": {"date-parts": [[1965]]}},
             {"id": "r2", "type": "book", "title": "A", "author": roe, "issued": {"date-parts": [[1978]]}}]
    style = snippets.style(tmp_path, '<text variable="citation-label" prefix="[" suffix="] "/><text variable="title"/>'
                                     '<date variable="issued" prefix=", "><date-part name="year"/></date>',
                           sort='<sort><key variable="citation-label"/></sort>', citation_options='disambiguate-add-year-suffix="true"')
    assert snippets.entries(items, style) == ["[Doe65] B, 1965", "[RoNo78a] A, 1978", "[RoNo78b] A, 1978"]


def test_the_label_of_a_range_or_a_literal_date(tmp_path):
    """A ranged date gives its start year, a literal date ("in press") none, as citeproc-js
    reads `issued.year` (a range made the style fail; the sort key too)."""
    items = [{"id": "r", "type": "article", "title": "R", "author": NAMES[3:4], "issued": {"date-parts": [[2010], [2011]]}},
             {"id": "d", "type": "article", "title": "D", "author": NAMES[:1], "issued": {"date-parts": [[2021, 10, 11], [2021, 10, 17]]}},
             {"id": "p", "type": "article", "title": "P", "author": NAMES[4:5], "issued": {"literal": "in press"}}]
    style = snippets.style(tmp_path, '<text variable="citation-label" prefix="[" suffix="] "/><text variable="title"/>',
                           sort='<sort><key variable="citation-label"/></sort>')
    expected = ["[Doe00] P", "[Gao21] D", "[Roe10] R"]
    assert snippets.entries(items, style) == snippets.citeproc_js(items, style) == expected
