"""The `export` command's work around one format's text (bib/export.py): journal
abbreviations with each source said, a file per category, and only what a paper cites."""

from __future__ import annotations

import os


def abbreviated(stored: list) -> tuple[list, list[str]]:
    """`--journal-abbrev`: the entries with their journal's short form, and the lines saying where each came from."""
    from medsegcite.bib import abbreviations

    entries, report = abbreviations.abbreviated(stored)
    derived, none = report.keys(abbreviations.ISO4), report.keys(abbreviations.NONE)
    lines = [f"journal abbreviations: {len(report.keys(abbreviations.CROSSREF))} from Crossref, "
             f"{len(derived)} derived by ISO 4 from the LTWA, {len(none)} kept in full"]
    if none:
        from medsegcite.bib.latex import decode

        journals = sorted({decode(report.journal[key]) for key in none})
        lines.append(f"  kept in full (the LTWA abbreviates none of their words): {'; '.join(journals)}")
    return entries, lines


def split(data, stored: list, fmt: str, categories, folder: str) -> list:
    """`--split-by-category DIR`: each file written whole (by rename) or not at all; the files written."""
    from medsegcite import files
    from medsegcite.bib import export as exporter
    from medsegcite.bib import split as splitter
    from medsegcite.errors import MedsegciteError
    from medsegcite.paths import check_output

    written = splitter.category_files(stored, fmt, tuple(categories))
    if not os.path.isdir(os.path.dirname(os.path.abspath(folder))):
        raise MedsegciteError(f"cannot write into {folder}: folder {os.path.dirname(os.path.abspath(folder))} does not exist")
    os.makedirs(folder, exist_ok=True)
    for one in written:
        target = os.path.join(folder, one.name)
        check_output(target, data)
        files.write_atomic(target, exporter.export(one.entries, fmt), protect=data.own_files())
    return written


def cited(data, stored: list, categories, aux_files=(), bcf_files=(), key_lists=(), markdown_files=()) -> tuple[list, list[str]]:
    """`--aux/--bcf/--keys/--cited-in`: the entries a paper cites (under `categories`), and a
    line for each cited key the store lacks, naming the closest keys."""
    from medsegcite.bib import cited as cited_keys
    from medsegcite.bib import export as exporter

    cited = cited_keys.Cited()
    for path in aux_files:
        cited_keys.from_aux(path, cited)
    for path in bcf_files:
        cited_keys.from_bcf(path, cited)
    for text in key_lists:
        cited_keys.from_keys(text, cited)
    if markdown_files:
        from medsegcite.bib import cited_markdown

        known = {e.key for e in stored}
        for path in markdown_files:
            for key in cited_markdown.keys_in(cited_keys.read_text(path, "Markdown document")):
                # Quarto's @fig-x, @tbl-x, @sec-x... are cross-references unless the store has the key.
                if key in known or not cited_markdown.is_cross_reference(key):
                    cited.add(key)
    chosen, missing = cited_keys.select(stored, cited)
    if categories:
        under = {e.key for e in exporter.select(stored, categories)}
        chosen = [e for e in chosen if e.key in under]
    lines = []
    if missing:
        from medsegcite.bib.search import Index

        index = Index.for_store(data.store_path)
        for key in missing:
            near = cited_keys.closest(key, index)
            hint = "; closest: " + ", ".join(f"{k} ({title[:50]})" for k, title in near) if near else "; no key in it is close"
            lines.append(f"cited key {key!r} is not in {data.shown(data.store_path)}{hint}")
    return chosen, lines
