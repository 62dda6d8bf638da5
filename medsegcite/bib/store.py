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
import re
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
        # A damaged item (no `name:digest`) reads as no print: its field counts as a hand edit, and is kept.
        pairs = (item.split(":", 1) for item in self.meta.get("fingerprint", "").split())
        return {pair[0]: pair[1] for pair in pairs if len(pair) == 2 and pair[0] and pair[1]}

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


MAX_DEPTH = 32  # braces nested deeper than any title needs; deeper would exhaust the LaTeX decoder's stack
# What BibTeX reads as a field name: printable ASCII but for its delimiters, not starting with a digit.
_FIELD_NAME = re.compile(r"[!$&*+\-./:;<>?@A-Z_`a-z|~][!$&*+\-./0-9:;<>?@A-Z_`a-z|~]*")
_KEY_BREAKERS = set(" \t\r\n,{}()\"#%=\\")
_DAMAGE = set("@={}")  # in text outside any entry: the rest of an entry a stray brace closed early


def _value_problem(raw: str) -> str | None:
    """Why a field's raw value is not one BibTeX reads whole (pieces joined by #), else None.
    Iterative: a value nested thousands deep is measured, not recursed into."""
    i, n = 0, len(raw)
    while True:
        while i < n and raw[i].isspace():
            i += 1
        if i == n:
            return "an empty piece"
        if raw[i] in "{\"":
            closer = "}" if raw[i] == "{" else '"'
            depth, deepest, i = (1, 1, i + 1) if closer == "}" else (0, 0, i + 1)
            while i < n:
                char = raw[i]
                if char == "{":
                    depth += 1
                    deepest = max(deepest, depth)
                elif char == "}":
                    if depth == 0:
                        return "a '}' with no '{' before it"
                    depth -= 1
                    if depth == 0 and closer == "}":
                        break
                elif char == '"' and closer == '"' and depth == 0:
                    break
                i += 1
            else:
                return "a brace or quote that never closes"
            i += 1
            if deepest > MAX_DEPTH:
                return f"braces nested {deepest} deep (at most {MAX_DEPTH})"
        else:
            start = i
            while i < n and not raw[i].isspace() and raw[i] not in '#{}",':
                i += 1
            if i == start:
                return f"{raw[i]!r} where a value should start"
        while i < n and raw[i].isspace():
            i += 1
        if i == n:
            return None
        if raw[i] != "#":
            return f"text after the value's closing brace ({raw[i:i + 20]!r}: a stray '}}' inside it?)"
        i += 1


def _entry_problems(block: model.Entry) -> list[str]:
    problems = []
    if not block.key or _KEY_BREAKERS & set(block.key):
        problems.append(f"key {block.key!r} is not a BibTeX key")
    seen: dict[str, str] = {}
    for item in block.fields:
        name = item.key
        if not _FIELD_NAME.fullmatch(name):
            problems.append(f"field name {name!r} is not one BibTeX reads")
        elif name.casefold() in seen:
            problems.append(f"field {name!r} given twice (also as {seen[name.casefold()]!r}): one value would be lost")
        else:
            seen[name.casefold()] = name
        if isinstance(item.value, str):
            why = _value_problem(item.value)
            if why:
                problems.append(f"field {name!r}: {why}")
    return problems


def _failed(block) -> str:
    if isinstance(block, model.DuplicateBlockKeyBlock):
        return f"duplicate key {block.key!r}"
    if isinstance(block, model.DuplicateFieldKeyBlock):
        return f"a field given twice ({', '.join(sorted(block.duplicate_keys))}): one value would be lost"
    error = " ".join(str(getattr(block, "error", "") or "").split())[:100]
    return "malformed entry" + (f" ({error})" if error else "")


def _parse_library(text: str, source: str):
    """Every block read, or StoreError naming each block that cannot be (nothing is then written)."""
    from bibtexparser.middlewares import parsestack

    library = bibtexparser.parse_string(text, parse_stack=[])  # raw values first: they are checked
    problems: list[tuple[int, str]] = []
    for block in library.failed_blocks:
        problems.append(((block.start_line or 0) + 1, _failed(block)))
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, model.Entry):
            problems += [(line, f"entry {block.key!r}: {why}") for why in _entry_problems(block)]
        elif isinstance(block, model.ImplicitComment):
            stray = "\n".join(row for row in (block.raw or "").splitlines() if not row.lstrip().startswith("%"))
            if _DAMAGE & set(stray):
                problems.append((line, f"text outside any entry ({' '.join(stray.split())[:40]!r}): a stray '}}' closed an entry early?"))
    if problems:
        problems.sort()
        shown = "; ".join(f"{source}:{line}: {why}" for line, why in problems[:8])
        more = f"; and {len(problems) - 8} more" if len(problems) > 8 else ""
        raise StoreError(shown + more)  # and nothing is written: the text stays for a person to fix
    for middleware in parsestack.default_parse_stack():
        library = middleware.transform(library)
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


def read_text(path: str | os.PathLike, inside: str | None = None) -> str:
    """The store's text: a regular UTF-8 file of bounded size in its folder, else StoreError or FileRefused."""
    from medsegcite import files

    path = os.fspath(path)
    try:
        return files.read_text(path, inside=inside if inside is not None else _folder(path))
    except FileNotFoundError:
        raise StoreError(f"no store at {path} (run `medsegcite sync` to create it)") from None
    except IsADirectoryError:
        raise StoreError(f"{path} is a folder, not a store") from None


def _folder(path: str) -> str:
    """The folder a store belongs to, as named (a link out of it is refused, see files.py)."""
    return os.path.dirname(os.path.abspath(path))


def load(path: str | os.PathLike, inside: str | None = None) -> list[StoredEntry]:
    return parse(read_text(path, inside), os.fspath(path))


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


def atomic_write(path: str | os.PathLike, text: str | bytes, protect=(), inside: str | None = None) -> None:
    """Write `text` (or bytes: a PNG plot) by rename: see files.write_atomic (kept here for its callers)."""
    from medsegcite import files

    files.write_atomic(path, text, protect=protect, inside=inside)


LOCK_WAIT = 120.0  # seconds to wait for another process's write (each write holds the lock well under a second)
REMOVED = "references.removed.bib"


def lock(path: str | os.PathLike):
    """The lock on a store, held while it is read, merged and written."""
    from filelock import FileLock

    folder, name = os.path.split(os.path.abspath(os.fspath(path)))  # beside the name: never beside a link's target
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
        self.inside = inside if inside is not None else _folder(self.path)  # the folder its files must stay in
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
        with _locked(self.path):
            library = _parse_library(read_text(self.path, self.inside), self.path)
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
            elif os.path.lexists(self.path):
                text = read_text(self.path, self.inside)
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
            atomic_write(self.path, dumps(merged, HEADER, kept), inside=self.inside)
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

    def _keep_removed(self, removed: list[StoredEntry]) -> None:
        """Append what a write removes to references.removed.bib (nothing is lost without a copy);
        appended in the store's folder, never through a link out of it."""
        import datetime

        from medsegcite import files

        backup = os.path.join(os.path.dirname(os.path.abspath(self.path)), REMOVED)
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
        note = f"\n% removed from {os.path.basename(self.path)} on {stamp}\n"
        files.append(backup, note + dumps(removed), inside=self.inside)
