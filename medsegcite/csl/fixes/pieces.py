"""The piece model of the rendered text that the punctuation, quote and spacing fixes share:
a quoted value (`_Quoted`), a prefix that starts with a mark (`_Prefix`), a style's own
text (`_Literal`), an element's suffix (`_Suffix`), and how marks meet them."""

from __future__ import annotations

import re

from citeproc.string import MixedString, String

from medsegcite.csl.fixes.marks import UNDOING_CLOSE as _UNDOING_CLOSE, UNDOING_MARKS as _UNDOING_MARKS

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

_PUNCT = frozenset(".,;:!?")
_PUNCT_OR_SPACE = _PUNCT | {" ", "\u00a0"}
_SWAP_IN = frozenset(".,!?")  # what citeproc-js moves from a quoted value's suffix into its quotes (not ";", ":")


def _merged_onto(text: str, mark: str) -> str:
    """`mark` added after `text` as citeproc-js's mergeChars adds it: a repeated mark goes,
    a pair of its table merges ("?" + "." -> "?"), any other pair is kept."""
    last = text[-1:]
    if last == mark:
        return text
    kept = _MERGED.get(last, {}).get(mark)
    return text[:-1] + kept if kept else text + mark


def _decorated(element, _names: frozenset = frozenset(_DECORATIONS)) -> bool:
    """citeproc-js counts any font attribute as a decoration, "normal" ones too."""
    return not _names.isdisjoint(element.attrib)  # (no generator: this runs ~20 times per entry)


class _QuotedPiece:
    """A value in the style's quotes, as one piece of the rendered text: its text (`body`),
    the marks moved inside after it (`tail`), and whose quotes they are (`owner`, the
    `cs:text` just rendered, or None once an enclosing element has wrapped it). A piece
    made by a String method (a text case) has no `body` and is plain text again. Made a
    citeproc-py String when the fix is installed (`_Quoted`), so text cases apply to it."""

    body = None
    tail = opening = closing = ""
    owner = None
    inside = decorated = False
    sealed = False  # an enclosing element's suffix came after it (see `_through_suffixes`)
    shielded = False  # inside an element with a font decoration: the next element's prefix stays out
    base = None  # the piece before the enclosing elements' suffixes reached it
    chain = ()  # those suffixes, innermost first, as citeproc-js holds them before its downward pass

    @classmethod
    def of(cls, opening, body, tail, closing, owner, inside, decorated, shielded=False) -> "_QuotedPiece":
        piece = cls(opening + body + tail + closing)
        piece.opening, piece.body, piece.tail, piece.closing = opening, body, tail, closing
        piece.owner, piece.inside, piece.decorated = owner, inside, decorated
        if shielded:
            piece.shielded = True
        return piece

    def last_mark(self) -> str:
        return (self.tail or self.body)[-1:]

    def remade(self, inner: str, body_length: int, owner) -> "_QuotedPiece":
        body = inner[:body_length]
        return _Quoted.of(self.opening, body, inner[len(body):], self.closing, owner, self.inside, self.decorated, self.shielded)

    def taking(self, mark: str) -> "_QuotedPiece":
        """`mark` inside, after the marks already there (citeproc-js's swapToTheLeft)."""
        return self.remade(_merged_onto(self.body + self.tail, mark), len(self.body), self.owner)

    def migrating(self, mark: str) -> "_QuotedPiece":
        """An enclosing element's mark inside, before the value's own marks (citeproc-js's
        downward pass reaches the text before its fix pass swaps the value's own suffix)."""
        body = _merged_onto(self.body, mark)
        inner = body
        for own in self.tail:
            inner = _merged_onto(inner, own)
        return self.remade(inner, len(body), None)

    def unowned(self) -> "_QuotedPiece":
        return self if self.owner is None else _Quoted.of(self.opening, self.body, self.tail, self.closing, None, self.inside, self.decorated, self.shielded)

    def sealed_by(self) -> "_QuotedPiece":
        """The piece once an enclosing element's suffix followed it, without
        `punctuation-in-quote` (no later mark goes in)."""
        piece = _Quoted.of(self.opening, self.body, self.tail, self.closing, None, self.inside, self.decorated, self.shielded)
        piece.sealed = True
        return piece

    def sealed_in(self, base, chain) -> "_QuotedPiece":
        """The piece with every suffix that enclosed it spent inside its quotes, and what it
        was made from (`_through_suffixes` remakes it when a later mark reaches them)."""
        piece = _Quoted.of(self.opening, self.body, self.tail, self.closing, None, self.inside, self.decorated, self.shielded)
        piece.sealed, piece.base, piece.chain = True, base, tuple(chain)
        return piece

    def in_decorated_element(self) -> "_QuotedPiece":
        """The piece as the last of a decorated element's text (`decorated_keeping_a_final_quote`)."""
        piece = _Quoted.of(self.opening, self.body, self.tail, self.closing, self.owner, self.inside, self.decorated, True)
        if self.chain:
            piece.sealed, piece.base, piece.chain = True, self.base.in_decorated_element(), self.chain
        return piece

    def reached_by(self, marks: str, source: str) -> tuple["_QuotedPiece", str]:
        """`marks` after a piece sealed inside its enclosing elements' suffixes, as
        citeproc-js's output queue treats them: the next element's prefix (its leftward
        pass: a mark repeating the outermost suffix's last goes, another merges onto it), a
        delimiter (copied onto that suffix unless it repeats its last mark), an enclosing
        element's suffix (one more level); then the downward pass (`_through_suffixes`)."""
        chain = list(self.chain)
        if source == "suffix":
            chain.append(marks)
            marks = ""
        else:
            mark, marks = marks[0], marks[1:]
            if chain[-1][-1:] != mark:
                chain[-1] = _merged_onto(chain[-1], mark) if source == "prefix" else chain[-1] + mark
        piece, outside = _through_suffixes(self.base, chain)
        return piece, outside + marks


class _PrefixPiece:
    """A prefix that starts with a mark, and whether its element has a font decoration
    (a citeproc-py String once installed, `_Prefix`, so a text case keeps it a piece)."""

    decorated = False

    @classmethod
    def of(cls, text: str, decorated: bool) -> "_PrefixPiece":
        piece = cls(text)
        piece.decorated = decorated
        return piece


class _ClosingTagPiece:
    """The closing tag of a decoration wrapped around rendered text (`</span>`), and the
    last character that text prints (`end`): citeproc-js merges a mark after the
    decoration with that character, as it does after `<b>Doe S.</b>` (a citeproc-py String
    once installed, `_ClosingTag`)."""

    end = ""

    @classmethod
    def of(cls, tag: str, end: str) -> "_ClosingTagPiece":
        piece = cls(tag)
        piece.end = end
        return piece


# _QuotedPiece, _PrefixPiece, a style's own text as citeproc-py Strings (punctuation_merged_at_joins)
_Quoted = type("_Quoted", (_QuotedPiece, String), {})
_Prefix = type("_Prefix", (_PrefixPiece, String), {})
_ClosingTag = type("_ClosingTag", (_ClosingTagPiece, String), {})
# A `value` or a term printed by cs:text: citeproc-js keeps it as text, not as an affix,
# so a mark it starts with never merges with the mark before it ("et al." + ". ").
_Literal = type("_Literal", (String,), {})


def marks_after_a_quoted_value(quoted: _Quoted, marks: str, own: bool, source: str = "suffix") -> tuple[_Quoted, str]:
    """The marks that follow a quoted value (its own suffix, or the suffix, delimiter or next
    prefix of what encloses it), as citeproc-js's output queue places them: (the piece, the
    marks still outside).

    - its own suffix: with `punctuation-in-quote`, its leading ".,!?" go inside, merged
      ("Why?" + "." -> "“Why?”"); without, a repeated mark goes;
    - an enclosing element's mark: with `punctuation-in-quote` any of ".,;:!?" goes inside,
      before the value's own marks (a title's "," and its macro's "." give "“Title.,”");
      without, only a mark that merges into the last one ("Why?" + ".") or repeats it;
    - after a piece sealed inside enclosing suffixes: as `_QuotedPiece.reached_by` says
      (`source`: "suffix", "delimiter" or "prefix").
    """
    if not marks or marks[0] not in _PUNCT:
        return quoted, marks
    if quoted.chain and not own:
        return quoted.reached_by(marks, source)
    if own:
        if quoted.inside:
            while marks and marks[0] in _SWAP_IN:
                quoted, marks = quoted.taking(marks[0]), marks[1:]
        elif marks[0] == quoted.last_mark():
            marks = marks[1:]
        return quoted, marks
    mark, last = marks[0], quoted.last_mark()
    if mark == last:
        return quoted.unowned(), marks[1:]
    if quoted.sealed:
        return quoted, marks
    if quoted.inside or len(_MERGED.get(last, {}).get(mark, "")) == 1:
        quoted, marks = quoted.migrating(mark), marks[1:]
        if quoted.inside and marks[:1] == ".":
            quoted, marks = quoted.taking("."), marks[1:]
    return quoted.unowned(), marks


def _through_suffixes(base: _Quoted, chain) -> tuple[_Quoted, str]:
    """(the quoted piece `base`, the marks left outside) once the suffixes of the elements
    that enclose it (`chain`, innermost first) went down as citeproc-js's downward pass
    takes them with `punctuation-in-quote`: from the outermost in, a suffix's first mark
    merges onto the end of the suffix below it, and a "." right after it follows; the
    innermost's go into the quotes (`marks_after_a_quoted_value`); a level's mark left
    that repeats the last mark below it goes. So "," then the layout's "." give
    "“Title,.”", "." then ";" give "“Title.”;"."""
    levels = list(chain)
    for k in range(len(levels) - 1, 0, -1):
        outer = levels[k]
        if outer[:1] in _PUNCT:
            levels[k - 1] = _merged_onto(levels[k - 1], outer[0])
            outer = outer[1:]
            if outer[:1] == ".":
                levels[k - 1], outer = levels[k - 1] + ".", outer[1:]
            below = next((level[-1] for level in reversed(levels[:k]) if level), base.last_mark())
            if outer[:1] in _PUNCT and outer[0] == below:  # its "squash dupes"
                outer = outer[1:]
            levels[k] = outer
    piece, rest = marks_after_a_quoted_value(base, levels[0], own=False)
    if rest[:1] in _PUNCT and rest[0] == piece.last_mark():
        rest = rest[1:]
    outside = rest + "".join(levels[1:])
    return (piece, outside) if outside else (piece.sealed_in(base, chain), "")


def _flat(text) -> list:
    if not isinstance(text, list):
        return [text]
    return [piece for part in list.__iter__(text) for piece in _flat(part)]


def _first_char(text) -> str:
    """`str(text)[:1]` without building all of `text` (speed: a seam reads one character of
    a whole rendered element): a MixedString prints its pieces one after the other, so its
    first piece's first character is its own whenever that piece prints one."""
    head = text
    while isinstance(head, MixedString) and head:
        head = list.__getitem__(head, 0)
    return str(head)[:1] or str(text)[:1]


def _first_piece(text):
    while isinstance(text, list) and text:
        text = list.__getitem__(text, 0)
    return text


class _Suffix(str):
    """An element's suffix as a piece of the rendered text: of a number, of a leaf (a
    variable, term or value), or of a group or macro; `own` while it is the suffix of the
    element just wrapped."""

    kind = "group"
    own = True
    eaten = ""  # the last mark of an enclosing suffix citeproc-js dropped after this one
    quirk = None  # (the suffix given, what is left of it) when `suffix_after_a_last_suffix` cut it

    @classmethod
    def of(cls, text: str, kind: str, own: bool = True, eaten: str = "", quirk=None) -> "_Suffix":
        piece = cls(text)
        piece.kind, piece.own, piece.eaten = kind, own, eaten
        if quirk:
            piece.quirk = quirk
        return piece


def _with_last(text, piece):
    """`text` with its last piece replaced."""
    from citeproc.string import MixedString

    if isinstance(text, list) and text:
        pieces = list(text)
        pieces[-1] = _with_last(pieces[-1], piece)
        return MixedString(pieces)
    return piece


def _last_piece(text):
    while isinstance(text, list) and text:
        text = list.__getitem__(text, -1)  # MixedString indexes its characters
    return text


_CLOSING_TAGS = re.compile(r"(?:</[a-z]+>)+$")


def printed_end(piece) -> str:
    """The last character `piece` prints: in HTML, a decorated value's (`<b>Doe Co.</b>`
    ends in "."), as citeproc-js sees it when it merges marks, whatever the decorations;
    "" for a piece that ends in no decorated value."""
    text = str(piece)
    if not text.endswith(">"):
        return text[-1:]
    if type(piece) is _ClosingTag:
        return piece.end
    from citeproc.formatter.html import TagWrapper

    if not isinstance(piece, TagWrapper):
        return text[-1:]
    return _CLOSING_TAGS.sub("", text).rstrip(_UNDOING_CLOSE)[-1:]  # (an undoing span inside closes there too)


def _last_printed_of(text, tail):
    """`_last_printed_piece(text)`, given `text`'s last piece (speed: no second walk when
    that piece prints, as it mostly does)."""
    if not isinstance(tail, list):
        printed = str(tail)
        if printed and printed.strip(_UNDOING_MARKS):
            return tail
    return _last_printed_piece(text)


def _last_printed_piece(text):
    """The last piece that prints something: in HTML, the marks of an undoing decoration
    (`font-style="normal"` on "et al.": marks.NORMAL_MARKS) print nothing and hide no
    mark from the next delimiter ("et al." + ". " -> "et al. ", as in text)."""
    if isinstance(text, list):
        for piece in list.__reversed__(text):  # (MixedString indexes its characters)
            if isinstance(piece, list):
                found = _last_printed_piece(piece)
                if found is not None:
                    return found
            else:  # (a leaf, tested here: no call per piece)
                printed = str(piece)
                if printed and printed.strip(_UNDOING_MARKS):
                    return piece
        return _last_piece(text)
    return None if not str(text) or not str(text).strip(_UNDOING_MARKS) else text
