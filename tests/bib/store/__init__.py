"""Tests of the store package (medsegcite/bib/store/), one file per module; the entries they share."""

from medsegcite.bib.store import StoredEntry


def resolved_entry() -> StoredEntry:
    """A resolved journal article, as resolve writes one."""
    entry = StoredEntry("li2018hdenseunet", "article", meta={"state": "resolved"})
    entry.apply({"title": "{H-DenseUNet}: hybrid", "year": "2018", "journal": "IEEE TMI"})
    return entry


def unresolved_paper(key: str, title: str) -> StoredEntry:
    """A list paper not yet resolved: its list title only."""
    entry = StoredEntry(key, "misc", meta={"state": "unresolved", "list-title": title})
    entry.apply({"title": title})
    return entry
