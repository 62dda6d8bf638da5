"""Fixes installed only once a style needs them (speed: the others cost nothing).

Some behaviours wrap methods that run for every element of every entry (`display`,
`font-style="normal"`, `subsequent-author-substitute`) but matter only for the few styles
that use them. Each registers an XPath test; the first style parsed that matches it
installs the fix, for the rest of the process (before anything of that style renders).
"""

from __future__ import annotations

_NS = {"cs": "http://purl.org/net/xbiblio/csl"}
_WAITING: list[tuple[str, object]] = []  # (XPath a style must match, installer)


def when_style_has(xpath: str, install) -> None:
    from medsegcite.csl.fixes import compose

    _WAITING.append((xpath, compose.deferred(install)))  # (recorded as the fix registering it)


def install_fixes_styles_need() -> None:
    from citeproc import frontend

    original = frontend.CitationStylesStyle.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        root = self.xml.getroot()
        for entry in list(_WAITING):
            xpath, install = entry
            if root.xpath(xpath, namespaces=_NS):
                _WAITING.remove(entry)
                install()

    frontend.CitationStylesStyle.__init__ = __init__


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    install_fixes_styles_need: {"wraps": ["citeproc.frontend.CitationStylesStyle.__init__"]},
}
