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


def engine_item(item: dict) -> dict:
    """A CSL-JSON item as citeproc-py can take it, where citeproc-js takes it as it is:
    a number as `id` (valid CSL-JSON; citeproc-py lowercases ids as text) becomes text,
    and an item without a `type` gets an empty one, which no `type` condition matches, as
    in citeproc-js (citeproc-py stopped with an UnboundLocalError). Nothing is invented:
    the empty type only keeps the engine from failing."""
    fixed = dict(item)
    if not isinstance(fixed.get("id"), str):
        fixed["id"] = str(fixed.get("id", ""))
    if not isinstance(fixed.get("type"), str):
        fixed["type"] = ""
    return fixed
