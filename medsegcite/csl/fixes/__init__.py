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
from medsegcite.csl.fixes.items import typographic_apostrophes
from medsegcite.csl.fixes.layout import label_then_space
from medsegcite.csl.fixes.names import initialize_false_keeps_given_names, name_lists_joined_as_citeproc_js
from medsegcite.csl.fixes.page_ranges import page_ranges_as_specified
from medsegcite.csl.fixes.punctuation import punctuation_in_quote, punctuation_merged_at_joins, typography_of_printed_text
from medsegcite.csl.fixes.sorting import sort_keys_collated
from medsegcite.csl.fixes.style_entities import character_references_read_twice
from medsegcite.csl.fixes.speed import cached_style_lookups, citation_numbers_by_lookup
from medsegcite.csl.fixes.suppression import group_needs_a_rendered_variable, substitute_suppresses_its_variables
from medsegcite.csl.fixes.variables import page_first_from_page
from medsegcite.csl.fixes.text_case import term_capitalized_at_entry_start, title_case_hyphenated_words

__all__ = ["apply", "set_disambiguation", "typographic_apostrophes", "punctuation_in_quote"]

FIXES = [
    cached_style_lookups,
    page_ranges_as_specified,
    punctuation_merged_at_joins,
    character_references_read_twice,
    typography_of_printed_text,
    sort_keys_collated,
    citation_numbers_by_lookup,
    label_then_space,
    citation_label_made_when_missing,  # before group_needs_a_rendered_variable: a made label counts as rendered
    group_needs_a_rendered_variable,
    substitute_suppresses_its_variables,
    initialize_false_keeps_given_names,
    name_lists_joined_as_citeproc_js,  # before disambiguation, which wraps Name.process
    title_case_hyphenated_words,
    disambiguated_names_and_suffixes,
    term_capitalized_at_entry_start,
    page_first_from_page,  # after the group and layout fixes: it wraps what they install
]

_applied = False


def apply() -> None:
    """Install every fix (idempotent)."""
    global _applied
    if _applied:
        return
    _applied = True
    for fix in FIXES:
        fix()
