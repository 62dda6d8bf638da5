"""Marks after a value in quotes, as citeproc-js places them (`punctuation-in-quote`)."""

from __future__ import annotations

from medsegcite.csl.fixes.pieces import _Quoted, _decorated, _flat, _last_piece, _with_last, marks_after_a_quoted_value

_DISPLAY_CLOSE = frozenset("\ue011\ue013\ue015\ue017")  # display.py's closing marks


def _quoted_at_end(text):
    """(the quoted value `text` ends with, None) or, when a display wrapper closes right
    after it, (that value, the pieces of `text`); (None, None) when it ends otherwise. A
    display wrapper is no blob of its own for citeproc-js's punctuation passes."""
    return _quoted_at_end_of(text, _last_piece(text))


def _quoted_at_end_of(text, last):
    """`_quoted_at_end(text)`, given `text`'s last piece `last`."""
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


def quoted_values_take_marks() -> None:
    """A value in quotes is rendered as one piece that knows its quotes, so the marks that
    follow it can go inside as citeproc-js puts them (`marks_after_a_quoted_value`)."""
    from citeproc import model

    def quote(self, string):
        quotes = self.get("quotes")
        if string is None or quotes is None or quotes.lower() != "true":
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
        last = text  # (_last_piece, inline: this runs twice per printed piece)
        while isinstance(last, list) and last:
            last = list.__getitem__(last, -1)
        if type(last) is _Quoted and self.get_formatter() is plain:
            from citeproc.string import MixedString

            pieces = _flat(text)
            head = step(self, MixedString(pieces[:-1])) if len(pieces) > 1 else ""
            return MixedString(([head] if head else []) + [pieces[-1]])
        return step(self, text)

    format_step.keeps_a_final_quote_of = step  # (speed.py: for an unset attribute only the regrouping is left)
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


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    punctuation_in_quote_as_citeproc_js_reads_it: {
        "wraps": ["citeproc.model.CitationStylesElement.get_locale_option"],
        # it answers this option itself, above the cached lookup
        "after": ["cached_style_lookups"],
    },
    quoted_values_take_marks: {
        "wraps": [
            "citeproc.model.Formatted.font_style",
            "citeproc.model.Formatted.font_variant",
            "citeproc.model.Formatted.font_weight",
            "citeproc.model.Formatted.text_decoration",
            "citeproc.model.Formatted.vertical_align",
            "citeproc.model.Quoted.quote",
        ],
        "after": ["cached_style_lookups"],
    },
}
