"""Variables citeproc-js derives from others."""

from __future__ import annotations

import re


def page_first_from_page() -> None:
    """`page-first` is there whenever `page` is, as in citeproc-js: `<if variable="page-first">`
    holds for an item with a page range (steel-research-international printed the whole
    range from its `page` branch instead of the first page); it is the first page of the
    first range of a list."""
    from citeproc import model

    from medsegcite.csl.fixes import compose

    original = model.If._variable

    def variable(self, item):
        results = original(self, item)
        names = self.get("variable").split()
        if "page-first" not in names:  # (speed: a condition on other variables goes straight to the test from now on)
            compose.bypassed(self, "_variable", variable, original)
        if "page-first" in names and "page" in item.reference:
            results[names.index("page-first")] = True
        return results

    model.If._variable = variable
    original_process = model.FormatNumber._process

    def _process(self, value, variable):
        # only the first page of a list: "2514-2525, 2530" and "3 & 5" print "2514", "3"
        if variable == "page-first":
            value = _FIRST_PAGE_SEPARATOR.split(str(value).strip(), maxsplit=1)[0]
        return original_process(self, value, variable)

    model.FormatNumber._process = _process


_FIRST_PAGE_SEPARATOR = re.compile(r"\s*[,;&]\s*")


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


def locator_label_without_locator_is_page() -> None:
    """`<label variable="locator"/>` for an item cited without a locator (every entry of a
    bibliography) prints the "page" term, singular, as citeproc-js does ("(54), S. 220–237";
    citeproc-py printed nothing). A group holding only the label and the missing locator
    stays suppressed: the label is a term, not a variable."""
    from citeproc import model

    original = model.Label.process

    def process(self, item, variable=None, plural=None, context=None, **kwargs):
        if (variable or self.get("variable")) == "locator" and not getattr(item, "has_locator", False):
            form = self.get("form", "long")
            form = None if form == "long" else form
            if self.get("plural") == "always":
                return self.get_plural_term(name="page", form=form)
            return self.get_single_term(name="page", form=form)
        return original(self, item, variable, plural, context, **kwargs)

    model.Label.process = process


# citeproc-js's short URL: up to the last dot-part before a slash, the scheme dropped for "//www."
_URL_HOST = re.compile(r"(.*\.[^/]+)/.*")
_URL_SCHEME = re.compile(r"https?://")


def short_url_as_its_host() -> None:
    """`<text variable="URL" form="short"/>` prints the URL cut to its host
    ("https://ieeexplore.ieee.org", "grand-challenge.org" for a "//www." one), as citeproc-js
    does; citeproc-py printed the whole URL."""
    from citeproc import model

    original = model.Text._variable

    def variable(self, item, context):
        text = original(self, item, context)
        if text and self.get("variable") == "URL" and self.get("form") == "short":
            value = _URL_HOST.sub(r"\1", str(text), count=1)
            if "//www." in value:
                value = _URL_SCHEME.sub("", value, count=1)
            return type(text)(value) if not isinstance(text, str) else value
        return text

    model.Text._variable = variable
# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    page_first_from_page: {
        "wraps": ["citeproc.model.FormatNumber._process", "citeproc.model.If._variable"],
        "after": ["lettered_page_ranges_as_citeproc_js"],
    },
    type_condition_is_one_test: {"wraps": ["citeproc.model.If._type"]},
    short_url_as_its_host: {
        "wraps": ["citeproc.model.Text._variable"],
        # it cuts the URL those print, whole
        "after": ["citation_label_made_when_missing", "group_needs_a_rendered_variable",
                  "disambiguated_names_and_suffixes", "number_ranges_with_en_dash"],
    },
    locator_label_without_locator_is_page: {
        "wraps": ["citeproc.model.Label.process"],
        "after": ["term_capitalized_at_entry_start"],
    },
}
