"""Superscript characters in HTML as citeproc-js prints them (medsegcite/csl/fixes/superscripts.py)."""

from medsegcite.csl import render
from medsegcite.csl.fixes.superscripts import superscripts_as_tags

from tests.csl.fixes import snippets


def test_superscripts_as_tags():
    assert superscripts_as_tags("1ᵉʳ octobre, nᵒ 4, R² ™") == \
        "1<sup>e</sup><sup>r</sup> octobre, n<sup>o</sup> 4, R<sup>2</sup> <sup>TM</sup>"
    assert superscripts_as_tags("no superscript") == "no superscript"


def test_html_entries_tag_superscripts_text_keeps_them(tmp_path):
    style = snippets.style(tmp_path, '<text variable="title"/><text term="issue" form="short" prefix=", "/><text variable="issue" prefix=" "/>',
                           locale="fr-FR")
    item = {"id": "a", "type": "article-journal", "title": "Étude", "issue": "4"}
    assert [t for _, t in render.bibliography([item], style, "html")] == ["Étude, n<sup>o</sup> 4"]
    assert [t for _, t in render.bibliography([item], style, "text")] == ["Étude, nᵒ 4"]
