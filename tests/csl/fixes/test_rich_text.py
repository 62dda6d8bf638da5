"""medsegcite/csl/fixes/rich_text.py: markup inside item values, as citeproc-js reads it."""

from __future__ import annotations

from medsegcite.csl.fixes.rich_text import marked, restore
from tests.csl.fixes.styles import entries, style

BIB = """<bibliography><layout suffix=".">
  <text variable="title" text-case="title"/>
  <text variable="container-title" prefix=", " font-style="italic"/></layout></bibliography>"""

ITEM = {
    "id": "x",
    "type": "article-journal",
    "title": "growth of <i>Escherichia coli</i> in H<sub>2</sub>O at 10<sup>5</sup> cells",
    "container-title": "Reviews of <i>Bacteria</i>",
}


def test_markup_kept_in_html_and_dropped_in_text(tmp_path):
    chosen = style(tmp_path, BIB)
    (html,) = entries([ITEM], chosen, "html")
    assert html == (
        "Growth of <i>Escherichia Coli</i> in H<sub>2</sub>O at 10<sup>5</sup> Cells, "
        '<i>Reviews of <span style="font-style:normal;">Bacteria</span></i>.'
    )
    (text,) = entries([ITEM], chosen, "text")
    assert text == "Growth of Escherichia Coli in H2O at 105 Cells, Reviews of Bacteria."


def test_small_caps_and_nocase_are_not_case_changed(tmp_path):
    item = {"id": "y", "type": "book", "title": 'the <span style="font-variant: small-caps;">unesco</span> report on <span class="nocase">mRNA</span> vaccines'}
    (html,) = entries([item], style(tmp_path, BIB), "html")
    assert html == 'The <span style="font-variant:small-caps;">unesco</span> Report on mRNA Vaccines.'


def test_other_or_unbalanced_tags_stay_text_and_are_escaped(tmp_path):
    item = {"id": "z", "type": "book", "title": "a <script>x</script> and <i>open and </b> close"}
    (html,) = entries([item], style(tmp_path, BIB), "html")
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "&lt;i&gt;" in html and "&lt;/b&gt;" in html and "<i>" not in html


def test_private_use_characters_in_the_data_never_become_markup():
    assert marked("a\ue000b\ue001") == "ab"
    assert restore(marked("x <b>y</b>"), html=True) == "x <b>y</b>"
    assert restore(marked("x <b>y</b>"), html=False) == "x y"


def test_nested_tags_and_spans_pair_correctly():
    value = '<span class="nocase"><i>iPhone</i></span> and <sc>NASA</sc></span>'
    assert restore(marked(value), html=True) == '<i>iPhone</i> and <span style="font-variant:small-caps;">NASA</span></span>'


QUOTED = """<bibliography><layout suffix="."><text variable="title" quotes="true"/>
  <text variable="container-title" prefix=", "/></layout></bibliography>"""


def test_quotes_in_the_data_print_as_the_locales_quotes_of_their_level(tmp_path):
    item = {
        "id": "q",
        "type": "article-journal",
        "title": "Why 'small' data matter",
        "container-title": 'The "open" journal, Ann\'s choice',
    }
    (text,) = entries([item], style(tmp_path, QUOTED))
    # inside the style's quotes the data's quotes are inner ones; outside, outer ones;
    # an apostrophe stays an apostrophe
    assert text == "“Why ‘small’ data matter,” The “open” journal, Ann’s choice."


def test_unpaired_quotes_stay_as_they_are():
    assert restore(marked('5\' 7" tall'), html=False) == '5\' 7" tall'
    assert restore(marked('say "a \'b\' c"'), html=False) == "say “a ‘b’ c”"


def test_a_quote_opens_right_after_another_quotes_opening_mark(tmp_path):
    """`'"a"'`: both pairs are quotes, as citeproc-js reads them (bugreports_NoCaseEscape)."""
    from tests.csl.fixes import snippets

    titles = ["'\"PIAAC (L) 2015\"'", "\"'PIAAC 2015'\"", "A '\"B\"' c", "say \"'a' b\""]
    items = [{"id": f"t{n}", "type": "book", "title": title} for n, title in enumerate(titles)]
    chosen = style(tmp_path, '<bibliography><layout><text variable="title" quotes="true" suffix="."/></layout></bibliography>')
    ours = entries(items, chosen)
    assert ours == snippets.citeproc_js(items, chosen)
    assert ours[0] == "“‘“PIAAC (L) 2015.”’”"


def test_nodecor_and_italics_inside_italics_undo_the_surrounding_formatting(tmp_path):
    bib = """<bibliography><layout><text variable="title" font-style="italic" suffix=". "/>
      <text variable="container-title" font-variant="small-caps"/></layout></bibliography>"""
    item = {
        "id": "n",
        "type": "legal_case",
        "title": 'Roe <span class="nodecor">v.</span> Wade on <i>habeas</i>',
        "container-title": 'Court <span class="nodecor">of</span> Appeals',
    }
    (html,) = entries([item], style(tmp_path, bib), "html")
    assert html == (
        '<i>Roe <span style="font-style:normal;">v.</span> Wade on <span style="font-style:normal;">habeas</span></i>. '
        '<span style="font-variant:small-caps;">Court <span style="font-variant:normal;">of</span> Appeals</span>'
    )
    (text,) = entries([item], style(tmp_path, bib))
    assert text == "Roe v. Wade on habeas. Court of Appeals"


def test_punctuation_goes_inside_the_datas_quotes_where_the_locale_says_so(tmp_path):
    bib = """<bibliography><layout><group delimiter=", "><text variable="title" quotes="true"/>
      <text variable="container-title" suffix="."/></group></layout></bibliography>"""
    item = {"id": "p", "type": "article-journal", "title": "This is 'The One'", "container-title": 'On "quotes"'}
    # en-US has punctuation-in-quote
    assert entries([item], style(tmp_path, bib)) == ["“This is ‘The One,’” On “quotes.”"]  # as citeproc-js
