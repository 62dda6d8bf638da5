"""Term forms that fall back, as CSL 1.0.2 specifies and citeproc-js does.

A term asked for in a form the locale does not define falls back: `verb-short` to `verb`
to the long form, `symbol` to `short` to the long form, `short` to the long form.
citeproc-py answered nothing, so `<label form="verb-short"/>` for a reviewed author
printed no "by", and a style's `form="short"` term missing from a locale vanished.
"""

from __future__ import annotations

FALLBACK = {"verb-short": "verb", "verb": None, "symbol": "short", "short": None}


def term_forms_fall_back() -> None:
    from citeproc import model

    original = model.CitationStylesElement.get_term

    def get_term(self, name, form=None, *args, **kwargs):
        term = original(self, name, form, *args, **kwargs)
        while term is None and form in FALLBACK:
            form = FALLBACK[form]
            term = original(self, name, form, *args, **kwargs)
        return term

    model.CitationStylesElement.get_term = get_term
