"""The fixes declared and composed (medsegcite/csl/fixes/compose.py): the chain of fixes on
each citeproc-py attribute pinned, a declared order enforced, fixes left out for a render."""

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from medsegcite.csl import fixes, render
from medsegcite.csl.fixes import compose

from tests.conftest import cli_process
from tests.csl.fixes import snippets

GOLDEN = Path(__file__).with_name("compose_chains.txt")
ROOT = Path(__file__).resolve().parents[3]


def _chains(setup: str = "") -> str:
    """`python -m medsegcite.csl.fixes --chains` in a fresh process (after `setup`)."""
    code = f"import sys\n{setup}\nfrom medsegcite.csl.fixes.__main__ import main\nsys.exit(main(['--chains']))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_chains_pinned():
    """Each attribute the fixes replace, with the fixes that replace it, innermost first:
    every fix installed (the on-demand ones too) and audited (no undeclared replacement)."""
    assert _chains() == GOLDEN.read_text(encoding="utf-8")


def test_chains_follow_the_declarations_not_the_list():
    """FIXES listed backwards composes the same chains: the order on each attribute is
    the declared one."""
    assert _chains("from medsegcite.csl import fixes\nfixes.FIXES.reverse()") == GOLDEN.read_text(encoding="utf-8")


def test_on_demand_fixes_install_in_their_declared_order(tmp_path):
    """A style that needs only subsequent-author-substitute installs the on-demand fixes
    declared before it first, so a later style with `display` finds the declared chain."""
    style = snippets.style(tmp_path, '<text variable="title"/>', bibliography_options='subsequent-author-substitute="---"')
    code = ("import json\nfrom medsegcite.csl import fixes, render\nfrom medsegcite.csl.fixes import compose\n"
            f"render.bibliography([{{'id': 'a', 'type': 'book', 'title': 'T'}}], render.Style('s', {style.path!r}))\n"
            "print(json.dumps(compose.chains()['citeproc.model.Names.render']))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ('["display_wrappers", "names_affixes_not_around_substituted_text", '
                                   '"subsequent_author_substitute"]')


def _declared() -> list[compose.Fix]:
    return [compose.declaration(install) for install in fixes.FIXES]


def test_the_declared_order_keeps_the_reference_order():
    assert [fix.name for fix in compose.ordered(fixes.FIXES)] == [install.__name__ for install in fixes.FIXES]


@pytest.mark.parametrize("name", [fix.name for fix in _declared() if fix.after])
def test_an_order_left_undeclared_is_refused(name):
    """Every declared "after" is needed: without it two fixes wrap one attribute in no
    declared order, which composing refuses (naming both and the attribute)."""
    declared = [dataclasses.replace(fix, after=(), needs=()) if fix.name == name else fix for fix in _declared()]
    with pytest.raises(compose.CompositionError, match=rf"fixes \w+ and \w+ both wrap citeproc\.\S+ and neither"):
        compose.ordered(declared)


def test_a_cycle_is_refused():
    declared = [dataclasses.replace(fix, after=("punctuation_merged_at_joins",)) if fix.name == "seams_as_citeproc_js" else fix
                for fix in _declared()]
    with pytest.raises(compose.CompositionError,
                       match="cycle: seams_as_citeproc_js -> punctuation_merged_at_joins -> seams_as_citeproc_js"):
        compose.ordered(declared)


def test_following_an_on_demand_fix_up_front_is_refused():
    """A fix installed up front cannot follow an on-demand fix on an attribute they share:
    the on-demand one installs later, above it."""
    declared = [dataclasses.replace(fix, after=(*fix.after, "display_wrappers")) if fix.name == "dates_rule_sort_macros" else fix
                for fix in _declared()]
    with pytest.raises(compose.CompositionError, match="dates_rule_sort_macros is declared after display_wrappers, which installs only"):
        compose.ordered(declared)


def test_an_unknown_name_is_refused():
    declared = [dataclasses.replace(fix, after=("no_such_fix",)) if fix.name == "count_labels_printed" else fix for fix in _declared()]
    with pytest.raises(compose.CompositionError, match="count_labels_printed is declared after no_such_fix"):
        compose.ordered(declared)


# Fixes of a class of our own, composed as the real ones are.
class Toy:
    def say(self):
        return "toy"


def outer():
    original = Toy.say
    Toy.say = lambda self: f"outer({original(self)})"


def inner():
    original = Toy.say
    Toy.say = lambda self: f"inner({original(self)})"


def idle():
    pass


SAY = f"{__name__}.Toy.say"


class Plain:  # (its objects have a __dict__, as a parsed style's element proxies do)
    def say(self):
        return "plain"


def skipping():
    """A wrapper with nothing to do: each object skips it from its first call on."""
    original = Plain.say

    def say(self):
        compose.bypassed(self, "say", say, original)
        return original(self)

    Plain.say = say


def loud():
    original = Plain.say
    Plain.say = lambda self: original(self).upper()


PLAIN = f"{__name__}.Plain.say"
DECLARED = {
    outer: {"wraps": [SAY], "after": ["inner"]},
    inner: {"wraps": [SAY]},
    idle: {"wraps": [SAY]},
    skipping: {"wraps": [PLAIN]},
    loud: {"wraps": [PLAIN]},
}


def test_toy_fixes_installed_in_the_declared_order():
    original = Toy.say
    try:
        compose.install(compose.ordered([outer, inner]))
        assert Toy().say() == "outer(inner(toy))"
        assert compose.replaced("inner", SAY) is original  # (what a fix beneath another gets, not __wrapped__)
        assert compose.chains()[SAY] == ["inner", "outer"]
    finally:
        Toy.say = original


def test_a_bypass_is_undone_when_a_fix_installs_later():
    """A wrapper's per-object bypass never skips a fix installed above it later (an
    on-demand one), nor a trace recorder."""
    original = Plain.say
    try:
        compose.install(compose.ordered([skipping]))
        element = Plain()
        assert element.say() == "plain" and "say" in vars(element)
        compose.install(compose.ordered([loud]))
        assert "say" not in vars(element)
        assert element.say() == "PLAIN"
        Plain.say = original
        compose.install(compose.ordered([skipping]), trace=True)
        assert Plain().say() == "plain"
        traced = Plain()
        traced.say()
        assert "say" not in vars(traced)  # (the recorder stands above the wrapper: it keeps counting)
    finally:
        Plain.say = original
        compose._tracing[0] = False


def test_a_fix_that_leaves_what_it_declares_is_refused():
    with pytest.raises(compose.CompositionError, match=f"fix idle is declared to wrap {SAY} but did not replace it"):
        compose.install(compose.ordered([idle]))


def test_a_fix_without_a_declaration_is_refused():
    def stray():
        pass

    with pytest.raises(compose.CompositionError, match="fix stray declares nothing"):
        compose.ordered([stray])


# -- one fix left out ----------------------------------------------------------------------

COUNTS = '<group><text variable="number-of-pages"/><label variable="number-of-pages" form="short" prefix=" "/></group>'
BOOKS = [{"id": "a", "type": "book", "title": "T", "number-of-pages": "100"},
         {"id": "b", "type": "book", "title": "U", "number-of-pages": "1"}]


def test_a_fix_left_out_for_one_render(tmp_path):
    """render.bibliography(..., without=...) renders without the fix (in a process of its
    own when this one installed them all); the renders around it keep every fix."""
    style = snippets.style(tmp_path, COUNTS)
    with_all = [text for _, text in render.bibliography(BOOKS, style)]
    without = [text for _, text in render.bibliography(BOOKS, style, without={"count_labels_printed"})]
    assert with_all == ["100 pp.", "1 p."]
    assert without == ["100", "1"]  # citeproc-py's own: the count's label dropped
    assert [text for _, text in render.bibliography(BOOKS, style)] == with_all
    assert [text for _, text in render.bibliography(BOOKS, style, without=())] == with_all


def test_leaving_out_an_unknown_or_needed_fix_is_refused(tmp_path):
    style = snippets.style(tmp_path, COUNTS)
    with pytest.raises(compose.CompositionError, match="without: no fix named 'count_labels'"):
        render.bibliography(BOOKS, style, without={"count_labels"})
    with pytest.raises(compose.CompositionError,
                       match="group_needs_a_rendered_variable is needed by substituted_term_is_no_rendered_variable"):
        render.bibliography(BOOKS, style, without={"group_needs_a_rendered_variable"})


@pytest.mark.parametrize(("without", "message"), [
    ("count_labels_printed,bogus", "MEDSEGCITE_CSL_WITHOUT: no fix named 'bogus' (python -m medsegcite.csl.fixes lists them)"),
    ("install_fixes_styles_need", "fix install_fixes_styles_need is needed by display_wrappers, undoing_formatting, "
                                  "names_affixes_not_around_substituted_text, subsequent_author_substitute: leave those out too"),
])
def test_the_environment_variable_checked_by_the_cli(tmp_path, without, message):
    """An unknown name, or a fix others need: one line on stderr, exit 2, no traceback."""
    done = cli_process("status", env={**os.environ, compose.ENV: without})
    assert (done.returncode, done.stderr) == (2, f"medsegcite: error: {message}\n")
