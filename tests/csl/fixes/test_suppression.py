"""What suppresses output (medsegcite/csl/fixes/suppression.py): groups, macros and
substitutes, as citeproc-js does it."""


from medsegcite.csl import render

from tests.csl.fixes import snippets


def _one(item: dict, style: str) -> str:
    ((_, text),) = render.bibliography([item], render.find_style(style))
    return text


def test_group_needs_a_rendered_variable():
    preprint = {"id": "p", "type": "article", "title": "A preprint"}
    assert _one(preprint, "nature") == "1. A preprint."  # no "Preprint at." with nothing after it


def test_substitute_suppresses_its_variables():
    anonymous = {"id": "n", "type": "article-journal", "title": "No author here", "container-title": "J", "volume": "4", "issued": {"date-parts": [[2018]]}}
    text = _one(anonymous, "apa")
    assert text.count("No author here") == 1 and "4" in text


MACROS = """
  <macro name="translator"><text term="translator" form="verb" suffix=" "/><names variable="translator"><name/></names></macro>
  <macro name="pages"><label variable="page" form="short" suffix=" "/><text variable="page"/></macro>
  <macro name="edition"><text variable="edition"/><text term="edition" form="short" prefix=" "/></macro>
  <macro name="nested"><group delimiter=" "><text term="in"/><text variable="container-title"/></group></macro>
  <macro name="only-terms"><text term="no date" form="short"/></macro>
  <macro name="chosen"><choose><if variable="issued"><date variable="issued"><date-part name="year"/></date></if>
    <else><text term="no date"/></else></choose></macro>
"""
LAYOUT = """<group delimiter=", "><text variable="title"/><text macro="translator"/><text macro="pages"/>
  <text macro="edition"/><text macro="nested"/><text macro="only-terms"/><text macro="chosen"/></group>"""


def test_a_macro_is_suppressed_like_a_group(tmp_path):
    """citeproc-js expands a macro as a group: when it calls variables and none renders,
    its terms and affixes go too ("translated by , p. , ed." for nothing); a macro of
    terms only, or a branch of cs:choose that calls no variable, still prints."""
    style = snippets.style(tmp_path, LAYOUT, macros=MACROS)
    bare = {"id": "b", "type": "book", "title": "Bare"}
    full = {"id": "f", "type": "chapter", "title": "Full", "translator": [{"family": "Roe", "given": "Ann"}], "page": "3-9",
            "edition": "2", "container-title": "Book", "issued": {"date-parts": [[2020]]}}
    expected = ["Bare, n.d., no date", "Full, translated by Ann Roe, pp. 3–9, 2 ed., in Book, n.d., 2020"]
    assert snippets.entries([bare, full], style) == snippets.citeproc_js([bare, full], style) == expected


def test_a_dropped_group_hands_its_parent_its_own_attempt(tmp_path):
    """citeproc-js overwrites a group's "a variable printed nothing" flag with that of a
    child group (or macro) it drops: an empty editor, then a macro that tries no variable,
    leave "In" standing (alcohol-and-alcoholism's "In, Journal"); the macro alone, with the
    editor after it, or a macro that tries a variable, do not."""
    macros = """<macro name="contributors"><names variable="editor"/><text macro="anonymous"/></macro>
      <macro name="anonymous"><choose><if variable="author" match="none"><text value="Anon"/></if></choose></macro>
      <macro name="editors"><names variable="editor"/></macro>"""
    item = dict(snippets.ARTICLE, editor=[])
    for inner, expected in [('<text macro="contributors"/>', "In, Medical Image Analysis"),
                            ('<text macro="anonymous"/><names variable="editor"/>', "Medical Image Analysis"),
                            ('<text macro="editors"/>', "Medical Image Analysis")]:
        layout = f'<group delimiter=", "><group delimiter=" "><text term="in" text-case="capitalize-first"/>{inner}</group><text variable="container-title"/></group>'
        chosen = snippets.style(tmp_path / str(abs(hash(inner))), layout, macros=macros)
        assert snippets.entries([item], chosen) == snippets.citeproc_js([item], chosen) == [expected], inner


def test_a_printed_year_suffix_keeps_its_group(tmp_path):
    """A year suffix counts as a rendered variable for its group, as in citeproc-js: an item
    with no date prints its "a" (folia-malacologica's "Title a."), beside a missing volume too."""
    style = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>t</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation disambiguate-add-year-suffix="true"><layout><group delimiter=" "><names variable="author"/>
    <date variable="issued"><date-part name="year"/></date><text variable="year-suffix"/></group></layout></citation>
  <bibliography><layout><group delimiter=" "><text variable="title"/>
    <group><date variable="issued"><date-part name="year"/></date><text variable="year-suffix"/></group>
    <group prefix="[" suffix="]"><text variable="volume"/><text variable="year-suffix"/></group></group></layout></bibliography>
</style>"""
    path = tmp_path / "suffixed.csl"
    path.write_text(style, encoding="utf-8")
    chosen = render.Style("suffixed", str(path))
    items = [{"id": "a", "type": "article", "title": "A"}, {"id": "b", "type": "article", "title": "B", "volume": "3"},
             {"id": "c", "type": "article", "title": "C", "issued": {"date-parts": [[2000]]}},
             {"id": "d", "type": "article", "title": "D", "issued": {"date-parts": [[2000]]}}]
    expected = ["A a [a]", "B b [3b]", "C 2000a [a]", "D 2000b [b]"]
    assert snippets.entries(items, chosen) == snippets.citeproc_js(items, chosen) == expected


def test_a_number_printed_by_the_substitute_is_not_printed_again(tmp_path):
    """A `cs:number` the substitute printed (APA's edition beside the title of a book with no
    author) is suppressed later, its group with it, as any substituted variable."""
    macros = ('<macro name="t"><text variable="title"/><group prefix=" (" suffix=")"><number variable="edition" form="ordinal"/>'
              '<text term="edition" form="short" prefix=" "/></group></macro>'
              '<macro name="ed"><group prefix=" (" suffix=")"><number variable="edition" form="ordinal"/><label variable="edition" form="short" prefix=" "/></group></macro>')
    layout = ('<names variable="author"><name/><substitute><text macro="t"/></substitute></names>'
              '<text macro="ed"/><text variable="publisher" prefix=". "/><number variable="volume" prefix=" v"/>')
    chosen = snippets.style(tmp_path, layout, macros=macros)
    items = [{"id": "x", "type": "book", "title": "T", "edition": "2", "publisher": "P", "volume": "3"},
             {"id": "y", "type": "book", "title": "U", "author": [{"family": "Doe", "given": "J"}], "edition": "3", "publisher": "Q"}]
    expected = ["T (2nd ed.). P v3", "J Doe (3rd ed.). Q"]
    assert snippets.entries(items, chosen) == snippets.citeproc_js(items, chosen) == expected


def test_a_choose_in_a_substitute_offers_its_branchs_children_one_by_one(tmp_path):
    """The children of the branch a `cs:choose` in a `cs:substitute` takes are alternatives,
    as the substitute's own children: the first that prints wins (the editors, not
    "(eds)Anon"); a group counts as one."""
    layout = ('<group delimiter=" "><names variable="author"><name/><label prefix=" (" suffix=")" form="short"/><substitute><choose>'
              '<if type="webpage"><group delimiter=": "><text value="Online"/><text variable="URL"/></group><text variable="title"/></if>'
              '<else><names variable="editor"/><names variable="director"/><text value="Anon"/></else></choose></substitute></names>'
              '<text variable="title" font-style="italic"/></group>')
    chosen = snippets.style(tmp_path, layout)
    items = [{"id": "e", "type": "book", "title": "E", "editor": [{"family": "Roe", "given": "A"}, {"family": "Poe", "given": "B"}]},
             {"id": "d", "type": "motion_picture", "title": "D", "director": [{"family": "Kline", "given": "R"}]},
             {"id": "n", "type": "book", "title": "N"},
             {"id": "w", "type": "webpage", "title": "W", "URL": "https://example.org"}]
    expected = ["A Roe, B Poe (eds.) E", "R Kline (dir.) D", "Anon N", "Online: https://example.org W"]
    assert snippets.entries(items, chosen) == snippets.citeproc_js(items, chosen) == expected
