"""`add`: one new paper into the list and the store, resolved like every other.

What the user gives (a DOI, an arXiv id, a URL or a title) is looked up with the
resolver `resolve` uses (crossref/one_paper.py: identifiers first, then a scored
title search, with its review band), after a title has been found for an
identifier.  The list gains exactly one line, written in the style most of the category's
lines share (bullet, indentation, spacing between title and link, trailing spaces;
the file's line endings) at the end of the category's own entries; no other byte of
list.md changes.  The store gains the entry `sync` would make for that line,
with the outcome written as `resolve` writes it.  Both files are written
atomically; if the second write fails, the first is put back.

A paper already in the list (the same normalised title, or the same DOI or
other identifier, in the list's links or the store's records) is refused, with
the line where it stands.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote_plus, urlsplit

from medsegcite.errors import MedsegciteError

_ARXIV_ID = re.compile(r"^(?:arxiv:\s*)?((?:\d{4}\.\d{4,5})|(?:[a-z\-]+(?:\.[A-Z]{2})?/\d{7}))(?:v\d+)?$", re.IGNORECASE)
_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<bullet>[-*+])(?P<gap>[ \t]+)\[.*\](?P<sep>[ \t]*)\[\[.*?\]\]\(.*?\)(?P<trail>[ \t]*)$")
DEFAULT_STYLE = {"indent": "", "bullet": "-", "gap": " ", "sep": " ", "trail": ""}
SCHOLAR = "https://scholar.google.com/scholar?q="


class AddError(MedsegciteError):
    """The paper cannot be added (already listed, not found, no such category)."""


@dataclass
class Wanted:
    """What the user asked for, understood."""

    text: str
    kind: str  # doi | arxiv | url | title
    identifier: object | None = None  # listing.identifiers.Identifier
    link: str | None = None


def understand(text: str) -> Wanted:
    from medsegcite.listing.identifiers import Identifier, identify, normalise_doi

    text = " ".join(text.split())
    if not text:
        raise AddError("nothing to add: give a DOI, an arXiv id, a URL or a title")
    if re.match(r"^https?://", text, re.IGNORECASE):
        return Wanted(text, "url", identify(text), text)
    from medsegcite.listing import identifiers

    arxiv = _ARXIV_ID.match(text)
    arxiv_id = identifiers.arxiv(arxiv.group(1)) if arxiv else None  # the one arXiv validator
    if arxiv_id:
        return Wanted(text, "arxiv", Identifier("arxiv", arxiv_id), f"https://arxiv.org/abs/{arxiv_id}")
    doi = normalise_doi(text)
    if doi:
        return Wanted(text, "doi", Identifier("doi", doi), f"https://doi.org/{doi}")
    return Wanted(text, "title")


def find_category(catalog, name: str):
    nodes = catalog.find(name)
    if len(nodes) == 1:
        return nodes[0]
    if nodes:
        raise AddError(f"category {name!r} is ambiguous: give its path, one of " + ", ".join(repr("/".join(n.path)) for n in nodes))
    from rapidfuzz import fuzz, process, utils

    names = sorted({n.name for n in catalog.nodes()})
    close = process.extract(name, names, scorer=fuzz.ratio, processor=utils.default_process, limit=3, score_cutoff=60)
    hint = f"; did you mean {', '.join(repr(c[0]) for c in close)}?" if close else ""
    raise AddError(f"unknown category {name!r}{hint} (`medsegcite categories` lists them)")


# -- already listed? ---------------------------------------------------------

def _where(list_path: str, entry) -> str:
    return f"{list_path}:{entry.line} under {'/'.join(entry.path)}"


def already_listed(list_path: str, catalog, entries, title: str | None = None, identifiers=()) -> str | None:
    """Where the paper already stands, as `list.md:LINE under PATH: title`, or None."""
    from medsegcite.bib import latex
    from medsegcite.bib.sync import entry_identity
    from medsegcite.text import normalise_title, repair_title

    wanted = {str(i).lower() for i in identifiers if i is not None}
    if title:
        identity = normalise_title(repair_title(title))
        for paper in catalog.papers:
            if paper.identity == identity:
                return f"{_where(list_path, paper.first)}: {paper.list_title}"
    if not wanted:
        return None
    for entry in catalog.entries:
        if entry.identifier is not None and str(entry.identifier).lower() in wanted:
            return f"{_where(list_path, entry)} (its link names {entry.identifier}): {entry.title}"
    by_identity = {p.identity: p for p in catalog.papers}
    for stored in entries:
        doi = stored.fields.get("doi", "").lower()
        paper = by_identity.get(entry_identity(stored))
        if doi and f"doi:{doi}" in wanted and paper is not None:
            return f"{_where(list_path, paper.first)} (resolved to doi:{doi} as {stored.key}): {latex.decode(stored.meta.get('list-title', ''))}"
    return None


# -- the list's own style ------------------------------------------------------

def line_style(lines: list[str], catalog, node, at: int) -> dict[str, str]:
    """Bullet, indentation and spacing most of the category's entry lines share (the nearest win a tie).

    Without entries of its own, the category takes its section's; an empty list, the plain style.
    """
    section = [e.line for e in catalog.entries if e.path[:1] == node.path[:1]]
    numbers = [e.line for e in node.entries] or section or [e.line for e in catalog.entries]
    styles: Counter = Counter()
    nearest: dict[tuple, int] = {}
    for number in numbers:
        match = _LINE.match(lines[number - 1].rstrip("\r\n"))
        if match:
            style = tuple(sorted(match.groupdict().items()))
            styles[style] += 1
            nearest[style] = min(nearest.get(style, abs(number - at)), abs(number - at))
    if not styles:
        return dict(DEFAULT_STYLE)
    return dict(max(styles, key=lambda style: (styles[style], -nearest[style])))


def link_label(catalog, entries, link: str, publisher: str | None = None) -> str:
    """The label for a new link: what the list calls links like it, never a guess.

    A link that names a DOI is labelled by the DOI's registrant: the label the
    list gives links to DOIs of that prefix (its own links and the DOIs the store
    found behind them), else the registrant's short name (identifiers.DOI_PUBLISHERS),
    else the record's publisher, else "doi".  A resolver host (doi.org) says
    nothing about the publisher, so only other links are labelled by their host.
    """
    from medsegcite.bib.sync import entry_identity
    from medsegcite.listing import identifiers, markdown
    from medsegcite.listing.identifiers import identify

    identifier = identify(link)
    if identifier is not None and identifier.kind == "doi":
        prefix = identifier.value.split("/", 1)[0]
        labels: Counter = Counter()
        for entry in catalog.entries:
            if entry.identifier is not None and entry.identifier.kind == "doi" and entry.identifier.value.startswith(prefix + "/"):
                labels[entry.link_label] += 1
        first_entry = {p.identity: p.first for p in catalog.papers}
        for stored in entries:  # the store knows the DOIs behind ScienceDirect and IEEE links too
            entry = first_entry.get(entry_identity(stored))
            if entry is not None and stored.fields.get("doi", "").startswith(prefix + "/") and entry.identifier is not None:
                labels[entry.link_label] += 1
        labels.pop("", None)
        if labels:
            return labels.most_common(1)[0][0]
        publisher = markdown.clean(publisher or "")
        return identifiers.publisher_of(identifier.value) or (publisher if 0 < len(publisher) <= 40 else "doi")
    host = urlsplit(link).netloc.lower().removeprefix("www.")
    by_host = Counter(e.link_label for e in catalog.entries if urlsplit(e.link).netloc.lower().removeprefix("www.") == host and e.link_label)
    if by_host:
        return by_host.most_common(1)[0][0]
    return host.split(".")[-2] if host.count(".") >= 1 else (host or "link")


def entry_line(style: dict[str, str], title: str, label: str, link: str) -> str:
    return f"{style['indent']}{style['bullet']}{style['gap']}[{title}]{style['sep']}[[{label}]]({link}){style['trail']}"


def insert_line(text: str, after: int, line: str) -> str:
    """`text` with `line` inserted after line `after` (numbered as the catalog numbers them)."""
    lines = text.splitlines(keepends=True)
    eol = "\r\n" if "\r\n" in text else "\n"
    if after < len(lines):
        return "".join(lines[:after]) + line + eol + "".join(lines[after:])
    if lines and not lines[-1].endswith(("\n", "\r")):
        return text + eol + line  # the file had no final newline: it still has none
    return text + line + eol


# -- the whole operation ---------------------------------------------------------

@dataclass
class Plan:
    title: str
    link: str
    line: str
    at: int  # the new line's number
    path: tuple[str, ...]
    outcome: object
    list_text: str
    store_entries: list
    new_key: str
    list_before: str = ""  # the list as read: a write refuses to land on another version
    store_view: object = None  # the store as loaded (bib.store.Store): its save merges under the lock


def _title_for(client, wanted: Wanted) -> str | None:
    """A title for an identifier, from its own record."""
    from medsegcite.bib import records

    identifier = wanted.identifier
    if identifier is None:
        return None
    if identifier.kind == "doi":
        work = client.work(identifier.value) or client.csl(identifier.value)
        return records.title_of(work) if work else None
    if identifier.kind == "arxiv":
        record = client.csl(f"10.48550/arxiv.{identifier.value.lower()}")
        return records.title_of(record) if record else None
    if identifier.kind == "pii":
        found = client.by_alternative_id(identifier.value)
        return records.title_of(found[0]) if len(found) == 1 else None
    return None  # a PMC id or an IEEE document number: no Crossref look-up


def plan(data, category: str, given: str, title: str | None, client, label: str | None = None) -> Plan:
    """Everything `add` would write, checked; nothing is written here."""
    from medsegcite.bib import store
    from medsegcite.bib.sync import entry_identity, first_key, record_outcome, sync
    from medsegcite.crossref import decisions as decisions_module
    from medsegcite.crossref.one_paper import safe_resolve
    from medsegcite.listing import markdown
    from medsegcite.listing.catalog import Entry, Paper, parse_list
    from medsegcite.text import repair_title

    # What the user typed is untrusted too: one line, no escapes, no lone surrogates.
    given = markdown.clean(given)
    title = markdown.clean(title) if title else title
    label = markdown.clean(label) if label else label
    catalog = data.catalog()
    node = find_category(catalog, category)
    if not os.path.exists(data.store_path):
        raise AddError(f"no store at {data.store_path}: run `medsegcite sync` first")
    view = store.Store(data.store_path)
    entries = view.load()
    wanted = understand(given)
    if wanted.kind == "url" and wanted.identifier is None and not title:
        raise AddError(f"the link {given} names no DOI, arXiv id or PII: give the paper's title with --title")
    if wanted.kind == "title" and not title:
        title = wanted.text

    found = already_listed(data.list_path, catalog, entries, title, [wanted.identifier])
    if found:
        raise AddError(f"already listed at {found}")
    if not title:
        title = _title_for(client, wanted)
        if not title:
            raise AddError(f"no record found for {given}: give the paper's title with --title")
    title = markdown.clean(repair_title(title))
    if not title:
        raise AddError(f"no title for {given}: give the paper's title with --title")

    link = wanted.link or SCHOLAR + quote_plus(title)
    link = markdown.link_target(link)
    if link is None:
        raise AddError(f"not an http(s) link: {given[:200]}")
    probe = Paper([Entry(title, link, "", 0, node.path)])
    outcome = safe_resolve(client, probe, decisions_module.load(data.decisions_path))
    if outcome.state == "failed":
        raise AddError(f"look-up failed: {outcome.reason}")
    if outcome.state == "excluded":
        raise AddError(f"decisions.toml marks {title!r} as not a paper")
    doi = (outcome.item or {}).get("DOI")
    if doi and wanted.kind == "title":
        link = markdown.link_target(f"https://doi.org/{doi}")  # the record found: a link that names it
    from medsegcite.listing.identifiers import Identifier

    record_title = (outcome.item or {}).get("title")
    for check_title in (title, record_title):
        found = already_listed(data.list_path, catalog, entries, check_title, [Identifier("doi", doi.lower())] if doi else [])
        if found:
            raise AddError(f"already listed at {found}")

    text = _read(data.list_path)
    lines = text.splitlines(keepends=True)
    after = node.entries[-1].line if node.entries else node.line
    label = label or link_label(catalog, entries, link, (outcome.item or {}).get("publisher"))
    # Written through the Markdown encoders: the title and label as text, the link as a link target.
    written = markdown.text(title)
    line = entry_line(line_style(lines, catalog, node, after), written, markdown.text(label), link)
    new_text = insert_line(text, after, line)

    # Read back: the old entries, one more, and it is this paper under this category.
    new_catalog = parse_list(new_text)
    before = [(e.title, e.link, e.path) for e in catalog.entries]
    after_entries = [(e.title, e.link, e.path) for e in new_catalog.entries]
    added = [e for e in new_catalog.entries if e.line == after + 1]
    shown = markdown.clean(title)  # what the reader gives back: the text, its Markdown escapes undone
    if (len(after_entries) != len(before) + 1 or not added or added[0].title != shown or added[0].path != node.path
            or sorted(before + [(shown, link, node.path)]) != sorted(after_entries)):
        raise AddError(f"the title or link cannot be written as a list entry that reads back as itself: {line.strip()}")

    paper = next(p for p in new_catalog.papers if p.identity == added[0].identity)
    synced, _report = sync(new_catalog, store.load(data.store_path))  # a fresh copy: sync edits what it is given
    new_entry = next(e for e in synced if entry_identity(e) == paper.identity)
    keys = [e.key for e in entries]
    known = new_entry.key in keys
    if known:  # the store already had it (out of step with the list): that entry is replaced
        entries[keys.index(new_entry.key)] = new_entry
    else:  # in list order, as sync places it
        previous = [e.key for e in synced[: synced.index(new_entry)] if e.key in keys]
        entries.insert(keys.index(previous[-1]) + 1 if previous else 0, new_entry)
    record_outcome(new_entry, paper, outcome)
    if not known:
        new_entry.key = first_key(paper, outcome, set(keys))
    return Plan(title, link, line, after + 1, node.path, outcome, new_text, entries, new_entry.key, text, view)


def _read(path: str) -> str:
    # Bytes decoded as they are (\r\n kept), so the rest of the file is written back byte for byte;
    # a regular file in its data folder only (files.py).
    from medsegcite import files

    return files.read_text(path, inside=os.path.dirname(os.path.abspath(path)))


# -- one transaction over two files --------------------------------------------------
# `add` writes the list, then the store.  Before either, a journal in the data
# folder says what the add will write; it is removed when both are written.  A
# process killed in between (kill -9, SIGTERM, Ctrl-C, a power cut) leaves the
# journal, and the next command (any command: see cli.py) finishes the add or
# finds it never happened: store and list never disagree about it.
JOURNAL = ".medsegcite-add.json"
MAX_JOURNAL = 64 * 1024 * 1024


def journal_path(data) -> str:
    return os.path.join(data.root, JOURNAL)


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _pause(stage: str) -> None:
    """A test hook: stop at a stage of the write window until killed (MEDSEGCITE_PAUSE_AT=add:STAGE)."""
    if os.environ.get("MEDSEGCITE_PAUSE_AT") == f"add:{stage}":
        import sys
        import time

        sys.stderr.write(f"medsegcite: paused at add:{stage}\n")
        sys.stderr.flush()
        time.sleep(600)


def write(data, plan: Plan) -> None:
    """The list, then the store, as one transaction (the journal above)."""
    import json

    from medsegcite import files
    from medsegcite.bib import store

    if _read(data.list_path) != plan.list_before:  # edited while the person decided
        raise AddError(f"{data.list_path} changed since it was read: nothing written; run `medsegcite add` again")
    keys = [e.key for e in plan.store_entries]
    at = keys.index(plan.new_key)
    journal = {
        "add": 1,
        "list-before": _digest(plan.list_before),
        "list-after": _digest(plan.list_text),  # the list is replaced whole: before or after, nothing between
        "entry": store.dumps([plan.store_entries[at]]),
        "after-key": keys[at - 1] if at else None,
    }
    files.write_atomic(journal_path(data), json.dumps(journal), inside=data.root)
    _pause("journal")
    list_written = store_written = False
    try:
        files.write_atomic(data.list_path, plan.list_text, inside=data.root)
        list_written = True
        _pause("list")
        # Merged with what is on disk now, under the store's lock: a resolve running
        # meanwhile keeps its progress.
        plan.store_view.save(plan.store_entries)
        store_written = True
        _pause("store")
    except BaseException:
        if not store_written:  # undone: the list as it was (the store was not written)
            try:
                if list_written:
                    files.write_atomic(data.list_path, plan.list_before, inside=data.root)
            except BaseException:
                raise  # the journal stays: the next command finishes the add
        _unlink(journal_path(data))
        raise
    _unlink(journal_path(data))


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def recover(data) -> str | None:
    """Finish or undo an add a killed process left half done; what was done, in one line (None: nothing to do)."""
    import json
    import stat

    from medsegcite.bib import store
    from medsegcite.bib.sync import entry_identity
    from medsegcite.text import printable

    path = journal_path(data)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    try:
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_JOURNAL:
            raise ValueError("not a regular file of a sane size")
        with open(path, encoding="utf-8") as stream:
            journal = json.load(stream)
        if not (isinstance(journal, dict) and journal.get("add") == 1 and isinstance(journal.get("list-after"), str)
                and isinstance(journal.get("list-before"), str) and isinstance(journal.get("entry"), str)
                and isinstance(journal.get("after-key"), (str, type(None)))):
            raise ValueError("not an add journal")
        (entry,) = store.parse(journal["entry"], path)
    except (OSError, ValueError, RecursionError, store.StoreError) as error:
        _unlink(path)
        return f"warning: removed {path}, which is not a journal medsegcite wrote ({printable(str(error))[:100]})"
    listed = _read(data.list_path)
    if _digest(listed) == journal["list-before"]:
        _unlink(path)  # the list was never written, so neither was the store
        return f"an add of {entry.key} was interrupted before it wrote anything: nothing was added"
    if _digest(listed) != journal["list-after"]:
        _unlink(path)
        return (f"warning: an interrupted add of {entry.key} cannot be finished: {data.list_path} changed since; "
                "run `medsegcite sync` to bring the store in step")
    view = store.Store(data.store_path)
    entries = view.load()
    if not any(entry_identity(e) == entry_identity(entry) for e in entries):
        keys = [e.key for e in entries]
        after = journal["after-key"]
        entries.insert(keys.index(after) + 1 if after in keys else len(entries), entry)
        view.save(entries)
    _unlink(path)
    return f"finished an interrupted add: {entry.key} is in {data.list_path} and {data.store_path}"


def describe(plan: Plan) -> list[str]:
    """What was found, for the person deciding."""
    from medsegcite.bib.records import year_of

    outcome = plan.outcome
    item = outcome.item or {}
    lines = [f"{outcome.state}" + (f" (score {outcome.score:.2f}, {outcome.source or 'crossref'})" if outcome.score is not None else "")
             + (f": {outcome.reason}" if outcome.reason else "")]
    if item:
        names = [a.get("family") or a.get("literal", "") for a in item.get("author", [])]
        authors = ", ".join(names[:3]) + (" et al." if len(names) > 3 else "")
        lines.append(f"  {item.get('title', '')}")
        lines.append(f"  {authors or 'no authors'}; {year_of(item) or 'no year'}; {item.get('container-title', '') or '-'}; doi:{item.get('DOI', '-')}")
    for candidate in outcome.candidates[:3]:
        lines.append(f"  candidate {candidate.score:.2f}  {candidate.doi}  {getattr(candidate, 'title', '')}")
    from medsegcite.text import printable

    return [printable(line) for line in lines]  # what the network sent, printed inert
