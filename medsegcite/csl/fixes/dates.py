"""Date ranges, as CSL specifies and citeproc-js prints them.

citeproc-py printed a range as the differing parts of the start, an en dash, the differing
parts of the end, then the shared parts, all with their affixes: "2,–4, January 1999" for
citeproc-js's "January 2–4, 1999". A range now keeps the parts in their order, prints
the shared ones once, joins the start and the end of the differing run with the
`range-delimiter` of the run's last part in the date's order, as citeproc-js does (en
dash by default; the calling date's `cs:date-part` may set it) and drops the affixes at
that seam. A localized date joins
its parts with the locale's own `delimiter`, if it has one. The first range citeproc-js
renders ends in the affixes of the style's last date (`set_first_range`).
"""

from __future__ import annotations

from medsegcite.csl.fixes import state

ORDER = ("year", "month", "day")


def _value(date, name):
    try:
        return getattr(date, name)
    except Exception:  # citeproc-py raises VariableError (or KeyError) for a missing part
        return None


def date_ranges_as_specified() -> None:
    from citeproc import model
    from citeproc.source import VariableError
    from citeproc.string import String

    def joiner(date, context):
        if not date.is_locale_date():
            return date
        return date if date.get("delimiter") is not None else context

    original_single = model.Date.render_single_date

    def render_single_date(self, date, show_parts=None, context=None):
        if not self.is_locale_date() or self.get("delimiter") is None:
            return original_single(self, date, show_parts, context)
        parts = self.parts(date, show_parts, context)
        return self.join(parts) if parts else None

    model.Date.render_single_date = render_single_date

    def render_date_range(self, date_range, show_parts=None, context=None):
        show = list(show_parts or ORDER)
        begin, end = date_range.begin, date_range.end
        if end.is_nil():
            return self.render_single_date(begin, show, context)
        show = [n for n in show if _value(begin, n) is not None or _value(end, n) is not None]
        differing = next((n for n in ORDER if n in show and _value(begin, n) != _value(end, n)), None)
        if differing is None:
            return self.render_single_date(begin, show, context)
        in_run = set(ORDER[ORDER.index(differing):]) & set(show)
        parts = [p for p in self.iterchildren() if p.get("name") in show]
        run = [i for i, part in enumerate(parts) if part.get("name") in in_run]
        if not run:
            return self.render_single_date(begin, show, context)
        low, high = run[0], run[-1]

        def render(part, date, drop_prefix=False, drop_suffix=False):
            try:
                text = part.render(date, context)
            except VariableError:
                return None
            if text is None:
                return None
            plain = str(text)
            merged = dict(part.attrib)  # with the calling date's attributes for this part, as rendered
            for calling in (context.iterchildren() if context is not None and context is not self else ()):
                if calling.get("name") == part.get("name"):
                    merged.update(calling.attrib)
            prefix, suffix = merged.get("prefix", ""), merged.get("suffix", "")
            if drop_suffix and suffix and plain.endswith(suffix):
                plain, text = plain[: -len(suffix)], None
            if drop_prefix and prefix and plain.startswith(prefix):
                plain, text = plain[len(prefix) :], None
            return String(plain) if text is None else text

        join = joiner(self, context).join
        start = [render(p, begin, drop_suffix=(i == high)) for i, p in enumerate(parts) if low <= i <= high]
        stop = [render(p, end, drop_prefix=(i == low)) for i, p in enumerate(parts) if low <= i <= high]
        start, stop = [t for t in start if t is not None], [t for t in stop if t is not None]
        if not start or not stop:
            return self.render_single_date(begin, show, context)
        seam = _range_delimiter(self, context, parts[high].get("name"))
        middle = join(start) + String(seam) + _first_range_end(context if context is not None else self, join(stop))
        before = [render(p, begin) for p in parts[:low]]
        after = [render(p, begin) for p in parts[high + 1 :]]
        return join([t for t in before if t is not None] + [middle] + [t for t in after if t is not None])

    model.Date.render_date_range = render_date_range

    original_process = model.Date.process

    def process(self, item, *args, **kwargs):
        state.variables.date_item = item.key  # for _first_range_end
        return original_process(self, item, *args, **kwargs)

    model.Date.process = process


# citeproc-js (CSL.Node["date-part"]) writes the end of a range into a side queue whose
# open level is, for the first range the engine renders, the last `cs:date` it compiled
# (the bibliography's last, macros expanded where called), affixes included; later ranges
# get a copy without affixes. So the first range printed reads "2010–Accessed: 2011" when
# the style's last date is `prefix="Accessed: "`. The engine renders every item's citation
# (for disambiguation, in input order) before the bibliography: a citation that prints a
# range takes the quirk there. {"probe": bool, "hit": (key, path) | None, "prefix", "suffix"}
_FIRST_RANGE: dict = {}


def set_first_range(root, cited: list[tuple[str, dict]], cite, listed: list[tuple[str, dict]], entry) -> None:
    """Find the range citeproc-js renders first and arm the quirk for it: `cited` are the
    items in input order, `cite(key)` renders one's citation; `listed` in bibliography order,
    `entry(key)` renders one's entry. `root` None disarms."""
    _FIRST_RANGE.clear()
    if root is None:
        return
    bibliography = root.xpath_search("cs:bibliography/cs:layout")
    if not bibliography:
        return
    macros = {macro.get("name"): macro for macro in root.xpath_search("cs:macro")}
    compiled: set = set()
    dates = [date for area in root.xpath_search("cs:citation | cs:bibliography") for date in _dates_in_order(area, macros, compiled)]
    if not dates:
        return
    citation = root.xpath_search("cs:citation/cs:layout")
    for keys, render, layout in ((cited, cite, citation[0] if citation else None), (listed, entry, bibliography[0])):
        printed = {date.get("variable") for date in (_dates_in_order(layout, macros, set()) if layout is not None else ())}
        _FIRST_RANGE.update(probe=True, hit=None)
        try:
            for key, item in keys:
                if any(_is_range(item.get(name)) for name in printed):
                    render(key)
                    if _FIRST_RANGE["hit"]:
                        break
        finally:
            hit = _FIRST_RANGE["hit"]
            _FIRST_RANGE.clear()
        if hit and layout is bibliography[0]:
            last = dates[-1]
            _FIRST_RANGE.update(probe=False, hit=hit, prefix=last.get("prefix", ""), suffix=last.get("suffix", ""))
        if hit:
            return


def _dates_in_order(element, macros: dict, compiled: set | None, calling: frozenset = frozenset()):
    """The `cs:date` elements under `element` in the order citeproc-js compiles them: a macro
    where it is first called (`compiled` collects them; it is compiled once and later calls
    reuse it), but inside a sort key (`compiled` None) at every call."""
    for child in element.iterchildren():
        tag = child.tag if isinstance(child.tag, str) else ""
        name = child.get("macro")
        if tag.endswith("}date"):
            yield child
        elif tag.endswith("}sort"):
            yield from _dates_in_order(child, macros, None, calling)
            continue
        elif tag.endswith(("}text", "}key")) and name in macros and name not in calling:
            if compiled is None or name not in compiled:
                if compiled is not None:
                    compiled.add(name)
                yield from _dates_in_order(macros[name], macros, compiled, calling | {name})
        yield from _dates_in_order(child, macros, compiled, calling)


def _is_range(value) -> bool:
    parts = value.get("date-parts") if isinstance(value, dict) else None
    return isinstance(parts, list) and len(parts) == 2 and bool(parts[1]) and parts[0] != parts[1]


def _first_range_end(date, end):
    """`end` of a range, in the affixes of the style's last date when this is the first range."""
    from citeproc.string import String

    if not _FIRST_RANGE:
        return end
    here = (getattr(state.variables, "date_item", None), date.getroottree().getpath(date))
    if _FIRST_RANGE["probe"]:
        _FIRST_RANGE["hit"] = _FIRST_RANGE["hit"] or here
        return end
    if here != _FIRST_RANGE["hit"]:
        return end
    return String(_FIRST_RANGE["prefix"]) + end + String(_FIRST_RANGE["suffix"])


def _range_delimiter(date, context, name: str) -> str:
    """The `range-delimiter` of the date-part `name`: the calling date's, else this date's,
    else an en dash."""
    for element in (context, date):
        if element is None:
            continue
        for part in element.iterchildren():
            if part.get("name") == name and part.get("range-delimiter") is not None:
                return part.get("range-delimiter")
    return "\u2013"


def substituted_dates_not_repeated() -> None:
    """A date printed in place of a missing author (a `cs:substitute` macro that prints the
    title and year) is not printed again later in the entry, as with any substituted
    variable in citeproc-js: citeproc-py checked only `cs:text` against the substituted
    variables (suppression.py records them under cs:text's tag)."""
    from citeproc import model

    text_tag = f"{{{model.CitationStylesElement.nsmap['cs']}}}text"
    original = model.Date.process

    def process(self, item, variable=None, show_parts=None, context=None, **kwargs):
        name = variable or self.get("variable")
        if name is not None and self.get("variable") is not None:
            # (a date in a macro has no layout above it: the calling element's, given as context)
            try:
                repressed = (self if context is None else context).get_layout().repressed
            except (AttributeError, IndexError):
                repressed = {}
            if name in repressed.get(text_tag, ()):
                return None
        return original(self, item, variable, show_parts, context, **kwargs)

    model.Date.process = process


SEASONS = ("1", "2", "3", "4")


def seasons_in_place_of_months() -> None:
    """A date with a season and no month prints the season where the style prints the
    month, in any of the month's forms, as citeproc-js does: "season-0N" for 1-4, any other
    season as written ("Winter"). citeproc-py asserted on a numeric month form (the whole
    style failed) and printed nothing for a written season."""
    from citeproc import model

    part_process = model.Date_Part.process

    def process(self, date, context=None):
        if self.get("name") == "month" and _value(date, "month") is None:
            season = _value(date, "season")
            text = str(season).strip() if season is not None else ""
            if text in SEASONS:
                return (context if context is not None else self).get_single_term(name=f"season-0{text}")
            if text:
                return text
        return part_process(self, date, context)

    model.Date_Part.process = process


def literal_dates_where_the_year_prints() -> None:
    """A literal date ("in press") prints where the date prints its year, with the year
    part's affixes and formatting, and not at all from a date without a year part, as
    citeproc-js ("Render literal only when year is included in date output"); citeproc-py
    printed it in place of any date, so a style's month-and-day date repeated it."""
    from citeproc import model
    from citeproc.source import LiteralDate

    from medsegcite.csl.fixes import state

    original = model.Date.process

    def process(self, item, variable=None, show_parts=None, context=None, **kwargs):
        name = variable or self.get("variable")
        value = item.reference.get(name.replace("-", "_")) if name else None
        if not isinstance(value, LiteralDate) or (not self.is_locale_date() and self.get("form") is not None):
            return original(self, item, variable, show_parts, context, **kwargs)
        year = next((part for part in self.iterchildren() if part.get("name") == "year"), None)
        if year is None or "year" not in (show_parts or ("year",)):
            # nothing printed, yet the date is there: its group stays (citeproc-js)
            state.variables.success = True
            return None
        kept = dict(year.attrib)
        if context is not None and context is not self:  # the calling date's year part, as Date_Part.process merges it
            for calling in context.iterchildren():
                if calling.get("name") == "year":
                    year.attrib.update(dict(calling.attrib))
        text = year.markup(value.text)
        year.attrib.clear()
        year.attrib.update(kept)
        if text is None:
            return None
        return (context if self.is_locale_date() and context is not None else self).wrap(text)

    model.Date.process = process


def calling_date_parts_not_kept() -> None:
    """A calling `cs:date`'s `cs:date-part` attributes apply to that date only: citeproc-py
    merged them into the locale's date-part for good, so a `range-delimiter=""` or a prefix
    given for an accessed date stayed on every later localized date ("20102011" for
    citeproc-js's "2010–2011")."""
    from citeproc import model

    original = model.Date_Part.render

    def render(self, *args, **kwargs):
        kept = dict(self.attrib)
        try:
            return original(self, *args, **kwargs)
        finally:
            if dict(self.attrib) != kept:
                self.attrib.clear()
                self.attrib.update(kept)

    model.Date_Part.render = render


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    substituted_dates_not_repeated: {"wraps": ["citeproc.model.Date.process"]},
    literal_dates_where_the_year_prints: {
        "wraps": ["citeproc.model.Date.process"],
        "after": ["substituted_dates_not_repeated"],
    },
    date_ranges_as_specified: {
        "wraps": ["citeproc.model.Date.process", "citeproc.model.Date.render_date_range", "citeproc.model.Date.render_single_date"],
        # its Date.process (which range a macro's first date takes) sits above those that count or leave dates out
        "after": ["substituted_dates_not_repeated", "literal_dates_where_the_year_prints",
                  "group_needs_a_rendered_variable", "disambiguated_names_and_suffixes"],
    },
    seasons_in_place_of_months: {
        "wraps": ["citeproc.model.Date_Part.process"],
        "after": ["disambiguated_names_and_suffixes"],
    },
    calling_date_parts_not_kept: {"wraps": ["citeproc.model.Date_Part.render"]},
}
