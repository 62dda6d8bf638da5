"""Fixes on the rendered string."""

from __future__ import annotations

import re


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


_Quoted = _Prefix = _Literal = None  # _QuotedPiece, _PrefixPiece, a style's own text as citeproc-py Strings (punctuation_merged_at_joins)


class _PrefixPiece:
    """A prefix that starts with a mark, and whether its element has a font decoration
    (a citeproc-py String once installed, `_Prefix`, so a text case keeps it a piece)."""

    decorated = False

    @classmethod
    def of(cls, text: str, decorated: bool) -> "_PrefixPiece":
        piece = cls(text)
        piece.decorated = decorated
        return piece


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


_DISPLAY_CLOSE = frozenset("\ue011\ue013\ue015\ue017")  # display.py's closing marks


def _quoted_at_end(text):
    """(the quoted value `text` ends with, None) or, when a display wrapper closes right
    after it, (that value, the pieces of `text`); (None, None) when it ends otherwise. A
    display wrapper is no blob of its own for citeproc-js's punctuation passes."""
    last = _last_piece(text)
    if type(last) is _Quoted:
        return (last, None) if last.body is not None else (None, None)
    if isinstance(text, list) and type(last) is not str and str(last) in _DISPLAY_CLOSE:
        pieces = _flat(text)
        if len(pieces) > 1 and type(pieces[-2]) is _Quoted and pieces[-2].body is not None:
            return pieces[-2], pieces
    return None, None


def decorated_keeping_a_final_quote(text, decorated):
    """A decorated element's `text` made one `decorated` piece (spacing.py), but a quoted
    value it ends with kept a piece of its own: citeproc-js's downward pass moves a later
    delimiter's or suffix's mark into those quotes through any font decoration
    ("«Title,» n. d." with an italic group around the title)."""
    last = _last_piece(text)
    if type(last) is not _Quoted or last.body is None:
        return decorated(text)
    from citeproc.string import MixedString

    head = "".join(map(str, _flat(text)[:-1]))
    return MixedString(([decorated(head)] if head else []) + [last.in_decorated_element()])


def _flat(text) -> list:
    if not isinstance(text, list):
        return [text]
    return [piece for part in list.__iter__(text) for piece in _flat(part)]


def _with_quoted(text, quoted, pieces):
    from citeproc.string import MixedString

    return _with_last(text, quoted) if pieces is None else MixedString(pieces[:-2] + [quoted, pieces[-1]])


def marks_into_final_quote(text, suffix: str):
    """(`text`, `suffix`) with the suffix's marks that go inside a quoted value `text` ends
    with moved in, as for any enclosing element's suffix: for the layout's suffix where the
    layout adds it itself (display wrappers, second-field-align)."""
    quoted, pieces = _quoted_at_end(text) if suffix else (None, None)
    if quoted is None:
        return text, suffix
    quoted, suffix = marks_after_a_quoted_value(quoted, suffix, own=False)
    return _with_quoted(text, quoted, pieces), suffix


def _first_piece(text):
    while isinstance(text, list) and text:
        text = list.__getitem__(text, 0)
    return text


def quoted_values_take_marks() -> None:
    """A value in quotes is rendered as one piece that knows its quotes, so the marks that
    follow it can go inside as citeproc-js puts them (`marks_after_a_quoted_value`)."""
    from citeproc import model

    def quote(self, string):
        if string is None or self.get("quotes", "false").lower() != "true":
            return string
        opening, closing = str(self.get_single_term(name="open-quote")), str(self.get_single_term(name="close-quote"))
        inside = self.get_locale_option("punctuation-in-quote").lower() == "true"
        return _Quoted.of(opening, str(string), "", closing, self, inside, _decorated(self))

    model.Quoted.quote = quote
    from citeproc import formatter

    # In text output each font step makes its text one str: a quoted value the text ends
    # with stays a piece of its own (`decorated_keeping_a_final_quote`).
    for name in ("font_style", "font_variant", "font_weight", "text_decoration", "vertical_align"):
        setattr(model.Formatted, name, _final_quote_kept_by(getattr(model.Formatted, name), formatter.plain))


def _final_quote_kept_by(step, plain):
    def format_step(self, text):
        if type(_last_piece(text)) is _Quoted and self.get_formatter() is plain:
            from citeproc.string import MixedString

            pieces = _flat(text)
            head = step(self, MixedString(pieces[:-1])) if len(pieces) > 1 else ""
            return MixedString(([head] if head else []) + [pieces[-1]])
        return step(self, text)

    return format_step


_LOCALE_OPTIONS: dict = {}


def punctuation_in_quote_as_citeproc_js_reads_it() -> None:
    """`punctuation-in-quote` as citeproc-js resolves it: the locale file of the style's
    language first (en-US: true), then the style's own `cs:locale`s, each overriding the
    one before only where its `style-options` set it: no `xml:lang`, the language ("fr"),
    the dialect ("fr-FR"). citeproc-py took the first locale with any `style-options`, so
    a style's `<locale>` setting only `limit-day-ordinals-to-day-1` turned en-US's off."""
    from citeproc import PRIMARY_DIALECTS, model

    original = model.CitationStylesElement.get_locale_option

    def get_locale_option(self, name):
        root = self.get_root()
        if name != "punctuation-in-quote" or not isinstance(root, model.Style) or getattr(root, "locales", None) is None:
            return original(self, name)
        try:
            return _LOCALE_OPTIONS[root]
        except KeyError:
            pass
        value = "false"
        system = [locale for locale in root.locales if locale.getparent() is None]
        if system:
            options = system[0].find("cs:style-options", root.nsmap)
            if options is not None:
                value = options.get(name, "false")
        dialect = root.get("default-locale", "en-US")
        language = dialect.split("-")[0]
        order = [None, language, PRIMARY_DIALECTS.get(language, dialect), dialect]
        lang = "{http://www.w3.org/XML/1998/namespace}lang"
        for wanted in dict.fromkeys(order):
            for locale in root.iterchildren("{http://purl.org/net/xbiblio/csl}locale"):
                if locale.get(lang) == wanted:
                    options = locale.find("cs:style-options", root.nsmap)
                    if options is not None and options.get(name) is not None:
                        value = options.get(name)
        _LOCALE_OPTIONS[root] = value
        return value

    model.CitationStylesElement.get_locale_option = get_locale_option


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
    global _Quoted, _Prefix, _Literal
    from citeproc import model
    from citeproc import string as csl_string
    from citeproc.formatter.html import TagWrapper
    from citeproc.string import MixedString, String

    global _DecoratedOutput
    _DecoratedOutput = type("_DecoratedOutput", (MixedString,), {"__doc__": _DecoratedOutput.__doc__})
    _Quoted = type("_Quoted", (_QuotedPiece, String), {})
    _Prefix = type("_Prefix", (_PrefixPiece, String), {})
    # A `value` or a term printed by cs:text: citeproc-js keeps it as text, not as an affix,
    # so a mark it starts with never merges with the mark before it ("et al." + ". ").
    _Literal = type("_Literal", (String,), {})

    strip_first = csl_string._strip_first_char
    seam = csl_string.normalize_seam  # citeproc-py's own: a repeated mark or space goes

    from medsegcite.csl.fixes.spacing import mark_kept_after_a_decoration

    def same_mark(left, other):
        last = _last_printed_piece(left)
        if _suffix_kind(last) == "number" and last.own:  # a number's own suffix, next to its sibling
            return other
        if str(last).endswith(">"):  # (HTML) a decorated value: its mark, not its tag
            first = str(other)[:1]  # (not a decorated sibling's, before the next prefix: spacing.py)
            if first in _PUNCT and printed_end(last) == first and not mark_kept_after_a_decoration(left, other):
                return strip_first(other)
        return seam(left, other)

    def merged(left, other):
        left_str, other_str = printed_end(_last_printed_piece(left)) or str(left), str(other)
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
        previous = output
        for item in items:
            before, previous = previous, item  # the item before this one, as its element rendered it
            last, pieces = _quoted_at_end(output)
            if last is not None:
                output, delimiter_now, item = _quoted_then(output, last, pieces, str(delimiter), item)
            else:
                delimiter_now = delimiter
            quirk = getattr(_last_piece(output), "quirk", None)
            if quirk and delimiter_now and str(delimiter_now)[0] in _PUNCT and str(delimiter_now)[0] != quirk[0][-1]:
                # (what is left of the suffix, the delimiter and the item: no seam merges, as
                # citeproc-js compared them before the cut)
                output = concat(_mark_met_a_cut_suffix(output, quirk), str(delimiter_now)[1:])
                output = concat(output, same_mark(output, item))
                continue
            if quirk and not delimiter and type(_first_piece(item)) is _Prefix and not _first_piece(item).decorated:
                mark = str(item)[:1]
                if mark != quirk[0][-1] and len(_MERGED.get(quirk[0][-1], {}).get(mark, "")) != 1:
                    output = _mark_met_a_cut_suffix(output, quirk)
                output = concat(output, strip_first(item))
                continue
            if delimiter_now:
                last = _last_printed_piece(output)
                gap = str(delimiter_now)
                # (HTML) a decorated value's tags hide its mark: it merges as in text ("et al." in italics + ". ")
                if isinstance(last, (String, TagWrapper)) or (_suffix_kind(last) == "group" and not last.own):
                    gap = merged(output, gap)
                else:  # (a delimiter does merge with a number's suffix space)
                    gap = seam(output, gap)
                output = concat(output, gap)
                output = concat(output, same_mark(output, item))
            elif delimiter:  # the delimiter went inside the quotes
                output = concat(output, same_mark(output, item))
            elif type(_first_piece(item)) is _Literal and str(item)[:1] in _PUNCT:
                output = concat(output, item)  # a style's own text is no affix: nothing merges into it
            elif getattr(_last_piece(output), "eaten", "") and str(item)[:1] == _last_piece(output).eaten:
                # the prefix loses the mark that met the suffix citeproc-js then dropped
                output = concat(output, strip_first(item))
            elif _suffix_kind(_last_piece(output)) == "number":
                output = concat(output, mark_after_a_numbers_suffix(output, item))
            elif decorated_suffix_then_mark(_last_piece(output), item) or decorated_text_then_mark(before, item):
                output = concat(output, item)
            else:
                output = concat(output, merged(output, item))
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
        if (last.own and str(item)[:1] in _PUNCT and not getattr(last, "font_decorated", False)
                and not getattr(first, "decorated", False)):
            return strip_first(item) if str(last)[-1:] == str(item)[:1] else merged(output, item)
        return same_mark(output, item)

    def prefix_then_first_prefix(prefix, string):
        """An element's prefix and what it wraps: citeproc-js's upward pass may drop a
        space repeated there, never a mark (a group's "," before its first child's ", "
        prints ",, ")."""
        first = str(string)[:1]
        if first in _PUNCT and str(prefix)[-1:] == first:
            return string
        return same_mark(prefix, string)

    csl_string.join = join
    model.join = join

    def wrap(self, string):
        text = affixed(self, string)
        if type(text) is _DecoratedOutput:  # one level up: no longer a sibling's own text
            return MixedString(text)
        if text is not None and not self.get("suffix") and _decorated(self):
            return _DecoratedOutput(text if isinstance(text, list) else [text])
        return text

    def affixed(self, string):
        if string is None:
            return None
        prefix, suffix = self.get("prefix", ""), self.get("suffix", "")
        if prefix and prefix[0] in _PUNCT:
            prefix = _Prefix.of(prefix, _decorated(self))
        elif not prefix:
            string = _prefix_mark_moved_up(string, _decorated(self))
        body = concat(prefix, prefix_then_first_prefix(prefix, string)) if prefix else string
        last = _last_piece(body)
        if _suffix_kind(last) and last.own and _calls_macro(self):
            last = _macro_body_between(last)
            body = _with_last(body, last)
        if type(last) is _Quoted and last.body is not None:
            own = last.owner is self
            if not own and last.inside and suffix[:1] in _PUNCT and not last.chain:
                last, suffix = _through_suffixes(last.unowned(), [suffix])
            else:
                last, suffix = marks_after_a_quoted_value(last, suffix, own)
            if not own and not last.chain:
                last = last.sealed_by() if self.get("suffix") else last.unowned()
            body = _with_last(body, last)
        if suffix[:1] in _PUNCT and _suffix_kind(last) == "leaf" and len(_MERGED.get(last[-1:], {}).get(suffix[0], "")) == 1:
            body, suffix = mark_into_a_leaf_value(body, suffix)
            last = _last_piece(body)
        eaten, quirk = "", None
        if suffix and _suffix_kind(last) and last.own:
            given = suffix
            suffix, eaten = suffix_after_a_last_suffix(str(last), suffix, _decorated(self))
            if _decorated(self) or self.get("quotes", "false") == "true":
                eaten = ""
            elif suffix != given and not _space_moved_up(str(last), _decorated(self)):
                quirk = (given, suffix)
        if not suffix:
            if _suffix_kind(last) and last.own:  # an inner element's suffix, seen from outside
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
        if kind != "number" and (isinstance(last, String) or _suffix_kind(last) == "group"):
            gap = merged(body, suffix)
        else:
            gap = same_mark(body, suffix)
        if str(gap):
            return concat(body, _Suffix.of(str(gap), kind, quirk=quirk))
        if _suffix_kind(last) and last.own:  # the suffix went whole: the inner one is seen from outside
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
    if type(first) is not _Prefix or str(item)[:1] not in _PUNCT:
        return False
    if type(before) is _DecoratedOutput:
        return True
    # the next element decorated: no leftward merge; only its own suffix's repeat goes
    last = _last_piece(before)
    return first.decorated and not (_suffix_kind(last) and last.own and str(last)[-1:] == str(item)[:1])


def decorated_suffix_then_mark(last, item) -> bool:
    """Whether `item` follows, side by side, the own suffix of a sibling with a font
    decoration and starts with a mark: citeproc-js neither merges the two (its leftward
    pass skips decorated siblings) nor drops a repeated one (its downward pass neither),
    so an italic title's "," and the next prefix's ", " print ",, "."""
    return getattr(last, "font_decorated", False) and _suffix_kind(last) is not None and last.own and str(item)[:1] in _PUNCT


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


_CLOSING_TAGS = re.compile(r"(?:</[a-z]+>)+$")


def printed_end(piece) -> str:
    """The last character `piece` prints: in HTML, a decorated value's (`<b>Doe Co.</b>`
    ends in "."), as citeproc-js sees it when it merges marks, whatever the decorations;
    "" for a piece that ends in no decorated value."""
    text = str(piece)
    if not text.endswith(">"):
        return text[-1:]
    from citeproc.formatter.html import TagWrapper

    return _CLOSING_TAGS.sub("", text)[-1:] if isinstance(piece, TagWrapper) else text[-1:]


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


def _last_printed_piece(text):
    """The last piece that prints something: in HTML, the marks of an undoing decoration
    (`font-style="normal"` on "et al.": decorations.NORMAL_MARKS) print nothing and hide no
    mark from the next delimiter ("et al." + ". " -> "et al. ", as in text)."""
    if isinstance(text, list):
        for piece in reversed(list.__getitem__(text, slice(None))):  # (MixedString indexes its characters)
            found = _last_printed_piece(piece)
            if found is not None:
                return found
        return _last_piece(text)
    return None if not str(text) or not str(text).strip(_UNDOING_MARKS) else text


_UNDOING_MARKS = "\ue020\ue021\ue022\ue023\ue024\ue025"  # decorations.NORMAL_MARKS
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

    def process(self, item, context=None, **kwargs):
        text, language = text_process(self, item, context, **kwargs)
        if "macro" not in self.attrib:
            literal = "term" in self.attrib or "value" in self.attrib
            text = printed(text, literal)
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

    original = model.Text.strip_periods

    def strip_periods(self, string):
        if self.get("strip-periods", "false").lower() != "true" or string is None:
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
    return type(text)(_STRIPPED.sub(r"\1", str(text)))


def _is_affix(piece) -> bool:
    """An affix or a delimiter among the pieces of a macro's output: citeproc-js strips the
    periods of the values a macro call with `strip-periods` prints, never of its affixes
    ("J Med Imaging. v. 54.")."""
    return type(piece) is str or isinstance(piece, (_Suffix, _PrefixPiece))

