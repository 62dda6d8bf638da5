"""The tool's cache folder, worked out in this one place: `MEDSEGCITE_CACHE` when set, else
the platform's user cache folder for medsegcite (platformdirs' answer).  The search index
(bib/search.py) and the CSL items (bib/item_cache.py) keep their files in folders of their
own under it; Crossref's records (crossref/client.py) under the user cache folder.

The ground floor: nothing from the rest of the package.
"""

from __future__ import annotations

import os


def user_cache() -> str:
    """The platform's user cache folder for medsegcite."""
    import sys

    if sys.platform.startswith("linux"):
        # What platformdirs answers on Linux, without its import (a tenth of a search's budget).
        return os.path.join(os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache"), "medsegcite")
    import platformdirs

    return platformdirs.user_cache_dir("medsegcite")


def folder(cache_dir: str | None = None) -> str | None:
    """The cache folder: `cache_dir` when given, None for "" (no cache), else
    `MEDSEGCITE_CACHE` or the user cache folder."""
    if cache_dir == "":
        return None
    if cache_dir is None:
        return os.environ.get("MEDSEGCITE_CACHE") or user_cache()
    return cache_dir


def prune(folder: str, prefix: str, keep: int) -> None:
    """Drop all but the newest `keep` cache files of a kind (`prefix`): each edit of a store
    leaves its old search index and its old CSL items behind."""
    paths = [os.path.join(folder, n) for n in os.listdir(folder) if n.startswith(prefix) and n.endswith(".json")]
    for path in sorted(paths, key=os.path.getmtime, reverse=True)[keep:]:
        try:
            os.unlink(path)
        except OSError:
            pass


def keep(path: str, text: str, prefix: str, newest: int) -> None:
    """Write one cache file (atomically, never through a link planted in the cache) and drop
    all but the `newest` of its kind; a cache that cannot be written is no error (the work is
    done again next time)."""
    from medsegcite import files
    from medsegcite.errors import MedsegciteError

    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        files.write_atomic(path, text, inside=os.path.dirname(path))
        prune(os.path.dirname(path), prefix, newest)
    except (OSError, ValueError, MedsegciteError):  # ValueError: text the file's encoding cannot hold
        pass


def read(path: str) -> str | None:
    """A cache file's text; None when it is absent, not a regular file of its folder (a
    planted link out of it, a FIFO), too large or not UTF-8."""
    from medsegcite import files
    from medsegcite.errors import MedsegciteError

    try:
        return files.read_text(path, inside=os.path.dirname(path))
    except (OSError, MedsegciteError):
        return None


def code_digest() -> str:
    """A digest of every module of the package: a cache entry another version made may mean something else."""
    global _CODE
    if _CODE is None:
        import hashlib

        root = os.path.dirname(os.path.abspath(__file__))
        digest = hashlib.sha256()
        for folder_, _dirs, names in sorted(os.walk(root)):
            for name in sorted(n for n in names if n.endswith(".py")):
                with open(os.path.join(folder_, name), "rb") as handle:
                    digest.update(name.encode() + b"\0" + handle.read())
        _CODE = digest.hexdigest()
    return _CODE


_CODE: str | None = None
