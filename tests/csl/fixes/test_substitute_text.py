"""A cs:names whose substitute prints a text (medsegcite/csl/fixes/substitute_text.py)."""

import pytest

from tests.csl.fixes import snippets

ITEMS = [
    {"id": "a", "type": "book", "title": "Untitled", "issued": {"date-parts": [[2001]]}},
    {"id": "b", "type": "book", "title": "Edited", "editor": [{"family": "Ed"}], "issued": {"date-parts": [[2002]]}},
    {"id": "c", "type": "book", "title": "Written", "author": [{"family": "Au"}], "issued": {"date-parts": [[2003]]}},
]


def test_names_affixes_not_around_substituted_text(tmp_path):
    """The affixes and formatting of cs:names go around names, substituted names too, but
    not around a term, variable or macro a substitute prints in their place (citeproc-js)."""
    layout = """<group delimiter=" / "><names variable="author" prefix="[" suffix=". " font-style="italic"><name/>
      <substitute><names variable="editor"/><text macro="anon"/></substitute></names>
      <names variable="author" suffix="!"><name/><substitute><text variable="title"/></substitute></names>
      <date variable="issued"><date-part name="year"/></date></group>"""
    macros = '<macro name="anon"><text term="anonymous" form="short"/></macro>'
    style = snippets.style(tmp_path, layout, macros=macros, sort='<sort><key variable="issued"/></sort>')
    ours = snippets.entries(ITEMS, style)
    assert ours == snippets.citeproc_js(ITEMS, style)
    assert ours == ["Anon. / Untitled / 2001", "[Ed. / Edited / 2002", "[Au. / Au! / 2003"]
    from medsegcite.csl import render

    html = [text for _key, text in render.bibliography(ITEMS, style, "html")]
    assert html[0] == "Anon. / Untitled / 2001" and html[1].startswith("[<i>Ed</i>. / ")


SUBSTITUTES = [  # what stands for the names: a term, a variable, a macro (bare), or other names (with the affixes)
    ('<text term="anonymous" form="short"/>', {}),
    ('<text variable="title"/>', {}),
    ('<text macro="title"/>', {}),
    ('<names variable="editor"/><text variable="title"/>', {"editor": [{"family": "Ed", "given": "A"}]}),
]


@pytest.mark.parametrize("substitute, extra", SUBSTITUTES)
@pytest.mark.parametrize("names_attributes", ['suffix=","', 'prefix="(" suffix=")" font-style="italic"'])
def test_substituted_text_without_the_names_affixes(tmp_path, substitute, extra, names_attributes):
    item = dict({"id": "a", "type": "book", "title": "Imaging 2017", "publisher": "Springer"}, **extra)
    layout = (f'<group delimiter=" "><names variable="author" {names_attributes}><name/><substitute>{substitute}'
              '</substitute></names><text variable="publisher"/></group>')
    style = snippets.style(tmp_path, layout, macros='<macro name="title"><text variable="title" suffix="."/></macro>')
    assert snippets.entries([item], style) == snippets.citeproc_js([item], style)


NO_VARIABLE_SUBSTITUTES = [  # what stands for missing names: a term, a fixed text, a macro, a variable
    '<text term="anonymous" text-case="capitalize-first"/>',
    '<text value="No authors listed"/>',
    '<choose><if variable="editor"><names variable="editor"/></if><else><text term="anonymous"/></else></choose>',
    '<text macro="anon"/>',
    '<text variable="title"/>',
]


@pytest.mark.parametrize("substitute", NO_VARIABLE_SUBSTITUTES)
def test_substituted_term_is_no_rendered_variable(tmp_path, substitute):
    """A macro or group whose only variable is missing names, printed by a substitute as a
    term or fixed text, is suppressed; next to a variable that printed it stays (citeproc-js)."""
    macros = f"""<macro name="anon"><text term="anonymous" form="short"/></macro>
      <macro name="author"><names variable="author"><name/><substitute>{substitute}</substitute></names></macro>"""
    layout = """<group delimiter=", " suffix=". "><text macro="author"/><date variable="issued"><date-part name="year"/></date></group>
      <group delimiter=" " prefix="[" suffix="] "><names variable="author"><name/><substitute>{0}</substitute></names></group>
      <group delimiter=" " prefix="(" suffix=")"><names variable="author"><name/><substitute>{0}</substitute></names>
      <text variable="publisher"/></group>""".format(substitute)
    style = snippets.style(tmp_path, layout, macros=macros)
    items = ITEMS + [dict(ITEMS[0], id="d", publisher="Springer")]
    ours = [text.strip() for text in snippets.entries(items, style)]
    assert ours == snippets.citeproc_js(items, style)
    if "term" in substitute or "value" in substitute:  # (the first two: nothing printed for the author)
        assert ours[0] == "2001." and ours[3].startswith("2001. (") and ours[3].endswith(" Springer)")


def test_substituted_variables_done_at_once(tmp_path):
    """A substitute macro that prints the editor (with a label) and then calls the editor, or
    the title, once more prints each once; the title printed by the substitute is not
    printed again after it (citeproc-js's done_vars; "Ed ed.Ed editor" before)."""
    macros = """<macro name="editor"><names variable="editor"><name/><label form="short" prefix=" "/></names>
      <names variable="editor"><name/><label prefix=" "/></names></macro>
      <macro name="title-twice"><text variable="title" quotes="true"/><text variable="title" prefix=" / "/></macro>"""
    layout = """<group delimiter=". "><names variable="author"><name/><substitute><text macro="editor"/>
      <text macro="title-twice"/></substitute></names><text variable="title" font-style="italic"/>
      <date variable="issued"><date-part name="year"/></date></group>"""
    style = snippets.style(tmp_path, layout, macros=macros)
    ours = snippets.entries(ITEMS, style)
    assert ours == snippets.citeproc_js(ITEMS, style)
    assert ours == ["“Untitled.” 2001", "Ed ed. Edited. 2002", "Au. Written. 2003"]


def test_substituted_names_with_their_own_name_print_with_their_own_affixes(tmp_path):
    """A substitute's cs:names with a cs:name of its own prints without the parent's affixes
    (de-buck printed "Bankman, I. ed., , Handbook"); the shorthand `<names variable="editor"/>`
    keeps them (citeproc-js)."""
    items = [{"id": "a", "type": "book", "title": "T", "editor": [{"family": "Doe", "given": "J."}]}]
    own = ('<names variable="author" prefix="[" suffix=", "><name/><substitute><choose><if variable="container-title" match="none">'
           '<names variable="editor" suffix=", "><name/><label form="short" prefix=" "/></names></if></choose>'
           '</substitute></names><text variable="title"/>')
    shorthand = '<names variable="author" prefix="[" suffix=", "><name/><substitute><names variable="editor"/></substitute></names><text variable="title"/>'
    for name, layout, expected in (("own", own, ["J. Doe ed., T"]), ("shorthand", shorthand, ["[J. Doe, T"])):
        style = snippets.style(tmp_path / name, layout)
        assert snippets.entries(items, style) == expected
        assert snippets.citeproc_js(items, style) == expected
