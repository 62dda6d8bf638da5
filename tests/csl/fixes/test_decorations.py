"""medsegcite/csl/fixes/decorations.py: formatting that undoes formatting, in HTML
(each expected value is citeproc-js's output for the same style and item)."""

from __future__ import annotations

from tests.csl.fixes.styles import entries, style

ITEM = {"id": "t", "type": "book", "title": "T", "publisher": "P"}


def test_baseline_and_no_decoration_are_always_spans(tmp_path):
    bib = """<bibliography><layout><text variable="title" font-style="normal" vertical-align="baseline" font-weight="normal"/>
      <text variable="publisher" prefix=" " font-variant="normal" text-decoration="none"/></layout></bibliography>"""
    assert entries([ITEM], style(tmp_path, bib), "html") == ['<span style="baseline">T</span> <span style="text-decoration:none;">P</span>']
    assert entries([ITEM], style(tmp_path, bib), "text") == ["T P"]


def test_normal_only_inside_what_it_undoes(tmp_path):
    bib = """<bibliography><layout font-style="italic" vertical-align="sup">
      <text variable="title" font-style="normal" vertical-align="baseline"/><text variable="publisher" prefix=" "/></layout></bibliography>"""
    assert entries([ITEM], style(tmp_path, bib), "html") == [
        '<sup><i><span style="baseline"><span style="font-style:normal;">T</span></span> P</i></sup>'
    ]
