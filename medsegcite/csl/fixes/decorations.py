"""Formatting that undoes formatting (`font-style="normal"`, `vertical-align="baseline"`...),
as citeproc-js prints it in HTML; citeproc-py printed nothing for these values.

citeproc-js always wraps `vertical-align="baseline"` and `text-decoration="none"` in a span,
and `font-style`, `font-weight`, `font-variant="normal"` only inside the formatting they
undo (upright text inside italics). The last three are marks while the entry renders;
rich_text.restore() decides once the surrounding formatting is known. Text output is
unchanged.
"""

from __future__ import annotations

from medsegcite.csl.fixes.marks import NORMAL_MARKS, PRINTED_MARK, UNDOING_MARKS


_UNDOING = (("vertical-align", "baseline"), ("text-decoration", "none"), ("font-style", "normal"),
            ("font-weight", "normal"), ("font-variant", "normal"))


def undoing_formatting() -> None:
    """Installed by the first style that sets one of these values."""
    from medsegcite.csl.fixes import on_demand

    test = " or ".join(f"@{attribute}='{value}'" for attribute, value in _UNDOING)
    on_demand.when_style_has(f"//cs:*[{test}]", _install)


def _install() -> None:
    from citeproc import formatter, model
    from citeproc.string import MixedString, String

    from medsegcite.csl.fixes.pieces import _ClosingTag
    from medsegcite.csl.fixes.punctuation import _last_printed_piece, printed_end

    def wrap(text, before, after):
        closing = String(after)
        if after.startswith("</"):  # a mark after the span meets the text's last one, as after <b>...</b>
            closing = _ClosingTag.of(after, printed_end(_last_printed_piece(text)))
        return MixedString([String(before)]) + text + closing

    def patched(method, attribute, value, html_span=None, mark=None):
        def decorate(self, text):
            if text is None or self.get(attribute) != value or self.get_formatter() is not formatter.html:
                return method(self, text)
            if html_span:
                return wrap(text, f'<span style="{html_span}">', "</span>")
            if _last_child_sets(self, text, attribute):
                return wrap(text, PRINTED_MARK + mark[0], mark[1])
            return wrap(text, *mark)

        return decorate

    cls = model.Formatted
    order = ("font_style", "font_variant", "font_weight", "text_decoration", "vertical_align")  # citeproc-py's
    plain = [getattr(cls, name) for name in order]
    undoing = [
        patched(plain[0], "font-style", "normal", mark=NORMAL_MARKS["font-style"]),
        patched(plain[1], "font-variant", "normal", mark=NORMAL_MARKS["font-variant"]),
        patched(plain[2], "font-weight", "normal", mark=NORMAL_MARKS["font-weight"]),
        patched(plain[3], "text-decoration", "none", html_span="text-decoration:none;"),
        patched(plain[4], "vertical-align", "baseline", html_span="baseline"),
    ]
    undoes: dict = {}  # element -> whether it sets one of these values (speed: asked once)

    def first_steps(self, string, count=len(order)):
        found = undoes.get(self)
        if found is None:
            found = undoes[self] = any(self.get(attribute) == value for attribute, value in _UNDOING)
        if isinstance(string, (int, float)):
            string = str(string)
        for method in (undoing if found else plain)[:count]:
            string = method(self, string)
        return string

    def format(self, string):
        return first_steps(self, string)

    cls.format = format
    _FIRST_STEPS.append(first_steps)


def _last_child_sets(element, text, attribute: str) -> bool:
    """Whether the last piece of `text` is the decorated value of one of `element`'s own
    children that sets `attribute` (not to "normal"): citeproc-js then prints `element`'s
    "normal" whatever is around it (`<span style="font-style:normal;">Roe <i>et al.</i></span>`),
    as its output queue asks the last child's decorations when it decorates a blob of blobs
    (`normalDecorIsOrphan(blobjr, ...)`). The children of a names list ending in "et al." are
    the names and the cs:et-al."""
    from medsegcite.csl.fixes.pieces import _Suffix

    pieces = text if isinstance(text, list) else [text]
    while isinstance(pieces, list) and pieces:
        kept = [piece for piece in list.__iter__(pieces) if type(piece) is not _Suffix and str(piece).strip(UNDOING_MARKS)]
        if not kept:
            return False
        pieces = kept[-1]
    by = getattr(pieces, "decorated_by", None)
    if by is None or by.get(attribute) in (None, "normal"):
        return False
    parent, tag = by.getparent(), element.tag.rpartition("}")[2]
    if tag == "names":  # citeproc-js decorates a cs:names' output a level above its names and "et al."
        return False
    if tag == "name":
        return by.tag.endswith("}et-al") and parent is element.getparent()
    return parent is element  # (a macro call's one child is the macro's body, undecorated)


_NAME_FORMATTING = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")
# what a literal (institutional) name takes of its cs:name's formatting: the first four of
# `format`'s five steps, as citeproc-js copies font-style, -variant, -weight and
# text-decoration (not vertical-align) onto the institution it makes for each cs:names
# (CSL.INSTITUTION_KEYS; text-case is applied elsewhere)
_LITERAL_NAME_STEPS = ("font_style", "font_variant", "font_weight", "text_decoration")
_FIRST_STEPS: list = []  # `format`'s steps up to a count, once _install has made them


def each_name(name_element):
    """How citeproc-js decorates the names of a list in HTML: each name with the cs:name's
    formatting (`<b>Gao Y</b>, <b>Huang R</b>`; the delimiters and "and" stay plain), not
    the list once. Returns a function text -> text, or None when the cs:name sets no
    formatting. A "normal" value whose opposite only the cs:names around it sets prints
    nothing: citeproc-js asks the formatting open when the name is put down, and the
    cs:names' own comes later (`normalDecorIsOrphan`). `decorate(text, literal=True)` formats a
    literal name, which takes no `vertical-align` (_LITERAL_NAME_STEPS)."""
    if not any(name_element.get(attribute) for attribute in _NAME_FORMATTING):
        return None
    names = name_element.getparent()
    orphans = [attribute for attribute in ("font-style", "font-variant", "font-weight")
               if name_element.get(attribute) == "normal" and names is not None
               and names.get(attribute) not in (None, "normal") and not _set_above(names, attribute)]

    def decorate(text, literal=False):
        if text is None or not str(text):
            return text
        held = {attribute: name_element.attrib.pop(attribute) for attribute in orphans}
        try:  # (formatted without the orphan values: the element is restored at once)
            if not literal:
                return name_element.format(text)
            if _FIRST_STEPS:  # (steps, not a changed attribute: attribute look-ups are cached, speed.py)
                return _FIRST_STEPS[-1](name_element, text, len(_LITERAL_NAME_STEPS))
            for step in _LITERAL_NAME_STEPS:
                text = getattr(name_element, step)(text)
            return text
        finally:
            name_element.attrib.update(held)

    return decorate


def _set_above(element, attribute) -> bool:
    """Whether an ancestor of `element` (a group, the layout...) sets `attribute` to a value
    that is not "normal"."""
    parent = element.getparent()
    while parent is not None:
        if parent.get(attribute) not in (None, "normal"):
            return True
        parent = parent.getparent()
    return False


def dates_formatted() -> None:
    """A cs:date's own formatting, inside its affixes (`(<b>2019</b>)`), as citeproc-js
    prints it in HTML; citeproc-py dropped it (its `Date.markup` is a TODO). citeproc-js
    drops it too on a localized date (`form="text"`/`"numeric"`): only a date that lists its
    own date-parts is formatted."""
    from citeproc import formatter, model

    def wrap(self, string):
        if string is not None and self.get("form") is None and self.get_formatter() is formatter.html:
            string = self.format(string)
        return model.Affixed.wrap(self, string)  # (read when called: other fixes replace it)

    model.Date.wrap = wrap


def underline_as_a_span() -> None:
    """`text-decoration="underline"` as citeproc-js writes it in HTML: a
    `<span style="text-decoration:underline;">`, not citeproc-py's `<u>` (in HTML5 an
    "unarticulated annotation", not an underline)."""
    from citeproc.formatter import html

    html.Underline.tag = "span"
    html.Underline.attributes = {"style": "text-decoration:underline;"}


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    undoing_formatting: {
        "wraps": ["citeproc.model.Formatted.format"],
        # (it registers with on_demand, which that fix installs)
        "needs": ["install_fixes_styles_need"],
        "on_demand": True,
    },
    dates_formatted: {"wraps": ["citeproc.model.Date.wrap"]},
    underline_as_a_span: {
        "wraps": ["citeproc.formatter.html.Underline.attributes", "citeproc.formatter.html.Underline.tag"],
    },
}
