"""Which fixes each entry passed through (medsegcite/csl/fixes/trace.py, render.traced_bibliography):
attributed per entry at the bibliography's per-item loop, the output unchanged, nothing
wrapped when tracing is off."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from medsegcite.csl import fixes, render
from tests.csl.fixes import snippets

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True, scope="module")
def untraced():
    """The test process keeps its fixes untraced: traced renders go to a process of their own."""
    fixes.apply()


PEOPLE = {"id": "people", "type": "article-journal", "title": "Deep U-nets for the pelvis",
          "author": [{"family": "Li", "given": "Xiao Min"}, {"family": "Gao", "given": "Yan"},
                     {"family": "Ruiz", "given": "Ana"}], "page": "2595-2605"}
UNTITLED_BODY = {"id": "body", "type": "report", "author": [{"literal": "World Health Organization"}]}
NO_NAMES = {"id": "atlas", "type": "book", "title": "Atlas of anatomy"}
ONE_PERSON = {"id": "one", "type": "article-journal", "title": "Segmenting livers", "author": [{"family": "Chen", "given": "Wei"}],
              "page": "11-19"}
ITEMS = [PEOPLE, UNTITLED_BODY, NO_NAMES, ONE_PERSON]

INITIALS = "given_names_initialized_as_citeproc_js"  # citeproc.model.Name.initialize: a personal name's given names
NAME_LISTS = "name_lists_joined_as_citeproc_js"  # citeproc.model.Name.process: a cs:name with names to print
QUOTES = "punctuation_in_quote_as_citeproc_js_reads_it"  # the locale's punctuation-in-quote, read for a quoted value
PAGES = "page_ranges_as_specified"  # citeproc.model.FormatNumber._format_last_page: a range in page-range-format


def _traces(style, items=ITEMS):
    return {key: dict(calls) for key, _text, calls in render.traced_bibliography(items, style)}


def _order(style, key):
    return [fix for entry, _text, calls in render.traced_bibliography(ITEMS, style) if entry == key for fix, _ in calls]


def test_each_entry_names_the_fixes_its_parts_ran(tmp_path):
    """Names, a quoted title and a page range each bring their fixes to the entries that
    print them, and only to those (the names the disambiguation pass reads before the
    entries belong to no entry); a fix's calls are counted (one initialisation per person)."""
    style = snippets.style(tmp_path, '<names variable="author"><name initialize-with=". " delimiter=", "/></names>'
                                     '<text variable="title" quotes="true" prefix=" "/><text variable="page" prefix=" "/>',
                           options='page-range-format="minimal"')
    traces = _traces(style)
    assert {key: sorted(fix for fix in (INITIALS, NAME_LISTS, QUOTES, PAGES) if fix in calls)
            for key, calls in traces.items()} == {
        "people": sorted([INITIALS, NAME_LISTS, QUOTES, PAGES]),
        "body": [NAME_LISTS],  # a literal name: no given names, no title, no page
        "atlas": [QUOTES],
        "one": sorted([INITIALS, NAME_LISTS, QUOTES, PAGES]),
    }
    assert (traces["people"][INITIALS], traces["one"][INITIALS]) == (3, 1)
    order = _order(style, "people")  # in the order of first call: names, title, page, as the layout has them
    assert order.index(INITIALS) < order.index(QUOTES) < order.index(PAGES)


def test_a_fix_installed_when_a_style_needs_it_is_traced_too(tmp_path):
    """subsequent-author-substitute's fix installs on demand (after the others): its calls
    count for the entries it substitutes in."""
    style = snippets.style(tmp_path, '<names variable="author"><name/></names><text variable="title" prefix=" "/>',
                           bibliography_options='subsequent-author-substitute="---"')
    twins = [{**ONE_PERSON, "id": "first"}, {**ONE_PERSON, "id": "second", "title": "Segmenting kidneys"}]
    traced = render.traced_bibliography(twins, style)
    assert [text for _key, text, _calls in traced] == ["Wei Chen Segmenting livers", "--- Segmenting kidneys"]
    assert all("subsequent_author_substitute" in dict(calls) for _key, _text, calls in traced)


STYLES = ["apa", "ieee", "chicago-notes-bibliography", "modern-language-association", "nature",
          "harvard-cite-them-right", "deutsches-archaologisches-institut-romisch-germanische-kommission-author-date"]


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_tracing_changes_no_output(fmt):
    """Every entry of the diverse item set (datasets, software, scripts, literal dates ...)
    the same in varied styles, traced or not."""
    items = json.loads((ROOT / "tests" / "fixtures" / "items" / "diverse.json").read_text(encoding="utf-8"))
    for name in STYLES:
        style = render.find_style(name)
        plain = render.bibliography(items, style, fmt)
        traced = render.traced_bibliography(items, style, fmt)
        assert [(key, text) for key, text, _calls in traced] == plain, name
        assert all(calls for _key, _text, calls in traced), name


def _wrapped(trace: bool) -> str:
    code = ("import json, types\nfrom medsegcite.csl import fixes\nfrom medsegcite.csl.fixes import compose, trace\n"
            f"fixes.apply(trace={trace})\n"
            "values = [vars(compose._owner(a)).get(a.rsplit('.', 1)[1]) for a in compose.chains()]\n"
            "print(json.dumps(sorted({trace.is_recorder(v) for v in values if isinstance(v, (types.FunctionType, property))})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_nothing_is_wrapped_unless_tracing():
    """Untraced, every patched method is the fix's own (no recorder, no cost per call);
    traced, every one counts its calls."""
    assert _wrapped(False) == "[false]"
    assert _wrapped(True) == "[true]"
