"""What the network sends, checked before anything reads it: the one validation layer.

Every Crossref and DOI response body is read here: as JSON nested at most `MAX_DEPTH`
deep (a lone surrogate escape read as U+FFFD), then checked against the shape we read
(`jsonschema`, `SCHEMAS`): wrong types, `items` that is not a list, a DOI that is not a
DOI (listing/identifiers.py's validator).  `project` keeps only the fields we read, so
the cache stays small.  A body that fails is `Invalid`: a failure of that lookup, never
cached.
"""

from __future__ import annotations

import json
import re
import threading

from medsegcite.listing.identifiers import valid_doi


class Invalid(Exception):
    """A response (or cache entry) that is not the shape we read."""


_TEXT = {"type": "string", "maxLength": 4000}
_TEXTS = {"anyOf": [_TEXT, {"type": "array", "maxItems": 50, "items": {"anyOf": [_TEXT, {"type": "null"}]}}, {"type": "null"}]}
_SCALAR = {"anyOf": [{"type": "string", "maxLength": 200}, {"type": "integer"}, {"type": "null"}]}
_DATE = {
    "anyOf": [
        {"type": "null"},
        {
            "type": "object",
            "properties": {
                "date-parts": {
                    "type": "array",
                    "maxItems": 2,
                    "items": {
                        "type": "array",
                        "maxItems": 3,
                        "items": {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": r"^\d{1,4}$"}, {"type": "null"}]},
                    },
                }
            },
        },
    ]
}
_NAME = {"anyOf": [{"type": "string", "maxLength": 500}, {"type": "null"}]}
_NAME_PARTS = ("family", "given", "name", "literal", "suffix", "non-dropping-particle", "dropping-particle")
_PEOPLE = {
    "anyOf": [
        {"type": "null"},
        {
            "type": "array",
            "maxItems": 10000,
            "items": {"type": "object", "properties": {part: _NAME for part in _NAME_PARTS}},
        },
    ]
}
_TYPED = {"anyOf": [{"type": "null"}, {"type": "array", "maxItems": 20, "items": {"type": "object", "properties": {"value": _SCALAR, "type": _SCALAR}}}]}
_WORK = {
    "type": "object",
    "required": ["DOI"],
    "properties": {
        "DOI": {"type": "string", "format": "doi"},
        "type": {"type": "string", "maxLength": 100},
        "title": _TEXTS,
        "subtitle": _TEXTS,
        "container-title": _TEXTS,
        "short-container-title": _TEXTS,
        "ISSN": _TEXTS,
        "ISBN": _TEXTS,
        "issn-type": _TYPED,
        "isbn-type": _TYPED,
        "URL": _TEXT,
        "author": _PEOPLE,
        "editor": _PEOPLE,
        # Conference facts, read only to tell a proceedings chapter from a book's.
        "event": {"anyOf": [{"type": "null"}, {"type": "object"}, _TEXT]},
        "assertion": {"anyOf": [{"type": "null"}, {"type": "array", "maxItems": 200}]},
        **{key: _DATE for key in ("issued", "published", "published-print", "published-online")},
        **{key: _SCALAR for key in ("volume", "issue", "page", "publisher", "article-number")},
        "score": {"type": "number"},
    },
}
_ITEMS = {"type": "array", "maxItems": 100, "items": _WORK}
SCHEMAS = {
    "work": {"anyOf": [{"type": "null"}, _WORK]},  # null: no such DOI (404)
    "csl": {"anyOf": [{"type": "null"}, _WORK]},
    "search": _ITEMS,
    "alternative-id": _ITEMS,
    "envelope-work": {"type": "object", "required": ["message"], "properties": {"message": {"type": "object"}}},
    "envelope-list": {
        "type": "object",
        "required": ["message"],
        "properties": {"message": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array"}}}},
    },
}
_KEPT = set(_WORK["properties"])


def _validator(kind: str):
    import jsonschema

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("doi")(valid_doi)
    return jsonschema.Draft202012Validator(SCHEMAS[kind], format_checker=checker)


_validators: dict[str, object] = {}
_validators_lock = threading.Lock()


def validate(kind: str, value) -> None:
    """Raise `Invalid` naming the first place where `value` is not the shape `kind` reads."""
    with _validators_lock:
        validator = _validators.get(kind) or _validators.setdefault(kind, _validator(kind))
    import jsonschema

    error = jsonschema.exceptions.best_match(validator.iter_errors(value))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "the body"
        message = error.message
        shown = repr(error.instance)
        if message.startswith(shown):  # never repeat what the server sent (it may be hostile)
            message = "value" + message[len(shown):]
        raise Invalid(f"{where}: {message[:120]}")


def project(work: dict | None) -> dict | None:
    """Only the fields we read (a work message carries its whole reference list)."""
    if work is None:
        return None
    kept = {k: v for k, v in work.items() if k in _KEPT}
    if isinstance(kept.get("author"), list):
        kept["author"] = [{k: p[k] for k in _NAME_PARTS if k in p} for p in kept["author"]]
    return kept


MAX_DEPTH = 32  # JSON nesting; a Crossref work message nests 6 deep


# A `\\ud800` escape with no partner decodes to a lone surrogate, which no file
# can hold as UTF-8: it is read as U+FFFD, the replacement character.
_LONE_SURROGATE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def loads(body) -> object:
    """JSON, nested at most MAX_DEPTH deep (checked without recursion), else `Invalid`."""
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    body = _LONE_SURROGATE.sub(rb"\\ufffd", body)
    try:
        value = json.loads(body)
    except ValueError as error:  # also bad UTF-8
        raise Invalid(f"unreadable response ({type(error).__name__}: {str(error)[:80]})") from None
    except RecursionError:
        raise Invalid(f"unreadable response (nested deeper than {MAX_DEPTH} levels)") from None
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise Invalid(f"unreadable response (nested deeper than {MAX_DEPTH} levels)")
        if isinstance(item, dict):
            pending.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            pending.extend((v, depth + 1) for v in item)
    return value
