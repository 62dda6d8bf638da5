"""Formatting by script, as citeproc-js applies it: a printed piece with no letter or digit of
a Latin, Greek, Cyrillic, Hebrew, Arabic or Thai script takes no `font-style` (a Chinese or
Japanese journal title prints upright where a style italicizes titles)."""

from __future__ import annotations

import re

# citeproc-js's CSL.ROMANESQUE_REGEXP
ROMANESQUE = re.compile("[-0-9a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
                        "\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e]")


def no_font_style_without_romanesque_text() -> None:
    from citeproc import model

    global _Formatted
    _Formatted = model.Formatted  # (speed: no import per printed piece; its `format` is still read per call)

    # the elements citeproc-js prints as one string blob (a group or date is a blob of blobs);
    # set on them, not on Formatted, whose `format` other fixes replace when a style needs it
    for leaf in (model.Text, model.Number, model.Date_Part, model.Label, model.Name_Part):
        leaf.format = _format


_Formatted = None


def _format(self, string):
    if string is not None and "font-style" in self.attrib and not ROMANESQUE.search(str(string)):
        style = self.attrib.pop("font-style")
        try:
            return _Formatted.format(self, string)
        finally:
            self.attrib["font-style"] = style
    return _Formatted.format(self, string)


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    no_font_style_without_romanesque_text: {
        "wraps": [
            "citeproc.model.Date_Part.format",
            "citeproc.model.Label.format",
            "citeproc.model.Name_Part.format",
            "citeproc.model.Number.format",
            "citeproc.model.Text.format",
        ],
    },
}
