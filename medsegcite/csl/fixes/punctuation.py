"""Fixes on the rendered string."""

from __future__ import annotations

import re


_PUNCT_AFTER_QUOTE = re.compile(r"(”)([.,])")


def punctuation_in_quote(text: str) -> str:
    """Locales with `punctuation-in-quote` (en-US) move a following comma or period inside the quotes."""
    return _PUNCT_AFTER_QUOTE.sub(r"\2\1", text)
