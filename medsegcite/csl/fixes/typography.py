"""Typography of printed text: typographic apostrophes, narrow no-break spaces, stripped periods."""

from __future__ import annotations

import re

from medsegcite.csl.fixes.pieces import _Literal, _PrefixPiece, _Suffix
from medsegcite.csl.fixes.punctuation import _leading_marks_to_prefix

_NARROW = re.compile(r" ([:;?!\u00bb])")


def typography_of_printed_text() -> None:
    """Text as citeproc-js prints it: a locale's terms and a style's `value`s with a
    typographic apostrophe ("à l’adresse"; the items' own text gets the same in
    `items.typographic_apostrophes`), and in every value, term and variable a space
    before ":;?!»" or after "«" made a narrow no-break space ("learning\u202f: a study"),
    whatever the locale; affixes are left as they are."""
    from citeproc import model
    from citeproc.string import String

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
    literals: dict = {}  # cs:text -> None (a macro call: left alone), else whether it prints a term or value

    def process(self, item, context=None, **kwargs):
        text, language = text_process(self, item, context, **kwargs)
        try:
            literal = literals[self]
        except KeyError:
            attrib = self.attrib
            literal = literals[self] = None if "macro" in attrib else "term" in attrib or "value" in attrib
        if literal is None:
            return text, language
        if text:  # (printed(), inline: a frame less for each cs:text)
            value = str(text)
            if literal and "'" in value:
                text = text.replace("'", "\u2019")
            if " " in value and (_NARROW.search(value) or "\u00ab " in value):
                text = _narrowed(text)
        if literal and type(text) is String and not _leading_marks_to_prefix(str(text)):
            text = _Literal(text)
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


_STRIPPED = re.compile(r"\.([^a-z]|$)")


def periods_stripped_as_citeproc_js() -> None:
    """`strip-periods` as citeproc-js applies it: a variable's periods go except before a
    lower-case letter ("U.S.A. arXiv.org" -> "USA arXiv.org"), a DOI's and a URL's stay
    ("doi:10.1016/j.media"), a term's and a value's all go. citeproc-py dropped every
    period, a DOI's too."""
    from citeproc import model

    from medsegcite.csl.fixes import compose

    original = model.Text.strip_periods

    def strip_periods(self, string):
        if self.get("strip-periods", "false").lower() != "true":
            # (speed: citeproc-py's method, which strips nothing here either, from now on)
            compose.bypassed(self, "strip_periods", strip_periods, original)
            return string
        if string is None:
            return string
        if "term" in self.attrib or "value" in self.attrib:
            return original(self, string)
        if self.get("variable") in ("URL", "DOI"):
            return string
        return _periods_stripped(string)

    model.Text.strip_periods = strip_periods


def _periods_stripped(text):
    if isinstance(text, list):  # a MixedString: piece by piece
        return type(text)([_periods_stripped(piece) for piece in list.__iter__(text)])
    if not isinstance(text, str) or "." not in text or _is_affix(text):
        return text
    from citeproc.formatter.html import TagWrapper

    if isinstance(text, TagWrapper):  # (HTML) a decorated value: its text, not wrapped again
        stripped = str.__new__(type(text), _STRIPPED.sub(r"\1", str(text)))
        stripped.__dict__.update(text.__dict__)
        return stripped
    return type(text)(_STRIPPED.sub(r"\1", str(text)))


def _is_affix(piece) -> bool:
    """An affix or a delimiter among the pieces of a macro's output: citeproc-js strips the
    periods of the values a macro call with `strip-periods` prints, never of its affixes
    ("J Med Imaging. v. 54.")."""
    return type(piece) is str or isinstance(piece, (_Suffix, _PrefixPiece))


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    typography_of_printed_text: {
        "wraps": ["citeproc.model.Label.process", "citeproc.model.Text.process"],
        "after": ["cached_style_lookups"],
    },
    periods_stripped_as_citeproc_js: {"wraps": ["citeproc.model.Text.strip_periods"]},
}
