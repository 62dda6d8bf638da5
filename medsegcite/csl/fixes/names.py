"""Name formatting options citeproc-py ignored."""

from __future__ import annotations


def initialize_false_keeps_given_names() -> None:
    """`initialize="false"`: given names stay in full; only lone initials get the mark.

    citeproc-py ignored the attribute and initialised every given name whenever
    `initialize-with` was set (Chicago and MLA print "Agn, Mikael", not "Agn, M.").
    """
    from citeproc import model

    original = model.Name.initialize

    def initialize(self, given, mark, context):
        if _inherited(self, "initialize", "true").lower() != "false":
            return original(self, given, mark, context)
        words = []
        for word in given.split():
            bare = word.rstrip(".")
            words.append(bare + mark.rstrip() if len(bare) == 1 and bare.isupper() else word)
        return " ".join(words)

    model.Name.initialize = initialize


def _inherited(element, attribute: str, default: str) -> str:
    """An inheritable name option: on the element, its cs:names' parents, the bibliography, the style."""
    node = element
    while node is not None:
        value = node.get(attribute)
        if value is not None:
            return value
        node = node.getparent()
    return default
