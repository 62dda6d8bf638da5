"""Named fixes that bring citeproc-py's output in line with citeproc-js, the
reference CSL processor (the one behind Zotero and Mendeley).

citeproc-py builds its style model from lxml element classes, so the fixes are
small replacements of the methods concerned, installed once by `apply()`.
Each is named after the behaviour it brings and tested in tests/csl/fixes/test_<module>.py;
tests/csl/test_render.py compares whole bibliographies with citeproc-js.

One module per CSL behaviour; `apply()` installs them all.
"""

from __future__ import annotations

from medsegcite.csl.fixes.citation_label import citation_label_made_when_missing
from medsegcite.csl.fixes.disambiguation import disambiguated_names_and_suffixes, set_disambiguation
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
from medsegcite.csl.fixes.items import csl_1_0_2_variables, engine_item, typographic_apostrophes
from medsegcite.csl.fixes.labels import count_labels_printed
from medsegcite.csl.fixes.layout import label_then_space
from medsegcite.csl.fixes.names import (
    given_names_initialized_as_citeproc_js,
    name_lists_joined_as_citeproc_js,
    name_parts_as_citeproc_js_builds_them,
    names_read_as_citeproc_js,
    substituted_names_not_repeated,
)
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
from medsegcite.csl.fixes.rich_text import marked_item, read_nocase_marks
from medsegcite.csl.fixes.scripts import no_font_style_without_romanesque_text
from medsegcite.csl.fixes.sorting import dates_rule_sort_macros, short_names_in_sort_keys, sort_keys_collated
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

__all__ = ["apply", "prepare_item", "set_disambiguation", "set_first_range", "typographic_apostrophes"]

FIXES = [
    install_fixes_styles_need,  # first: the fixes below that only some styles need register with it
    csl_1_0_2_variables,
    near_note_distance_defaults_to_5,
    cached_style_lookups,
    seams_as_citeproc_js,  # before punctuation_merged_at_joins, which keeps the seam it finds
    page_ranges_as_specified,
    lettered_page_ranges_as_citeproc_js,
    punctuation_merged_at_joins,
    character_references_read_twice,
    typography_of_printed_text,
    sort_keys_collated,
    citation_numbers_by_lookup,
    label_then_space,
    citation_label_made_when_missing,  # before group_needs_a_rendered_variable: a made label counts as rendered
    numbers_of_hyphenated_variables,  # before group_needs_a_rendered_variable, which counts what it calls
    substituted_dates_not_repeated,  # likewise: a date left out is one called and not printed
    literal_dates_where_the_year_prints,  # likewise
    group_needs_a_rendered_variable,
    substitute_suppresses_its_variables,
    # right after the counting it corrects, before substituted_names_not_repeated hides printed roles
    substituted_term_is_no_rendered_variable,
    substituted_names_not_repeated,  # after group_needs_a_rendered_variable: Names.process counts inside it
    given_names_initialized_as_citeproc_js,
    name_parts_as_citeproc_js_builds_them,
    name_lists_joined_as_citeproc_js,  # before disambiguation, which wraps Name.process
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
    number_ranges_with_en_dash,  # after suppression's Text._variable, which it wraps
    names_affixes_not_around_substituted_text,  # before subsequent_author_substitute, which wraps Names.render
    subsequent_author_substitute,  # after the disambiguation fix: it wraps Name.process
    term_capitalized_at_entry_start,
    page_first_from_page,  # after the group and layout fixes: it wraps what they install
    type_condition_is_one_test,  # also speed: each condition's types split once
    is_numeric_as_citeproc_js,
    number_forms_as_citeproc_js,
    dates_rule_sort_macros,
    ordinals_agree_in_gender,
    locator_label_without_locator_is_page,
    short_url_as_its_host,
    short_names_in_sort_keys,  # after the names and disambiguation fixes: it wraps their Name.process
    count_labels_printed,
    punctuation_in_quote_as_citeproc_js_reads_it,  # after cached_style_lookups: it answers this option itself
    quoted_values_take_marks,
    periods_stripped_as_citeproc_js,
    text_case_ignored_on_macro_calls,
    long_terms_written_with_form_long,
    locales_chosen_as_citeproc_js,
    substituted_variables_done_at_once,  # after substitute_suppresses_its_variables, whose counter it reads
    no_font_style_without_romanesque_text,
    decorated_elements_keep_their_spaces,  # last: it wraps punctuation's wrap and text_case's case
]

_applied = False


def prepare_item(item: dict) -> dict:
    """A new CSL-JSON item for the engine: what citeproc-py cannot take made takeable
    (items.py), names read as citeproc-js reads them (names.py), markup in values marked
    (rich_text.py), typographic apostrophes."""
    return typographic_apostrophes(marked_item(names_read_as_citeproc_js(engine_item(item))))


def apply() -> None:
    """Install every fix (idempotent)."""
    global _applied
    if _applied:
        return
    from medsegcite.csl.fixes.version import check_citeproc_version

    check_citeproc_version()  # before anything is patched: another release would give wrong output
    _applied = True
    for fix in FIXES:
        fix()
