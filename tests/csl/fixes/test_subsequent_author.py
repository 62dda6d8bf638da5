"""medsegcite/csl/fixes/subsequent_author.py: `subsequent-author-substitute` and its rules
(every expected entry here is citeproc-js's output for the same style and items)."""

from __future__ import annotations

import pytest

from medsegcite.csl import render
from tests.csl.fixes.styles import entries, style

BIB = """<bibliography subsequent-author-substitute="———"{rule}><sort><key variable="title"/></sort>
  <layout suffix="."><group delimiter=". ">
    <names variable="author"><name and="text" delimiter=", " initialize-with=". "/><label prefix=" (" suffix=")"/>
      <substitute><names variable="editor"/></substitute></names>
    <text variable="title"/></group></layout></bibliography>"""


def _person(family, given="A"):
    return {"family": family, "given": given}


ITEMS = [
    {"id": "1", "type": "book", "title": "A1", "author": [_person("Roe"), _person("Poe")]},
    {"id": "2", "type": "book", "title": "A2", "author": [_person("Roe"), _person("Poe")]},
    {"id": "3", "type": "book", "title": "A3", "author": [_person("Roe"), _person("Moe")]},
    {"id": "4", "type": "book", "title": "A4", "author": [_person("Doe")]},
    {"id": "5", "type": "book", "title": "A5", "editor": [_person("Doe")]},
]


def _bib(tmp_path, rule=""):
    return style(tmp_path, BIB.format(rule=f' subsequent-author-substitute-rule="{rule}"' if rule else ""))


def test_complete_all_replaces_a_repeated_list_and_keeps_the_label(tmp_path):
    assert entries(ITEMS, _bib(tmp_path)) == [
        "A. Roe and A. Poe. A1.",
        "———. A2.",
        "A. Roe and A. Moe. A3.",
        "A. Doe. A4.",
        "——— (editor). A5.",  # the same names printed, as editor: the label stays
    ]


def test_complete_each_replaces_every_name(tmp_path):
    assert entries(ITEMS[:3], _bib(tmp_path, "complete-each")) == [
        "A. Roe and A. Poe. A1.",
        "——— and ———. A2.",
        "A. Roe and A. Moe. A3.",
    ]


@pytest.mark.parametrize(
    "rule, third",
    [("partial-each", "——— and A. Moe. A3."), ("partial-first", "——— and A. Moe. A3.")],
)
def test_partial_rules_replace_the_leading_shared_names(tmp_path, rule, third):
    out = entries(ITEMS[:3], _bib(tmp_path, rule))
    assert out[2] == third
    assert out[1] == ("——— and ———. A2." if rule == "partial-each" else "——— and A. Poe. A2.")


def test_names_through_substitute_count(tmp_path):
    items = [
        {"id": "e1", "type": "book", "title": "E1", "editor": [_person("Lee")]},
        {"id": "e2", "type": "book", "title": "E2", "editor": [_person("Lee")]},
    ]
    assert entries(items, _bib(tmp_path)) == ["A. Lee (editor). E1.", "——— (editor). E2."]


def test_empty_substitute_and_html(tmp_path):
    bib = BIB.format(rule="").replace('"———"', '""')
    chosen = style(tmp_path, bib)
    assert entries(ITEMS[:2], chosen, "html") == ["A. Roe and A. Poe. A1.", "A2."]


def test_a_long_bibliography_rendered_in_slices_substitutes_at_the_seam(tmp_path):
    count = render.PARALLEL_FROM + 10  # rendered by forked workers, one slice each
    items = [{"id": f"i{n:04d}", "type": "book", "title": f"T{n:04d}", "author": [_person("Same")]} for n in range(count)]
    out = entries(items, _bib(tmp_path))
    assert out[0] == "A. Same. T0000."
    assert out[1:] == [f"———. T{n:04d}." for n in range(1, count)]


def test_a_variable_printed_instead_of_names_counts_as_the_list(tmp_path):
    bib = """<bibliography subsequent-author-substitute="———"><layout suffix=".">
      <group delimiter=". "><names variable="author"><name/><substitute><text variable="publisher"/></substitute></names>
      <text variable="title"/></group></layout></bibliography>"""
    items = [
        {"id": "p1", "type": "report", "title": "R1", "publisher": "World Health Organization"},
        {"id": "p2", "type": "report", "title": "R2", "publisher": "World Health Organization"},
        {"id": "p3", "type": "report", "title": "R3", "author": [_person("Who")]},
    ]
    assert entries(items, style(tmp_path, bib)) == ["World Health Organization. R1.", "———. R2.", "A Who. R3."]


def test_partial_rule_after_a_substituted_title(tmp_path):
    """partial-each after an entry whose "author" was its title (a cs:substitute text):
    compared as different lists (it raised ValueError)."""
    bib = BIB.replace("<substitute><names variable=\"editor\"/></substitute>",
                      "<substitute><names variable=\"editor\"/><text variable=\"title\"/></substitute>")
    bib = bib.format(rule=' subsequent-author-substitute-rule="partial-each"')
    items = [{"id": "0", "type": "book", "title": "A0"}, {"id": "1", "type": "book", "title": "A1", "author": [_person("Roe")]}]
    assert entries(items, style(tmp_path, bib)) == ["A0.", "A. Roe. A1."]


def test_partial_rule_compares_the_names_shown(tmp_path):
    """partial-each compares the names each entry shows: after "A. Roe et al." (three
    names, et al. after one) only "Roe" is shared, though the hidden second name is too."""
    bib = BIB.format(rule=' subsequent-author-substitute-rule="partial-each"').replace(
        "<bibliography ", '<bibliography et-al-min="3" et-al-use-first="1" ')
    items = [{"id": "1", "type": "book", "title": "A1", "author": [_person("Roe"), _person("Poe"), _person("Moe")]},
             {"id": "2", "type": "book", "title": "A2", "author": [_person("Roe"), _person("Poe")]}]
    chosen = style(tmp_path, bib)
    assert entries(items, chosen) == ["A. Roe et al. A1.", "——— and A. Poe. A2."]
    from tests.csl.fixes.snippets import citeproc_js
    assert citeproc_js(items, chosen) == entries(items, chosen)
