"""Fixes on the rendered string."""

from __future__ import annotations

import re


_PUNCT_AFTER_QUOTE = re.compile(r"(”)([.,])")


def punctuation_in_quote(text: str) -> str:
    """Locales with `punctuation-in-quote` (en-US) move a following comma or period inside the quotes."""
    return _PUNCT_AFTER_QUOTE.sub(r"\2\1", text)


# citeproc-js's table for two punctuation marks that meet where pieces join (its
# Output.Queue LtoR_MAP): the mark on the left, the one on the right, what is kept.
_MERGED = {
    "!": {".": "!", "?": "!?", ":": "!", ",": "!,", ";": "!;"},
    "?": {"!": "?!", ".": "?", ":": "?", ",": "?,", ";": "?;"},
    ".": {"!": ".!", "?": ".?", ":": ".:", ",": ".,", ";": ".;"},
    ":": {"!": "!", "?": "?", ".": ":", ",": ":,", ";": ":;"},
    ",": {"!": ",!", "?": ",?", ":": ",:", ".": ",.", ";": ",;"},
    ";": {"!": "!", "?": "?", ":": ";", ",": ";,", ".": ";"},
}


def punctuation_merged_at_joins() -> None:
    """Where a value or an affix meets the next piece, two punctuation marks merge as
    citeproc-js merges them: "2021;" + ":101831" gives "2021;101831", "2017;" + ". doi"
    gives "2017; doi", "Why?" + "." gives "Why?" (citeproc-py dropped only a repeated
    mark). A delimiter merges with nothing but the same mark, as in citeproc-js
    ("Springer:" + ". " stays "Springer:. ")."""
    from citeproc import model
    from citeproc import string as csl_string
    from citeproc.string import MixedString, String

    strip_first = csl_string._strip_first_char

    def same_mark(left, other):
        left, other_str = str(left), str(other)
        if left and other_str and left[-1] == other_str[0] and (other_str[0] == " " or other_str[0] in _MERGED):
            return strip_first(other)
        return other

    def normalize_seam(left, other):
        left_str = str(left)
        other_str = str(other)
        if not left_str or not other_str:
            return other
        if _MERGED.get(left_str[-1], {}).get(other_str[0]) == left_str[-1]:
            return strip_first(other)
        return same_mark(left_str, other)

    def concat(left, right):
        if right == "" or right == []:
            return left
        pieces = list(left) if isinstance(left, MixedString) else [left]
        pieces += list(right) if isinstance(right, MixedString) else [right]
        return MixedString(pieces)

    def join(items, delimiter=""):
        items = iter(items)
        try:
            output = next(items)
        except StopIteration:
            return String("")
        for item in items:
            if delimiter:
                output = concat(output, same_mark(output, delimiter))
                output = concat(output, same_mark(output, item))
            else:
                output = output + item  # pieces side by side: the merging seam
        return output

    csl_string.normalize_seam = normalize_seam
    model.normalize_seam = normalize_seam
    csl_string.join = join
    model.join = join
