"""medsegcite/csl/fixes/display.py: the `display` attribute, as citeproc-js prints it."""

from __future__ import annotations

from tests.csl.fixes.styles import entries, style

BIB = """<bibliography><layout>
  <group display="block"><names variable="author"><name/></names></group>
  <text variable="title" display="left-margin" suffix="."/>
  <group display="right-inline" delimiter=", "><text variable="publisher"/><date variable="issued"><date-part name="year"/></date></group>
  <text variable="abstract" display="indent" prefix="Abstract: "/>
  <text variable="note" display="block"/></layout></bibliography>"""

ITEM = {
    "id": "a",
    "type": "book",
    "author": [{"family": "Ng", "given": "Ada"}],
    "title": "Signals & Noise",
    "publisher": "Press",
    "issued": {"date-parts": [[2001]]},
    "abstract": "Short.",
}


def test_html_wraps_each_display_in_its_div(tmp_path):
    (html,) = entries([ITEM], style(tmp_path, BIB), "html")
    assert html == (
        '<div class="csl-block">Ada Ng</div><div class="csl-left-margin">Signals &amp; Noise.</div>'
        '<div class="csl-right-inline">Press, 2001</div><div class="csl-indent">Abstract: Short.</div>'
    )


def test_text_is_citeproc_js_text(tmp_path):
    """citeproc-js's text format starts a block and an indent on a new line (an indent
    indented by four spaces) and puts a space after a left margin."""
    (text,) = entries([ITEM], style(tmp_path, BIB), "text")
    assert text == "Ada NgSignals & Noise. Press, 2001\n    Abstract: Short."


def test_an_element_that_prints_nothing_gets_no_wrapper(tmp_path):
    item = {"id": "b", "type": "book", "title": "Alone"}
    assert entries([item], style(tmp_path, BIB), "html") == ['<div class="csl-left-margin">Alone.</div>']


def test_the_layout_suffix_goes_inside_a_closing_wrapper(tmp_path):
    bib = """<bibliography><layout suffix="."><text variable="title" display="block"/>
      <text variable="publisher" display="indent"/></layout></bibliography>"""
    items = [{"id": "a", "type": "book", "title": "T", "publisher": "P"}]
    assert entries(items, style(tmp_path, bib), "html") == ['<div class="csl-block">T</div><div class="csl-indent">P.</div>']


def test_printed_display_only_on_the_layouts_own_elements(tmp_path):
    """A `display` inside a group or macro is ignored, one inside a top-level choose is
    not, as citeproc-js does (zootaxa's DOI block inside a block)."""
    from tests.csl.fixes import snippets

    layout = """<group delimiter=". "><text variable="title" display="block"/><text variable="publisher" display="indent"/></group>
      <choose><if type="book"><text variable="note" display="block" prefix=" "/></if></choose>"""
    chosen = snippets.style(tmp_path, layout)
    item = dict(ITEM, note="Note")
    assert snippets.entries([item], chosen) == snippets.citeproc_js([item], chosen) == ["Signals & Noise. Press\n Note"]
    assert entries([item], chosen, "html") == ['Signals &amp; Noise. Press<div class="csl-block"> Note</div>']


def test_text_keeps_the_spaces_before_a_new_line(tmp_path):
    """A suffix's space or tab before a block or an indent stays, as in citeproc-js's text."""
    from tests.csl.fixes import snippets

    layout = """<group display="block" suffix="&#9;"><text variable="title"/></group>
      <text variable="publisher" display="block" suffix=", "/><text variable="abstract" display="indent"/>"""
    chosen = snippets.style(tmp_path, layout)
    assert snippets.entries([ITEM], chosen) == snippets.citeproc_js([ITEM], chosen) == ["Signals & Noise\t\nPress, \n    Short."]


def test_seams_see_through_display_marks(tmp_path):
    """A left margin ending in a space and an indent starting with one print one space
    between them, plus the margin's own, as citeproc-js does (bioarchaeology-international)."""
    from tests.csl.fixes import snippets

    layout = """<group display="left-margin"><names variable="author" suffix=". "><name/></names></group>
      <group display="indent"><text variable="title" prefix=" " suffix=". "/><text variable="publisher"/></group>"""
    chosen = snippets.style(tmp_path, layout)
    assert snippets.entries([ITEM], chosen) == snippets.citeproc_js([ITEM], chosen) == ["Ada Ng.  \n    Signals & Noise. Press"]
    assert entries([ITEM], chosen, "html") == [
        '<div class="csl-left-margin">Ada Ng. </div><div class="csl-indent">Signals &amp; Noise. Press</div>']
