"""The keys a pandoc, Quarto or R Markdown document cites.

Pandoc's citation syntax: `[@key]`, `[see @key, p. 3; @other]`, `[-@key]`
(suppressed author), in-text `@key`, `@{key with any.chars}`, and the
metadata's `nocite` (`@*`: every entry). A key starts with a letter, digit
or `_` and may hold `:.#$%&-+?<>~/` between word characters (`@li2018.` cites
`li2018`). Like pandoc, an `@` inside a word is no citation (an e-mail
address), and neither is one in code, a link target, an autolink `<...>` or
an example label `(@good)` or item `@good.`; a bare URL's `@user` is one, as pandoc reads it. Quarto's
cross-references (`@fig-x`, `@tbl-x`, `@sec-x`, ...) are not citations either,
unless the store has an entry of that key.
"""

from __future__ import annotations

import re

# Quarto's reserved cross-reference prefixes (quarto.org, "Cross-References").
QUARTO_CROSSREF = (
    "fig", "tbl", "lst", "tip", "nte", "wrn", "imp", "cau", "thm", "lem", "cor",
    "prp", "cnj", "def", "exm", "exr", "sol", "rem", "alg", "eq", "sec",
)
_CROSSREF = re.compile(rf"(?:{'|'.join(QUARTO_CROSSREF)})-", re.IGNORECASE)

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")
_HTML_COMMENT = re.compile(r"<!--(?:.|\n)*?-->")
_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")  # `[text](target "title")`: the target part
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*>")
_EXAMPLE_REF = re.compile(r"\(@[\w-]*\)")  # `(@good)`: pandoc's numbered-example labels
_EXAMPLE_ITEM = re.compile(r"^ {0,3}@[\w-]*[.)](?=\s|$)", re.MULTILINE)  # `@good. text`: an example item
_INTERNAL = r":.#$%&\-+?<>~/"
_KEY = rf"[^\W](?:[^\W]|[{_INTERNAL}](?=[^\W]))*"
# `@{...}` (no spaces) or a plain key; `@*` (nocite).
_CITE = re.compile(rf"@(?:\{{([^{{}}\s]+)\}}|({_KEY})|(\*))")


def keys_in(text: str) -> list[str]:
    """The cited keys of a Markdown text, in order, repeats kept; `*` for `nocite: '@*'`."""
    prose = _prose(text)
    keys = []
    last_end = -1
    for match in _CITE.finditer(prose):
        before = prose[match.start() - 1] if match.start() else " "
        # Not inside a word (an e-mail address) nor escaped, unless right after another citation.
        if (before.isalnum() or before == "\\") and match.start() != last_end:
            continue
        braced, plain, star = match.groups()
        keys.append(star or (braced if braced is not None else plain))
        last_end = match.end()
    return keys


def is_cross_reference(key: str) -> bool:
    """`fig-roc`, `tbl-results`, `sec-methods`: a Quarto cross-reference, not a citation."""
    return _CROSSREF.match(key) is not None


def _prose(text: str) -> str:
    """The text with code blocks, code spans, comments, link targets and URLs blanked out."""
    lines = []
    fence = None
    for line in text.splitlines():
        opened = _FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)
            lines.append("")
        elif fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence) and not line.strip()[len(opened.group(1)):].strip():
                fence = None
            lines.append("")
        elif line.startswith(("    ", "\t")) and (not lines or not lines[-1].strip()):
            lines.append("")  # an indented code block after a blank line
        else:
            lines.append(line)
    prose = "\n".join(lines)
    for pattern in (_HTML_COMMENT, _CODE_SPAN, _LINK_TARGET, _AUTOLINK, _EXAMPLE_REF, _EXAMPLE_ITEM):
        prose = pattern.sub(" ", prose)
    return prose
