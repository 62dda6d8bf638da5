"""Names as citeproc-js formats and joins them (medsegcite/csl/fixes/names.py)."""

import pytest

from medsegcite.csl import render

from tests.csl.fixes import snippets


def _one(item: dict, style: str) -> str:
    ((_, text),) = render.bibliography([item], render.find_style(style))
    return text


def test_initialize_false_keeps_given_names():
    item = {"id": "a", "type": "article-journal", "title": "T", "author": [{"family": "D'Souza", "given": "Mikael"}], "issued": {"date-parts": [[2019]]}}
    assert _one(item, "chicago-author-date").startswith("D’Souza, Mikael. 2019.")


AUTHORS = [{"family": "Roe", "given": "Ann"}, {"family": "Doe", "given": "Bo"}, {"family": "Poe", "given": "Cy"}]
NAME_LISTS = {  # cs:name attributes -> the three-, two- and one-name lists citeproc-js prints
    'delimiter="; " and="symbol" delimiter-precedes-last="never"': ["Ann Roe; Bo Doe & Cy Poe", "Ann Roe & Bo Doe", "Ann Roe"],
    'and="text" name-as-sort-order="first" delimiter-precedes-last="after-inverted-name"':
        ["Roe, Ann, Bo Doe and Cy Poe", "Roe, Ann, and Bo Doe", "Roe, Ann"],
    'and="text" name-as-sort-order="all" delimiter-precedes-last="after-inverted-name"':
        ["Roe, Ann, Doe, Bo, and Poe, Cy", "Roe, Ann, and Doe, Bo", "Roe, Ann"],
    'and="text" delimiter-precedes-et-al="after-inverted-name" et-al-min="3" et-al-use-first="1"':
        ["Ann Roe, et al.", "Ann Roe and Bo Doe", "Ann Roe"],
    'and="text" delimiter-precedes-et-al="never" et-al-min="3" et-al-use-first="2"': ["Ann Roe, Bo Doe et al.", "Ann Roe and Bo Doe", "Ann Roe"],
    'prefix="[" suffix="]" et-al-min="3" et-al-use-first="1"': ["[[Ann Roe] et al.]", "[Ann Roe], [Bo Doe]", "[Ann Roe]"],
    'suffix="," form="short" and="symbol"': ["Roe,, Doe, & Poe,", "Roe, & Doe,", "Roe,"],
    'form="count" et-al-min="3" et-al-use-first="1"': ["1", "2", "1"],
    'suffix="." initialize-with=". " name-as-sort-order="first"': ["Roe, A., B. Doe., C. Poe.", "Roe, A., B. Doe.", "Roe, A."],
    'suffix="." et-al-min="3" et-al-use-first="1"': ["Ann Roe. et al.", "Ann Roe., Bo Doe.", "Ann Roe."],
}


@pytest.mark.parametrize("attributes", NAME_LISTS)
def test_name_lists_joined_as_citeproc_js(tmp_path, attributes):
    """Every delimiter-precedes-* value (after-inverted-name too), the name delimiter
    before "and", cs:name affixes around each name, pieces joined as they are."""
    style = snippets.style(tmp_path, f'<names variable="author"><name {attributes}/></names>')
    items = [{"id": str(n), "type": "article", "title": "T", "author": AUTHORS[:n]} for n in (3, 2, 1)]
    ours = [snippets.entries([item], style)[0] for item in items]
    assert ours == [snippets.citeproc_js([item], style)[0] for item in items] == NAME_LISTS[attributes]


def test_et_al_use_first_zero(tmp_path):
    """et-al-use-first="0" prints no names at all (it crashed with IndexError)."""
    style = snippets.style(tmp_path, '<names variable="author" suffix=". "><name et-al-min="3" et-al-use-first="0"/></names><text variable="title"/>')
    items = [{"id": str(n), "type": "article", "title": "T", "author": AUTHORS[:n]} for n in (3, 2)]
    ours = [snippets.entries([item], style)[0] for item in items]
    assert ours == [snippets.citeproc_js([item], style)[0] for item in items] == ["T", "Ann Roe, Bo Doe. T"]


def test_name_parts_with_affixes(tmp_path):
    """A cs:name-part with affixes (turcica) crashed the name join (TypeError)."""
    name = '<name name-as-sort-order="first" and="text"><name-part name="family" text-case="uppercase" prefix="(" suffix=")"/></name>'
    style = snippets.style(tmp_path, f'<names variable="author">{name}</names>')
    item = {"id": "a", "type": "article", "title": "T", "author": AUTHORS[:2]}
    assert snippets.entries([item], style) == snippets.citeproc_js([item], style) == ["(ROE), Ann and Bo (DOE)"]


PARTICLES = [{"family": "Rosenschöld", "given": "Per", "non-dropping-particle": "Munck af"},
             {"family": "Ginneken", "given": "Bram", "non-dropping-particle": "van"},
             {"family": "Roe", "given": "Ann", "dropping-particle": "de la"},
             {"family": "Ghazali", "given": "Abu", "non-dropping-particle": "al-"}]


@pytest.mark.parametrize("locale", ["fr-FR", "en-US"])
@pytest.mark.parametrize("name", ['<name/>', '<name form="short"/>', '<name name-as-sort-order="all" demote-non-dropping-particle="never"/>'])
def test_particles_joined_as_citeproc_js(tmp_path, locale, name):
    """A non-dropping particle is tied to the family name by a no-break space in French
    (also Russian, Czech), and a particle ending in a hyphen joins it without a space."""
    item = {"id": "a", "type": "book", "title": "T", "author": PARTICLES}
    style = snippets.style(tmp_path, f'<names variable="author">{name}</names>', locale=locale)
    ours = snippets.entries([item], style)
    assert ours == snippets.citeproc_js([item], style)
    assert ("af\u00a0Rosenschöld" in ours[0]) is (locale == "fr-FR")


@pytest.mark.parametrize("text_case", ["uppercase", "capitalize-first"])
def test_a_name_part_the_name_lacks_is_left_out(tmp_path, text_case):
    """A family-only name under a styled given-name part (ABNT styles): citeproc-py cased None and crashed."""
    style = snippets.style(
        tmp_path,
        '<names variable="author"><name name-as-sort-order="all">'
        f'<name-part name="given" text-case="{text_case}" prefix="(" suffix=")"/>'
        f'<name-part name="family" text-case="uppercase"/></name></names>',
    )
    items = [{"id": "a", "type": "book", "author": [{"family": "Consortium"}]},
             {"id": "b", "type": "book", "author": [{"family": "Roe", "given": ""}]}]
    ours = [snippets.entries([item], style)[0] for item in items]
    assert ours == [snippets.citeproc_js([item], style)[0] for item in items]
