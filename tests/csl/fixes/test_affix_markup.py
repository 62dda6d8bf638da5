"""medsegcite/csl/fixes/affix_markup.py: a style's `&`, `<`, `>` in affixes and delimiters are text in HTML."""

from __future__ import annotations

import pytest

from medsegcite.csl import output
from tests.csl import csl_suite
from tests.csl.fixes import snippets
from tests.csl.fixes.snippets import ARTICLE

ITEM = {**ARTICLE, "author": [{"family": "Agn", "given": "M."}, {"family": "Law", "given": "I."}],
        "URL": "https://doi.org/10.1/x"}
LAYOUT = """<names variable="author"><name delimiter=" &amp; " initialize-with=". "/></names>
  <text variable="title" prefix=" &lt;b&gt;" suffix="&lt;/b&gt;"/>
  <text variable="URL" prefix=" Available from: &lt;" suffix="&gt;."/>"""


def test_affixes_and_delimiters_are_escaped_in_html(tmp_path):
    style = snippets.style(tmp_path, LAYOUT)
    (html,) = [t for _k, t in _html([ITEM], style)]
    assert html == ("M. Agn &amp; I. Law &lt;b&gt;" + ITEM["title"] + "&lt;/b&gt; Available from: "
                    "&lt;https://doi.org/10.1/x&gt;.")


def test_html_is_citeproc_js_html(tmp_path):
    style = snippets.style(tmp_path, LAYOUT)
    (ours,) = [t for _k, t in _html([ITEM], style)]
    (reference,) = snippets.citeproc_js([ITEM], style, "html")
    (reference,) = csl_suite.entries(reference)
    assert csl_suite.normalise(ours) == csl_suite.normalise(reference)


def test_markdown_keeps_what_is_between_angle_brackets(tmp_path):
    style = snippets.style(tmp_path, LAYOUT)
    (html,) = [t for _k, t in _html([ITEM], style)]
    markdown = output.html_to_markdown(html)
    assert "https://doi.org/10.1/x" in markdown and "\\<b>" not in markdown


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_text_output_keeps_the_characters(tmp_path, fmt):
    style = snippets.style(tmp_path, LAYOUT)
    (text,) = [t for _k, t in (_html([ITEM], style) if fmt == "html" else _text([ITEM], style))]
    assert ("<https://doi.org/10.1/x>" in text) == (fmt == "text")


def _html(items, style):
    from medsegcite.csl import render

    return render.bibliography(items, style, "html")


def _text(items, style):
    from medsegcite.csl import render

    return render.bibliography(items, style)


@pytest.mark.parametrize("layout", [
    '<group><text value="&lt;"/><text variable="URL"/><text value="&gt;"/></group>',
    '<group delimiter=", "><text variable="title"/><text value="A &amp;"/></group>',
])
def test_a_values_entity_is_no_semicolon(tmp_path, layout):
    """A `value` ending in `>` or `&` is escaped in HTML, and the layout's "." after it stays
    (its entity's ";" is no mark to merge with), as in citeproc-js."""
    style = snippets.style(tmp_path, layout, layout_options='suffix="."')
    (ours,) = [t for _k, t in _html([ITEM], style)]
    (reference,) = csl_suite.entries(snippets.citeproc_js([ITEM], style, "html")[0])
    assert csl_suite.normalise(ours) == csl_suite.normalise(reference)
