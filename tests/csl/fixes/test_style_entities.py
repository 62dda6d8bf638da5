"""Text in a style read as citeproc-js reads it (medsegcite/csl/fixes/style_entities.py)."""

from tests.csl.fixes import snippets


def test_character_references_escaped_twice(tmp_path):
    """`&amp;#160;` in a style is a no-break space for citeproc-js (21 styles use it)."""
    layout = '<group delimiter="&amp;#160;&amp;#8211; "><text value="Online" suffix=":&amp;#x20;"/><text variable="title"/></group>'
    item = {"id": "a", "type": "book", "title": "T &amp; U"}
    style = snippets.style(tmp_path, layout)
    assert snippets.entries([item], style) == snippets.citeproc_js([item], style) == ["Online: \u00a0\u2013 T &amp; U"]
