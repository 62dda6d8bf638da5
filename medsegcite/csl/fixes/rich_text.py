"""Markup inside item values, as citeproc-js reads it.

CSL-JSON values may carry a small set of HTML-like tags (`<i>`, `<b>`, `<sup>`, `<sub>`,
`<sc>`, `<span style="font-variant:small-caps;">`, `<span class="nocase">`,
`<span class="nodecor">`): a species name in italics inside a title, a chemical formula;
and straight quotation marks used as quotes, which citeproc-js prints as the locale's
quotes of their level (“…”, inside the style's own quotes ‘…’).
citeproc-js keeps them as formatting in HTML output, drops them in text output, leaves text
case alone inside them, and treats anything else (an unbalanced tag, another tag) as text.
medsegcite escaped them as text in HTML (`&lt;i&gt;`) and printed them literally in text.

Each balanced tag becomes a private-use character before the engine sees the item: text
case, escaping and punctuation pass over it unchanged, and `restore()` turns it back into
the tag (HTML) or into nothing (text) once the entry is rendered. `nocase` spans become the
markers citeproc-py's own CSL-JSON reader already understands (its `NoCase` strings).
A private-use character in the data itself is dropped: it cannot turn into markup.
"""

from __future__ import annotations

import re

# Tag kind -> (opening, closing) private-use characters.
_MARKS = {
    "i": ("\ue000", "\ue001"),
    "b": ("\ue002", "\ue003"),
    "sup": ("\ue004", "\ue005"),
    "sub": ("\ue006", "\ue007"),
    "sc": ("\ue008", "\ue009"),
    "nocase": ("\ue00a", "\ue00b"),
    "nodecor": ("\ue00c", "\ue00d"),
}
NOCASE_OPEN, NOCASE_CLOSE = _MARKS["nocase"]
_OURS = re.compile("[\ue000-\ue02f]")  # ours, display.py's and decorations.py's; never from the data
_ANYTHING = re.compile("[<\"'\ue000-\ue02f]")  # what marked() may change

_TAG = re.compile(
    r"<(?P<close>/?)(?P<plain>i|b|sup|sub|sc)>"
    r'|<span\s+class="(?P<cls>nocase|nodecor)"\s*>'
    r'|<span\s+style="\s*font-variant:\s*small-caps;?\s*"\s*>'
    r"|(?P<span_close></span>)"
)

_HTML = {
    "\ue000": "<i>",
    "\ue001": "</i>",
    "\ue002": "<b>",
    "\ue003": "</b>",
    "\ue004": "<sup>",
    "\ue005": "</sup>",
    "\ue006": "<sub>",
    "\ue007": "</sub>",
    "\ue008": '<span style="font-variant:small-caps;">',
    "\ue009": "</span>",
    "\ue00a": "",
    "\ue00b": "",
    "\ue00c": "",
    "\ue00d": "",
}
_TEXT = {ord(mark): None for mark in _HTML}
_HTML_TABLE = {ord(mark): tag for mark, tag in _HTML.items()}
_NEEDS_FLIP_FLOP = re.compile("[\ue000\ue002\ue00c\ue020\ue022\ue024]")
_TEXT.update({c: None for c in range(0xE020, 0xE027)})
_HTML_FLIP_TABLE = {k: v for k, v in _HTML_TABLE.items() if k not in (0xE000, 0xE001, 0xE002, 0xE003, 0xE00C, 0xE00D)}  # _flip_flop


def marked(value: str) -> str:
    """`value` with its balanced markup tags and quotation marks replaced by private-use marks."""
    if not _ANYTHING.search(value):
        return value
    value = _OURS.sub("", value)
    if "<" in value:
        value = _tags(value)
    return _quotes(value) if '"' in value or "'" in value else value


def _tags(value: str) -> str:
    tokens = list(_TAG.finditer(value))
    replace: dict[int, str] = {}  # token index -> mark
    stack: list[tuple[str, int]] = []  # (kind, token index) of open tags
    for index, token in enumerate(tokens):
        if token.group("span_close") or token.group("close"):
            kind = token.group("plain") if token.group("close") else None
            if stack and (stack[-1][0] == kind if kind else stack[-1][0] in ("nocase", "nodecor", "sc-span")):
                opened_kind, opened = stack.pop()
                marks = _MARKS["sc" if opened_kind == "sc-span" else opened_kind]
                replace[opened], replace[index] = marks
        else:
            kind = token.group("plain") or token.group("cls") or "sc-span"
            stack.append((kind, index))
    if not replace:
        return value
    out, last = [], 0
    for index, token in enumerate(tokens):
        if index in replace:
            out += [value[last : token.start()], replace[index]]
            last = token.end()
    out.append(value[last:])
    return "".join(out)


# Quotation marks in the data: outer level, inner level (flipped inside the style's quotes).
QUOTE_OUTER = ("\ue01a", "\ue01b")
QUOTE_INNER = ("\ue01c", "\ue01d")
_FLIP_QUOTES = str.maketrans("\ue01a\ue01b\ue01c\ue01d", "\ue01c\ue01d\ue01a\ue01b")
_OPENS_AFTER = frozenset(" \t\n([{\u2014\u2013-/") | frozenset(chr(c) for c in range(0xE000, 0xE020))


def _quotes(value: str) -> str:
    """Straight quotation marks used as quotes ("a", 'a') -> marks of their nesting level, as
    citeproc-js reads them: a quote opens at the start or after a space or bracket and before
    a non-space, and closes a quote of the same kind after a non-space and before the end, a
    space or punctuation. Any other ' is an apostrophe (typographic_apostrophes)."""
    chars = list(value)
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int, int]] = []  # (open index, close index, level)
    for index, char in enumerate(chars):
        if char not in "\"'":
            continue
        before = chars[index - 1] if index else " "
        after = chars[index + 1] if index + 1 < len(chars) else " "
        if stack and stack[-1][0] == char and not before.isspace() and (after.isspace() or not after.isalnum()):
            _kind, opened = stack.pop()
            pairs.append((opened, index, len(stack) + 1))
        elif (before in _OPENS_AFTER or (stack and stack[-1][1] == index - 1)) and not after.isspace():
            stack.append((char, index))  # (a quote opens after another's opening mark too: '"a"')
    if not pairs:
        return value
    for opened, closed, level in pairs:
        chars[opened], chars[closed] = QUOTE_OUTER if level % 2 else QUOTE_INNER
    if not _quote_patch:
        _install_quotes_in_quotes()
    return "".join(chars)


def flip_quotes(text):
    """Data quotes inside the style's own quotes take the other level (“a ‘b’ c”)."""
    from citeproc.string import MixedString

    if isinstance(text, MixedString):
        return type(text)([flip_quotes(segment) for segment in text])
    flipped = str(text).translate(_FLIP_QUOTES)
    return text if flipped == str(text) else type(text)(flipped)


def marked_item(item: dict) -> dict:
    """Every text value of an item (not dates, not identifiers) marked; in names the
    family names and literal names (given names are initialized letter by letter, which
    marks would break)."""
    out = {}
    for key, value in item.items():
        if isinstance(value, str) and key not in _NOT_TEXT:
            value = marked(value)
        elif isinstance(value, list) and value and all(isinstance(n, dict) for n in value):
            value = [{k: (marked(v) if k in ("family", "literal") and isinstance(v, str) else v) for k, v in n.items()} for n in value]
        out[key] = value
    return out


_NOT_TEXT = frozenset({"id", "type", "URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID"})


def restore(text: str, html: bool, quotes: tuple[str, str, str, str] = ("“", "”", "‘", "’"), punctuation_in_quote: bool = False) -> str:
    """A rendered entry with the marks turned back into tags (HTML) or removed (text), and
    data quotes into the locale's (outer open, outer close, inner open, inner close); with
    `punctuation-in-quote`, a period or comma after a data quote closing where the style's
    quote closes goes inside both (“This is ‘The One.’”), as citeproc-js does.
    In HTML, italics inside italics print upright, as citeproc-js's flip-flop does."""
    if not _OURS.search(text):
        return text
    if punctuation_in_quote and ("\ue01b" in text or "\ue01d" in text):
        close = re.escape(quotes[1])
        text = re.sub(f"([\ue01b\ue01d]+)({close})?([.,])", r"\3\1\2", text)
    text = text.translate(dict(zip(map(ord, QUOTE_OUTER + QUOTE_INNER), quotes)))
    if not html:
        return text.translate(_TEXT)
    if _NEEDS_FLIP_FLOP.search(text):  # nested formatting from the data or the style
        return _flip_flop(text.translate(_HTML_FLIP_TABLE))
    return text.translate(_HTML_TABLE)


_DECORATION = re.compile(r'<(/?)i>|<(/?)b>|<span style="font-variant:small-caps;">|<span\b[^>]*>|</span>|[\ue000-\ue003\ue00c\ue00d\ue020-\ue026]')
_NORMAL = {"\ue020": ("italic", "font-style"), "\ue022": ("bold", "font-weight"), "\ue024": ("small-caps", "font-variant")}
_DATA = {"\ue000": ("italic", "font-style", "<i>", "</i>"), "\ue002": ("bold", "font-weight", "<b>", "</b>")}
_STYLE = {"<i>": ("italic", "</i>"), "<b>": ("bold", "</b>"), '<span style="font-variant:small-caps;">': ("small-caps", "</span>")}
_CLOSING = frozenset(("</i>", "</b>", "</span>", "\ue001", "\ue003", "\ue00d", "\ue021", "\ue023", "\ue025"))


def _flip_flop(text: str) -> str:
    """Formatting inside formatting, as citeproc-js prints it: the style's own decorations
    nest as the style nests them (`<b>(<b>2019</b>)</b>`), italics or bold from the data
    inside the same formatting print upright (`<span style="font-style:normal;">`), and a
    `nodecor` span undoes whatever italics, bold or small caps surround it."""
    out, last = [], 0
    stack: list[tuple[dict, str]] = []  # (the formatting before this opened, its closing tag)
    on = {"italic": False, "bold": False, "small-caps": False}  # what the text is printed in now

    declared = {"italic": 0, "bold": 0, "small-caps": 0}  # the style's own decorations open around the text
    printed = False  # the next "normal" prints (marks.PRINTED_MARK)

    def opened(tag: str, close: str, declares: str | None = None, **changes) -> None:
        nonlocal on
        out.append(tag)
        stack.append((on, close, declares))
        on = {**on, **changes}
        if declares:
            declared[declares] += 1

    for tag in _DECORATION.finditer(text):
        out.append(text[last : tag.start()])
        last = tag.end()
        token = tag.group(0)
        if token in _STYLE:  # the style's: printed as it is, whatever is around it
            kind, close = _STYLE[token]
            opened(token, close, kind, **{kind: True})
        elif token in _DATA:  # the data's: upright inside italics
            kind, prop, open_tag, close_tag = _DATA[token]
            if on[kind]:
                opened(f'<span style="{prop}:normal;">', "</span>", **{kind: False})
            else:
                opened(open_tag, close_tag, **{kind: True})
        elif token == "\ue026":
            printed = True
        elif token in _NORMAL:  # the style's "normal": printed only inside what it undoes
            kind, prop = _NORMAL[token]
            if declared[kind] or printed:  # (inside the style's: also inside another "normal", as citeproc-js's normalDecorIsOrphan)
                opened(f'<span style="{prop}:normal;">', "</span>", **{kind: False})
            else:
                opened("", "")
            printed = False
        elif token in _CLOSING:
            if not stack:
                out.append(token if token.startswith("<") else "")
                continue
            on, close, declares = stack.pop()
            if declares:
                declared[declares] -= 1
            out.append(close)
        elif token == "\ue00c":
            undone = [kind for kind in ("italic", "small-caps", "bold") if on[kind]]
            props = {"italic": "font-style", "small-caps": "font-variant", "bold": "font-weight"}
            style = "".join(f"{props[kind]}:normal;" for kind in undone)
            opened(f'<span style="{style}">' if undone else "", "</span>" if undone else "",
                   **{kind: False for kind in on})
        else:  # another span
            opened(token, "</span>")
    out.append(text[last:])
    return "".join(out)


_quote_patch: list = []  # installed once a value with quotes of its own is read (speed)


def _install_quotes_in_quotes() -> None:
    """`quotes="true"` around a value with quotes of its own flips them to the inner level."""
    from citeproc import model

    _quote_patch.append(True)

    original = model.Quoted.quote

    def quote(self, string):
        if string is not None and self.get("quotes") is not None and self.get("quotes").lower() == "true":
            string = flip_quotes(string)
        return original(self, string)

    model.Quoted.quote = quote


def read_nocase_marks() -> None:
    """citeproc-py's CSL-JSON reader takes `<span class="nocase">` as `NoCase` text (no
    text case inside); after `marked()` it finds the span as its two marks."""
    from citeproc.source.json import CiteProcJSON

    CiteProcJSON.start_tag = NOCASE_OPEN
    CiteProcJSON.end_tag = NOCASE_CLOSE


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    read_nocase_marks: {
        "wraps": ["citeproc.source.json.CiteProcJSON.end_tag", "citeproc.source.json.CiteProcJSON.start_tag"],
    },
}
