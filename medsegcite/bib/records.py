"""A citation record as a CSL-JSON item <-> BibTeX entry type and fields.

CSL-JSON is the one in-memory shape of a record (what resolution produces and
what CSL processors read).  The store holds BibTeX: `to_bibtex` encodes every
value through `latex.encode`, `from_bibtex` decodes it back.
"""

from __future__ import annotations

import re

from medsegcite.bib import latex

# CSL type -> BibTeX entry type.
BIBTEX_TYPES = {
    "article-journal": "article",
    "paper-conference": "inproceedings",
    "chapter": "incollection",
    "book": "book",
    "report": "techreport",
    "thesis": "phdthesis",
    "article": "misc",  # preprints
    "document": "misc",
}
CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "incollection": "chapter",
    "inbook": "chapter",
    "book": "book",
    "techreport": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "misc": "article",
    "online": "webpage",
    "unpublished": "manuscript",
}
CONTAINER_FIELD = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle"}
# Types whose container is an edited book: its editors and series belong to the citation
# (a journal article's `editor` in Crossref is the handling editor, which no style cites).
EDITED_CONTAINERS = ("paper-conference", "chapter", "book")


def _name_to_bibtex(name: dict) -> str:
    if name.get("literal") == "others":
        return "others"  # BibTeX's "and others": more authors than are known
    if name.get("literal"):
        return "{" + latex.encode(name["literal"]) + "}"
    family = latex.encode(name.get("family", ""))
    particles = " ".join(name[k] for k in ("dropping-particle", "non-dropping-particle") if name.get(k))
    if " and " in family.lower() or "," in family:
        family = "{" + family + "}"
    if particles:
        family = latex.encode(particles) + " " + family
    given = latex.encode(name.get("given", ""))
    suffix = latex.encode(name.get("suffix", ""))
    # A comma or "and" inside a part would split the name (or the list) where BibTeX reads names.
    given, suffix = ("{" + part + "}" if re.search(r",|\band\b", part, re.I) else part for part in (given, suffix))
    if suffix:
        return f"{family}, {suffix}, {given}"
    return f"{family}, {given}" if given else family


def _names_to_bibtex(names: list[dict]) -> str:
    return " and ".join(_name_to_bibtex(n) for n in names)


def _pages_to_bibtex(page: str) -> str:
    # "4558-4567" -> "4558--4567"; "e14688" and "473s" stay as they are.
    return re.sub(r"\s*[-\u2010-\u2015]+\s*", "--", page.strip())


def to_bibtex(item: dict) -> tuple[str, dict[str, str]]:
    """CSL item -> (BibTeX entry type, LaTeX-encoded fields).

    The mapping table (Crossref -> CSL -> BibTeX/biblatex/RIS) is in README.md.
    """
    kind = item.get("type", "")
    entry_type = BIBTEX_TYPES.get(kind, "misc")
    fields: dict[str, str] = {}
    if item.get("title"):
        fields["title"] = latex.protect_title(item["title"])
    if item.get("author"):
        fields["author"] = _names_to_bibtex(item["author"])
    if item.get("editor") and kind in EDITED_CONTAINERS:
        fields["editor"] = _names_to_bibtex(item["editor"])
    container = item.get("container-title")
    if container:
        fields[CONTAINER_FIELD.get(entry_type, "howpublished")] = latex.encode(container)
    if item.get("container-title-short") and entry_type == "article":
        fields["shortjournal"] = latex.encode(item["container-title-short"])
    if item.get("collection-title"):
        fields["series"] = latex.encode(item["collection-title"])
    year = year_of(item)
    if year:
        fields["year"] = str(year)
    # A series number is BibTeX's `volume` of the series ("volume 11766 of Lecture Notes ...").
    volume = item.get("collection-number") if item.get("collection-title") else None
    for csl, bib, value in (
        ("volume", "volume", volume or item.get("volume")),
        ("issue", "number", item.get("issue")),
        ("publisher", "publisher", item.get("publisher")),
    ):
        if value:
            fields[bib] = latex.encode(str(value))
    if item.get("page"):
        fields["pages"] = latex.encode(_pages_to_bibtex(str(item["page"])))
    # Identifiers are copied only as their validator gives them back
    # (listing/identifiers.py); one that is not valid is kept as inert text.
    from medsegcite.listing import identifiers

    if item.get("DOI"):
        fields["doi"] = identifiers.doi(str(item["DOI"])) or latex.encode(str(item["DOI"]))
    for csl, bib in (("ISSN", "issn"), ("ISBN", "isbn")):
        if item.get(csl):
            fields[bib] = latex.encode(str(item[csl]))
    arxiv = item.get("arxiv")
    if arxiv:
        fields["eprint"] = identifiers.arxiv(str(arxiv)) or latex.encode(str(arxiv))
        fields["archiveprefix"] = "arXiv"
    if item.get("URL") and not item.get("DOI"):
        fields["url"] = safe_url(str(item["URL"]))
    # The last guard, as for every value the store writes: nothing closes its field.
    return entry_type, {name: latex.safe_value(value, name) for name, value in fields.items()}


def safe_url(url: str) -> str:
    """A URL fit for `\\url` and a BibTeX field (the identifiers.url validator), else inert text."""
    from medsegcite.listing import identifiers

    return identifiers.url(url) or latex.encode(url)


DATE_KEYS = ("issued", "published", "published-print", "published-online")


def date_parts(record: dict) -> list[int] | None:
    """The first known date of a Crossref work or CSL item, as [year, month?, day?]."""
    for key in DATE_KEYS:
        parts = (record.get(key) or {}).get("date-parts") or [[None]]
        if parts and parts[0] and parts[0][0]:
            try:
                return [int(p) for p in parts[0] if p]
            except (TypeError, ValueError):
                continue
    return None


def year_of(record: dict) -> int | None:
    parts = date_parts(record)
    return parts[0] if parts else None


def split_names(value: str) -> list[dict]:
    """A BibTeX name list -> CSL names, via bibtexparser's name splitter."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

    names = []
    for raw in split_multiple_persons_names(value):
        if raw.strip() == "others":
            # "and others": more authors than are named.  A literal "others" name is
            # how pandoc reads it, citeproc-js and Zotero show it, and
            # `_name_to_bibtex` writes it back as "and others".
            names.append({"literal": "others"})
            continue
        if raw.startswith("{") and raw.endswith("}") and raw.count("{") == 1:
            names.append({"literal": latex.decode(raw[1:-1])})
            continue
        parts = parse_single_name_into_parts(raw, strict=False)
        name = {"family": latex.decode(" ".join(parts.last))}
        if parts.first:
            name["given"] = latex.decode(" ".join(parts.first))
        if parts.von:
            name["non-dropping-particle"] = latex.decode(" ".join(parts.von))
        if parts.jr:
            name["suffix"] = latex.decode(" ".join(parts.jr))
        names.append(name)
    return names


def from_bibtex(key: str, entry_type: str, fields: dict[str, str]) -> dict:
    """(key, BibTeX type, LaTeX fields) -> CSL item with Unicode values (titles as CSL rich text)."""
    # A @misc without an arXiv id, or a type CSL_TYPES does not know, is of no type a
    # source showed: CSL "document" (Zotero's Document), not "article", which Zotero
    # imports and Nature prints as a preprint.
    from medsegcite.listing import identifiers

    kind = entry_type.lower()
    preprint = kind == "misc" and identifiers.arxiv(fields.get("eprint", "")) is not None
    csl_type = "document" if kind == "misc" and not preprint else CSL_TYPES.get(kind, "document")
    item: dict = {"id": key, "type": csl_type}
    if "title" in fields:
        item["title"] = latex.decode(fields["title"], rich=True)
    for bib in ("author", "editor"):
        if bib in fields:
            item[bib] = split_names(fields[bib])
    for bib in ("journal", "booktitle", "howpublished"):
        if bib in fields:
            item["container-title"] = latex.decode(fields[bib])
            break
    if "shortjournal" in fields:
        item["container-title-short"] = latex.decode(fields["shortjournal"])
    if re.fullmatch(r"[0-9]{1,4}", fields.get("year", "")):  # ASCII digits only: not '²', not 5,000 of them
        item["issued"] = {"date-parts": [[int(fields["year"])]]}
    for bib, csl in (("volume", "volume"), ("number", "issue"), ("publisher", "publisher"), ("issn", "ISSN"), ("isbn", "ISBN")):
        if bib in fields:
            item[csl] = latex.decode(fields[bib])
    if "series" in fields:
        item["collection-title"] = latex.decode(fields["series"])
        if "volume" in item and item["type"] in ("paper-conference", "chapter", "book"):
            item["collection-number"] = item.pop("volume")  # BibTeX's volume of a series is its number there
    if "pages" in fields:
        item["page"] = re.sub(r"[\u2013-]+", "-", latex.decode(fields["pages"]))
    # A stored identifier is a hand edit like any other: only what its validator
    # takes becomes a DOI or URL (a link target for every CSL processor); anything
    # else is kept, as text, in the note.
    unusable = []
    for bib, csl, check in (("doi", "DOI", identifiers.doi), ("url", "URL", identifiers.url)):
        if bib in fields:
            value = check(fields[bib])
            if value:
                item[csl] = value
            else:
                unusable.append(f"{bib} as stored, not a valid {bib.upper()}: {' '.join(latex.decode(fields[bib]).split())}")
    incomplete = [f"{role} list incomplete: the source names more {role}s than are listed" for role in ("author", "editor")
                  if {"literal": "others"} in item.get(role, [])]
    if unusable or incomplete:
        item["note"] = "; ".join(incomplete + unusable)  # a note: what every format carries (RIS N1, Zotero's Extra)
    if "eprint" in fields and identifiers.arxiv(fields["eprint"]) is None:
        item["note"] = "; ".join(filter(None, [item.get("note"), f"eprint as stored, not an arXiv id: {latex.decode(fields['eprint'])}"]))
    elif "eprint" in fields and item["type"] == "article":
        # How Zotero and citeproc processors expect a preprint: number + publisher.
        item["number"] = fields["eprint"]  # bare: styles print "arXiv: 1703.04347", not "arXiv: arXiv:..."
        item.setdefault("publisher", "arXiv")
    if "keywords" in fields:
        item["keyword"] = latex.decode(fields["keywords"])
    return item


# Crossref work types -> CSL types (Crossref's CSL transform keeps Crossref's
# own vocabulary; CSL processors need theirs).
CROSSREF_TYPES = {
    "journal-article": "article-journal",
    "proceedings-article": "paper-conference",
    "book-chapter": "chapter",
    "book-part": "chapter",
    "book-section": "chapter",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "report": "report",
    "dissertation": "thesis",
    "posted-content": "article",
    "article": "article",  # DataCite's CSL for arXiv
    "article-journal": "article-journal",
    "paper-conference": "paper-conference",
    "chapter": "chapter",
}


def clean_markup(text) -> str:
    """Crossref text with its inline markup (`<i>`, `<scp>`, `&amp;`) and newlines removed."""
    from medsegcite.bib import markup

    return markup.plain(markup.from_source(str(text)))


def _texts(value) -> list[str]:
    """A Crossref string-or-list field -> its non-empty values (numbers become strings)."""
    values = value if isinstance(value, list) else [value]
    return [str(v) for v in values if v not in (None, "") and str(v).strip()]


def _rich_first(value) -> str:
    from medsegcite.bib import markup

    texts = _texts(value)
    return markup.from_source(texts[0]) if texts else ""


def title_of(work: dict) -> str:
    """A work's title (list or string), markup removed, with its subtitle if it has one."""
    from medsegcite.bib import markup

    return markup.plain(rich_title_of(work))


def rich_title_of(work: dict) -> str:
    """A work's title as CSL rich text (markup kept as meaning), with its subtitle."""
    from medsegcite.bib import markup

    title, subtitle = _rich_first(work.get("title")), _rich_first(work.get("subtitle"))
    if title and subtitle and markup.plain(subtitle).lower() not in markup.plain(title).lower():
        return f"{title}: {subtitle}"
    return title


# A chapter is a conference paper when its record says so (Crossref `event`, or
# the `ConferenceInfo` assertions Springer deposits), when its book or short
# title names a meeting ("... Workshops", "... Challenges", "– MICCAI 2015",
# "MSKI 2017"), or when its series publishes proceedings (Lecture Notes in ...).
_MEETING = re.compile(
    r"\b(conferences?|proceedings|workshops?|symposium|symposia|congress|meeting|colloquium|challenges?|summit)\b", re.I
)
_ACRONYM_YEAR = re.compile(r"(?:^|[\s\u2013\u2014-])[A-Z][A-Za-z]*[A-Z][A-Za-z]*\s?'?(?:19|20)\d\d\b")
_PROCEEDINGS_SERIES = re.compile(r"^(Lecture Notes in |Communications in Computer and Information Science|Proceedings of )", re.I)


def _is_conference(work: dict, book: str, series: str, short: str) -> bool:
    if work.get("event"):
        return True
    for assertion in work.get("assertion") or []:
        group = assertion.get("group") if isinstance(assertion, dict) else None
        if isinstance(group, dict) and group.get("name") == "ConferenceInfo":
            return True
    if any(_MEETING.search(t) or _ACRONYM_YEAR.search(t) for t in (book, short) if t):
        return True
    return bool(series and _PROCEEDINGS_SERIES.search(series))


def _person(person) -> dict | None:
    if not isinstance(person, dict):
        return None
    if person.get("family"):
        name = {"family": clean_markup(person["family"])}
        if person.get("given"):
            name["given"] = clean_markup(person["given"])
        if person.get("suffix"):
            name["suffix"] = clean_markup(person["suffix"])
        return name
    if person.get("name") or person.get("literal"):
        return {"literal": clean_markup(person.get("name") or person.get("literal"))}
    return None


def _people(value) -> list[dict]:
    return [n for n in (_person(p) for p in (value if isinstance(value, list) else [])) if n]


def _typed_number(work: dict, key: str) -> str:
    """ISSN/ISBN: the print one if the record types them, else the first."""
    typed = work.get(f"{key.lower()}-type")
    if isinstance(typed, list):
        for wanted in ("print", "electronic"):
            for entry in typed:
                if isinstance(entry, dict) and entry.get("type") == wanted and entry.get("value"):
                    return str(entry["value"])
    values = _texts(work.get(key))
    return values[0] if values else ""


def from_crossref(work: dict, arxiv: str | None = None) -> dict:
    """A Crossref work message (or DataCite/Crossref CSL-JSON) -> a clean CSL item."""
    item: dict = {"type": CROSSREF_TYPES.get(str(work.get("type", "")), "article")}
    title = rich_title_of(work)
    if title:
        item["title"] = title
    authors = _people(work.get("author"))
    if authors:
        item["author"] = authors
    containers = [clean_markup(t) for t in _texts(work.get("container-title"))]
    shorts = [clean_markup(t) for t in _texts(work.get("short-container-title") or work.get("container-title-short"))]
    series = ""
    if item["type"] in ("chapter", "paper-conference") and len(containers) > 1:
        # Crossref lists a chapter's series first, then its book: ["Lecture Notes
        # in Computer Science", "Medical Image Computing ... – MICCAI 2015"].
        series, containers = containers[0], containers[-1:]
    if series or _texts(work.get("collection-title")):
        item["collection-title"] = series or clean_markup(_texts(work.get("collection-title"))[0])
    if containers:
        item["container-title"] = containers[0]
    if item["type"] == "chapter" and _is_conference(work, item.get("container-title", ""), series, shorts[0] if shorts else ""):
        item["type"] = "paper-conference"
    if shorts and item["type"] == "article-journal" and shorts[0] != item.get("container-title"):
        item["container-title-short"] = shorts[0]
    if item["type"] in EDITED_CONTAINERS:
        editors = _people(work.get("editor"))
        if editors:
            item["editor"] = editors
    parts = date_parts(work)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    for key in ("volume", "issue", "page", "publisher"):
        values = _texts(work.get(key))
        if values:
            item[key] = clean_markup(values[0])
    if "page" not in item:
        numbers = _texts(work.get("article-number"))
        if numbers:
            item["page"] = clean_markup(numbers[0])  # an article number stands where pages would
    if item.get("collection-title") and item.get("volume"):
        item["collection-number"] = item.pop("volume")  # a chapter's volume numbers it in its series
    for key in ("ISSN", "ISBN"):
        value = _typed_number(work, key)
        if value:
            item[key] = value
    if work.get("DOI"):
        item["DOI"] = str(work["DOI"]).lower()
    if arxiv:
        item["arxiv"] = arxiv
    if item["type"] == "article" and item.get("publisher") == "arXiv":
        item.pop("publisher")  # said by archiveprefix
    return item


def for_zotero(item: dict) -> dict:
    """A CSL item as Zotero's CSL-JSON import (utilities_item.js itemFromCSLJSON) keeps it.

    Zotero reads a name's `family` and `given` only, so a particle is written into
    `family` ("van Ginneken") and a suffix after the given name ("Donald, Jr."), as
    Zotero holds them and citeproc-js splits them again; the journal abbreviation is also given as
    `journalAbbreviation`, the variable Zotero's schema maps (it has no
    `container-title-short`).
    """
    item = dict(item)
    for role in ("author", "editor"):
        if role in item:
            item[role] = [_family_with_particles(n) for n in item[role]]
    if "container-title-short" in item:
        item["journalAbbreviation"] = item["container-title-short"]
    return item


def _family_with_particles(name: dict) -> dict:
    particles = [name[k] for k in ("dropping-particle", "non-dropping-particle") if name.get(k)]
    suffix = name.get("suffix")
    if not particles and not suffix:
        return name
    name = {k: v for k, v in name.items() if k not in ("dropping-particle", "non-dropping-particle", "suffix")}
    if particles:
        name["family"] = " ".join(particles + [name.get("family", "")]).strip()
    if suffix:
        name["given"] = ", ".join(x for x in (name.get("given"), suffix) if x)
    return name
