"""medsegcite/csl/fixes/layout.py: `second-field-align` in text and HTML."""

from __future__ import annotations

from tests.csl.fixes.styles import entries, style

BIB = """<bibliography second-field-align="{align}"><layout suffix=".">
  <text variable="citation-number" prefix="(" suffix=")"/>
  <text variable="title" font-style="italic"/><text variable="publisher" prefix=", "/></layout></bibliography>"""

ITEMS = [{"id": "a", "type": "book", "title": "First", "publisher": "P"}, {"id": "b", "type": "book", "title": "Second"}]


def test_text_separates_the_label_by_a_space(tmp_path):
    assert entries(ITEMS, style(tmp_path, BIB.format(align="margin"))) == ["(1) First, P.", "(2) Second."]


def test_html_puts_label_and_rest_in_citeproc_js_divs(tmp_path):
    assert entries(ITEMS, style(tmp_path, BIB.format(align="flush")), "html") == [
        '<div class="csl-left-margin">(1)</div><div class="csl-right-inline"><i>First</i>, P.</div>',
        '<div class="csl-left-margin">(2)</div><div class="csl-right-inline"><i>Second</i>.</div>',
    ]


def test_without_alignment_nothing_is_wrapped(tmp_path):
    bib = BIB.replace(' second-field-align="{align}"', "")
    assert entries(ITEMS, style(tmp_path, bib), "html") == ["(1)<i>First</i>, P.", "(2)<i>Second</i>."]
