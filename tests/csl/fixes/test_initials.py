"""Given names initialized as citeproc-js initializes them (medsegcite/csl/fixes/initials.py)."""

import pytest

from medsegcite.csl import render

from tests.csl.fixes import snippets


def _one(item: dict, style: str) -> str:
    ((_, text),) = render.bibliography([item], render.find_style(style))
    return text


def test_initialize_false_keeps_given_names():
    item = {"id": "a", "type": "article-journal", "title": "T", "author": [{"family": "D'Souza", "given": "Mikael"}], "issued": {"date-parts": [[2019]]}}
    assert _one(item, "chicago-author-date").startswith("D’Souza, Mikael. 2019.")


INITIALIZED = {  # initialize= -> what citeproc-js prints (HTML) for the given names below
    "true": "<b>J.</b> Q. Doe; <i>J.</i>-Q. Doe; J.-P. Doe; Jo. A. Doe; M. de Doe; Ch. Doe; Ľ. M. Doe",
    "false": "<b>John</b> Quiggly Doe; <i>J.</i> Q. Doe; Jean-Pierre Doe; Jo. Ann Doe; Maria de Doe; CHristopher Doe; Ľubomir M. Doe",
}


@pytest.mark.parametrize("initialize", INITIALIZED)
def test_given_names_initialized_as_citeproc_js(tmp_path, initialize):
    """citeproc-js's initializeWith: markup around a given name's initial stays around it,
    hyphenated names keep the hyphen, "Jo." stays, a trailing lowercase word is a particle,
    "CHristopher" gives "Ch."; initialize="false" only marks initials."""
    style = snippets.style(tmp_path, f'<names variable="author"><name initialize-with=". " initialize="{initialize}" delimiter="; "/></names>')
    given = ["<b>John</b> Quiggly", "<i>J</i>-Q", "Jean-Pierre", "Jo. Ann", "Maria de", "CHristopher", "Ľubomir M"]
    item = {"id": "a", "type": "book", "title": "T", "author": [{"family": "Doe", "given": g} for g in given]}
    assert render.bibliography([item], style, "html")[0][1] == INITIALIZED[initialize]


def test_initialize_inherited_from_the_bibliography(tmp_path):
    """`initialize="false"` on cs:bibliography reaches a cs:name inside a macro (it is
    inherited from where the macro is called, not from the macro's parents)."""
    macros = '<macro name="a"><names variable="author"><name initialize-with="."/></names></macro>'
    style = snippets.style(tmp_path, '<text macro="a"/>', macros=macros, bibliography_options='initialize="false"')
    item = {"id": "a", "type": "book", "title": "T", "author": snippets.people(("Agn", "Mikael"), ("Roe", "J Q"))}
    assert snippets.entries([item], style) == snippets.citeproc_js([item], style) == ["Mikael Agn, J.Q. Roe"]


def test_initialize_true_on_the_name_does_not_override(tmp_path):
    """citeproc-js reads only initialize="false": "true" on a cs:name leaves the
    bibliography's "false" in force."""
    style = snippets.style(tmp_path, '<names variable="author"><name initialize="true" initialize-with=". "/></names>', bibliography_options='initialize="false"')
    item = {"id": "a", "type": "book", "title": "T", "author": snippets.people(("Agn", "Mikael"))}
    assert snippets.entries([item], style) == snippets.citeproc_js([item], style) == ["Mikael Agn"]
