"""The layout of an entry: `second-field-align` labels, the display wrappers and the
markup from the data turned into the output format once the entry is rendered."""

from __future__ import annotations

from medsegcite.csl.fixes import display, rich_text, subsequent_author


def label_then_space() -> None:
    """`second-field-align`: citeproc-js separates the label from the entry by a space in
    text ("[1] X. Li") and puts the two in `csl-left-margin` and `csl-right-inline` divs in
    HTML. Every entry then has its display wrappers and markup turned into the output
    format (display.py, rich_text.py), and subsequent-author-substitute compares each entry
    with the one before it (subsequent_author.py)."""
    from citeproc import formatter, model
    from citeproc.string import MixedString, String

    def render_bibliography(self, citation_items):
        bibliography = self.getparent()
        align = bibliography.get_option("second-field-align")
        children = list(self.iterchildren())
        html = self.get_formatter() is formatter.html
        substitute = subsequent_author.Substitution.start(bibliography, citation_items, self)
        quotes = tuple(str(self.get_single_term(name)) for name in ("open-quote", "close-quote", "open-inner-quote", "close-inner-quote"))
        output = []
        for item in citation_items:
            self.repressed = {}
            with substitute.entry():
                if align and len(children) >= 2 and html:
                    text = self.format(_aligned_html(self, item, children))
                elif align and len(children) >= 2:
                    # citeproc-js's text output: the left margin, a space, the rest, joined as they
                    # are (a label "1. " gives "1.  Gao"); citeproc-py's join would merge the spaces
                    # (csl-behaviours' change, kept here).
                    parts = [_render(children[:1], item), _render(children[1:], item)]
                    text = MixedString([parts[0], String(" "), parts[1]]) if None not in parts else model.join([p for p in parts if p is not None], "")
                    text = self.format(self.wrap(text))
                else:
                    text = self.format(_wrapped(self, self.render_children(item)))
            if text is not None:
                output.append(rich_text.restore(display.restore(str(text), html), html, quotes))
        return output

    model.Layout.render_bibliography = render_bibliography


def _wrapped(layout, text):
    """The layout's affixes; an entry that ends in a display wrapper takes the suffix
    inside it (`...Here.</div>`, not `...Here</div>.`), as citeproc-js does."""
    if text is None:
        return None
    inner, close = display.split_last(text)
    if close is None:
        return layout.wrap(text)
    prefix, suffix = layout.get("prefix", ""), layout.get("suffix", "")
    from citeproc.string import normalize_seam

    return prefix + inner + normalize_seam(inner, suffix) + close if suffix else prefix + text


def _aligned_html(layout, item, children):
    """The label in a left-margin div, the rest in a right-inline div; the layout's prefix
    goes with the label and its suffix inside the right-inline div, as in citeproc-js."""
    from citeproc import model
    from citeproc.string import normalize_seam

    label, rest = _render(children[:1], item), _render(children[1:], item)
    if label is not None:
        label = layout.get("prefix", "") + label
    if rest is not None:
        suffix = layout.get("suffix", "")
        rest = rest + normalize_seam(rest, suffix) if suffix else rest
    parts = [display.wrapped(label, "left-margin"), display.wrapped(rest, "right-inline")]
    return model.join([p for p in parts if p is not None], "")


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
