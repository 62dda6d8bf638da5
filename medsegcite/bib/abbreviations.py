"""Journal abbreviations for `export --journal-abbrev`.

Most BibTeX styles print `journal` and ignore `shortjournal`, so the short form
goes into `journal` itself (biblatex: `journaltitle`). The short form is the one
Crossref registered (`short-container-title`, kept as `shortjournal`); for a
journal Crossref gives none, the ISO 4 abbreviation derived from the ISSN
centre's List of Title Word Abbreviations (LTWA) by `pyiso4`, which ships the
list. A journal none of whose words the LTWA abbreviates ("IEEE Access") keeps
its full title, and is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from medsegcite.bib.store import StoredEntry

CROSSREF, ISO4, NONE = "Crossref", "ISO 4 (LTWA)", "none"


@dataclass
class Report:
    source: dict[str, str] = field(default_factory=dict)  # key -> CROSSREF / ISO4 / NONE
    journal: dict[str, str] = field(default_factory=dict)  # key -> the journal's full title (LaTeX)

    def keys(self, source: str) -> list[str]:
        return [key for key, found in self.source.items() if found == source]


def abbreviated(entries: list[StoredEntry]) -> tuple[list[StoredEntry], Report]:
    """The entries with each journal's short form in `journal` (and `shortjournal`)."""
    from medsegcite.bib import latex

    report = Report()
    out = []
    iso4 = None
    # One journal, one short form: an entry without Crossref's takes another entry's.
    registered = {}
    for entry in entries:
        if entry.fields.get("journal") and entry.fields.get("shortjournal"):
            registered.setdefault(entry.fields["journal"].casefold(), entry.fields["shortjournal"])
    for entry in entries:
        fields = dict(entry.fields)
        journal = fields.get("journal")
        if journal:
            report.journal[entry.key] = journal
            short = fields.get("shortjournal") or registered.get(journal.casefold())
            if short:
                fields["shortjournal"] = short
                report.source[entry.key] = CROSSREF
            else:
                if iso4 is None:
                    iso4 = _iso4()
                full = latex.decode(journal)
                derived = iso4(full, remove_part=True).strip()
                if derived and derived != full:
                    short = latex.encode(derived)
                    fields["shortjournal"] = short
                    report.source[entry.key] = ISO4
                else:
                    report.source[entry.key] = NONE
            if short:
                fields["journal"] = short
        out.append(replace(entry, fields=fields))
    return out, report


def _iso4():
    from pyiso4.ltwa import Abbreviate  # loads the LTWA: about 2 s, only when a journal needs it

    return Abbreviate.create()
