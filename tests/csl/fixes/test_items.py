"""medsegcite/csl/fixes/items.py: items citeproc-py could not take."""

from __future__ import annotations

from medsegcite.csl import fixes as csl_fixes
from medsegcite.csl.fixes.items import engine_item
from tests.csl.fixes.styles import entries, style

BIB = """<bibliography><layout suffix=".">
  <choose><if type="book"><text variable="title" font-style="italic"/></if>
  <else><text variable="title"/></else></choose>
  <text variable="publisher" prefix=", "/></layout></bibliography>"""


def test_numeric_ids_render(tmp_path):
    items = [{"id": 7, "type": "book", "title": "Seven"}, {"id": 12, "type": "report", "title": "Twelve"}]
    assert entries(items, style(tmp_path, BIB)) == ["Seven.", "Twelve."]


def test_an_item_without_a_type_renders_and_matches_no_type(tmp_path):
    items = [{"id": "a", "title": "Untyped", "publisher": "Press"}, {"id": "b", "type": "book", "title": "Typed"}]
    assert entries(items, style(tmp_path, BIB), "html") == ["Untyped, Press.", "<i>Typed</i>."]


def test_engine_item_changes_nothing_else_and_not_the_callers_item():
    item = {"id": 3, "title": "T", "author": [{"family": "F"}]}
    fixed = engine_item(item)
    assert fixed == {"id": "3", "type": "", "title": "T", "author": [{"family": "F"}]}
    assert item == {"id": 3, "title": "T", "author": [{"family": "F"}]}
    assert engine_item({"id": "x", "type": "book"}) == {"id": "x", "type": "book"}


NAMES_BIB = """<bibliography><layout><group delimiter=", "><text variable="title" font-style="italic"/>
  <names variable="reviewed-author"><label form="verb-short" suffix=" "/><name/></names>
  <names variable="container-author"><label form="verb" suffix=" "/><name/></names>
  <text variable="container-title" form="short" prefix="in "/><text variable="event" prefix="at "/></group></layout></bibliography>"""


def test_hyphenated_and_csl_1_0_2_name_variables_print(tmp_path):
    item = {
        "id": "r",
        "type": "review",
        "title": "A review",
        "reviewed-author": [{"family": "Burtle", "given": "Bea"}],
        "container-author": [{"family": "Cole", "given": "Cy"}],
    }
    # verb-short falls back to the verb form (terms.py): "by"
    assert entries([item], style(tmp_path, NAMES_BIB)) == ["A review, by Bea Burtle, by Cy Cole"]


def test_other_names_citeproc_js_reads_a_variable_under(tmp_path):
    item = {"id": "j", "type": "paper-conference", "title": "T", "container-title": "Journal of Things",
            "journalAbbreviation": "J. Things", "event-title": "MICCAI"}
    # citeproc-js 2.4.63 does not read `event-title` as `event`: neither do we
    assert entries([item], style(tmp_path, NAMES_BIB)) == ["T, in J. Things"]


NOTE_BIB = """<bibliography><layout><group delimiter=", "><text variable="title"/>
  <names variable="editor"><name/></names><text variable="container-title-short"/>
  <date variable="event-date" form="text"/><text variable="note" prefix="[" suffix="]"/></group></layout></bibliography>"""


def test_variables_written_into_the_note_as_zotero_and_citeproc_js_do(tmp_path):
    items = [
        {"id": "n1", "type": "book", "title": "A",
         "note": "container-title-short: J. Short\neditor: Lee || Ann\nevent-date: 2004-10-01/2004-10-14\nA remark."},
        {"id": "n2", "type": "book", "title": "B", "container-title-short": "Kept", "note": "container-title-short: Ignored"},
        {"id": "n3", "type": "book", "title": "C", "note": "Just a remark: with a colon"},
    ]
    assert entries(items, style(tmp_path, NOTE_BIB)) == [
        "A, Ann Lee, J. Short, October 1–14, 2004, [A remark.]",
        "B, Kept, [container-title-short: Ignored]",
        "C, [Just a remark: with a colon]",
    ]


def test_typographic_apostrophes():
    fixed = csl_fixes.typographic_apostrophes({"id": "x'y", "title": "D'Souza's", "URL": "http://a/b'c"})
    assert fixed == {"id": "x'y", "title": "D’Souza’s", "URL": "http://a/b'c"}


# Items unlike the store's: what each of prepare_item's four passes changes, and where they meet.
ODD_ITEMS = [
    {"id": 41, "title": "O'Brien's \"quoted\" <i>Homo</i> sapiens", "author": [
        {"family": "von Hoppel", "given": "Karl"}, {"family": '"Van Dyke"', "given": "Dick"},
        {"family": "d'Alembert", "given": "Jean, Jr."}, {"literal": "The O'Neil <b>Group</b>"},
        {"family": "Smith", "given": "<b>John</b> Paul", "parse-names": False}, {"family": "Ng", "given": "Li", "suffix": "II"}]},
    {"id": "b", "type": "book", "URL": "http://x.org/it's", "DOI": "10/a'b", "ISBN": [{"family": "O'Neil", "given": "de la Ann"}],
     "issued": {"date-parts": [[2001, 2, 3], [2002]], "literal": "Spring '01"}, "keyword": ["it's", 3, None, ["a'b"]],
     "container-title": "", "journalAbbreviation": "J'nal", "editor": [], "number": 7, "flag": True},
    {"id": "c", "type": "article", "note": "Original date: 1901-02\nEditor: Rossi || Anna\nplain text's end",
     "translator": [{"family": "la Fontaine", "given": "Jean"}], "accessed": {"date-parts": [["2020", "1"]]},
     "custom": {"nested": {"deep": "Don't", "n": [1, "x'y"]}}, "type-of": "x'y"},
    {"id": "d", "type": "chapter", "title": "\ue000private\ue001 'single' and \"double\"", "author": [{"family": 'He said "hi"', "given": "A'B"}],
     "container-author": [{"family": "al-Rashid", "given": "Omar"}], "mixed": [{"family": "F"}, "not a name"]},
]


def _with_order(value):
    """`value` as nested lists of (key, value) pairs and types, so key order and types count."""
    if isinstance(value, dict):
        return ["dict", [(key, _with_order(v)) for key, v in value.items()]]
    if isinstance(value, list):
        return ["list", [_with_order(v) for v in value]]
    return [type(value).__name__, value]


def test_one_pass_preparation_is_the_four_passes():
    """prepare_item's single pass gives the dict the four passes give one after another
    (same keys in the same order, same values and types), on the store's items, the
    diverse fixture and items built to reach every branch; the caller's item is unchanged."""
    import copy
    import json
    from pathlib import Path

    from medsegcite.bib import export, store
    from medsegcite.csl.fixes.items import typographic_apostrophes
    from medsegcite.csl.fixes.names_reading import names_read_as_citeproc_js
    from medsegcite.csl.fixes.rich_text import marked_item

    root = Path(__file__).resolve().parents[3]
    items = (export.csl_items(store.load(root / "data" / "references.bib"))
             + json.loads((root / "tests" / "fixtures" / "items" / "diverse.json").read_text(encoding="utf-8")) + ODD_ITEMS)
    for item in items:
        before = copy.deepcopy(item)
        expected = typographic_apostrophes(marked_item(names_read_as_citeproc_js(engine_item(item))))
        assert _with_order(csl_fixes.prepare_item(item)) == _with_order(expected), item.get("id")
        assert _with_order(item) == _with_order(before)
