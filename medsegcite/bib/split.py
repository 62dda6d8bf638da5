"""One export file per category of the list, plus the whole list.

File names come from the category path (`Anatomy/Liver` -> `anatomy--liver.bib`),
transliterated to ASCII so every file system and LaTeX's `\\bibliography{}` take
them; the names a list gives cannot reach outside the folder.
"""

from __future__ import annotations

from dataclasses import dataclass

from medsegcite.bib import export
from medsegcite.bib.store import StoredEntry
from medsegcite.naming import unique

WHOLE = "all"  # the whole list's file: all.bib, all.json, ...


@dataclass
class CategoryFile:
    name: str  # file name, no folder
    category: str | None  # the category path; None for the whole list
    entries: list[StoredEntry]


def slug(category: str) -> str:
    """`Anatomical Structures Segmentation/Liver` -> `anatomical-structures-segmentation--liver`."""
    from slugify import slugify

    parts = [slugify(part, max_length=60) or "category" for part in category.split("/")]
    return "--".join(parts)


def category_files(entries: list[StoredEntry], fmt: str, only: tuple[str, ...] = ()) -> list[CategoryFile]:
    """The whole list's file, then a file per category (by path: a section before its
    subsections), each with its papers in store order; `only`: these categories' subtrees."""
    extension = export.EXTENSIONS[fmt]
    paths = sorted({path for entry in entries for path in export.keyword_paths(entry)}, key=str.casefold)
    if only:
        wanted = export.matching_paths(entries, only)
        paths = [p for p in paths if any(p == w or p.startswith(w + "/") for w in wanted)]
    files = [CategoryFile(f"{WHOLE}.{extension}", None, list(entries))]
    taken = {WHOLE}  # file names without their common extension
    for path in paths:
        name = unique(slug(path), taken)  # two categories with one transliteration: liver, liver-2
        files.append(CategoryFile(f"{name}.{extension}", path, [e for e in entries if path in export.keyword_paths(e)]))
    return files
