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


def long_terms_written_with_form_long() -> None:
    """A term a style or locale writes with `form="long"` is the long form, as citeproc-js
    reads it (long is the default form): `<term name="no date" form="long">date unknown</term>`
    in a style's `cs:locale` replaces the locale file's "no date"; citeproc-py looked for
    long terms without a `form` only. A term defined twice is the later one (`last_defined`)."""
    from citeproc import model

    found: dict = {}  # (locale element, name, zero_padded) -> XPath (speed: built once)

    def get_term(self, name, form=None, zero_padded=False):
        key = (name, form if form != "long" else None, zero_padded)
        expr = found.get(key)
        if expr is None:
            forms = f"@form='{form}'" if form is not None and form != "long" else "(not(@form) or @form='long')"
            expr = f"./cs:term[@name='{name}' and {forms}"
            if zero_padded:
                expr += " and not(@match='whole-number') and not(@match='last-two-digits')"
            expr = found[key] = expr + "]"
        try:
            return last_defined(self.terms.xpath_search(expr))
        except AttributeError:  # (a locale without cs:terms)
            raise IndexError from None

    model.Locale.get_term = get_term


def last_defined(terms: list):
    """Of the terms found, the one citeproc-js keeps: a term defined twice alike (a style's
    locale with two `editor` short forms, "ed" then "org") is the later one; terms told
    apart by gender or match stay first-found (IndexError when there is none)."""
    first = terms[0]

    def kind(term):
        return term.get("gender-form"), term.get("match")

    return [term for term in terms if kind(term) == kind(first)][-1]


# citeproc-js's CSL.LANG_BASES: the locale file a bare language code stands for
LANG_BASES = {
    "af": "af-ZA", "ar": "ar", "bg": "bg-BG", "ca": "ca-AD", "cs": "cs-CZ", "da": "da-DK", "de": "de-DE", "el": "el-GR",
    "en": "en-US", "es": "es-ES", "et": "et-EE", "eu": "eu", "fa": "fa-IR", "fi": "fi-FI", "fr": "fr-FR", "he": "he-IL",
    "hr": "hr-HR", "hu": "hu-HU", "is": "is-IS", "it": "it-IT", "ja": "ja-JP", "km": "km-KH", "ko": "ko-KR", "lt": "lt-LT",
    "lv": "lv-LV", "mn": "mn-MN", "nb": "nb-NO", "nl": "nl-NL", "nn": "nn-NO", "pl": "pl-PL", "pt": "pt-PT", "ro": "ro-RO",
    "ru": "ru-RU", "sk": "sk-SK", "sl": "sl-SI", "sr": "sr-RS", "sv": "sv-SE", "th": "th-TH", "tr": "tr-TR", "uk": "uk-UA",
    "vi": "vi-VN", "zh": "zh-CN",
}


def resolve_locale(locale: str) -> tuple[str, str, str]:
    """(best, base, bare) for a style's default-locale, as citeproc-js's CSL.localeResolve:
    "de-AT" -> ("de-AT", "de-DE", "de"); "fr" -> ("fr-FR", "fr-FR", "fr"); a language it has
    no base for takes en-US as its base ("id" -> ("id", "en-US", "id"))."""
    parts = locale.replace("_", "-").split("-")
    bare = parts[0]
    base = LANG_BASES.get(bare)
    if base is None:
        return locale, "en-US", bare
    best = base if len(parts) == 1 or parts[1] == "x" else "-".join(parts[:2])
    return best, base, bare


def locales_chosen_as_citeproc_js() -> None:
    """The locales a style's terms, dates and options come from, in citeproc-js's order:
    the style's own `cs:locale` for the dialect, its base dialect, the bare language and
    no language; then the locale files of the dialect and of its base; then en-US.
    A language citeproc-js has no base dialect for ("id") falls back to en-US's terms,
    where citeproc-py took another file ("t.t." for "n.d.", "dkk." for "et al.")."""
    from citeproc import LANGUAGE_NAMES, model
    from citeproc.frontend import CitationStylesLocale

    def set_locale_list(self, output_locale, validate=True):
        best, base, bare = resolve_locale(output_locale)
        self.locales = []
        for lang in dict.fromkeys((best, base, bare, None)):
            expr = f'./cs:locale[@xml:lang="{lang}"]' if lang else "./cs:locale[not(@xml:lang)]"
            self.locales += self.xpath_search(expr)[:1]
        for lang in dict.fromkeys((best, base, "en-US")):
            if lang in LANGUAGE_NAMES:  # (parsed for each style: a locale knows its style)
                self.locales.append(CitationStylesLocale(lang, validate=validate).root)
        for locale in self.locales:
            locale.style = self

    model.Style.set_locale_list = set_locale_list


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    term_forms_fall_back: {
        "wraps": ["citeproc.model.CitationStylesElement.get_term"],
        "after": ["cached_style_lookups"],
    },
    long_terms_written_with_form_long: {"wraps": ["citeproc.model.Locale.get_term"]},
    locales_chosen_as_citeproc_js: {"wraps": ["citeproc.model.Style.set_locale_list"]},
}
