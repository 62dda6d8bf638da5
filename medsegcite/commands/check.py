"""`check`: is the list sound?  For a maintainer's CI on pull requests to list.md.

Each finding names the line it is about and has a severity:

- error (the check fails): the list cannot be read; an item under a category that
  is not a paper entry; a link that is not a web address; the same paper twice in
  one category (same title, or links to the same record); the store unreadable.
- warning: the same paper under two titles (titles nearly alike, or one cut short
  of the other) or with links to two different records; a publisher link that
  identifies no record; the store out of step with the list (run `sync`); a paper
  waiting for a person's decision (review).
- info: a paper deliberately listed under two categories; a search link (it
  identifies nothing: resolution relies on the title); an empty placeholder; a
  paper Crossref did not resolve.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from urllib.parse import parse_qs, urlsplit

from medsegcite.errors import MedsegciteError

SEVERITIES = ("error", "warning", "info")
# Titles this alike are one paper written twice (the list's closest distinct pair scores 83).
NEAR_DUPLICATE = 92.0
MIN_PREFIX_WORDS = 5  # a title that is the start of another, this long or longer, was cut short


@dataclass
class Finding:
    severity: str
    file: str
    line: int
    code: str
    message: str

    def text(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity}: {self.message} [{self.code}]"

    def github(self) -> str:
        """A GitHub Actions workflow command: an annotation on that line of the pull request."""
        level = {"error": "error", "warning": "warning", "info": "notice"}[self.severity]
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        line = f",line={self.line}" if self.line else ""
        return f"::{level} file={self.file}{line},title={self.code}::{message}"


def _path(path: tuple[str, ...]) -> str:
    return "/".join(path)


def is_search_link(link: str) -> bool:
    """A link to a search (Google Scholar, a site's search page): it names no record."""
    parts = urlsplit(link)
    query = parse_qs(parts.query)
    return "scholar.google." in parts.netloc.lower() or "search" in parts.path.lower() or bool({"q", "query", "term"} & set(query))


def _decisions(data) -> list[Finding]:
    """decisions.toml is read like resolve reads it: a typo is an error here too."""
    from medsegcite.crossref.decisions import DecisionsError, load

    try:
        load(data.decisions_path)
    except DecisionsError as error:
        message = str(error).removeprefix(f"{data.decisions_path}: ")
        return [Finding("error", data.decisions_path, 0, "decisions-invalid", message)]
    return []


def check(data) -> list[Finding]:
    """Every finding for a data folder (list.md and references.bib), in file and line order."""
    from medsegcite.listing.catalog import ListFormatError

    findings: list[Finding] = []
    list_file = data.shown(data.list_path)  # as messages print paths: relative, or <shipped data>/list.md
    try:
        catalog = data.catalog()
    except ListFormatError as error:
        return [Finding("error", list_file, 0, "list-unreadable", str(error))]
    if not catalog.sections:
        findings.append(Finding("error", list_file, 0, "no-categories", "no category holds a paper entry (`# Section`, `### Category`, `- [Title] [[label]](link)`)"))
    findings += _items(catalog, list_file)
    findings += _duplicates(catalog, list_file)
    findings += _links(catalog, list_file)
    findings += _store(data, catalog, list_file)
    findings += _decisions(data)
    order = {name: i for i, name in enumerate(SEVERITIES)}
    findings.sort(key=lambda f: (f.file != list_file, f.file, f.line, order[f.severity], f.code))
    return findings


def _items(catalog, list_file: str) -> list[Finding]:
    found = [
        Finding("error" if u.item else "warning", list_file, u.line, "not-an-entry", f"not read as a paper ({u.reason}): {u.text[:80]}")
        for u in catalog.unread
    ]
    found += [
        Finding("info", list_file, line, "placeholder", f"empty placeholder under {_path(path)}")
        for line, path in catalog.placeholders
    ]
    return found


def _duplicates(catalog, list_file: str) -> list[Finding]:
    from rapidfuzz import fuzz

    found: list[Finding] = []
    for paper in catalog.papers:
        first_in: dict[tuple[str, ...], int] = {}
        for item in paper.items:
            if item.path in first_in:
                found.append(Finding("error", list_file, item.line, "duplicate",
                                     f"listed twice under {_path(item.path)} (also line {first_in[item.path]})"))
            else:
                first_in[item.path] = item.line
        if len(first_in) > 1:
            lines = ", ".join(f"line {line} under {_path(path)}" for path, line in first_in.items())
            found.append(Finding("info", list_file, paper.first.line, "several-categories",
                                 f"one paper under {len(first_in)} categories ({lines})"))
        records = {str(e.identifier): e for e in paper.items if e.identifier is not None}
        if len(records) > 1:
            first, *others = records.values()
            for other in others:
                found.append(Finding("warning", list_file, other.line, "two-records",
                                     f"same title as line {first.line}, but its link names another record ({other.identifier}, not {first.identifier})"))

    # Different titles, one paper: the same record behind both links, or titles nearly alike.
    by_record: dict[str, object] = {}
    for paper in catalog.papers:
        for item in paper.items:
            if item.identifier is None:
                continue
            other = by_record.setdefault(str(item.identifier), item)
            if other is not item and other.identity != item.identity:
                same_category = other.path == item.path
                found.append(Finding("error" if same_category else "warning", list_file, item.line,
                                     "duplicate" if same_category else "same-record",
                                     f"links to the same record ({item.identifier}) as line {other.line}, under another title"
                                     + (f", in the same category {_path(item.path)}" if same_category else "")))
    papers = catalog.papers
    for i, paper in enumerate(papers):
        for other in papers[i + 1:]:
            a, b = paper.identity, other.identity
            similarity = fuzz.ratio(a, b)
            shorter, longer = sorted((a, b), key=len)
            cut_short = len(shorter.split()) >= MIN_PREFIX_WORDS and longer.startswith(shorter)
            if similarity >= NEAR_DUPLICATE or cut_short:
                why = "is the start of" if cut_short else f"is {similarity:.0f}% like"
                found.append(Finding("warning", list_file, other.first.line, "near-duplicate",
                                     f"title {why} the one at line {paper.first.line}: the same paper twice?"))
    return found


def _links(catalog, list_file: str) -> list[Finding]:
    found: list[Finding] = []
    for item in catalog.items:
        parts = urlsplit(item.link)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            found.append(Finding("error", list_file, item.line, "bad-link", f"link is not a web address: {item.link[:80]!r}"))
        elif item.identifier is None:
            if is_search_link(item.link):
                found.append(Finding("info", list_file, item.line, "search-link",
                                     f"a search link ({parts.netloc}) identifies no record; resolution relies on the title"))
            else:
                found.append(Finding("warning", list_file, item.line, "link-identifies-nothing",
                                     f"the link ({parts.netloc}) carries no DOI, arXiv id, PII, PMC id or IEEE document number"))
    return found


def _store(data, catalog, list_file: str) -> list[Finding]:
    from medsegcite.bib import store
    from medsegcite.bib.sync import category_keywords, entry_identity

    store_file, shown_store = data.store_path, data.shown(data.store_path)
    if not os.path.lexists(store_file):  # a dangling link is there, and unreadable: an error below
        return [Finding("warning", shown_store, 0, "no-store", "no store yet: run `medsegcite sync`, then `resolve`")]
    try:
        entries = store.load(store_file)
    except MedsegciteError as error:
        return [Finding("error", shown_store, 0, "store-unreadable", str(error))]
    found: list[Finding] = []
    by_identity = {entry_identity(e): e for e in entries}
    listed = set()
    by_doi: dict[str, object] = {}
    for paper in catalog.papers:
        listed.add(paper.identity)
        line = paper.first.line
        entry = by_identity.get(paper.identity)
        if entry is None:
            found.append(Finding("warning", list_file, line, "not-in-store", "not in the store: run `medsegcite sync` and `resolve`"))
            continue
        if category_keywords(paper) != entry.fields.get("keywords") and not entry.edited_by_hand("keywords"):
            found.append(Finding("warning", list_file, line, "categories-out-of-step",
                                 f"{entry.key}: its categories in the store differ from the list's: run `medsegcite sync`"))
        if entry.state == "review":
            found.append(Finding("warning", list_file, line, "review", f"{entry.key} waits for a decision (`medsegcite review`)"))
        elif entry.state == "unresolved":
            found.append(Finding("info", list_file, line, "unresolved", f"{entry.key} is not resolved to a full record"))
        doi = entry.fields.get("doi", "").lower()
        if doi:
            other = by_doi.setdefault(doi, (paper, entry))
            if other[1] is not entry:
                found.append(Finding("warning", list_file, line, "same-record",
                                     f"{entry.key} resolved to the DOI {doi} of {other[1].key} (line {other[0].first.line}): the same paper twice?"))
    for identity, entry in by_identity.items():
        if identity not in listed:
            found.append(Finding("warning", shown_store, entry.line or 0, "not-in-list",
                                 f"{entry.key} is no longer in the list: run `medsegcite sync` to remove it"))
    return found


def summary(findings: list[Finding]) -> str:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    def count(n: int, word: str) -> str:
        return f"{n} {word}" + ("" if n == 1 else "s")

    return f"{count(counts['error'], 'error')}, {count(counts['warning'], 'warning')}, {count(counts['info'], 'note')}"


def as_json(findings: list[Finding]) -> str:
    return json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2) + "\n"
