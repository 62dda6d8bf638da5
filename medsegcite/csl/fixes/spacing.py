"""Spaces where rendered pieces meet, kept or dropped as citeproc-js does.

citeproc-py drops a space at every seam where two meet ("Title, " + " 54" gives
"Title, 54"). citeproc-js drops one only where it moves affixes: an element's leading
or trailing space moves out of it, and goes if the space next to it is already there;
but nothing moves out of a decorated element (font-style, -variant, -weight,
text-decoration, vertical-align, any value, or quotes), and a decorated element's
suffix does not swallow the prefix of the element after it. So "Analysis" in italics
with the suffix ", " before a group prefixed " " prints "Analysis,  54", and a bold
date whose group is prefixed " (" keeps that space after the delimiter before it.
The value of a decorated element is one `Decorated` piece (text output; in HTML its
tags keep the seams apart already), and a decorated element's suffix piece says so.
"""

from __future__ import annotations

from medsegcite.csl.fixes.marks import UNDOING_MARKS
from medsegcite.csl.fixes.display import MARK_CHARS, without_char
from medsegcite.csl.fixes.pieces import _PrefixPiece, _decorated

_SEAM_MARKS = frozenset(".,;:!?")  # citeproc-py's seam: a repeated space or one of these goes
_SPACES = " \u00a0"
_DECORATIONS = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


class Decorated(str):
    """A decorated element's text in text output: spaces at its ends are its own.
    `decorated_by`: the element whose value it is, None once an element around it has
    wrapped it (in HTML its tag-wrapped value says the same)."""

    decorated_by = None

    def owned_by(self, element) -> "Decorated":
        self.decorated_by = element
        return self


def seams_as_citeproc_js() -> None:
    """The seam function of citeproc-py (a repeated space or mark where two pieces join
    goes), with citeproc-js's exceptions: spaces of decorated elements stay, and display
    wrappers' marks are seen through. Installed before the join fixes (punctuation.py),
    which keep the seam function they find."""
    from citeproc import string as csl_string

    from citeproc.string import MixedString

    strip_first = csl_string._strip_first_char
    # (HTML) an undoing decoration's marks print nothing either: "et al." in font-style="normal" + ". "
    MARKS = MARK_CHARS + UNDOING_MARKS

    def normalize_seam(left, other):
        head = other  # (_first_char, inline: the whole of `other` only when marks need it)
        while isinstance(head, MixedString) and head:
            head = list.__getitem__(head, 0)
        first = str(head)[:1] or str(other)[:1]
        if not first:
            return other
        # (speed) `left` is the output so far: its last piece's text tells its last character,
        # unless that piece is empty or ends in a wrapper's mark
        tail = left
        while isinstance(tail, list) and tail:
            tail = list.__getitem__(tail, -1)  # MixedString indexes its characters
        left_text = str(tail)
        if not left_text or left_text[-1] in MARKS:
            left_text = str(left)
        if not left_text:
            return other
        last, at = left_text[-1], 0
        if last in MARKS or first in MARKS:
            other_text = str(other)
            last = left_text.rstrip(MARKS)[-1:]
            at = len(other_text) - len(other_text.lstrip(MARKS))
            first = other_text[at : at + 1]
        if not last or last != first:
            return other
        if last == " ":
            if _space_kept(left, other):
                return other
        elif last == "\u00a0":
            if _no_break_space_kept(left) or _space_kept(left, other):
                return other
        elif last not in _SEAM_MARKS or mark_kept_after_a_decoration(left, other):
            return other
        return without_char(other, at) if at else strip_first(other)

    csl_string.normalize_seam = normalize_seam


def mark_kept_after_a_decoration(left, other) -> bool:
    """Whether the mark a sibling's prefix starts with stays after the same mark: citeproc-js
    merges the two only if the element before has no decoration (its leftward and downward
    passes skip a decorated child: "Analysis," in italics + ", SPIE" keeps both), and not
    into a decorated element's inside; a delimiter or the element's own suffix merges."""
    first = _edge_piece(other, 0)
    if isinstance(first, Decorated):
        return True
    if not isinstance(first, _PrefixPiece):
        return False  # a delimiter or another affix: not a sibling's prefix
    last = _edge_piece(left, -1)
    if getattr(last, "decorated_by", None) is not None:
        return True  # the end of a decorated sibling's value, not of an element around one
    return getattr(last, "font_decorated", False) and getattr(last, "own", False)


def _no_break_space_kept(left) -> bool:
    """Whether a no-break space that ends `left` stays before the one `other` starts with:
    citeproc-js merges the two only across one level (a sibling's own suffix, or a
    delimiter, against the next prefix, which moves up to meet it), for it moves only
    plain spaces out of the end of an element ("Analysis.&#160;" in a macro, then
    "&#160;Signals", keeps both), a value (or a name with its affixes) is no suffix, and a
    prefix keeps its child's prefix's."""
    if not isinstance(left, list):
        return True  # an element's own prefix, then its first child's
    last = _edge_piece(left, -1)
    return not (type(last) is str or getattr(last, "own", False) is True)  # a delimiter, or a sibling's own suffix


def _space_kept(left, other) -> bool:
    last = _edge_piece(left, -1)
    first = _edge_piece(other, 0)
    if getattr(first, "literal", False):
        return True  # the start of a style's own text (" Available from: ")
    if isinstance(last, Decorated) or getattr(last, "literal", False) or isinstance(first, Decorated):
        return True  # a space of a decorated element, or the end of a style's own text ("URL: ")
    # a decorated element's own suffix, next to its sibling (not a delimiter: a plain str)
    if not (getattr(last, "decorated", False) and getattr(last, "own", False)) or getattr(last, "delimited", False):
        return False
    if type(other) is str:
        # the delimiter takes the suffix's space, and its own then takes the next
        # prefix's ("In: " + " " + " Neural" gives "In: Neural", as in citeproc-js)
        last.delimited = True
        return False
    return True


def first_piece(text):
    """The first piece of a rendered text (a `Decorated` one is a decorated element's inside)."""
    return _edge_piece(text, 0)


def _edge_piece(text, index: int):
    while isinstance(text, list) and text:
        text = list.__getitem__(text, index)  # MixedString indexes its characters
    return text


def decorated_elements_keep_their_spaces() -> None:
    """A decorated element's value becomes one `Decorated` piece in text output (and stays
    one through text case), and its suffix piece is marked as a decorated element's (for
    the seams above). After punctuation_merged_at_joins and text_case_as_citeproc_js,
    whose `wrap` and `case` this wraps."""
    from citeproc import formatter, model

    from medsegcite.csl.fixes.quotes import decorated_keeping_a_final_quote

    decorated: dict = {}  # element -> whether it is decorated (speed: found once per element)

    def is_decorated(element) -> bool:
        found = decorated.get(element)
        if found is None:
            found = decorated[element] = any(element.get(name) for name in _DECORATIONS) or element.get("quotes") == "true"
        return found

    # The last of the five steps of `format` (citeproc-py's order; decorations.py's
    # `format` keeps it and calls the steps it finds).
    last_step = model.Formatted.vertical_align

    def vertical_align(self, text):
        text = last_step(self, text)
        if text is None:
            return text
        found = decorated.get(self)  # (is_decorated's look-up, without its call: ~25 per entry)
        if found is None:
            found = is_decorated(self)
        if found and str(text):
            if self.get_formatter() is formatter.plain:  # (punctuation.py: a final quote's marks still go in)
                return decorated_keeping_a_final_quote(text, lambda body: Decorated(body).owned_by(self))
            if hasattr(text, "__dict__"):  # (HTML) the tag-wrapped value
                text.decorated_by = self
        return text

    vertical_align.undecorated_passes_to = last_step  # (speed.py: an undecorated element's text is last_step's)
    model.Formatted.vertical_align = vertical_align
    original_wrap = model.Affixed.wrap
    literals = _Literals()

    known: dict = {}  # element -> (literal, decorated): both found once per element, as above

    def wrap(self, string):
        facts = known.get(self)
        if facts is None:
            facts = known[self] = (self in literals, is_decorated(self))
        literal, decorates = facts
        if string is not None and literal:
            # citeproc-js never merges a style's own text with an affix or delimiter
            text = str(string)
            for edge, space in ((-1, text[-1:] in _SPACES), (0, text[:1] in _SPACES)):
                piece = _edge_piece(string, edge)
                if space and hasattr(piece, "__dict__"):
                    piece.literal = True
        if string is not None and decorates and self.get("prefix", "").endswith(" "):
            string = _first_space_dropped(string)
        text = original_wrap(self, string)
        if text is not None:
            last = text  # (_edge_piece(text, -1), inline: once per wrap)
            while isinstance(last, list) and last:
                last = list.__getitem__(last, -1)
            if decorates and self.get("suffix") and hasattr(last, "own"):  # punctuation.py's suffix piece
                last.decorated = True  # (quotes too: spaces inside stay, `_space_kept`)
                last.font_decorated = _decorated(self)  # (marks: citeproc-js's passes skip font decorations only)
            elif getattr(last, "decorated_by", None) is not None and last.decorated_by is not self:
                last.decorated_by = None  # a decorated value inside another element: that one is no decorated one
        return text

    model.Affixed.wrap = wrap
    case = model.TextCased.case

    def decorated_case(self, text, language=None):
        cased = case(self, text, language)
        return Decorated(cased).owned_by(text.decorated_by) if isinstance(text, Decorated) and cased is not None else cased

    model.TextCased.case = decorated_case  # (text_case.py's makes every piece a String)


def _first_space_dropped(string):
    """A decorated element's value without the leading space of its first child's prefix:
    citeproc-js drops it after the element's own prefix's space, decorated or not
    ("; " + " 2019", not "Springer;  2019"); a style's own text keeps its space."""
    from citeproc import string as csl_string

    first = _edge_piece(string, 0)
    if isinstance(first, Decorated) and first.startswith(" ") and not getattr(first, "literal", False):
        return csl_string._strip_first_char(string) if isinstance(string, list) else Decorated(string[1:]).owned_by(string.decorated_by)
    return string


class _Literals(dict):
    """element -> whether it prints a style's own text (`value`, a term); asked once per element."""

    def __contains__(self, element) -> bool:
        found = self.get(element)
        if found is None:
            found = self[element] = element.tag.endswith("}text") and ("value" in element.attrib or "term" in element.attrib)
        return found


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    seams_as_citeproc_js: {"wraps": ["citeproc.string.normalize_seam"]},
    decorated_elements_keep_their_spaces: {
        "wraps": [
            "citeproc.model.Affixed.wrap",
            "citeproc.model.Formatted.vertical_align",
            "citeproc.model.TextCased.case",
        ],
        # it wraps punctuation's wrap and text_case's case
        "after": ["punctuation_merged_at_joins", "quoted_values_take_marks", "text_case_as_citeproc_js"],
    },
}
