"""Documents of rendered bibliographies: one per category, under the list's headings,
as plain text, Markdown or a self-contained HTML page."""

from __future__ import annotations

import re
from dataclasses import dataclass

from medsegcite.csl.styles import Style, StyleChoice, did_you_mean, find_style, load_style_choice, styles_dir_or_default
from medsegcite.errors import MedsegciteError
from medsegcite.naming import unique

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
    unstored: list[str] = []
    for node in catalog.nodes():
        if not any(node.path[: len(w)] == w for w in wanted):
            continue
        keys = [key_of[e.identity] for e in node.items if e.identity in key_of and key_of[e.identity] in items]
        unstored += [e.title for e in node.items if e.identity not in key_of]
        if keys:
            keys_by_path[node.path] = list(dict.fromkeys(keys))
    if unstored and warn is not None:  # a true absence, said: the list is ahead of the store
        warn(f"{len(unstored)} listed papers are not in the store yet (run `medsegcite sync`): {unstored[0][:60]!r}"
             + (" ..." if len(unstored) > 1 else ""))
    choice = None if style else _checked_choice(catalog, styles_dir, warn)
    engine_fmt = "text" if fmt == "text" else "html"  # Markdown is made from the HTML, to keep emphasis
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


def document(sections_: list[Section], fmt: str, items: dict[str, dict], figure: str = "", title: str = "References") -> str:
    if fmt == "markdown":
        return _markdown(sections_, items)
    if fmt == "html":
        return _html(sections_, items, figure, title)
    return _text(sections_)


def _text(sections_: list[Section]) -> str:
    blocks = []
    for section in sections_:
        blocks.append(" / ".join(section.node.path))
        blocks.extend(text for _key, text in section.entries)
    return "\n\n".join(blocks) + "\n"


# -- links -----------------------------------------------------------------------------

# Link targets from network data are percent-encoded: a `)`, `<`, `"`, space or
# backslash in a DOI can then neither end a Markdown link nor an HTML attribute.
_URL_SAFE = ":/?#@!$&+,;=%-._~"


def doi_url(doi: str) -> str:
    from urllib.parse import quote

    return "https://doi.org/" + quote(doi, safe="/:;._-~")


def web_url(url: str) -> str | None:
    """An http(s) URL made safe to use as a link target; None for any other scheme."""
    from urllib.parse import quote

    url = url.strip()
    if not re.match(r"https?://[^\s/]", url, re.I):
        return None  # javascript:, data:, file: ... stay text
    return quote(url, safe=_URL_SAFE)


def _link_target(item: dict) -> tuple[str, list[str]] | None:
    """Where an entry links to, and the texts in the entry that may show it (most specific first)."""
    if item.get("DOI"):
        doi = item["DOI"]
        return doi_url(doi), [f"https://doi.org/{doi}", f"http://dx.doi.org/{doi}", doi]
    url = item.get("URL")
    target = web_url(url) if url else None
    return (target, [url.strip()]) if target else None


# -- Markdown ----------------------------------------------------------------------------

# Backslash escapes that CommonMark and Python-Markdown both honour (with `[` and `]`
# escaped, no `(` or `!` can start a link or image); < and > become entities, since
# Python-Markdown has no `\<` escape and would pass `<tag` through as HTML, and so does
# an & that would start an entity.
_MD_ESCAPE = re.compile(r"([\\`*_\[\]#])")


def md_escape(text: str) -> str:
    text = _MD_ESCAPE.sub(r"\\\1", re.sub(r"\s+", " ", text))
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def md_line_start(text: str) -> str:
    """Escape what would make a line's start a block (a nested list, quote or heading)."""
    text = re.sub(r"^(\d{1,9})([.)])", r"\1\\\2", text)
    return re.sub(r"^([-+=])", r"\\\1", text)


_EMPHASIS = {"i": ("*", "<em>", "</em>"), "em": ("*", "<em>", "</em>"), "b": ("**", "<strong>", "</strong>"),
             "strong": ("**", "<strong>", "</strong>")}
_KEPT_TAGS = ("sup", "sub")  # inline HTML Markdown allows; no Markdown syntax for them


def _is_punct(char: str) -> bool:
    import unicodedata

    return unicodedata.category(char)[0] in "PS"


def html_to_markdown(html: str) -> str:
    """An entry from citeproc-py's HTML formatter as Markdown: italics and bold as `*`/`**`
    (as <em>/<strong> where CommonMark's flanking rules would not read the stars as
    emphasis), sup/sub kept as tags, every text escaped."""
    from html.parser import HTMLParser

    tokens: list = []  # str (escaped Markdown) or [kind, is_open, partner index]
    stack: list = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attributes = dict(attrs)
            style = (attributes.get("style") or "").replace(" ", "")
            kind = tag if tag in _EMPHASIS or tag in _KEPT_TAGS else None
            if tag == "span" and "font-style:italic" in style:
                kind = "i"
            elif tag == "span" and "font-weight:bold" in style:
                kind = "b"
            display = attributes.get("class") if tag == "div" else None
            if display in _NEW_LINE_DISPLAYS:
                tokens.append(_LINE_BREAK)
            stack.append((kind, len(tokens), display))
            if kind:
                tokens.append([kind, True, None])

        def handle_endtag(self, tag):
            if not stack:
                return
            kind, start, display = stack.pop()
            if kind:
                tokens[start][2] = len(tokens)
                tokens.append([kind, False, start])
            if display == "csl-left-margin":
                tokens.append(" ")  # as citeproc-js's text: a space after the left margin

        def handle_data(self, data):
            tokens.append(md_escape(data))

    parser = Parser(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    for kind, start, _display in stack:  # unclosed tags: drop their markers
        if kind:
            tokens[start] = ""
    lines = (" ".join(line.split()) for line in _resolve(tokens).split(_LINE_BREAK))
    return HARD_BREAK.join(md_line_start(line) for line in lines if line)


# A display="block" or "indent" part starts a new line, as in citeproc-js's text: a hard
# line break both CommonMark and Python-Markdown read (two spaces before the new line).
_NEW_LINE_DISPLAYS = frozenset({"csl-block", "csl-indent"})
_LINE_BREAK = "\u2028"  # a token while the entry is put together: whitespace, never in escaped text
HARD_BREAK = "  \n"


def _resolve(tokens: list) -> str:
    """Markers to Markdown, moving spaces outside emphasis and checking flanking."""
    # Move whitespace just inside an emphasis outside it; drop empty emphasis.
    for index, token in enumerate(tokens):
        if isinstance(token, list) and token[1] and token[2] is not None:
            end = token[2]
            inner = "".join(t for t in tokens[index + 1 : end] if isinstance(t, str))
            if not inner.strip():
                tokens[index], tokens[end] = "", ""
                continue
            for position, step in ((index + 1, 1), (end - 1, -1)):
                moved = False
                while index < position < end and isinstance(tokens[position], str):
                    text = tokens[position]
                    stripped = text.lstrip() if step == 1 else text.rstrip()
                    if stripped != text:
                        tokens[position], moved = stripped, True
                    if stripped:
                        break
                    position += step
                if moved:
                    side = index if step == 1 else end
                    tokens[side] = [*tokens[side], " " if step == 1 else None]
    out: list[str] = []
    flat = "".join(t if isinstance(t, str) else "*" for t in tokens)  # neighbours for flanking checks
    offsets, position = [], 0
    for token in tokens:
        offsets.append(position)
        position += len(token) if isinstance(token, str) else 1
    chosen: dict[int, bool] = {}
    for index, token in enumerate(tokens):
        if isinstance(token, list) and token[1] and token[2] is not None and token[0] in _EMPHASIS:
            end = token[2]
            before = flat[offsets[index] - 1] if offsets[index] else " "
            after_open = flat[offsets[index] + 1] if offsets[index] + 1 < len(flat) else " "
            before_close = flat[offsets[end] - 1] if offsets[end] else " "
            after = flat[offsets[end] + 1] if offsets[end] + 1 < len(flat) else " "
            opens = not after_open.isspace() and (not _is_punct(after_open) or before.isspace() or _is_punct(before))
            closes = not before_close.isspace() and (not _is_punct(before_close) or after.isspace() or _is_punct(after))
            chosen[index] = chosen[end] = opens and closes and "*" not in (before, after)
    for index, token in enumerate(tokens):
        if isinstance(token, str):
            out.append(token)
            continue
        kind, is_open, partner = token[:3]
        space = token[3] if len(token) > 3 else None
        if partner is None:
            continue
        if kind in _KEPT_TAGS:
            mark = f"<{kind}>" if is_open else f"</{kind}>"
        else:
            stars, open_tag, close_tag = _EMPHASIS[kind]
            mark = stars if chosen.get(index) else (open_tag if is_open else close_tag)
        out.append((space + mark) if (space and is_open) else (mark + " " if len(token) > 3 and not is_open else mark))
    return "".join(out)


def _markdown(sections_: list[Section], items: dict[str, dict]) -> str:
    lines: list[str] = []
    for section in sections_:
        lines += ["#" * section.node.level + " " + md_escape(section.node.name), ""]
        for key, html in section.entries:
            entry = html_to_markdown(html)
            target = _link_target(items[key])
            if target:
                href, shown_forms = target
                for shown in map(md_escape, shown_forms):
                    if shown in entry:
                        entry = entry.replace(shown, f"[{shown}]({href})", 1)
                        break
                else:
                    entry += f" [{md_escape(shown_forms[-1])}]({href})"
            lines.append("- " + entry.replace("\n", "\n  "))  # a continuation line stays in the item
        if section.entries:
            lines.append("")
    return "\n".join(lines)


# -- HTML page -----------------------------------------------------------------------------


def page_title(catalog) -> str:
    """The HTML page's title, as the list reader read it: the list's own title heading, else
    its first heading (plain text: `# Awesome [Liver](x) papers` -> `Awesome Liver papers`),
    else `References`."""
    nodes = catalog.nodes()
    text = catalog.title or (nodes[0].name if nodes else "")
    text = " ".join(re.sub(r"<[^>]*>", "", text).split())  # tags GitHub shows as text: not in a title
    return text[:200] or "References"


def _html(sections_: list[Section], items: dict[str, dict], figure: str = "", title: str = "References") -> str:
    """The page; `figure` is ready HTML put before the first heading (the `stats` plot, from cli.render)."""
    from html import escape

    body = []
    used_ids: set[str] = set()
    layouts: dict[BibliographyLayout, str] = {}  # each distinct layout -> its class
    for section in sections_:
        # h1 is the page's title; the list's tree below it, one level per depth, no jumps
        level = min(len(section.node.path) + 1, 6)
        body.append(f"<h{level}>{escape(section.node.name)}</h{level}>")
        if not section.entries:
            continue
        layout = bibliography_layout(section.style.path, [text for _key, text in section.entries])
        name = layouts.setdefault(layout, f"csl-layout-{len(layouts) + 1}")
        body.append(f'<ol class="csl-bib-body {name}" data-style="{escape(section.style.name)}">')
        for key, text in section.entries:
            target = _link_target(items[key])
            if target:
                href, shown_forms = target
                anchor = f'<a href="{escape(href)}">{{}}</a>'
                for shown in (escape(form, quote=False) for form in shown_forms):
                    if shown in text:
                        text = text.replace(shown, anchor.format(shown), 1)
                        break
                else:
                    text += " " + anchor.format(escape(shown_forms[-1], quote=False))
            body.append(f'  <li class="csl-entry" id="{escape(_unique_id(key, used_ids))}">{text}</li>')
        body.append("</ol>")
    rules = "\n".join(layout.css(f"ol.{name}") for layout, name in layouts.items())
    return HTML_PAGE.format(body=figure + "\n".join(body), title=escape(title), layouts=rules)


@dataclass(frozen=True)
class BibliographyLayout:
    """A style's bibliography layout options, as citeproc-js's `makeBibliography()` reports
    them (`hangingindent`, `linespacing`, `entryspacing`, `second-field-align`, `maxoffset`:
    the longest left-margin label, in characters) and the page lays them out."""

    hanging_indent: bool = False
    line_spacing: float = 1
    entry_spacing: float = 1
    second_field_align: str | None = None  # "flush" or "margin"
    max_offset: int = 0

    def css(self, selector: str) -> str:
        """The CSS of a list laid out so, in plain values (the W3C checker reads no calc(var())),
        as Zotero lays out citeproc-js's HTML: a hanging indent of 2em, the line height times
        line-spacing, entry-spacing em after each entry, a label column `maxoffset` characters
        wide (in the margin for "margin") and the text after it."""
        entry = [f"line-height: {LINE_HEIGHT * self.line_spacing:g}", f"margin: 0 0 {self.entry_spacing:g}em"]
        if self.hanging_indent:
            entry += ["padding-left: 2em", "text-indent: -2em"]
        chars = max(self.max_offset, 1)
        column = f"calc({chars}ch + 0.5em)"
        in_margin = self.second_field_align == "margin"
        return "\n".join([
            f"{selector} > li.csl-entry {{ {'; '.join(entry)}; }}",
            f"{selector} div.csl-left-margin {{ width: {column};" + (f" margin-left: calc(-{chars}ch - 0.5em); }}" if in_margin else " }"),
            f"{selector} div.csl-right-inline {{ margin-left: {'0' if in_margin else column}; }}",
        ])


LINE_HEIGHT = 1.45  # the page's line height at line-spacing 1


def _spacing(value: str | None) -> float:
    """A line-spacing/entry-spacing value (a non-negative number; 1 for anything else)."""
    try:
        number = float(value) if value is not None else 1.0
    except ValueError:
        return 1.0
    return number if 0 <= number <= 10 else 1.0


_LEFT_MARGIN = re.compile(r'<div class="csl-left-margin">(.*?)</div>', re.S)


def bibliography_layout(style_path: str, entries: list[str]) -> BibliographyLayout:
    """The layout options of the style's cs:bibliography; `entries` (HTML) give the widest label."""
    from html import unescape

    from lxml import etree

    from medsegcite import files
    from medsegcite.errors import MedsegciteError

    try:  # a style file as files.py reads any (a regular file of bounded size)
        root = etree.fromstring(files.read_bytes(style_path), etree.XMLParser(resolve_entities=False, no_network=True))
    except (OSError, MedsegciteError, etree.XMLSyntaxError):
        return BibliographyLayout()
    found = root.find("{http://purl.org/net/xbiblio/csl}bibliography")
    options = found.attrib if found is not None else {}
    labels = [unescape(re.sub(r"<[^>]*>", "", label)) for entry in entries for label in _LEFT_MARGIN.findall(entry)]
    align = options.get("second-field-align")
    return BibliographyLayout(
        hanging_indent=options.get("hanging-indent") == "true",
        line_spacing=_spacing(options.get("line-spacing")),
        entry_spacing=_spacing(options.get("entry-spacing")),
        second_field_align=align if align in ("flush", "margin") else None,
        max_offset=max((len(label) for label in labels), default=0),
    )


def _unique_id(key: str, used: set[str]) -> str:
    """The key, or key-2, key-3 ... for a paper listed under more than one category."""
    return unique(re.sub(r"\s+", "-", key) or "entry", used)


HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: Georgia, serif; max-width: 52em; margin: 2em auto; padding: 0 1em; line-height: 1.45; }}
ol.csl-bib-body {{ list-style: none; padding-left: 0; }}
/* CSL display wrappers, as citeproc-js names them */
div.csl-block {{ display: block; }}
div.csl-left-margin {{ float: left; text-indent: 0; }}
div.csl-right-inline, div.csl-indent {{ text-indent: 0; }}
div.csl-indent {{ margin-left: 2em; }}
/* each list as its style lays out its bibliography (output.BibliographyLayout) */
{layouts}
h1, h2, h3, h4, h5, h6 {{ font-family: Helvetica, Arial, sans-serif; }}
</style>
</head>
<body>
<h1>{title}</h1>
{body}
</body>
</html>
"""
