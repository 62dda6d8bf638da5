"""Sort keys as citeproc-js builds and compares them."""

from __future__ import annotations

import re

from medsegcite.csl.fixes.state import variables as _variables


_QUOTES = str.maketrans("", "", "“”‘’\"")
_IGNORED = re.compile(r"[^\w\s]+|_+")
_DIGITS = re.compile(r"\d+")


def _numeric(match) -> str:
    return f"{len(match.group()):04d}{match.group()}"  # "9" before "10"


def sort_keys_collated() -> None:
    """Sort as citeproc-js does: accents and case count only to break ties (ICU
    collation: "Gaál" before "Gao"; citeproc-py compared code points), and names
    in a sort key are all family-first with no "and"."""
    import unicodedata

    from citeproc import model
    from citeproc.string import MixedString

    def collate(key):
        if not isinstance(key, (str, MixedString)):
            return key
        text = str(key)
        base = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        # citeproc-js renders sort keys without the quotes a style puts around titles, and its
        # collator ignores punctuation (not spaces) and compares digits as numbers (csl-suite).
        base = _DIGITS.sub(_numeric, _IGNORED.sub("", base.translate(_QUOTES)))
        return base.casefold() + "\u0000" + text

    original = model.Key.sort_keys

    def sort_keys(self, items, context):
        _variables.sorting = True
        try:
            return [collate(key) for key in original(self, items, context)]
        finally:
            _variables.sorting = False

    model.Key.sort_keys = sort_keys

    # Names in a sort key are a plain list, as in citeproc-js: no "and"/"&" before
    # the last, which sorted "…, & Išgum" before "…, de Jong" (APA).
    name_option = model.Name.get_option

    def get_option(self, name, context=None, sort_options=None):
        # (citeproc-py does not hand its sort options down through every macro)
        if getattr(_variables, "sorting", False):
            if name == "and":
                return None
            if name == "name-as-sort-order":
                return "all"  # CSL: names in sort keys are in sort order

        return name_option(self, name, context, sort_options)

    model.Name.get_option = get_option
