"""Formatting that undoes formatting (`font-style="normal"`, `vertical-align="baseline"`...),
as citeproc-js prints it in HTML; citeproc-py printed nothing for these values.

citeproc-js always wraps `vertical-align="baseline"` and `text-decoration="none"` in a span,
and `font-style`, `font-weight`, `font-variant="normal"` only inside the formatting they
undo (upright text inside italics). The last three are marks while the entry renders;
rich_text.restore() decides once the surrounding formatting is known. Text output is
unchanged.
"""

from __future__ import annotations

# (property, mark open, mark close) for the values printed only inside their opposite
NORMAL_MARKS = {
    "font-style": ("\ue020", "\ue021"),
    "font-weight": ("\ue022", "\ue023"),
    "font-variant": ("\ue024", "\ue025"),
}


def undoing_formatting() -> None:
    from citeproc import formatter, model
    from citeproc.string import MixedString, String

    def wrap(text, before, after):
        return MixedString([String(before)]) + text + String(after)

    def patched(method, attribute, value, html_span=None, mark=None):
        def decorate(self, text):
            if text is None or self.get(attribute) != value or self.get_formatter() is not formatter.html:
                return method(self, text)
            if html_span:
                return wrap(text, f'<span style="{html_span}">', "</span>")
            return wrap(text, *mark)

        return decorate

    cls = model.Formatted
    cls.vertical_align = patched(cls.vertical_align, "vertical-align", "baseline", html_span="baseline")
    cls.text_decoration = patched(cls.text_decoration, "text-decoration", "none", html_span="text-decoration:none;")
    cls.font_style = patched(cls.font_style, "font-style", "normal", mark=NORMAL_MARKS["font-style"])
    cls.font_weight = patched(cls.font_weight, "font-weight", "normal", mark=NORMAL_MARKS["font-weight"])
    cls.font_variant = patched(cls.font_variant, "font-variant", "normal", mark=NORMAL_MARKS["font-variant"])
