"""The store's CSL-JSON items, kept between runs: decoding the store's LaTeX (pylatexenc)
is most of the time a `render` of the whole list spends before rendering, and an unchanged
store gives the same items every time.

The items are cached as JSON under the cache folder (medsegcite/cache.py; `MEDSEGCITE_CACHE`
moves it), named by a hash of everything the conversion reads: each entry's key, type and
fields, the source of the modules that convert (records.py, latex.py, markup.py) and the
versions of bibtexparser and pylatexenc. An edited store or converter therefore names
another file. A cache file that is missing, unreadable, damaged or not what was asked for is
ignored (the items are converted again); one that cannot be written is not written.
"""

from __future__ import annotations

import json
import os

CACHE_VERSION = 1
# What from_bibtex runs (paths from this folder): its output changes when they do.
CONVERTER = ("records.py", "latex.py", "markup.py", "../listing/identifiers.py")
KEEP = 8  # one file per store version: a few stores (several --data folders) stay warm


def csl_items(entries, cache_dir: str | None = None) -> list[dict]:
    """The entries as CSL items (records.from_bibtex), from the cache when it holds them.
    `cache_dir`: the cache's folder (default: the user cache); "" converts without one."""
    from medsegcite.bib import records

    path = _cache_file(cache_dir, _digest(entries)) if cache_dir != "" else None
    keys = [entry.key for entry in entries]
    if path is not None:
        items = _read(path, keys)
        if items is not None:
            return items
    items = [records.from_bibtex(e.key, e.entry_type, e.fields) for e in entries]
    if path is not None:
        _write(path, items)
    return items


def _digest(entries) -> str:
    import hashlib

    import bibtexparser
    from pylatexenc.version import version_str

    digest = hashlib.sha256(f"{CACHE_VERSION} {bibtexparser.__version__} {version_str}".encode())
    for name in CONVERTER:  # the converter's own code (read, not imported: a hit needs none of it)
        with open(os.path.join(os.path.dirname(__file__), name), "rb") as stream:
            digest.update(stream.read())
    digest.update(json.dumps([[e.key, e.entry_type, e.fields] for e in entries], ensure_ascii=False).encode())
    return digest.hexdigest()[:32]


def _cache_file(cache_dir: str | None, digest: str) -> str:
    from medsegcite import cache

    return os.path.join(cache.folder(cache_dir), "csl-items", f"items-{digest}.json")


def _read(path: str, keys: list[str]) -> list[dict] | None:
    """The cached items, or None when the file is absent or not exactly what was asked for."""
    from medsegcite import files
    from medsegcite.errors import MedsegciteError

    try:  # a regular file in the cache folder, not a link out of it, a FIFO or /dev/zero
        data = json.loads(files.read_text(path, inside=os.path.dirname(path)))
    except (OSError, ValueError, RecursionError, MedsegciteError):
        return None
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return None
    items = data.get("items")
    if not isinstance(items, list) or len(items) != len(keys):
        return None
    if not all(isinstance(item, dict) and item.get("id") == key and _plain_json(item) for item, key in zip(items, keys)):
        return None
    if os.path.basename(path) != f"items-{data.get('digest')}.json":
        return None  # a file copied or renamed under another store's name
    return items


def _plain_json(value) -> bool:
    """Only what from_bibtex makes: strings, integers, and lists and objects of them."""
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return True
    if isinstance(value, list):
        return all(_plain_json(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain_json(v) for k, v in value.items())
    return False


def _write(path: str, items: list[dict]) -> None:
    from medsegcite import cache  # (pruned as the search index's cache files are)

    digest = os.path.basename(path)[len("items-") : -len(".json")]
    text = json.dumps({"version": CACHE_VERSION, "digest": digest, "items": items}, ensure_ascii=False)
    cache.keep(path, text, "items-", KEEP)  # a cache that cannot be written: every run converts the store
