"""The layout of an entry: `second-field-align` labels, the display wrappers and the
markup from the data turned into the output format once the entry is rendered."""

from __future__ import annotations

from medsegcite.csl.fixes import display, quotes, rich_text, spacing, subsequent_author


NO_PRINTED_FORM = "[CSL STYLE ERROR: reference with no printed form.]"


def label_then_space() -> None:
    """`second-field-align`: citeproc-js separates the label from the entry by a space in
    text ("[1] X. Li") and puts the two in `csl-left-margin` and `csl-right-inline` divs in
    HTML. Every entry then has its display wrappers and markup turned into the output
    format (display.py, rich_text.py), and subsequent-author-substitute compares each entry
    with the one before it (subsequent_author.py). An item that prints nothing keeps its
    place (citeproc-py left it out, which shifted every later key)."""
    from citeproc import formatter, model

    def render_bibliography(self, citation_items):
        bibliography = self.getparent()
        align = bibliography.get_option("second-field-align")
        children = list(self.iterchildren())
        aligned = bool(align) and len(children) >= 1
        html = self.get_formatter() is formatter.html
        substitute = subsequent_author.Substitution.start(bibliography, citation_items, self)
        numeric = bool(self.get_root().xpath_search("//cs:text[@variable='citation-number']"))
        inside = self.get_locale_option("punctuation-in-quote").lower() == "true"
        quotes = tuple(str(self.get_single_term(name)) for name in ("open-quote", "close-quote", "open-inner-quote", "close-inner-quote"))
        output = []
        for item in citation_items:
            self.repressed = {}
            if substitute is None:
                text = _entry(self, item, children, aligned, html)
            else:
                with substitute.entry():
                    text = _entry(self, item, children, aligned, html)
            if text is None or not str(text):
                # Every item keeps a place, so render.bibliography pairs keys and entries right:
                # as in citeproc-js, a numeric style prints a numbered placeholder, any other
                # leaves the entry out (an empty one, which render.bibliography drops).
                text = f"{item.number}. {NO_PRINTED_FORM}" if numeric else ""
            output.append(rich_text.restore(display.restore(str(text), html), html, quotes, inside))
        return output

    model.Layout.render_bibliography = render_bibliography


def _entry(layout, item, children, aligned, html):
    from citeproc import model
    from citeproc.string import MixedString, String

    if aligned and html:
        return layout.format(_aligned_html(layout, item, children))
    if aligned:
        # citeproc-js's text output: the left margin, a space, the rest, joined as they
        # are (a label "1. " gives "1.  Gao"); citeproc-py's join would merge the spaces
        # (csl-behaviours' change, kept here). The layout's suffix goes with the rest: an
        # entry that is all left margin (a layout of one element, or nothing after the
        # label) has none, as in citeproc-js.
        parts = _label_and_rest(children, item)
        if parts[1] is None:
            return None if parts[0] is None else layout.format(layout.get("prefix", "") + parts[0])
        if parts[0] is not None:
            # the label's last space and the rest's first meet as siblings do (one goes,
            # unless the label is a number: "[Sign19]  Signals", "[1]   Signals")
            from citeproc.string import normalize_seam

            parts[1] = normalize_seam(parts[0], parts[1])
        text = MixedString([parts[0], String(" "), parts[1]]) if parts[0] is not None else parts[1]
        return layout.format(layout.wrap(text))
    if children and _uses_display(layout, children) and not children[-1].tag.endswith("}choose"):
        # citeproc-js makes the layout's suffix its last element's suffix, in place of that
        # element's own (latin-american-perspectives' last group's "." goes); an entry whose
        # last element is a macro that prints nothing has none ("Title (n.d.)", fishery-bulletin).
        # A last element with a display of its own keeps its suffix: citeproc-js's display
        # blob is a wrapper around the element's own blob, and the layout's suffix replaces the wrapper's.
        render_last = _render_without_suffix if display.printed_display(children[-1]) is None else _render_one
        head, last = _render(children[:-1], item), render_last(children[-1], item)
        if last is None and "macro" in children[-1].attrib:  # an empty macro still takes the suffix
            return None if head is None else layout.format(layout.get("prefix", "") + head)
        if last is None:  # any other empty element leaves it to the one before
            return None if head is None else layout.format(_wrapped(layout, head))
        return layout.format(_wrapped(layout, last if head is None else model.join([head, last], "")))
    return layout.format(_wrapped(layout, layout.render_children(item)))


def _render_one(element, item):
    return _render([element], item)


def _render_without_suffix(element, item):
    """`element` rendered without its own suffix (the style is restored at once)."""
    own = element.get("suffix")
    if own is None:
        return _render([element], item)
    del element.attrib["suffix"]
    try:
        return _render([element], item)
    finally:
        element.set("suffix", own)


_DISPLAY_USES: dict = {}  # layout -> whether its first element has `display` (speed: found once)


def _uses_display(layout, children) -> bool:
    """citeproc-js's `using_display`: the layout's first element (not one inside a choose)
    has a `display` attribute."""
    found = _DISPLAY_USES.get(layout)
    if found is None:
        first = children[0]
        found = _DISPLAY_USES[layout] = bool(first.get("display")) and not first.tag.endswith("}choose")
    return found


def _wrapped(layout, text):
    """The layout's affixes; an entry that ends in a display wrapper takes the suffix
    inside it (`...Here.</div>`, not `...Here</div>.`), as citeproc-js does."""
    if text is None:
        return None
    inner, close = display.split_last(text)
    if close is None:
        return layout.wrap(text)
    prefix, suffix = layout.get("prefix", ""), layout.get("suffix", "")
    text, suffix = quotes.marks_into_final_quote(text, suffix)  # (sweep-punct)
    if suffix[:1] and str(text)[:-1].endswith(">") and _printed_end_before_the_wrapper(text) == suffix[0]:
        suffix = suffix[1:]  # (HTML) a decorated value's last mark, seen through its tags: "<b>S. d.</b>" + "."
    inner, close = display.split_last(text)
    from citeproc.string import normalize_seam

    return prefix + inner + normalize_seam(inner, suffix) + close if suffix else prefix + text


def _printed_end_before_the_wrapper(text) -> str:
    """The last character printed before the display wrapper's closing mark `text` ends with."""
    from citeproc.string import MixedString

    from medsegcite.csl.fixes.pieces import _flat
    from medsegcite.csl.fixes.punctuation import _last_printed_piece, printed_end

    pieces = _flat(text)
    return printed_end(_last_printed_piece(MixedString(pieces[:-1]))) if len(pieces) > 1 else ""


def _aligned_html(layout, item, children):
    """The label in a left-margin div, the rest in a right-inline div; the layout's prefix
    goes with the label and its suffix inside the right-inline div, as in citeproc-js."""
    from citeproc import model

    label, rest = _label_and_rest(children, item)
    if label is not None:
        label = layout.get("prefix", "") + label
    if rest is not None:
        rest, suffix = quotes.marks_into_final_quote(rest, layout.get("suffix", ""))  # (sweep-punct)
        rest = _suffixed(layout, rest, suffix) if suffix else rest
    parts = [display.wrapped(label, "left-margin"), display.wrapped(rest, "right-inline")]
    return model.join([p for p in parts if p is not None], "")


def _suffixed(layout, text, suffix: str):
    """`text` and the layout's `suffix` joined as the layout's own affixes join what it
    wraps, marks merged as in text ("2019;" + "." gives "2019;"); the style is restored at once."""
    held = {name: layout.attrib.pop(name) for name in ("prefix", "suffix") if name in layout.attrib}
    layout.set("suffix", suffix)
    try:
        return layout.wrap(text)
    finally:
        del layout.attrib["suffix"]
        layout.attrib.update(held)


_MIGRATING = frozenset(".,;:!?")


def _label_and_rest(children, item):
    """The label (the first element) and the rest, rendered; a mark the rest starts with
    (a first prefix's ", ") goes to the end of the label, once, as citeproc-js's passes
    move it up to the right-inline part and then onto the left margin ("[20],  Title")."""
    label, rest = _render(children[:1], item), _render(children[1:], item)
    if label is None or rest is None:
        return [label, rest]
    first = str(rest)[:1]
    if first in _MIGRATING and not isinstance(spacing.first_piece(rest), spacing.Decorated):  # (a decorated element's inside stays)
        from citeproc.string import MixedString, String

        rest = display.without_char(rest, 0)
        if not str(label).endswith(first):
            label = MixedString([label, String(first)])
    return [label, rest if str(rest) else None]


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


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    label_then_space: {"wraps": ["citeproc.model.Layout.render_bibliography"]},
}
