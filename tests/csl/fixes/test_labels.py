"""Labels of the count variables (medsegcite/csl/fixes/labels.py)."""

from tests.csl.fixes import snippets


def test_count_labels_printed(tmp_path):
    """number-of-pages / number-of-volumes labels print, plural above one or for a list."""
    layout = ('<group delimiter=" | "><group><text variable="number-of-pages"/><label variable="number-of-pages" form="short" prefix=" "/></group>'
              '<group><text variable="number-of-volumes"/><label variable="number-of-volumes" form="short" prefix=" "/></group>'
              '<group><label variable="number-of-volumes" suffix=" "/><text variable="number-of-volumes"/></group></group>')
    style = snippets.style(tmp_path, layout)
    items = [{"id": "a", "type": "book", "title": "T", "number-of-pages": "100", "number-of-volumes": "5"},
             {"id": "b", "type": "book", "title": "T", "number-of-pages": "1", "number-of-volumes": "1"},
             {"id": "c", "type": "book", "title": "T", "number-of-pages": "xii, 200"}]
    ours = [snippets.entries([i], style)[0] for i in items]
    assert ours == [snippets.citeproc_js([i], style)[0] for i in items] == [
        "100 pp. | 5 vols. | volumes 5", "1 p. | 1 vol. | volume 1", "xii, 200 pp."]
