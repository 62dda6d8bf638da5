"""Bring the store in line with the list: one entry per distinct paper, in list order.

A new paper enters with what the list gives (title, link); an existing entry
keeps its key and its record, and only its categories (`keywords`) follow the
list.  A paper no longer in the list leaves the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from medsegcite.bib import latex

from medsegcite.bib import records
from medsegcite.listing.catalog import Catalog, Paper
from medsegcite.text import normalise_title, repair_title
from medsegcite.bib.keys import base_key, is_suffix, unique_key
from medsegcite.bib.store import StoredEntry
from medsegcite.errors import MedsegciteError

# More removals than this in one write need --allow-removals: an empty or
# truncated list (a failed checkout, a bad merge) is not an instruction.
MAX_REMOVALS = 3


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: int = 0
    changed: bool = True  # False: the store would be written back as it is (so it is not written)


def _written(entry: StoredEntry) -> tuple:
    """What a save writes of an entry (field order is the writer's, empty bookkeeping is not written)."""
    return entry.key, entry.entry_type, dict(entry.fields), {k: v for k, v in entry.meta.items() if v != ""}


def category_keywords(paper: Paper) -> str:
    """Every node on each of the paper's category paths, `/`-joined, comma-separated.

    `Abnormalities Segmentation, Abnormalities Segmentation/Lesions Segmentation, ...`:
    a biblatex `keyword=` filter then works for a section as well as a leaf.
    """
    keywords: list[str] = []
    for path in paper.paths:
        for depth in range(1, len(path) + 1):
            keyword = "/".join(name.replace(",", ";") for name in path[:depth])
            if keyword not in keywords:
                keywords.append(keyword)
    return latex.encode(", ".join(keywords))


def list_fields(paper: Paper, repaired: str | None = None) -> tuple[str, dict[str, str]]:
    """What the list alone says of a paper, as BibTeX fields (before resolution);
    `repaired`: its list title already repaired (a repair is done once per title)."""
    item = {"type": "document", "title": repaired if repaired is not None else repair_title(paper.list_title)}
    if paper.identifier is not None:
        # A publisher page. Even a DOI in it goes into `doi` only once resolution
        # has checked that its record is this paper; a search link identifies nothing.
        item["URL"] = next(e.identified_link for e in paper.items if e.identifier is not None)
    return records.to_bibtex(item)


def entry_identity(entry: StoredEntry) -> str:
    listed = entry.meta.get("list-title") or entry.fields.get("title", "")
    return normalise_title(repair_title(latex.decode(listed)))


def sync(catalog: Catalog, entries: list[StoredEntry]) -> tuple[list[StoredEntry], SyncReport]:
    """The store's entries brought in line with the catalog; `report.changed` says whether
    anything differs from `entries` as given (an unchanged list costs no write)."""
    report = SyncReport()
    before = {id(e): _written(e) for e in entries}
    by_identity = {entry_identity(e): e for e in entries}
    taken = {e.key.casefold() for e in entries}  # BibTeX reads keys case-insensitively
    result: list[StoredEntry] = []
    for paper in catalog.papers:
        keywords = category_keywords(paper)
        entry = by_identity.pop(paper.identity, None)
        if entry is None:
            repaired = repair_title(paper.list_title)
            entry_type, fields = list_fields(paper, repaired)
            key = unique_key(base_key(repaired), taken)
            taken.add(key.casefold())
            entry = StoredEntry(key, entry_type, meta={"state": "unresolved"})
            entry.apply({**fields, "keywords": keywords})
            report.added.append(key)
        elif entry.state == "unresolved":
            entry_type, fields = list_fields(paper)
            if not entry.edited_by_hand("title"):
                entry.entry_type = entry_type
            entry.apply({**fields, "keywords": keywords})
            report.kept += 1
        else:
            if entry.fields.get("keywords") != keywords:  # the same categories: nothing to write
                entry.apply({"keywords": keywords}, only={"keywords"})
            report.kept += 1
        entry.meta["list-title"] = latex.encode(paper.list_title)
        entry.meta["link"] = records.safe_url(paper.first.link)
        result.append(entry)
    report.removed = [e.key for e in by_identity.values()]
    report.changed = bool(report.added or report.removed) or [id(e) for e in result] != [id(e) for e in entries] or any(
        _written(e) != before[id(e)] for e in result
    )
    return result, report


def check_removals(report: SyncReport, stored: int, allowed: bool, list_path: str) -> None:
    """Refuse to remove more than MAX_REMOVALS papers (or every paper) unless asked to."""
    removed = len(report.removed)
    if allowed or removed == 0 or (removed <= MAX_REMOVALS and removed < stored):
        return
    shown = ", ".join(report.removed[:5]) + (", ..." if removed > 5 else "")
    raise MedsegciteError(
        f"{list_path} no longer lists {removed} of the {stored} papers in the store ({shown}); "
        "nothing written. If the list is right, run again with --allow-removals "
        "(removed entries are kept in references.removed.bib)"
    )


def provisional_key(entry: StoredEntry, paper: Paper) -> bool:
    """True when the entry's key is the title key (`unetdeep`, `unetdeepa`) the tool gave it
    before the paper was resolved, not a key a person chose."""
    base = base_key(repair_title(paper.list_title))
    suffix = entry.key[len(base):]
    return entry.key.startswith(base) and (suffix == "" or is_suffix(suffix))


def record_outcome(entry: StoredEntry, paper: Paper, outcome) -> None:
    """Write a resolution outcome into a store entry, keeping hand edits."""
    keywords = category_keywords(paper)
    if outcome.item is not None:
        entry_type, fields = records.to_bibtex(outcome.item)
        if not entry.edited_by_hand("title"):
            entry.entry_type = entry_type
        entry.apply({**fields, "keywords": keywords})
    elif entry.state in ("resolved", "manual") and outcome.state == "failed":
        return  # a failed refresh keeps the record it had
    else:
        entry_type, fields = list_fields(paper)
        entry.entry_type = entry_type
        entry.apply({**fields, "keywords": keywords})
    entry.meta["state"] = "unresolved" if outcome.state == "failed" else outcome.state
    entry.meta["source"] = outcome.source or ""
    entry.meta["score"] = f"{outcome.score:.3f}" if outcome.score is not None else ""
    entry.meta["reason"] = latex.encode(outcome.reason) if outcome.reason else ""
    entry.meta["candidates"] = " ".join(f"{c.doi}={c.score:.3f}" for c in outcome.candidates)


def first_key(paper: Paper, outcome, taken: set[str]) -> str:
    """The key a paper gets when it is first written, from the best it is known by.

    Chosen at the first write, in list order, a key depends on what is known then,
    not on which earlier run was interrupted where.
    """
    item = outcome.item
    if item and item.get("title"):
        authors = item.get("author") or [{}]
        family = authors[0].get("family") or authors[0].get("literal")
        return unique_key(base_key(item["title"], family, records.year_of(item)), taken)
    return unique_key(base_key(repair_title(paper.list_title)), taken)

