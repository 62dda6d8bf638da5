"""Looking a category up by name, the one way every command does it.

A category is asked for by its own name or by its path (`Section/Category`), in any case
and with any spacing around the `/`; a name matching several categories asks for each of
them.  The store's keywords write a `,` inside a category's name as `;` (`,` separates
keywords), so a name is compared with its commas read as semicolons, on both sides.  A name
that asks for no category is one line naming the closest names.

The ground floor: nothing from the rest of the package but its error class.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from medsegcite.errors import MedsegciteError


class UnknownCategory(MedsegciteError):
    """A name that asks for no category."""


def _compared(name: str) -> str:
    return "/".join(part.strip() for part in name.replace(",", ";").split("/")).strip().casefold()


def asks_for(name: str, path: Sequence[str]) -> bool:
    """True when `name` asks for the category at `path` (its names from the top)."""
    wanted = _compared(name)
    return wanted == _compared(path[-1]) or wanted == _compared("/".join(path))


def matching(paths: Iterable[str], names: Iterable[str]) -> set[str]:
    """The `/`-joined category paths the names ask for; UnknownCategory for a name that asks for none."""
    known = list(dict.fromkeys(paths))
    wanted: set[str] = set()
    for name in names:
        found = {path for path in known if asks_for(name, path.split("/"))}
        if not found:
            raise UnknownCategory(unknown_message(name, (path.rsplit("/", 1)[-1] for path in known)))
        wanted |= found
    return wanted


def unknown_message(name: str, names: Iterable[str]) -> str:
    """`unknown category 'Lvier'; did you mean 'Liver'? (...)`: the closest of `names`, if any is close."""
    from rapidfuzz import fuzz, process, utils

    close = process.extract(name, sorted(set(names)), scorer=fuzz.ratio, processor=utils.default_process, limit=3, score_cutoff=60)
    hint = f"; did you mean {', '.join(repr(c[0]) for c in close)}?" if close else ""
    return f"unknown category {name!r}{hint} (`medsegcite categories` lists them)"
