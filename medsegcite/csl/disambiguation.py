"""CSL disambiguation, which citeproc-py does not do, as citeproc-js does it for a bibliography.

Items whose citations print the same ("Cha et al. 2016") are told apart, in the order
CSL gives, by what the style's `cs:citation` allows:
1. `disambiguate-add-names`: show as many names as it takes; the bibliography shows
   at least as many for that item (its et-al truncation starts later);
2. `disambiguate-add-givenname`: given names (for every name, or only the first
   under `givenname-disambiguation-rule="primary-name"`) count when names are compared;
3. `disambiguate-add-year-suffix`: what is still ambiguous gets "a", "b", ... in
   bibliography order.
`fixes.disambiguated_names_and_suffixes` applies the result while rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from string import ascii_lowercase


@dataclass
class Result:
    names: dict[str, int] = field(default_factory=dict)  # key -> names to show at least
    suffixes: dict[str, str] = field(default_factory=dict)  # key -> year suffix


def _flag(element, name: str) -> bool:
    return (element.get(name) or "false").lower() == "true"


def disambiguate(engine, parsed, items_by_key: dict[str, dict]) -> Result:
    from citeproc import Citation, CitationItem

    citation = parsed.root.citation
    result = Result()
    if citation is None:
        return result
    add_names = _flag(citation, "disambiguate-add-names")
    add_given = _flag(citation, "disambiguate-add-givenname")
    add_suffix = _flag(citation, "disambiguate-add-year-suffix")
    if not (add_names or add_given or add_suffix):
        return result
    rule = citation.get("givenname-disambiguation-rule", "by-cite")
    use_first = int(citation.get("et-al-use-first", "1") or 1)

    groups: dict[str, list[str]] = {}
    for key in engine.keys:  # bibliography order
        cite = Citation([CitationItem(key)])
        cite.bibliography = engine
        text = str(parsed.render_citation(cite, [], lambda _item: None))
        groups.setdefault(text, []).append(key)

    for keys in groups.values():
        if len(keys) < 2:
            continue
        names = {k: _names(items_by_key[k], rule if add_given else "none") for k in keys}
        still: list[str] = []
        for key in keys:
            others = [names[o] for o in keys if o != key]
            if add_names:
                needed = _names_needed(names[key], others, use_first)
                if needed is not None:
                    if needed > use_first:
                        result.names[key] = needed
                    continue
            elif add_given and all(_signature(names[key], use_first) != _signature(o, use_first) for o in others):
                continue
            still.append(key)
        if add_suffix and len(still) > 1:
            for letter, key in zip(_letters(), still):
                result.suffixes[key] = letter
    return result


def _names(item: dict, rule: str) -> list[tuple[str, str]]:
    """(family, given) of each author; given only where the rule lets it tell names apart."""
    out = []
    for position, name in enumerate(item.get("author") or []):
        family = name.get("family") or name.get("literal") or ""
        given = name.get("given", "")
        if rule == "none" or (rule.startswith("primary-name") and position > 0):
            given = ""
        elif rule.endswith("with-initials"):
            given = " ".join(part[:1] for part in given.replace("-", " ").split())
        out.append((family, given))
    return out


def _signature(names: list[tuple[str, str]], count: int) -> tuple:
    return tuple(names[:count]), len(names) > count


def _names_needed(mine, others, start: int) -> int | None:
    """The fewest names (from `start`) that tell `mine` from every one of `others`."""
    for count in range(start, max(len(mine), start) + 1):
        if all(_signature(mine, count) != _signature(other, count) for other in others):
            return count
    return None


def _letters():
    yield from ascii_lowercase
    for first in ascii_lowercase:
        for second in ascii_lowercase:
            yield first + second
