"""medsegcite/csl/fixes/scripts.py: formatting by script, against citeproc-js's HTML."""

from __future__ import annotations

import re

from medsegcite.csl import render
from tests.csl.fixes import snippets


def test_no_italics_for_a_piece_without_romanesque_text(tmp_path):
    """A Chinese title prints upright where the style italicizes it; Cyrillic, a digit, or a
    group's italics keep theirs (citeproc-js)."""
    items = [{"id": "a", "type": "article-journal", "title": "基于深度学习", "container-title": "中国图象图形学报"},
             {"id": "b", "type": "article-journal", "title": "Сегментация", "container-title": "Вестник"},
             {"id": "c", "type": "article-journal", "title": "T", "container-title": "医用 2020"}]
    layout = ('<group delimiter=", "><text value="" font-variant="normal"/><text variable="title" font-style="italic"/><group font-style="italic">'
              '<text variable="container-title"/></group><text variable="container-title" font-style="italic" font-weight="bold"/></group>')
    chosen = snippets.style(tmp_path, layout)
    ours = [text for _key, text in render.bibliography(items, chosen, "html")]
    theirs = [re.sub(r'^<div class="csl-entry">|</div>$', "", t) for t in snippets.citeproc_js(items, chosen, "html")]
    assert ours == theirs
    assert ours[0] == "基于深度学习, <i>中国图象图形学报</i>, <b>中国图象图形学报</b>"
