"""CSL rich text (CSL-JSON's `<i>`, `<b>`, `<sc>`, `<sup>`, `<sub>`, nocase and
small-caps spans) as pandoc Markdown, every other character literal.

Pandoc reads the string values of a YAML bibliography as Markdown; this is how
its own CSL-JSON -> YAML conversion writes them (`pandoc -f csljson -t markdown -s`).
"""

from __future__ import annotations

import re

_TAG = re.compile(
    r"<(?P<close>/)?(?P<name>i|b|sc|sup|sub)>"
    r"|<span\s+class=\"nocase\">|<span\s+style=\"font-variant:\s*small-caps;?\">|</span>"
)
_OPEN = {"i": "*", "b": "**", "sup": "^", "sub": "~", "sc": "[", "nocase": "[", "smallcaps": "["}
_CLOSE = {"i": "*", "b": "**", "sup": "^", "sub": "~", "sc": "]{.smallcaps}", "nocase": "]{.nocase}", "smallcaps": "]{.smallcaps}"}
# Every ASCII mark pandoc's Markdown gives a meaning inside a line, and the `--` and
# `...` its smart typography would turn into dashes and an ellipsis (CSL-JSON keeps them;
# quotes pandoc curls in both readers).
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|~^$@&=:]|-(?=-)|(?<=-)-|\.(?=\.\.)|(?<=\.)\.(?=\.)|(?<=\.\.)\.)")
_LINE_START = re.compile(r"^(\d+)([.)])")  # "2020. A survey" is no ordered list


def from_csl_rich_text(text: str) -> str:
    """`<i>Homo</i> sapiens` -> `*Homo* sapiens`; a tag never closed stays literal text."""
    tokens: list[list[str]] = []  # [kind, value]: text / open / close
    opened: list[tuple[str, int, str]] = []  # (name, token index, the tag as written)
    position = 0
    for match in _TAG.finditer(text):
        tokens.append(["text", text[position:match.start()]])
        tag = match.group(0)
        if match.group("close") or tag == "</span>":
            names = (match.group("name"),) if match.group("name") else ("nocase", "smallcaps")
            if opened and opened[-1][0] in names:
                tokens.append(["close", opened.pop()[0]])
            else:
                tokens.append(["text", tag])
        else:
            name = match.group("name") or ("nocase" if "nocase" in tag else "smallcaps")
            opened.append((name, len(tokens), tag))
            tokens.append(["open", name])
        position = match.end()
    tokens.append(["text", text[position:]])
    for _name, index, tag in opened:
        tokens[index] = ["text", tag]
    out = []
    for kind, value in tokens:
        if kind == "text":
            out.append(_SPECIAL.sub(r"\\\1", value))
        else:
            out.append((_OPEN if kind == "open" else _CLOSE)[value])
    return _at_line_start("".join(out))


def literal(text: str) -> str:
    """Text with no markup at all (a name: pandoc's CSL-JSON reader takes names' tags as
    characters) as pandoc Markdown."""
    return _at_line_start(_SPECIAL.sub(r"\\\1", text))


def _at_line_start(markdown: str) -> str:
    markdown = _LINE_START.sub(r"\1\\\2", markdown)
    return re.sub(r"^([-+] )", r"\\\1", markdown)
