"""Human decisions in `data/decisions.toml`, keyed by the title as the list writes it.

    [[pin]]           # this entry is this DOI (resolved by lookup, no matching)
    title = "..."
    doi = "10.48550/arXiv.1703.04347"
    why = "arXiv-only paper: Crossref holds no arXiv records"

    [[reject]]        # never take this candidate for this entry
    title = "..."
    doi = "10.1101/2020.04.22.20074948"

    [[not-a-paper]]   # leave this list item out of the store
    title = "..."

    [[manual]]        # a record entered by hand: the facts and where they were seen
    title = "..."     # the list's title
    sources = ["https://...", "..."]   # required: the public pages that show the facts
    confidence = "medium"              # optional: high, medium or low
    why = "..."                        # optional
    [manual.record]   # CSL-JSON fields; only facts a source showed
    type = "paper-conference"
    title = "..."
    author = [{ given = "Rens", family = "Janssens" }]
    container-title = "..."
    issued = { date-parts = [[2018]] }
    page = "893-897"

A manual record's DOI must appear in one of its sources: a DOI no source
showed is never written.  The file is user-edited and arrives in pull requests
like the list: it is untrusted input.  Every table and value is checked, every
identifier (a pin's DOI, a record's DOI, arXiv id, URL, ISBN, ISSN) goes
through the one validator of its kind (listing/identifiers.py) and is kept in
its canonical form; a wrong one is one error line naming it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from medsegcite.text import normalise_title, repair_title
from medsegcite.errors import MedsegciteError

# Allowed keys of each table, and their types.
ROW_KEYS = {
    "pin": {"title": str, "doi": str, "why": str},
    "reject": {"title": str, "doi": str, "why": str},
    "not-a-paper": {"title": str, "why": str},
    "manual": {"title": str, "record": dict, "sources": list, "confidence": str, "why": str},
}
REQUIRED = {"pin": ("title", "doi"), "reject": ("title", "doi"), "not-a-paper": ("title",), "manual": ("title", "record", "sources")}
CONFIDENCE = ("high", "medium", "low")
RECORD_TYPES = ("article-journal", "paper-conference", "chapter", "book", "report", "thesis", "article", "webpage")
TEXT_FIELDS = (
    "title", "container-title", "container-title-short", "collection-title", "collection-number", "volume",
    "issue", "page", "publisher", "DOI", "URL", "ISSN", "ISBN", "arxiv",
)
# Identifier fields -> their validator in listing/identifiers.py.
IDENTIFIER_FIELDS = {"DOI": "doi", "URL": "url", "arxiv": "arxiv", "ISBN": "isbn", "ISSN": "issn"}
NAME_KEYS = ("family", "given", "literal", "non-dropping-particle", "dropping-particle", "suffix")


class DecisionsError(MedsegciteError):
    """decisions.toml says something that cannot be used."""


@dataclass
class Decisions:
    pins: dict[str, dict] = field(default_factory=dict)
    rejects: dict[str, set[str]] = field(default_factory=dict)
    not_papers: set[str] = field(default_factory=set)
    manual: dict[str, dict] = field(default_factory=dict)

    def for_title(self, title: str) -> tuple[dict | None, set[str], bool, dict | None]:
        key = normalise_title(repair_title(title))
        return self.pins.get(key), self.rejects.get(key, set()), key in self.not_papers, self.manual.get(key)


def load(path: str) -> Decisions:
    decisions = Decisions()
    if not os.path.lexists(path):
        return decisions
    from medsegcite import files

    try:  # a regular file in the data folder; deep nesting or a huge integer is one line too
        data = files.read_toml(path, inside=os.path.dirname(os.path.abspath(path)))
    except files.FileRefused as error:
        raise DecisionsError(str(error)) from None
    except OSError as error:
        raise DecisionsError(f"{path}: {error}") from None
    except (RecursionError, ValueError, MemoryError) as error:  # nesting too deep, an integer too long
        raise DecisionsError(f"{path}: not readable as TOML ({type(error).__name__}: {str(error)[:80]})") from None
    for section, rows in data.items():
        if section not in ROW_KEYS:
            from rapidfuzz import fuzz, process

            from medsegcite.text import printable

            known = ", ".join(f"[[{name}]]" for name in ROW_KEYS)
            close = process.extractOne(section, list(ROW_KEYS), scorer=fuzz.ratio, score_cutoff=60)
            hint = f"; did you mean [[{close[0]}]]?" if close else ""
            raise DecisionsError(f"{path}: unknown table [{printable(section[:60])}]{hint} (known: {known})")
        if not isinstance(rows, list):
            raise DecisionsError(f"{path}: {section} must be written [[{section}]] (a list of tables)")
        for number, row in enumerate(rows, start=1):
            where = f"{path}: [[{section}]] number {number}"
            _check_row(where, section, row)
            key = normalise_title(repair_title(row["title"]))
            if section == "pin":
                decisions.pins[key] = row
            elif section == "reject":
                decisions.rejects.setdefault(key, set()).add(row["doi"].lower())
            elif section == "not-a-paper":
                decisions.not_papers.add(key)
            else:
                decisions.manual[key] = row
    return decisions


def _type_name(kind: type) -> str:
    return {str: "a string", dict: "a table", list: "a list"}[kind]


def _check_row(where: str, section: str, row) -> None:
    if not isinstance(row, dict):
        raise DecisionsError(f"{where} must be a table")
    allowed = ROW_KEYS[section]
    for name, value in row.items():
        if name not in allowed:
            raise DecisionsError(f"{where}: unknown key {name!r} (allowed: {', '.join(allowed)})")
        if not isinstance(value, allowed[name]):
            raise DecisionsError(f"{where}: {name} must be {_type_name(allowed[name])}")
    for name in REQUIRED[section]:
        if not row.get(name):
            raise DecisionsError(f"{where} needs {'a' if name != 'sources' else 'its'} {name}")
    if "doi" in row:
        row["doi"] = _identifier(where, "doi", row["doi"])
    if section == "manual":
        _check_manual(where, row)


def _check_manual(where: str, row: dict) -> None:
    sources = row["sources"]
    if not all(isinstance(s, str) and s.strip() for s in sources):
        raise DecisionsError(f"{where}: sources must be a list of strings")
    if row.get("confidence") and row["confidence"] not in CONFIDENCE:
        raise DecisionsError(f"{where}: confidence must be one of {', '.join(CONFIDENCE)}")
    record = row["record"]
    if record.get("type") not in RECORD_TYPES:
        raise DecisionsError(f"{where}: record.type must be one of {', '.join(RECORD_TYPES)}")
    if not isinstance(record.get("title"), str) or not record["title"].strip():
        raise DecisionsError(f"{where}: record.title must be a string")
    for name, value in record.items():
        if name == "type":
            continue
        if name in TEXT_FIELDS:
            if not isinstance(value, str):
                raise DecisionsError(f"{where}: record.{name} must be a string")
        elif name in ("author", "editor"):
            if not isinstance(value, list) or not all(_is_name(n) for n in value):
                raise DecisionsError(f"{where}: record.{name} must be a list of names ({{ given = ..., family = ... }})")
        elif name == "issued":
            parts = value.get("date-parts") if isinstance(value, dict) else None
            if not (isinstance(parts, list) and len(parts) == 1 and isinstance(parts[0], list) and parts[0]
                    and all(isinstance(p, int) and not isinstance(p, bool) for p in parts[0])):
                raise DecisionsError(f"{where}: record.issued must be {{ date-parts = [[year, month?, day?]] }}")
        else:
            raise DecisionsError(f"{where}: unknown record field {name!r}")
    for name in IDENTIFIER_FIELDS:
        if name in record:
            record[name] = _identifier(where, f"record.{name}", record[name])
    doi = record.get("DOI", "").lower()
    if doi and not any(doi in s.lower() for s in sources):
        raise DecisionsError(f"{where}: record.DOI {doi} appears in none of its sources")


def _identifier(where: str, name: str, value: str) -> str:
    """The canonical form of an identifier, or one error line naming where it is (never its text raw)."""
    from medsegcite.listing import identifiers
    from medsegcite.text import printable

    kind = IDENTIFIER_FIELDS.get(name.removeprefix("record."), name)
    canonical = getattr(identifiers, kind)(value)
    if canonical is None:
        raise DecisionsError(f"{where}: {name} is not a valid {kind.upper() if kind != 'arxiv' else 'arXiv id'}: {printable(repr(value[:80]))}")
    return canonical


def _is_name(name) -> bool:
    return (
        isinstance(name, dict)
        and bool(name.get("family") or name.get("literal"))
        and all(k in NAME_KEYS and isinstance(v, str) for k, v in name.items())
    )
