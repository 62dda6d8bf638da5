"""Whether the list and the store are as the last `sync` left them: then it has nothing to do.

`sync` of a list and a store it already produced changes nothing (sync is idempotent), so
after each sync the digest of both files' bytes (and of this code) is kept in the cache
folder; a later sync finding the same digest neither parses the store nor writes it.  A
record that is damaged or names another digest is no record.  No import of the store here:
a sync with nothing to do does not load bibtexparser.
"""

from __future__ import annotations

import os

from medsegcite.errors import MedsegciteError

SYNCED_PREFIX = "synced-"
KEEP_SYNCED = 8


def synced_state(list_path: str, store_path: str) -> str | None:
    """The digest of the list's and the store's bytes and of the package's code; None when a file cannot be read."""
    import hashlib

    from medsegcite import files

    from medsegcite.cache import code_digest

    digest = hashlib.sha256(code_digest().encode())
    try:
        for path in (list_path, store_path):
            data = files.read_bytes(path, inside=os.path.dirname(os.path.abspath(path)))
            digest.update(len(data).to_bytes(8, "big") + data)
    except (OSError, MedsegciteError):
        return None
    return digest.hexdigest()


def already_synced(state: str | None) -> bool:
    """True when the last sync left the list and the store exactly as they are now."""
    from medsegcite import cache

    path = _synced_file(state)
    return path is not None and cache.read(path) == state  # a damaged or planted file names no state


def remember_synced(state: str | None) -> None:
    from medsegcite import cache

    path = _synced_file(state)
    if path is not None:  # a cache that cannot be written: every sync does the whole work
        cache.keep(path, state, SYNCED_PREFIX, KEEP_SYNCED)


def _synced_file(state: str | None) -> str | None:
    from medsegcite import cache

    if not state:
        return None
    return os.path.join(cache.folder(), "sync", f"{SYNCED_PREFIX}{state}.json")
