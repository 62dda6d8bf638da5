"""The two Markdown encoders for what `add` writes into list.md: one for text
(a title, a link's label), one for link targets.

Whatever their origin (the network, `--title`, `--label`, the command line's
URL), values are untrusted: written through these, they read back as the same
text in CommonMark (markdown-it-py), Python-Markdown and GitHub, and make no
link, image, HTML tag or autolink of their own.  Terminal escapes and other
control characters are removed: a list line is one line of text.
"""

from __future__ import annotations

import re

# CSI/OSC escape sequences, C0/C1 controls (tab and newline become spaces),
# bidirectional overrides; lone surrogates (unwritable as UTF-8).
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# `<` that opens a tag, a comment, a declaration or an autolink in some renderer.
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
# `&` that would be read as a character reference.
_ENTITY = re.compile(r"&(?=#[0-9]{1,8};|#[xX][0-9a-fA-F]{1,8};|[A-Za-z][A-Za-z0-9]{0,40};)")
# A backslash before punctuation would escape what follows it (our own `]`).
_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)")


def clean(text: str) -> str:
    """One line of text: controls and escape sequences removed, lone surrogates replaced, spaces collapsed."""
    text = _SURROGATE.sub("\ufffd", str(text))
    return " ".join(_CONTROL.sub(" ", text).split())


def text(value: str) -> str:
    """`value` as Markdown text that is nothing but text."""
    value = clean(value)
    value = _BACKSLASH.sub(r"\\\\", value)
    value = _ENTITY.sub("&amp;", value)
    value = _TAG_OPEN.sub("&lt;", value)
    # Brackets make links and images; backticks code spans that could swallow the line's own
    # link; `*`, `_` and `~` emphasis and strike-through, which the list reader reads as such.
    return re.sub(r"([\[\]`*_~])", r"\\\1", value)


def link_target(url: str) -> str | None:
    """`url` as a Markdown link destination, or None when it is not an http(s) URL.

    The URL validator (identifiers.url) percent-encodes what URLs may not hold
    (spaces, quotes, `<>`, `\\`, `^`, control and non-ASCII characters) and drops
    a user name and password; parentheses are encoded too, as they end an inline link.
    """
    from medsegcite.listing import identifiers

    valid = identifiers.url(url)
    if valid is None:
        return None
    return valid.replace("(", "%28").replace(")", "%29")
