"""The site's data model: every paper and category as the page shows them, built from
the list, the store and `render`'s own rendering (medsegcite/csl/output.py).

Nothing here writes HTML or files: page.py and files.py do, from a `Site`.
Every text here is plain (unescaped); the writers escape it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from medsegcite.naming import unique


# What the venue-type filter offers, in its order.
VENUE_TYPES = {"journal": "Journal article", "conference": "Conference paper", "preprint": "Preprint",
               "book": "Book or chapter", "other": "Other", "unknown": "Not resolved yet"}
_CSL_VENUE_TYPES = {"article-journal": "journal", "paper-conference": "conference", "chapter": "book", "book": "book"}


@dataclass
class PaperView:
    index: int
    key: str
    stem: str  # its files' name in papers/, safe on any file system
    anchor: str  # the id of its first listing on the page
    title: str
    authors: list[str]
    venue: str
    year: str  # "" when the record has none
    venue_type: str  # a key of VENUE_TYPES
    doi: str
    title_only: bool  # known only by the list's title (unresolved or waiting for review)
    links: list[tuple[str, str]]  # (label, http(s) target), already safe as targets
    categories: list[str]  # "Section/Category" paths


@dataclass
class CategoryView:
    path: tuple[str, ...]
    anchor: str  # its id on the page, and its .bib's name in bib/
    papers: int  # distinct papers under it, descendants included
    style: str  # the CSL style its entries are rendered in ("" for a heading above listed categories)
    entries: list[tuple[int, str, str]] = field(default_factory=list)  # (paper index, li id, formatted HTML)

    @property
    def name(self) -> str:
        return self.path[-1]


@dataclass
class Site:
    title: str
    papers: list[PaperView]
    categories: list[CategoryView]
    stats: object  # commands.stats.Stats
    recent: list[tuple[str, int]]  # (date, paper index), newest first
    entries: dict  # key -> StoredEntry, for the exports
    base_url: str = ""

    def under(self, category: CategoryView) -> list[int]:
        """The distinct papers under a category and its descendants, in page order."""
        seen: dict[int, None] = {}
        for other in self.categories:
            if other.path[: len(category.path)] == category.path:
                seen.update((index, None) for index, _, _ in other.entries)
        return list(seen)


def safe_name(text: str, used: set[str], prefix: str = "") -> str:
    """A name made of [a-z0-9_-] that no other in `used` has, case-insensitively (ids and file
    names on case-insensitive file systems): a key `a/../B` is never a path."""
    return unique(prefix + (re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-") or "x")[:80], used)


def _person(name: dict) -> str:
    if name.get("literal"):
        return name["literal"]
    return " ".join(name[k] for k in ("given", "dropping-particle", "non-dropping-particle", "family", "suffix") if name.get(k))


def _venue_type(entry, item: dict) -> str:
    if entry.state in ("unresolved", "review"):
        return "unknown"
    if item.get("type") in _CSL_VENUE_TYPES:
        return _CSL_VENUE_TYPES[item["type"]]
    arxiv = entry.fields.get("archiveprefix", "").lower() == "arxiv" or "arxiv" in item.get("DOI", "").lower()
    return "preprint" if arxiv else "other"


def _links(entry, item: dict) -> list[tuple[str, str]]:
    from medsegcite.csl.output import doi_url, web_url

    links: list[tuple[str, str]] = []
    if item.get("DOI"):
        links.append(("DOI", doi_url(item["DOI"])))
    eprint = entry.fields.get("eprint", "")
    if eprint and entry.fields.get("archiveprefix", "").lower() == "arxiv" and re.fullmatch(r"[\w./-]{1,64}", eprint):
        links.append(("arXiv", "https://arxiv.org/abs/" + eprint))
    for label, url in (("Link", item.get("URL", "")), ("Listed link", entry.meta.get("link", ""))):
        target = web_url(url) if url else None  # javascript:, data:, file: ... never become links
        if target and target not in (t for _, t in links):
            links.append((label, target))
    return links


def build(data, style: str | None = None, styles_dir: str | None = None, base_url: str = "", warn=None) -> Site:
    """The site of the list in `data` (a paths.DataDir): `render`'s sections in HTML, one view per paper."""
    from medsegcite.bib import export, markup
    from medsegcite.bib.sync import entry_identity
    from medsegcite.csl import output as documents
    from medsegcite.commands import stats as counting
    from medsegcite.site import history

    catalog = data.catalog()
    stored = data.entries()
    items = {item["id"]: item for item in export.csl_items(stored, cached=True)}
    sections = documents.sections(catalog, stored, items, (), style, "html", styles_dir, warn)
    by_key = {e.key: e for e in stored}
    key_of = {entry_identity(e): e.key for e in stored}

    papers: list[PaperView] = []
    index_of: dict[str, int] = {}
    stems: set[str] = set()
    anchors: set[str] = set()
    categories: list[CategoryView] = []
    for section in sections:
        node = section.node
        category = CategoryView(node.path, safe_name("/".join(node.path), anchors, "c-"), len(catalog.papers_under(node)),
                                section.style.name if section.style else "")
        for key, html in section.entries:
            if key not in index_of:
                entry, item = by_key[key], items[key]
                index_of[key] = len(papers)
                issued = item.get("issued", {}).get("date-parts", [[None]])[0][0]
                papers.append(PaperView(
                    index=len(papers), key=key, stem=safe_name(key, stems), anchor="", title=markup.plain(item.get("title", "")),
                    authors=[_person(n) for n in item.get("author", []) or item.get("editor", [])],
                    venue=item.get("container-title", "") or item.get("publisher", ""), year=str(issued or ""),
                    venue_type=_venue_type(entry, item), doi=item.get("DOI", ""),
                    title_only=entry.state in ("unresolved", "review"), links=_links(entry, item), categories=[]))
            paper = papers[index_of[key]]
            li_id = safe_name(key, anchors, "p-")
            paper.anchor = paper.anchor or li_id
            category.entries.append((paper.index, li_id, html))
        categories.append(category)
    for paper in catalog.papers:  # every category a paper is listed under, as the list says
        key = key_of.get(paper.identity)
        if key in index_of:
            papers[index_of[key]].categories = ["/".join(p) for p in paper.paths]

    recent = [(date, index_of[key_of[identity]]) for date, identity in history.recently_added(data.list_path, catalog)
              if key_of.get(identity) in index_of]
    return Site(title=documents.page_title(catalog), papers=papers, categories=categories,
                stats=counting.compute(catalog, stored), recent=recent, entries=by_key, base_url=base_url)
