"""The `display` attribute (block, left-margin, right-inline, indent), as citeproc-js prints it.

citeproc-py ignores `display`. citeproc-js honours it only on the layout's own elements
(those inside a choose at the top count; a `display` further down, or any under
`second-field-align`, is ignored) and wraps such an element's output, its affixes
included, in `<div class="csl-block">` (and csl-left-margin, csl-right-inline,
csl-indent) in HTML; in text it puts a block or an indented part on a line of its own
(an indent after four spaces) and a space after a left margin, and keeps every other
space as it is (a suffix space before the new line, a tab). The wrapper is a pair of
private-use marks while the entry renders (so affixes, delimiters and text case pass
over it; seams see through it (spacing.py), as citeproc-js's spaces move past its wrappers) and
`restore()` turns them into the output format's form once the entry is done (layout.py
calls it).
"""

from __future__ import annotations

import re

_MARKS = {
    "block": ("\ue010", "\ue011"),
    "left-margin": ("\ue012", "\ue013"),
    "right-inline": ("\ue014", "\ue015"),
    "indent": ("\ue016", "\ue017"),
}
_ANY = re.compile("[\ue010-\ue017]")

_HTML = {ord(open_): f'<div class="csl-{name}">' for name, (open_, _close) in _MARKS.items()}
_HTML.update({ord(close): "</div>" for _open, close in _MARKS.values()})
# citeproc-js's text format: a block on a new line, a left margin followed by a space,
# an indented part on a new line indented by four spaces.
_TEXT = {ord("\ue010"): "\n", ord("\ue011"): None, ord("\ue012"): None, ord("\ue013"): " ",
         ord("\ue014"): None, ord("\ue015"): None, ord("\ue016"): "\n    ", ord("\ue017"): None}


def wrapped(text, display: str):
    """`text` (a citeproc-py string) between the marks of `display`."""
    marks = _MARKS.get(display)
    if marks is None or text is None or not str(text):
        return text
    from citeproc.string import MixedString, String

    return MixedString([String(marks[0])]) + text + String(marks[1])


_CLOSE = frozenset(close for _open, close in _MARKS.values())


def split_last(text):
    """(`text` without a display wrapper's closing mark at its very end, that mark), or
    (`text`, None) when it does not end in one. Only the layout calls it, when nothing
    but its own formatting is left to apply, so the text may become one plain String."""
    from citeproc.string import String

    plain = str(text)
    if not plain or plain[-1] not in _CLOSE:
        return text, None
    return String(plain[:-1]), String(plain[-1])


def restore(text: str, html: bool) -> str:
    if not _ANY.search(text):
        return text
    if html:
        return text.translate(_HTML)
    return text.translate(_TEXT).strip()


def display_wrappers() -> None:
    """Every rendering element with a `display` attribute wraps its output in its marks
    (installed by the first style that has one)."""
    from medsegcite.csl.fixes import on_demand

    on_demand.when_style_has("//cs:*[@display]", _install)


def _install() -> None:
    from citeproc import model

    displays: dict = {}  # element -> the display it prints with (speed: found once per element)
    for cls in (model.Text, model.Number, model.Names, model.Date, model.Group):
        _wrap_render(cls, displays)


_CONDITIONS = frozenset(f"{{http://purl.org/net/xbiblio/csl}}{tag}" for tag in ("choose", "if", "else-if", "else"))
_LAYOUT = "{http://purl.org/net/xbiblio/csl}layout"


def printed_display(element) -> str | None:
    """The display an element prints with: its own, if it is one of the bibliography
    layout's own elements (through choose/if/else) and the bibliography has no
    `second-field-align`; None otherwise, as in citeproc-js (cs:label has none)."""
    display = element.get("display")
    if not display:
        return None
    parent = element.getparent()
    while parent is not None and parent.tag in _CONDITIONS:
        parent = parent.getparent()
    if parent is None or parent.tag != _LAYOUT:
        return None
    bibliography = parent.getparent()
    if bibliography is None or not bibliography.tag.endswith("}bibliography") or bibliography.get("second-field-align"):
        return None
    return display


def _wrap_render(cls, displays: dict) -> None:
    from medsegcite.csl.fixes import compose

    original = cls.render

    def render(self, *args, **kwargs):
        text = original(self, *args, **kwargs)
        display = displays.get(self, False)
        if display is False:
            display = displays[self] = printed_display(self)
            if not display:  # (speed: most elements print with none; they skip this wrapper from now on)
                compose.bypassed(self, "render", render, original)
        return wrapped(text, display) if display else text

    cls.render = render


MARK_CHARS = "".join(chr(code) for code in range(0xE010, 0xE018))  # every wrapper's marks, for seams (spacing.py)


def without_char(text, index: int):
    """`text` (a citeproc-py string) without its character at `index`, its pieces kept;
    `text` unchanged where a piece is markup the index cannot be counted in."""
    from citeproc.string import MixedString

    if isinstance(text, MixedString):
        pieces, done = [], False
        for piece in list(text):
            size = len(str(piece))
            if not done and index < size:
                piece, done = without_char(piece, index), True
            elif not done:
                index -= size
            if str(piece):
                pieces.append(piece)
        return MixedString(pieces)
    from citeproc.formatter.html import TagWrapper

    if isinstance(text, str) and not isinstance(text, TagWrapper):
        value = str(text)
        copy = type(text)(value[:index] + value[index + 1 :])
        if hasattr(text, "__dict__"):  # a piece that says whose suffix it is keeps saying so
            copy.__dict__.update(text.__dict__)
        return copy
    return text


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    display_wrappers: {
        "wraps": [
            "citeproc.model.Date.render",
            "citeproc.model.Group.render",
            "citeproc.model.Names.render",
            "citeproc.model.Number.render",
            "citeproc.model.Text.render",
        ],
        # (it registers with on_demand, which that fix installs)
        "needs": ["install_fixes_styles_need"],
        "on_demand": True,
    },
}
