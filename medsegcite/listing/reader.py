"""A curated list's Markdown -> its headings and paper items, in document order.

markdown-it (CommonMark with tables) finds the blocks, so code blocks, HTML
comments, setext headings and nested lists mean what they mean on GitHub.  We
then read each list item (or table row) the way awesome lists write papers:

- `[Title](link) ...`: the link's text is the title;
- `**Title** (MICCAI 2016) [[paper]](...) [[code]](...)`: the bold text is;
- `Title. Authors. arXiv 2017. [[arXiv]](...)` or the shipped list's
  `[Title]  [[label]](link)`: the text before the first link is (its first
  sentence; brackets around all of it dropped);
- `<a href="...">Title</a>` counts as a link;
- a table row: the cell under Title/Paper/Name (else the first cell), read as
  above; the other cells become notes.

Whatever else the item says (authors, venue, `[code]`) is kept as its notes,
and every link it has is kept, so identifiers come from any of them.  What
cannot be read comes out as an `Unread` with its line, never silently dropped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

MAX_LINE = 5000  # characters; a longer line is no paper and is not given to the parser

# Labels of links that point at something other than the paper itself.
_SECONDARY = re.compile(
    r"^(code|codes|github|gitlab|project|project page|page|homepage|website|web|demo|data|dataset|datasets|slides?|"
    r"video|youtube|poster|supp|supplementary|supplement|bibtex|bib|blog|pytorch|tensorflow|keras|caffe|matlab|"
    r"implementation|official|unofficial|colab|notebook|model|models|weights|huggingface|docker|stars?|"
    r"official code|unofficial code|pytorch code|tensorflow code)$",
    re.IGNORECASE,
)
_SECONDARY_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "colab.research.google.com", "youtube.com", "youtu.be")
# Link texts that label a link rather than name a paper.
_LABEL_WORDS = re.compile(r"^(paper|pdf|arxiv|doi|link|url|abs|abstract|html|pubmed|pmc|springer|ieee|acm|elsevier|"
                          r"sciencedirect|nature|scholar|openreview|cvf|miccai|download)$", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_TAG_NAME = re.compile(r"^</?\s*([a-zA-Z][a-zA-Z0-9]*)")
_LOOKS_LIKE_LIST = re.compile(r"^\s{0,8}(#{1,6}\s|[-*+]\s+\S|\d{1,9}[.)]\s+\S)", re.MULTILINE)
_TITLE_COLUMNS = {"title", "paper", "papers", "name", "paper title", "article", "publication", "work"}


@dataclass
class Heading:
    level: int
    name: str
    line: int


@dataclass
class Item:
    """A list item or table row that may name a paper."""

    line: int
    depth: int  # list nesting: 1 for a top-level item, 0 for a table row
    title: str
    links: list[tuple[str, str]]  # (label as written, url), item order, the paper's own link first
    notes: str
    has_children: bool = False
    placeholder: bool = False  # `- [] [[]]()`: a slot with neither title nor link


@dataclass
class MoreLinks:
    """A nested item of label links only (`- [code](...)`) under a paper: more links of that paper."""

    line: int
    links: list[tuple[str, str]]
    notes: str


@dataclass
class Unread:
    line: int
    text: str
    reason: str
    item: bool = True  # a list item or table row (else a paragraph, a block, a line)


@dataclass
class _Run:
    text: str
    link: int | None  # index into the item's links, or None
    bold: bool


@dataclass
class _Open:
    """A list item being read: its first paragraph, until its first nested list or its end."""

    line: int
    depth: int
    inline: list = field(default_factory=list)
    more: list = field(default_factory=list)  # later paragraphs of the item
    done: bool = False
    paper: bool = False  # read as a paper (so label links nested under it are its own)


def _parser():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    # Links as the list writes them: not percent-encoded, and a `javascript:` link stays a
    # link (of a paper that is still listed) that `identifiers` then refuses to follow.
    md.validateLink = lambda url: True
    md.normalizeLink = lambda url: url
    return md


def read(text: str):
    """Yield every Heading, Item and Unread of the list, in line order."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    too_long = [n for n, line in enumerate(lines) if len(line) > MAX_LINE]
    for n in too_long:
        yield Unread(n + 1, _excerpt(lines[n]), f"longer than {MAX_LINE} characters", item=False)
        lines[n] = ""
    yield from _walk(_parser().parse("\n".join(lines)))


def _walk(tokens):
    items: list[_Open] = []
    depth = 0
    heading: tuple[int, int] | None = None
    seen_heading = False
    table: dict | None = None

    def emit(item: _Open, has_children: bool):
        item.done = True
        parent = items[-2] if len(items) > 1 and items[-1] is item else None
        for part in _item(item, has_children, parent is not None and parent.paper):
            item.paper = isinstance(part, Item) and not part.placeholder and bool(part.links)
            yield part

    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            if items and not items[-1].done:
                yield from emit(items[-1], False)
            heading = (int(token.tag[1]), token.map[0] + 1)
        elif kind == "inline":
            if heading is not None:
                yield Heading(heading[0], _heading_name(_plain(token.children)), heading[1])
                heading, seen_heading = None, True
            elif table is not None:
                table["cells"].append(token.children or [])
            elif items and not items[-1].done:
                (items[-1].more if items[-1].inline else items[-1].inline).append(token.children or [])
            elif seen_heading and any(label and not url.startswith("#") for label, url in _links_of(token.children)):
                yield Unread(token.map[0] + 1, _excerpt(token.content), "a paragraph, not a list item", item=False)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            if items and not items[-1].done:
                yield from emit(items[-1], True)
            depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif kind == "list_item_open":
            items.append(_Open(token.map[0] + 1, depth))
        elif kind == "list_item_close":
            if not items[-1].done:
                yield from emit(items[-1], False)
            items.pop()
        elif kind == "table_open":
            table = {"header": None, "cells": [], "line": 0}
        elif kind == "tr_open":
            table["cells"], table["line"] = [], token.map[0] + 1
        elif kind == "tr_close":
            if table["header"] is None:
                table["header"] = [_plain(cell).strip().casefold() for cell in table["cells"]]
            else:
                yield from _row(table["header"], table["cells"], table["line"])
        elif kind == "table_close":
            table = None
        elif kind == "code_block" and _LOOKS_LIKE_LIST.search(token.content):
            # Indented by 4 or more spaces: Markdown reads it as code, GitHub shows it as code.
            yield Unread(token.map[0] + 1, _excerpt(token.content.strip()), "indented 4 or more spaces: Markdown reads it as code", item=False)
        elif kind == "html_block" and seen_heading and not token.content.lstrip().startswith("<!--"):
            if _HREF.search(token.content) and _tagless(token.content):
                yield Unread(token.map[0] + 1, _excerpt(token.content.strip()), "an HTML block", item=False)


def _item(item: _Open, has_children: bool, under_paper: bool = False):
    runs, links = _runs([child for part in item.inline for child in part])
    title, notes, own = _title(runs, links)
    more = " ".join(_plain(part) for part in item.more).strip()
    for part in item.more:
        links += [link for link in _links_of(part) if link not in links]
    source = _excerpt(_plain([c for part in item.inline for c in part]))
    real = [link for link in links if not link[1].startswith("#")]
    if links and not real and not (own is None and title and has_children):
        return  # a table of contents entry: links into the page itself
    if not real:
        if title and has_children:
            # `- Liver` over nested items: a category, named by the item
            yield Item(item.line, item.depth, _heading_name(title), [], "", has_children=True)
            return
        if title:
            yield Unread(item.line, source, "no link")
        return
    if not title:
        if under_paper and all(_is_label(label) for label, _url in real):
            yield MoreLinks(item.line, real, " ".join(part for part in (notes, more) if part))
        elif all(not url for _label, url in real):
            yield Item(item.line, item.depth, "", real, "", has_children, placeholder=True)
        else:
            yield Unread(item.line, source, "no title before or in its links")
        return
    ordered = _paper_first(real, real.index(links[own]) if own is not None and links[own] in real else None)
    notes = " ".join(part for part in (notes, more) if part)
    yield Item(item.line, item.depth, title, ordered, notes, has_children)


def _row(header: list[str], cells: list, line: int):
    column = next((n for n, name in enumerate(header) if name in _TITLE_COLUMNS or "title" in name), 0)
    if column >= len(cells):
        return
    runs, links = _runs(cells[column])
    title, notes, own = _title(runs, links, sentence=False)
    other: list[str] = [notes] if notes else []
    for n, cell in enumerate(cells):
        if n == column:
            continue
        links += [link for link in _links_of(cell) if link not in links]
        text = " ".join(_plain(cell).split())
        if text:
            name = header[n] if n < len(header) and header[n] else f"column {n + 1}"
            other.append(f"{name}: {text}")
    real = [link for link in links if not link[1].startswith("#")]
    source = _excerpt(" | ".join(_plain(cell) for cell in cells))
    if not title:
        if any(_plain(cell).strip() for cell in cells):
            yield Unread(line, source, "table row without a title")
        return
    if not real:
        yield Unread(line, source, "no link")
        return
    own = real.index(links[own]) if own is not None and links[own] in real else None
    yield Item(line, 0, title, _paper_first(real, own), "; ".join(other))


def _paper_first(links: list[tuple[str, str]], own: int | None) -> list[tuple[str, str]]:
    """The links with the paper's own first: the title's link, else the first that is not code, data or a demo."""
    if own is not None:
        first = own
    else:
        first = next((n for n, link in enumerate(links) if not _secondary(*link)), 0)
    return [links[first]] + links[:first] + links[first + 1 :]


def _secondary(label: str, url: str) -> bool:
    from urllib.parse import urlsplit

    host = urlsplit(url).netloc.lower().removeprefix("www.")
    return bool(_SECONDARY.match(_unbracket(label))) or host in _SECONDARY_HOSTS


def _runs(children) -> tuple[list[_Run], list[tuple[str, str]]]:
    """The inline tokens as runs of text, each in at most one link, bold or not; and the links."""
    runs: list[_Run] = []
    links: list[tuple[list[str], str]] = []
    open_links: list[int] = []
    bold = 0

    def add(text: str):
        link = open_links[-1] if open_links else None
        if link is not None:
            links[link][0].append(text)
        if runs and runs[-1].link == link and runs[-1].bold == (bold > 0):
            runs[-1].text += text
        else:
            runs.append(_Run(text, link, bold > 0))

    for child in children or ():
        kind = child.type
        if kind in ("text", "code_inline"):
            add(child.content)
        elif kind in ("softbreak", "hardbreak"):
            add(" ")
        elif kind == "link_open":
            links.append(([], str(child.attrs.get("href", ""))))
            open_links.append(len(links) - 1)
            add("")
        elif kind == "link_close":
            if open_links:
                open_links.pop()
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold = max(0, bold - 1)
        elif kind == "html_inline":
            tag = _TAG_NAME.match(child.content)
            name = tag.group(1).lower() if tag else ""
            closing = child.content.startswith("</")
            if name == "a" and not closing:
                href = _HREF.search(child.content)
                url = html.unescape(next((g for g in href.groups() if g is not None), "")) if href else ""
                links.append(([], url))
                open_links.append(len(links) - 1)
                add("")
            elif name == "a" and open_links:
                open_links.pop()
            elif name in ("b", "strong"):
                bold = max(0, bold + (-1 if closing else 1))
            elif name == "br":
                add(" ")
        # images (badges), emphasis marks and other tags add no text
    return [r for r in runs if r.text or r.link is not None], [("".join(parts).strip(), url.strip()) for parts, url in links]


def _title(runs: list[_Run], links, sentence: bool = True) -> tuple[str, str, int | None]:
    """(title, notes, index of the title's own link or None) of an item's runs."""
    start = 0
    while start < len(runs) and not runs[start].text.strip():
        start += 1
    if start == len(runs):
        return "", "", None
    first = runs[start]
    if first.link is not None and not _is_label(links[first.link][0]):
        end = start
        while end + 1 < len(runs) and runs[end + 1].link == first.link:
            end += 1
        title = links[first.link][0]
        return _tidy(title), _notes(runs[:start] + runs[end + 1 :]), first.link
    if first.bold:
        end = start
        while end + 1 < len(runs) and runs[end + 1].bold and runs[end + 1].link in (None, first.link):
            end += 1
        return _tidy("".join(r.text for r in runs[start : end + 1])), _notes(runs[end + 1 :]), None
    end = start
    while end < len(runs) and runs[end].link is None:
        end += 1
    before = " ".join("".join(r.text for r in runs[start:end]).split())
    rest = runs[end:]
    if before.startswith("[") and before.endswith("]"):
        return before[1:-1].strip(), _notes(rest), None  # `[Title]  [[label]](link)`
    title, said = _split_title(before) if sentence else (before, "")
    return _tidy(title), " ".join(part for part in (said, _notes(rest)) if part), None


_QUOTED = re.compile(r'^["“”](.+?)["“”][,.]?\s*(.*)$')
_SENTENCE = re.compile(r"\.\s+(?=\S)")
_TRAILING_PARENS = re.compile(r"^(.*\S)\s*(\([^()]*\))$")


def _split_title(text: str) -> tuple[str, str]:
    """`Title. Authors. arXiv 2017.` -> ("Title", "Authors. arXiv 2017."); `Title (MICCAI 2016)` likewise."""
    quoted = _QUOTED.match(text)
    if quoted:
        return quoted.group(1), quoted.group(2)
    cut = _SENTENCE.search(text)
    if cut:
        return text[: cut.start()], text[cut.end() :]
    parens = _TRAILING_PARENS.match(text)
    if parens:
        return parens.group(1), parens.group(2)
    return text, ""


def _tidy(title: str) -> str:
    title = " ".join(title.split())
    return title.rstrip(" .,;:-–—").strip() if len(title) > 1 else title


def _notes(runs: list[_Run]) -> str:
    return " ".join("".join(r.text for r in runs).split()).strip(" ,;:-–—")


def _is_label(text: str) -> bool:
    """`[paper]`, `PDF`, `arXiv`: a link's label, not a paper's title."""
    text = text.strip()
    return (text.startswith("[") and text.endswith("]")) or bool(_LABEL_WORDS.match(text)) or bool(_SECONDARY.match(text))


def _unbracket(label: str) -> str:
    label = label.strip()
    return label[1:-1].strip() if label.startswith("[") and label.endswith("]") else label


def _links_of(children) -> list[tuple[str, str]]:
    return _runs(children)[1]


def _plain(children) -> str:
    return "".join(r.text for r in _runs(children)[0])


def _tagless(block: str) -> bool:
    """True when an HTML block says something besides its tags (not a row of badges)."""
    return bool(re.sub(r"<[^>]*>|&nbsp;|\s", "", block))


def _heading_name(text: str) -> str:
    # "# Anatomical Structures Segmentation :" -> "Anatomical Structures Segmentation"
    text = " ".join(text.split())
    return text[:-1].strip() if text.endswith(":") else text


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:200] + "..."


def label_of(label: str) -> str:
    """The label a link is shown by: `[scholar]` -> `scholar`."""
    return _unbracket(label)
