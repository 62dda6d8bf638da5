"""Speed, not output: citeproc-py's CSL-JSON reader (`CiteProcJSON`) builds the same
references, names and dates with less work per item.

citeproc-py looked every key of every item up in its lists of name and date variables
(a scan of some fifty strings each), and made each name and date through `CustomDict`'s
set arithmetic (three sets built per object to find no unsupported key) and `**` packing.
What stays citeproc-py's: every string value still goes through `parse_string` (other
fixes replace it), each item becomes a `Reference` through its own class, and any name or
date that is not the plain case below is made by citeproc-py's own code, so its checks,
errors and "unsupported arguments" warning come as before.
"""

from __future__ import annotations

_ID, _TYPE, _IGNORED = object(), object(), object()
_SPECIAL = {"id": _ID, "type": _TYPE, "key": _IGNORED}  # ("key" conflicts with the ref_key, so citeproc-py ignores it)
_NAME_PARTS = frozenset({"family", "given", "dropping-particle", "non-dropping-particle", "suffix"})


def references_built_directly() -> None:
    """`CiteProcJSON.__init__`, `parse_names` and `parse_date` as citeproc-py 0.11 writes them,
    with how each key is read decided once per key and source (citeproc-py scanned its
    variable lists for every key of every item), and names and dates whose keys
    citeproc-py accepts without a word made as the same objects directly: a name of only
    `literal` or only name parts (`Name` keeps the dict as given), a date of one or two
    `date-parts` of one to three integers, no season (`Date` keeps integers as they are,
    `circa` as 0 or 1, and a begin or end date gets `circa: False`)."""
    import citeproc
    from citeproc.source import Date, DateRange, Name
    from citeproc.source.json import CiteProcJSON, Reference

    original_parse_names = CiteProcJSON.parse_names
    original_parse_date = CiteProcJSON.parse_date
    new = dict.__new__

    def __init__(self, json_data):
        names, dates = frozenset(citeproc.NAMES), frozenset(citeproc.DATES)  # (fixes extend the lists at install)
        kinds: dict = {}  # CSL-JSON key -> (its key in the reference, how its value is read), decided once per key

        def kind(key):
            python_key = key.replace("-", "_")
            if python_key in _SPECIAL:
                return python_key, _SPECIAL[python_key]
            if python_key == "shortTitle":
                python_key = "title_short"
            if python_key in names:
                return python_key, self.parse_names
            if python_key in dates:
                return python_key, self.parse_date
            return python_key, (None if key == "language" else self.parse_string)

        for ref in json_data:
            ref_data = {}
            for key, value in ref.items():
                try:
                    python_key, read = kinds[key]
                except KeyError:
                    python_key, read = kinds[key] = kind(key)
                if read is _ID:
                    ref_key = str(value).lower()
                elif read is _TYPE:
                    ref_type = value
                elif read is not _IGNORED:
                    ref_data[python_key] = value if read is None else read(value)
            self.add(Reference(ref_key, ref_type, **ref_data))  # noqa: F821  (unbound as in citeproc-py)

    def parse_names(self, json_data):
        if type(json_data) is not list:
            return original_parse_names(self, json_data)
        names = []
        for name_data in json_data:
            if type(name_data) is dict and (_NAME_PARTS.issuperset(name_data) if "literal" not in name_data
                                            else len(name_data) == 1):
                name = new(Name)
                dict.update(name, name_data)
            else:
                name = Name(**name_data)
            names.append(name)
        return names

    def parse_date(self, json_data):
        parts = json_data.get("date-parts") if type(json_data) is dict and "season" not in json_data else None
        if type(parts) is not list or not 0 < len(parts) <= 2 or not all(_plain_parts(part) for part in parts):
            return original_parse_date(self, json_data)
        circa = json_data.get("circa", 0) != 0
        if len(parts) == 1:
            return _date(new(Date), parts[0], int(circa))
        date_range = new(DateRange)
        dict.update(date_range, begin=_date(new(Date), parts[0], None), end=_date(new(Date), parts[1], None), circa=circa)
        return date_range

    CiteProcJSON.__init__ = __init__
    CiteProcJSON.parse_names = parse_names
    CiteProcJSON.parse_date = parse_date


def _plain_parts(part) -> bool:
    """A date's parts citeproc-py takes as they are: one to three integers (year, month, day)."""
    return type(part) is list and 0 < len(part) and all(type(number) is int for number in part[:3])


def _date(date, parts: list, circa):
    """`date` (a new `Date`) filled as `Date(circa=circa, year=..., month=..., day=...)` fills it,
    keys in that order; without `circa` it gets `circa: False` last, as `DateBase` adds it."""
    if circa is not None:
        date["circa"] = circa
    for key, number in zip(("year", "month", "day"), parts):
        date[key] = number
    if circa is None:
        date["circa"] = False
    return date


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    references_built_directly: {
        "wraps": ["citeproc.source.json.CiteProcJSON.__init__", "citeproc.source.json.CiteProcJSON.parse_date",
                  "citeproc.source.json.CiteProcJSON.parse_names"],
    },
}
