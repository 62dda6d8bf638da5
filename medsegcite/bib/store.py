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
crash never leaves a half-written file.
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
    fields = [model.Field(k, v) for k, v in ordered]
    meta = sorted(entry.meta.items(), key=lambda kv: (META_ORDER + (kv[0],)).index(kv[0]))
    fields += [model.Field(META_PREFIX + k, v) for k, v in meta if v != ""]
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


def parse(text: str, source: str = "references.bib") -> list[StoredEntry]:
    """Parse store text; a malformed entry is an error that names its line."""
    library = bibtexparser.parse_string(text)
    if library.failed_blocks:
        block = library.failed_blocks[0]
        line = (block.start_line or 0) + 1
        reason = "duplicate key" if isinstance(block, model.DuplicateBlockKeyBlock) else "malformed entry"
        raise StoreError(f"{source}:{line}: {reason}")
    return [_from_block(b) for b in library.entries]


def load(path: str | os.PathLike) -> list[StoredEntry]:
    try:
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
    except FileNotFoundError:
        raise StoreError(f"no store at {path} (run `medsegcite sync` to create it)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise StoreError(f"cannot read {path}: {error}") from None
    return parse(text, os.fspath(path))


def dumps(entries: list[StoredEntry], header: str = "") -> str:
    library = bibtexparser.Library([_to_block(e) for e in entries])
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = "\n"
    # The blocks are fresh copies: let the writer enclose values in place
    # instead of deep-copying every block first.
    stack = bibtexparser.middlewares.parsestack.default_unparse_stack(allow_inplace_modification=True)
    return header + bibtexparser.write_string(library, unparse_stack=stack, bibtex_format=fmt)


def atomic_write(path: str | os.PathLike, text: str) -> None:
    """Write `text` to `path` through a temporary file renamed over it."""
    import tempfile  # only commands that write pay for it

    path = os.fspath(path)
    folder, name = os.path.split(os.path.abspath(path))
    handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, os.stat(path).st_mode & 0o777 if os.path.exists(path) else 0o644)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def save(path: str | os.PathLike, entries: list[StoredEntry]) -> None:
    atomic_write(path, dumps(entries, HEADER))
