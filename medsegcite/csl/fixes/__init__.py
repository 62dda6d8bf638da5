"""Named fixes that bring citeproc-py's output in line with citeproc-js, the
reference CSL processor (the one behind Zotero and Mendeley).

citeproc-py builds its style model from lxml element classes, so the fixes are
small replacements of the methods concerned, installed once by `apply()`.
Each is named after the behaviour it brings and tested in tests/csl/fixes/test_<module>.py;
tests/csl/test_render.py compares whole bibliographies with citeproc-js.

One module per CSL behaviour; each declares what its fixes wrap and follow, and
compose.py puts them together: `apply()` installs them all (or all but some, for one render).
"""

from __future__ import annotations

import os
from functools import lru_cache

from medsegcite.csl.fixes import compose
from medsegcite.csl.fixes.citation_label import citation_label_made_when_missing
from medsegcite.csl.fixes.disambiguation_applied import disambiguated_names_and_suffixes, set_disambiguation
from medsegcite.csl.fixes.dates import (
    calling_date_parts_not_kept,
    date_ranges_as_specified,
    literal_dates_where_the_year_prints,
    seasons_in_place_of_months,
    set_first_range,
    substituted_dates_not_repeated,
)
from medsegcite.csl.fixes.decorations import dates_formatted, underline_as_a_span, undoing_formatting
from medsegcite.csl.fixes.display import display_wrappers
from medsegcite.csl.fixes.items import csl_1_0_2_variables, prepared_in_one_pass, typographic_apostrophes
from medsegcite.csl.fixes.labels import count_labels_printed
from medsegcite.csl.fixes.layout import label_then_space
from medsegcite.csl.fixes.initials import given_names_initialized_as_citeproc_js
from medsegcite.csl.fixes.names_formatting import name_lists_joined_as_citeproc_js
from medsegcite.csl.fixes.names_substituted import name_parts_as_citeproc_js_builds_them, substituted_names_not_repeated
from medsegcite.csl.fixes.numbers import (
    is_numeric_as_citeproc_js,
    number_ranges_with_en_dash,
    numbers_of_hyphenated_variables,
    ordinals_agree_in_gender,
    number_forms_as_citeproc_js,
)
from medsegcite.csl.fixes.on_demand import install_fixes_styles_need
from medsegcite.csl.fixes.page_ranges import lettered_page_ranges_as_citeproc_js, page_ranges_as_specified
from medsegcite.csl.fixes.positions import near_note_distance_defaults_to_5
from medsegcite.csl.fixes.punctuation import punctuation_merged_at_joins
from medsegcite.csl.fixes.quotes import punctuation_in_quote_as_citeproc_js_reads_it, quoted_values_take_marks
from medsegcite.csl.fixes.rich_text import read_nocase_marks
from medsegcite.csl.fixes.scripts import no_font_style_without_romanesque_text
from medsegcite.csl.fixes.sorting import dates_rule_sort_macros, short_names_in_sort_keys, sort_keys_collated
from medsegcite.csl.fixes.source_built import references_built_directly
from medsegcite.csl.fixes.spacing import decorated_elements_keep_their_spaces, seams_as_citeproc_js
from medsegcite.csl.fixes.speed import cached_style_lookups, citation_numbers_by_lookup
from medsegcite.csl.fixes.style_entities import character_references_read_twice
from medsegcite.csl.fixes.subsequent_author import subsequent_author_substitute
from medsegcite.csl.fixes.substitute_text import (
    names_affixes_not_around_substituted_text,
    substituted_term_is_no_rendered_variable,
    substituted_variables_done_at_once,
)
from medsegcite.csl.fixes.suppression import group_needs_a_rendered_variable, substitute_suppresses_its_variables
from medsegcite.csl.fixes.terms import locales_chosen_as_citeproc_js, long_terms_written_with_form_long, term_forms_fall_back
from medsegcite.csl.fixes.typography import periods_stripped_as_citeproc_js, typography_of_printed_text
from medsegcite.csl.fixes.text_case import term_capitalized_at_entry_start, text_case_as_citeproc_js, text_case_ignored_on_macro_calls
from medsegcite.csl.fixes.variables import (
    locator_label_without_locator_is_page,
    page_first_from_page,
    short_url_as_its_host,
    type_condition_is_one_test,
)

__all__ = ["apply", "installed_without", "installed_traced", "names", "prepare_item", "set_disambiguation", "set_first_range",
           "typographic_apostrophes", "checked", "without_from_env"]

FIXES = [  # the reference order: compose.ordered keeps it where no fix declares another
    install_fixes_styles_need,
    references_built_directly,
    csl_1_0_2_variables,
    near_note_distance_defaults_to_5,
    cached_style_lookups,
    seams_as_citeproc_js,
    page_ranges_as_specified,
    lettered_page_ranges_as_citeproc_js,
    punctuation_merged_at_joins,
    character_references_read_twice,
    typography_of_printed_text,
    sort_keys_collated,
    citation_numbers_by_lookup,
    label_then_space,
    citation_label_made_when_missing,
    numbers_of_hyphenated_variables,
    substituted_dates_not_repeated,
    literal_dates_where_the_year_prints,
    group_needs_a_rendered_variable,
    substitute_suppresses_its_variables,
    substituted_term_is_no_rendered_variable,
    substituted_names_not_repeated,
    given_names_initialized_as_citeproc_js,
    name_parts_as_citeproc_js_builds_them,
    name_lists_joined_as_citeproc_js,
    text_case_as_citeproc_js,
    disambiguated_names_and_suffixes,
    read_nocase_marks,
    display_wrappers,
    undoing_formatting,
    dates_formatted,
    underline_as_a_span,
    date_ranges_as_specified,
    seasons_in_place_of_months,
    calling_date_parts_not_kept,
    term_forms_fall_back,
    number_ranges_with_en_dash,
    names_affixes_not_around_substituted_text,
    subsequent_author_substitute,
    term_capitalized_at_entry_start,
    page_first_from_page,
    type_condition_is_one_test,
    is_numeric_as_citeproc_js,
    number_forms_as_citeproc_js,
    dates_rule_sort_macros,
    ordinals_agree_in_gender,
    locator_label_without_locator_is_page,
    short_url_as_its_host,
    short_names_in_sort_keys,
    count_labels_printed,
    punctuation_in_quote_as_citeproc_js_reads_it,
    quoted_values_take_marks,
    periods_stripped_as_citeproc_js,
    text_case_ignored_on_macro_calls,
    long_terms_written_with_form_long,
    locales_chosen_as_citeproc_js,
    substituted_variables_done_at_once,
    no_font_style_without_romanesque_text,
    decorated_elements_keep_their_spaces,
]

_applied: frozenset[str] | None = None  # the fixes left out, once installed
_traced = False  # installed counting each fix's calls (trace.py)
_from_env: frozenset[str] | None = None


def prepare_item(item: dict) -> dict:
    """A new CSL-JSON item for the engine: what citeproc-py cannot take made takeable
    (items.py), names read as citeproc-js reads them (names_reading.py), markup in values marked
    (rich_text.py), typographic apostrophes: `typographic_apostrophes(marked_item(
    names_read_as_citeproc_js(engine_item(item))))`, made in one pass (items.prepared_in_one_pass)."""
    return prepared_in_one_pass(item)


def names() -> list[str]:
    """Every fix's name, in the order they install."""
    return [fix.name for fix in _ordered(tuple(FIXES))]


@lru_cache(maxsize=2)
def _ordered(installers: tuple) -> list[compose.Fix]:
    return compose.ordered(list(installers))


def without_from_env() -> frozenset[str]:
    """The fixes MEDSEGCITE_CSL_WITHOUT leaves out (read once; a `CompositionError` for a
    name that is no fix, or one that others need)."""
    global _from_env
    if _from_env is None:
        _from_env = checked(os.environ.get(compose.ENV), compose.ENV)
    return _from_env


def checked(names_: str | frozenset[str], source: str = "without") -> frozenset[str]:
    """Fix names (a set, or comma-separated) that can be left out together: a
    `CompositionError` names one that is no fix, or one that a fix kept needs."""
    text = names_ if isinstance(names_, str) or names_ is None else ",".join(sorted(names_))
    without = compose.without_from(text, names(), source)
    compose.needed_by(_ordered(tuple(FIXES)), without)
    return without


def installed_without() -> frozenset[str] | None:
    """The fixes this process left out, or None before `apply()`."""
    return _applied


def installed_traced() -> bool:
    """Whether this process installed the fixes counting their calls (`apply(trace=True)`)."""
    return _traced


def apply(without: frozenset[str] | None = None, audit: bool = False, trace: bool = False) -> None:
    """Install every fix but those in `without` (default: MEDSEGCITE_CSL_WITHOUT), once
    per process (without=None later: whatever is installed); `trace`: each fix counting its
    calls (trace.py). A process that installed another set, or installed them untraced, cannot
    take this one (`CompositionError`; render.bibliography then renders in a process of its own)."""
    global _applied, _traced
    if _applied is not None:
        if without is not None and frozenset(without) != _applied:
            raise compose.CompositionError(f"the fixes are installed without {sorted(_applied) or 'none'} in this process, "
                                           f"not without {sorted(without) or 'none'}")
        if trace and not _traced:
            raise compose.CompositionError("the fixes are installed without tracing in this process")
        return
    without = without_from_env() if without is None else frozenset(without)
    from medsegcite.csl.fixes.version import check_citeproc_version

    check_citeproc_version()  # before anything is patched: another release would give wrong output
    checked(without)
    fixes = _ordered(tuple(FIXES))
    _applied, _traced = without, trace
    compose.install(fixes, without, audit, trace)
