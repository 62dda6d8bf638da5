"""Identifiers: the one validator of each kind, and what a list link identifies.

Every identifier goes through the validators here whatever its origin (the
network, list.md, decisions.toml, references.bib, the command line): `doi`,
`arxiv`, `pmid`, `pmcid`, `isbn`, `issn` and `url` each return the canonical
value or None.  A valid identifier is made only of characters that are inert
in BibTeX, LaTeX, RIS, Markdown and a terminal, so writers may copy it as it
is; anything else is refused, never escaped into shape.

`identify` tells what a list link names: a DOI, an arXiv id, a ScienceDirect
PII, a PMC id, an IEEE Xplore document number, or nothing (a search link).
DOIs are checked against `idutils`' DOI grammar and our narrower safe-character
one, both compiled here (importing `idutils` compiles every scheme it knows:
half a second for every command); ISBN check digits are `idutils`', imported
only when an ISBN is checked.  The rest are publisher URL shapes that no
library knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit, urlunsplit


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
_PMID_PATH = re.compile(r"^/(?:pubmed/)?(\d{1,9})/?$")
_IEEE = re.compile(r"/document/(\d+)")
_ARXIV = re.compile(r"/(?:abs|pdf)/([a-z\-]+(?:\.[A-Z]{2})?/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE)


# -- the validators -------------------------------------------------------------
# Crossref's recommended suffix characters (matching 99% of its DOIs) plus the
# `<>[]+` of older SICI DOIs. Braces, backslashes, quotes, `%`, `#`, `^`, spaces
# and control characters are syntax in BibTeX, LaTeX, RIS, Markdown or a
# terminal, and appear in no DOI we could use.  `<>` are refused too where a DOI
# is written into Markdown or HTML: see `markdown_safe_doi`.
_DOI_SAFE = re.compile(r"10\.\d{4,9}(?:\.\d+)*/[-._;()/:<>\[\]+A-Za-z0-9]{1,300}")
# idutils.utils.doi_regexp (idutils 1.x) as it is: `idutils.is_doi` and `normalize_doi`
# are this pattern's match and its group 2 (tests/listing/test_identifiers.py keeps them equal).
_DOI_GRAMMAR = re.compile(r"(doi:\s*|(?:https?://)?(?:dx\.)?doi\.org/)?(10\.\d+(\.\d+)*/.+)$", flags=re.I)
_ARXIV_NEW = re.compile(r"\d{4}\.\d{4,5}(?:v\d{1,3})?")
_ARXIV_OLD = re.compile(r"[a-z][a-z\-]{1,20}(?:\.[A-Z]{2})?/\d{7}(?:v\d{1,3})?")
_PMID = re.compile(r"[1-9]\d{0,8}")
_PMCID = re.compile(r"PMC\d{1,9}", re.IGNORECASE)
_ISSN = re.compile(r"\d{4}-?\d{3}[\dXx]")
_ISBN_CHARS = re.compile(r"[0-9Xx\- ]{10,17}")
# What may stand in a URL as it is (RFC 3986 unreserved, reserved and `%`);
# everything else is percent-encoded.
_URL_SAFE = "-._~:/?#[]@!$&'()*+,;=%"
MAX_URL = 2000


def doi(value) -> str | None:
    """A DOI in canonical lower-case form (a `doi:` or resolver prefix dropped), or None."""
    if not isinstance(value, str) or len(value) > 400:
        return None
    text = re.sub(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", "", value.strip(), flags=re.IGNORECASE)
    if not _DOI_SAFE.fullmatch(text):
        return None
    match = _DOI_GRAMMAR.match(text)
    if not match or match.end() != len(text):
        return None
    return match.group(2).lower()


def valid_doi(value) -> bool:
    """True for a DOI by the DOI grammar (`idutils`') made only of safe characters, as it is."""
    return isinstance(value, str) and doi(value) is not None and value == value.strip() and _DOI_SAFE.fullmatch(value) is not None


def arxiv(value) -> str | None:
    """An arXiv id (`1703.04347`, `math.GT/0309136`; an `arXiv:` prefix dropped, a version kept), or None."""
    if not isinstance(value, str) or len(value) > 60:
        return None
    text = re.sub(r"^arxiv:\s*", "", value.strip(), flags=re.IGNORECASE)
    return text if _ARXIV_NEW.fullmatch(text) or _ARXIV_OLD.fullmatch(text) else None


def pmid(value) -> str | None:
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    return text if _PMID.fullmatch(text) else None


def pmcid(value) -> str | None:
    text = value.strip() if isinstance(value, str) else ""
    return text.upper() if _PMCID.fullmatch(text) else None


def issn(value) -> str | None:
    text = value.strip() if isinstance(value, str) else ""
    return text.upper() if _ISSN.fullmatch(text) else None


def isbn(value) -> str | None:
    """An ISBN-10 or -13 with a right check digit, hyphens kept as given."""
    import idutils

    text = value.strip() if isinstance(value, str) else ""
    if not _ISBN_CHARS.fullmatch(text) or not idutils.is_isbn(text.replace(" ", "")):
        return None
    return text


def url(value) -> str | None:
    """An http(s) URL fit to write anywhere, or None.

    The host must be a real host name (IDNA), user name and password are
    dropped (a URL is shown and stored, a password never), and every character
    outside RFC 3986's sets (spaces, braces, backslashes, quotes, `<>`, `^`,
    `|`, control characters, non-ASCII) is percent-encoded, so no writer ever
    meets TeX, Markdown, HTML or terminal syntax in it.
    """
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_URL:
        return None
    try:
        parts = urlsplit(value.strip())
        host, port = parts.hostname, parts.port
    except ValueError:  # a bad port or an unbalanced IPv6 bracket
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    if ":" in host:  # an IPv6 address
        import ipaddress

        try:
            host = f"[{ipaddress.IPv6Address(host)}]"
        except ValueError:
            return None
    else:
        try:
            host = host.encode("idna").decode("ascii").lower()
        except (UnicodeError, ValueError):
            return None
        if not re.fullmatch(r"[a-z0-9_]([a-z0-9_\-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_\-]*[a-z0-9_])?)*\.?", host):
            return None
    netloc = host + (f":{port}" if port is not None else "")

    def encoded(text: str) -> str:
        text = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", text)  # a lone % is a literal percent sign
        return quote(text, safe=_URL_SAFE)

    return urlunsplit((parts.scheme.lower(), netloc, encoded(parts.path), encoded(parts.query), encoded(parts.fragment)))


# DOI prefix -> the publisher's short name, for labelling a link when the list
# itself gives no label for that prefix.  The names are the registrants' own
# (Crossref's member records, https://api.crossref.org/prefixes/{prefix}),
# shortened as lists write them; add a prefix here when a list needs it.
DOI_PUBLISHERS = {
    "10.1001": "JAMA", "10.1002": "Wiley", "10.1007": "Springer", "10.1016": "Elsevier", "10.1017": "Cambridge",
    "10.1038": "Nature", "10.1049": "IET", "10.1055": "Thieme", "10.1056": "NEJM", "10.1073": "PNAS",
    "10.1080": "Taylor & Francis", "10.1088": "IOP", "10.1093": "Oxford", "10.1097": "Wolters Kluwer",
    "10.1101": "bioRxiv", "10.1109": "IEEE", "10.1111": "Wiley", "10.1117": "SPIE", "10.1118": "AAPM",
    "10.1126": "Science", "10.1136": "BMJ", "10.1142": "World Scientific", "10.1145": "ACM", "10.1148": "RSNA",
    "10.1155": "Hindawi", "10.1177": "SAGE", "10.1186": "BMC", "10.1364": "Optica", "10.1371": "PLOS",
    "10.2214": "AJR", "10.3174": "AJNR", "10.3389": "Frontiers", "10.3390": "MDPI", "10.7717": "PeerJ",
    "10.48550": "arXiv", "10.5281": "Zenodo", "10.21105": "JOSS", "10.2967": "SNMMI",
    "10.1259": "BIR", "10.1162": "MIT Press", "10.18653": "ACL", "10.1609": "AAAI",
    "10.24963": "IJCAI", "10.5244": "BMVA",
}


def publisher_of(value: str) -> str | None:
    """The short name of a DOI's registrant from `DOI_PUBLISHERS`, or None when it is not known."""
    canonical = doi(value) if isinstance(value, str) else None
    if canonical is None:
        return None
    prefix = canonical.split("/", 1)[0]
    return DOI_PUBLISHERS.get(prefix)


def redact(text: str) -> str:
    """`text` with the user name and password of every URL in it replaced by `***`."""
    return re.sub(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/?#\s@]*@", r"\1***@", text)


def normalise_doi(text: str) -> str | None:
    """A DOI in canonical lower-case form, or None when `text` is not a DOI."""
    return doi(_SPIE_SUFFIX.sub("", text.strip())) if isinstance(text, str) else None


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
        value = arxiv(match.group(1)) if match else None
        return Identifier("arxiv", value) if value else None
    if "sciencedirect.com" in host:
        match = _PII.search(path)
        return Identifier("pii", match.group(1).upper()) if match else None
    if "ncbi.nlm.nih.gov" in host or "europepmc.org" in host:
        match = _PMC.search(path)
        value = pmcid(match.group(1)) if match else None
        if value:
            return Identifier("pmcid", value)
        match = _PMID_PATH.match(path)  # pubmed.ncbi.nlm.nih.gov/12345678/, www.ncbi.nlm.nih.gov/pubmed/12345678
        value = pmid(match.group(1)) if match and "pubmed" in host + path else None
        return Identifier("pmid", value) if value else None
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
