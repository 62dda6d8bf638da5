"""Is this Crossref record the list's paper?  A score in [0, 1] and a verdict.

A wrong DOI in a paper's references is worse than none, so the thresholds lean
towards asking a person:

- ACCEPT at 0.90 and above, and at least 0.05 ahead of the next candidate.
  Titles that differ only by case, punctuation, an en dash or an added word
  ("is primarily a data diversity problem") score 0.93-1.0 by normalised
  similarity; truncated list titles ("... segmenting neuroanatom") are scored
  as a prefix of the candidate title.
- REVIEW from 0.85: nearly the same title with a few words changed.
- REJECT below 0.85: on this list, distinct papers on one subject score up to
  0.80 ("Brain tumor segmentation with deep convolutional symmetric neural
  network" against "Brain tumor segmentation with deep neural networks"), and a
  renamed journal version of a preprint scores lower still: such a paper is left
  unresolved with its best candidate named, for a person to pin.

A title that matches exactly (after normalisation) outranks one that merely
starts with it: a survey and its "... a decade later" sequel both score above
0.90 against the survey's title, and the exact one is accepted without the
0.05 lead, instead of sending both to review.

Records that are not the paper itself (a `posted-content` preprint, a
`peer-review`, `component` or `journal-issue` record) lose 0.25, enough to drop
an exact title from accept to review.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from medsegcite.text import normalise_title
from medsegcite.bib.records import title_of, year_of

ACCEPT = 0.90
REVIEW = 0.85
MARGIN = 0.05
NOT_THE_PAPER = frozenset({"posted-content", "peer-review", "component", "journal-issue", "journal", "dataset"})
TYPE_PENALTY = 0.25


@dataclass
class Candidate:
    doi: str
    title: str
    score: float
    kind: str
    year: int | None = None
    exact: bool = False  # the normalised titles are identical


def title_similarity(listed: str, found: str) -> float:
    """Normalised similarity; a truncated list title is compared with the same-length prefix."""
    a, b = normalise_title(listed), normalise_title(found)
    if not a or not b:
        return 0.0
    whole = fuzz.ratio(a, b) / 100
    if len(a) < len(b):
        # "…for segmenting neuroanatom" against "…for segmenting neuroanatomy"
        prefix = fuzz.ratio(a, b[: len(a)]) / 100
        if prefix >= 0.97 and len(a) >= 0.6 * len(b):
            whole = max(whole, prefix - 0.02)
    return whole


def score(listed_title: str, work: dict, year: int | None = None) -> Candidate:
    found = title_of(work)
    value = title_similarity(listed_title, found)
    kind = work.get("type", "")
    if kind in NOT_THE_PAPER:
        value -= TYPE_PENALTY
    work_year = year_of(work)
    if year and work_year and abs(year - work_year) > 1:
        value -= 0.10
    exact = bool(found) and normalise_title(listed_title) == normalise_title(found)
    return Candidate(str(work.get("DOI", "")).lower(), found, round(max(value, 0.0), 3), kind, work_year, exact)


def verdict(candidates: list[Candidate]) -> str:
    """`accept`, `review` or `reject` for the best of `candidates` (sorted best first)."""
    if not candidates:
        return "reject"
    best = candidates[0]
    second = candidates[1] if len(candidates) > 1 and candidates[1].doi != best.doi else None
    runner_up = second.score if second else 0.0
    if best.score >= ACCEPT and best.score - runner_up >= MARGIN:
        return "accept"
    if best.score >= ACCEPT and best.exact and not (second and second.exact):
        return "accept"  # the exact title over one that only starts with it
    if best.score >= REVIEW:
        return "review"
    return "reject"


def rank(listed_title: str, works: list[dict], year: int | None = None) -> list[Candidate]:
    scored = [score(listed_title, w, year) for w in works if w.get("DOI")]
    return sorted(scored, key=lambda c: (c.score, c.exact), reverse=True)
