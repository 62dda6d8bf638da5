"""Inline markup in titles: Crossref's JATS/HTML/MathML -> CSL rich text -> LaTeX.

Crossref titles carry markup that means something (`<i>Eleutheronema</i>`,
`c<sub>p</sub>`, `[Ru(bpy)<sub>3</sub>]<sup>2+</sup>`, `<scp>AI</scp>`, MathML).
We keep it as the CSL rich-text subset citeproc-js reads (`<i>`, `<b>`,
`<sub>`, `<sup>`, small-caps `<span>`) and write it to LaTeX as `\\textit{}`,
`\\textbf{}`, `\\textsubscript{}`, `\\textsuperscript{}`, `\\textsc{}`.
Everything else (unknown tags, entities, newlines) is reduced to its text.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

SMALL_CAPS = '<span style="font-variant:small-caps;">'
# Source tag (any namespace prefix dropped) -> our tag.
SOURCE_TAGS = {
    "i": "i", "em": "i", "italic": "i",
    "b": "b", "strong": "b", "bold": "b",
    "sub": "sub", "inf": "sub",
    "sup": "sup",
    "scp": "sc", "sc": "sc", "smallcaps": "sc",
}
# Markup nests at most this deep: a title of 1,333 nested tags (a hostile
# server's) keeps its text, and no parser, renderer or TeX group stack meets
# more than this many levels.
MAX_DEPTH = 16
LATEX = {"i": r"\textit", "b": r"\textbf", "sub": r"\textsubscript", "sup": r"\textsuperscript", "sc": r"\textsc"}
_OPEN = {"i": "<i>", "b": "<b>", "sub": "<sub>", "sup": "<sup>", "sc": SMALL_CAPS}
_CLOSE = {"i": "</i>", "b": "</b>", "sub": "</sub>", "sup": "</sup>", "sc": "</span>"}


class _Node:
    def __init__(self, tag: str | None):
        self.tag, self.children = tag, []


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node(None)
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        if len(self.stack) > MAX_DEPTH:
            return  # deeper tags are dropped, their text kept in the deepest one
        node = _Node(tag.rsplit(":", 1)[-1].lower())
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        name = tag.rsplit(":", 1)[-1].lower()
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == name:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def _render(node, out: list[str]) -> None:
    if isinstance(node, str):
        out.append(node)
        return
    tag = node.tag
    if tag == "math":  # MathML: identifiers in italics, scripts as sub/sup
        for child in node.children:
            _render(child, out)
        return
    if tag == "mi":
        text = _text(node)
        out.append(f"<i>{text}</i>" if len(text.strip()) == 1 else text)
        return
    if tag in ("msub", "msup", "msubsup") and node.children:
        parts = [c for c in node.children if not isinstance(c, str) or c.strip()]
        _render(parts[0], out)
        scripts = ["sub", "sup"] if tag == "msubsup" else [tag[1:]]
        for script, part in zip(scripts, parts[1:]):
            inner: list[str] = []
            _render(part, inner)
            out.append(f"<{script}>{''.join(inner)}</{script}>")
        return
    mapped = SOURCE_TAGS.get(tag or "")
    inner = []
    for child in node.children:
        _render(child, inner)
    text = "".join(inner)
    if mapped and text.strip():
        out.append(_OPEN[mapped] + text + _CLOSE[mapped])
    else:
        out.append(text)


def _text(node) -> str:
    return node if isinstance(node, str) else "".join(_text(c) for c in node.children)


def from_source(text: str) -> str:
    """Crossref/DataCite title (JATS, HTML, MathML, entities) -> CSL rich text."""
    if "<" not in text:
        return " ".join(html.unescape(text).split())
    parser = _Tree()
    parser.feed(text)
    parser.close()
    out: list[str] = []
    _render(parser.root, out)
    rich = " ".join("".join(out).split())
    # A tag around nothing but its own spaces moves the space outside.
    return re.sub(r"(<(?:i|b|sub|sup)>|" + re.escape(SMALL_CAPS) + r") ", r" \1", rich)


_TOKEN = re.compile(r"(<(?:i|b|sub|sup)>|</(?:i|b|sub|sup|span)>|" + re.escape(SMALL_CAPS) + ")")
_TAG_OF = {"<i>": "i", "<b>": "b", "<sub>": "sub", "<sup>": "sup", SMALL_CAPS: "sc"}
_CLOSE_OF = {"</i>": "i", "</b>": "b", "</sub>": "sub", "</sup>": "sup", "</span>": "sc"}


def tokens(rich: str) -> list[tuple[str, str]]:
    """Rich text -> [("text", s) | ("open", tag) | ("close", tag)], balanced.

    Only tags that open and close in order count as markup; a stray `<i>` or
    `</sub>` stays literal text, so no LaTeX group is ever left open.
    """
    raw = [p for p in _TOKEN.split(rich) if p]
    # Match pairs with a stack first; unmatched tags become text.
    matched: set[int] = set()
    stack: list[tuple[str, int]] = []
    for index, part in enumerate(raw):
        if part in _TAG_OF:
            stack.append((_TAG_OF[part], index))
        elif part in _CLOSE_OF and stack and stack[-1][0] == _CLOSE_OF[part]:
            _, start = stack.pop()
            matched |= {start, index}
    # Pairs nested deeper than MAX_DEPTH are dropped (their text stays).
    depth, dropped, closing = 0, set(), []
    for index, part in enumerate(raw):
        if index not in matched:
            continue
        if part in _TAG_OF:
            depth += 1
            closing.append(depth > MAX_DEPTH)
            if closing[-1]:
                dropped.add(index)
        else:
            depth -= 1
            if closing.pop():
                dropped.add(index)
    result: list[tuple[str, str]] = []
    for index, part in enumerate(raw):
        if index in dropped:
            continue
        if index in matched:
            result.append(("open", _TAG_OF[part]) if part in _TAG_OF else ("close", _CLOSE_OF[part]))
        elif result and result[-1][0] == "text":
            result[-1] = ("text", result[-1][1] + part)
        else:
            result.append(("text", part))
    return result


def plain(rich: str) -> str:
    """Rich text -> its text alone."""
    if "<" not in rich:
        return rich
    return "".join(value for kind, value in tokens(rich) if kind == "text")
