"""Human decisions in `data/decisions.toml`, keyed by the title as the list writes it.

    [[pin]]           # this entry is this DOI (resolved by lookup, no matching)
    title = "..."
    doi = "10.48550/arXiv.1703.04347"
    why = "arXiv-only paper: Crossref holds no arXiv records"

    [[reject]]        # never take this candidate for this entry
    title = "..."
    doi = "10.1101/2020.04.22.20074948"

    [[not-a-paper]]   # leave this list item out of the store
    title = "..."

    [[manual]]        # a record entered by hand (CSL-JSON fields)
    title = "..."
    record = { type = "paper-conference", title = "...", issued = { date-parts = [[2018]] } }
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

from medsegcite.listing.catalog import normalise_title, repair_title
from medsegcite.errors import MedsegciteError


@dataclass
class Decisions:
    pins: dict[str, dict] = field(default_factory=dict)
    rejects: dict[str, set[str]] = field(default_factory=dict)
    not_papers: set[str] = field(default_factory=set)
    manual: dict[str, dict] = field(default_factory=dict)

    def for_title(self, title: str) -> tuple[dict | None, set[str], bool, dict | None]:
        key = normalise_title(repair_title(title))
        return self.pins.get(key), self.rejects.get(key, set()), key in self.not_papers, self.manual.get(key)


def load(path: str) -> Decisions:
    decisions = Decisions()
    if not os.path.exists(path):
        return decisions
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        with open(path, "rb") as stream:
            data = tomllib.load(stream)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise MedsegciteError(f"{path}: {error}") from None
    for section in ("pin", "reject", "not-a-paper", "manual"):
        for number, row in enumerate(data.get(section, []), start=1):
            if not isinstance(row, dict) or not row.get("title"):
                raise MedsegciteError(f"{path}: [[{section}]] number {number} needs a title")
            key = normalise_title(repair_title(row["title"]))
            if section == "pin":
                decisions.pins[key] = row
            elif section == "reject":
                decisions.rejects.setdefault(key, set()).add(str(row.get("doi", "")).lower())
            elif section == "not-a-paper":
                decisions.not_papers.add(key)
            elif not isinstance(row.get("record"), dict):
                raise MedsegciteError(f"{path}: [[manual]] number {number} needs a record table")
            else:
                decisions.manual[key] = row
    return decisions
