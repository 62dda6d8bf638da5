"""The store -> BibTeX, BibLaTeX, CSL-JSON or RIS text; whole or by category.

BibTeX and BibLaTeX copy the store's LaTeX values (already encoded and
protected); CSL-JSON and RIS decode them to plain Unicode.  Bookkeeping fields
(`medsegcite-*`) never leave the store.
"""

from __future__ import annotations

import re

from medsegcite.bib.store import StoredEntry, dumps

FORMATS = ("bibtex", "biblatex", "csl-json", "csl-yaml", "ris")


def keyword_paths(entry: StoredEntry) -> list[str]:
    from medsegcite.bib import latex

    raw = entry.fields.get("keywords", "")
    if not raw:
        return []
    if "\\" in raw or "{" in raw:
        raw = latex.decode(raw)
    return [k.strip() for k in raw.split(",") if k.strip()]


def matching_paths(entries: list[StoredEntry], categories) -> set[str]:
    """The category paths the names ask for (a node name or a full path, any case: medsegcite/categories.py)."""
    from medsegcite.categories import matching

    return matching((path for entry in entries for path in keyword_paths(entry)), categories)


def select(entries: list[StoredEntry], categories: tuple[str, ...] | list[str]) -> list[StoredEntry]:
    """Entries under any of the named categories."""
    if not categories:
        return list(entries)
    wanted = matching_paths(entries, categories)
    return [e for e in entries if wanted & set(keyword_paths(e))]


def _public(entry: StoredEntry, fields: dict[str, str] | None = None, entry_type: str | None = None) -> StoredEntry:
    return StoredEntry(entry.key, entry_type or entry.entry_type, dict(fields if fields is not None else entry.fields))


# Fields biblatex's data model does not allow on an entry type (biber
# --validate-datamodel), dropped on export; the store keeps them for CSL and RIS.
NOT_IN_DATAMODEL = {
    "article": {"publisher", "isbn"},
    "inproceedings": {"issn"},
    "incollection": {"issn"},
}


def _without_disallowed(entry_type: str, fields: dict[str, str]) -> dict[str, str]:
    banned = NOT_IN_DATAMODEL.get(entry_type, set())
    return {k: v for k, v in fields.items() if k not in banned}


def short_title_labels(entries: list[StoredEntry]) -> dict[str, str]:
    """A short-title label (LaTeX) for every entry with no author or editor, unique in `entries`.

    natbib author-year styles cite such an entry by its `key` field: the title
    up to its colon (a method's name, "LF-SegNet") or its first three words,
    lengthened word by word until no other entry has the same label.  Works on
    the stored LaTeX words as they are (no decoding: the export stays fast).
    """
    words_of = {
        e.key: e.fields["title"].split()
        for e in entries
        if "author" not in e.fields and "editor" not in e.fields and e.fields.get("title")
    }
    length: dict[str, int] = {}
    for key, words in words_of.items():
        colon = next((i for i, w in enumerate(words) if w.endswith(":")), None)
        length[key] = colon + 1 if colon is not None and colon < 4 else min(3, len(words))
    while True:
        labels = {key: _label(words_of[key], length[key]) for key in words_of}
        seen: dict[str, list[str]] = {}
        for key, label in labels.items():
            seen.setdefault(_comparable(label), []).append(key)
        grown = False
        for keys in (keys for keys in seen.values() if len(keys) > 1):
            for key in keys:
                if length[key] < len(words_of[key]):
                    length[key] += 1
                    grown = True
        if not grown:
            return labels


def _comparable(label: str) -> str:
    return re.sub(r"\\[A-Za-z]+|[{}\\]", "", label).casefold()


def _label(words: list[str], length: int) -> str:
    from medsegcite.bib.keys import STOPWORDS

    # A label does not end on "of" or "for" ("Image segmentation of liver"), nor
    # inside a brace group that a word opened.
    while length < len(words) and (
        _comparable(words[length - 1]).strip(":,.;") in STOPWORDS
        or " ".join(words[:length]).count("{") != " ".join(words[:length]).count("}")
    ):
        length += 1
    label = " ".join(words[:length])
    # natbib reads a label as `short(year)`: no parenthesis may come before the year.
    if "(" in label:
        head = label.split("(", 1)[0]
        label = head if head.count("{") == head.count("}") else label.replace("(", "[").replace(")", "]")
    return label.strip().rstrip(":,.;")


def to_bibtex(entries: list[StoredEntry]) -> str:
    labels = short_title_labels(entries)
    converted = []
    for entry in entries:
        # The real type and every field: an author-less article stays an article
        # (styles warn that the author is missing, which is true).  No year is no
        # year: no "n.d." stands in for one.
        fields = _without_disallowed(entry.entry_type, entry.fields)
        if entry.key in labels and "key" not in fields:
            fields["key"] = _bibtex_key(labels[entry.key], fields.get("year"))
        eprint = _eprint_note(fields)
        if eprint:
            fields["note"] = f"{fields['note']}. {eprint}" if fields.get("note") else eprint
        converted.append(_public(entry, fields))
    return dumps(converted)


def _bibtex_key(label: str, year: str | None) -> str:
    """The `key` of an entry with no author or editor: its short title, the year left in `year`.

    A .bst prints `key` where the author would be and labels the entry by it:
    plainnat, abbrvnat and elsarticle-harv cite it by `key` alone (natbib 7 leaves
    the date blank for it), apalike appends ", year" itself; so a year in `key`
    would be printed twice.  With no year the key says `, n.d.` (as APA does):
    natbib reads apalike's `label, year` and turns a whole document numerical
    if one year part is empty.  A comma of the title is braced, so natbib does
    not split the label there."""
    key = re.sub(r",(?![^{]*})", "{,}", label)
    return key if year else key + ", n.d."


def _eprint_note(fields: dict[str, str]) -> str:
    """`arXiv:2003.10304, doi:10.48550/arxiv.2003.10304` for a preprint, whose arXiv id
    no classic BibTeX style prints (they read no `eprint`; every style prints `note`),
    as Google Scholar's BibTeX shows it, and its DOI, which no classic style prints for
    a @misc.  A paper with a venue is found by its venue: its note stays as it is."""
    from medsegcite.bib.latex import encode

    prefix, eprint = fields.get("archiveprefix", ""), fields.get("eprint", "")
    venue = any(fields.get(f) for f in ("journal", "booktitle", "publisher", "school", "institution"))
    if not eprint or venue or prefix.casefold() != "arxiv" or eprint in fields.get("note", ""):
        return ""
    doi = fields.get("doi", "").strip()
    return f"arXiv:{eprint}" + (f", doi:{encode(doi)}" if doi else "")


BIBLATEX_TYPES = {"misc": "misc", "techreport": "report", "phdthesis": "thesis", "mastersthesis": "thesis"}
BIBLATEX_FIELDS = {"journal": "journaltitle", "address": "location", "archiveprefix": "eprinttype"}


def to_biblatex(entries: list[StoredEntry]) -> str:
    labels = short_title_labels(entries)
    converted = []
    for entry in entries:
        fields = {BIBLATEX_FIELDS.get(k, k): v for k, v in _without_disallowed(entry.entry_type, entry.fields).items()}
        if "year" in fields:
            fields["date"] = fields.pop("year")
        if "eprinttype" in fields:
            fields["eprinttype"] = fields["eprinttype"].lower()
        if "series" in fields and "volume" in fields and entry.entry_type in ("inproceedings", "incollection"):
            fields["number"] = fields.pop("volume")  # biblatex: the number within the series
        if entry.key in labels and "shorttitle" not in fields:
            fields["shorttitle"] = labels[entry.key]  # authoryear cites by it
        entry_type = BIBLATEX_TYPES.get(entry.entry_type, entry.entry_type)
        if entry.entry_type == "misc" and "eprint" in fields:
            entry_type = "online"
        converted.append(_public(entry, fields, entry_type))
    return dumps(converted)


def csl_items(entries: list[StoredEntry], cached: bool = False) -> list[dict]:
    """The entries as CSL items; `cached`: kept between runs in the user cache (item_cache.py)."""
    if cached:
        from . import item_cache

        return item_cache.csl_items(entries)
    from . import records  # decoding LaTeX is only for the Unicode formats

    return [records.from_bibtex(e.key, e.entry_type, e.fields) for e in entries]


def to_csl_json(entries: list[StoredEntry]) -> str:
    import json

    from . import records

    return json.dumps([records.for_zotero(item) for item in csl_items(entries)], ensure_ascii=False, indent=2) + "\n"


def to_csl_yaml(entries: list[StoredEntry]) -> str:
    """CSL YAML, the `references:` document pandoc and Quarto read as a bibliography.

    Pandoc reads its string values as Markdown (CSL-JSON's as CSL rich text), so
    each string is written in pandoc's Markdown: the same item either way.
    """
    return csl_yaml(csl_items(entries))


def csl_yaml(items: list[dict]) -> str:
    import yaml

    from medsegcite.bib.pandoc_markdown import from_csl_rich_text, literal

    items = [
        {key: (value if key == "id" else _mapped(value, literal if _is_names(value) else from_csl_rich_text))
         for key, value in item.items()}
        for item in items
    ]
    body = yaml.dump({"references": items}, Dumper=_csl_yaml_dumper(), allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{body}...\n"


# Strings a YAML 1.2 reader (pandoc's) would take for a number, a boolean or null:
# quoted, so page `021208` keeps its zero and a title `True` stays text.
_NOT_A_STRING_IN_YAML = re.compile(r"^(?:[-+.\d]|(?:true|false|yes|no|on|off|null|~)$)", re.IGNORECASE)


def _csl_yaml_dumper():
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def string(dumper, value):
        style = "'" if not value or _NOT_A_STRING_IN_YAML.match(value) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, string)
    return Dumper


def _is_names(value) -> bool:
    return isinstance(value, list) and any(isinstance(v, dict) and ({"family", "literal", "given"} & v.keys()) for v in value)


def _mapped(value, convert):
    """Every string in a CSL value through `convert`."""
    if isinstance(value, dict):
        return {k: _mapped(v, convert) for k, v in value.items()}
    if isinstance(value, list):
        return [_mapped(v, convert) for v in value]
    return convert(value) if isinstance(value, str) else value


RIS_TYPES = {
    "article-journal": "JOUR",
    # A paper in proceedings is CONF, as Zotero and EndNote write it: the RIS
    # spec's CPAPER reads T2 as the conference's name, not the proceedings'.
    "paper-conference": "CONF",
    "chapter": "CHAP",
    "book": "BOOK",
    "report": "RPRT",
    "thesis": "THES",
    "article": "GEN",
    "document": "GEN",
}


def _plain_ris_writer():
    import rispy

    class PlainRisWriter(rispy.RisWriter):
        """rispy numbers references ("1.") before each TY line; RIS readers expect none."""

        # SV (series volume), which Zotero's RIS.js reads as a chapter's series number; rispy lacks it.
        DEFAULT_MAPPING = {**rispy.TAG_KEY_MAPPING, "SV": "series_number"}

        def set_header(self, count: int) -> str:
            return ""

    return PlainRisWriter


def ris_name(name: dict) -> str:
    """A CSL name as RIS writes it: "Family, Given, Suffix", particles kept with the family."""
    if name.get("literal"):
        return name["literal"]
    family = " ".join(name[k] for k in ("dropping-particle", "non-dropping-particle", "family") if name.get(k))
    return ", ".join(x for x in (family, name.get("given"), name.get("suffix")) if x)


# Everything a RIS reader may take for the end of a line (str.splitlines' set) and
# every other control character: a value carrying one would start a line of its own
# (`TY  - ` a record of its own).
_RIS_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def ris_text(value) -> str:
    """One RIS value: one line, no control characters, whatever its origin."""
    return " ".join(_RIS_BREAKS.sub(" ", str(value)).split())


def _ris_value(name: str, value):
    from medsegcite.listing import identifiers

    if isinstance(value, list):
        return [v for v in (_ris_value(name, v) for v in value) if v]
    if name == "doi":
        return identifiers.doi(str(value)) or ris_text(value)
    if name == "urls":
        return identifiers.url(str(value)) or ris_text(value)
    return ris_text(value)


def to_ris(entries: list[StoredEntry]) -> str:
    import rispy

    from medsegcite.bib import markup

    refs = []
    for item in csl_items(entries):
        ref: dict = {"type_of_reference": RIS_TYPES.get(item["type"], "GEN"), "id": item["id"]}
        if "title" in item:
            ref["title"] = markup.plain(item["title"])  # RIS has no markup
        if item.get("author"):
            ref["authors"] = [ris_name(n) for n in item["author"]]
        if item.get("editor"):  # A3 is a book's editor in RIS.js, A2 its series editor
            ref["tertiary_authors" if ref["type_of_reference"] == "BOOK" else "secondary_authors"] = [ris_name(n) for n in item["editor"]]
        if "container-title" in item and ref["type_of_reference"] == "CONF":
            ref["custom3"] = item["container-title"]  # C3, the proceedings title; T2 is the conference's name (RIS.js)
        elif "container-title" in item:
            ref["secondary_title"] = item["container-title"]
        if "container-title-short" in item:
            ref["alternate_title1"] = item["container-title-short"]  # J2
        if "collection-title" in item:
            ref["tertiary_title"] = item["collection-title"]  # T3
        if "issued" in item:
            ref["year"] = str(item["issued"]["date-parts"][0][0])
            ref["date"] = ref["year"] + "///"  # DA, the RIS spec's YYYY/MM/DD/other: CONF dates by it
        if "volume" in item:
            ref["volume"] = item["volume"]
        if "collection-number" in item:
            # The number within the series, where Zotero's RIS.js reads it: SV (a chapter's
            # Series Number), M1 (a book's), VL in CONF (a conference paper has no Series
            # Number there; its Volume is the LNCS volume); a chapter's VL is its own volume.
            tag = {"CHAP": "series_number", "BOOK": "note"}.get(ref["type_of_reference"], "volume")
            ref.setdefault(tag, item["collection-number"])
        for csl, ris in (("issue", "number"), ("publisher", "publisher"), ("DOI", "doi")):
            if csl in item:
                ref[ris] = item[csl]
        if item.get("ISSN") or item.get("ISBN"):
            ref["issn"] = item.get("ISSN") or item.get("ISBN")  # SN holds either
        if "page" in item:
            first, _, last = item["page"].partition("-")
            ref["start_page"] = first
            if last:
                ref["end_page"] = last
        if "URL" in item:
            ref["urls"] = [item["URL"]]
        if "keyword" in item:
            ref["keywords"] = [k.strip() for k in item["keyword"].split(",")]
        if "note" in item:
            ref["notes"] = [item["note"]]  # N1: e.g. an identifier as stored that is not a valid one
        refs.append({name: _ris_value(name, value) for name, value in ref.items()})
    return rispy.dumps(refs, implementation=_plain_ris_writer())


WRITERS = {
    "bibtex": to_bibtex, "biblatex": to_biblatex, "csl-json": to_csl_json, "csl-yaml": to_csl_yaml, "ris": to_ris,
}
EXTENSIONS = {"bibtex": "bib", "biblatex": "bib", "csl-json": "json", "csl-yaml": "yaml", "ris": "ris"}


def export(entries: list[StoredEntry], fmt: str) -> str:
    return WRITERS[fmt](entries)
