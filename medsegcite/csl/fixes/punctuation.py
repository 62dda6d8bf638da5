"""Punctuation where rendered pieces join, merged as citeproc-js merges it."""

from __future__ import annotations

from medsegcite.csl.fixes.pieces import (
    _DECORATIONS,
    _MERGED,
    _PUNCT,
    _PUNCT_OR_SPACE,
    _ClosingTag,
    _Literal,
    _Prefix,
    _Quoted,
    _Suffix,
    _first_char,
    _first_piece,
    _flat,
    _last_piece,
    _last_printed_of,
    _last_printed_piece,
    _merged_onto,
    _through_suffixes,
    _with_last,
    marks_after_a_quoted_value,
    printed_end,
)
from medsegcite.csl.fixes.quotes import _quoted_at_end_of, _with_quoted

_FONT_ATTRIBUTES = frozenset(_DECORATIONS)


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
    from citeproc.formatter.html import TagWrapper
    from citeproc.string import MixedString, String

    global _DecoratedOutput
    _DecoratedOutput = type("_DecoratedOutput", (MixedString,), {"__doc__": _DecoratedOutput.__doc__})

    strip_first = csl_string._strip_first_char
    seam = csl_string.normalize_seam  # citeproc-py's own: a repeated mark or space goes

    from medsegcite.csl.fixes.spacing import mark_kept_after_a_decoration

    def same_mark(left, other):
        return same_mark_after(left, other, _last_printed_piece(left))

    def same_mark_after(left, other, last):
        """`same_mark`, given `_last_printed_piece(left)` (speed: the caller found it already)."""
        if type(last) is _Suffix and last.kind == "number" and last.own:  # a number's own suffix, next to its sibling
            return other
        if str(last).endswith(">"):  # (HTML) a decorated value: its mark, not its tag
            first = _first_char(other)  # (not a decorated sibling's, before the next prefix: spacing.py)
            if first in _PUNCT and printed_end(last) == first and not mark_kept_after_a_decoration(left, other):
                return strip_first(other)
        return seam(left, other)

    def merged(left, other):
        return merged_after(left, other, _last_printed_piece(left))

    def merged_after(left, other, last):
        """`merged`, given `_last_printed_piece(left)`."""
        left_str, other_str = printed_end(last) or str(left), _first_char(other)
        if left_str and other_str and _MERGED.get(left_str[-1], {}).get(other_str) == left_str[-1]:
            return strip_first(other)
        return same_mark_after(left, other, last)

    def concat(left, right):
        if not right and (right == "" or right == []):  # (the truth test first: one for most)
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
        previous = output
        for item in items:
            before, previous = previous, item  # the item before this one, as its element rendered it
            tail = output  # its last piece (_last_piece, inline): the branches below read it
            while isinstance(tail, list) and tail:
                tail = list.__getitem__(tail, -1)
            last, pieces = _quoted_at_end_of(output, tail)
            if last is not None:
                output, delimiter_now, item = _quoted_then(output, last, pieces, str(delimiter), item)
                tail = _last_piece(output)
            else:
                delimiter_now = delimiter
            quirk = getattr(tail, "quirk", None)
            if quirk and delimiter_now and str(delimiter_now)[0] in _PUNCT and str(delimiter_now)[0] != quirk[0][-1]:
                # (what is left of the suffix, the delimiter and the item: no seam merges, as
                # citeproc-js compared them before the cut)
                output = concat(_mark_met_a_cut_suffix(output, quirk), str(delimiter_now)[1:])
                output = concat(output, same_mark(output, item))
                continue
            if quirk and not delimiter and type(_first_piece(item)) is _Prefix and not _first_piece(item).decorated:
                mark = _first_char(item)
                if mark != quirk[0][-1] and len(_MERGED.get(quirk[0][-1], {}).get(mark, "")) != 1:
                    output = _mark_met_a_cut_suffix(output, quirk)
                output = concat(output, strip_first(item))
                continue
            if delimiter_now:
                last = _last_printed_of(output, tail)
                gap = str(delimiter_now)
                # (HTML) a decorated value's tags hide its mark: it merges as in text ("et al." in italics + ". ")
                if isinstance(last, (String, TagWrapper)) or (_suffix_kind(last) == "group" and not last.own):
                    gap = merged_after(output, gap, last)
                else:  # (a delimiter does merge with a number's suffix space)
                    gap = seam(output, gap)
                if gap:
                    output = concat(output, gap)
                    tail = gap
                output = concat(output, same_mark_after(output, item, _last_printed_of(output, tail)))
            elif delimiter:  # the delimiter went inside the quotes
                output = concat(output, same_mark(output, item))
            elif type(_first_piece(item)) is _Literal and _first_char(item) in _PUNCT:
                output = concat(output, item)  # a style's own text is no affix: nothing merges into it
            elif getattr(tail, "eaten", "") and _first_char(item) == tail.eaten:
                # the prefix loses the mark that met the suffix citeproc-js then dropped
                output = concat(output, strip_first(item))
            elif _suffix_kind(tail) == "number":
                output = concat(output, mark_after_a_numbers_suffix(output, item))
            elif decorated_suffix_then_mark(tail, item) or decorated_text_then_mark(before, item):
                output = concat(output, item)
            else:
                output = concat(output, merged_after(output, item, _last_printed_of(output, tail)))
        return output

    def _quoted_then(output, quoted, pieces, delimiter, item):
        """What follows a quoted value in a list: a delimiter's first mark, or (no delimiter)
        the next element's prefix's first mark unless either of the two has a font
        decoration, joins the marks after the quotes (citeproc-js's downward and leftward
        passes). Returns the output, the delimiter and the item, the mark taken from them."""
        own = quoted.owner is not None
        if delimiter:
            quoted, rest = marks_after_a_quoted_value(quoted, delimiter[:1], own, "delimiter")
            return _with_quoted(output, quoted, pieces), rest + delimiter[1:], item
        first = _first_piece(item)
        if type(first) is _Prefix and not first.decorated and not (own and quoted.decorated) and not quoted.shielded:
            quoted, rest = marks_after_a_quoted_value(quoted, first[:1], own, "prefix")
            if not rest:
                return _with_quoted(output, quoted, pieces), "", strip_first(item)
        return output, "", item

    def mark_after_a_numbers_suffix(output, item):
        """What follows a number's suffix: citeproc-js's leftward pass merges a sibling's
        prefix mark into the number's own suffix ("54," + ", nr" gives "54, nr") unless one
        of the two has a font decoration; a mark from further out does not reach a suffix
        inside ("12:" in a group + ". " stays "12:. ", its downward pass stops at a number)."""
        last, first = _last_piece(output), _first_piece(item)
        if (last.own and _first_char(item) in _PUNCT and not getattr(last, "font_decorated", False)
                and not getattr(first, "decorated", False)):
            return strip_first(item) if str(last)[-1:] == _first_char(item) else merged(output, item)
        return same_mark(output, item)

    def prefix_then_first_prefix(prefix, string):
        """An element's prefix and what it wraps: citeproc-js's upward pass may drop a
        space repeated there, never a mark (a group's "," before its first child's ", "
        prints ",, ")."""
        first = _first_char(string)
        if first in _PUNCT and str(prefix)[-1:] == first:
            return string
        return same_mark(prefix, string)

    csl_string.join = join
    model.join = join

    def wrap(self, string):
        decorated = not _FONT_ATTRIBUTES.isdisjoint(self.attrib)  # (_decorated, inline; asked once per wrap)
        if string is not None and not self.get("prefix") and not self.get("suffix"):
            text = unaffixed(self, string, decorated)
            if type(text) is _DecoratedOutput:
                return MixedString(text)
            return _DecoratedOutput(text if isinstance(text, list) else [text]) if decorated else text
        text = affixed(self, string, decorated)
        if type(text) is _DecoratedOutput:  # one level up: no longer a sibling's own text
            return MixedString(text)
        if text is not None and not self.get("suffix") and decorated:
            return _DecoratedOutput(text if isinstance(text, list) else [text])
        return text

    def unaffixed(self, string, decorated: bool):
        """What `affixed` returns for an element with neither prefix nor suffix (~4 of 5
        wraps), its steps that are left without affixes: the first piece's prefix mark seen
        from here, an inner suffix seen from outside, a quoted value's owner let go."""
        first = string  # (_prefix_mark_moved_up)
        while isinstance(first, list) and first:
            first = list.__getitem__(first, 0)
        if type(first) is _Prefix and first.decorated != decorated:
            string = _with_first(string, _Prefix.of(str(first), decorated))
        last = string
        while isinstance(last, list) and last:
            last = list.__getitem__(last, -1)
        if type(last) is _Suffix:  # (its own or a macro's: seen from outside; no suffix to cut)
            if last.own:
                return _with_last(string, _Suffix.of(str(last), last.kind, own=False))
            if last.quirk:
                return _with_last(string, _Suffix.of(str(last), last.kind, last.own, last.eaten))
            return string
        if type(last) is _Quoted and last.body is not None:
            if last.owner is not self and not last.chain:
                last = last.unowned()
            return _with_last(string, last)
        return string

    def affixed(self, string, decorated: bool):
        if string is None:
            return None
        prefix, suffix = self.get("prefix", ""), self.get("suffix", "")
        if prefix and prefix[0] in _PUNCT:
            prefix = _Prefix.of(prefix, decorated)
        elif not prefix:
            string = _prefix_mark_moved_up(string, decorated)
        body = concat(prefix, prefix_then_first_prefix(prefix, string)) if prefix else string
        last = _last_piece(body)
        last_kind = _suffix_kind(last)  # (asked again wherever `last` changes)
        if last_kind and last.own and _calls_macro(self):
            last = _macro_body_between(last)
            body = _with_last(body, last)
            last_kind = _suffix_kind(last)
        if type(last) is _Quoted and last.body is not None:
            own = last.owner is self
            if not own and last.inside and suffix[:1] in _PUNCT and not last.chain:
                last, suffix = _through_suffixes(last.unowned(), [suffix])
            else:
                last, suffix = marks_after_a_quoted_value(last, suffix, own)
            if not own and not last.chain:
                last = last.sealed_by() if self.get("suffix") else last.unowned()
            body = _with_last(body, last)
            last_kind = _suffix_kind(last)
        if suffix[:1] in _PUNCT and last_kind == "leaf" and len(_MERGED.get(last[-1:], {}).get(suffix[0], "")) == 1:
            body, suffix = mark_into_a_leaf_value(body, suffix)
            last = _last_piece(body)
            last_kind = _suffix_kind(last)
        eaten, quirk = "", None
        if suffix and last_kind and last.own:
            given = suffix
            suffix, eaten = suffix_after_a_last_suffix(str(last), suffix, decorated)
            if decorated or self.get("quotes", "false") == "true":
                eaten = ""
            elif suffix != given and not _space_moved_up(str(last), decorated):
                quirk = (given, suffix)
        if not suffix:
            if last_kind and last.own:  # an inner element's suffix, seen from outside
                return _with_last(body, _Suffix.of(str(last), last.kind, own=False, eaten=eaten, quirk=quirk))
            if getattr(last, "quirk", None):  # one level up, a later mark no longer meets that suffix
                body = _with_last(body, _Suffix.of(str(last), last.kind, last.own, last.eaten))
            return body
        if isinstance(self, model.Number) or (isinstance(self, model.Text) and _numeric(self.get("variable"), string)):
            kind = "number"
        elif isinstance(self, model.Label) or (isinstance(self, model.Text) and "macro" not in self.attrib):
            kind = "leaf"
        else:
            kind = "group"
        if kind != "number" and (isinstance(last, String) or last_kind == "group"):
            gap = merged(body, suffix)
        else:
            gap = same_mark(body, suffix)
        if str(gap):
            return concat(body, _Suffix.of(str(gap), kind, quirk=quirk))
        if last_kind and last.own:  # the suffix went whole: the inner one is seen from outside
            return _with_last(body, _Suffix.of(str(last), last.kind, own=False, eaten=eaten, quirk=quirk))
        return body

    model.Affixed.wrap = wrap
    model.normalize_seam = csl_string.normalize_seam = same_mark


def _leading_marks_to_prefix(text: str) -> bool:
    """Whether citeproc-js moves the marks `text` starts with into its prefix (its output
    queue's `append`: a run of ":.;!? " not led by a space, with text after it), where
    they merge as any prefix's do ("o. O." + ".&#160;(In: " gives "o. O.&#160;(In: ")."""
    if not text or text[0] == " ":
        return False
    rest = text.lstrip(":.;!? ")
    return bool(rest) and len(rest) < len(text)

def mark_into_a_leaf_value(body, suffix: str):
    """(`body`, `suffix`) once an element's suffix met the suffix of a value (a variable,
    term or value) its text ends with, and that value's last mark merges with the suffix's
    first into one ("SPIE" + ":" then "."): citeproc-js's downward pass then puts that mark
    into the value itself, before the value's suffix ("SPIE.:"), and a "." right after it
    at the end of the value's suffix; the rest of the suffix stays."""
    from citeproc.string import MixedString, String

    pieces = _flat(body)
    if len(pieces) < 2 or type(pieces[-2]) in (_Quoted, _Prefix, _Suffix) or type(pieces[-2]) is str:
        return body, suffix
    mark, value, own_suffix = suffix[0], pieces[-2], pieces[-1]
    if isinstance(value, String):
        pieces[-2] = type(value)(_merged_onto(str(value), mark))
    else:  # a decorated value (one piece with its decoration): the mark after it
        pieces[-1:-1] = [String(mark)]
    suffix = suffix[1:]
    if suffix[:1] == ".":
        pieces[-1] = _Suffix.of(own_suffix + ".", own_suffix.kind, own_suffix.own, own_suffix.eaten)
        suffix = suffix[1:]
    return MixedString(pieces), suffix


def _prefix_mark_moved_up(text, decorated: bool):
    """`text` whose first piece is a prefix starting with a mark, as the element without a
    prefix of its own that wraps it sees it: citeproc-js's upward pass moves that mark into
    this element's prefix unless the element has a font decoration (then it stays where it
    is, behind that decoration); either way, this element's decoration is what decides
    whether the mark may later join the marks after a quoted value before it."""
    first = _first_piece(text)
    if type(first) is not _Prefix or first.decorated == decorated:
        return text
    return _with_first(text, _Prefix.of(str(first), decorated))


def _with_first(text, piece):
    """`text` with its first piece replaced."""
    from citeproc.string import MixedString

    if isinstance(text, list) and text:
        pieces = list(text)
        pieces[0] = _with_first(pieces[0], piece)
        return MixedString(pieces)
    return piece


def _mark_met_a_cut_suffix(output, quirk):
    """`output` whose last suffix was cut by citeproc-js's last-suffix quirk
    (`suffix_after_a_last_suffix`) when a delimiter's or the next prefix's mark was added
    to that suffix first: the quirk then cut that mark instead, and the suffix's repeated
    first mark; what is left of it is the rest of the suffix ("." then "." and ", " give
    ". ", not "., ")."""
    from citeproc.string import MixedString

    given, left = quirk
    last = _last_piece(output)
    rest = given[1:]
    if left:  # the last piece is what was left of that suffix
        return _with_last(output, _Suffix.of(rest, last.kind, last.own)) if rest else _without_last(output)
    plain = _Suffix.of(str(last), last.kind, last.own, last.eaten)
    return _with_last(output, MixedString([plain, _Suffix.of(rest, "group", own=False)]) if rest else plain)


def _without_last(text):
    from citeproc.string import MixedString

    pieces = _flat(text)
    return MixedString(pieces[:-1])


class _DecoratedOutput(list):
    """What an element with a font decoration and no suffix rendered, as its parent's join
    sees it (a citeproc-py MixedString once installed); any wrap above makes it plain."""


def decorated_text_then_mark(before, item) -> bool:
    """Whether `item` starts with a prefix's mark and follows, side by side, a sibling with
    a font decoration and no suffix, or is itself decorated: citeproc-js keeps both marks
    ("et al." in bold, then ". 2017" prints "et al.. 2017"), but for a repeat of the
    sibling's own suffix."""
    first = _first_piece(item)
    if type(first) is not _Prefix or _first_char(item) not in _PUNCT:
        return False
    if type(before) is _DecoratedOutput:
        return True
    # the next element decorated: no leftward merge; only its own suffix's repeat goes
    last = _last_piece(before)
    return first.decorated and not (_suffix_kind(last) and last.own and str(last)[-1:] == _first_char(item))


def decorated_suffix_then_mark(last, item) -> bool:
    """Whether `item` follows, side by side, the own suffix of a sibling with a font
    decoration and starts with a mark: citeproc-js neither merges the two (its leftward
    pass skips decorated siblings) nor drops a repeated one (its downward pass neither),
    so an italic title's "," and the next prefix's ", " print ",, "."""
    return getattr(last, "font_decorated", False) and _suffix_kind(last) is not None and last.own and _first_char(item) in _PUNCT


def _space_moved_up(inner: str, decorated: bool) -> bool:
    """Whether citeproc-js's upward pass moves the space a last child's suffix `inner` ends
    with into its parent's suffix (not into a decorated element's)."""
    return not decorated and inner.endswith(" ")


def suffix_after_a_last_suffix(inner: str, suffix: str, decorated: bool = False) -> tuple[str, str]:
    """As `_after_a_last_suffix`, once citeproc-js's upward pass has moved the space `inner`
    ends with into the suffix: ". " then " /}" gives ". /}" (the cut then never applies)."""
    moved = _space_moved_up(inner, decorated)
    if moved:
        inner, suffix = inner[:-1], suffix if suffix.startswith(" ") else " " + suffix
    left, eaten = _after_a_last_suffix(inner, suffix)
    return (left[1:] if moved and left.startswith(" ") else left), eaten


def _after_a_last_suffix(inner: str, suffix: str) -> tuple[str, str]:
    """(what is left of a group's or macro's `suffix` after the suffix `inner` of its last
    child, the mark of it dropped at its end). citeproc-js's downward pass drops the last
    character of a suffix whose first repeats the child's last ("." then ". ": it meant to
    drop the repeated mark), then the repeated mark: ". " after "." is gone whole, and the
    next element's prefix loses a space it would have merged with ("2016.Springer")."""
    if not inner or inner[0] not in _PUNCT_OR_SPACE or inner[-1] != suffix[0]:
        return suffix, ""
    left = suffix[:-1]
    if left[:1] in _PUNCT and left[:1] == inner[-1]:
        left = left[1:]
    return left, suffix[-1] if len(suffix) > 1 and suffix[-1] in _PUNCT_OR_SPACE else ""


def _calls_macro(element) -> bool:
    return element.tag == "{http://purl.org/net/xbiblio/csl}text" and "macro" in element.attrib


def _macro_body_between(last: _Suffix) -> _Suffix:
    """The suffix a macro's last element ends with, as seen by the `cs:text` that calls the
    macro: citeproc-js renders the macro's body as a blob of its own, without affixes, between
    the two, so the call's suffix never meets that suffix directly (no last-suffix quirk:
    group suffix "." then the call's ". " gives "Li H. Title", not "Li H.Title")."""
    return _Suffix.of(str(last), last.kind, own=False)


def _suffix_kind(piece) -> str | None:
    return piece.kind if isinstance(piece, _Suffix) else None


_NUMBER_VARIABLES = frozenset({"citation-number", "volume", "issue", "number", "edition", "page", "chapter-number",
                               "collection-number", "number-of-pages", "number-of-volumes"})


def _numeric(variable, text) -> bool:
    return variable in _NUMBER_VARIABLES and str(text).strip().isdigit()


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    punctuation_merged_at_joins: {
        "wraps": [
            "citeproc.model.Affixed.wrap",
            "citeproc.model.join",
            "citeproc.model.normalize_seam",
            "citeproc.string.join",
            "citeproc.string.normalize_seam",
        ],
        # it keeps the seam seams_as_citeproc_js finds
        "after": ["seams_as_citeproc_js"],
        # its decorated pieces (_DecoratedOutput) reach Name.process, whose citeproc-py version joins only strings
        "needs": ["name_lists_joined_as_citeproc_js"],
    },
}
