"""Names printed through a `cs:substitute` as citeproc-js prints them: a substituted name
variable printed nowhere else in the entry, and the substituted cs:names' name parts taken
as citeproc-js builds them (names_formatting.py formats the names themselves)."""

from __future__ import annotations


def substituted_names_not_repeated() -> None:
    """A name variable printed by a `cs:substitute` (directly or through a macro) prints
    nowhere else in the entry, as CSL asks and citeproc-js does: an editor standing in for a
    missing author is not listed again as editor; "Review of T, by B. Burtle" not followed
    by "by Beaver Burtle" once more. citeproc-py suppressed only text variables.
    And a bare `<names variable="editor"/>` inside a cs:choose of the substitute takes the
    substituted cs:names' cs:name as a direct child does (citeproc-py formatted it plainly)."""
    from citeproc import model

    original = model.Names.process

    def process(self, item, names_context=None, context=None, **kwargs):
        if names_context is None and self.name is None:
            # a bare cs:names anywhere in a cs:substitute (also inside a cs:choose) takes the
            # cs:name, cs:et-al and cs:label of the cs:names it substitutes for (CSL)
            owner = self.xpath_search("./ancestor::cs:substitute[1]/parent::cs:names[1]")
            names_context = owner[0] if owner else None
        try:
            repressed = getattr((context if context is not None else self).get_layout(), "repressed", None)
        except IndexError:  # (a cs:names reached with no layout around it: nothing repressed)
            repressed = None
        if not repressed:
            return original(self, item, names_context=names_context, context=context, **kwargs)
        done = {variable for variables in repressed.values() for variable in variables}
        reference = item.reference
        hidden = {role: dict.__getitem__(reference, role) for role in self.get("variable", "").split()
                  if role in done and role in reference}
        for role in hidden:
            dict.__delitem__(reference, role)
        try:
            return original(self, item, names_context=names_context, context=context, **kwargs)
        finally:
            reference.update(hidden)

    model.Names.process = process


_CS = "{http://purl.org/net/xbiblio/csl}"


def name_parts_as_citeproc_js_builds_them() -> None:
    """A cs:names with a cs:substitute formats its names with the last family and given
    cs:name-part in the whole element, its substitute's (and the macros it calls) included:
    citeproc-js keeps one name-part per kind while it builds a style, the last one built,
    and gives the outer cs:names the one left at its end. A substitute's plain
    `<name-part name="family"/>` so undoes the small caps the names themselves ask for."""
    from citeproc import frontend

    original = frontend.CitationStylesStyle.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        _substitutes_name_parts_taken(self.xml.getroot())

    frontend.CitationStylesStyle.__init__ = __init__


def _substitutes_name_parts_taken(root) -> None:
    macros = {macro.get("name"): macro for macro in root.iterfind(f"{_CS}macro")}

    def parts_built(element, seen):  # in build order: a macro's elements where it is called
        for inner in element.iter(f"{_CS}name-part", f"{_CS}text"):
            if inner.tag == f"{_CS}name-part":
                yield inner
            elif inner.get("macro") in macros and inner.get("macro") not in seen:
                yield from parts_built(macros[inner.get("macro")], seen | {inner.get("macro")})

    for names in root.iter(f"{_CS}names"):
        name = names.find(f"{_CS}name")
        if name is None or names.find(f"{_CS}substitute") is None or any(
                ancestor.tag == f"{_CS}substitute" for ancestor in names.iterancestors()):
            continue
        last = {part.get("name"): part for part in parts_built(names, frozenset())}
        own = {part.get("name"): part for part in name.iterfind(f"{_CS}name-part")}
        for kind, part in last.items():
            if own.get(kind) is part:
                continue
            mine = own.get(kind)
            if mine is None:
                mine = name.makeelement(part.tag, {})
                name.append(mine)
            mine.attrib.clear()
            mine.attrib.update(dict(part.attrib))


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    substituted_names_not_repeated: {
        "wraps": ["citeproc.model.Names.process"],
        # after group_needs_a_rendered_variable's counting (and its correction): Names.process counts inside it
        "after": ["substituted_term_is_no_rendered_variable"],
    },
    name_parts_as_citeproc_js_builds_them: {
        "wraps": ["citeproc.frontend.CitationStylesStyle.__init__"],
        "after": ["install_fixes_styles_need"],  # it rewrites the parsed style, once the on-demand fixes have read it
    },
}
