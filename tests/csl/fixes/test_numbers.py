"""medsegcite/csl/fixes/numbers.py: number ranges printed as text (expected values are
citeproc-js's output for the same style and items)."""

from __future__ import annotations

from tests.csl.fixes.styles import entries, style

BIB = """<bibliography><layout><group delimiter=" | "><text variable="issue"/><text variable="number"/>
  <text variable="edition"/><text variable="collection-number"/><text variable="title"/></group></layout></bibliography>"""


def test_a_range_between_numbers_takes_an_en_dash(tmp_path):
    items = [
        {"id": "a", "type": "article-journal", "issue": "3-4", "number": "5-6", "edition": "2-3", "collection-number": "7 - 8", "title": "1-2"},
        {"id": "b", "type": "article-journal", "issue": "3-4a", "number": "A-5", "title": "x"},
    ]
    # not in a title; not between a letter and a number
    assert entries(items, style(tmp_path, BIB)) == ["3–4 | 5–6 | 2–3 | 7–8 | 1-2", "3–4a | A-5 | x"]
