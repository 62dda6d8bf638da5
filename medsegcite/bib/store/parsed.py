"""The store's parse, kept by the digest of the text it is the parse of.

Each time our code writes a store (or parses one), what a parse of that text gives
(the entries, their lines and the kept blocks) is kept in the cache folder under the
digest of the text, of the package's code and of bibtexparser's version.  A later
read of the same bytes takes the parse from there: a store the tool wrote (after a
`resolve`, an `add`, a `decide`) is not parsed again, and a store edited by any hand
has other bytes, so it gets the whole parse and its checks.  Sound because it is keyed
by the bytes: a damaged, foreign or planted cache file is no entry (it names another
digest or does not read), and the parse is then done.
"""

from __future__ import annotations

import json
import os

from medsegcite.bib.store.entry import StoredEntry

PARSED_PREFIX = "parsed-"
KEEP_PARSED = 3  # the newest few: each is about the store's size


def digest(text: str) -> str:
    import hashlib

    import bibtexparser

    from medsegcite.cache import code_digest

    data = text.encode("utf-8", "surrogatepass")
    head = f"{code_digest()}\0{getattr(bibtexparser, '__version__', '')}\0{len(data)}\0".encode()
    return hashlib.sha256(head + data).hexdigest()


def _path(name: str) -> str | None:
    from medsegcite import cache

    folder = cache.folder()
    return os.path.join(folder, "store", f"{PARSED_PREFIX}{name}.json") if folder else None


def recall(name: str) -> tuple[list[StoredEntry], list[str]] | None:
    """The parse kept for the text with digest `name`, or None (none kept, or a file that is not one)."""
    from medsegcite import cache

    path = _path(name)
    text = cache.read(path) if path is not None else None
    if text is None:
        return None
    try:
        kept = json.loads(text)
        if kept.get("digest") != name:
            return None  # another file under this name: no entry
        entries = [StoredEntry(key, kind, dict(fields), dict(meta), line) for key, kind, fields, meta, line in kept["entries"]]
        blocks = [str(block) for block in kept["kept"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    if not all(isinstance(v, str) for e in entries for v in (e.key, e.entry_type, *e.fields, *e.fields.values(), *e.meta,
                                                           *e.meta.values())):
        return None
    if not all(e.line is None or type(e.line) is int for e in entries):
        return None
    return entries, blocks


def remember(name: str, entries: list[StoredEntry], kept: list[str]) -> None:
    """Keep the parse of the text with digest `name` (nothing when no cache folder can be written)."""
    from medsegcite import cache

    path = _path(name)
    if path is None:
        return  # no cache folder: every read parses
    data = {"digest": name, "kept": list(kept),
            "entries": [[e.key, e.entry_type, e.fields, e.meta, e.line] for e in entries]}
    cache.keep(path, json.dumps(data, ensure_ascii=False), PARSED_PREFIX, KEEP_PARSED)
