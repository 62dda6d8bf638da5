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

import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

# No pattern here may backtrack over a long line (one 16 KB line once took minutes):
# every quantifier is followed by something it cannot match, and an item's parts
# are found by `_split_item` in linear time.
_HEADING = re.compile(r"^\s{0,8}(#{1,6})\s+(.*)$")
MAX_ITEM = 5000  # characters in one list item
_ITEM_START = re.compile(r"^\s*[-*+]\s+\[")
_ANY_ITEM = re.compile(r"^\s*[-*+]\s+\S")
_NAV_ITEM = re.compile(r"^\s*[-*+]\s+\[[^\]]*\]\(#[^)]*\)\s*$")


class ListFormatError(MedsegciteError):
    """The list file cannot be read as a curated list."""


def _split_item(line: str) -> tuple[str, str, str] | None:
    """(title, label, url) of `- [Title] [[label]](url)`, or None.

    The title runs to the last `] [[` that is followed by `label]](url)` and the
    end of the line, so a title may itself contain brackets.
    """
    if len(line) > MAX_ITEM:
        return None  # no paper's title and link are this long: reported as not a paper entry
    start = _ITEM_START.match(line)
    body = line[start.end():].rstrip() if start else ""
    if not body.endswith(")"):
        return None
    import bisect

    closers = [m.start() for m in re.finditer(r"\]\]\(", body)]  # where a label may end
    # Where the title may end: `]`, optional spaces, `[[` (the spaces cannot match `[`: linear).
    for split in reversed(list(re.finditer(r"\]\s*\[\[", body))):
        at = bisect.bisect_left(closers, split.end())
        if at < len(closers):
            close = closers[at]
            return body[: split.start()], body[split.end() : close], body[close + 3 : -1]
    return None


# Terminal control: CSI and OSC escape sequences, other C0/C1 controls, and
# bidirectional overrides, none of which a list or a server has reason to print.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` safe to print on a terminal: escape sequences and control characters removed."""
    return _ESCAPES.sub("", str(text)).replace("\t", " ").replace("\n", " ")


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
    text = text.strip()
    return text[:-1].strip() if text.endswith(":") else text


def parse_list(text: str) -> Catalog:
    """Parse the curated list's Markdown into a catalog."""
    roots: list[Category] = []
    stack: list[Category] = []
    placeholders: list[tuple[int, tuple[str, ...]]] = []
    unparsed: list[tuple[int, str]] = []
    entries: list[Entry] = []

    text = text.removeprefix("\ufeff")  # a byte-order mark before the first heading
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
        item = _split_item(line)
        if item is None:
            text = line.strip()
            unparsed.append((number, text if len(text) <= 200 else text[:200] + "..."))
            continue
        title, label, url = (part.strip() for part in item)
        if not title:
            node.placeholders.append(number)
            placeholders.append((number, node.path))
            continue
        entry = Entry(title, url, label, number, ())
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
