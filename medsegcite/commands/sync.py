"""The `sync` command's work: the store brought in line with the list (bib/sync.py), its
write merged with what others wrote meanwhile; what leaves it is kept in references.removed.bib."""

from __future__ import annotations


def sync(data, allow_removals: bool):
    """(the list's catalog, the entries written, the SyncReport); more removals than
    bib/sync.MAX_REMOVALS need `allow_removals`."""
    from medsegcite.bib import store
    from medsegcite.bib.sync import check_removals, sync as sync_entries

    catalog = data.catalog()
    stored = store.Store(data.store_path)  # the write merges with what others wrote meanwhile
    entries = stored.load() if stored.exists() else []
    synced, report = sync_entries(catalog, entries)
    check_removals(report, len(entries), allow_removals, data.list_path)
    return catalog, stored.save(synced), report
