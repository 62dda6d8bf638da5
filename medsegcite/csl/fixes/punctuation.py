"""Fixes on the rendered string."""

from __future__ import annotations

import re


_PUNCT_AFTER_QUOTE = re.compile(r"(.?)(”)([.,!?])")


def punctuation_in_quote(text: str) -> str:
    """Locales with `punctuation-in-quote` (en-US) move a following mark inside the closing
    quote, where it merges with the title's own last mark as citeproc-js merges them
    ("“Why?”." gives "“Why?”", "“Done.”." gives "“Done.”")."""

    def inside(match):
        before, quote, mark = match.groups()
        kept = mark if before == mark else _MERGED.get(before, {}).get(mark, "")
        if len(kept) == 1:  # the two marks merge into one ("?" + "." -> "?", ":" + "?" -> "?")
            return kept + quote
        return before + mark + quote

    return _PUNCT_AFTER_QUOTE.sub(inside, text)


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


_DECORATIONS = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


def punctuation_merged_at_joins() -> None:
    """Two punctuation marks that meet merge as citeproc-js merges them (its table above),
    where citeproc-js merges them:

    - pieces side by side (no delimiter): "2021;" + ":101831" gives "2021;101831",
      "2017;" + ". doi" gives "2017; doi";
    - a value's own last mark and what follows it, a suffix or a delimiter: "Why?" + ". "
      gives "Why? ", "Note:" + "." gives "Note:"; not when the value is decorated
      (italic "Why?." stays) or the mark came from an affix ("Springer;" + ". " stays
      "Springer;. ", as in citeproc-js);
    - anything else merges only with the same mark, as citeproc-py did everywhere (it
      printed "Springer;. 2016" for side-by-side pieces too).
    Affixes and delimiters are kept as plain `str` pieces and values as citeproc-py's
    `String`, so the last piece tells where a mark came from (a decorated value is
    formatted to plain `str`, like an affix, and does not merge either).
    """
    from citeproc import model
    from citeproc import string as csl_string
    from citeproc.string import MixedString, String

    strip_first = csl_string._strip_first_char
    seam = csl_string.normalize_seam  # citeproc-py's own: a repeated mark or space goes

    def same_mark(left, other):
        # citeproc-js leaves what follows a number alone ("11. " + " Title" keeps both spaces)
        return other if isinstance(_last_piece(left), _AfterNumber) else seam(left, other)

    def merged(left, other):
        left_str, other_str = str(left), str(other)
        if left_str and other_str and _MERGED.get(left_str[-1], {}).get(other_str[0]) == left_str[-1]:
            return strip_first(other)
        return same_mark(left, other)

    def after_value(left, other):
        """`merged` when `left` ends with a value's own text, else `same_mark`."""
        return merged(left, other) if isinstance(_last_piece(left), String) else same_mark(left, other)

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
            if delimiter:  # (a delimiter does merge with a number's suffix space)
                gap = str(delimiter)
                gap = seam(output, gap) if isinstance(_last_piece(output), _AfterNumber) else after_value(output, gap)
                output = concat(output, gap)
                output = concat(output, same_mark(output, item))
            else:
                output = concat(output, merged(output, item))
        return output

    csl_string.join = join
    model.join = join

    def wrap(self, string):
        if string is None:
            return None
        prefix, suffix = self.get("prefix", ""), self.get("suffix", "")
        body = concat(prefix, same_mark(prefix, string)) if prefix else string
        if not suffix:
            return body
        if isinstance(self, model.Number) or (isinstance(self, model.Text) and _numeric(self.get("variable"), body)):
            return concat(body, _AfterNumber(suffix))
        return concat(body, after_value(body, suffix))

    model.Affixed.wrap = wrap
    model.normalize_seam = csl_string.normalize_seam = same_mark


class _AfterNumber(str):
    """The suffix of a number: citeproc-js merges nothing into it."""


_NUMBER_VARIABLES = frozenset({"citation-number", "volume", "issue", "number", "edition", "page", "chapter-number",
                               "collection-number", "number-of-pages", "number-of-volumes"})


def _numeric(variable, text) -> bool:
    return variable in _NUMBER_VARIABLES and str(text).strip().isdigit()


def _last_piece(text):
    while isinstance(text, list) and text:
        text = list.__getitem__(text, -1)  # MixedString indexes its characters
    return text


def typographic_apostrophes_in_terms() -> None:
    """A locale's terms and a style's `value`s print a straight apostrophe as a typographic
    one, as citeproc-js does ("à l’adresse"); the items' own text gets the same in
    `items.typographic_apostrophes`."""
    from citeproc import model

    def typographic(text):
        return text.replace("'", "\u2019") if text and "'" in str(text) else text

    text_process = model.Text.process

    def process(self, item, context=None, **kwargs):
        text, language = text_process(self, item, context, **kwargs)
        if "term" in self.attrib or "value" in self.attrib:
            text = typographic(text)
        return text, language

    model.Text.process = process
    label_process = model.Label.process

    def process_label(self, *args, **kwargs):
        return typographic(label_process(self, *args, **kwargs))

    model.Label.process = process_label
