"""A store entry: one paper's BibTeX record and the tool's bookkeeping on it.

Standard BibTeX fields hold the record (LaTeX encoded); fields named
`medsegcite-*` hold bookkeeping that exports drop:

- `medsegcite-list-title`: the title as the list writes it (ties the entry to the list);
- `medsegcite-state`: `unresolved`, `resolved`, `review` or `manual`;
- `medsegcite-source`, `medsegcite-score`, `medsegcite-reason`: how it was resolved;
- `medsegcite-fingerprint`: a short hash of each field as the tool last wrote it.
  A field whose value no longer matches its hash was edited by a person, and a
  rewrite keeps it (the same for a field a person added or deleted).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from medsegcite.errors import MedsegciteError

META_PREFIX = "medsegcite-"


class StoreError(MedsegciteError):
    """The store cannot be read or written."""


def _digest(value: str) -> str:
    import hashlib

    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:8]


@dataclass
class StoredEntry:
    key: str
    entry_type: str
    fields: dict[str, str] = field(default_factory=dict)  # standard fields, LaTeX
    meta: dict[str, str] = field(default_factory=dict)  # medsegcite-* without prefix
    line: int | None = None

    @property
    def fingerprint(self) -> dict[str, str]:
        # A damaged item (no `name:digest`) reads as no print: its field counts as a hand edit, and is kept.
        pairs = (item.split(":", 1) for item in self.meta.get("fingerprint", "").split())
        return {pair[0]: pair[1] for pair in pairs if len(pair) == 2 and pair[0] and pair[1]}

    def _set_fingerprint(self, prints: dict[str, str]) -> None:
        self.meta["fingerprint"] = " ".join(f"{k}:{v}" for k, v in sorted(prints.items()))

    def edited_by_hand(self, name: str) -> bool:
        """True when a person changed, added or deleted this field."""
        prints = self.fingerprint
        if name not in prints:
            return name in self.fields  # added by hand (the tool never wrote it)
        if name not in self.fields:
            return True  # deleted by hand
        return _digest(self.fields[name]) != prints[name]

    def apply(self, generated: dict[str, str], only: set[str] | None = None) -> None:
        """Write the tool's values, keeping every field a person edited.

        `generated` is the tool's complete view of the fields it owns; with
        `only`, just those field names are refreshed and the rest kept as they
        are.  Fields the tool wrote before and no longer generates are removed
        unless a person edited them.
        """
        prints = self.fingerprint
        names = set(generated) | set(prints)
        if only is not None:
            names &= only
        for name in sorted(names):
            if self.edited_by_hand(name):
                continue
            if name in generated:
                self.fields[name] = generated[name]
                prints[name] = _digest(generated[name])
            else:
                self.fields.pop(name, None)
                prints.pop(name, None)
        self._set_fingerprint(prints)

    @property
    def state(self) -> str:
        return self.meta.get("state", "unresolved")
