"""Variables citeproc-js derives from others."""

from __future__ import annotations


def page_first_from_page() -> None:
    """`page-first` is there whenever `page` is, as in citeproc-js: `<if variable="page-first">`
    holds for an item with a page range (steel-research-international printed the whole
    range from its `page` branch instead of the first page)."""
    from citeproc import model

    original = model.If._variable

    def variable(self, item):
        results = original(self, item)
        names = self.get("variable").split()
        if "page-first" in names and "page" in item.reference:
            results[names.index("page-first")] = True
        return results

    model.If._variable = variable


def type_condition_is_one_test() -> None:
    """`type="article article-journal"` is one test, true when the item is of any of the
    types, as in citeproc-js, whatever the condition's `match`: `<if variable="URL"
    type="article article-journal">` holds for a journal article with a URL (citeproc-py
    counted each type as a test of its own, so under match="all" no item passed)."""
    from citeproc import model

    types: dict = {}

    def _type(self, item):
        try:
            wanted = types[self]
        except KeyError:
            wanted = types[self] = frozenset(t.lower() for t in self.get("type").split())
        return [item.reference.type in wanted]

    model.If._type = _type
