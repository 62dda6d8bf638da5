"""Markup inside item values, as citeproc-js reads it.

CSL-JSON values may carry a small set of HTML-like tags (`<i>`, `<b>`, `<sup>`, `<sub>`,
`<sc>`, `<span style="font-variant:small-caps;">`, `<span class="nocase">`,
`<span class="nodecor">`): a species name in italics inside a title, a chemical formula.
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
_OURS = re.compile("[\ue000-\ue01f]")  # ours and display.py's; never from the data

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


def marked(value: str) -> str:
    """`value` with its balanced markup tags replaced by private-use marks."""
    value = _OURS.sub("", value)
    if "<" not in value:
        return value
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


def marked_item(item: dict) -> dict:
    """Every text value of an item (not names or dates, not identifiers) marked."""
    return {k: (marked(v) if isinstance(v, str) and k not in _NOT_TEXT else v) for k, v in item.items()}


_NOT_TEXT = frozenset({"id", "type", "URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID"})


def restore(text: str, html: bool) -> str:
    """A rendered entry with the marks turned back into tags (HTML) or removed (text).
    In HTML, italics inside italics print upright, as citeproc-js's flip-flop does."""
    if not _OURS.search(text):
        return text
    if not html:
        return text.translate(_TEXT)
    return _flip_flop(text.translate(_HTML_TABLE)) if "\ue000" in text else text.translate(_HTML_TABLE)


_ITALIC_TAG = re.compile(r"<(/?)i>")


def _flip_flop(text: str) -> str:
    """`<i>` nested inside `<i>` -> an upright span, as citeproc-js prints it."""
    out, depth, stack, last = [], 0, [], 0
    for tag in _ITALIC_TAG.finditer(text):
        out.append(text[last : tag.start()])
        last = tag.end()
        if not tag.group(1):
            stack.append(depth % 2 == 1)
            depth += 1
            out.append('<span style="font-style:normal;">' if stack[-1] else "<i>")
        else:
            depth -= 1
            out.append("</span>" if stack and stack.pop() else "</i>")
    out.append(text[last:])
    return "".join(out)


def read_nocase_marks() -> None:
    """citeproc-py's CSL-JSON reader takes `<span class="nocase">` as `NoCase` text (no
    text case inside); after `marked()` it finds the span as its two marks."""
    from citeproc.source.json import CiteProcJSON

    CiteProcJSON.start_tag = NOCASE_OPEN
    CiteProcJSON.end_tag = NOCASE_CLOSE
