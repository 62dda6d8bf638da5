"""Citation keys: readable, unique, and never changed once written.

`li2018hdenseunet`: family name of the first author, year, first significant
title word.  Before a paper is resolved only its title is known, so the key is
made of its first two significant title words (`focusnetimbalanced`).  A clash
gets a letter suffix (`...a`, `...b`, ... `...z`, `...aa`, ... `...zz`, `...aaa`,
...: they never run out); the store keeps every key it has written, so a key
never moves to another paper.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import count
from string import ascii_lowercase

# Words that say nothing about a paper; skipped when picking the title word.
STOPWORDS = frozenset(
    """a an the of for and or in on at to by with from via into using based toward towards
    is are be its their our we new novel""".split()
)


def ascii_word(text: str) -> str:
    """Lower-case ASCII letters and digits of `text` (accents folded: Grün -> grun)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def significant_words(title: str) -> list[str]:
    words = [ascii_word(w) for w in re.split(r"[\s:;,.?!()\[\]/]+", title)]
    return [w for w in words if w and w not in STOPWORDS]


def base_key(title: str, family: str | None = None, year: int | str | None = None) -> str:
    words = significant_words(title) or ["untitled"]
    family_word = ascii_word(family or "")
    if family_word:
        return f"{family_word}{year or ''}{words[0]}"
    if year:
        return f"{words[0]}{year}{words[1] if len(words) > 1 else ''}"
    return "".join(words[:2])


def unique_key(base: str, taken: set[str]) -> str:
    """`base`, or `base` with the first free letter suffix."""
    if base not in taken:
        return base
    for suffix in _suffixes():
        if base + suffix not in taken:
            return base + suffix
    raise AssertionError("unreachable: the suffixes never run out")


def is_suffix(text: str) -> bool:
    """True for a suffix `unique_key` gives (`a`, `zz`, `aab`): lower-case ASCII letters."""
    return text.isascii() and text.isalpha() and text.islower()


def _suffixes():
    """a..z, aa..zz, aaa..zzz, ...: the first 702 as before, so written keys keep their order."""
    for number in count(1):
        letters = ""
        while number:
            number, digit = divmod(number - 1, 26)
            letters = ascii_lowercase[digit] + letters
        yield letters
