"""medsegcite/csl/fixes/items.py: items citeproc-py could not take."""

from __future__ import annotations

from medsegcite.csl.fixes.items import engine_item
from tests.csl.fixes.styles import entries, style

BIB = """<bibliography><layout suffix=".">
  <choose><if type="book"><text variable="title" font-style="italic"/></if>
  <else><text variable="title"/></else></choose>
  <text variable="publisher" prefix=", "/></layout></bibliography>"""


def test_numeric_ids_render(tmp_path):
    items = [{"id": 7, "type": "book", "title": "Seven"}, {"id": 12, "type": "report", "title": "Twelve"}]
    assert entries(items, style(tmp_path, BIB)) == ["Seven.", "Twelve."]


def test_an_item_without_a_type_renders_and_matches_no_type(tmp_path):
    items = [{"id": "a", "title": "Untyped", "publisher": "Press"}, {"id": "b", "type": "book", "title": "Typed"}]
    assert entries(items, style(tmp_path, BIB), "html") == ["Untyped, Press.", "<i>Typed</i>."]


def test_engine_item_changes_nothing_else_and_not_the_callers_item():
    item = {"id": 3, "title": "T", "author": [{"family": "F"}]}
    fixed = engine_item(item)
    assert fixed == {"id": "3", "type": "", "title": "T", "author": [{"family": "F"}]}
    assert item == {"id": 3, "title": "T", "author": [{"family": "F"}]}
    assert engine_item({"id": "x", "type": "book"}) == {"id": "x", "type": "book"}
