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
      (italic "Why?." stays);
    - a group's or macro's suffix and the suffix of a group or macro around it ("n.d.:"
      + "." gives "n.d.:"), or a delimiter after a macro whose last group ends in one
      ("Springer;" + ". " gives "Springer; ");
    - anything else merges only with the same mark, as citeproc-py did everywhere: a
      delimiter after an element's own suffix ("Springer;" + ". " stays "Springer;. "),
      a suffix after a variable's suffix; and nothing merges into the suffix of a number
      next to its sibling ("11. " + " Title" keeps both spaces; not so once the number is
      inside a group: "23(7) " + " (2021)").
    Values are citeproc-py's `String` pieces, suffixes `_Suffix` pieces that say whose they
    are, other affixes and decorated values plain `str`: the last piece of what is
    rendered so far tells where its last mark came from.
    """
    from citeproc import model
    from citeproc import string as csl_string
    from citeproc.string import MixedString, String

    strip_first = csl_string._strip_first_char
    seam = csl_string.normalize_seam  # citeproc-py's own: a repeated mark or space goes

    def same_mark(left, other):
        last = _last_piece(left)
        if _suffix_kind(last) == "number" and last.own:  # a number's own suffix, next to its sibling
            return other
        return seam(left, other)

    def merged(left, other):
        left_str, other_str = str(left), str(other)
        if left_str and other_str and _MERGED.get(left_str[-1], {}).get(other_str[0]) == left_str[-1]:
            return strip_first(other)
        return same_mark(left, other)

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
                last = _last_piece(output)
                gap = str(delimiter)
                if isinstance(last, String) or (_suffix_kind(last) == "group" and not last.own):
                    gap = merged(output, gap)
                else:  # (a delimiter does merge with a number's suffix space)
                    gap = seam(output, gap)
                output = concat(output, gap)
                output = concat(output, same_mark(output, item))
            elif _suffix_kind(_last_piece(output)) == "number":  # "10663:" + ". " stays "10663:. "
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
        last = _last_piece(body)
        if not suffix:
            if _suffix_kind(last) and last.own:  # an inner element's suffix, seen from outside
                body = _with_last(body, _Suffix.of(str(last), last.kind, own=False))
            return body
        if isinstance(self, model.Number) or (isinstance(self, model.Text) and _numeric(self.get("variable"), body)):
            kind = "number"
        elif isinstance(self, model.Label) or (isinstance(self, model.Text) and "macro" not in self.attrib):
            kind = "leaf"
        else:
            kind = "group"
        if kind != "number" and (isinstance(last, String) or _suffix_kind(last) == "group"):
            gap = merged(body, suffix)
        else:
            gap = same_mark(body, suffix)
        return concat(body, _Suffix.of(str(gap), kind)) if str(gap) else body

    model.Affixed.wrap = wrap
    model.normalize_seam = csl_string.normalize_seam = same_mark


class _Suffix(str):
    """An element's suffix as a piece of the rendered text: of a number, of a leaf (a
    variable, term or value), or of a group or macro; `own` while it is the suffix of the
    element just wrapped."""

    kind = "group"
    own = True

    @classmethod
    def of(cls, text: str, kind: str, own: bool = True) -> "_Suffix":
        piece = cls(text)
        piece.kind, piece.own = kind, own
        return piece


def _suffix_kind(piece) -> str | None:
    return piece.kind if isinstance(piece, _Suffix) else None


def _with_last(text, piece):
    """`text` with its last piece replaced."""
    from citeproc.string import MixedString

    if isinstance(text, list) and text:
        pieces = list(text)
        pieces[-1] = _with_last(pieces[-1], piece)
        return MixedString(pieces)
    return piece


_NUMBER_VARIABLES = frozenset({"citation-number", "volume", "issue", "number", "edition", "page", "chapter-number",
                               "collection-number", "number-of-pages", "number-of-volumes"})


def _numeric(variable, text) -> bool:
    return variable in _NUMBER_VARIABLES and str(text).strip().isdigit()


def _last_piece(text):
    while isinstance(text, list) and text:
        text = list.__getitem__(text, -1)  # MixedString indexes its characters
    return text


_NARROW = re.compile(r" ([:;?!\u00bb])")


def typography_of_printed_text() -> None:
    """Text as citeproc-js prints it: a locale's terms and a style's `value`s with a
    typographic apostrophe ("à l’adresse"; the items' own text gets the same in
    `items.typographic_apostrophes`), and in every value, term and variable a space
    before ":;?!»" or after "«" made a narrow no-break space ("learning\u202f: a study"),
    whatever the locale; affixes are left as they are."""
    from citeproc import model

    def printed(text, term: bool):
        if not text:
            return text
        value = str(text)
        if term and "'" in value:
            text = text.replace("'", "\u2019")
        if " " in value and (_NARROW.search(value) or "\u00ab " in value):
            return _narrowed(text)
        return text

    text_process = model.Text.process

    def process(self, item, context=None, **kwargs):
        text, language = text_process(self, item, context, **kwargs)
        if "macro" not in self.attrib:
            text = printed(text, "term" in self.attrib or "value" in self.attrib)
        return text, language

    model.Text.process = process
    label_process = model.Label.process

    def process_label(self, *args, **kwargs):
        return printed(label_process(self, *args, **kwargs), True)

    model.Label.process = process_label


def _narrowed(text):
    if isinstance(text, list):  # a MixedString: piece by piece
        from citeproc.string import MixedString

        return MixedString([_narrowed(piece) for piece in text])
    if not isinstance(text, str):
        return text
    value = _NARROW.sub("\u202f\\1", str(text)).replace("\u00ab ", "\u00ab\u202f")
    return value if type(text) is str else type(text)(value)
