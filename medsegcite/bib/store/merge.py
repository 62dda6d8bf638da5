"""One process's view of the store, merged per entry and per field on every write.

Two processes may work on one store: `Store` reads and writes it under the
store's lock and merges against what is on disk, so one process never writes
back a stale view over another's work or a hand edit.
"""

from __future__ import annotations

import os

from medsegcite import files
from medsegcite.bib.store import parsed
from medsegcite.bib.store.bibtex import HEADER, from_block, kept_blocks, parse_library, written
from medsegcite.bib.store.disk import keep_removed, load_parsed, locked, read_text, store_folder
from medsegcite.bib.store.entry import StoredEntry


def save(path: str | os.PathLike, entries: list[StoredEntry]) -> None:
    """Write exactly `entries` (under the lock), keeping the file's @preamble, @string and comments."""
    Store(path).save(entries, merge=False)


def _identity(entry: StoredEntry) -> str:
    """What ties an entry to the list (its key may change once, at its first resolution)."""
    return "t:" + entry.meta["list-title"] if entry.meta.get("list-title") else "k:" + entry.key.casefold()


def _flat(entry: StoredEntry) -> dict[str, str]:
    flat = {"@key": entry.key, "@type": entry.entry_type}
    flat.update({"f:" + k: v for k, v in entry.fields.items()})
    flat.update({"m:" + k: v for k, v in entry.meta.items() if v != ""})
    return flat


def _unflat(flat: dict[str, str]) -> StoredEntry:
    entry = StoredEntry(flat["@key"], flat["@type"])
    for name, value in flat.items():
        if name.startswith("f:"):
            entry.fields[name[2:]] = value
        elif name.startswith("m:"):
            entry.meta[name[2:]] = value
    return entry


def _done(flat: dict[str, str]) -> bool:
    return flat.get("m:state") in ("resolved", "manual")


def _hand_edited_since(flat: dict[str, str], before: dict[str, str] | None) -> bool:
    """True when a field that differs from `before` is one a person edited (per the fingerprint)."""
    if before is None:
        return True  # never seen by us: not ours to remove
    entry = _unflat(flat)
    changed = {name[2:] for name in set(flat) | set(before) if name.startswith("f:") and flat.get(name) != before.get(name)}
    return any(entry.edited_by_hand(name) for name in changed)


def _by_identity(entries: list[StoredEntry], objects: dict | None = None) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for entry in entries:
        name = _identity(entry)
        while name in found:  # the same title twice (by hand): still one entry each
            name += "+"
        found[name] = _flat(entry)
        if objects is not None:
            objects[name] = entry
    return found


class Store:
    """One process's view of a store file.

    `load` reads it; `save` writes the caller's entries under the lock after a
    three-way merge per entry and per field: what the caller changed since its
    last load or save is applied onto what is on disk now; what another process
    or a person changed meanwhile stays; where both changed a field, the disk's
    value wins (a person's edit is never overwritten by a stale view). An entry
    removed on disk meanwhile stays removed.
    """

    def __init__(self, path: str | os.PathLike, inside: str | None = None):
        self.path = os.fspath(path)
        self.inside = inside if inside is not None else store_folder(self.path)  # the folder its files must stay in
        self._gone: set[str] = set()  # entries another writer removed since our load: they stay removed
        self._ours: dict[str, dict[str, str]] = {}  # the caller's entries as of the last load/save
        self._written: dict[str, dict[str, str]] = {}  # the file's entries as of the last load/save
        self._stamp = None  # the file's (inode, size, mtime) after our last load/save
        self._kept: list[str] = []  # its @preamble, @string and comment blocks
        self._built: dict[str, tuple[dict, StoredEntry]] = {}  # what our last write built, by identity

    def _stat(self):
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns

    def exists(self) -> bool:
        return os.path.lexists(self.path)  # a dangling link exists too: reading it is refused, not replaced

    def load(self) -> list[StoredEntry]:
        with locked(self.path):
            entries, kept = load_parsed(self.path, self.inside, for_writing=True)
            self._stamp, self._kept = self._stat(), kept
        self._ours = self._written = _by_identity(entries)
        return entries

    def save(self, entries: list[StoredEntry], merge: bool = True, remember: bool = True) -> list[StoredEntry]:
        """Write `entries` merged with the file as it is now; returns what was written.
        `remember=False` keeps no parse of the written bytes (bib/store/parsed.py): for a
        write that another follows soon, as a resolve's after each paper."""
        with locked(self.path):
            kept: list[str] = self._kept
            disk_entries: list[StoredEntry] = []
            if merge and self._stamp is not None and self._stat() == self._stamp:
                disk = self._written  # untouched since our last write: no need to parse it again
            elif os.path.lexists(self.path):
                text = read_text(self.path, self.inside)
                library = parse_library(text, self.path)
                kept = kept_blocks(library)
                disk_entries = [from_block(b) for b in library.entries]
                disk = _by_identity(disk_entries)
            else:
                disk = {}
            objects: dict[str, StoredEntry] = {}
            ours = _by_identity(entries, objects)
            result = self._merge(ours, disk) if merge else ours
            # Entries taken whole from the caller or from our last write are not rebuilt
            # (a resolve saves after every paper: this keeps a save's cost that of writing).
            merged = []
            for name, flat in result.items():
                if flat is ours.get(name):
                    merged.append(objects[name])
                elif name in self._built and self._built[name][0] is flat:
                    merged.append(self._built[name][1])
                else:
                    merged.append(_unflat(flat))
            removed = [disk[name] for name in disk if name not in result]
            if removed:
                keep_removed(self.path, [_unflat(flat) for flat in removed], self.inside)
            text, read = written(merged, HEADER, kept)
            files.write_atomic(self.path, text, inside=self.inside)
            if remember and read is not None:  # the next read of these bytes needs no parse
                parsed.remember(parsed.digest(text), read, kept)
            self._stamp, self._kept = self._stat(), kept
        self._gone = (self._gone | {name for name in ours if name not in result}) - set(result)
        self._ours, self._written = ours, result
        self._built = {name: (flat, entry) for (name, flat), entry in zip(result.items(), merged)}
        return merged

    def _merge(self, ours: dict, disk: dict) -> dict:
        """Our changes (ours vs self._ours) applied onto the disk (vs self._written)."""
        result: dict[str, dict[str, str]] = {}
        order = list(ours) + [name for name in disk if name not in ours]
        for name in order:
            mine, before, theirs, written = ours.get(name), self._ours.get(name), disk.get(name), self._written.get(name)
            if mine == before:  # we did not touch it: the disk's, whatever it is now
                if theirs is not None:
                    result[name] = theirs
                continue
            if theirs is None and (name in self._gone or (before is not None and written is None)):
                continue  # another writer removed it since our load: a deletion stands, like an edit
            if theirs is not None and written is None and before is None:
                # both added it (two runs syncing the same new paper): a resolved record
                # beats a placeholder; on a tie the one on disk, whose key is written
                result[name] = mine if _done(mine) and not _done(theirs) else theirs
                continue
            if theirs != written and (theirs is None or mine is None):
                # removed on disk meanwhile (respected), or removed by us but changed on disk:
                # kept when a person edited it there; a change another run of the tool made
                # (a resolve) does not undo the removal (and the disk's copy goes to the removed file)
                if theirs is not None and _hand_edited_since(theirs, written):
                    result[name] = theirs
                continue
            if theirs is None or mine is None:
                if mine is not None:
                    result[name] = mine
                continue
            merged = dict(theirs)
            for field_name in set(mine) | set(before or {}):
                new, old = mine.get(field_name), (before or {}).get(field_name)
                if new == old:
                    continue
                if theirs.get(field_name) != (written or {}).get(field_name) and written is not None:
                    continue  # changed on disk too: the disk's value stands
                if new is None:
                    merged.pop(field_name, None)
                else:
                    merged[field_name] = new
            result[name] = merged
        # Keys stay unique, case-insensitively: two processes may each have given a new
        # paper the same key; the one not yet on disk takes the next free suffix.
        from medsegcite.bib.keys import unique_key

        taken = {flat["@key"].casefold() for name, flat in result.items() if name in disk}
        for name, flat in result.items():
            if name in disk:
                continue
            if flat["@key"].casefold() in taken:
                result[name] = flat = {**flat, "@key": unique_key(flat["@key"], taken)}
            taken.add(flat["@key"].casefold())
        return result
