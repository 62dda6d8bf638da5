"""Applying what `medsegcite.csl.disambiguation_decided` decided while an entry renders."""

from __future__ import annotations

from medsegcite.csl.fixes.state import variables as _variables


# What `disambiguation_decided.disambiguate` decided for the bibliography being rendered.
_DISAMBIGUATION = {"names": {}, "suffixes": {}, "implicit_suffix": False, "suffixed": set(), "condition": set(), "givens": {},
                   "register": {}, "initials": {}}


def set_disambiguation(names: dict, suffixes: dict, implicit_suffix: bool, condition: set | frozenset = frozenset(),
                       givens: dict | None = None, register: dict | None = None, initials: dict | None = None) -> None:
    _DISAMBIGUATION.update(names=names, suffixes=suffixes, implicit_suffix=implicit_suffix, suffixed=set(), condition=condition,
                           givens=givens or {}, register=register or {}, initials=initials or {})


def set_register(register: dict) -> None:
    """The names ambiguous across the list (`disambiguation_decided.names_ambiguous_across_the_list`)
    from now on: cites compared for disambiguation print them as entries do."""
    _DISAMBIGUATION["register"] = register


def given_names_in_full(key: str, variable: str) -> set[int]:
    """The positions of the authors of `key` whose given names disambiguation prints in full."""
    return _DISAMBIGUATION["givens"].get(key, ()) if variable == "author" else ()


def given_names_as_initials(key: str, variable: str) -> set[int]:
    """The positions of the authors of `key` whose initials disambiguation prints (a short cite's first step)."""
    return _DISAMBIGUATION["initials"].get(key, ()) if variable == "author" else ()


_NONE: dict = {}


def names_ambiguous_in_the_list(key: str, variable: str) -> dict[int, tuple[bool, bool, bool]]:
    """Position -> (the family name comes with other initials in the list, the initials with
    another given name, the rule is "*-with-initials") for the names of `key`'s `variable` that the global name register
    found ambiguous ({} for most)."""
    return _DISAMBIGUATION["register"].get(key, _NONE).get(variable, _NONE)


def set_condition(condition: set | frozenset) -> set | frozenset:
    """The keys for which `disambiguate="true"` holds from now on; the previous ones."""
    previous, _DISAMBIGUATION["condition"] = _DISAMBIGUATION["condition"], condition
    return previous


def disambiguated_names_and_suffixes() -> None:
    """Apply disambiguation: more names before "et al." for the items that need them,
    and a year suffix after the first year of the entry when the style does not place
    `year-suffix` itself (CSL's rule; Elsevier Harvard's "2016a"); `disambiguate="true"`
    for the items still ambiguous; later cites' et-al options while cites are compared."""
    from citeproc import model
    from citeproc.string import String, join

    name_process = model.Name.process

    def process(self, item, variable, context=None, sort_options=None, **kwargs):
        _variables.name_item = item.key
        _variables.name_count = len(item.reference.get(variable, []) or [])
        options = getattr(_variables, "cite_name_options", None)
        if options is not None and variable == "author" and item.key not in options \
                and not getattr(_variables, "sorting", False):  # (a sort key's names are not the cite's)
            options[item.key] = _et_al_options_of(self, context)
        return name_process(self, item, variable, context=context, sort_options=sort_options, **kwargs)

    model.Name.process = process
    name_option = model.Name.get_option

    def _et_al_options_of(name, context) -> tuple:
        """(et-al-min, et-al-use-first) of this cs:name in a later cite, its et-al-min in a
        first cite (the cs:name's own, else its citation's, else the style's), whether its
        form is short, its initialize-with."""
        def number(value) -> int:
            try:
                return int(value or 0)
            except ValueError:
                return 0
        return (number(name.get_option("et-al-min", context)), number(name.get_option("et-al-use-first", context)),
                number(name_option(name, "et-al-min", context)), name_option(name, "form", context) == "short",
                name_option(name, "initialize-with", context))

    def get_option(self, name, context=None, sort_options=None):
        if name in ("et-al-min", "et-al-use-first") and getattr(_variables, "subsequent_cite", False):
            later = _subsequent_value(self, name.replace("et-al-", "et-al-subsequent-"), context)
            if later is not None:
                return later
        value = name_option(self, name, context, sort_options)
        if name in ("et-al-use-first", "et-al-min") and not getattr(_variables, "sorting", False):
            needed = _DISAMBIGUATION["names"].get(getattr(_variables, "name_item", None))
            if needed and name == "et-al-use-first" and needed > int(value):
                return needed
            if needed and name == "et-al-min" and needed >= getattr(_variables, "name_count", 0):
                return getattr(_variables, "name_count", 0) + 1  # every name shown: no "et al."
        return value

    model.Name.get_option = get_option
    text_variable = model.Text._variable

    def variable(self, item, context):
        # citeproc-js compares cites without their numbers: "[1]" and "[2]" are alike
        if getattr(_variables, "subsequent_cite", False) and self.get("variable") == "citation-number":
            return None
        return text_variable(self, item, context)

    model.Text._variable = variable
    date_process = model.Date.process

    def process_date(self, item, *args, **kwargs):
        # (a localized date renders through the locale's cs:date, which names no variable)
        if self.get("variable") is not None:
            _variables.date_item = item.key if self.get("variable") == "issued" else None
        return date_process(self, item, *args, **kwargs)

    model.Date.process = process_date
    part_process = model.Date_Part.process

    def process_part(self, date, context=None):
        text = part_process(self, date, context)
        key = getattr(_variables, "date_item", None)
        state = _DISAMBIGUATION
        _variables.year_suffix = None
        if text and self.get("name") == "year" and state["implicit_suffix"] and key in state["suffixes"]:
            if key not in state["suffixed"]:
                state["suffixed"].add(key)
                _variables.year_suffix = state["suffixes"][key]
        return text

    model.Date_Part.process = process_part
    part_markup = model.Date_Part.markup

    def markup_part(self, text):
        # citeproc-js prints the suffix as a blob of its own with the year's affixes:
        # "(2016)(a)" for <date-part name="year" prefix="(" suffix=")"/>, "2016a" without.
        letter, _variables.year_suffix = getattr(_variables, "year_suffix", None), None
        year = part_markup(self, text)
        if not letter or year is None:
            return year
        return join([year, self.wrap(self.format(String(letter)))])

    model.Date_Part.markup = markup_part

    # `<if disambiguate="true">` holds only for items still ambiguous; citeproc-py
    # ignored the test and so always took the branch (MLA added titles to every cite).
    # It is one test among the others of the element, combined by its `match`.
    if_render = model.If.render
    tests = (("type", "_type"), ("variable", "_variable"), ("is-numeric", "_is_numeric"),
             ("is-uncertain-date", "_is_uncertain_date"), ("locator", "_locator"))

    from medsegcite.csl.fixes import compose

    def render_if(self, item, context=None, delimiter="", **kwargs):
        wanted = self.get("disambiguate")
        if wanted is None:
            compose.bypassed(self, "render", render_if, if_render)  # (speed: a condition without the test skips this from now on)
            return if_render(self, item, context=context, delimiter=delimiter, **kwargs)
        results = [(item.key in _DISAMBIGUATION["condition"]) == (wanted.lower() == "true")]
        for attribute, test in tests:
            if attribute in self.attrib:
                results += getattr(self, test)(item)
        if "position" in self.attrib:
            results += self._position(item, context)
        match = self.get("match", "all")
        held = any(results) if match == "any" else not any(results) if match == "none" else all(results)
        if not held:
            raise model.ConditionFailed
        return self.render_children(item, context=context, delimiter=delimiter, **kwargs)

    model.If.render = render_if


def _subsequent_value(name, option: str, context) -> int | None:
    """An et-al-subsequent-* option on the cs:name, its citation or the style (later cites)."""
    node = context if context is not None else name
    citation = node.xpath_search("./ancestor-or-self::cs:citation[1]")
    for holder in (name, *citation[:1], name.get_root()):
        value = holder.get(option)
        if value:
            try:
                return int(value)
            except ValueError:
                return None
    return None


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    disambiguated_names_and_suffixes: {
        "wraps": [
            "citeproc.model.Date.process",
            "citeproc.model.Date_Part.markup",
            "citeproc.model.Date_Part.process",
            "citeproc.model.If.render",
            "citeproc.model.Name.get_option",
            "citeproc.model.Name.process",
            "citeproc.model.Text._variable",
        ],
        # it wraps what they installed: the names fixes' Name.process, the counting Date.process and Text._variable
        "after": [
            "group_needs_a_rendered_variable",
            "cached_style_lookups",
            "sort_keys_collated",
            "name_lists_joined_as_citeproc_js",
        ],
    },
}
