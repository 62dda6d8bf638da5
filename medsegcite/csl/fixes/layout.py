"""The layout of an entry: `second-field-align` labels."""

from __future__ import annotations



def label_then_space() -> None:
    """`second-field-align`: citeproc-js separates the label from the entry by a space ("[1] X. Li")."""
    from citeproc import model
    from citeproc.string import MixedString, String

    original = model.Layout.render_bibliography

    def render_bibliography(self, citation_items):
        align = self.getparent().get_option("second-field-align")
        children = list(self.iterchildren())
        if not align or len(children) < 2:
            return original(self, citation_items)
        output = []
        for item in citation_items:
            self.repressed = {}
            parts = [_render(children[:1], item), _render(children[1:], item)]
            # citeproc-js's text output: the left margin, a space, the rest, joined as they are
            # (a label "1. " gives "1.  Gao"); citeproc-py's join would merge the spaces.
            text = MixedString([parts[0], String(" "), parts[1]]) if None not in parts else model.join([p for p in parts if p is not None], "")
            output.append(self.format(self.wrap(text)))
        return output

    model.Layout.render_bibliography = render_bibliography


def _render(children, item):
    from citeproc import model

    out = []
    for child in children:
        try:
            text = child.render(item)
        except model.VariableError:
            continue
        if text is not None:
            out.append(text)
    return model.join(out, "") if out else None
