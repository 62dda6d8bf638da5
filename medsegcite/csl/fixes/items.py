"""Fixes on the CSL items, before rendering."""

from __future__ import annotations


_NOT_TEXT = frozenset({"id", "URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID", "type"})


def typographic_apostrophes(item: dict) -> dict:
    """citeproc-js prints a straight apostrophe as a typographic one (D'Souza -> D’Souza)."""

    def fix(value):
        if isinstance(value, str):
            return value.replace("'", "\u2019")
        if isinstance(value, list):
            return [fix(v) for v in value]
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        return value

    return {k: (v if k in _NOT_TEXT else fix(v)) for k, v in item.items()}
