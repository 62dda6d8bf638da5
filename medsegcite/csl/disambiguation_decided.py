"""CSL disambiguation, which citeproc-py does not do, as citeproc-js does it for a bibliography.

Items whose citations print the same ("Cha et al. 2016") are told apart, in the order
CSL gives, by what the style's `cs:citation` allows:
1. `disambiguate-add-names`: show as many names as it takes; the bibliography shows
   at least as many for that item (its et-al truncation starts later) only when the style
   sets `disambiguate-add-givenname` too: citeproc-js hands a bibliography entry the names
   its cite's disambiguation chose only then (its `disambig_request`);
2. `disambiguate-add-givenname`: given names (for every name, or only the first
   under `givenname-disambiguation-rule="primary-name"`) count when names are compared;
3. `<if disambiguate="true">`: holds for what is still ambiguous (in the bibliography too)
   when the style adds no year suffix;
4. `disambiguate-add-year-suffix`: what is still ambiguous gets "a", "b", ... in
   bibliography order.
Citations are compared as citeproc-js compares them: as later cites of their items.
`fixes.disambiguated_names_and_suffixes` applies the result while rendering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from string import ascii_lowercase


@dataclass
class Result:
    names: dict[str, int] = field(default_factory=dict)  # key -> names to show at least
    suffixes: dict[str, str] = field(default_factory=dict)  # key -> year suffix
    condition: set[str] = field(default_factory=set)  # keys for which `disambiguate="true"` holds
    givens: dict[str, set[int]] = field(default_factory=dict)  # key -> authors whose given name prints in full
    initials: dict[str, set[int]] = field(default_factory=dict)  # key -> authors whose initials print (a short cite's)
    # key -> variable -> position -> (family name with other initials, initials with other given names,
    # the rule is "*-with-initials") in the list (givenname-disambiguation-rule other than "by-cite")
    register: dict[str, dict[str, dict[int, tuple[bool, bool, bool]]]] = field(default_factory=dict)


def _flag(element, name: str) -> bool:
    return (element.get(name) or "false").lower() == "true"


def disambiguate(engine, parsed, items_by_key: dict[str, dict]) -> Result:
    citation = parsed.root.citation
    result = Result()
    if citation is None:
        return result
    add_names = _flag(citation, "disambiguate-add-names")
    add_given = _flag(citation, "disambiguate-add-givenname")
    add_suffix = _flag(citation, "disambiguate-add-year-suffix")
    # `<if disambiguate="true">` in the citation: what is still ambiguous tries it first
    by_condition = bool(citation.xpath_search(".//cs:if[@disambiguate='true'] | .//cs:else-if[@disambiguate='true']"))
    if not (add_names or add_given or add_suffix or by_condition):
        return result
    rule = citation.get("givenname-disambiguation-rule", "by-cite")
    use_first = _subsequent_option(citation, "et-al-use-first", 1)
    if add_given and rule != "by-cite":
        from medsegcite.csl.fixes.disambiguation_applied import set_register

        result.register = names_ambiguous_across_the_list(parsed.root, items_by_key, rule)
        set_register(result.register)  # (the cites compared below print these names as entries do)

    groups: dict[str, list[str]] = {}
    options: dict[str, tuple[int, int, int]] = {}  # key -> the et-al options its cite's author names had
    for key in engine.keys:  # bibliography order
        groups.setdefault(_ambiguous_cite(engine, parsed, key, options), []).append(key)
    if add_names and add_given:
        _names_of_the_cite_kept(engine.keys, items_by_key, options, result)
    if add_given and rule == "by-cite":
        _given_names_of_a_long_cite_kept(items_by_key, options, result)

    for keys in groups.values():
        if len(keys) < 2:
            continue
        names = {k: _names(items_by_key[k], rule if add_given else "none", options.get(k)) for k in keys}
        by_cite = add_given and rule == "by-cite"
        printed = {k: _names(items_by_key[k], "none", options.get(k)) for k in keys} if by_cite else {}
        initializes = by_cite and _initializes(citation)
        still: list[str] = []
        for key in keys:
            if key not in options:  # its cite prints no author names: neither more names nor given names tell it apart
                still.append(key)
                continue
            others = [o for o in keys if o != key]
            if by_cite:
                shown = _shown(len(names[key]), options[key])
                step = _by_cite_step(key, others, names, printed, shown, add_names)
                if step is None:
                    still.append(key)
                    continue
                count, given = step
                if count > shown:
                    result.names[key] = count
                if given is not None and options[key][3] and options[key][4] is not None:
                    # (a short cite that initializes shows the initials: the bibliography then too)
                    result.initials.setdefault(key, set()).add(given)
                elif given is not None and not initializes:
                    result.givens.setdefault(key, set()).add(given)
                continue
            others = [names[o] for o in others]
            if add_names:
                needed = _names_needed(names[key], others, use_first)
                if needed is not None:
                    if needed > use_first and add_given:  # (see the module's docstring)
                        result.names[key] = needed
                    continue
            elif add_given and all(_signature(names[key], use_first) != _signature(o, use_first) for o in others):
                continue
            still.append(key)
        if by_condition and not add_suffix and len(still) > 1:
            # (citeproc-js ends with the year suffix alone when the style asks for one)
            result.condition.update(still)
        if add_suffix and len(still) > 1:
            for letter, key in zip(_letters(), still):
                result.suffixes[key] = letter
    return result


def _ambiguous_cite(engine, parsed, key: str, options: dict) -> str:
    """The item's citation as citeproc-js compares it: as a later cite of the item (position
    "subsequent", et-al-subsequent-min/-use-first), `disambiguate="true"` not holding.
    `options` gets the et-al options of the cs:name that printed its authors."""
    from citeproc import Citation, CitationItem

    from medsegcite.csl.fixes import disambiguation_applied as applied
    from medsegcite.csl.fixes.state import variables

    cite = Citation([CitationItem(key)])
    cite.bibliography = engine
    earlier = Citation([CitationItem(key)]), Citation([CitationItem("\0another")])  # cited before, not just before
    previous = [c.cites[0] for c in earlier]
    variables.subsequent_cite = True
    variables.cite_name_options = options
    saved = applied.set_condition(set())
    try:
        return str(parsed.render_citation(cite, previous, lambda _item: None))
    finally:
        variables.subsequent_cite = False
        variables.cite_name_options = None
        applied.set_condition(saved)


def names_ambiguous_across_the_list(root, items_by_key: dict[str, dict], rule: str) -> dict:
    """citeproc-js's global name register (`CSL.Registry.NameReg`), for the rules other than
    "by-cite": the names of the list (only the first of each list under "primary-name*")
    keyed by family name, then initials, then given name. A name whose family name comes
    with other initials elsewhere in the list, or whose initials come with another given
    name, is recorded: where it renders, it prints initials or its given name.
    The register holds the names of every variable the style prints names of."""
    from medsegcite.csl.fixes.initials import initialized

    variables = {v for names in root.xpath_search("//cs:names[@variable]") for v in names.get("variable").split()}
    primary_only = rule.startswith("primary-name")
    never = (root.get("demote-non-dropping-particle") or "display-and-sort") == "never"
    register: dict[str, dict[str, set[str]]] = {}
    found: list[tuple[str, str, int, str, str]] = []
    for key, item in items_by_key.items():
        for variable in variables:
            names = item.get(variable)
            if not isinstance(names, list):
                continue
            for position, name in enumerate(names[:1] if primary_only else names):
                if not isinstance(name, dict) or not name.get("given") or not name.get("family"):
                    continue  # (citeproc-js registers initials only for a name with a given name)
                family = _periods_stripped(str(name["family"]))
                if never and name.get("non-dropping-particle"):
                    family = f"{family} {name['non-dropping-particle']}"
                given = _periods_stripped(str(name["given"]))
                tail = re.search(r"[,!]* ([^,]+)$", given)
                if tail and tail.group(1) == tail.group(1).lower():  # "Jr., et al." and such: not the name
                    given = given[:tail.start()]
                initials = initialized(given, "%s")
                if not initials:
                    continue
                register.setdefault(family, {}).setdefault(initials, set()).add(given)
                found.append((key, variable, position, family, initials))
    with_initials = rule.endswith("-with-initials")
    out: dict[str, dict[str, dict[int, tuple[bool, bool, bool]]]] = {}
    for key, variable, position, family, initials in found:
        other_initials, other_given = len(register[family]) > 1, len(register[family][initials]) > 1
        if other_initials or other_given:
            out.setdefault(key, {}).setdefault(variable, {})[position] = (other_initials, other_given, with_initials)
    return out


def _periods_stripped(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace(".", " ")).rstrip()


def _subsequent_option(citation, name: str, default: int) -> int:
    """An et-al option of later cites: et-al-subsequent-* where the style sets it."""
    root = citation.get_root()
    for option in (name.replace("et-al-", "et-al-subsequent-"), name):
        value = citation.get(option) or root.get(option)
        if value:
            try:
                return int(value)
            except ValueError:
                continue
    return default


def _names_of_the_cite_kept(keys, items_by_key: dict, options: dict, result: Result) -> None:
    """With both `disambiguate-add-names` and `-add-givenname`, citeproc-js keeps for every
    item, ambiguous or not, the number of names its (later) cite shows, and the
    bibliography shows at least as many ("A, B, C and D" where it would shorten to "A et al."
    because the cite shows all four). The number follows the et-al options of the cs:name
    the cite printed the authors with (one in a macro may set its own)."""
    for key in keys:
        if key not in options:
            continue  # (its cite printed no author names)
        min_, use_first, first_min = options[key][:3]  # (first_min: as citeproc-js caps it)
        count = len(items_by_key[key].get("author") or [])
        shown = min(count, first_min or count) if not min_ or count < min_ else use_first
        if shown > use_first:
            result.names[key] = max(result.names.get(key, 0), shown)


def _given_names_of_a_long_cite_kept(items_by_key: dict, options: dict, result: Result) -> None:
    """Under "by-cite" with add-givenname, citeproc-js keeps for every item the given-name
    level its cite printed the authors with: a cite in the long form without initialize-with
    prints given names in full, and so does the bibliography then, for every author, where
    its own cs:name would initialize them."""
    for key, cited in options.items():
        if len(cited) > 4 and not cited[3] and cited[4] is None:
            result.givens.setdefault(key, set()).update(range(len(items_by_key[key].get("author") or [])))


def _shown(count: int, cited: tuple) -> int:
    """How many names the cite shows (its et-al-min and et-al-use-first)."""
    min_, use_first = cited[:2]
    return count if not min_ or not use_first or count < min_ else min(use_first, count)


def _by_cite_step(key: str, others: list[str], names: dict, printed: dict, shown: int, add_names: bool):
    """Under the "by-cite" rule, citeproc-js's disambiguation steps one name at a time
    (`incrementDisambig`): the given name of name g (0, 1, ...), then, with add-names, one name
    more and the given name of the next one. It stops at the first step that tells the cite
    from every other: (names shown, the position whose given name it added or None), or None
    if none does. Without add-names only the first name's given name is tried. The names
    shown are `shown` + g: more than the names that differ when the given name of a name
    already shown told the cites apart (the bibliography shows them too, with add-givenname)."""
    def signature(k, count, givens):
        return tuple(full if i < givens else plain for i, (full, plain) in enumerate(zip(names[k][:count], printed[k][:count]))), \
            len(names[k]) > count

    last = max(len(names[k]) for k in (key, *others)) if add_names else 0
    for g in range(0, max(last, 1)):
        count = shown + g
        if g and all(signature(key, count, g) != signature(o, count, g) for o in others):
            return count, None  # one name more told it apart
        if all(signature(key, count, g + 1) != signature(o, count, g + 1) for o in others):
            return count, g
    return None


def _initializes(citation) -> bool:
    """Whether the citation's names are initialized (`initialize-with` on the citation, the
    style, or a cs:name of its layout or of a macro it calls)."""
    if citation.get("initialize-with") is not None or citation.get_root().get("initialize-with") is not None:
        return True
    pending, seen = [citation], set()
    while pending:
        element = pending.pop()
        if element.xpath_search(".//cs:name[@initialize-with]"):
            return True
        for text in element.xpath_search(".//cs:text[@macro]"):
            macro = text.get("macro")
            if macro not in seen:
                seen.add(macro)
                pending.extend(citation.get_root().xpath_search(f"cs:macro[@name='{macro}']"))
    return False


def _names(item: dict, rule: str, cited=None) -> list[tuple[str, str]]:
    """(family, given) of each author as the cite tells them apart: the given name as the
    cite's cs:name prints it (`cited`: its options; none in the short form, initials under
    initialize-with, else in full), and where the rule lets disambiguation add it (for every
    name, or only the first under "primary-name*"), in full, or as initials under
    "*-with-initials"."""
    from medsegcite.csl.fixes.initials import initialized

    short, initialize_with = (cited[3], cited[4]) if cited is not None and len(cited) > 4 else (True, None)
    out = []
    for position, name in enumerate(item.get("author") or []):
        family = name.get("family") or name.get("literal") or ""
        full = name.get("given", "")
        given = "" if short else full if initialize_with is None else initialized(full, initialize_with)
        if rule != "none" and not (rule.startswith("primary-name") and position > 0):
            if not rule.endswith("with-initials"):
                given = full
            elif not given:
                given = " ".join(part[:1] for part in full.replace("-", " ").split())
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
