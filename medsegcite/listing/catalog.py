"""The curated Markdown list -> a tree of categories holding list items (`ListItem`), one per line naming a paper.

The list is the maintainers' document: we read it and never rewrite it.
Headings of any level (`#`..`######`, setext) make the tree; an item with no
link over nested items (`- Liver`) is a category too.  A paper is a list item
or table row in one of the shapes `reader` knows (`- [Title] [[label]](link)`,
`* [Title](https://doi.org/...)`, `**Title** ... [[paper]](...)`, ...).  Empty
items `- [] [[]]()` are placeholders: reported, skipped.  A paper listed under
two categories is one paper with two category paths.  Whatever else is not a
paper (an item without a link, a paragraph of links, an indented block read as
code) is kept in `unread` with its line and the reason.

The work is linear in headings and items: one pass over the tokens, one over
the tree.
"""

from __future__ import annotations

from medsegcite.errors import MedsegciteError
from medsegcite.text import normalise_title, printable, repair_title

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path


class ListFormatError(MedsegciteError):
    """The list file cannot be read as a curated list."""


@dataclass
class ListItem:
    """One list item (or table row) that names a paper."""

    title: str  # as the list writes it
    link: str  # the paper's own link: the title's, else the first that is not code or data
    link_label: str  # that link's label (`scholar` of `[[scholar]](...)`), or ""
    line: int
    path: tuple[str, ...]  # category path, section first
    links: tuple[tuple[str, str], ...] = ()  # every (label, url) of the item, `link` first
    notes: str = ""  # what else the item says: authors, venue, `[code]`

    @cached_property
    def identity(self) -> str:
        return normalise_title(repair_title(self.title))

    @cached_property
    def _identified(self):
        from medsegcite.listing.identifiers import identify  # idutils is slow to import

        found = [(identify(url), url) for url in [self.link] + [url for _label, url in self.links if url != self.link]]
        found = [(identifier, url) for identifier, url in found if identifier is not None]
        # A DOI is what Crossref looks up: it beats a PMID or a publisher's page number.
        return next((pair for pair in found if pair[0].kind == "doi"), found[0] if found else (None, None))

    @property
    def identifier(self):
        """The identifier of the item's links: a DOI if any link has one, else the first found (own link first)."""
        return self._identified[0]

    @property
    def identified_link(self) -> str | None:
        """The link `identifier` was read from."""
        return self._identified[1]


@dataclass
class Paper:
    """A distinct paper: the first item that lists it, plus every category path."""

    items: list[ListItem]

    @property
    def first(self) -> ListItem:
        return self.items[0]

    @property
    def list_title(self) -> str:
        return self.first.title

    @property
    def identity(self) -> str:
        return self.first.identity

    @property
    def paths(self) -> list[tuple[str, ...]]:
        seen: list[tuple[str, ...]] = []
        for item in self.items:
            if item.path not in seen:
                seen.append(item.path)
        return seen

    @property
    def identifier(self):
        """The first identifying link among the items (a DOI beats a search link)."""
        for item in self.items:
            if item.identifier is not None:
                return item.identifier
        return None


@dataclass
class Category:
    name: str
    level: int  # 1-6 for a heading; deeper for an item that holds items
    line: int
    parent: Category | None = None
    children: list[Category] = field(default_factory=list)
    items: list[ListItem] = field(default_factory=list)
    placeholders: list[int] = field(default_factory=list)

    @property
    def path(self) -> tuple[str, ...]:
        names: list[str] = []
        node: Category | None = self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return tuple(reversed(names))

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Unread:
    """A part of the list that is not read as a paper, and why."""

    line: int
    text: str
    reason: str  # `no link`, `a paragraph, not a list item`, ...
    item: bool = True  # a list item or table row (else a paragraph, a block, a line)

    def message(self, list_path: str) -> str:
        """The warning line: `list.md:12: not read as a paper (no link): Title`."""
        return f"{list_path}:{self.line}: not read as a paper ({self.reason}): {printable(self.text)}"


@dataclass
class Catalog:
    sections: list[Category]
    papers: list[Paper]
    placeholders: list[tuple[int, tuple[str, ...]]]  # (line, path)
    unread: list[Unread] = field(default_factory=list)  # in line order
    title: str | None = None  # the list's first heading (`# Awesome X`), if it starts with one

    @property
    def items(self) -> list[ListItem]:
        return [e for p in self.papers for e in p.items]

    def nodes(self) -> list[Category]:
        return [n for s in self.sections for n in s.walk()]

    def find(self, name: str) -> list[Category]:
        """Every node the name asks for: its own name or its `/`-joined path, in any case (categories.py)."""
        from medsegcite.categories import asks_for

        return [n for n in self.nodes() if asks_for(name, n.path)]

    @cached_property
    def _under(self) -> dict[tuple[str, ...], list[Paper]]:
        under: dict[tuple[str, ...], list[Paper]] = {}
        for paper in self.papers:
            prefixes = {path[:depth] for path in paper.paths for depth in range(1, len(path) + 1)}
            for prefix in prefixes:
                under.setdefault(prefix, []).append(paper)
        return under

    def papers_under(self, node: Category) -> list[Paper]:
        return list(self._under.get(node.path, []))


def parse_list(text: str) -> Catalog:
    """Parse a curated list's Markdown into a catalog."""
    import gc

    # Tens of thousands of small objects at once: a collection while they are made finds nothing to
    # free and costs 15% on 20,000 sections; the tree's parent-child cycles are collected afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse(text)
    finally:
        if collecting:
            gc.enable()


def _parse(text: str) -> Catalog:
    from medsegcite.listing import item_title, reader

    roots: list[Category] = []
    stack: list[Category] = []
    created: list[Category] = []  # parents before children
    placeholders: list[tuple[int, Category]] = []
    unread: list[Unread] = []
    items: list[tuple[ListItem, Category]] = []

    def open_node(name: str, level: int, line: int) -> None:
        while stack and stack[-1].level >= level:
            stack.pop()
        node = Category(name, level, line)
        if stack:
            node.parent = stack[-1]
            stack[-1].children.append(node)
        else:
            roots.append(node)
        stack.append(node)
        created.append(node)

    for part in reader.read(text.removeprefix("\ufeff")):  # a byte-order mark before the first heading
        if isinstance(part, reader.Heading):
            open_node(part.name, part.level, part.line)
            continue
        if isinstance(part, reader.Unread):
            unread.append(Unread(part.line, part.text, part.reason, part.item))
            continue
        if isinstance(part, reader.MoreLinks):
            if items:  # the paper the reader saw just above it
                item = items[-1][0]
                item.links += tuple(link for link in part.links if link not in item.links)
                item.notes = " ".join(text for text in (item.notes, part.notes) if text)
            continue
        # An item closes the item categories at its depth or deeper (a table row: all of them).
        while stack and stack[-1].level >= _ITEM_LEVEL + part.depth:
            stack.pop()
        if part.has_children and not part.links:
            open_node(part.title, _ITEM_LEVEL + part.depth, part.line)
            continue
        if not stack:
            if not part.placeholder:
                unread.append(Unread(part.line, part.title[:200], "before any heading, so in no category"))
            continue
        node = stack[-1]
        if part.placeholder:
            node.placeholders.append(part.line)
            placeholders.append((part.line, node))
            continue
        (label, url), *_ = part.links
        item = ListItem(part.title, url, item_title.label_of(label), part.line, (), tuple(part.links), part.notes)
        node.items.append(item)
        items.append((item, node))

    # Keep the branches that hold items: the document title, the navigation ("Overview")
    # and headings with nothing under them ("Review") are not categories.
    holds: dict[int, bool] = {}
    for node in reversed(created):
        holds[id(node)] = bool(node.items or node.placeholders) or any(holds[id(c)] for c in node.children)
    for node in created:
        node.children = [c for c in node.children if holds[id(c)]]
    sections = [root for root in roots if holds[id(root)]]
    title = created[0].name if created and created[0].level <= 6 else None
    top = sections[0] if len(sections) == 1 else None
    if top is not None and top is created[0] and top.children and not (top.items or top.placeholders) and all(
        child.level == top.level + 1 for child in top.children
    ):
        # `# Awesome X` over `## Liver`, `## Lung`: the document's title, not a category
        # (the shipped list's `# Section` over `### Category` stays a section)
        sections = sections[0].children
        for node in sections:
            node.parent = None
    paths: dict[int, tuple[str, ...]] = {}
    for node in created:
        paths[id(node)] = (paths[id(node.parent)] if node.parent is not None else ()) + (node.name,)

    papers: dict[str, Paper] = {}
    for item, node in items:
        item.path = paths[id(node)]
        papers.setdefault(item.identity, Paper([])).items.append(item)
    unread.sort(key=lambda u: u.line)
    return Catalog(sections, list(papers.values()), [(line, paths[id(node)]) for line, node in placeholders], unread, title)


_ITEM_LEVEL = 7  # an item that holds items sits below every heading level


def load_list(path: str | Path) -> Catalog:
    from medsegcite import files

    try:  # a regular file in its folder (no link out of it, no FIFO, no /dev/zero)
        text = files.read_text(path, inside=os.path.dirname(os.path.abspath(path)), encoding="utf-8-sig")
    except FileNotFoundError:
        raise ListFormatError(f"no list at {path}") from None
    except files.FileRefused as error:
        raise ListFormatError(str(error)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ListFormatError(f"cannot read {path}: {error}") from None
    return parse_list(text)
