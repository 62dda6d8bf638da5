"""Names as citeproc-js reads them in, before any formatting: particles and suffixes
parsed out of family and given names, quoted family names taken whole
(`names_read_as_citeproc_js`, applied to each item by `prepare_item`)."""

from __future__ import annotations

import re
from functools import lru_cache


# citeproc-js's CSL.PARTICLE_*_REGEXP: a leading word of a family name (a trailing word of
# a given name, read backwards) and what joins it to the rest.
_PARTICLE_FAMILY = re.compile(r"^([^ ]+(?:-|\u02bb|\u2019| |') *)(.+)$")
_PARTICLE_GIVEN = re.compile(r"^([^ ]+(?:\u02bb |\u2019 | |' ) *)(.+)$")
_PARTICLE_FIRST_LETTER = re.compile(r"^[-'\u02bb\u2019\s]*(.)", re.S)


def names_read_as_citeproc_js(item: dict) -> dict:
    """The item's names as citeproc-js reads them before it formats them: a family name in
    double quotes is taken as it is, quotes dropped ("\\"Van Dyke\\""); otherwise, for a
    name with a given name and no particle of its own, the lowercase words leading the
    family name are its non-dropping particle ("von Hoppel", "al-One"), the lowercase words
    ending the given name its dropping particle, and ", Jr." after the given name its
    suffix. A given name with markup (`<b>John</b>`) is marked as family names are."""
    changed = None
    for key, value in item.items():
        if not isinstance(value, list) or not value or not all(isinstance(name, dict) for name in value):
            continue
        names = [_name_read(name) for name in value]
        if any(new is not old for new, old in zip(names, value)):
            changed = changed if changed is not None else dict(item)
            changed[key] = names
    return item if changed is None else changed


def _name_read(name: dict) -> dict:
    family, given = name.get("family"), name.get("given")
    if not isinstance(family, str) or "literal" in name or name.get("parse-names") in (False, "false"):
        return name
    out = name
    if len(family) > 1 and family[0] == '"' and family[-1] == '"':
        out = dict(name, family=family[1:-1])
    elif isinstance(given, str) and given and family and not name.get("non-dropping-particle") \
            and not name.get("static-particles"):
        parsed = _particles_parsed(family, given, bool(name.get("suffix")))
        if parsed:
            out = dict(name, **parsed)
    given = out.get("given")
    if isinstance(given, str) and "<" in given:
        from medsegcite.csl.fixes.rich_text import marked

        out = dict(out) if out is name else out
        out["given"] = marked(given)
    return out


@lru_cache(maxsize=8192)  # speed: the same names come back entry after entry
def _particles_parsed(family: str, given: str, has_suffix: bool) -> dict:
    """What CSL.parseParticles changes in a name with this family and given name (or {})."""
    name = {"family": family, "given": given, **({"suffix": True} if has_suffix else {})}
    _parse_particles(name)
    changed = {key: value for key, value in name.items() if key != "suffix" or not has_suffix}
    return {} if changed == {"family": family, "given": given} else changed


def _parse_particles(name: dict) -> None:
    """citeproc-js's CSL.parseParticles on a name (changed in place)."""
    _, family, particles = _split_particles(name["family"], given=False)
    name["family"] = family
    particle = "".join(particles)
    trimmed = particle.strip()
    if particle.endswith(" ") and trimmed.endswith(("'", "\u2019")):
        trimmed += " "
    if trimmed:
        name["non-dropping-particle"] = trimmed
    given = name["given"]
    if not name.get("suffix"):
        comma = re.search(r"(\s*,!*\s*)", given)
        if comma:
            suffix = given[comma.end():]
            if suffix.replace(".", "") != "et al":
                name["suffix"], given = suffix, given[: comma.start()]
    _, given, particles = _split_particles(given, given=True)
    name["given"] = given
    dropping = "".join(particles).strip()
    if dropping:
        name["dropping-particle"] = dropping


def _split_particles(value: str, given: bool) -> tuple[bool, str, list[str]]:
    """(found, the name without its particles, the particles): leading lowercase words of
    a family name, or trailing ones of a given name."""
    original = value
    particles: list[str] = []
    pattern = _PARTICLE_GIVEN if given else _PARTICLE_FAMILY
    if given:
        value = value[::-1]
    found = False
    match = pattern.match(value)
    while match:
        word = match.group(1)[::-1] if given else match.group(1)
        first = _PARTICLE_FIRST_LETTER.match(word)
        found = bool(first) and first.group(1).upper() != first.group(1)
        if not found:
            break
        if given:
            particles.append(original[-len(word):])
            original = original[: -len(word)]
        else:
            particles.append(original[: len(word)])
            original = original[len(word):]
        value = match.group(2)
        match = pattern.match(value)
    if given:
        particles.reverse()
        for index in range(1, len(particles)):
            if particles[index][:1] == " ":
                particles[index - 1] += " "
        particles = [p[1:] if p[:1] == " " else p for p in particles]
        return found, original[: len(value)], particles
    return found, original[-len(value):] if value else original, particles
