"""The curated Markdown list -> a tree of categories holding paper entries.

The list is the maintainers' document: we read it and never rewrite it.  Its
shape: `#` headings are sections, `###` categories, `####` sub-categories
(indentation before a heading is tolerated, as the list has it); each paper is
a list item `- [Title] [[label]](link)`.  Empty items `- [] [[]]()` are
placeholders: reported, skipped.  A paper listed under two categories is one
paper with two category paths.
"""

from __future__ import annotations

from medsegcite.errors import MedsegciteError

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

_HEADING = re.compile(r"^\s{0,8}(#{1,6})\s+(.*?)\s*$")
# Greedy title up to the last "] [[" so a title may itself contain brackets.
_ITEM = re.compile(r"^\s*[-*+]\s+\[(?P<title>.*)\]\s*\[\[(?P<label>.*?)\]\]\((?P<url>.*?)\)\s*$")
_ANY_ITEM = re.compile(r"^\s*[-*+]\s+\S")
_NAV_ITEM = re.compile(r"^\s*[-*+]\s+\[[^\]]*\]\(#[^)]*\)\s*$")


class ListFormatError(MedsegciteError):
    """The list file cannot be read as a curated list."""


def normalise_title(title: str) -> str:
    """Identity of a title: case, accents, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", title).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[0-9a-z]+", text))


def repair_title(title: str) -> str:
    """The list's title with mojibake (e.g. 'â€”') repaired and spacing tidied."""
    import ftfy  # only needed when titles are built, not for `categories`

    return " ".join(ftfy.fix_text(title).split())


@dataclass
class Entry:
    """One list item that names a paper."""

    title: str  # as the list writes it
    link: str
    link_label: str
    line: int
    path: tuple[str, ...]  # category path, section first

    @cached_property
    def identity(self) -> str:
        return normalise_title(repair_title(self.title))

    @cached_property
    def identifier(self):
        from medsegcite.listing.identifiers import identify  # idutils is slow to import

        return identify(self.link)


@dataclass
class Paper:
    """A distinct paper: the first entry that lists it, plus every category path."""

    entries: list[Entry]

    @property
    def first(self) -> Entry:
        return self.entries[0]

    @property
    def list_title(self) -> str:
        return self.first.title

    @property
    def identity(self) -> str:
        return self.first.identity

    @property
    def paths(self) -> list[tuple[str, ...]]:
        seen: list[tuple[str, ...]] = []
        for entry in self.entries:
            if entry.path not in seen:
                seen.append(entry.path)
        return seen

    @property
    def identifier(self):
        """The first identifying link among the entries (a DOI beats a search link)."""
        for entry in self.entries:
            if entry.identifier is not None:
                return entry.identifier
        return None


@dataclass
class Category:
    name: str
    level: int
    line: int
    parent: Category | None = None
    children: list[Category] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
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

    def has_items(self) -> bool:
        return any(node.entries or node.placeholders for node in self.walk())


@dataclass
class Catalog:
    sections: list[Category]
    papers: list[Paper]
    placeholders: list[tuple[int, tuple[str, ...]]]  # (line, path)
    unparsed: list[tuple[int, str]]  # list items under a category that are not papers

    @property
    def entries(self) -> list[Entry]:
        return [e for p in self.papers for e in p.entries]

    def nodes(self) -> list[Category]:
        return [n for s in self.sections for n in s.walk()]

    def find(self, name: str) -> list[Category]:
        """Every node whose name (or `/`-joined path) matches, case-insensitively."""
        wanted = name.strip().casefold()
        return [
            n
            for n in self.nodes()
            if n.name.casefold() == wanted or "/".join(n.path).casefold() == wanted
        ]

    def papers_under(self, node: Category) -> list[Paper]:
        prefix = node.path
        return [p for p in self.papers if any(path[: len(prefix)] == prefix for path in p.paths)]


def _heading_name(text: str) -> str:
    # "# Anatomical Structures Segmentation :" -> "Anatomical Structures Segmentation"
    return re.sub(r"\s*:\s*$", "", text).strip()


def parse_list(text: str) -> Catalog:
    """Parse the curated list's Markdown into a catalog."""
    roots: list[Category] = []
    stack: list[Category] = []
    placeholders: list[tuple[int, tuple[str, ...]]] = []
    unparsed: list[tuple[int, str]] = []
    entries: list[Entry] = []

    for number, line in enumerate(text.splitlines(), start=1):
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            node = Category(_heading_name(heading.group(2)), level, number)
            while stack and stack[-1].level >= level:
                stack.pop()
            if stack:
                node.parent = stack[-1]
                stack[-1].children.append(node)
            else:
                roots.append(node)
            stack.append(node)
            continue
        if not _ANY_ITEM.match(line) or _NAV_ITEM.match(line) or not stack:
            continue
        node = stack[-1]
        item = _ITEM.match(line)
        if item is None:
            unparsed.append((number, line.strip()))
            continue
        title = item.group("title").strip()
        if not title:
            node.placeholders.append(number)
            placeholders.append((number, node.path))
            continue
        entry = Entry(title, item.group("url").strip(), item.group("label").strip(), number, ())
        node.entries.append(entry)
        entries.append(entry)

    sections = _sections(roots)
    for node in (n for s in sections for n in s.walk()):
        for entry in node.entries:
            entry.path = node.path
    placeholders = [(line, _path_of_line(sections, line)) for line, _ in placeholders]

    papers: dict[str, Paper] = {}
    for entry in entries:
        if entry.path == ():  # under a heading we dropped: never happens for kept items
            continue
        papers.setdefault(entry.identity, Paper([])).entries.append(entry)
    return Catalog(sections, list(papers.values()), placeholders, unparsed)


def _sections(roots: list[Category]) -> list[Category]:
    """Top-level headings that hold paper items, with empty branches dropped.

    The document title, the navigation ("Overview") and headings with nothing
    under them ("Review") hold no items, so they are not categories.
    """
    kept = [root for root in roots if root.has_items()]
    for node in kept:
        _prune(node)
    return kept


def _prune(node: Category) -> None:
    node.children = [c for c in node.children if c.has_items()]
    for child in node.children:
        _prune(child)


def _path_of_line(sections: list[Category], line: int) -> tuple[str, ...]:
    for node in (n for s in sections for n in s.walk()):
        if line in node.placeholders:
            return node.path
    return ()


def load_list(path: str | Path) -> Catalog:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ListFormatError(f"no list at {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ListFormatError(f"cannot read {path}: {error}") from None
    return parse_list(text)
