"""Names printed through a cs:substitute as citeproc-js prints them
(medsegcite/csl/fixes/names_substituted.py)."""

import pytest

from medsegcite.csl import render

from tests.csl.fixes import snippets


def test_substituted_names_not_repeated(tmp_path):
    """An editor printed in place of the author is not listed again as editor (a name list
    printed through a substitute's macro neither); one printed as itself still is."""
    macros = '<macro name="by"><names variable="reviewed-author" prefix="by "/></macro>'
    layout = ('<group delimiter=". "><names variable="author"><substitute><names variable="editor"/><text macro="by"/></substitute></names>'
              '<text variable="title"/><names variable="editor" prefix="Ed. "/><names variable="translator" prefix="Tr. "/><text macro="by"/></group>')
    style = snippets.style(tmp_path, layout, macros=macros)
    items = [{"id": "a", "type": "book", "title": "T", "editor": snippets.people(("Roe", "Ann")), "translator": snippets.people(("Doe", "Bo"))},
             {"id": "b", "type": "book", "title": "T", "reviewed-author": snippets.people(("Burtle", "Beaver"))},
             {"id": "c", "type": "book", "title": "T", "author": snippets.people(("Moe", "Al")), "editor": snippets.people(("Roe", "Ann"))}]
    ours = [snippets.entries([i], style)[0] for i in items]
    assert ours == [snippets.citeproc_js([i], style)[0] for i in items] == ["Ann Roe. T. Tr. Bo Doe", "by Beaver Burtle. T", "Al Moe. T. Ed. Ann Roe"]


def test_bare_names_in_a_substitute_choose_inherit_the_name(tmp_path):
    """A bare `<names variable="editor"/>` inside a cs:choose of the cs:substitute is
    formatted by the substituted cs:names' cs:name and label, as a direct child is."""
    layout = ('<names variable="author"><name name-as-sort-order="first" initialize-with=". " and="text"/><label prefix=" (" suffix=")"/>'
              '<substitute><choose><if type="book"><names variable="editor"/></if></choose></substitute></names>')
    style = snippets.style(tmp_path, layout)
    item = {"id": "a", "type": "book", "title": "T", "editor": snippets.people(("Roe", "Ann"), ("Doe", "Bo"))}
    assert snippets.entries([item], style) == snippets.citeproc_js([item], style) == ["Roe, A. and B. Doe (editors)"]


def test_a_substituted_name_list_is_not_printed_again(tmp_path):
    """The editor who stands in for the missing author is not printed again as editor; the
    translator of the same `cs:names` still is (citeproc-js's output)."""
    layout = ('<names variable="author"><name/><substitute><names variable="editor"/></substitute></names>'
              '<text variable="title" prefix=". "/><names variable="editor translator" prefix=". "><label form="verb" suffix=" "/><name/></names>')
    doe, poe = [{"family": "Doe", "given": "John"}], [{"family": "Poe", "given": "Ed"}]
    items = [{"id": "a", "type": "book", "title": "Hello", "editor": doe},
             {"id": "b", "type": "book", "title": "Bye", "author": [{"family": "Roe", "given": "Ann"}], "editor": doe},
             {"id": "c", "type": "book", "title": "Ciao", "editor": doe, "translator": poe}]
    assert snippets.entries(items, snippets.style(tmp_path, layout)) == \
        ["John Doe. Hello", "Ann Roe. Bye. edited by John Doe", "John Doe. Ciao. translated by Ed Poe"]


@pytest.mark.parametrize("fmt", ["text", "html"])
@pytest.mark.parametrize("own, substitute", [
    ('<name-part name="family" font-variant="small-caps" text-case="uppercase"/>', '<names variable="editor"><name><name-part name="family"/></name></names>'),
    ('', '<text macro="editors"/>'),
    ('<name-part name="given" font-style="italic"/>', '<names variable="editor"><name><name-part name="family" text-case="uppercase" font-weight="bold"/></name></names>'),
])
def test_name_parts_of_a_substitute_format_the_names(tmp_path, own, substitute, fmt):
    """The last cs:name-part of each kind in a cs:names, its substitute's included, formats
    its names (citeproc-js keeps the last one built); a cs:names without a substitute keeps its own."""
    from tests.csl.csl_suite import normalise

    macros = '<macro name="editors"><names variable="editor"><name><name-part name="family" text-case="uppercase"/></name></names></macro>'
    layout = (f'<names variable="author"><name>{own}</name><substitute>{substitute}</substitute></names>'
              f'<names variable="author" prefix=" / "><name>{own}</name></names>')
    style = snippets.style(tmp_path, layout, macros=macros)
    item = {"id": "a", "type": "book", "title": "T", "author": snippets.people(("Roe", "Ann"), ("Doe", "Bo"))}
    ours = [normalise(text) for _key, text in render.bibliography([item], style, fmt)]
    assert ours == [normalise(e.removeprefix('<div class="csl-entry">').removesuffix("</div>")) for e in snippets.citeproc_js([item], style, fmt)]
