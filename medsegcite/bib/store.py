"""`references.bib`: the one store of records, read and written with bibtexparser 2.x.

One entry per distinct paper.  Standard BibTeX fields hold the record (LaTeX
encoded); fields named `medsegcite-*` hold bookkeeping that exports drop:

- `medsegcite-list-title`: the title as the list writes it (ties the entry to the list);
- `medsegcite-state`: `unresolved`, `resolved`, `review` or `manual`;
- `medsegcite-source`, `medsegcite-score`, `medsegcite-reason`: how it was resolved;
- `medsegcite-fingerprint`: a short hash of each field as the tool last wrote it.
  A field whose value no longer matches its hash was edited by a person, and a
  rewrite keeps it (the same for a field a person added or deleted).

Every write goes to a temporary file that is then renamed over the store, so a
crash never leaves a half-written file.  Two processes may work on one store:
`Store` reads and writes it under one lock (`filelock`, a `.references.bib.lock`
next to it) and merges per entry and per field against what is on disk, so one
process never writes back a stale view over another's work or a hand edit.
What a write removes is kept in `references.removed.bib`.  `@preamble`,
`@string`, `@comment` and `%` lines are kept (moved after the header).
"""

from __future__ import annotations

from medsegcite.errors import MedsegciteError

import logging
import os
from dataclasses import dataclass, field

import bibtexparser
from bibtexparser import model

# bibtexparser logs parse failures itself; we report them as one line instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False

META_PREFIX = "medsegcite-"
FINGERPRINT = META_PREFIX + "fingerprint"
HEADER = (
    "% medsegcite store: one entry per paper of data/list.md.\n"
    "% Edit any field by hand: a refresh keeps what you changed (see medsegcite-fingerprint).\n"
    "% Fields named medsegcite-* are bookkeeping; `medsegcite export` leaves them out.\n"
)


class StoreError(MedsegciteError):
    """The store cannot be read or written."""


def _digest(value: str) -> str:
    import hashlib

    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:8]


@dataclass
class StoredEntry:
    key: str
    entry_type: str
    fields: dict[str, str] = field(default_factory=dict)  # standard fields, LaTeX
    meta: dict[str, str] = field(default_factory=dict)  # medsegcite-* without prefix
    line: int | None = None

    @property
    def fingerprint(self) -> dict[str, str]:
        pairs = (item.split(":", 1) for item in self.meta.get("fingerprint", "").split())
        return {name: digest for name, digest in pairs}

    def _set_fingerprint(self, prints: dict[str, str]) -> None:
        self.meta["fingerprint"] = " ".join(f"{k}:{v}" for k, v in sorted(prints.items()))

    def edited_by_hand(self, name: str) -> bool:
        """True when a person changed, added or deleted this field."""
        prints = self.fingerprint
        if name not in prints:
            return name in self.fields  # added by hand (the tool never wrote it)
        if name not in self.fields:
            return True  # deleted by hand
        return _digest(self.fields[name]) != prints[name]

    def apply(self, generated: dict[str, str], only: set[str] | None = None) -> None:
        """Write the tool's values, keeping every field a person edited.

        `generated` is the tool's complete view of the fields it owns; with
        `only`, just those field names are refreshed and the rest kept as they
        are.  Fields the tool wrote before and no longer generates are removed
        unless a person edited them.
        """
        prints = self.fingerprint
        names = set(generated) | set(prints)
        if only is not None:
            names &= only
        for name in sorted(names):
            if self.edited_by_hand(name):
                continue
            if name in generated:
                self.fields[name] = generated[name]
                prints[name] = _digest(generated[name])
            else:
                self.fields.pop(name, None)
                prints.pop(name, None)
        self._set_fingerprint(prints)

    @property
    def state(self) -> str:
        return self.meta.get("state", "unresolved")


# Fields in the order a person reads an entry; others follow alphabetically.
FIELD_ORDER = (
    "title", "author", "journal", "booktitle", "howpublished", "year", "volume", "number",
    "pages", "publisher", "doi", "eprint", "archiveprefix", "url", "keywords",
)
META_ORDER = ("list-title", "link", "state", "source", "score", "reason", "candidates", "fingerprint")


def _to_block(entry: StoredEntry) -> model.Entry:
    order = {name: index for index, name in enumerate(FIELD_ORDER)}
    ordered = sorted(entry.fields.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    from medsegcite.bib.latex import safe_value  # no value may close its field or run a macro

    fields = [model.Field(k, safe_value(v, k)) for k, v in ordered]
    meta = sorted(entry.meta.items(), key=lambda kv: (META_ORDER + (kv[0],)).index(kv[0]))
    fields += [model.Field(META_PREFIX + k, safe_value(v, META_PREFIX + k)) for k, v in meta if v != ""]
    return model.Entry(entry.entry_type, entry.key, fields)


def _from_block(block: model.Entry) -> StoredEntry:
    entry = StoredEntry(block.key, block.entry_type.lower(), line=block.start_line + 1)
    for item in block.fields:
        name = item.key.lower()
        value = item.value if isinstance(item.value, str) else str(item.value)
        if name.startswith(META_PREFIX):
            entry.meta[name[len(META_PREFIX):]] = value
        else:
            entry.fields[name] = value
    return entry


def _parse_library(text: str, source: str):
    library = bibtexparser.parse_string(text)
    if library.failed_blocks:
        block = library.failed_blocks[0]
        line = (block.start_line or 0) + 1
        reason = "duplicate key" if isinstance(block, model.DuplicateBlockKeyBlock) else "malformed entry"
        raise StoreError(f"{source}:{line}: {reason}")
    seen: dict[str, model.Entry] = {}
    for block in library.entries:
        other = seen.setdefault(block.key.casefold(), block)
        if other is not block:  # BibTeX takes keys case-insensitively: one of them would be lost
            raise StoreError(
                f"{source}:{block.start_line + 1}: key {block.key!r} differs only in case from "
                f"{other.key!r} (line {other.start_line + 1}); BibTeX treats them as one"
            )
    return library


def parse(text: str, source: str = "references.bib") -> list[StoredEntry]:
    """Parse store text; a malformed entry is an error that names its line."""
    return [_from_block(b) for b in _parse_library(text, source).entries]


def _kept_blocks(library) -> list[str]:
    """`@preamble`, `@string`, `@comment` and `%` lines, verbatim (our header excepted)."""
    kept = []
    for block in library.blocks:
        if isinstance(block, model.Entry):
            continue
        raw = (block.raw or "").strip()
        if raw and raw != HEADER.strip():
            kept.append(raw)
    return kept


def _read(path: str | os.PathLike) -> str:
    try:
        with open(path, encoding="utf-8") as stream:
            return stream.read()
    except FileNotFoundError:
        raise StoreError(f"no store at {path} (run `medsegcite sync` to create it)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise StoreError(f"cannot read {path}: {error}") from None


def load(path: str | os.PathLike) -> list[StoredEntry]:
    return parse(_read(path), os.fspath(path))


def dumps(entries: list[StoredEntry], header: str = "", kept: list[str] = ()) -> str:
    header += "".join(raw + "\n\n" for raw in kept)
    library = bibtexparser.Library([_to_block(e) for e in entries])
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = "\n"
    # The blocks are fresh copies: let the writer enclose values in place
    # instead of deep-copying every block first.
    stack = bibtexparser.middlewares.parsestack.default_unparse_stack(allow_inplace_modification=True)
    return header + bibtexparser.write_string(library, unparse_stack=stack, bibtex_format=fmt)


def _special(path: str) -> bool:
    """A device, a FIFO, a socket or /dev/stdout: written in place, never replaced."""
    import stat

    if path.startswith(("/dev/", "/proc/")):
        return True
    try:
        return not stat.S_ISREG(os.stat(path).st_mode) and not stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False  # nothing there yet: a new regular file


def _open(target, mode: str, data: str | bytes):
    if isinstance(data, bytes):
        return open(target, mode + "b")
    return open(target, mode, encoding="utf-8", newline="\n")


def atomic_write(path: str | os.PathLike, text: str | bytes) -> None:
    """Write `text` (or bytes: a PNG plot) to `path`: the one writer of every file the tool writes.

    A regular file is written through a temporary file renamed over it (a crash
    leaves the old file whole); a symlink is followed and its target replaced;
    a device, FIFO or /dev/stdout is written in place (appending, as a shell's
    `>>` would: nothing there to replace).
    """
    import tempfile  # only commands that write pay for it

    path = os.fspath(path)
    if _special(path):
        with _open(path, "a", text) as stream:
            stream.write(text)
        return
    path = os.path.realpath(path)  # a symlinked store stays a symlink
    folder, name = os.path.split(path)
    handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with _open(handle, "w", text) as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, os.stat(path).st_mode & 0o777 if os.path.exists(path) else 0o644)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


LOCK_WAIT = 120.0  # seconds to wait for another process's write (each write holds the lock well under a second)
REMOVED = "references.removed.bib"


def lock(path: str | os.PathLike):
    """The lock on a store, held while it is read, merged and written."""
    from filelock import FileLock

    folder, name = os.path.split(os.path.realpath(os.fspath(path)))
    return FileLock(os.path.join(folder, f".{name}.lock"), timeout=LOCK_WAIT)


def _locked(path):
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


def save(path: str | os.PathLike, entries: list[StoredEntry]) -> None:
    """Write exactly `entries` (under the lock), keeping the file's @preamble, @string and comments."""
    Store(path).save(entries, merge=False)


# -- one process's view of the store, merged on every write ---------------------------
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

    def __init__(self, path: str | os.PathLike):
        self.path = os.fspath(path)
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
        return os.path.exists(self.path)

    def load(self) -> list[StoredEntry]:
        with _locked(self.path):
            library = _parse_library(_read(self.path), self.path)
            entries = [_from_block(b) for b in library.entries]
            self._stamp, self._kept = self._stat(), _kept_blocks(library)
        self._ours = self._written = _by_identity(entries)
        return entries

    def save(self, entries: list[StoredEntry], merge: bool = True) -> list[StoredEntry]:
        """Write `entries` merged with the file as it is now; returns what was written."""
        with _locked(self.path):
            kept: list[str] = self._kept
            disk_entries: list[StoredEntry] = []
            if merge and self._stamp is not None and self._stat() == self._stamp:
                disk = self._written  # untouched since our last write: no need to parse it again
            elif os.path.exists(self.path):
                text = _read(self.path)
                library = _parse_library(text, self.path)
                kept = _kept_blocks(library)
                disk_entries = [_from_block(b) for b in library.entries]
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
                self._keep_removed([_unflat(flat) for flat in removed])
            atomic_write(self.path, dumps(merged, HEADER, kept))
            self._stamp, self._kept = self._stat(), kept
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
            if theirs is not None and written is None and before is None:
                # both added it (two runs syncing the same new paper): a resolved record
                # beats a placeholder; on a tie the one on disk, whose key is written
                result[name] = mine if _done(mine) and not _done(theirs) else theirs
                continue
            if theirs != written and (theirs is None or mine is None):
                # removed on disk meanwhile (respected), or removed by us but changed on disk (kept)
                if theirs is not None:
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

    def _keep_removed(self, removed: list[StoredEntry]) -> None:
        """Append what a write removes to references.removed.bib (nothing is lost without a copy)."""
        import datetime

        backup = os.path.join(os.path.dirname(os.path.realpath(self.path)), REMOVED)
        old = ""
        if os.path.exists(backup):
            with open(backup, encoding="utf-8", errors="replace") as stream:
                old = stream.read()
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
        note = f"% removed from {os.path.basename(self.path)} on {stamp}\n"
        atomic_write(backup, old + note + dumps(removed))
