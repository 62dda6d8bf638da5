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


def cached_style_lookups() -> None:
    """Speed, not output: a style's XPath look-ups (terms, macros, layouts), its root,
    its child elements (`style.layout`, `locale.terms`) and locale options are found
    once per element. The style tree does not change while it renders, and a third of
    citeproc-py's time went to these queries."""
    from citeproc import model

    element = model.CitationStylesElement
    element.xpath_search = _memoized(element.xpath_search)
    element.get_root = _memoized(element.get_root)
    model.SomewhatObjectifiedElement.__getattr__ = _memoized(model.SomewhatObjectifiedElement.__getattr__)
    model.Locale.get_option = _memoized(model.Locale.get_option)


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
