"""Small CSL styles written for the fix tests, and a helper that renders items in them."""

from __future__ import annotations

from pathlib import Path

from medsegcite.csl import render

HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
INFO = "<info><title>test</title><id>test</id><updated>2024-01-01T00:00:00+00:00</updated></info>"
CITATION = '<citation><layout><text variable="title"/></layout></citation>'


def style(tmp_path: Path, bibliography: str, name: str = "test") -> render.Style:
    path = tmp_path / f"{name}.csl"
    path.write_text(f"{HEAD}{INFO}{CITATION}{bibliography}</style>", encoding="utf-8")
    return render.Style(name, str(path))


def entries(items: list[dict], chosen: render.Style, fmt: str = "text") -> list[str]:
    return [text for _key, text in render.bibliography(items, chosen, fmt)]
