"""Unicode text <-> LaTeX for BibTeX field values, through `pylatexenc`.

Every value that goes into the store is encoded here: metadata from the network
is untrusted, and encoding every TeX special character (`\\ { } & % $ # _ ~ ^`)
turns `\\input{...}`, `\\write18{...}` or a lone `}` into inert text.  Non-ASCII
characters become LaTeX macros in braces (`{\\"u}`), which 8-bit `bibtex` sorts
and `biber` reads alike.
"""

from __future__ import annotations

import re
import unicodedata
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
    # Dashes as TeX ligatures: pandoc silently drops `{\textendash}`; `--` and
    # `---` read right in BibTeX, biber, pandoc, citation-js and pybtex.
    dashes = UnicodeToLatexConversionRule(RULE_DICT, {0x2013: "--", 0x2014: "---"}, replacement_latex_protection="none")
    # An accented i as `{\'i}`, not `{\'\i}`: LaTeX places the accent right on either,
    # but pandoc and citation-js read `\'\i` as a dotless i with a loose accent.
    accented_i = UnicodeToLatexConversionRule(RULE_DICT, {0xED: r"\'i", 0xEC: r"\`i", 0xEE: r"\^i", 0xEF: r'\"i'})
    return UnicodeToLatexEncoder(
        conversion_rules=[braces, dashes, accented_i, *get_builtin_conversion_rules("defaults")],
        non_ascii_only=False,
        replacement_latex_protection="braces-all",
        unknown_char_policy=_unknown_char,
        unknown_char_warning=False,
    )


def _unknown_char(ch: str) -> str:
    """A character with no LaTeX macro: a letter, mark, number, punctuation or symbol of any
    script (深, ք) stays itself (UTF-8, as biber reads it); a control or format character
    becomes an inert `<U+001B>`."""
    if unicodedata.category(ch)[0] != "C":
        return ch
    return r"\ensuremath{\langle}\texttt{U+%04X}\ensuremath{\rangle}" % ord(ch)


# Text-style macros <-> CSL rich text (see markup.py).
_RICH_MACROS = {"textit": "i", "emph": "i", "textbf": "b", "textsubscript": "sub", "textsuperscript": "sup", "textsc": "sc"}


@lru_cache(maxsize=2)
def _decoder(rich: bool = False):
    from pylatexenc import latexwalker, macrospec
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    from medsegcite.bib.markup import _CLOSE, _OPEN

    context = get_default_latex_context_db()
    macros = [MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}")]
    for name, tag in _RICH_MACROS.items():
        macros.append(MacroTextSpec(name, (_OPEN[tag] + "%s" + _CLOSE[tag]) if rich else "%s"))
    context.add_context_category("medsegcite-braces", macros=macros, prepend=True)
    parsing = latexwalker.get_default_latex_context_db()
    parsing.add_context_category(
        "medsegcite-text-macros", macros=[macrospec.MacroSpec(name, "{") for name in _RICH_MACROS], prepend=True
    )
    converter = LatexNodes2Text(latex_context=context, math_mode="text", keep_braced_groups=False)

    def convert(text: str) -> str:
        walker = latexwalker.LatexWalker(text, latex_context=parsing, tolerant_parsing=True)
        return converter.nodelist_to_text(walker.get_latex_nodes()[0])

    return convert


_SPACE = re.compile(r"\s+")
# What pylatexenc would change: macros, groups, math, specials, dashes and TeX quotes.
_LATEX_SYNTAX = re.compile(r"[\\{}$~%&#_^]|--|``|''")


# Printable ASCII the encoder writes as it is (a test keeps this equal to pylatexenc's output).
_PLAIN_ASCII = re.compile(r'[^\x00-\x1f\x7f"#$%&<>\\^_{}~]*')


@lru_cache(maxsize=4096)  # a category's keywords are encoded for every paper under it
def encode(text: str) -> str:
    """Plain Unicode -> LaTeX in which every special character is inert."""
    text = _SPACE.sub(" ", text).strip()
    if text.isascii() and _PLAIN_ASCII.fullmatch(text):
        return text  # nothing the encoder would change: no need to walk it character by character
    return _encoder().unicode_to_latex(text)


MAX_DEPTH = 32  # brace groups deeper than any real value has


def depth_of(latex: str) -> int:
    """How deep brace groups nest in `latex` (BibTeX's counting), in one pass."""
    deepest = level = 0
    for char in latex:
        if char == "{":
            level += 1
            deepest = max(deepest, level)
        elif char == "}":
            level -= 1
    return deepest


def _bare_text(latex: str) -> str:
    return re.sub(r"\\[A-Za-z]+\*?|\\.|[{}]", "", latex)


def decode(latex: str, rich: bool = False) -> str:
    """LaTeX field value -> plain Unicode (for CSL-JSON, RIS and rendering).

    With `rich`, text-style macros become CSL rich text (`\\textit{x}` -> `<i>x</i>`).
    A hand-edited value nested deeper than any title (300 braces) is read as
    its bare text: pylatexenc recurses per group.
    """
    if not _LATEX_SYNTAX.search(latex):
        return _SPACE.sub(" ", latex).strip()  # nothing for the LaTeX parser to do
    if depth_of(latex) > MAX_DEPTH:
        text = _bare_text(latex)  # no reader recurses into it: its text, without the LaTeX
    else:
        try:
            text = _decoder(rich)(latex)
        except RecursionError:
            text = _bare_text(latex)
    if "\u0131" in text or "\u0237" in text:
        # `{\'\i}` decodes to a dotless i with a combining accent: write it as the
        # accented letter ("Cían", not "Cı́an"), which is what every reader makes of it.
        text = unicodedata.normalize("NFC", re.sub("\u0131(?=[\u0300-\u036f])", "i", re.sub("\u0237(?=[\u0300-\u036f])", "j", text)))
    # pylatexenc renders \textasciicircum as a modifier letter; keep the caret.
    return _SPACE.sub(" ", text.replace("\u02c6", "^")).strip()




# -- the last guard: every value the BibTeX writer writes --------------------------
# Macros a field value may use: those that name a character (every macro
# pylatexenc's encoder can write: accents, symbols, Greek, ...) and the text
# styles of rich text.  Anything else (`\input`, `\write18`, `\def`,
# `\catcode`, `\csname`, ...) can read files or change what TeX reads.
_TEXT_MACROS = {
    "textit", "emph", "textbf", "textsc", "textsubscript", "textsuperscript", "textrm", "textsf", "texttt",
    "textup", "textsl", "textnormal", "mathrm", "mathit", "mathbf", "mathcal", "mathsf", "mathtt", "ensuremath",
    "textbraceleft", "textbraceright", "textbackslash", "mbox", "url", "i", "j", "relax", "space", "ldots",
}
_MACRO = re.compile(r"\\([A-Za-z]+|.)", re.S)
_URL_FIELDS = ("url", "doi", "eprint", "link", "medsegcite-link")


@lru_cache(maxsize=1)
def _allowed_macros() -> frozenset[str]:
    from pylatexenc.latexencode import get_builtin_uni2latex_dict

    names = set(_TEXT_MACROS)
    for value in get_builtin_uni2latex_dict().values():
        names.update(_MACRO.findall(value))
    names.discard("\n")
    return frozenset(names)


def balanced(value: str) -> bool:
    """Braces balanced as BibTeX counts them (backslashes do not escape a brace there)."""
    depth = 0
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # C0 controls but tab and line breaks


def inert(value: str, name: str = "") -> bool:
    """True when `value` can neither close its BibTeX field nor make TeX do more than print text."""
    if not balanced(value) or "^^" in value or _CONTROL.search(value):
        return False  # `^^5c` is TeX's own spelling of a backslash
    if name.lower() not in _URL_FIELDS and re.search(r"(?<!\\)[%#]", value):
        return False  # a bare `%` comments out the rest of the .bbl line, its closing brace with it
    if "\\" not in value:
        return True
    allowed = _allowed_macros()
    return all(macro in allowed for macro in _MACRO.findall(value))


def safe_value(value: str, name: str = "") -> str:
    """`value` as it is when it is inert (the store's own LaTeX), else encoded as literal text.

    The one guard every BibTeX value passes on its way out, whatever its origin
    (network, list, decisions, a hand edit): a value that could close its field
    or run a macro is written as the text it spells (`\\input{x}` prints as
    itself), so nothing is lost and nothing runs.
    """
    if inert(value, name):
        return value
    if name.lower() in _URL_FIELDS:
        from medsegcite.listing import identifiers

        fixed = identifiers.url(value) if "://" in value else None
        if fixed is not None and inert(fixed, name):
            return fixed
    return encode(value)


def _is_sentence_case(words: list[str]) -> bool:
    """True when most longer words after the first start in lower case."""
    candidates = [w for w in words[1:] if len(w) > 3 and w[:1].isalpha()]
    if not candidates:
        return True
    lower = sum(1 for w in candidates if w[:1].islower())
    return lower * 2 > len(candidates)


def _needs_protection(core: str, first_word: bool, sentence_case: bool, name: bool = False) -> bool:
    parts = core.split("-")
    if len(core) == 1 and core.isupper() and core != "A" and not first_word:
        return True  # a one-letter capital word: "Deep Q learning", "T cells" ("A" is the article)
    for index, part in enumerate(parts):
        if any(ch.isupper() for ch in part[1:]):  # CT, MRI, UNet, COVID, 3D, T2W
            return True
        if part[:1].isupper() and any(ch.isdigit() for ch in part):  # T2, T1w, H2O: a capital and a digit
            return True
        if len(parts) > 1 and len(part) == 1 and part.isupper():  # U-Net, X-ray
            return True
        if sentence_case and part[:1].isupper() and (index > 0 or not first_word):
            return True  # a proper noun in a sentence-case title: Bayesian, Dense-Unet
        if name and index > 0 and part[:1].isupper():
            return True  # a method's name before the colon: "Inf-Net: ..."
    return False


_CORE = re.compile(r"^(?P<pre>[(\[\"'“‘]*)(?P<core>.*?)(?P<post>[)\].,:;!?\"'”’]*)$")
_DASH = re.compile(r"([\u2013\u2014])")


def _protect_word(word: str, first_word: bool, sentence_case: bool, name: bool) -> str:
    # En and em dashes join words without making them one: each side is
    # protected on its own ("{Network}---A", never "{Network---A}").
    pieces = _DASH.split(word)
    out = []
    for index, piece in enumerate(pieces):
        if index % 2:
            out.append(encode(piece))
            continue
        parts = _CORE.match(piece)
        pre, core, post = parts.group("pre"), parts.group("core"), parts.group("post")
        while post.startswith(")") and core.count("(") > core.count(")"):
            core, post = core + ")", post[1:]  # "Ru(bpy)" is one word
        if core and _needs_protection(core, first_word and index == 0, sentence_case, name):
            out.append(encode(pre) + "{" + encode(core) + "}" + encode(post))
        else:
            out.append(encode(piece))
    return "".join(out)


def protect_title(title: str) -> str:
    """Encode a title and brace the words a BibTeX style must not lower-case.

    Acronyms, mixed-case words and one-letter capitals are always protected,
    and so is a title's leading name before a colon ("Inf-Net: ...").  In a
    sentence-case title a capitalised word after the first is a proper noun,
    so it is protected too; in a title-case title capitals are only style, and
    protecting them would defeat the style's own casing.  Protection never
    reaches beyond the word.  CSL rich-text markup (`<i>`, `<sub>`, ...; see
    markup.py) becomes `\\textit{}`, `\\textsubscript{}`, ...
    """
    from medsegcite.bib import markup

    text = _SPACE.sub(" ", title).strip()
    words = markup.plain(text).split(" ")
    sentence_case = _is_sentence_case(words)
    name_word = words[0].endswith(":") if words else False
    out: list[str] = []
    position = 0
    for kind, value in markup.tokens(text):
        if kind == "open":
            out.append(markup.LATEX[value] + "{")
            continue
        if kind == "close":
            out.append("}")
            continue
        chunks = value.split(" ")
        for index, chunk in enumerate(chunks):
            if index:
                out.append(" ")
                position += 1
            if chunk:
                out.append(_protect_word(chunk, position == 0, sentence_case, name_word and position == 0))
    return "".join(out)
