"""`citation-label`: the label citeproc-js makes for an item that has none."""

from __future__ import annotations

import re

# citeproc-js's NAME_VARIABLES, the order in which it looks for names
_NAME_VARIABLES = ("author", "chair", "collection-editor", "compiler", "composer", "container-author", "contributor",
                   "curator", "director", "editor", "editor-translator", "editorial-director", "executive-producer",
                   "guest", "host", "illustrator", "interviewer", "narrator", "organizer", "original-author",
                   "performer", "producer", "recipient", "reviewed-author", "script-writer", "series-creator",
                   "translator")
# its trigraph "Aaaa00:AaAa00:AaAA00:AAAA00": letters of each name by how many names, then the year's last 2 digits
_LETTERS = ((4,), (2, 2), (2, 1, 1), (1, 1, 1, 1))
_NOT_LETTER = re.compile("[^a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
                         "\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e]")
_LEADING_PARTICLE = re.compile(r"^([ '\u2019a-z]+\s+)")
_ARTICLE = re.compile(r"^(a\s+|the\s+|an\s+)")


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:].lower()


def label(reference, skip_words=frozenset()) -> str:
    """citeproc-js's getCitationLabel: letters of the first names' family names (or of the
    title, without its stop words), then the last two digits of the year ("Gao19", "T00")."""
    text = ""
    for variable in _NAME_VARIABLES:
        names = reference.get(variable.replace("-", "_"))
        if not names:
            continue
        counts = _LETTERS[min(len(names), len(_LETTERS)) - 1]
        for name, count in zip(names, counts):
            part = name.get("family") or name.get("literal") or ""
            part = _LEADING_PARTICLE.sub("", part)
            match = _ARTICLE.match(part.lower())
            if match:
                part = part[len(match.group(1)):]
            part = _NOT_LETTER.sub("", part)
            if not part:
                break
            text += _capitalized(part[:count])
        break
    if not text:
        title = str(reference.get("title") or "")
        words = [word for word in title.split() if word not in skip_words]
        text = _capitalized("".join(words)[:4])
    return text + (_year(reference.get("issued")) or "0000")[-2:]


def _year(issued) -> str:
    """The year of `issued` as citeproc-js reads `Item.issued.year`: a range's start year,
    none for a literal date ("in press")."""
    for part in (None, "begin"):
        try:  # (citeproc-py raises VariableError, or KeyError, for what a date does not have)
            date = issued if part is None or issued is None else getattr(issued, part)
            year = date.year if date is not None else None
        except Exception:
            continue
        if year:
            return str(year)
    return ""


def citation_label_made_when_missing() -> None:
    """`cs:text variable="citation-label"` prints a label made from the names and year when
    the item has none, as citeproc-js does (american-mathematical-society-label printed
    nothing: 0 of 98 entries identical), with the year suffix of an item whose label and
    year another item shares ("RoNo78a", "RoNo78b"). A `cs:key variable="citation-label"`
    sorts by the same label (sorting.py)."""
    from citeproc import model

    from medsegcite.csl.fixes.text_case import TITLE_STOP_WORDS

    variable = model.Text._variable

    def text_variable(self, item, context):
        if self.get("variable") == "citation-label":
            made = item.reference.get("citation_label") or label(item.reference, TITLE_STOP_WORDS)
            # the year suffix that tells equal labels apart goes on the label ("RoNo78a"),
            # not after the year (render.py: a style that prints the label places the suffix)
            return model.String(str(made) + (item.reference.get("year_suffix") or ""))
        return variable(self, item, context)

    model.Text._variable = text_variable


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    citation_label_made_when_missing: {"wraps": ["citeproc.model.Text._variable"]},
}
