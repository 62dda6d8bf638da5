"""Named fixes that bring citeproc-py's output in line with citeproc-js, the
reference CSL processor (the one behind Zotero and Mendeley).

citeproc-py builds its style model from lxml element classes, so the fixes are
small replacements of the methods concerned, installed once by `apply()`.
Each is named after the defect it mends and tested in tests/test_csl_fixes.py;
tests/test_render.py compares whole bibliographies with citeproc-js.
"""

from __future__ import annotations

import re

_applied = False


def apply() -> None:
    """Install every fix (idempotent)."""
    global _applied
    if _applied:
        return
    _applied = True
    for fix in FIXES:
        fix()


def label_then_space() -> None:
    """`second-field-align`: citeproc-js separates the label from the entry by a space ("[1] X. Li")."""
    from citeproc import model

    original = model.Layout.render_bibliography

    def render_bibliography(self, citation_items):
        align = self.getparent().get_option("second-field-align")
        children = list(self.iterchildren())
        if not align or len(children) < 2:
            return original(self, citation_items)
        output = []
        for item in citation_items:
            self.repressed = {}
            parts = [_render(children[:1], item), _render(children[1:], item)]
            text = model.join([p for p in parts if p is not None], " ")
            output.append(self.format(self.wrap(text)))
        return output

    model.Layout.render_bibliography = render_bibliography


def _render(children, item):
    from citeproc import model

    out = []
    for child in children:
        try:
            text = child.render(item)
        except model.VariableError:
            continue
        if text is not None:
            out.append(text)
    return model.join(out, "") if out else None


FIXES = [label_then_space]

# -- fixes on the rendered string ------------------------------------------------

_PUNCT_AFTER_QUOTE = re.compile(r"(”)([.,])")


def punctuation_in_quote(text: str) -> str:
    """Locales with `punctuation-in-quote` (en-US) move a following comma or period inside the quotes."""
    return _PUNCT_AFTER_QUOTE.sub(r"\2\1", text)
