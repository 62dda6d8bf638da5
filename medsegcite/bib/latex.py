"""Unicode text <-> LaTeX for BibTeX field values, through `pylatexenc`.

Every value that goes into the store is encoded here: metadata from the network
is untrusted, and encoding every TeX special character (`\\ { } & % $ # _ ~ ^`)
turns `\\input{...}`, `\\write18{...}` or a lone `}` into inert text.  Non-ASCII
characters become LaTeX macros in braces (`{\\"u}`), which 8-bit `bibtex` sorts
and `biber` reads alike.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _encoder():
    from pylatexenc.latexencode import (
        RULE_DICT,
        UnicodeToLatexConversionRule,
        UnicodeToLatexEncoder,
        get_builtin_conversion_rules,
    )

    # BibTeX counts braces without regard to backslashes, so `\{` and `\}`
    # (pylatexenc's default) can still unbalance a field: use the text macros.
    braces = UnicodeToLatexConversionRule(RULE_DICT, {ord("{"): r"\textbraceleft", ord("}"): r"\textbraceright"})
    return UnicodeToLatexEncoder(
        conversion_rules=[braces, *get_builtin_conversion_rules("defaults")],
        non_ascii_only=False,
        replacement_latex_protection="braces-all",
        unknown_char_policy="unihex",
        unknown_char_warning=False,
    )


@lru_cache(maxsize=1)
def _decoder():
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db()
    context.add_context_category(
        "medsegcite-braces",
        macros=[MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}")],
        prepend=True,
    )
    return LatexNodes2Text(latex_context=context, math_mode="text", keep_braced_groups=False)


_SPACE = re.compile(r"\s+")
# What pylatexenc would change: macros, groups, math, specials, dashes and TeX quotes.
_LATEX_SYNTAX = re.compile(r"[\\{}$~%&#_^]|--|``|''")


def encode(text: str) -> str:
    """Plain Unicode -> LaTeX in which every special character is inert."""
    return _encoder().unicode_to_latex(_SPACE.sub(" ", text).strip())


def decode(latex: str) -> str:
    """LaTeX field value -> plain Unicode (for CSL-JSON, RIS and rendering)."""
    if not _LATEX_SYNTAX.search(latex):
        return _SPACE.sub(" ", latex).strip()  # nothing for the LaTeX parser to do
    text = _decoder().latex_to_text(latex)
    # pylatexenc renders \textasciicircum as a modifier letter; keep the caret.
    return _SPACE.sub(" ", text.replace("\u02c6", "^")).strip()




def _is_sentence_case(words: list[str]) -> bool:
    """True when most longer words after the first start in lower case."""
    candidates = [w for w in words[1:] if len(w) > 3 and w[:1].isalpha()]
    if not candidates:
        return True
    lower = sum(1 for w in candidates if w[:1].islower())
    return lower * 2 > len(candidates)


def _needs_protection(core: str, first_word: bool, sentence_case: bool) -> bool:
    parts = core.split("-")
    for index, part in enumerate(parts):
        if any(ch.isupper() for ch in part[1:]):  # CT, MRI, UNet, COVID, 3D, T2W
            return True
        if len(parts) > 1 and len(part) == 1 and part.isupper():  # U-Net, X-ray
            return True
        if sentence_case and part[:1].isupper() and (index > 0 or not first_word):
            return True  # a proper noun in a sentence-case title: Bayesian, Dense-Unet
    return False


_CORE = re.compile(r"^(?P<pre>[(\[\"'“‘]*)(?P<core>.*?)(?P<post>[)\].,:;!?\"'”’]*)$")


def protect_title(title: str) -> str:
    """Encode a title and brace the words a BibTeX style must not lower-case.

    Acronyms and mixed-case words are always protected.  In a sentence-case
    title a capitalised word after the first is a proper noun, so it is
    protected too; in a title-case title capitals are only style, and
    protecting them would defeat the style's own casing.
    """
    words = _SPACE.sub(" ", title).strip().split(" ")
    sentence_case = _is_sentence_case(words)
    out: list[str] = []
    for position, word in enumerate(words):
        parts = _CORE.match(word)
        pre, core, post = parts.group("pre"), parts.group("core"), parts.group("post")
        if core and _needs_protection(core, position == 0, sentence_case):
            out.append(encode(pre) + "{" + encode(core) + "}" + encode(post))
        else:
            out.append(encode(word))
    return " ".join(out)
