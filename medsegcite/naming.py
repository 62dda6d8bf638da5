"""A name no other in a set has: `base`, else `base-2`, `base-3`, ... (HTML ids, file names)."""

from __future__ import annotations


def unique(base: str, used: set[str]) -> str:
    """`base` or the first free `base-N`, added to `used`."""
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    used.add(candidate)
    return candidate
