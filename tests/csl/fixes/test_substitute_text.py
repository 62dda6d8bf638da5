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
