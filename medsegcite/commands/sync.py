"""The `sync` command's work: the store brought in line with the list (bib/sync.py), its
write merged with what others wrote meanwhile; what leaves it is kept in references.removed.bib.
A list and a store exactly as the last sync left them are neither parsed nor written
(bib/sync_state.py); a store another command of ours wrote is not parsed again (its parse is
kept by the digest of its bytes, bib/store/parsed.py); an unchanged store is not written again."""

from __future__ import annotations

import os
from typing import NamedTuple


class Synced(NamedTuple):
    catalog: object  # the list's catalog
    count: int  # papers in the store
    added: list
    kept: int
    removed: list


def sync(data, allow_removals: bool) -> Synced:
    """The store synced with the list; more removals than bib/sync.MAX_REMOVALS need
    `allow_removals`."""
    from medsegcite.bib.sync_state import already_synced, remember_synced, synced_state

    catalog = data.catalog()
    state = synced_state(data.list_path, data.store_path) if os.path.lexists(data.store_path) else None
    if already_synced(state):  # the list and the store as the last sync left them: nothing to do
        return Synced(catalog, len(catalog.papers), [], len(catalog.papers), [])
    from medsegcite.bib import store
    from medsegcite.bib.sync import check_removals, sync as sync_entries

    stored = store.Store(data.store_path)  # the write merges with what others wrote meanwhile
    entries = stored.load() if stored.exists() else []
    synced, report = sync_entries(catalog, entries)
    check_removals(report, len(entries), allow_removals, data.list_path)
    if report.changed or not entries:  # an unchanged store is not written again
        synced = stored.save(synced)
    remember_synced(synced_state(data.list_path, data.store_path))
    return Synced(catalog, len(synced), report.added, report.kept, report.removed)
