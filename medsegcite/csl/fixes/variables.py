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
