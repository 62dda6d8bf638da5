"""The store's text: BibTeX read whole and checked, or refused; entries written in reading order.

bibtexparser 2.x reads and writes the text.  A block BibTeX would misread (a
stray brace, a field given twice, keys differing only in case) is an error
naming its line, and nothing is then written.  `@preamble`, `@string`,
`@comment` and `%` lines are kept (moved after the header).
"""

from __future__ import annotations

import functools
import logging
import re

import bibtexparser
from bibtexparser import model

from medsegcite.bib.store.entry import META_PREFIX, StoredEntry, StoreError

# bibtexparser logs parse failures itself; we report them as one line instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False

HEADER = (
    "% medsegcite store: one entry per paper of data/list.md.\n"
    "% Edit any field by hand: a refresh keeps what you changed (see medsegcite-fingerprint).\n"
    "% Fields named medsegcite-* are bookkeeping; `medsegcite export` leaves them out.\n"
)


# Fields in the order a person reads an entry; others follow alphabetically.
FIELD_ORDER = (
    "title", "author", "journal", "booktitle", "howpublished", "year", "volume", "number",
    "pages", "publisher", "doi", "eprint", "archiveprefix", "url", "keywords",
)
META_ORDER = ("list-title", "link", "state", "source", "score", "reason", "candidates", "fingerprint")


def to_block(entry: StoredEntry) -> model.Entry:
    order = {name: index for index, name in enumerate(FIELD_ORDER)}
    ordered = sorted(entry.fields.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    from medsegcite.bib.latex import safe_value  # no value may close its field or run a macro

    fields = [model.Field(k, safe_value(v, k)) for k, v in ordered]
    meta = sorted(entry.meta.items(), key=lambda kv: (META_ORDER + (kv[0],)).index(kv[0]))
    fields += [model.Field(META_PREFIX + k, safe_value(v, META_PREFIX + k)) for k, v in meta if v != ""]
    return model.Entry(entry.entry_type, entry.key, fields)


def from_block(block: model.Entry) -> StoredEntry:
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


_NOT_BRACE = re.compile(r"[^{}]+")


@functools.lru_cache(maxsize=1 << 17)  # a resolve saves after every paper: its values are checked once
def _one_braced_value(raw: str) -> bool:
    """True for the usual `{...}`: one brace group, closed by the last character, nested
    at most MAX_DEPTH deep (only its braces walked, not every character)."""
    if not (raw.startswith("{") and raw.endswith("}")):
        return False
    depth = deepest = 0
    braces = _NOT_BRACE.sub("", raw)
    for number, char in enumerate(braces):
        depth += 1 if char == "{" else -1
        deepest = max(deepest, depth)
        if depth == 0:
            return number == len(braces) - 1 and deepest <= MAX_DEPTH
    return False


def _value_problem(raw: str) -> str | None:
    """Why a field's raw value is not one BibTeX reads whole (pieces joined by #), else None."""
    return None if _one_braced_value(raw) else _walk_value(raw)


def _walk_value(raw: str) -> str | None:
    """`_value_problem` character by character.
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


def _entry_problems(block: model.Entry, values: bool = True) -> list[str]:
    """What BibTeX would misread in an entry (its values too unless `values` is False)."""
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
        if values and isinstance(item.value, str):
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


def parse_library(text: str, source: str):
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
    return [from_block(b) for b in parse_library(text, source).entries]


def kept_blocks(library) -> list[str]:
    """`@preamble`, `@string`, `@comment` and `%` lines, verbatim (our header excepted)."""
    kept = []
    for block in library.blocks:
        if isinstance(block, model.Entry):
            continue
        raw = (block.raw or "").strip()
        if raw and raw != HEADER.strip():
            kept.append(raw)
    return kept


def dumps(entries: list[StoredEntry], header: str = "", kept: list[str] = ()) -> str:
    return written(entries, header, kept, parsed=False)[0]


def written(entries: list[StoredEntry], header: str = "", kept: list[str] = (),
            parsed: bool = True) -> tuple[str, list[StoredEntry] | None]:
    """The store's text for `entries`, and what a parse of that text gives: the entries as read
    back, lines included (None when not asked, when other blocks are kept, or when a block
    would fail the parse's checks: then only a parse may say what the text holds).

    An entry with the very content of one written before (by this process, or in a text whose
    kept parse `remember_written` was given) is not encoded again: its text is taken whole."""
    global _WRITTEN
    _take_pending()
    chunks: list[str | None] = []
    read_back: list[StoredEntry | None] = []
    fresh: list[model.Entry] = []
    for entry in entries:
        known = _WRITTEN.get(_content(entry)) if parsed else None
        chunks.append(known[0] if known else None)
        read_back.append(known[1] if known else None)
        if known is None:
            fresh.append(to_block(entry))
    fresh_text = iter(_chunks(_write(fresh), fresh) if fresh else ())
    fresh_blocks = iter(fresh)
    blocks: list[model.Entry | None] = []
    for index, chunk in enumerate(chunks):
        if chunk is None:
            chunks[index] = next(fresh_text)
            blocks.append(next(fresh_blocks))  # its values enclosed in place by the writer
        else:
            blocks.append(None)
    text = header + "".join(raw + "\n\n" for raw in kept) + "\n".join(chunks)
    if not parsed or kept or header not in ("", HEADER):
        return text, None
    _WRITTEN = {}  # filled again below when the whole text reads back
    line = header.count("\n") + 1
    read: list[StoredEntry] = []
    keys: set[str] = set()
    memo: dict[tuple, tuple[str, StoredEntry]] = {}
    for entry, block, chunk, back in zip(entries, blocks, chunks, read_back):
        folded = entry.key.casefold()
        if folded in keys:
            return text, None
        keys.add(folded)
        if back is None:
            values = [item.value for item in block.fields]
            if not all(map(_one_braced_value, values)) or _entry_problems(block, values=False):
                return text, None
            back = from_block(model.Entry(block.entry_type, block.key, [
                model.Field(item.key, value[1:-1]) for item, value in zip(block.fields, values)], start_line=0))
        read.append(StoredEntry(back.key, back.entry_type, dict(back.fields), dict(back.meta), line))
        memo[_content(entry)] = (chunk, back)
        line += chunk.count("\n") + 1  # and the blank line between entries
    _WRITTEN = memo
    return text, read


# Entry content -> (its text as written, what a parse of that text reads), for the entries of
# the last text written or read back from a kept parse of ours: an unchanged entry is not
# encoded again (a sync that adds one paper to 10,000 encodes one).
_WRITTEN: dict[tuple, tuple[str, StoredEntry]] = {}
_PENDING: tuple[str, list[StoredEntry]] | None = None


def _content(entry: StoredEntry) -> tuple:
    return (entry.key, entry.entry_type, tuple(sorted(entry.fields.items())), tuple(sorted(entry.meta.items())))


def _chunks(text: str, blocks: list[model.Entry]) -> list[str]:
    """The writer's text cut into one piece per block (`@type{key,`, a line per field, `}`)."""
    lines = text.split("\n")
    pieces, start = [], 0
    for block in blocks:
        count = 2 + len(block.fields) + sum(item.value.count("\n") for item in block.fields)
        pieces.append("\n".join(lines[start : start + count]) + "\n")
        start += count + 1  # and the blank line between blocks
    return pieces


def remember_written(text: str, entries: list[StoredEntry]) -> None:
    """`text` is a store with no other blocks and `entries` its parse, lines included: a later
    write of an unchanged entry may take its text from there.  The entries' content is taken
    now (callers change them); the text is cut only when a write comes."""
    global _PENDING
    _PENDING = (text, [(_content(entry), entry.line) for entry in entries])


def _take_pending() -> None:
    global _WRITTEN, _PENDING
    if _PENDING is None:
        return
    (text, read), _PENDING = _PENDING, None
    starts = [line for _content_key, line in read]
    if not read or not text.startswith(HEADER) or not all(type(n) is int and n > 0 for n in starts):
        return
    if any(later <= earlier for earlier, later in zip(starts, starts[1:])):
        return
    lines = text.split("\n")
    memo: dict[tuple, tuple[str, StoredEntry]] = {}
    ends = [n - 1 for n in starts[1:]] + [len(lines)]
    for (content, start), end in zip(read, ends):
        key, entry_type, fields, meta = content
        piece = "\n".join(lines[start - 1 : end - 1]) + "\n"
        if not piece.startswith(f"@{entry_type}{{{key},\n") or not piece.endswith("\n}\n"):
            return  # not one entry per piece as the writer lays them out: nothing taken
        memo[content] = (piece, StoredEntry(key, entry_type, dict(fields), dict(meta)))
    _WRITTEN = memo


def _write(blocks: list[model.Entry]) -> str:
    library = bibtexparser.Library(blocks)
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = "\n"
    # The blocks are fresh copies: let the writer enclose values in place
    # instead of deep-copying every block first.
    stack = bibtexparser.middlewares.parsestack.default_unparse_stack(allow_inplace_modification=True)
    return bibtexparser.write_string(library, unparse_stack=stack, bibtex_format=fmt)
