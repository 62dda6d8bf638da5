"""What a list link identifies: a DOI, an arXiv id, a ScienceDirect PII, a PMC id,
an IEEE Xplore document number, or nothing (a search link).

DOIs are validated and normalised with `idutils`; the rest are publisher URL
shapes that no library knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import idutils


@dataclass(frozen=True)
class Identifier:
    kind: str  # doi | arxiv | pii | pmcid | pmid | ieee
    value: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


# SPIE appends ".short" / ".full" / ".pdf" to the DOI in its page URLs.
_SPIE_SUFFIX = re.compile(r"\.(short|full|pdf|abstract)$", re.IGNORECASE)
_DOI_IN_PATH = re.compile(r"(10\.\d{4,9}/\S+)")
_NATURE_ARTICLE = re.compile(r"^/articles/(s\d{5}-\d{3}-\d{4,5}-[0-9a-z])$", re.IGNORECASE)
_PII = re.compile(r"/pii/(S?[0-9X]{15,17})", re.IGNORECASE)
_PMC = re.compile(r"/(PMC\d+)", re.IGNORECASE)
_PMID = re.compile(r"^/(?:pubmed/)?(\d{1,9})/?$")
_IEEE = re.compile(r"/document/(\d+)")
_ARXIV = re.compile(r"/(?:abs|pdf)/([a-z\-]+(?:\.[A-Z]{2})?/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE)


def normalise_doi(text: str) -> str | None:
    """A DOI in canonical lower-case form, or None when `text` is not a DOI."""
    text = _SPIE_SUFFIX.sub("", text.strip())
    if not idutils.is_doi(text):
        return None
    return idutils.normalize_doi(text).lower()


def identify(link: str) -> Identifier | None:
    """The identifier a list link carries, or None for a search link.

    Only an http(s) link identifies anything: a `javascript:` or `data:` link (or
    any other scheme) is never taken as a paper's page, so it never becomes `url`.
    """
    if not link or len(link) > 2000:
        return None
    parts = urlsplit(link.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    host = parts.netloc.lower()
    path = unquote(parts.path)

    if "arxiv.org" in host:
        match = _ARXIV.search(path)
        return Identifier("arxiv", match.group(1)) if match else None
    if "sciencedirect.com" in host:
        match = _PII.search(path)
        return Identifier("pii", match.group(1).upper()) if match else None
    if "ncbi.nlm.nih.gov" in host or "europepmc.org" in host:
        match = _PMC.search(path)
        if match:
            return Identifier("pmcid", match.group(1).upper())
        match = _PMID.match(path)  # pubmed.ncbi.nlm.nih.gov/12345678/, www.ncbi.nlm.nih.gov/pubmed/12345678
        return Identifier("pmid", match.group(1)) if match and "pubmed" in host + path else None
    if "ieeexplore.ieee.org" in host:
        match = _IEEE.search(path)
        return Identifier("ieee", match.group(1)) if match else None
    if host.endswith("nature.com"):
        match = _NATURE_ARTICLE.match(path)
        if match:
            return Identifier("doi", f"10.1038/{match.group(1).lower()}")
    match = _DOI_IN_PATH.search(path)
    if match:
        doi = normalise_doi(match.group(1))
        if doi:
            return Identifier("doi", doi)
    return None
