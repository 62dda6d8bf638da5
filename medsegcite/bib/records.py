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


def _name_to_bibtex(name: dict) -> str:
    if name.get("literal"):
        return "{" + latex.encode(name["literal"]) + "}"
    family = latex.encode(name.get("family", ""))
    if name.get("non-dropping-particle"):
        family = latex.encode(name["non-dropping-particle"]) + " " + family
    if " and " in family.lower() or "," in family:
        family = "{" + family + "}"
    given = latex.encode(name.get("given", ""))
    return f"{family}, {given}" if given else family


def _pages_to_bibtex(page: str) -> str:
    # "4558-4567" -> "4558--4567"; "e14688" and "473s" stay as they are.
    return re.sub(r"\s*[-\u2010-\u2015]+\s*", "--", page.strip())


def to_bibtex(item: dict) -> tuple[str, dict[str, str]]:
    """CSL item -> (BibTeX entry type, LaTeX-encoded fields)."""
    entry_type = BIBTEX_TYPES.get(item.get("type", ""), "misc")
    fields: dict[str, str] = {}
    if item.get("title"):
        fields["title"] = latex.protect_title(item["title"])
    if item.get("author"):
        fields["author"] = " and ".join(_name_to_bibtex(n) for n in item["author"])
    container = item.get("container-title")
    if container:
        fields[CONTAINER_FIELD.get(entry_type, "howpublished")] = latex.encode(container)
    year = year_of(item)
    if year:
        fields["year"] = str(year)
    for csl, bib in (("volume", "volume"), ("issue", "number"), ("publisher", "publisher")):
        if item.get(csl):
            fields[bib] = latex.encode(str(item[csl]))
    if item.get("page"):
        fields["pages"] = latex.encode(_pages_to_bibtex(str(item["page"])))
    if item.get("DOI"):
        fields["doi"] = item["DOI"].lower()
    arxiv = item.get("arxiv")
    if arxiv:
        fields["eprint"] = arxiv
        fields["archiveprefix"] = "arXiv"
    if item.get("URL") and not item.get("DOI"):
        fields["url"] = safe_url(item["URL"])
    return entry_type, fields


def safe_url(url: str) -> str:
    # A URL is printed verbatim by \url: braces and backslashes would still be
    # TeX syntax there, and whitespace ends it, so percent-encode them.
    for char, code in (("\\", "%5C"), ("{", "%7B"), ("}", "%7D"), (" ", "%20")):
        url = url.replace(char, code)
    return url


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
    """(key, BibTeX type, LaTeX fields) -> CSL item with plain Unicode values."""
    item: dict = {"id": key, "type": CSL_TYPES.get(entry_type.lower(), "article")}
    if "title" in fields:
        item["title"] = latex.decode(fields["title"])
    if "author" in fields:
        item["author"] = split_names(fields["author"])
    for bib in ("journal", "booktitle", "howpublished"):
        if bib in fields:
            item["container-title"] = latex.decode(fields[bib])
            break
    if fields.get("year", "").isdigit():
        item["issued"] = {"date-parts": [[int(fields["year"])]]}
    for bib, csl in (("volume", "volume"), ("number", "issue"), ("publisher", "publisher")):
        if bib in fields:
            item[csl] = latex.decode(fields[bib])
    if "pages" in fields:
        item["page"] = re.sub(r"[\u2013-]+", "-", latex.decode(fields["pages"]))
    if "doi" in fields:
        item["DOI"] = fields["doi"]
    if "url" in fields:
        item["URL"] = fields["url"]
    if "eprint" in fields and item["type"] == "article":
        # How Zotero and citeproc processors expect a preprint: number + publisher.
        item["number"] = f"arXiv:{fields['eprint']}"
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
_TAG = re.compile(r"<[^>]+>")


def clean_markup(text: str) -> str:
    """Crossref titles carry JATS/HTML inline markup (`<i>`, `<scp>`, `&amp;`) and newlines."""
    import html

    return " ".join(html.unescape(_TAG.sub("", text)).split())


def _first(value) -> str:
    if isinstance(value, list):
        value = next((v for v in value if v), "")
    return clean_markup(value or "")


def title_of(work: dict) -> str:
    """A work's title (list or string), markup removed, with its subtitle if it has one."""
    title, subtitle = _first(work.get("title")), _first(work.get("subtitle"))
    return f"{title}: {subtitle}" if title and subtitle and subtitle.lower() not in title.lower() else title


def from_crossref(work: dict, arxiv: str | None = None) -> dict:
    """A Crossref work message (or DataCite CSL-JSON) -> a clean CSL item."""
    item: dict = {"type": CROSSREF_TYPES.get(work.get("type", ""), "article")}
    title = title_of(work)
    if title:
        item["title"] = title
    authors = []
    for person in work.get("author") or []:
        if person.get("family"):
            name = {"family": clean_markup(person["family"])}
            if person.get("given"):
                name["given"] = clean_markup(person["given"])
            authors.append(name)
        elif person.get("name") or person.get("literal"):
            authors.append({"literal": clean_markup(person.get("name") or person.get("literal"))})
    if authors:
        item["author"] = authors
    container = _first(work.get("container-title"))
    if container:
        item["container-title"] = container
    parts = date_parts(work)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    for key in ("volume", "issue", "page", "publisher"):
        if work.get(key):
            item[key] = clean_markup(str(work[key]))
    if work.get("DOI"):
        item["DOI"] = str(work["DOI"]).lower()
    if arxiv:
        item["arxiv"] = arxiv
    if item["type"] == "article" and item.get("publisher") == "arXiv":
        item.pop("publisher")  # said by archiveprefix
    return item
