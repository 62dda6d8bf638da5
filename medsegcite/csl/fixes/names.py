"""Name formatting options citeproc-py ignored."""

from __future__ import annotations


def initialize_false_keeps_given_names() -> None:
    """`initialize="false"`: given names stay in full; only lone initials get the mark.

    citeproc-py ignored the attribute and initialised every given name whenever
    `initialize-with` was set (Chicago and MLA print "Agn, Mikael", not "Agn, M.").
    """
    from citeproc import model

    original = model.Name.initialize

    def initialize(self, given, mark, context):
        if _inherited(self, "initialize", "true").lower() != "false":
            return original(self, given, mark, context)
        words = []
        for word in given.split():
            bare = word.rstrip(".")
            words.append(bare + mark.rstrip() if len(bare) == 1 and bare.isupper() else word)
        return " ".join(words)

    model.Name.initialize = initialize


def _inherited(element, attribute: str, default: str) -> str:
    """An inheritable name option: on the element, its cs:names' parents, the bibliography, the style."""
    node = element
    while node is not None:
        value = node.get(attribute)
        if value is not None:
            return value
        node = node.getparent()
    return default


def name_lists_joined_as_citeproc_js() -> None:
    """A list of names is joined as citeproc-js joins it:

    - `delimiter-precedes-last` and `delimiter-precedes-et-al` take every CSL value,
      "after-inverted-name" included ("Roe, Ann, and Bo Doe"; citeproc-py ignored it),
      and the delimiter before "and" is the name delimiter (citeproc-py wrote ", ");
    - a `cs:name` prefix/suffix goes around each name, and around the whole list once
      more when "et al." ends it ("Gao, et al." for `<name suffix=", "/>`);
    - pieces are joined as they are: a suffix "," and a delimiter ", " make ",, ",
      which citeproc-py's seam rule turned into ", ".
    `form="count"` counts the names that would print.
    """
    from citeproc import model
    from citeproc import string as csl_string
    from citeproc.string import String

    def process(self, item, variable, context=None, sort_options=None, **kwargs):
        def option(name):
            return self.get_option(name, context, sort_options)

        names = item.reference.get(variable, [])
        min_, first = option("et-al-min"), option("et-al-use-first")
        truncate = len(names) > 1 and min_ and len(names) >= min_
        if option("form") == "count":
            return min(len(names), first) if truncate else len(names)
        use_last = option("et-al-use-last") and first <= min_ - 2
        if truncate:
            names = names[:first] + [names[-1]] if use_last else names[:first]
        texts, inverted = _formatted_names(self, names, option, context)
        if not texts:  # et-al-use-first="0": citeproc-js prints no names, and no "et al." either
            return String("")
        prefix, suffix = self.get("prefix", ""), self.get("suffix", "")
        # around each name; a suffix mark merges with the name's own last mark ("M." + ".")
        texts = [_concat(String(prefix), text, csl_string.normalize_seam(text, String(suffix))) for text in texts]
        delimiter = String(option("delimiter") or "")
        et_al = self.et_al() if truncate else None
        if et_al and use_last:
            texts[-1] = _concat(self.unicode_character("horizontal ellipsis"), String(" "), texts[-1])
            return _joined(texts, delimiter)
        if et_al:
            precedes = option("delimiter-precedes-et-al")
            if len(texts) == 1:
                gap = delimiter if precedes in ("always", "after-inverted-name") else String(" ")
            else:
                gap = String(" ") if precedes in ("never", "after-inverted-name") else delimiter
            listed = _concat(String(prefix), _joined(texts, delimiter), _after(texts[-1], gap), et_al)
            return _concat(listed, csl_string.normalize_seam(listed, String(suffix)))  # "et al." + "." once
        and_ = option("and")
        if and_ is None or len(texts) < 2:
            return _joined(texts, delimiter)
        and_term = self.get_single_term(name="and") if and_ == "text" else self.preformat("&")
        precedes = option("delimiter-precedes-last")
        if len(texts) == 2:
            gap = delimiter if precedes in ("always", "after-inverted-name") else String(" ")
        elif precedes == "after-inverted-name":
            gap = delimiter if inverted[-2] else String(" ")
        else:
            gap = String(" ") if precedes == "never" else delimiter
        return _concat(_joined(texts[:-1], delimiter), _after(texts[-2], gap), and_term, String(" "), texts[-1])

    def markup(self, text):
        return self.format(text) if text else None  # the affixes are placed by `process`

    model.Name.process = process
    model.Name.markup = markup


def _formatted_names(element, names, option, context):
    """Each name as text (citeproc-py's own formatting), and whether it was inverted."""
    initialize_with = option("initialize-with")
    sort_order = option("name-as-sort-order")
    sort_separator = option("sort-separator")
    form = option("form")
    demote = option("demote-non-dropping-particle")
    parts_elements = element.findall("cs:name-part", element.nsmap)
    locale = (element.get_root().get("default-locale") or "en-US")[:2].lower()
    # citeproc-js ties a particle to the family name with a no-break space in French,
    # Russian and Czech ("van\u00a0Ginneken"), and writes "al-" + "Ghazali" as one word
    space = "\u00a0" if locale in ("fr", "ru", "cs") else " "

    def with_particle(particle, family):
        if not particle or not family:
            return particle or family
        return particle + ("" if particle[-1] in "-'\u2019" else space) + family

    def parts_formatted(given, family):
        # A name part the name does not have (a family-only name's given name) is left
        # out, affixes and all, as citeproc-js does; citeproc-py cased None and crashed.
        for part in parts_elements:
            which = part.get("name")
            if (which == "given" and not given) or (which == "family" and not family):
                continue
            given, family = part.format_part(given, family)
        return given, family

    texts, inverted = [], []
    for index, name in enumerate(names):
        given, family, dropping, non_dropping, suffix = name.parts()
        if given is not None and initialize_with is not None:
            given = element.initialize(given, initialize_with, context)
        flipped = False
        if form == "long":
            if sort_order == "all" or (sort_order == "first" and index == 0):
                if demote in ("never", "sort-only"):
                    family = with_particle(non_dropping, family)
                    given = " ".join(n for n in (given, dropping) if n)
                else:
                    given = " ".join(n for n in (given, dropping, non_dropping) if n)
                given, family = parts_formatted(given, family)
                text = _parts(sort_separator, family, given, suffix)
                flipped = bool(given)
            else:
                family = with_particle(" ".join(n for n in (dropping, non_dropping) if n), family)
                given, family = parts_formatted(given, family)
                text = _parts(" ", given, family, suffix)
        else:
            family = with_particle(non_dropping, family)
            given, family = parts_formatted(given, family)
            text = family
        texts.append(text)
        inverted.append(flipped)
    return texts, inverted


def _parts(separator, *parts):
    """Name parts joined; a part formatted by cs:name-part may be a MixedString."""
    present = [part for part in parts if part]
    if all(type(part) is str for part in present):
        return separator.join(present)
    from citeproc.string import String

    return _joined(present, String(separator))


def _concat(*pieces):
    """Pieces joined as they are (no seam rule), empty ones left out."""
    from citeproc.string import MixedString, String

    out = MixedString()
    for piece in pieces:
        if piece is None or str(piece) == "":
            continue
        if isinstance(piece, MixedString):
            list.extend(out, piece)
        else:
            list.append(out, piece if not type(piece) is str else String(piece))
    return out


def _after(text, gap):
    """citeproc-js drops the first character of the gap before "and"/"et al." when the
    name before it ends with that character ("Doe," + ", &" gives "Doe, &")."""
    from citeproc.string import String

    first = str(gap)[:1]
    if first and first in " .,;:!?" and str(text).endswith(first):
        return String(str(gap)[1:])
    return gap


def _joined(texts, delimiter):
    pieces = []
    for index, text in enumerate(texts):
        if index:
            pieces.append(delimiter)
        pieces.append(text)
    return _concat(*pieces)
