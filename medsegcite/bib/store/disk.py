"""The store's file: read only as a regular file in its folder, written by rename
under a lock, and what a write removes kept in `references.removed.bib`.

Every access goes through the ground floor `medsegcite.files` (no link out of the
folder is followed; a crash never leaves a half-written file).  The lock
(`filelock`, a `.references.bib.lock` next to it) is held while a store is read,
merged and written, so two processes may work on one store.
"""

from __future__ import annotations

import os

from medsegcite import files
from medsegcite.bib.store.bibtex import dumps, from_block, kept_blocks, parse_library, remember_written
from medsegcite.bib.store.entry import StoredEntry, StoreError


def read_text(path: str | os.PathLike, inside: str | None = None) -> str:
    """The store's text: a regular UTF-8 file of bounded size in its folder, else StoreError or FileRefused."""
    path = os.fspath(path)
    try:
        return files.read_text(path, inside=inside if inside is not None else store_folder(path))
    except FileNotFoundError:
        raise StoreError(f"no store at {path} (run `medsegcite sync` to create it)") from None
    except IsADirectoryError:
        raise StoreError(f"{path} is a folder, not a store") from None


def store_folder(path: str) -> str:
    """The folder a store belongs to, as named (a link out of it is refused, see files.py)."""
    return os.path.dirname(os.path.abspath(path))


def load(path: str | os.PathLike, inside: str | None = None) -> list[StoredEntry]:
    return load_parsed(path, inside)[0]


def load_parsed(path: str | os.PathLike, inside: str | None = None,
                for_writing: bool = False) -> tuple[list[StoredEntry], list[str]]:
    """The store's entries and kept blocks; the parse is taken from the cache when these very
    bytes were written or parsed before (bib/store/parsed.py), and kept there when not.
    `for_writing`: a write follows, which may take unchanged entries' text from this one."""
    from medsegcite.bib.store import parsed

    text = read_text(path, inside)
    name = parsed.digest(text)
    found = parsed.recall(name)
    if found is None:
        library = parse_library(text, os.fspath(path))
        found = [from_block(b) for b in library.entries], kept_blocks(library)
        parsed.remember(name, *found)
    if for_writing and not found[1]:  # no other blocks: each entry's text may be taken whole by the next write
        remember_written(text, found[0])
    return found


LOCK_WAIT = 120.0  # seconds to wait for another process's write (each write holds the lock well under a second)
REMOVED = "references.removed.bib"


def lock(path: str | os.PathLike):
    """The lock on a store, held while it is read, merged and written."""
    from filelock import FileLock

    folder, name = os.path.split(os.path.abspath(os.fspath(path)))  # beside the name: never beside a link's target
    return FileLock(os.path.join(folder, f".{name}.lock"), timeout=LOCK_WAIT)


def locked(path):
    """The store's lock, held for a `with` block; one line (StoreError) when another process keeps it too long."""
    from filelock import Timeout

    class _Held:
        def __enter__(self):
            self.lock = lock(path)
            try:
                self.lock.acquire()
            except Timeout:
                raise StoreError(f"{path} is being written by another process (waited {LOCK_WAIT:g} s); try again") from None
            return self

        def __exit__(self, *exc):
            self.lock.release()

    return _Held()


def keep_removed(path: str, removed: list[StoredEntry], inside: str) -> None:
    """Append what a write removes to references.removed.bib (nothing is lost without a copy);
    appended in the store's folder, never through a link out of it."""
    import datetime

    backup = os.path.join(os.path.dirname(os.path.abspath(path)), REMOVED)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    note = f"\n% removed from {os.path.basename(path)} on {stamp}\n"
    files.append(backup, note + dumps(removed), inside=inside)
