"""Sort keys as citeproc-js builds and compares them.

citeproc-js renders each `cs:key` as plain text in a mode of its own (its "sort key
flag"): names without "et al.", without "and" and without their `cs:label`, each name
family first. It compares keys with
`Intl.Collator(locale, {sensitivity: "base", ignorePunctuation: true, numeric: true})`
after turning every space into "|" (a symbol that sorts before letters and digits):
case, accents and punctuation do not count, words and numbers do. An empty key sorts
last, whether the key is ascending or descending; items equal on every key keep their
input order. With PyICU installed (the `collation` extra) keys are compared by ICU in the
style's language, as Intl.Collator does (Slovak "ch" after "h"); without it,
`collation_key` gives the same order for the languages that sort like English.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cmp_to_key
from html import unescape

from medsegcite.csl.fixes.affix_markup import as_characters
from medsegcite.csl.fixes.state import variables as _variables


_QUOTES = str.maketrans("", "", "“”‘’\"")
_IGNORED = re.compile(r"[^\w\s]+|_+")
_DIGITS = re.compile(r"\d+")
_APOSTROPHE = re.compile("['\u2019]")


def _numeric(match) -> str:
    return f"{len(match.group()):04d}{match.group()}"  # "9" before "10"


def collation_key(key):
    """What citeproc-js's collator compares of a rendered key, as a Python string (None
    for an empty key): no accents, case or punctuation; numbers by value; a word break
    before any letter or digit."""
    if key is None:
        return None
    text = str(key)
    if not text.strip():
        return None
    base = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    base = _IGNORED.sub("", base.translate(_QUOTES))
    # every space is a word break of its own, as each becomes citeproc-js's "|": "Lubomir / Samala"
    # ("Lubomir||Samala") sorts before "Lubomir M. / Samala" ("Lubomir|M|Samala")
    return _DIGITS.sub(_numeric, base).casefold()


_COLLATORS: dict = {}


def _collator(locale: str):
    """ICU's collator for the style's locale, set as citeproc-js sets its Intl.Collator
    (sensitivity "base", ignorePunctuation, numeric); None without PyICU."""
    try:
        return _COLLATORS[locale]
    except KeyError:
        pass
    try:
        import icu
    except ImportError:
        _COLLATORS[locale] = None
        return None
    collator = icu.Collator.createInstance(icu.Locale(locale.replace("-", "_")))
    collator.setStrength(icu.Collator.PRIMARY)
    collator.setAttribute(icu.UCollAttribute.ALTERNATE_HANDLING, icu.UCollAttributeValue.SHIFTED)
    collator.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
    _COLLATORS[locale] = collator
    return collator


def _icu_key(collator, key):
    """citeproc-js's key string (spaces as "|", a "|" at the end, lower case) as ICU sorts it."""
    if key is None:
        return None
    text = str(key)
    if not text.strip():
        return None
    return collator.getSortKey(text.lower().replace(" ", "|") + "|")


def compare_keys(left: list, right: list, descending: list[bool]) -> int:
    """citeproc-js's Comparifier: key by key; an empty key after a present one in either
    direction; 0 when every key is equal."""
    for a, b, down in zip(left, right, descending):
        if a == b:
            continue
        if a is None:
            return 1
        if b is None:
            return -1
        result = -1 if a < b else 1
        return -result if down else result
    return 0


def sort_keys_collated() -> None:
    """Sort as citeproc-js does (see the module's docstring): keys rendered as plain
    text in sort mode, compared by its collation, empty keys last."""
    from citeproc import formatter, model

    original = model.Key.sort_keys

    def sort_keys(self, items, context):
        root = self.get_root()
        shown = getattr(root, "formatter", None)
        html = shown is formatter.html
        _variables.sorting = True
        root.formatter = formatter.plain  # citeproc-js renders keys without decorations
        try:
            keys = _variable_keys(self, items)
            if keys is None and "macro" in self.attrib:
                keys = _macro_keys(self, items, context)
            if keys is None:
                keys = original(self, items, context)
        finally:
            _variables.sorting = False
            if shown is not None:
                root.formatter = shown
        # (the items' values were escaped for HTML before the engine got them)
        keys = [unescape(str(k)) if html and k is not None and "&" in str(k) else k for k in keys]
        if html:  # a style's own `&`, `<`, `>` (its affixes) as placeholders: see affix_markup
            keys = [as_characters(k) if isinstance(k, str) else k for k in keys]
        collator = _collator(root.get("default-locale") or "en-US")
        if collator is None:
            return [collation_key(k) for k in keys]
        return [_icu_key(collator, k) for k in keys]

    model.Key.sort_keys = sort_keys

    def sort(self, items, context):
        keys = self.findall("cs:key", self.nsmap)
        descending = [key.get("sort", "ascending").lower() == "descending" for key in keys]
        columns = [key.sort_keys(items, context) for key in keys]
        rows = list(zip(items, *columns)) if columns else [(item,) for item in items]
        rows.sort(key=cmp_to_key(lambda a, b: compare_keys(a[1:], b[1:], descending)))  # stable: input order
        return [row[0] for row in rows]

    model.Sort.sort = sort

    name_option = model.Name.get_option

    def get_option(self, name, context=None, sort_options=None):
        # (citeproc-py does not hand its sort options down through every macro)
        if getattr(_variables, "sorting", False):
            if name == "and":
                return None  # a plain list: "…, & Išgum" sorted before "…, de Jong" (APA)
            if name == "name-as-sort-order":
                return "all"  # CSL: names in sort keys are in sort order
            if name == "sort-separator":
                return " "  # citeproc-js's one separator between family and given names
            if name == "demote-non-dropping-particle":
                # "sort-only" demotes the particle in sort keys; only "never" keeps it in front
                value = name_option(self, name, context, sort_options)
                return "never" if (value or "").lower() == "never" else "display-and-sort"
        return name_option(self, name, context, sort_options)

    model.Name.get_option = get_option

    et_al = model.Name.et_al

    def name_et_al(self):
        if getattr(_variables, "sorting", False):
            return None  # names cut by names-min/names-use-first, without the term
        return et_al(self)

    model.Name.et_al = name_et_al

    label_render = model.Label.render
    names_tag = f"{{{model.CitationStylesElement.nsmap['cs']}}}names"

    def render_label(self, *args, **kwargs):
        if getattr(_variables, "sorting", False) and self.getparent().tag == names_tag:
            return None  # "Doe, John ed." sorts as "Doe, John"
        return label_render(self, *args, **kwargs)

    model.Label.render = render_label


def _variable_keys(key, items) -> list | None:
    """The keys of a `cs:key variable=` citeproc-py gets wrong (None: its own are right):
    a name list as citeproc-js writes it in a sort key, and a made `citation-label`."""
    variable = key.get("variable")
    if variable is None:
        return None
    if variable == "citation-label":
        from medsegcite.csl.fixes.citation_label import label
        from medsegcite.csl.fixes.text_case import TITLE_STOP_WORDS

        return [item.reference.get("citation_label") or label(item.reference, TITLE_STOP_WORDS) for item in items]
    if variable == "page-first":
        return [page_first(item.reference.get("page")) for item in items]
    import citeproc

    name = variable.replace("-", "_")
    if name not in citeproc.NAMES:
        return None
    minimum, first, use_last = _et_al_options(key)
    demote = (key.get_root().get("demote-non-dropping-particle") or "display-and-sort").lower()
    initialize_with = _initialize_with(key)
    out = []
    for item in items:
        names = item.reference.get(name) or item.reference.get(variable)
        if not names:
            out.append(None)
            continue
        names = list(names)
        if minimum and first is not None and len(names) >= minimum and len(names) > first:
            names = names[:first] + names[-1:] if use_last else names[:first]
        out.append(", ".join(sort_name(n, demote, initialize_with) for n in names))
    return out


def _initialize_with(key) -> str | None:
    """The initialize-with a name key inherits (its citation's or bibliography's, else the
    style's): citeproc-js writes the given names of a sort key initialized with it
    ("Hadjiiski|L.,|Samala" sorts before "Hadjiiski|L.M.,|Chan")."""
    from medsegcite.csl.fixes.initials import initialized

    bibliography, root = key.getparent().getparent(), key.get_root()
    for holder in (bibliography, root):
        if holder is None:
            continue
        if (holder.get("initialize") or "").lower() == "false":
            return None
        value = holder.get("initialize-with")
        if value is not None:
            hyphen = (holder.get("initialize-with-hyphen") or root.get("initialize-with-hyphen") or "true").lower() != "false"
            return lambda given: initialized(given, value, False, hyphen)
    return None


def _macro_keys(key, items, context) -> list:
    """The keys of a `cs:key macro=`, each macro expanded as a group, as citeproc-js expands
    it: empty when it called variables and none of them printed, so an author macro that
    prints only a substitute's "Anonymous" gives an empty key and the item sorts last."""
    layout = context.get_layout()
    sort_options = {"name-as-sort-order": "all"}  # (citeproc-py's own options for a macro key)
    # The key's names-min/-use-first/-use-last, else the citation's or bibliography's et-al
    # options, else the style's, each over the macro's cs:name's own (citeproc-js's key
    # sets them for the names it renders): bibliography et-al-min="6" cuts a seven-name
    # list in the key where the macro's name says et-al-min="3", and no shorter list.
    area, root = key.getparent().getparent(), key.get_root()
    for option in ("names-min", "names-use-first", "names-use-last"):
        inherited = option.replace("names", "et-al")
        value = next((holder.get(name) for holder, name in ((key, option), (area, inherited), (root, inherited))
                      if holder is not None and holder.get(name) is not None), None)
        if value is not None:
            sort_options[inherited] = value
    macro = key.get_macro(key.get("macro"))
    out = []
    from medsegcite.csl.fixes import suppression

    for item in items:
        layout.repressed = {}
        flags = suppression._flags()
        try:  # (suppression's group flags decide, as for a macro called in the layout)
            text = suppression._as_a_group(lambda: macro.render(item, context=context, sort_options=sort_options))
        finally:
            _variables.attempt, _variables.success = flags
        out.append(text)
    return out


_PAGE_SPLIT = re.compile(r"\s*(?:&|, |-|\u2013)\s*")


def page_first(page) -> str | None:
    """`page-first` as citeproc-js derives it from `page` when it loads an item (the part
    before the first range or list mark), so a `cs:key variable="page-first"` sorts by it
    (citeproc-py had no such variable: every key empty)."""
    if page is None or not str(page):
        return None
    text = str(page)
    first = _PAGE_SPLIT.split(text)[0]
    return text if first.endswith("\\") else first


def _et_al_options(key):
    """names-min/-use-first/-use-last of the key, else the bibliography's et-al options."""
    bibliography = key.getparent().getparent()

    def option(own: str, inherited: str):
        value = key.get(own)
        if value is None and bibliography is not None:
            value = bibliography.get(inherited)
        return key.get_root().get(inherited) if value is None else value

    minimum, first = option("names-min", "et-al-min"), option("names-use-first", "et-al-use-first")
    use_last = (option("names-use-last", "et-al-use-last") or "false").lower() == "true"
    try:
        return (int(minimum) if minimum else None), (int(first) if first else None), use_last
    except ValueError:
        return None, None, False


def sort_name(name, demote: str, initialize=None) -> str:
    """One name as citeproc-js writes it in a sort key: family name first, the particles
    after the given names (before the family name under demote "never"), apostrophes
    dropped from the particles; given names initialized by `initialize` when the key
    inherits an initialize-with."""
    given, family, dropping, non_dropping, suffix = name.parts()
    if initialize is not None and given and family:
        given = initialize(str(given))
    dropping = _APOSTROPHE.sub("", dropping, count=1) if dropping else dropping
    non_dropping = _APOSTROPHE.sub("", non_dropping, count=1) if non_dropping else non_dropping
    if demote == "never":
        head = " ".join(p for p in (non_dropping, family, dropping) if p)
        tail = given
    else:
        head = family
        tail = " ".join(p for p in (given, dropping, non_dropping) if p)
    return " ".join(p for p in (head, tail, suffix) if p)


def dates_rule_sort_macros() -> None:
    """A macro that holds a `cs:date`, rendered for a sort key, gives only its dates, each as
    a sortable number (year, month, day of the start, then of the end, as far as the date
    shows them), as citeproc-js renders it: its text and terms are dropped ("n.d." for an
    item without a date sorts last, not under "n"), and so is a title in such a macro
    (a type-dependent title macro with a webpage's access date sorts nothing)."""
    from citeproc import model
    from citeproc.string import String

    date_tag = f"{{{model.CitationStylesElement.nsmap['cs']}}}date"
    has_date: dict = {}
    macro_render = model.Macro.render

    def render_macro(self, item, context=None, sort_options=None):
        if not getattr(_variables, "sorting", False):
            return macro_render(self, item, context=context, sort_options=sort_options)
        try:
            dated = has_date[self]
        except KeyError:
            dated = has_date[self] = next(self.iter(date_tag), None) is not None
        if not dated:
            return macro_render(self, item, context=context, sort_options=sort_options)
        outer, _variables.date_keys = getattr(_variables, "date_keys", None), []
        try:
            macro_render(self, item, context=context, sort_options=sort_options)
            keys = _variables.date_keys
        finally:
            _variables.date_keys = outer
        return String("".join(keys)) if keys else None

    model.Macro.render = render_macro
    date_render = model.Date.render

    def render_date(self, item, *args, **kwargs):
        keys = getattr(_variables, "date_keys", None)
        if keys is not None and getattr(_variables, "sorting", False) and self.get("variable"):
            key = date_sort_key(self, item.reference.get(self.get("variable").replace("-", "_")))
            if key:
                keys.append(key)
        return date_render(self, item, *args, **kwargs)

    model.Date.render = render_date


def date_sort_key(element, value) -> str:
    """citeproc-js's dateAsSortKey: the start's and the end's year, month and day, as far
    as `element` shows them ("" without a year)."""
    from citeproc.source import DateRange, LiteralDate

    if value is None or isinstance(value, LiteralDate):
        return ""
    if element.get("form") is not None:
        shown = (element.get("date-parts") or "year-month-day").split("-")
    else:
        shown = [part.get("name") for part in element.iterchildren() if part.get("name")]
    begin, end = (value.begin, value.get("end")) if isinstance(value, DateRange) else (value, None)

    def part(date, name):
        if date is None or name not in shown:
            return 0
        try:
            number = int(getattr(date, name))
        except Exception:  # a missing part (VariableError) or a season name
            return 0
        return number

    if not part(begin, "year"):
        return ""
    key = ""
    for date in (begin, end):
        key += f"{part(date, 'year') + 10000:05d}{part(date, 'month'):02d}{part(date, 'day'):02d}"
    return key


def citation_number_positions(root, keys: list[str]) -> dict[str, int]:
    """key -> its citation number less one, for a bibliography in the order `keys`: the
    position in that order, counted from the end when the bibliography sorts by
    `citation-number` descending (citeproc-js numbers the items in citation order and lists
    them backwards: "3. C", "2. B", "1. A")."""
    descending = bool(root.xpath_search("./cs:bibliography/cs:sort/cs:key[@variable='citation-number'][@sort='descending']"))
    last = len(keys) - 1
    return {key: (last - index if descending else index) for index, key in enumerate(keys)}


def short_names_in_sort_keys() -> None:
    """A short name (`form="short"`) in a sort key is the family name with its particle
    after it ("Ginneken van"), unless the style never demotes particles, as citeproc-js
    writes it: "Lessmann, Ginneken van, Išgum" sorts before "Lessmann, Ginneken van, Jong
    de, Išgum" (citeproc-py's "de Jong" sorted it before "Išgum"). Installed after the
    names fixes, which replace `Name.process`."""
    from citeproc import model
    from citeproc.source import Name

    name_process = model.Name.process

    def process(self, item, variable, context=None, sort_options=None, **kwargs):
        if getattr(_variables, "sorting", False) and self.get_option("form", context, sort_options) == "short" \
                and (self.get_root().get("demote-non-dropping-particle") or "").lower() != "never":
            _variables.particle_last = True
            try:
                return name_process(self, item, variable, context=context, sort_options=sort_options, **kwargs)
            finally:
                _variables.particle_last = False
        return name_process(self, item, variable, context=context, sort_options=sort_options, **kwargs)

    model.Name.process = process
    parts = Name.parts

    def name_parts(self):
        given, family, dropping, non_dropping, suffix = parts(self)
        if non_dropping and family and getattr(_variables, "particle_last", False):
            return given, f"{family} {_APOSTROPHE.sub('', non_dropping, count=1)}", dropping, None, suffix
        return given, family, dropping, non_dropping, suffix

    Name.parts = name_parts


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    sort_keys_collated: {
        "wraps": [
            "citeproc.model.Key.sort_keys",
            "citeproc.model.Label.render",
            "citeproc.model.Name.et_al",
            "citeproc.model.Name.get_option",
            "citeproc.model.Sort.sort",
        ],
        "after": ["cached_style_lookups"],
    },
    dates_rule_sort_macros: {"wraps": ["citeproc.model.Date.render", "citeproc.model.Macro.render"]},
    short_names_in_sort_keys: {
        "wraps": ["citeproc.model.Name.process", "citeproc.source.Name.parts"],
        # it wraps the names and disambiguation fixes' Name.process
        "after": ["disambiguated_names_and_suffixes"],
    },
}
