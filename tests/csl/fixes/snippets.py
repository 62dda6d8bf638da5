"""Small inline CSL styles for the fix tests: a behaviour tested on a style nobody named."""

from __future__ import annotations

from pathlib import Path

from medsegcite.csl import render

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="{cls}" version="1.0" default-locale="{locale}" {options}>
  <info><title>snippet</title><id>snippet</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  {macros}
  <citation {citation_options}><layout><text variable="title"/></layout></citation>
  <bibliography {bibliography_options}>{sort}<layout {layout_options}>{layout}</layout></bibliography>
</style>
"""


def style(tmp_path: Path, layout: str, *, cls: str = "in-text", locale: str = "en-US", options: str = "",
          macros: str = "", citation_options: str = "", bibliography_options: str = "", sort: str = "",
          layout_options: str = "") -> render.Style:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "snippet.csl"
    path.write_text(STYLE.format(cls=cls, locale=locale, options=options, macros=macros,
                                 citation_options=citation_options, bibliography_options=bibliography_options,
                                 sort=sort, layout_options=layout_options, layout=layout), encoding="utf-8")
    return render.Style("snippet", str(path))


def people(*families: tuple[str, str]) -> list[dict]:
    """CSL-JSON names from (family, given) pairs."""
    return [{"family": family, "given": given} for family, given in families]


def entries(items: list[dict], style_: render.Style) -> list[str]:
    return [text for _key, text in render.bibliography(items, style_)]


def one(item: dict, style_: render.Style) -> str:
    (text,) = entries([item], style_)
    return text


def citeproc_js(items: list[dict], style_: render.Style, fmt: str = "text") -> list[str]:
    """The oracle's entries for the same items and style (skips locally without node)."""
    from tests.csl.test_render import citeproc_js as oracle

    reference = oracle(items, style_, fmt)
    return list(reference.values())


# One journal article the fixes' tests share: particles, hyphens, an apostrophe, a page range.
ARTICLE = {
    "id": "a",
    "type": "article-journal",
    "title": "A modality-adaptive method for segmenting organs-at-risk with DenseNet-like U-net",
    "author": [{"family": "D'Souza", "given": "Mikael"}],
    "container-title": "Medical Image Analysis",
    "issued": {"date-parts": [[2019]]},
    "page": "2595-2605",
}
