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


def substituted_names_not_repeated() -> None:
    """A name list printed in place of a missing author (`<substitute><names
    variable="editor"/>`) is not printed again later in the entry ("Doe, John, ed. Hello.",
    not "... Hello. Ed. by John Doe."): as in citeproc-js, a later `cs:names` treats it as
    empty (its other variables still print; with none left, its own substitute applies).
    suppression.py records the substituted variables under cs:text's tag."""
    from citeproc import model

    text_tag = f"{{{model.CitationStylesElement.nsmap['cs']}}}text"
    original = model.Names.process

    def process(self, item, names_context=None, context=None, **kwargs):
        variable = self.get("variable")
        if variable:
            try:
                repressed = (self if context is None else context).get_layout().repressed.get(text_tag, ())
            except (AttributeError, IndexError):
                repressed = ()
            if repressed:
                roles = variable.split()
                kept = [role for role in roles if role not in repressed]
                if len(kept) != len(roles):
                    self.set("variable", " ".join(kept))
                    try:
                        return original(self, item, names_context=names_context, context=context, **kwargs)
                    finally:
                        self.set("variable", variable)
        return original(self, item, names_context=names_context, context=context, **kwargs)

    model.Names.process = process


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
