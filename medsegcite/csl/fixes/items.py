"""Fixes on the CSL items, before rendering."""

from __future__ import annotations

import re

from medsegcite.csl.fixes import rich_text
from medsegcite.csl.fixes.names_reading import _name_read

_NOT_TEXT = frozenset({"id", "URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID", "type"})


def typographic_apostrophes(item: dict) -> dict:
    """citeproc-js prints a straight apostrophe as a typographic one (D'Souza -> D’Souza)."""
    return {k: (v if k in _NOT_TEXT else _apostrophes(v)) for k, v in item.items()}


def _apostrophes(value):
    """`value` with its strings' apostrophes typographic, in new lists and dicts."""
    if isinstance(value, str):
        return value.replace("'", "\u2019")
    if isinstance(value, list):
        return [v if type(v) is int else _apostrophes(v) for v in value]  # (date parts: no call per number)
    if isinstance(value, dict):
        return {k: _apostrophes(v) for k, v in value.items()}
    return value


def prepared_in_one_pass(item: dict) -> dict:
    """`typographic_apostrophes(marked_item(names_read_as_citeproc_js(engine_item(item))))`
    (fixes.prepare_item) in one pass over the item, for speed: each value goes through what
    the three later passes make of it, in their order; the passes are independent from one
    key to the next, so the dict is the same (tests/csl/fixes/test_items.py compares them)."""
    marked, not_marked = rich_text.marked, rich_text._NOT_TEXT
    out = {}
    for key, value in engine_item(item).items():
        text = key not in _NOT_TEXT  # (typographic_apostrophes)
        if isinstance(value, str):
            if key not in not_marked:
                value = marked(value)
            if text:
                value = value.replace("'", "\u2019")
        elif isinstance(value, list) and value and all(isinstance(name, dict) for name in value):
            value = [_name_prepared(_name_read(name), marked, text) for name in value]
        elif text:
            value = _apostrophes(value)
        out[key] = value
    return out


def _name_prepared(name: dict, marked, text: bool) -> dict:
    """What marked_item, then typographic_apostrophes when `text`, make of one name."""
    out = {}
    for key, value in name.items():
        if isinstance(value, str):
            if key == "family" or key == "literal":
                value = marked(value)
            if text:
                value = value.replace("'", "\u2019")
        elif text:
            value = _apostrophes(value)
        out[key] = value
    return out


_NOTE_FIELD = re.compile(r"^([\-_a-z]+|[A-Z]+):\s*([^}]+)$")
_NOTE_FIELDS_INLINE = re.compile(r"\{:(?:[\-_a-z]+|[A-Z]+):[^}]+\}")
_ISO_DATE = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")
CSL_DATES = frozenset({"accessed", "available-date", "event-date", "issued", "original-date", "submitted"})
CSL_NAMES = frozenset({"author", "chair", "collection-editor", "compiler", "composer", "container-author", "contributor",
                       "curator", "director", "editor", "editor-translator", "editorial-director", "executive-producer",
                       "guest", "host", "illustrator", "interviewer", "narrator", "organizer", "original-author",
                       "performer", "producer", "recipient", "reviewed-author", "script-writer", "series-creator",
                       "translator"})


def note_field_variables(item: dict) -> dict:
    """Variables written into `note`, one `name: value` line each (or `{:name: value}`),
    as Zotero stores the fields it has no place for and citeproc-js reads them: a variable
    the item lacks is taken from its line (a date in ISO form, `2004-10-01/2004-10-14` a
    range; a name as `Family || Given` or a literal), and the line leaves the note. The
    lines are read from the top; the first line that is not one ends them (a first line of
    text is skipped)."""
    note = item.get("note")
    if not isinstance(note, str) or ":" not in note:
        return item
    note = _NOTE_FIELDS_INLINE.sub(lambda m: "\n" + m.group(0)[2:-1].strip() + "\n", note)
    lines = note.split("\n")
    fixed, names = dict(item), {}
    for index, line in enumerate(lines):
        match = _NOTE_FIELD.match(line)
        if not line.strip():
            continue
        if not match:
            if index == 0:
                continue
            break
        key, value = match.group(1), match.group(2).strip()
        if key == "type":
            fixed["type"], lines[index] = value, ""
        elif key in CSL_DATES:
            if key not in item:
                fixed[key], lines[index] = _date(value), ""
        elif key not in item:
            if key in CSL_NAMES:
                family, _, given = (part.strip() for part in value.partition("||"))
                names.setdefault(key, []).append({"family": family, "given": given} if given else {"literal": family})
            else:
                fixed[key] = value
            lines[index] = ""
    fixed.update(names)
    fixed["note"] = "\n".join(lines).strip()
    if not fixed["note"]:
        del fixed["note"]
    return fixed


def _date(value: str) -> dict:
    parts = []
    for side in value.split("/")[:2]:
        match = _ISO_DATE.match(side.strip())
        if match is None:
            return {"literal": value}
        parts.append([int(p) for p in match.groups() if p is not None])
    return {"date-parts": parts}


def engine_item(item: dict) -> dict:
    """A CSL-JSON item as citeproc-py can take it, where citeproc-js takes it as it is:
    a number as `id` (valid CSL-JSON; citeproc-py lowercases ids as text) becomes text,
    and an item without a `type` gets an empty one, which no `type` condition matches, as
    in citeproc-js (citeproc-py stopped with an UnboundLocalError). Nothing is invented:
    the empty type only keeps the engine from failing, and the other names citeproc-js
    reads a variable under (`journalAbbreviation`) are copied, not made up."""
    fixed = note_field_variables(item)
    fixed = dict(fixed) if fixed is item else fixed
    # citeproc-js reads Zotero's name for a journal's abbreviation as the short container title
    if "container-title-short" not in fixed and isinstance(fixed.get("journalAbbreviation"), str):
        fixed["container-title-short"] = fixed["journalAbbreviation"]
    if not isinstance(fixed.get("id"), str):
        fixed["id"] = str(fixed.get("id", ""))
    if not isinstance(fixed.get("type"), str):
        fixed["type"] = ""
    return fixed


# CSL 1.0.2's variables that citeproc-py's lists lack: without them a name list such as
# `reviewed-author` was read as text and `available-date` as a string.
NAME_VARIABLES = ("chair", "compiler", "contributor", "curator", "director", "editor_translator", "executive_producer",
                  "guest", "host", "narrator", "organizer", "performer", "producer", "reviewed_author", "script_writer",
                  "series_creator")
DATE_VARIABLES = ("available_date",)
NUMBER_VARIABLES = ("part_number", "printing_number", "supplement_number")
TEXT_VARIABLES = ("archive_collection", "citation_key", "collection_title_short", "division", "event_title", "part_title",
                  "reviewed_genre", "reviewed_title", "volume_title", "volume_title_short")


def csl_1_0_2_variables() -> None:
    """citeproc-py knows the variables of CSL 1.0.1; these are CSL 1.0.2's others."""
    import citeproc

    for known, added in ((citeproc.NAMES, NAME_VARIABLES), (citeproc.DATES, DATE_VARIABLES), (citeproc.NUMBERS, NUMBER_VARIABLES)):
        known.extend(name for name in added if name not in known)
    # the same lists are imported by citeproc's modules; VARIABLES is a list of its own
    citeproc.VARIABLES.extend(name for name in NAME_VARIABLES + DATE_VARIABLES + NUMBER_VARIABLES + TEXT_VARIABLES
                              if name not in citeproc.VARIABLES)
    _names_under_their_csl_names()


def _names_under_their_csl_names() -> None:
    """`<names variable="container-author">` looks the list up under its CSL name, but
    citeproc-py's reader stores it as `container_author`: every name list with a hyphen in
    its name (container-author, collection-editor, original-author, reviewed-author...)
    printed nothing. The reader now also stores each such list under its CSL name."""
    import citeproc
    from citeproc.source.json import CiteProcJSON

    original = CiteProcJSON.__init__

    def __init__(self, json_data):
        original(self, json_data)
        hyphenated = frozenset(name for name in citeproc.NAMES if "_" in name)  # (a set: a list scan per key was slow)
        for reference in self.values():
            for key in [k for k in reference if k in hyphenated]:
                dict.__setitem__(reference, key.replace("_", "-"), dict.__getitem__(reference, key))

    CiteProcJSON.__init__ = __init__


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    csl_1_0_2_variables: {"wraps": ["citeproc.source.json.CiteProcJSON.__init__"], "after": ["references_built_directly"]},
}
