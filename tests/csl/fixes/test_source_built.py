"""medsegcite/csl/fixes/source_built.py: citeproc-py's CSL-JSON reader, faster, building the same objects."""

from __future__ import annotations

import warnings

import pytest

from medsegcite.csl import fixes as csl_fixes
from medsegcite.csl.fixes import compose

FIX = "references_built_directly"

# Names and dates of every shape the fast path takes and of shapes it leaves to citeproc-py.
ITEMS = [
    {"id": "A", "type": "book", "title": "T", "author": [{"family": "F", "given": "G"}, {"literal": "Lit"},
                                                       {"family": "v", "given": "x", "suffix": "Jr.", "dropping-particle": "d",
                                                        "non-dropping-particle": "n"}],
     "issued": {"date-parts": [[2001, 2, 3]]}, "accessed": {"date-parts": [[2001, 2], [2002, 3, 4, 9]], "circa": 1},
     "container-author": [{"family": "C"}], "language": "en", "key": "dropped", "shortTitle": "S", "edition": 2},
    {"id": 7, "type": "article", "editor": [{"family": "E", "parse-names": False}, {"literal": "L", "family": "F"}],
     "issued": {"date-parts": [[2001]], "circa": True}, "original-date": {"date-parts": [["1901", "2"]]},
     "submitted": {"date-parts": [[2003, 1]], "season": 2}, "event-date": {"literal": "Spring", "circa": "yes"},
     "available-date": {"raw": "2001"}, "reviewed-author": [{"given": "R"}], "unknown_variable": "x"},
    {"id": "c", "type": "report", "issued": {"date-parts": [[2001, 1, 2], [True]]}, "translator": [],
     "accessed": {"date-parts": [[2001, 1, 2], [2002], [2003]]}, "title": 'a <span class="nocase">b</span>'},
]
# Input citeproc-py stops at: the same exception from both.
FAILING = [
    {"id": "e", "type": "book", "issued": {"date-parts": [[]]}},
    {"id": "f", "type": "book", "issued": "2001"},
    {"id": "g", "type": "book", "author": "Smith"},
    {"id": "h", "type": "book", "author": [{"family": "F", "literal": None, "given": None}], "issued": {"date-parts": [[None]]}},
]


def _described(value):
    """An object of citeproc-py's source as nested (class, contents) with its keys in order."""
    if isinstance(value, dict):
        return [type(value).__name__, [(key, _described(v)) for key, v in value.items()], sorted(getattr(value, "__dict__", {}).items())]
    if isinstance(value, list):
        return [type(value).__name__, [_described(v) for v in value]]
    return [type(value).__name__, str(value)]


def _citeproc_pys_own():
    """A CiteProcJSON whose reading methods are citeproc-py's own (beneath this fix)."""
    from citeproc.source.json import CiteProcJSON

    attribute = "citeproc.source.json.CiteProcJSON."
    return type("Own", (CiteProcJSON,), {name: compose.replaced(FIX, attribute + name)
                                         for name in ("__init__", "parse_names", "parse_date")})


def _read(reader, items):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            source = reader(items)
        except Exception as error:  # noqa: BLE001  (compared as they come)
            source = [type(error).__name__, str(error)]
    return _described(source if isinstance(source, list) else dict(source)), \
        [(str(w.message), w.category, w.filename, w.lineno) for w in caught]


def test_the_same_references_names_and_dates_and_warnings():
    """Each item read by the fix gives the objects citeproc-py's reader gives (same classes,
    keys in the same order, same values), with the same warnings from the same line, and
    input citeproc-py stops at stops with the same error."""
    from citeproc.source.json import CiteProcJSON

    csl_fixes.apply()
    own = _citeproc_pys_own()
    fast = type("Fast", (CiteProcJSON,), {"__init__": compose.replaced("csl_1_0_2_variables",
                                                                      "citeproc.source.json.CiteProcJSON.__init__")})
    for items in [ITEMS, *([item] for item in ITEMS + FAILING)]:
        expected, expected_warnings = _read(own, items)
        assert _read(fast, items) == (expected, expected_warnings), items
    _, caught = _read(fast, ITEMS)
    assert {message for message, *_ in caught} >= {
        "The following arguments for Name are unsupported: parse-names",
        "The following arguments for Reference are unsupported: unknown_variable"}


def test_leaving_the_fix_out_reads_with_citeproc_pys_own(tmp_path):
    import subprocess
    import sys

    code = ("from medsegcite.csl import fixes; from citeproc.source.json import CiteProcJSON; fixes.apply();"
            "print(CiteProcJSON.parse_date.__module__, sorted(CiteProcJSON([{'id': 'a', 'type': 'book', "
            "'issued': {'date-parts': [[2001, 2]]}}])['a']['issued'].items()))")
    for without, module in (("", "medsegcite.csl.fixes.source_built"), (FIX, "citeproc.source.json")):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env={**__import__("os").environ, compose.ENV: without}).stdout
        assert out.strip() == f"{module} [('circa', 0), ('month', 2), ('year', 2001)]"


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_rendered_as_before(tmp_path, fmt):
    from medsegcite.csl import render
    from tests.csl.fixes.styles import style

    layout = ('<bibliography><layout><names variable="author"/><date variable="issued" prefix=" " form="numeric"'
              ' date-parts="year-month-day"/><date variable="accessed" prefix=" " form="numeric"/></layout></bibliography>')
    items = [dict(ITEMS[0], id="x"), {"id": "y", "type": "book", "author": [{"literal": "Lit"}],
                                      "issued": {"date-parts": [[1999, 12]]}}]
    chosen = style(tmp_path, layout)
    fixed = render.bibliography(items, chosen, fmt)
    assert fixed == render.bibliography(items, chosen, fmt, without=frozenset({FIX}))
    assert [text for _key, text in fixed][1].startswith("Lit 12/1999")


@pytest.mark.parametrize("tags, value", [
    (("\ue00a", "\ue00b"), "the \ue00amRNA\ue00b test"),  # rich_text's marks (read_nocase_marks)
    (('<span class="nocase">', "</span>"), 'the <SPAN Class="NoCase">mRNA</span> test'),  # citeproc-py's own, any case
])
def test_no_case_text_found_by_its_tag(tags, value):
    """A value holding the reader's no-case tag is read into a NoCase piece, whether the tag is
    rich_text's mark (found as it is) or citeproc-py's span (found in the lowered value)."""
    from citeproc.source.json import CiteProcJSON
    from citeproc.string import NoCase

    csl_fixes.apply()
    reader = type("Tagged", (CiteProcJSON,), {"start_tag": tags[0], "end_tag": tags[1]})
    parsed = reader.parse_string(dict.__new__(reader), value)
    assert [(type(piece), str(piece)) for piece in parsed if isinstance(piece, NoCase)] == [(NoCase, "mRNA")]
    assert str(reader.parse_string(dict.__new__(reader), "plain")) == "plain"
