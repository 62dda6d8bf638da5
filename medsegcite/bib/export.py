"""The store -> BibTeX, BibLaTeX, CSL-JSON or RIS text; whole or by category.

BibTeX and BibLaTeX copy the store's LaTeX values (already encoded and
protected); CSL-JSON and RIS decode them to plain Unicode.  Bookkeeping fields
(`medsegcite-*`) never leave the store.
"""

from __future__ import annotations

from medsegcite.errors import MedsegciteError
from medsegcite.bib.store import StoredEntry, dumps

FORMATS = ("bibtex", "biblatex", "csl-json", "ris")


class UnknownCategory(MedsegciteError):
    pass


def keyword_paths(entry: StoredEntry) -> list[str]:
    from medsegcite.bib import latex

    raw = entry.fields.get("keywords", "")
    if not raw:
        return []
    if "\\" in raw or "{" in raw:
        raw = latex.decode(raw)
    return [k.strip() for k in raw.split(",") if k.strip()]


def category_names(entries: list[StoredEntry]) -> dict[str, str]:
    """Every name a category can be asked by (lower-cased) -> its full path."""
    names: dict[str, str] = {}
    for entry in entries:
        for path in keyword_paths(entry):
            names.setdefault(path.casefold(), path)
            names.setdefault(path.rsplit("/", 1)[-1].casefold(), path)
    return names


def matching_paths(entries: list[StoredEntry], categories) -> set[str]:
    """The category paths the names ask for (a node name or a full path, any case)."""
    known = category_names(entries)
    wanted: set[str] = set()
    for name in categories:
        key = name.strip().casefold()
        matches = {path for alias, path in known.items() if alias == key}
        if not matches:
            raise UnknownCategory(_unknown_message(name, known))
        wanted |= matches
    return wanted


def select(entries: list[StoredEntry], categories: tuple[str, ...] | list[str]) -> list[StoredEntry]:
    """Entries under any of the named categories."""
    if not categories:
        return list(entries)
    wanted = matching_paths(entries, categories)
    return [e for e in entries if wanted & set(keyword_paths(e))]


def _unknown_message(name: str, known: dict[str, str]) -> str:
    from rapidfuzz import fuzz, process, utils

    leaves = sorted({path.rsplit("/", 1)[-1] for path in known.values()})
    close = process.extract(name, leaves, scorer=fuzz.ratio, processor=utils.default_process, limit=3, score_cutoff=60)
    hint = f"; did you mean {', '.join(repr(c[0]) for c in close)}?" if close else ""
    return f"unknown category {name!r}{hint} (`medsegcite categories` lists them)"


def _public(entry: StoredEntry, fields: dict[str, str] | None = None, entry_type: str | None = None) -> StoredEntry:
    return StoredEntry(entry.key, entry_type or entry.entry_type, dict(fields if fields is not None else entry.fields))


def to_bibtex(entries: list[StoredEntry]) -> str:
    converted = []
    for entry in entries:
        fields = dict(entry.fields)
        # natbib styles warn on an entry with no year, and cannot sort one with
        # no author: print "n.d." (no date) and sort by the title's first words.
        fields.setdefault("year", "n.d.")
        entry_type = entry.entry_type
        if "author" not in fields and "editor" not in fields:
            if "key" not in fields and "title" in fields:
                fields["key"] = " ".join(fields["title"].split()[:3]).strip(":,.;")
            if entry_type != "misc":
                # IEEEtran and plainnat warn on an article with no author; a misc
                # entry needs none, and carries the venue in `howpublished`.
                fields, entry_type = _as_misc(fields), "misc"
        converted.append(_public(entry, fields, entry_type))
    return dumps(converted)


def _as_misc(fields: dict[str, str]) -> dict[str, str]:
    venue = fields.pop("journal", None) or fields.pop("booktitle", None)
    parts = [venue] if venue else []
    for name, label in (("volume", "vol.~"), ("number", "no.~"), ("pages", "pp.~")):
        if name in fields:
            parts.append(label + fields.pop(name))
    if parts:
        fields["howpublished"] = ", ".join(parts)
    return fields


BIBLATEX_TYPES = {"misc": "misc", "techreport": "report", "phdthesis": "thesis", "mastersthesis": "thesis"}
BIBLATEX_FIELDS = {"journal": "journaltitle", "address": "location", "archiveprefix": "eprinttype"}


def to_biblatex(entries: list[StoredEntry]) -> str:
    converted = []
    for entry in entries:
        fields = {BIBLATEX_FIELDS.get(k, k): v for k, v in entry.fields.items()}
        if "year" in fields:
            fields["date"] = fields.pop("year")
        if "eprinttype" in fields:
            fields["eprinttype"] = fields["eprinttype"].lower()
        entry_type = BIBLATEX_TYPES.get(entry.entry_type, entry.entry_type)
        if entry.entry_type == "misc" and "eprint" in fields:
            entry_type = "online"
        converted.append(_public(entry, fields, entry_type))
    return dumps(converted)


def csl_items(entries: list[StoredEntry]) -> list[dict]:
    from . import records  # decoding LaTeX is only for the Unicode formats

    return [records.from_bibtex(e.key, e.entry_type, e.fields) for e in entries]


def to_csl_json(entries: list[StoredEntry]) -> str:
    import json

    return json.dumps(csl_items(entries), ensure_ascii=False, indent=2) + "\n"


RIS_TYPES = {
    "article-journal": "JOUR",
    "paper-conference": "CPAPER",
    "chapter": "CHAP",
    "book": "BOOK",
    "report": "RPRT",
    "thesis": "THES",
    "article": "GEN",
}


def _plain_ris_writer():
    import rispy

    class PlainRisWriter(rispy.RisWriter):
        """rispy numbers references ("1.") before each TY line; RIS readers expect none."""

        def set_header(self, count: int) -> str:
            return ""

    return PlainRisWriter


def to_ris(entries: list[StoredEntry]) -> str:
    import rispy

    refs = []
    for item in csl_items(entries):
        ref: dict = {"type_of_reference": RIS_TYPES.get(item["type"], "GEN"), "id": item["id"]}
        if "title" in item:
            ref["title"] = item["title"]
        if item.get("author"):
            ref["authors"] = [
                ", ".join(x for x in (n.get("family") or n.get("literal"), n.get("given")) if x) for n in item["author"]
            ]
        if "container-title" in item:
            ref["secondary_title"] = item["container-title"]
        if "issued" in item:
            ref["year"] = str(item["issued"]["date-parts"][0][0])
        for csl, ris in (("volume", "volume"), ("issue", "number"), ("publisher", "publisher"), ("DOI", "doi")):
            if csl in item:
                ref[ris] = item[csl]
        if "page" in item:
            first, _, last = item["page"].partition("-")
            ref["start_page"] = first
            if last:
                ref["end_page"] = last
        if "URL" in item:
            ref["urls"] = [item["URL"]]
        if "keyword" in item:
            ref["keywords"] = [k.strip() for k in item["keyword"].split(",")]
        refs.append(ref)
    return rispy.dumps(refs, implementation=_plain_ris_writer())


WRITERS = {"bibtex": to_bibtex, "biblatex": to_biblatex, "csl-json": to_csl_json, "ris": to_ris}


def export(entries: list[StoredEntry], fmt: str) -> str:
    return WRITERS[fmt](entries)
