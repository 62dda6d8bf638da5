"""Names as citeproc-js orders, shortens and joins them, where citeproc-py ignored options
or formatted them its own way (reading them in: names_reading.py; initials: initials.py;
names through a cs:substitute: names_substituted.py).

`_formatted_names` ports citeproc-js's name output as one piece (name parts, particles,
initials, et-al, delimiters and their decorations decided together, as citeproc-js
decides them); its helpers are read nowhere else.

Over 500 lines: one port of citeproc-js's name output, whose pieces decide together."""

from __future__ import annotations

import html
import re

from medsegcite.csl.fixes.decorations import each_name
from medsegcite.csl.fixes.initials import ROMANESQUE, STARTS_ROMANESQUE, initialized
from medsegcite.csl.fixes.marks import UNDOING_MARKS
from medsegcite.csl.fixes.disambiguation_applied import given_names_as_initials, given_names_in_full, names_ambiguous_in_the_list
from medsegcite.csl.fixes.state import variables as _variables


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
    from citeproc import formatter, model
    from citeproc import string as csl_string
    from citeproc.string import String

    raw_option = model.Name.get_option  # before disambiguation widens et-al-use-first
    # speed: (cs:name, context, sorting?) -> options read; the get_option wrappers change them only by
    # those two keys (sorting.py) or, for et-al-min/-use-first, by item (disambiguation_applied.py)
    fixed: dict = {}

    def process(self, item, variable, context=None, sort_options=None, **kwargs):
        sorting = getattr(_variables, "sorting", False)
        known = {} if sort_options is not None else fixed.setdefault((self, context, sorting), {})

        def option(name):
            if name in known:
                return known[name]
            value = self.get_option(name, context, sort_options)
            if name != "et-al-min" and name != "et-al-use-first":
                known[name] = value
            return value

        names = item.reference.get(variable, [])
        min_, first = option("et-al-min"), option("et-al-use-first")
        truncate = (len(names) > 1 and min_ and len(names) >= min_ and len(names) > first
                    and _et_al_applies(self, raw_option, context, sort_options))
        if option("form") == "count":
            return min(len(names), first) if truncate else len(names)
        use_last = option("et-al-use-last")
        if use_last and min_:  # citeproc-js keeps room for "… Last": at most et-al-min - 2 names before it
            # (by the style's et-al-min: when disambiguation asked for every name, the list is still cut)
            if not getattr(_variables, "subsequent_cite", False):
                min_ = raw_option(self, "et-al-min", context, sort_options)
            first = max(0, min(first, min_ - 2))
            truncate = truncate or (len(names) >= min_ and len(names) > first > 0
                                    and _et_al_applies(self, raw_option, context, sort_options))
        if truncate:
            names = names[:first] + [names[-1]] if use_last else names[:first]
        _variables.names_shown = names  # (subsequent-author-substitute compares the names shown)
        language = item.reference.get("language") or ""
        in_full = () if sorting else given_names_in_full(item.key, variable)
        ambiguous = _NO_NAMES if sorting else names_ambiguous_in_the_list(item.key, variable)
        initials = () if sorting else given_names_as_initials(item.key, variable)
        texts, inverted = _formatted_names(self, names, option, context, language, in_full, ambiguous, initials)
        if not texts:  # et-al-use-first="0": citeproc-js prints no names, and no "et al." either
            return String("")
        prefix, suffix = self.get("prefix", ""), self.get("suffix", "")
        decorate = _decorations_of(self)  # HTML: the cs:name's formatting on each name (decorations.each_name)
        if self.get_formatter() is formatter.html:  # a subsequent-author-substitute without the name-parts' formatting (citeproc-js)
            texts = [String(name["literal"]) if name.__dict__.get("substitute") else text for name, text in zip(names, texts)]
        texts = [decorate(text, literal="literal" in name) if decorate else text for name, text in zip(names, texts)]
        # around each name but a literal one (citeproc-js); a suffix mark merges with the
        # name's own last mark ("M." + ".")
        delimiter = String(option("delimiter") or "")
        # a prefix's leading space moves out of the name (citeproc-js) and goes after a joiner
        # that ends in one: a delimiter hung on the name before (", " + " Hayit" is ", Hayit"),
        # or "and " before the last name; the last gap of a list without "and" is a plain
        # delimiter, and both spaces stay ("Hajnal JV ,  In: Hill DLG")
        last = len(texts) - 1

        def name_prefix(index: int) -> str:
            if not index or not prefix.startswith(" "):
                return prefix
            if index < last:
                return prefix[1:] if str(delimiter).endswith(" ") else prefix
            return prefix[1:] if option("and") is not None else prefix

        texts = [text if "literal" in name else _concat(String(name_prefix(index)), text, csl_string.normalize_seam(text, String(suffix)))
                 for index, (text, name) in enumerate(zip(texts, names))]
        # citeproc-js hangs the delimiter on each name as its suffix (all but the last gap
        # before an "and" or a last name; every gap before "et al.")
        et_al_follows = truncate and not use_last and not sorting
        hung = 0 if suffix else len(texts) - (1 if et_al_follows else 2)
        if truncate and use_last:  # "A, B, … Z"; "A … Z" (a space alone after one name)
            if len(texts) == 1:
                return texts[0]
            gap = String(" ") if len(texts) == 2 else delimiter
            ellipsis = self.unicode_character("horizontal ellipsis")
            return _concat(_joined(texts[:-1], delimiter), gap, ellipsis, String(" "), texts[-1])
        # a sort key holds the names shown, without "et al." (citeproc-js)
        et_al = self.et_al() if truncate and not sorting else None
        if et_al is not None and not str(et_al).strip():  # an empty "et al." term: the names alone, as before one
            listed = _joined(texts, delimiter, hung)  # (no "and"), formatted once more around them
            listed = _concat(String(prefix), decorate(listed) if decorate else listed)
            return _concat(listed, csl_string.normalize_seam(listed, String(suffix)))
        if et_al:
            precedes = option("delimiter-precedes-et-al")
            if len(texts) == 1:
                gap = delimiter if precedes in ("always", "after-inverted-name") else String(" ")
            else:
                gap = String(" ") if precedes in ("never", "after-inverted-name") else delimiter
            if str(gap) == " " and not STARTS_ROMANESQUE.match(_printed(et_al)):
                gap = String("")  # "Zither等": no space before a Chinese or Japanese "et al."
            listed = _concat(_joined(texts, delimiter, hung), _after(texts[-1], gap), et_al)
            listed = _concat(String(prefix), decorate(listed) if decorate else listed)  # (citeproc-js: once more around it all)
            return _concat(listed, csl_string.normalize_seam(listed, String(suffix)))  # "et al." + "." once
        and_ = option("and")
        if and_ is None or len(texts) < 2:
            return _joined(texts, delimiter, hung)
        and_term = self.get_single_term(name="and") if and_ == "text" else self.preformat("&")
        precedes = option("delimiter-precedes-last")
        if "literal" in names[-1]:
            # before an institution citeproc-js joins as its cs:institution does: by the
            # style's (or bibliography's) delimiter-precedes-last, not the cs:name's
            precedes_here = raw_option(_ContextOnly(self), "delimiter-precedes-last", context)
            if len(texts) == 2:
                gap = delimiter if precedes_here == "always" else String(" ")
            else:
                gap = String(" ") if precedes_here == "never" else delimiter
            if precedes == "after-inverted-name" and inverted[-2]:
                gap = delimiter
        elif len(texts) == 2:
            gap = delimiter if precedes in ("always", "after-inverted-name") else String(" ")
        elif precedes == "after-inverted-name":
            gap = delimiter if inverted[-2] else String(" ")
        else:
            gap = String(" ") if precedes == "never" else delimiter
        after = String(" ")
        if not STARTS_ROMANESQUE.match(str(and_term)):
            # an "and" term not starting with a letter or "&" ("; ", "和") takes no spaces
            # around it; only a delimiter the style asks for (citeproc-js)
            after = String("")
            wanted = (precedes == "always" and len(texts) == 2) or (precedes == "after-inverted-name" and inverted[-2])
            gap = delimiter if wanted else String("")
        return _concat(_joined(texts[:-1], delimiter, hung), _after(texts[-2], gap), and_term, after, texts[-1])

    def markup(self, text):
        if text and _decorations_of(self) is not None:
            return text  # (HTML: `process` decorated each name)
        return self.format(text) if text else None  # the affixes are placed by `process`

    def _decorations_of(element):
        return each_name(element) if element.get_formatter() is formatter.html else None

    model.Name.process = process
    model.Name.markup = markup


class _ContextOnly:
    """A cs:name seen without its own attributes: `Name.get_option` on it answers what the
    citation/bibliography or the style sets (or the default)."""

    def __init__(self, element):
        self.element = element

    def get(self, _name, default=None):
        return default

    def xpath_search(self, expression):
        return self.element.xpath_search(expression)


def _et_al_applies(element, raw_option, context, sort_options) -> bool:
    """citeproc-js shortens a list only when `et-al-use-first` is set somewhere (on the
    cs:name, the citation/bibliography or the style: a lone `et-al-min` does nothing; for a
    later cite `et-al-subsequent-use-first` counts too) and is not larger than `et-al-min`."""
    if sort_options and "et-al-use-first" in sort_options:
        return True
    node = context if context is not None else element
    parent = node.xpath_search("./ancestor::*[self::cs:citation or self::cs:bibliography][1]")[0]
    later = getattr(_variables, "subsequent_cite", False)
    options = ("et-al-use-first", "et-al-subsequent-use-first") if later else ("et-al-use-first",)
    if not any(holder.get(option) is not None for holder in (element, parent, parent.get_root()) for option in options):
        return False
    return later or raw_option(element, "et-al-min", context, sort_options) >= raw_option(element, "et-al-use-first", context, sort_options)


_NO_NAMES: dict = {}


def given_name_level(entry: tuple[bool, bool, bool], short: bool, initialize_with) -> int:
    """How much of the given name a name of the global name register prints (citeproc-js's
    `evalname`, then `_givenName`): 0 none, 1 initials, 2 in full; never less than the
    cs:name's own form asks for (short 0, initialize-with 1, else 2). `entry`: its family
    name comes with other initials in the list, its initials with another given name, the
    rule is "*-with-initials" (then initials at most)."""
    other_initials, other_given, with_initials = entry
    own = 0 if short else 1 if initialize_with is not None else 2
    if with_initials:
        level = 1 if other_initials else 0
    else:
        level = 1 if other_initials else own
        if other_given or (other_initials and initialize_with is None):
            level = 2
    return max(level, own)


def _formatted_names(element, names, option, context, language="", in_full=(), ambiguous=_NO_NAMES, as_initials=()):
    """Each name as text (citeproc-py's own formatting), and whether it was inverted.
    `in_full`: positions whose given names print in full; `ambiguous`: positions the global
    name register found ambiguous (`given_name_level`: a short name then prints as a long one);
    `as_initials`: positions whose short name prints with initials."""
    from citeproc import formatter

    initialize_with = option("initialize-with")
    sort_order = option("name-as-sort-order")
    sort_separator = option("sort-separator")
    form_of_all = option("form")
    demote = option("demote-non-dropping-particle")
    parts_elements, family_part, given_part, family_suffix, given_affixed, space, decorating = \
        _name_parts.get(element) or _name_parts.setdefault(element, _name_parts_of(element))

    def as_family(text):
        """A particle formatted as the family name is, without the name-part's affixes."""
        return family_part.format(family_part.case(text)) if family_part is not None else text

    def with_particle(particle, family):
        if not particle or not family:
            return particle or family
        return particle + ("" if particle[-1] in "-'\u2019" else space) + family

    def parts_formatted(given, family, done=(), literal=False):
        # A name part the name does not have (a family-only name's given name) is left
        # out, affixes and all, as citeproc-js does; citeproc-py cased None and crashed.
        # (Its text-case is already applied, piece by piece: `cased`.) A literal name
        # takes the family's formatting, not its affixes (citeproc-js).
        for part in parts_elements:
            which = part.get("name")
            if (which == "given" and not given) or (which == "family" and not family):
                continue
            if which in done:  # (HTML: its pieces are formatted already, see `pieces`)
                given, family = (part.wrap(given), family) if which == "given" else (given, part.wrap(family))
            elif which == "given":
                given = part.wrap(part.format(given))
            elif which == "family":
                family = part.format(family) if literal else part.wrap(part.format(family))
        return given, family

    def cased(part, text):
        """citeproc-js cases each piece of a name: the given name and the dropping particle
        by the given name-part ("Ludwig Van"), the family name and the non-dropping particle
        by the family one ("van BEETHOVEN", "J. von der" under an uppercase given name)."""
        return part.case(text) if part is not None and text else text

    # HTML: citeproc-js formats each particle apart from the name it goes with (a dropping
    # particle as the given name, a non-dropping one as the family name): "<b>van</b> <b>Gogh</b>"
    apart = decorating and element.get_formatter() is formatter.html

    def pieces(*items):
        """(text, "given"|"family") pieces (cased already: `cased`), each formatted by its own
        name-part, with the separator strings between them (one between two pieces that print)."""
        out, gap = [], ""
        for item in items:
            if isinstance(item, str):
                gap = item
                continue
            text, which = item
            if not text:
                continue
            if out and gap:
                out.append(gap)
            part = given_part if which == "given" else family_part
            out.append(part.format(text) if part is not None else text)
            gap = ""
        return _concat(*out)

    def particle_gap(particle):
        return "" if particle[-1:] in ("-", "'", "\u2019") else space

    # the space between given and family name: no-break where the particle's is, when the
    # initials' own mark holds a no-break space (citeproc-js)
    initials_space = space if initialize_with is not None and ("\u00a0" in initialize_with or "\ufeff" in initialize_with) else " "

    texts, inverted = [], []
    for index, name in enumerate(names):
        given, family, dropping, non_dropping, suffix = name.parts()
        dropping, non_dropping = cased(given_part, dropping), cased(family_part, non_dropping)
        family = cased(family_part, family)
        form, initials = form_of_all, initialize_with
        if given and family and (index in in_full or index in ambiguous or (index in as_initials and form != "long")):
            # disambiguation prints the given name: a short name then prints as a long one
            level = 2 if index in in_full else 1 if index in as_initials \
                else given_name_level(ambiguous[index], form != "long", initialize_with)
            if level:
                form = "long"
                if level == 2:
                    initials = None
                elif initials is None:  # ("*-with-initials": initials even without initialize-with)
                    initials = ""
        at_initials = given is not None and initials is not None and family
        if at_initials:
            # (citeproc-js initializes no given name alone, nor one disambiguation printed in full)
            given = element.initialize(given, initials, context)
        given = cased(given_part, given)
        if not given and "literal" not in name:  # citeproc-js: no given name, no particle or suffix of it
            dropping = suffix = None
        elif suffix and initialize_with is not None:  # "Jr." as initials are written ("Jr" for "")
            suffix = initialized(str(suffix), str(initialize_with), True)
        flipped = False
        in_sort_order = sort_order == "all" or (sort_order == "first" and index == 0)
        order = 2 if "literal" in name else _script_order(family or "", given or "", language)
        if order < 2 and form == "long":
            # Chinese, Japanese: family name first whatever the style says, and no space
            # between the parts of a name written wholly in such a script ("田中太郎")
            family = (non_dropping or "") + (family or "") if order == 0 else with_particle(non_dropping, family)
            given, family = parts_formatted(given, family)
            text = _parts("" if order == 0 else " ", family, given)
        elif form == "long":
            done = ()
            if in_sort_order:
                if demote in ("never", "sort-only") and apart and (dropping or non_dropping):
                    family = pieces((non_dropping, "family"), particle_gap(non_dropping or ""), (family, "family")) if family else family
                    given = pieces((given, "given"), " ", (dropping, "given"))
                    done = ("family", "given") if family else ("given",)
                elif demote in ("never", "sort-only"):
                    family = with_particle(non_dropping, family)
                    given = " ".join(n for n in (given, dropping) if n)
                elif non_dropping and family_part is not None and not given_affixed:
                    # a demoted particle keeps the family name's formatting (citeproc-js)
                    given = pieces((given, "given"), " ", (dropping, "given")) if apart else " ".join(n for n in (given, dropping) if n)
                    done = ("given",) if apart else ()
                else:
                    given = " ".join(n for n in (given, dropping, non_dropping) if n)
                    non_dropping = None
                given, family = parts_formatted(given, family, done, literal="literal" in name)
                if demote not in ("never", "sort-only") and non_dropping:
                    given = _parts(" ", given, as_family(non_dropping))
                text = _inverted(sort_separator, family, given, suffix, family_suffix)
                flipped = bool(given)
            elif apart and family and (dropping or non_dropping):
                particle = " ".join(n for n in (dropping, non_dropping) if n)
                family = pieces((dropping, "given"), " ", (non_dropping, "family"), particle_gap(particle), (family, "family"))
                given, family = parts_formatted(given, family, ("family",))
                text = _parts(" ", _parts(initials_space if at_initials else " ", given, family), suffix)
            else:
                family = with_particle(" ".join(n for n in (dropping, non_dropping) if n), family)
                given, family = parts_formatted(given, family, literal="literal" in name)
                text = _parts(" ", _parts(initials_space if at_initials else " ", given, family), suffix)
        elif in_sort_order and non_dropping and family and demote not in ("never", "sort-only"):
            # citeproc-js inverts a short name too: its particle goes after the family name
            _, family = parts_formatted(None, family)
            text = _inverted(sort_separator, family, as_family(non_dropping), None, family_suffix)
        elif apart and non_dropping and family:
            _, text = parts_formatted(None, pieces((non_dropping, "family"), particle_gap(non_dropping), (family, "family")), ("family",))
        else:
            family = with_particle(non_dropping, family)
            given, family = parts_formatted(given, family, literal="literal" in name)
            text = family
        texts.append(text)
        inverted.append(flipped)
    return texts, inverted


_name_parts: dict = {}  # cs:name -> what _name_parts_of found (speed: once per element; a style does not change)


def _name_parts_of(element) -> tuple:
    """A cs:name's name-parts (all, family, given), the family's suffix, the given's affixes?, particle space, decorated?"""
    parts_elements = element.findall("cs:name-part", element.nsmap)
    first = {part.get("name"): part for part in reversed(parts_elements)}  # (the first of each name)
    family_part, given_part = first.get("family"), first.get("given")
    family_suffix = family_part.get("suffix", "") if family_part is not None else ""
    given_affixed = any(part.get("name") == "given" and (part.get("prefix") or part.get("suffix")) for part in parts_elements)
    # citeproc-js ties a particle with a no-break space in French, Russian, Czech ("van\u00a0Ginneken")
    space = "\u00a0" if (element.get_root().get("default-locale") or "en-US")[:2].lower() in ("fr", "ru", "cs") else " "
    decorating = any(part.get(attribute) for part in parts_elements for attribute in _DECORATING)
    return parts_elements, family_part, given_part, family_suffix, given_affixed, space, decorating


def _script_order(family: str, given: str, language: str) -> int:
    """citeproc-js's `_isRomanesque`: 0 for a family name in no script that writes names
    given-name first (Chinese, Japanese), 1 when such a name has a Latin given name or the
    item's language is Chinese or Japanese (family name first, with spaces), else 2."""
    if not ROMANESQUE.search(family.replace('"', "")):
        return 1 if given and STARTS_ROMANESQUE.match(given) else 0
    return 1 if language[:2].lower() in ("ja", "zh") else 2


def _inverted(separator, family, given, suffix, family_suffix=""):
    """An inverted name: family, sort separator, given (and the suffix after one more
    separator), each separator trimmed as citeproc-js trims a suffix (`_as_suffix`); after
    the family name, the separator adds to the suffix of its cs:name-part, if any."""
    from citeproc.string import String

    separator = str(separator or "")
    text = family
    for part in (given, suffix):
        if not part:
            continue
        if not text:
            text = part
            continue
        if family_suffix and text is family:
            gap = _as_suffix(family_suffix, separator)  # the part's suffix is the text before it
            gap = _as_suffix("", family_suffix + gap)[len(family_suffix):]
        else:
            gap = _as_suffix(str(text), separator)
        text = _parts("", text, String(gap), part)
    return text


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


def _printed(text) -> str:
    """What `text` prints, without the tags HTML output wraps around a decorated piece
    (an italic "et al." starts with "e", not "<")."""
    from citeproc.formatter.html import TagWrapper

    pieces = text if isinstance(text, list) else [text]
    if not any(isinstance(piece, TagWrapper) for piece in pieces) and not _UNDOING_MARK.search(str(text)):
        return str(text)
    # (and the marks of an undoing decoration, font-variant="normal": they print nothing)
    return html.unescape(_UNDOING_MARK.sub("", re.sub(r"<[^>]*>", "", str(text))))


_DECORATING = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")
_UNDOING_MARK = re.compile("[" + UNDOING_MARKS + "]")


def _after(text, gap):
    """citeproc-js drops the first character of the gap before "and"/"et al." when the
    name before it ends with that character ("Doe," + ", &" gives "Doe, &")."""
    from citeproc.string import String

    first = str(gap)[:1]
    if first and first in " .,;:!?" and _printed(text).endswith(first):
        return String(str(gap)[1:])
    return gap


def _joined(texts, delimiter, hung=0):
    """Texts joined by the delimiter; the first `hung` delimiters are the texts' suffixes
    in citeproc-js and are trimmed as suffixes are (`_as_suffix`)."""
    from citeproc.string import String

    pieces = []
    for index, text in enumerate(texts):
        if index:
            pieces.append(String(_as_suffix(_printed(texts[index - 1]), str(delimiter))) if index <= hung else delimiter)
        pieces.append(text)
    return _concat(*pieces)


_PUNCT = ".,;:!?"


def _as_suffix(text: str, suffix: str) -> str:
    """A suffix after `text` as citeproc-js's output queue trims it: its first mark goes when
    the text ends with the same mark ("M." + ". " gives "M. "), and one of two trailing
    spaces goes (the last one moves up a level, where it meets the one left)."""
    if suffix[:1] and suffix[0] in _PUNCT and text.endswith(suffix[0]):
        suffix = suffix[1:]
    if suffix.endswith("  "):
        suffix = suffix[:-1]
    return suffix


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    name_lists_joined_as_citeproc_js: {
        "wraps": ["citeproc.model.Name.markup", "citeproc.model.Name.process"],
        # it formats what a cs:names calls as names (CSL 1.0.2's name variables are names once csl_1_0_2_variables
        # reads them), and cases plain strings, which citeproc-py's TextCased.case cannot take
        "needs": ["csl_1_0_2_variables", "text_case_as_citeproc_js"],
    },
}
