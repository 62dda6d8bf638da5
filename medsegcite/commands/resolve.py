"""The `resolve` and `status` commands' work: the catalog, the store and the
resolver wired together, saving progress atomically after every paper."""

from __future__ import annotations

import os
import sys
from concurrent.futures import ThreadPoolExecutor

from medsegcite.crossref import decisions as decisions_module
from medsegcite.bib import latex
from medsegcite.bib import store
from medsegcite.listing.identifiers import valid_doi
from medsegcite.bib.export import select
from medsegcite.paths import DataDir
from medsegcite.bib.sync import check_removals, entry_identity, first_key, provisional_key, record_outcome, sync

DONE = ("resolved", "manual")
WORKERS = 8  # threads; the limiter, not this, bounds requests in flight


def _stderr(text: str) -> None:
    print(text, file=sys.stderr)


def run_resolve(
    data: DataDir, categories, refresh, mailto, crossref_url, doi_url, no_cache, timeout=None, allow_removals=False,
    say=_stderr, shout=_stderr, progress=True,
) -> int:
    """Resolve what needs it; returns how many lookups failed.

    A failed lookup leaves its entry exactly as it was (record, score, candidates,
    reason): the failure is said on stderr (`say`), never written into the store.
    When the service cannot be reached at all, the run says so in one line
    (`shout`, which -q keeps) and, if no lookup succeeded, writes nothing.
    """
    from tqdm import tqdm

    from medsegcite.crossref.client import Client, Settings  # the network libraries: not for `status`
    from medsegcite.crossref.one_paper import safe_resolve

    catalog = data.catalog()
    decisions = decisions_module.load(data.decisions_path)
    stored = store.Store(data.store_path)  # saves merge with what other processes wrote meanwhile
    existing = stored.load() if stored.exists() else []
    entries, report = sync(catalog, existing)
    check_removals(report, len(existing), allow_removals, data.list_path)
    unwritten = set(report.added)  # keys not yet in the file: they may still take a record's key
    wanted = {e.key for e in select(entries, categories)} if categories else {e.key for e in entries}
    by_identity = {p.identity: p for p in catalog.papers}
    todo = [e for e in entries if e.key in wanted and (refresh or e.state not in DONE)]
    paper_of = {id(e): by_identity[entry_identity(e)] for e in todo}  # decoding titles is not free: once

    settings = Settings.from_env(
        mailto=mailto, crossref_url=crossref_url, doi_url=doi_url, timeout=timeout, cache_dir="" if no_cache else None
    )
    client = Client(settings)
    counts: dict[str, int] = {}
    failures: list[tuple[str, str]] = []  # (key, why)
    changed = False
    taken = {e.key.casefold() for e in entries}
    # Papers are resolved in parallel; the client's limiter keeps the requests in
    # flight and their rate to what Crossref announces. Results are written here,
    # in this thread, in list order, so new keys (and their clash suffixes) do not
    # depend on which response came first.
    with ThreadPoolExecutor(max_workers=WORKERS) as pool, tqdm(
        total=len(todo), desc="resolving", unit="paper", file=sys.stderr, disable=None if progress else True
    ) as progress:
        futures = [(e, pool.submit(safe_resolve, client, paper_of[id(e)], decisions)) for e in todo]
        for entry, future in futures:
            outcome = future.result()
            paper = paper_of[id(entry)]
            counts[outcome.state] = counts.get(outcome.state, 0) + 1
            if outcome.state == "failed":  # the entry stays as it was
                failures.append((entry.key, outcome.reason))
                progress.update()
                continue
            before = _snapshot(entry)
            if outcome.state == "excluded":
                entries.remove(entry)
            else:
                # A key is chosen at a paper's first write, and final once it is resolved: a
                # title key written while the paper was unresolved is provisional, and its first
                # resolution gives the record's key (so keys do not depend on network luck).
                provisional = entry.state not in DONE and provisional_key(entry, paper)
                record_outcome(entry, paper, outcome)
                if entry.key in unwritten or (provisional and outcome.state in DONE):
                    old_key = entry.key
                    taken.discard(old_key.casefold())
                    entry.key = first_key(paper, outcome, taken)
                    taken.add(entry.key.casefold())
                    unwritten.discard(old_key)
            if _snapshot(entry) != before or outcome.state == "excluded":
                # Saved after each paper, so a kill loses nothing; the parse of the bytes is kept
                # only at the last save (keeping it costs a quarter of a save).
                stored.save([e for e in entries if e.key not in unwritten], remember=False)
                changed = True
            progress.update()
    offline = client.unreachable
    if offline is None or changed:
        stored.save(entries)
    _report(say, shout, todo, client, counts, failures, offline, changed)
    return counts.get("failed", 0)


def _report(say, shout, todo, client, counts, failures, offline, changed) -> None:
    """What the run did, on stderr: each failed lookup (its entry kept), or the one line of
    a service that could not be reached, then the counts."""
    cut_off = [key for key, why in failures if offline is not None and why == str(offline)]
    for key, why in failures:
        if key not in cut_off:
            say(f"medsegcite: warning: {key}: lookup failed, entry left as it was: {why[:300]}")  # -q drops it
    if offline is not None:
        kept = f"the other {len(cut_off)} papers were left as they were" if changed else "nothing was changed"
        shout(f"medsegcite: error: {offline}; {kept} (is the network up? --crossref-url / --doi-url name the service)")
    summary = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
    say(f"{len(todo)} papers looked up ({client.requests} requests): {summary or 'nothing to do'}")


def _snapshot(entry) -> tuple:
    """What a save would write of an entry: a refresh that changes nothing writes nothing."""
    meta = sorted((k, v) for k, v in entry.meta.items() if v != "")  # empty values are not written
    return entry.key, entry.entry_type, sorted(entry.fields.items()), meta


ORIGINS = ("from Crossref", "from DataCite", "entered by hand", "title only")


def origin(entry) -> str:
    """Where an entry's record comes from: one of ORIGINS."""
    if entry.state == "manual":
        return "entered by hand"
    if entry.state == "resolved":
        return "from DataCite" if entry.meta.get("source") == "datacite" else "from Crossref"
    return "title only"  # unresolved or waiting for review: the list's title and link alone


def summary(rows: list[dict]) -> str:
    """`98 papers: 72 from Crossref/DataCite (66 Crossref, 6 DataCite), 16 entered by hand, 10 title only`."""
    counts = {name: sum(1 for r in rows if r["origin"] == name) for name in ORIGINS}
    fetched = counts["from Crossref"] + counts["from DataCite"]
    states = {}
    for row in rows:
        states[row["state"]] = states.get(row["state"], 0) + 1
    waiting = f" ({states.get('review', 0)} in review)" if states.get("review") else ""
    return (
        f"{len(rows)} papers: {fetched} from Crossref/DataCite ({counts['from Crossref']} Crossref, "
        f"{counts['from DataCite']} DataCite), {counts['entered by hand']} entered by hand, "
        f"{counts['title only']} title only{waiting}"
    )


def status_rows(data: DataDir) -> list[dict]:
    catalog = data.catalog()
    paths = {p.identity: ["/".join(path) for path in p.paths] for p in catalog.papers}
    rows = []
    for entry in data.entries():
        identity = entry_identity(entry)
        candidates = [pair for pair in map(_scored, entry.meta.get("candidates", "").split()) if valid_doi(pair[0])]
        rows.append(
            {
                "key": entry.key,
                "list_title": latex.decode(entry.meta.get("list-title", "")),
                "categories": paths.get(identity, []),
                "state": entry.state,
                "origin": origin(entry),
                "doi": entry.fields.get("doi"),
                "score": _scored("=" + entry.meta.get("score", ""))[1],
                "source": entry.meta.get("source") or None,
                "reason": latex.decode(entry.meta.get("reason", "")) or None,
                "candidates": candidates,
            }
        )
    return rows


def _scored(pair: str) -> tuple[str, float | None]:
    """`doi=0.930` as the tool writes it; what a hand edit damaged reads as no score, not a crash."""
    doi, _, value = pair.rpartition("=")
    try:
        score = float(value)
    except ValueError:
        return ("", None)
    return (doi, score) if score == score else ("", None)  # NaN is no score
