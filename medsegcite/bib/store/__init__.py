"""`references.bib`: the one store of records, read and written with bibtexparser 2.x.

One store entry per distinct paper.  The package's parts, each one job:

- `entry`: what a store entry is (BibTeX fields, `medsegcite-*` bookkeeping, which
  fields a person edited);
- `bibtex`: the store's text, read whole and checked or refused, and written;
- `disk`: the store's file, read and written safely (through `medsegcite.files`),
  its lock, and `references.removed.bib`, which keeps what a write removes;
- `merge`: `Store`, one process's view, merged per entry and per field on each write.

Callers use the names below (`store.load`, `store.Store`, `store.StoredEntry`, ...).
"""

from medsegcite.bib.store.bibtex import HEADER, dumps, parse
from medsegcite.bib.store.disk import LOCK_WAIT, REMOVED, load, lock, read_text
from medsegcite.bib.store.entry import META_PREFIX, StoredEntry, StoreError
from medsegcite.bib.store.merge import Store, save

__all__ = [
    "HEADER", "LOCK_WAIT", "META_PREFIX", "REMOVED", "Store", "StoreError", "StoredEntry",
    "dumps", "load", "lock", "parse", "read_text", "save",
]
