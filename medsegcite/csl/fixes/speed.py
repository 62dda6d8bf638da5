"""Speed, not output: answers citeproc-py computed again and again.

Over 500 lines: its caches (`cached_style_lookups`, a dozen small ones sharing
the memoizers; `citation_numbers_by_lookup`; the attribute views render.py sets on each
parsed style) all rest on one argument, that a parsed style does not change once rendering
starts, and are kept where that argument can be checked in one read."""

from __future__ import annotations


def _memoized_one(method):
    """`method(element, arg)` answered once per element and argument (no tuple packing:
    these run a few hundred times per entry). The key holds lxml's element proxy alive, so
    the same element keeps the same proxy."""
    cache: dict = {}

    def memoized(self, arg):
        key = (self, arg)
        try:
            return cache[key]
        except KeyError:
            found = cache[key] = method(self, arg)
            return found

    return memoized


def _memoized_plain(method):
    """`_memoized_one` for a method of the element alone (get_root)."""
    cache: dict = {}

    def memoized(self):
        try:
            return cache[self]
        except KeyError:
            found = cache[self] = method(self)
            return found

    return memoized


def cached_style_lookups() -> None:
    """Speed, not output: a style's XPath look-ups (terms, macros, layouts), its root,
    its child elements (`style.layout`, `locale.terms`) and locale options are found
    once per element. The style tree does not change while it renders, and a third of
    citeproc-py's time went to these queries."""
    from citeproc import model

    element = model.CitationStylesElement
    element.xpath_search = _memoized_one(element.xpath_search)
    element.get_root = _memoized_plain(element.get_root)
    element.get_macro = _memoized_one(element.get_macro)  # (a macro by its name, a few per entry)
    element.get_layout = _memoized_plain(element.get_layout)  # (where a variable's suppression is kept)
    model.SomewhatObjectifiedElement.__getattr__ = _memoized_one(model.SomewhatObjectifiedElement.__getattr__)
    model.Locale.get_option = _memoized_one(model.Locale.get_option)
    _locale_options_per_style(model)
    _formatter_from_the_root(model)
    _terms_once(model)
    _formatting_steps_read_their_attribute_first(model)
    _variables_by_dict_lookup()
    _plain_values_parsed_at_once()
    _conditions_read_once(model)
    _children_listed_once(model)
    _text_read_without_raising(model)
    _name_options_once(model)
    model.Date.is_locale_date = _memoized_plain(model.Date.is_locale_date)  # (its IndexError, each date)
    _references_made_with_one_set_of_variables()
    _attribute_views_installed(model)  # (the class side of attributes_read_from_a_dict)
    # (`type` conditions are split once by variables.type_condition_is_one_test)


def _locale_options_per_style(model) -> None:
    """A locale option (`punctuation-in-quote`, ...) is a property of the style and its
    locales, yet every quoted text asked every locale again, and a locale without
    `style-options` answered by raising IndexError, which no cache kept: now once per style."""
    original = model.CitationStylesElement.get_locale_option
    cache: dict = {}

    def get_locale_option(self, name):
        key = (self.get_root(), name)
        try:
            return cache[key]
        except KeyError:
            found = cache[key] = original(self, name)
            return found

    model.CitationStylesElement.get_locale_option = get_locale_option


def _formatter_from_the_root(model) -> None:
    """`get_formatter` (a hundred calls per entry) without the second root look-up. The
    formatter itself is not cached: one parsed style renders text and HTML in turn."""
    locale = model.Locale
    roots: dict = {}  # element -> its root and whether that is a locale (no get_root call per ask)

    def get_formatter(self):
        try:
            root, in_a_locale = roots[self]
        except KeyError:
            root = self.get_root()
            root, in_a_locale = roots[self] = root, isinstance(root, locale)
        return root.style.formatter if in_a_locale else root.formatter

    model.CitationStylesElement.get_formatter = get_formatter


def _formatting_steps_read_their_attribute_first(model) -> None:
    """`format`'s five steps (font style, variant, weight, decoration, vertical alignment) ran
    for every printed piece and each looked up the formatter before reading its attribute,
    which most elements do not set: now an unset or default value returns the text at once,
    and any other value goes to citeproc-py's step as before."""
    steps = (("font_style", "font-style", "normal"), ("font_variant", "font-variant", "normal"),
             ("font_weight", "font-weight", "normal"), ("text_decoration", "text-decoration", "none"),
             ("vertical_align", "vertical-align", "baseline"))
    mine = []
    for name, attribute, default in steps:
        original = getattr(model.Formatted, name)

        def step(self, text, original=original, attribute=attribute, default=default):
            value = self.get(attribute)
            if value is None or value == default:
                return text
            return original(self, text)

        setattr(model.Formatted, name, step)
        mine.append(step)
    _format_skips_unset_steps(model, mine)


def _format_skips_unset_steps(model, mine: list) -> None:
    """`format` called its five steps for every printed piece; the first four (ours above)
    return the text at once for an element that does not set their attribute: for such an
    element only the last step runs (other fixes wrap it), as long as the four steps it
    would call are still ours. Where all four are quotes.py's final-quote keepers around
    ours, each of them only regroups the text the same way (the same pieces, the quoted
    one last on its own): the first one runs, the other three would redo its work.
    The plan is made once per element, at its first call: the steps on its class are
    fixed once the fixes are installed (a fix installed later for a style replaces
    `format` itself), and its attributes are read then, as before."""
    original = model.Formatted.format
    attributes = ("font-style", "font-variant", "font-weight", "text-decoration")
    first_four = tuple(mine[:4])
    plans: dict = {}  # element -> None (call the steps), 0 (skip the four), 1 (the first only), 2 (see `bare`)
    from medsegcite.csl.fixes.pieces import _Quoted

    def plan(element):
        if any(attribute in element.attrib for attribute in attributes):
            return None
        cls = type(element)
        steps = (cls.font_style, cls.font_variant, cls.font_weight, cls.text_decoration)
        # (seen through trace.py's recorders, which only count calls: traced, the same steps run)
        if tuple(_unwrapped(step) for step in steps) == first_four:
            how = 0
        elif tuple(_unwrapped(getattr(step, "keeps_a_final_quote_of", None)) for step in steps) == first_four:
            how = 1
        else:
            return None
        return 2 + how if bare(element, cls.vertical_align) else how

    def bare(element, step) -> bool:
        """Whether the last step, for a text that does not end in a quoted value, returns
        it as it is: a chain of quotes.py's final-quote keepers (the same text, unless it
        ends in one) and spacing.py's decorated-value step (the same for an undecorated
        element) around ours (an unset vertical-align), none of them traced (traced, each
        runs and counts its calls)."""
        if "vertical-align" in element.attrib or "quotes" in element.attrib:
            return False
        while step is not mine[4]:
            if hasattr(step, "__wrapped__"):
                return False
            inner = getattr(step, "keeps_a_final_quote_of", None)
            step = getattr(step, "undecorated_passes_to", None) if inner is None else inner
            if step is None:
                return False
        return True

    def format(self, string):
        try:
            how = plans[self]
        except KeyError:
            how = plans[self] = plan(self)
        if how is None:
            return original(self, string)
        if isinstance(string, (int, float)):
            string = str(string)
        if how > 1:  # (the element sets none of the five, and is not quoted)
            last = string  # (_last_piece, inline)
            while isinstance(last, list) and last:
                last = list.__getitem__(last, -1)
            if type(last) is not _Quoted:
                return string
            how -= 2
        if how:
            string = type(self).font_style(self, string)
        return self.vertical_align(string)

    model.Formatted.format = format


def _unwrapped(function):
    """`function` without the recorders (`functools.wraps`) tracing put around it."""
    while hasattr(function, "__wrapped__"):
        function = function.__wrapped__
    return function


def _variables_by_dict_lookup() -> None:
    """citeproc-py's items, names, dates and cites are dicts read as attributes
    (`reference.title`, `cite.key`): each read went through two Python methods and `super()`
    to reach dict's own look-up, a hundred thousand times per thousand entries. Now dict's
    look-up answers directly, and a missing key still raises VariableError."""
    from citeproc import source

    def __missing__(self, key):
        raise source.VariableError

    source.CustomDict.__missing__ = __missing__  # dict's [] calls it for a missing key
    del source.CustomDict.__getitem__
    source.CustomDict.__getattr__ = dict.__getitem__


def _plain_values_parsed_at_once() -> None:
    """Every string value of every item was built piece by piece through MixedString's `+`
    (and its seam checks), although most hold no no-case mark: such a value is now made
    as the one-piece MixedString that `+` made of it. Looking for rich_text's no-case mark,
    a private-use character, needs no lowered copy of the value."""
    import unicodedata

    from citeproc.source.json import CiteProcJSON
    from citeproc.string import MixedString, String

    original = CiteProcJSON.parse_string
    caseless: dict = {}  # tag -> whether finding it in the lowered value is finding it in the value

    def parse_string(self, string):
        if type(string) is not str:
            string = str(string)
        tag = self.start_tag
        try:
            as_it_is = caseless[tag]
        except KeyError:  # (a private-use character, rich_text's mark: no case mapping makes or changes one)
            as_it_is = caseless[tag] = len(tag) == 1 and unicodedata.category(tag) == "Co"
        if tag in (string if as_it_is else string.lower()):  # (citeproc-py's own test: the tag in the lowered value)
            return original(self, string)
        return MixedString([String(string)]) if string else MixedString()

    CiteProcJSON.parse_string = parse_string


def _conditions_read_once(model) -> None:
    """`cs:if` looked for each of its six tests and its `match` among its attributes at
    every entry: now once per element. The tests themselves are still called through the
    element (fixes replace them). `render.holds` answers whether the branch is taken
    without raising `ConditionFailed` (render_choose's fast path); `render` still raises."""
    tests = (("type", "_type"), ("variable", "_variable"), ("is-numeric", "_is_numeric"),
             ("is-uncertain-date", "_is_uncertain_date"), ("locator", "_locator"))
    plans: dict = {}

    def holds(self, item, context):
        try:
            names, position, match = plans[self]
        except KeyError:
            attrib = self.attrib
            names, position, match = plans[self] = (tuple(test for name, test in tests if name in attrib),
                                                    "position" in attrib, self.get("match"))
        results = []
        for name in names:
            results += getattr(self, name)(item)
        if position:
            results += self._position(item, context)
        if match == "any":
            return any(results)
        if match == "none":
            return not any(results)
        return all(results)

    def render(self, item, context=None, delimiter="", **kwargs):
        if not holds(self, item, context):
            raise model.ConditionFailed
        return self.render_children(item, context=context, delimiter=delimiter, **kwargs)

    render.holds = holds
    model.If.render = render


def _children_listed_once(model) -> None:
    """An element's children were walked through lxml (a proxy looked up for each) every
    time it rendered: now listed once per element, with whether each is a `cs:choose`
    (a `cs:choose`'s branches too).
    A style's tree does not change once parsed.

    A branch whose `render` is still `_conditions_read_once`'s own (no fix or trace recorder
    above it, for this element: `compose.bypassed` may have put it there) is asked whether it
    holds instead of raising and catching `ConditionFailed` through its frames; a `cs:else`
    with citeproc-py's `render` (which only renders its children) goes to its children.
    Any other branch renders as before."""
    children: dict = {}
    if_render = model.If.render
    holds = getattr(if_render, "holds", None)
    else_render = model.Else.render

    def render_children(self, item, delimiter="", **kwargs):
        try:
            listed = children[self]
        except KeyError:
            listed = children[self] = tuple((child, isinstance(child, model.Choose)) for child in self.iterchildren())
        output = []
        for child, choose in listed:
            try:
                if choose:
                    text = child.render(item, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, **kwargs)
                if text is not None:
                    output.append(text)
            except model.VariableError:
                pass
        if output:
            return model.join(output, delimiter)
        return None

    model.Parent.render_children = render_children

    def render_choose(self, item, context=None, delimiter="", **kwargs):
        try:
            listed = children[self]
        except KeyError:
            listed = children[self] = tuple((child, False) for child in self.iterchildren())
        for child, _choose in listed:
            method = child.render
            function = getattr(method, "__func__", None)
            if function is if_render and holds is not None:
                if holds(child, item, context):
                    return child.render_children(item, context=context, delimiter=delimiter, **kwargs)
                continue
            if function is else_render:
                return child.render_children(item, context=context, delimiter=delimiter, **kwargs)
            try:
                return method(item, context=context, delimiter=delimiter, **kwargs)
            except model.ConditionFailed:
                continue
        return None

    model.Choose.render = render_choose  # (its branches, listed once too)


def _terms_once(model) -> None:
    """A term (`and`, `in`, `vol.`, quotes) was searched for in every locale, and its text
    escaped for the output format, each time an entry used it: now once per style (the
    term's element) and once per term and formatter (its text; `String` is immutable)."""
    original_get_term = model.CitationStylesElement.get_term
    terms: dict = {}

    def get_term(self, name, form=None, *args, **kwargs):
        key = (self.get_root(), name, form, args, tuple(sorted(kwargs.items())))
        try:
            return terms[key]
        except KeyError:
            found = terms[key] = original_get_term(self, name, form, *args, **kwargs)
            return found

    model.CitationStylesElement.get_term = get_term
    for form in ("single", "multiple"):
        original = getattr(model.Term, form).fget
        texts: dict = {}

        def text(self, original=original, texts=texts):
            key = (self, self.get_formatter())
            try:
                return texts[key]
            except KeyError:
                found = texts[key] = original(self)
                return found

        setattr(model.Term, form, property(text))


def _references_made_with_one_set_of_variables() -> None:
    """Every item made a set of all CSL variables (about 70) to check its keys against:
    now made once, and an item whose keys are all variables is filled at once (what
    `CustomDict.__init__` does when it finds nothing to warn about). Any other item goes
    through citeproc-py's check, and its warning."""
    from citeproc import VARIABLES, source

    optional = frozenset({"uri", "container_uri", "contributor", "date"} | set(VARIABLES))
    custom_init, update = source.CustomDict.__init__, dict.update

    def __init__(self, key, type, **args):
        self["key"] = key  # (what CustomDict's __setattr__ does with self.key = key)
        self["type"] = type
        if optional.issuperset(args):
            update(self, args)
        else:
            custom_init(self, args, optional=optional)

    source.Reference.__init__ = __init__


def _name_options_once(model) -> None:
    """A `cs:name`'s options (`and`, `et-al-min`, `initialize-with`: fourteen read for each
    list of names) were each looked up through its citation or bibliography and the style,
    after a TypeError for the sort options most calls do not give: now once per element,
    option and context. With sort options (a sort key's), or for anything but a `cs:name`
    element, citeproc-py's method answers as before."""
    original = model.Name.get_option
    options: dict = {}

    def get_option(self, name, context=None, sort_options=None):
        if sort_options is not None or not isinstance(self, model.Name):
            return original(self, name, context, sort_options)
        key = (self, name, context)
        try:
            return options[key]
        except KeyError:
            found = options[key] = original(self, name, context, sort_options)
            return found

    model.Name.get_option = get_option


_TEXT_KINDS = ("variable", "macro", "term", "value")


def _text_read_without_raising(model) -> None:
    """`cs:text`'s `process` asked each item for its `language` by catching the
    VariableError a missing one raises (most items have none: twenty exceptions per
    entry), then looked up the style's default locale and which of its four attributes
    the element has: now the item's dict is asked, the default and the attribute are read once
    per element. Anything else (no attribute: citeproc-py's own
    UnboundLocalError) is left to citeproc-py's method."""
    original = model.Text.process
    kinds: dict = {}
    defaults: dict = {}
    missing = object()

    def process(self, item, context=None, **kwargs):
        try:
            kind = kinds[self]
        except KeyError:
            kind = kinds[self] = next((name for name in _TEXT_KINDS if name in self.attrib), None)
        if kind is None:
            return original(self, item, context, **kwargs)
        if context is None:
            context = self
        language = item.reference.get("language", missing)
        if language is missing:
            try:
                language = defaults[self]
            except KeyError:
                language = defaults[self] = self.get_root().get("default-locale", "en")[:2]
        else:
            language = language[:2]
        if kind == "variable":
            text = self._variable(item, context)
        elif kind == "macro":
            text = self.get_macro(self.get("macro")).render(item, context)
        elif kind == "term":
            text = self._term(item)
        else:
            text = model.String(self.preformat(self.get("value")))
        return text, language

    model.Text.process = process


def citation_numbers_by_lookup() -> None:
    """Speed, not output: an item's citation number was `keys.index(key)`, a scan of
    the whole bibliography for every entry (quadratic: minutes for 10,000 items).
    `render.bibliography` leaves a key -> position map on the engine once sorted."""
    from citeproc import source

    original = source.CitationItem.number

    def number(self):
        positions = getattr(self.bibliography, "positions", None)
        if positions is None:
            return original.fget(self)
        return positions[self.key] + 1

    source.CitationItem.number = property(number)

    source.CitationItem.reference = _ReferenceOnce()


class _ReferenceOnce:
    """A cite's reference, looked up once (was three look-ups through CustomDict for every
    variable). Not a property: stored in the cite's __dict__, later reads find it there
    without a call."""

    def __get__(self, cite, owner=None):
        if cite is None:
            return self
        found = cite.__dict__["reference"] = cite.citation.bibliography.source[cite.key]
        return found


def attributes_read_from_a_dict(parsed) -> None:
    """Speed, not output: every element of a parsed style (and of its locales) answers
    `get` and `attrib` from a dict of its attributes (lxml built a string and an attribute
    object for each of ~400 reads per entry). The element proxies are kept alive with the
    style, so each keeps its dict; writes (`set`, `attrib[...] =`, `del attrib[...]`,
    `attrib.update`) go to the element and the dict alike. Call once the style is parsed
    and its attributes prepared (affix_markup)."""
    from citeproc import model

    if _LXML_ATTRIB is None:  # (cached_style_lookups left out: no views either)
        return
    trees = {id(parsed.root): parsed.root}
    for locale in getattr(parsed.root, "locales", None) or ():
        top = locale.getroottree().getroot()
        trees[id(top)] = top
    kept = []
    for top in trees.values():
        for element in top.iter():
            if isinstance(element, model.SomewhatObjectifiedElement) and "get" not in element.__dict__:
                view = _AttributeView(element, _LXML_ATTRIB.__get__(element))
                element.__dict__["attrib"] = view  # (found before the class's attribute: see _LxmlAttributes)
                element.__dict__["get"] = view.get
                kept.append(element)
    parsed.kept_elements = kept  # (a proxy dropped and made again would lose its dict)


_LXML_ATTRIB = None


class _AttributeView(dict):
    """An element's attributes as a dict; a change is made to the element too."""

    def __init__(self, element, attrib):
        super().__init__(attrib)
        self.element = element
        self.attrib = attrib

    def __setitem__(self, key, value):
        self.attrib[key] = value
        dict.__setitem__(self, key, self.attrib[key])

    def __delitem__(self, key):
        del self.attrib[key]
        dict.__delitem__(self, key)

    def _reread(self):
        dict.clear(self)
        dict.update(self, self.attrib)

    def update(self, *args, **kwargs):
        self.attrib.update(*args, **kwargs)
        self._reread()

    def pop(self, *args):
        found = self.attrib.pop(*args)
        self._reread()
        return found

    def clear(self):
        self.attrib.clear()
        self._reread()

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def popitem(self):
        raise NotImplementedError("popitem on a style element's attributes")


def _attribute_views_installed(model) -> None:
    global _LXML_ATTRIB
    if _LXML_ATTRIB is not None:
        return
    from lxml import etree

    _LXML_ATTRIB = etree.ElementBase.attrib
    lxml_set = etree.ElementBase.set

    def set(self, key, value):
        view = self.__dict__.get("attrib")
        if view is None:
            lxml_set(self, key, value)
        else:
            view[key] = value

    model.SomewhatObjectifiedElement.attrib = _LxmlAttributes()
    model.SomewhatObjectifiedElement.set = set


class _LxmlAttributes:
    """lxml's `attrib` for an element without a dict of its attributes. No `__set__`: a
    non-data descriptor, so an element's own `attrib` (its dict) is found first, without
    a call (lxml's `attrib` is a data descriptor, which the element's own would not pass)."""

    def __get__(self, element, owner=None):
        return self if element is None else _LXML_ATTRIB.__get__(element)


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    cached_style_lookups: {
        "wraps": [
            "citeproc.model.Choose.render",
            "citeproc.model.CitationStylesElement.get_formatter",
            "citeproc.model.CitationStylesElement.get_layout",
            "citeproc.model.CitationStylesElement.get_locale_option",
            "citeproc.model.CitationStylesElement.get_macro",
            "citeproc.model.CitationStylesElement.get_root",
            "citeproc.model.CitationStylesElement.get_term",
            "citeproc.model.CitationStylesElement.xpath_search",
            "citeproc.model.Date.is_locale_date",
            "citeproc.model.Formatted.font_style",
            "citeproc.model.Formatted.font_variant",
            "citeproc.model.Formatted.font_weight",
            "citeproc.model.Formatted.format",
            "citeproc.model.Formatted.text_decoration",
            "citeproc.model.Formatted.vertical_align",
            "citeproc.model.If.render",
            "citeproc.model.Locale.get_option",
            "citeproc.model.Name.get_option",
            "citeproc.model.Parent.render_children",
            "citeproc.model.SomewhatObjectifiedElement.__getattr__",
            "citeproc.model.SomewhatObjectifiedElement.attrib",
            "citeproc.model.SomewhatObjectifiedElement.set",
            "citeproc.model.Term.multiple",
            "citeproc.model.Term.single",
            "citeproc.model.Text.process",
            "citeproc.source.CustomDict.__getattr__",
            "citeproc.source.CustomDict.__getitem__",
            "citeproc.source.CustomDict.__missing__",
            "citeproc.source.Reference.__init__",
            "citeproc.source.json.CiteProcJSON.parse_string",
        ],
    },
    citation_numbers_by_lookup: {
        "wraps": ["citeproc.source.CitationItem.number", "citeproc.source.CitationItem.reference"],
    },
}
