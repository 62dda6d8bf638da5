"""Speed, not output: answers citeproc-py computed again and again."""

from __future__ import annotations


def _memoized(method):
    """`method(element, *args)` answered once per element and arguments. The key holds
    lxml's element proxy alive, so the same element keeps the same proxy."""
    cache: dict = {}

    def memoized(self, *args):
        key = (self, *args)
        try:
            return cache[key]
        except KeyError:
            found = cache[key] = method(self, *args)
            return found

    return memoized


def _memoized_one(method):
    """`_memoized` for a method of one argument besides the element: no tuple packing,
    since these run a few hundred times per entry."""
    cache: dict = {}

    def memoized(self, arg):
        key = (self, arg)
        try:
            return cache[key]
        except KeyError:
            found = cache[key] = method(self, arg)
            return found

    return memoized


def _memoized_plain(method):
    """`_memoized` for a method of the element alone (get_root)."""
    cache: dict = {}

    def memoized(self):
        try:
            return cache[self]
        except KeyError:
            found = cache[self] = method(self)
            return found

    return memoized


def cached_style_lookups() -> None:
    """Speed, not output: a style's XPath look-ups (terms, macros, layouts), its root,
    its child elements (`style.layout`, `locale.terms`) and locale options are found
    once per element. The style tree does not change while it renders, and a third of
    citeproc-py's time went to these queries."""
    from citeproc import model

    element = model.CitationStylesElement
    element.xpath_search = _memoized_one(element.xpath_search)
    element.get_root = _memoized_plain(element.get_root)
    model.SomewhatObjectifiedElement.__getattr__ = _memoized_one(model.SomewhatObjectifiedElement.__getattr__)
    model.Locale.get_option = _memoized_one(model.Locale.get_option)
    _locale_options_per_style(model)
    _formatter_from_the_root(model)
    _terms_once(model)
    # (`type` conditions are split once by variables.type_condition_is_one_test)


def _locale_options_per_style(model) -> None:
    """A locale option (`punctuation-in-quote`, ...) is a property of the style and its
    locales, yet every quoted text asked every locale again, and a locale without
    `style-options` answered by raising IndexError, which no cache kept: now once per style."""
    original = model.CitationStylesElement.get_locale_option
    cache: dict = {}

    def get_locale_option(self, name):
        key = (self.get_root(), name)
        try:
            return cache[key]
        except KeyError:
            found = cache[key] = original(self, name)
            return found

    model.CitationStylesElement.get_locale_option = get_locale_option


def _formatter_from_the_root(model) -> None:
    """`get_formatter` (a hundred calls per entry) without the second root look-up. The
    formatter itself is not cached: one parsed style renders text and HTML in turn."""
    locale = model.Locale

    def get_formatter(self):
        root = self.get_root()
        return root.style.formatter if isinstance(root, locale) else root.formatter

    model.CitationStylesElement.get_formatter = get_formatter


def _terms_once(model) -> None:
    """A term (`and`, `in`, `vol.`, quotes) was searched for in every locale, and its text
    escaped for the output format, each time an entry used it: now once per style (the
    term's element) and once per term and formatter (its text; `String` is immutable)."""
    original_get_term = model.CitationStylesElement.get_term
    terms: dict = {}

    def get_term(self, name, form=None, *args, **kwargs):
        key = (self.get_root(), name, form, args, tuple(sorted(kwargs.items())))
        try:
            return terms[key]
        except KeyError:
            found = terms[key] = original_get_term(self, name, form, *args, **kwargs)
            return found

    model.CitationStylesElement.get_term = get_term
    for form in ("single", "multiple"):
        original = getattr(model.Term, form).fget
        texts: dict = {}

        def text(self, original=original, texts=texts):
            key = (self, self.get_formatter())
            try:
                return texts[key]
            except KeyError:
                found = texts[key] = original(self)
                return found

        setattr(model.Term, form, property(text))


def citation_numbers_by_lookup() -> None:
    """Speed, not output: an item's citation number was `keys.index(key)`, a scan of
    the whole bibliography for every entry (quadratic: minutes for 10,000 items).
    `render.bibliography` leaves a key -> position map on the engine once sorted."""
    from citeproc import source

    original = source.CitationItem.number

    def number(self):
        positions = getattr(self.bibliography, "positions", None)
        if positions is None:
            return original.fget(self)
        return positions[self.key] + 1

    source.CitationItem.number = property(number)

    def reference(self):  # was three look-ups through CustomDict for every variable
        cached = self.__dict__.get("_reference")
        if cached is None:
            cached = self.citation.bibliography.source[self.key]
            object.__setattr__(self, "_reference", cached)  # CustomDict would store it as an item
        return cached

    source.CitationItem.reference = property(reference)
