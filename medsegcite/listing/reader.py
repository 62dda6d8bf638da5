"""A curated list's Markdown -> its headings and paper items, in document order.

cmark-gfm, the parser GitHub renders Markdown with (through `cmarkgfm`), finds
the blocks, so code blocks, HTML comments, setext headings, tables and nested
lists mean what they mean on GitHub; its HTML, with each block's source line,
is read back with the standard library's HTML parser.  Each list item (or table
row) is then read the way awesome lists write papers:

- `[Title](link) ...`: the link's text is the title;
- `**Title** (MICCAI 2016) [[paper]](...) [[code]](...)`: the bold text is;
- `Title. Authors. arXiv 2017. [[arXiv]](...)` or the shipped list's
  `[Title]  [[label]](link)`: the text before the first link is (its first
  sentence; brackets around all of it dropped);
- `<a href="...">Title</a>` is a link like any other (raw HTML lists too);
- a table row: the cell under Title/Paper/Name (else the first cell), read as
  above; the other cells become notes.

Whatever else the item says (authors, venue, `[code]`) is kept as its notes,
and every link it has is kept, so identifiers come from any of them.  What
cannot be read comes out as an `Unread` with its line, never silently dropped.
cmark-gfm and the HTML parser are linear in the size of the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

from medsegcite.listing.item_title import Run, is_label, paper_first, title_of

MAX_LINE = 5000  # characters; a longer line is no paper and is not given to the parser

_LOOKS_LIKE_LIST = re.compile(r"^\s{0,8}(#{1,6}\s|[-*+]\s+\S|\d{1,9}[.)]\s+\S)", re.MULTILINE)
_TITLE_COLUMNS = {"title", "paper", "papers", "name", "paper title", "article", "publication", "work"}


@dataclass(slots=True)
class Heading:
    level: int
    name: str
    line: int


@dataclass(slots=True)
class Item:
    """A list item or table row that may name a paper."""

    line: int
    depth: int  # list nesting: 1 for a top-level item, 0 for a table row
    title: str
    links: list[tuple[str, str]]  # (label as written, url), item order, the paper's own link first
    notes: str
    has_children: bool = False
    placeholder: bool = False  # `- [] [[]]()`: a slot with neither title nor link


@dataclass(slots=True)
class MoreLinks:
    """A nested item of label links only (`- [code](...)`) under a paper: more links of that paper."""

    line: int
    links: list[tuple[str, str]]
    notes: str


@dataclass(slots=True)
class Unread:
    line: int
    text: str
    reason: str
    item: bool = True  # a list item or table row (else a paragraph, a block, a line)


class _Inline:
    """Inline content being read: runs of text, each in at most one link, bold or not; and the links."""

    __slots__ = ("runs", "parts", "open", "bold")

    def __init__(self):
        self.runs: list[Run] = []
        self.parts: list[tuple[list[str], str]] = []  # (label pieces, url)
        self.open: list[int] = []
        self.bold = 0

    def text(self, text: str) -> None:
        link = self.open[-1] if self.open else None
        if link is not None:
            self.parts[link][0].append(text)
        last = self.runs[-1] if self.runs else None
        if last is not None and last.link == link and last.bold == (self.bold > 0):
            last.text += text
        else:
            self.runs.append(Run(text, link, self.bold > 0))

    def start_link(self, url: str) -> None:
        self.parts.append(([], url.strip()))
        self.open.append(len(self.parts) - 1)
        self.text("")

    def end_link(self) -> None:
        if self.open:
            self.open.pop()

    @property
    def links(self) -> list[tuple[str, str]]:
        return [(" ".join("".join(label).split()), url) for label, url in self.parts]

    def plain(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(slots=True)
class _Open:
    """A list item being read: its first paragraph, until its first nested list or its end."""

    line: int
    depth: int
    inline: _Inline = field(default_factory=_Inline)
    more: list = field(default_factory=list)  # later paragraphs of the item (_Inline)
    paragraphs: int = 0
    done: bool = False
    paper: bool = False  # read as a paper (so label links nested under it are its own)


def read(text: str, html_parser: bool = False):
    """Yield every Heading, Item and Unread of the list, in line order.

    `html_parser`: read cmark-gfm's page with the HTML parser even when it holds none of
    the list's own HTML (the tests compare the two readings)."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if len(line) > MAX_LINE:
            yield Unread(n + 1, _excerpt(line), f"longer than {MAX_LINE} characters", item=False)
            lines[n] = ""
    # UNSAFE keeps the list's own HTML (`<a href>`) and every link as written: a link is
    # only ever identified (listing/identifiers.py), never followed or rendered from here.
    page = cmarkgfm.github_flavored_markdown_to_html("\n".join(lines), options=Options.CMARK_OPT_SOURCEPOS | Options.CMARK_OPT_UNSAFE)
    walker = _Walker(lines)
    if html_parser or not walker.feed_cmark(page):  # the list's own HTML in it: the HTML parser reads it as a browser would
        walker = _Walker(lines)
        walker.feed(page)
        walker.close()
    yield from walker.found


# What cmark-gfm itself writes: lower-case tags whose attributes are all `name="value"` (its
# values escape `"`, `<`, `>` and `&`), text without `<`.  A page made only of these reads the
# same through one regular expression as through the HTML parser, several times faster; the
# list's own HTML (comments, <script>, unquoted attributes, ...) sends a page to the parser.
_CMARK_TOKEN = re.compile(r'([^<]+)|<(/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9-]*="[^"<>]*")*\s*)(/?)>')
_CMARK_ATTR = re.compile(r'([a-z][a-z0-9-]*)="([^"]*)"')
_CDATA_TAGS = frozenset(HTMLParser.CDATA_CONTENT_ELEMENTS)  # the parser reads their content as text


_RAW_BLOCKS = frozenset({"li", "p", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "pre"})


class _Walker(HTMLParser):
    """cmark-gfm's HTML -> Headings, Items and Unreads (in `found`), with their source lines."""

    def __init__(self, lines: list[str]):
        super().__init__(convert_charrefs=True)
        self.lines = lines
        self.found: list = []
        self.line = 1  # of the block being read
        self.items: list[_Open] = []
        self.depth = 0
        self.heading: tuple[int, int, _Inline] | None = None
        self.seen_heading = False
        self.paragraph: _Inline | None = None  # outside items
        self.paragraph_line = 0
        self.table: dict | None = None
        self.cell: _Inline | None = None
        self.pre: tuple[int, list[str]] | None = None
        self.pre_depth = 0
        self.cmark_tag: str | None = None  # the start tag feed_cmark reads (the HTML parser keeps its own)

    def feed_cmark(self, page: str) -> bool:
        """Read a page made only of what cmark-gfm writes (see _CMARK_TOKEN) as the HTML parser
        would; False, having read nothing, for any other page."""
        tokens = _CMARK_TOKEN.findall(page)
        # Text runs take every character but `<`: the page is read whole when each `<` opens a tag.
        names = {token[2] for token in tokens}
        if sum(1 for token in tokens if token[2]) != page.count("<") or not names.isdisjoint(_CDATA_TAGS):
            return False
        attr = _CMARK_ATTR.findall
        for token in tokens:
            text, closing, tag, attributes, empty = token
            if not tag:
                self.handle_data(unescape(text) if "&" in text else text)
            elif closing:
                self.handle_endtag(tag)
            else:
                self.cmark_tag = token  # the tag as written, for find_raw (built only when asked)
                if not attributes:
                    attrs = {}
                elif attributes.count('"') == 2:  # one attribute (the tag's form is checked above): no search
                    name, value = attributes.strip()[:-1].split('="', 1)
                    attrs = {name: unescape(value) if "&" in value else value}
                else:
                    attrs = {name: unescape(value) if "&" in value else value for name, value in attr(attributes)}
                self._start(tag, attrs)
                if empty and tag not in ("br", "img", "input", "hr"):
                    self.handle_endtag(tag)
        return True

    def get_starttag_text(self):
        if self.cmark_tag is None:
            return super().get_starttag_text()
        _text, _closing, tag, attributes, empty = self.cmark_tag
        return f"<{tag}{attributes}{empty}>"

    def find_raw(self, tag: str) -> None:
        """The line of a tag of the list's own HTML (cmark-gfm passes it on verbatim, with no source position)."""
        for n in range(self.line - 1, min(self.line + 50, len(self.lines))):
            if tag and tag in self.lines[n]:
                self.line = n + 1
                return

    def current(self) -> _Inline | None:
        if self.pre is not None:
            return None
        if self.heading is not None:
            return self.heading[2]
        if self.cell is not None:
            return self.cell
        if self.items and not self.items[-1].done:
            item = self.items[-1]
            return item.more[-1] if item.more else item.inline
        return self.paragraph

    def emit(self, item: _Open, has_children: bool) -> None:
        item.done = True
        parent = self.items[-2] if len(self.items) > 1 and self.items[-1] is item else None
        for part in _item(item, has_children, parent is not None and parent.paper):
            item.paper = isinstance(part, Item) and not part.placeholder and bool(part.links)
            self.found.append(part)

    def handle_starttag(self, tag, attrs):
        self._start(tag, dict(attrs))

    def _start(self, tag: str, attrs: dict) -> None:
        position = attrs.get("data-sourcepos")
        if position:
            self.line = int(position.split(":", 1)[0])
        elif tag in _RAW_BLOCKS:
            self.find_raw(self.get_starttag_text() or "")
        if self.pre is not None:
            self.pre_depth += tag == "pre"
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            if self.items and not self.items[-1].done:
                self.emit(self.items[-1], False)
            self.heading = (int(tag[1]), self.line, _Inline())
        elif tag in ("ul", "ol"):
            if self.items and not self.items[-1].done:
                self.emit(self.items[-1], True)
            self.depth += 1
        elif tag == "li":
            self.items.append(_Open(self.line, self.depth))
        elif tag == "p":
            if self.items and not self.items[-1].done and self.table is None:
                item = self.items[-1]
                item.paragraphs += 1
                if item.paragraphs > 1:
                    item.more.append(_Inline())
            elif self.table is None:
                self.paragraph, self.paragraph_line = _Inline(), self.line
        elif tag == "table":
            self.table = {"header": None, "cells": [], "line": self.line}
        elif tag == "tr" and self.table is not None:
            self.table["cells"], self.table["line"] = [], self.line
        elif tag in ("th", "td") and self.table is not None:
            self.cell = _Inline()
            self.table["cells"].append(self.cell)
        elif tag == "pre":
            self.pre, self.pre_depth = (self.line, []), 1
        else:
            inline = self.current()
            if inline is None:
                return
            if tag == "a":
                inline.start_link(attrs.get("href") or "")
            elif tag in ("strong", "b"):
                inline.bold += 1
            elif tag == "br":
                inline.text(" ")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img", "input", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.pre is not None:
            if tag == "pre":
                self.pre_depth -= 1
                if self.pre_depth == 0:
                    self.end_pre()
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self.heading is not None:
            level, line, inline = self.heading
            self.found.append(Heading(level, _heading_name(inline.plain()), line))
            self.heading, self.seen_heading = None, True
        elif tag in ("ul", "ol"):
            self.depth = max(0, self.depth - 1)
        elif tag == "li" and self.items:
            if not self.items[-1].done:
                self.emit(self.items[-1], False)
            self.items.pop()
        elif tag == "p" and self.paragraph is not None and not (self.items and not self.items[-1].done):
            paragraph, self.paragraph = self.paragraph, None
            if self.seen_heading and any(label and not url.startswith("#") for label, url in paragraph.links):
                self.found.append(Unread(self.paragraph_line, _excerpt(paragraph.plain()), "a paragraph, not a list item", item=False))
        elif tag in ("th", "td"):
            self.cell = None
        elif tag == "tr" and self.table is not None:
            if self.table["header"] is None:
                self.table["header"] = [" ".join(cell.plain().split()).casefold() for cell in self.table["cells"]]
            else:
                self.found.extend(_row(self.table["header"], self.table["cells"], self.table["line"]))
        elif tag == "table":
            self.table = None
        else:
            inline = self.current()
            if inline is None:
                return
            if tag == "a":
                inline.end_link()
            elif tag in ("strong", "b"):
                inline.bold = max(0, inline.bold - 1)

    def handle_data(self, data):
        if self.pre is not None:
            self.pre[1].append(data)
            return
        inline = self.current()
        if inline is not None:
            inline.text(data)

    def end_pre(self):
        line, content = self.pre
        self.pre = None
        source = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        fenced = source.lstrip().startswith(("```", "~~~"))
        code = "".join(content)
        if not fenced and _LOOKS_LIKE_LIST.search(code):
            # Indented by 4 or more spaces: Markdown reads it as code, GitHub shows it as code.
            self.found.append(Unread(line, _excerpt(code.strip()), "indented 4 or more spaces: Markdown reads it as code", item=False))


def _item(item: _Open, has_children: bool, under_paper: bool = False):
    runs, links = item.inline.runs, item.inline.links
    title, notes, own = title_of(runs, links)
    more = " ".join(part.plain() for part in item.more).strip()
    for part in item.more:
        links += [link for link in part.links if link not in links]
    real = [link for link in links if not link[1].startswith("#")]
    if links and not real and not (own is None and title and has_children):
        return  # a table of contents entry: links into the page itself
    if not real:
        if title and has_children:
            # `- Liver` over nested items: a category, named by the item
            yield Item(item.line, item.depth, _heading_name(title), [], "", has_children=True)
            return
        if title:
            yield Unread(item.line, _excerpt(item.inline.plain()), "no link")
        return
    if not title:
        if under_paper and all(is_label(label) for label, _url in real):
            yield MoreLinks(item.line, real, " ".join(part for part in (notes, more) if part))
        elif all(not url for _label, url in real):
            yield Item(item.line, item.depth, "", real, "", has_children, placeholder=True)
        else:
            yield Unread(item.line, _excerpt(item.inline.plain()), "no title before or in its links")
        return
    ordered = paper_first(real, real.index(links[own]) if own is not None and links[own] in real else None)
    notes = " ".join(part for part in (notes, more) if part)
    yield Item(item.line, item.depth, title, ordered, notes, has_children)


def _row(header: list[str], cells: list[_Inline], line: int):
    column = next((n for n, name in enumerate(header) if name in _TITLE_COLUMNS or "title" in name), 0)
    if column >= len(cells):
        return
    runs, links = cells[column].runs, cells[column].links
    title, notes, own = title_of(runs, links, sentence=False)
    other: list[str] = [notes] if notes else []
    for n, cell in enumerate(cells):
        if n == column:
            continue
        links += [link for link in cell.links if link not in links]
        text = " ".join(cell.plain().split())
        if text:
            name = header[n] if n < len(header) and header[n] else f"column {n + 1}"
            other.append(f"{name}: {text}")
    real = [link for link in links if not link[1].startswith("#")]
    source = _excerpt(" | ".join(cell.plain() for cell in cells))
    if not title:
        if any(cell.plain().strip() for cell in cells):
            yield Unread(line, source, "table row without a title")
        return
    if not real:
        yield Unread(line, source, "no link")
        return
    own = real.index(links[own]) if own is not None and links[own] in real else None
    yield Item(line, 0, title, paper_first(real, own), "; ".join(other))


def _heading_name(text: str) -> str:
    # "# Anatomical Structures Segmentation :" -> "Anatomical Structures Segmentation"
    text = " ".join(text.split())
    return text[:-1].strip() if text.endswith(":") else text


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:200] + "..."
