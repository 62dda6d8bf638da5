"""Documents of rendered bibliographies: one per category, under the list's headings,
as plain text, Markdown or a self-contained HTML page."""

from __future__ import annotations

import re
from dataclasses import dataclass

from medsegcite.csl.styles import Style, StyleChoice, did_you_mean, find_style, load_style_choice, styles_dir_or_default
from medsegcite.errors import MedsegciteError

FORMATS = ("text", "markdown", "html")


@dataclass
class Section:
    node: object  # catalog.Category
    style: Style | None
    entries: list[tuple[str, str]]  # (key, formatted entry)


def sections(catalog, stored, items, names, style: str | None, fmt: str, styles_dir: str | None = None, warn=None) -> list[Section]:
    """One bibliography per category that lists papers, in list order, under its section
    headings; `items` are the store's CSL items by key; `names` narrows the categories as
    `export --category` does. Papers are placed by the list itself, not by the store's
    keywords, so any character in a category name works."""
    from medsegcite.bib.sync import entry_identity
    from medsegcite.csl.render import bibliography

    styles_dir = styles_dir_or_default(styles_dir)
    wanted = _wanted_paths(catalog, names)
    key_of = {entry_identity(entry): entry.key for entry in stored}
    keys_by_path: dict[tuple[str, ...], list[str]] = {}
    for node in catalog.nodes():
        if not any(node.path[: len(w)] == w for w in wanted):
            continue
        keys = [key_of[e.identity] for e in node.entries if e.identity in key_of and key_of[e.identity] in items]
        if keys:
            keys_by_path[node.path] = list(dict.fromkeys(keys))
    choice = None if style else _checked_choice(catalog, styles_dir, warn)
    engine_fmt = "html" if fmt == "html" else "text"
    listed = [n for n in catalog.nodes() if n.path in keys_by_path]
    out = []
    for node in catalog.nodes():
        if node.path in keys_by_path:
            chosen = find_style(style or choice.for_path(node.path), styles_dir)
            keys = keys_by_path[node.path]
            entries = bibliography([items[k] for k in keys], chosen, engine_fmt)
            if len(entries) < len(keys) and warn is not None:  # a true absence, said
                empty = sorted(set(keys) - {key for key, _ in entries})
                warn(f"style {chosen.name!r} renders nothing for {', '.join(empty)} under {' / '.join(node.path)}")
            out.append(Section(node, chosen, entries))
        elif any(leaf.path[: len(node.path)] == node.path for leaf in listed):
            out.append(Section(node, None, []))  # a heading above listed categories
    return out


class UnknownCategory(MedsegciteError):
    pass


def _wanted_paths(catalog, names) -> list[tuple[str, ...]]:
    if not names:
        return [()]
    wanted = []
    for name in names:
        found = catalog.find(name)
        if not found:
            known = {n.name for n in catalog.nodes()} | {"/".join(n.path) for n in catalog.nodes()}
            raise UnknownCategory(f"unknown category {name!r}{did_you_mean(name, known)} (`medsegcite categories` lists them)")
        wanted += [n.path for n in found]
    return wanted


def _checked_choice(catalog, styles_dir: str, warn) -> StyleChoice:
    """styles.toml, with every style it names looked up now (a typo is an error naming the
    file) and every override that matches no category reported."""
    choice = load_style_choice(styles_dir)
    for name in {choice.default, *(choice.categories or {}).values()}:
        try:
            find_style(name, styles_dir)
        except MedsegciteError as error:
            raise MedsegciteError(f"{choice.source}: {error}") from None
    for key, hint in choice.unmatched([n.path for n in catalog.nodes()]):
        if warn is not None:
            warn(f"{choice.source}: category {key!r} matches no category of the list{hint}")
    return choice


def document(sections_: list[Section], fmt: str, items: dict[str, dict]) -> str:
    if fmt == "markdown":
        return _markdown(sections_, items)
    if fmt == "html":
        return _html(sections_, items)
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


def _html(sections_: list[Section], items: dict[str, dict]) -> str:
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
    return HTML_PAGE.format(body="\n".join(body))


HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Medical image segmentation by deep learning: references</title>
<style>
body {{ font-family: Georgia, serif; max-width: 52em; margin: 2em auto; padding: 0 1em; line-height: 1.45; }}
ol.csl-bib-body {{ list-style: none; padding-left: 0; }}
li.csl-entry {{ margin: 0.4em 0; }}
h1, h3, h4 {{ font-family: Helvetica, Arial, sans-serif; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""
