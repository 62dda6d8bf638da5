"""Each paper of the list -> a full record: identifiers first, title search second.

Order of evidence for one paper:
1. a human decision in `decisions.toml` (pin a DOI, a record entered by hand, not a paper);
2. the link's identifier: a DOI -> `GET /works/{doi}`; a ScienceDirect PII ->
   `filter=alternative-id:`; an arXiv id -> its DataCite DOI by content negotiation,
   and a title search for a published version (preferred when it clearly is the paper);
3. a Crossref `query.bibliographic` search on the repaired title.
Whatever an identifier gives is still checked against the list's title: a
mismatch goes to review, never into the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from medsegcite.crossref import matching

from medsegcite.bib import records
from medsegcite.listing.catalog import Paper
from medsegcite.text import repair_title
from medsegcite.crossref.client import Client, LookupFailed
from medsegcite.crossref.decisions import Decisions


@dataclass
class Outcome:
    state: str  # resolved | review | unresolved | manual | excluded | failed
    item: dict | None = None
    source: str | None = None  # crossref | datacite | manual
    score: float | None = None
    reason: str = ""
    candidates: list[matching.Candidate] = field(default_factory=list)


def _arxiv_doi(arxiv_id: str) -> str:
    return f"10.48550/arxiv.{arxiv_id.lower()}"


def _from_work(work: dict, candidate: matching.Candidate, source: str, arxiv: str | None = None) -> Outcome:
    return Outcome("resolved", records.from_crossref(work, arxiv), source, candidate.score)


def resolve_paper(client: Client, paper: Paper, decisions: Decisions) -> Outcome:
    listed = repair_title(paper.list_title)
    pin, rejected, not_a_paper, manual = decisions.for_title(paper.list_title)
    if not_a_paper:
        return Outcome("excluded", reason="marked not a paper in decisions.toml")
    if manual is not None:
        record = dict(manual["record"])
        if paper.identifier is not None and not record.get("DOI") and not record.get("URL"):
            record["URL"] = paper.first.link  # the publisher's page the list links
        return Outcome("manual", record, "manual", None, _manual_reason(manual))
    if pin is not None:
        return _pinned(client, listed, pin)

    identifier = paper.identifier
    arxiv = identifier.value if identifier is not None and identifier.kind == "arxiv" else None
    candidates: list[matching.Candidate] = []  # what the link's identifier led to
    works: dict[str, dict] = {}

    if identifier is not None and identifier.kind == "doi":
        work = client.work(identifier.value)
        if work is not None:
            candidate = matching.score(listed, work)
            if candidate.score >= matching.ACCEPT and candidate.doi not in rejected:
                return _from_work(work, candidate, "crossref")
            candidates.append(candidate)
            works[candidate.doi] = work
    elif identifier is not None and identifier.kind == "pii":
        found = client.by_alternative_id(identifier.value)
        ranked = [c for c in matching.rank(listed, found) if c.doi not in rejected]
        if ranked and matching.verdict(ranked) == "accept":
            return _from_work(next(w for w in found if w["DOI"].lower() == ranked[0].doi), ranked[0], "crossref")
        candidates += ranked
        works.update({w["DOI"].lower(): w for w in found})

    found = client.search(listed)
    works.update({str(w.get("DOI", "")).lower(): w for w in found})
    ranked = [c for c in matching.rank(listed, found) if c.doi not in rejected]
    merged = {c.doi: c for c in candidates + ranked}
    ranked = sorted(merged.values(), key=lambda c: (c.score, c.exact), reverse=True)
    verdict = matching.verdict(ranked)
    if verdict == "accept":
        return _from_work(works[ranked[0].doi], ranked[0], "crossref", arxiv)

    if arxiv:  # no published version: the preprint's own record
        csl = client.csl(_arxiv_doi(arxiv))
        if csl is not None:
            candidate = matching.score(listed, csl)
            if candidate.score >= matching.ACCEPT:
                return Outcome("resolved", records.from_crossref(csl, arxiv), "datacite", candidate.score)
            # The link's own record with another title (a preprint renamed in a
            # later version): a person decides, as for a DOI link.
            candidates.append(candidate)
            ranked = sorted(ranked + [candidate], key=lambda c: (c.score, c.exact), reverse=True)
            verdict = matching.verdict(ranked)

    if candidates and verdict != "review":
        # The link names a record whose title is not the list's: a person decides.
        best = max(candidates, key=lambda c: c.score)
        reason = f"the record the link identifies ({best.doi}) has another title: decide in decisions.toml"
        return Outcome("review", None, None, best.score, reason, ranked[:3])
    if verdict == "review":
        best = ranked[0]
        return Outcome("review", None, None, best.score, "a close but uncertain match: decide in decisions.toml", ranked[:3])
    best = f" (best candidate {ranked[0].score:.2f}: {ranked[0].doi})" if ranked else ""
    return Outcome("unresolved", None, None, ranked[0].score if ranked else None, f"no matching record{best}", ranked[:3])


def _manual_reason(manual: dict) -> str:
    """Why the record is what it is: entered by hand, how sure, and from which sources."""
    confidence = f", {manual['confidence']} confidence" if manual.get("confidence") else ""
    why = f" ({manual['why']})" if manual.get("why") else ""
    return f"entered by hand{confidence}{why}; sources: " + " | ".join(manual["sources"])


def _pinned(client: Client, listed: str, pin: dict) -> Outcome:
    doi = str(pin.get("doi", "")).lower()
    if not doi:
        return Outcome("unresolved", reason="pin without a doi in decisions.toml")
    arxiv = doi.split("arxiv.", 1)[1] if doi.startswith("10.48550/arxiv.") else None
    work = None if arxiv else client.work(doi)
    source = "crossref"
    if work is None:
        work, source = client.csl(doi), ("datacite" if arxiv else "crossref")
    if work is None:
        return Outcome("unresolved", reason=f"pinned DOI {doi} not found")
    candidate = matching.score(listed, work)
    return Outcome("resolved", records.from_crossref(work, arxiv), source, candidate.score, "pinned in decisions.toml")


def safe_resolve(client: Client, paper: Paper, decisions: Decisions) -> Outcome:
    """`resolve_paper`, with a failed lookup reported for this paper only."""
    try:
        return resolve_paper(client, paper, decisions)
    except LookupFailed as error:
        return Outcome("failed", reason=str(error))
