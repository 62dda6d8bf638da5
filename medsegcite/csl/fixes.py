"""Named fixes that bring citeproc-py's output in line with citeproc-js, the
reference CSL processor (the one behind Zotero and Mendeley).

citeproc-py builds its style model from lxml element classes, so the fixes are
small replacements of the methods concerned, installed once by `apply()`.
Each is named after the defect it mends and tested in tests/csl/test_fixes.py;
tests/csl/test_render.py compares whole bibliographies with citeproc-js.
"""

from __future__ import annotations

import re
import threading

_applied = False


def apply() -> None:
    """Install every fix (idempotent)."""
    global _applied
    if _applied:
        return
    _applied = True
    for fix in FIXES:
        fix()


def label_then_space() -> None:
    """`second-field-align`: citeproc-js separates the label from the entry by a space ("[1] X. Li")."""
    from citeproc import model

    original = model.Layout.render_bibliography

    def render_bibliography(self, citation_items):
        align = self.getparent().get_option("second-field-align")
        children = list(self.iterchildren())
        if not align or len(children) < 2:
            return original(self, citation_items)
        output = []
        for item in citation_items:
            self.repressed = {}
            parts = [_render(children[:1], item), _render(children[1:], item)]
            text = model.join([p for p in parts if p is not None], " ")
            output.append(self.format(self.wrap(text)))
        return output

    model.Layout.render_bibliography = render_bibliography


def _render(children, item):
    from citeproc import model

    out = []
    for child in children:
        try:
            text = child.render(item)
        except model.VariableError:
            continue
        if text is not None:
            out.append(text)
    return model.join(out, "") if out else None


# How many variables have been called, and how many rendered, so far (per
# thread): a group asks whether its own rendering called and printed any,
# counting only the branches of `cs:choose` actually taken.
_variables = threading.local()


def _counts() -> tuple[int, int]:
    return getattr(_variables, "called", 0), getattr(_variables, "rendered", 0)


def _rendered_log() -> list[str]:
    log = getattr(_variables, "log", None)
    if log is None:
        log = _variables.log = []
    return log


def _counting(method):
    def counted(self, *args, **kwargs):
        _variables.called = _counts()[0] + 1
        result = method(self, *args, **kwargs)
        if result:
            _variables.rendered = _counts()[1] + 1
            _rendered_log().extend(self.get("variable", "").split())
        return result

    return counted


def group_needs_a_rendered_variable() -> None:
    """A `cs:group` that calls variables is suppressed unless one of them rendered.

    citeproc-py counted a `cs:choose` as a rendered variable when its chosen branch
    printed only a term: Nature's "Preprint at." for an item with no URL, DOI or date.
    """
    from citeproc import model

    text_variable = _counting(model.Text._variable)
    plain_variable = model.Text._variable

    def variable(self, item, context):
        # year-suffix is made by disambiguation, not given by the item: as in
        # citeproc-js, an empty one does not suppress APA's "(n.d.)" group.
        if self.get("variable") in model.Text.generated_variables:
            return plain_variable(self, item, context)
        return text_variable(self, item, context)

    model.Text._variable = variable
    for element in (model.Date, model.Number, model.Names):
        element.process = _counting(element.process)
    text_process = model.Text.process

    def process_text(self, item, context=None, **kwargs):
        text, language = text_process(self, item, context, **kwargs)
        if text and "macro" in self.attrib:
            # As in citeproc-js, a macro that printed counts like a rendered
            # variable (Vancouver's "n.d." from its year-date macro).
            _variables.rendered = _counts()[1] + 1
        return text, language

    model.Text.process = process_text

    def process(self, item, context=None, **kwargs):
        output = []
        called, rendered = _counts()
        delimiter = self.get("delimiter", "")
        for child in self.iterchildren():
            try:
                if isinstance(child, model.Choose):
                    text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except model.VariableError:
                continue
            if text is not None:
                output.append(text)
        now_called, now_rendered = _counts()
        if output and (now_called == called or now_rendered > rendered):
            # So does a group that printed, for its parent group (IEEE's
            # "[Online]" beside an empty "Accessed").
            _variables.rendered = now_rendered + 1
            return self.join(output)
        raise model.VariableError

    model.Group.process = process


def substitute_suppresses_its_variables() -> None:
    """Variables printed in place of a missing author are not printed again.

    citeproc-py remembered only a `cs:text variable=` substitute; one given as a
    macro (APA's and AMA's) printed the title twice. Only the variables that the
    substitute actually printed are suppressed, so a volume or page in a branch the
    macro did not take still prints later.
    """
    from citeproc import model

    text_tag = f"{{{model.CitationStylesElement.nsmap['cs']}}}text"

    def render(self, item, context=None, **kwargs):
        for child in self.getchildren():
            start = len(_rendered_log())
            try:
                if isinstance(child, model.Names) and child.name is None:
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except model.VariableError:
                continue
            if text:
                repressed = context.get_layout().repressed
                repressed.setdefault(text_tag, []).extend(_rendered_log()[start:])
                return text
        return None

    model.Substitute.render = render


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


# citeproc-js's words that title case leaves in lower case (its SKIP_WORDS, the
# single words): CSL's short list plus prepositions such as "like" and "per".
TITLE_STOP_WORDS = frozenset(
    """a about above across afore after against along alongside amid amidst among amongst an and anenst
    apropos apud around as aside astride at athwart atop barring before behind below beneath beside besides
    between beyond but by c ca circa d' de despite down during except for forenenst from given in inside
    into lest like modulo near next nor notwithstanding of off on onto or out over per plus pro qua sans
    since so than the through thru throughout thruout till to toward towards under underneath until unto up
    upon v v. van versus via vis-à-vis von vs vs. with within without yet""".split()
)


def title_case_hyphenated_words() -> None:
    """Title case treats each part of a hyphenated word as a word, as citeproc-js does
    (and capitalize-first leaves a first word with capitals, such as "arXiv", alone).

    "Modality-adaptive" becomes "Modality-Adaptive", "Organs-at-risk" "Organs-at-Risk",
    "U-net" "U-Net"; parts with capitals inside ("DenseNet") are left alone, and the
    stop words are citeproc-js's.
    """
    from citeproc import model
    from citeproc.string import NoCase, String

    original = model.TextCased.case

    def case(self, text, language=None):
        text_case = self.get("text-case")
        if text_case == "capitalize-first":
            return _capitalize_first_if_lower(text, original, self, language)
        if text_case != "title" or language not in (None, "en"):
            return original(self, text, language)
        output = []
        sentence_start = True
        for word in text.words():
            if isinstance(word, String) and not isinstance(word, NoCase):
                parts = str(word).split("-")
                for index, part in enumerate(parts):
                    core = part.strip("“”‘’\"'()[]")
                    starts = sentence_start and index == 0
                    if core.islower() and (starts or core not in TITLE_STOP_WORDS):
                        at = part.index(core[0])
                        parts[index] = part[:at] + part[at].upper() + part[at + 1 :]
                word = String("-".join(parts))
            output.append(word)
            sentence_start = str(word)[-1:] in (":", ".", "?", "!")
        return model.join(output, " ") if output else text

    model.TextCased.case = case


def _capitalize_first_if_lower(text, original, element, language):
    """capitalize-first changes the first word only when it is all lower case ("arXiv" stays)."""
    first = next(iter(text.words()), None)
    if first is not None and not str(first).islower():
        return text
    return original(element, text, language)


def _memoized(method):
    """`method(element, *args)` answered once per element and arguments. The key holds
    lxml's element proxy alive, so the same element keeps the same proxy."""
    cache: dict = {}

    def memoized(self, *args):
        key = (self, *args)
        try:
            return cache[key]
        except KeyError:
            found = cache[key] = method(self, *args)
            return found

    return memoized


def cached_style_lookups() -> None:
    """Speed, not output: a style's XPath look-ups (terms, macros, layouts), its root,
    its child elements (`style.layout`, `locale.terms`) and locale options are found
    once per element. The style tree does not change while it renders, and a third of
    citeproc-py's time went to these queries."""
    from citeproc import model

    element = model.CitationStylesElement
    element.xpath_search = _memoized(element.xpath_search)
    element.get_root = _memoized(element.get_root)
    model.SomewhatObjectifiedElement.__getattr__ = _memoized(model.SomewhatObjectifiedElement.__getattr__)
    model.Locale.get_option = _memoized(model.Locale.get_option)


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

    def reference(self):  # was three look-ups through CustomDict for every variable
        cached = self.__dict__.get("_reference")
        if cached is None:
            cached = self.citation.bibliography.source[self.key]
            object.__setattr__(self, "_reference", cached)  # CustomDict would store it as an item
        return cached

    source.CitationItem.reference = property(reference)


_QUOTES = str.maketrans("", "", "“”‘’\"")


def sort_keys_collated() -> None:
    """Sort as citeproc-js does: accents and case count only to break ties (ICU
    collation: "Gaál" before "Gao"; citeproc-py compared code points), and names
    in a sort key are all family-first with no "and"."""
    import unicodedata

    from citeproc import model
    from citeproc.string import MixedString

    def collate(key):
        if not isinstance(key, (str, MixedString)):
            return key
        text = str(key)
        base = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        # citeproc-js renders sort keys without the quotes a style puts around titles.
        base = base.translate(_QUOTES)
        return base.casefold() + "\u0000" + text

    original = model.Key.sort_keys

    def sort_keys(self, items, context):
        _variables.sorting = True
        try:
            return [collate(key) for key in original(self, items, context)]
        finally:
            _variables.sorting = False

    model.Key.sort_keys = sort_keys

    # Names in a sort key are a plain list, as in citeproc-js: no "and"/"&" before
    # the last, which sorted "…, & Išgum" before "…, de Jong" (APA).
    name_option = model.Name.get_option

    def get_option(self, name, context=None, sort_options=None):
        # (citeproc-py does not hand its sort options down through every macro)
        if getattr(_variables, "sorting", False):
            if name == "and":
                return None
            if name == "name-as-sort-order":
                return "all"  # CSL: names in sort keys are in sort order

        return name_option(self, name, context, sort_options)

    model.Name.get_option = get_option


def page_ranges_as_specified() -> None:
    """Page ranges by CSL's rules: `minimal` compares numbers of the same length only
    (1-17 stays 1–17, citeproc-py printed 1–7), and `chicago-16` has no exception for
    four-digit numbers (2595–605; that rule is chicago-15's)."""
    import re as _re

    from citeproc import model

    original = model.FormatNumber._format_last_page

    def format_last_page(self, first, last):
        if len(first) != len(last) and not (first.isdigit() and last.isdigit() and len(first) > len(last)):
            return last  # different lengths share no digits to drop
        range_format = self.get_root().get_option("page-range-format")
        if range_format == "chicago-16":
            match = _re.search(r"\d+", first)
            if match and first.isdigit() and last.isdigit():
                number = int(match.group())
                if number < 100 or number % 100 == 0:
                    return last
                common = next((i for i, (a, b) in enumerate(zip(first, last)) if a != b), len(first))
                if number % 100 < 10:
                    return last[common:]  # 107–8, 1002–6
                return last[min(common, len(first) - 2):]  # 321–25, 2595–605
        return original(self, first, last)

    model.FormatNumber._format_last_page = format_last_page


# What `disambiguation.disambiguate` decided for the bibliography being rendered.
_DISAMBIGUATION = {"names": {}, "suffixes": {}, "implicit_suffix": False, "suffixed": set(), "condition": set()}


def set_disambiguation(names: dict, suffixes: dict, implicit_suffix: bool) -> None:
    _DISAMBIGUATION.update(names=names, suffixes=suffixes, implicit_suffix=implicit_suffix, suffixed=set())


def disambiguated_names_and_suffixes() -> None:
    """Apply disambiguation: more names before "et al." for the items that need them,
    and a year suffix after the first year of the entry when the style does not place
    `year-suffix` itself (CSL's rule; Elsevier Harvard's "2016a")."""
    from citeproc import model

    name_process = model.Name.process

    def process(self, item, variable, context=None, sort_options=None, **kwargs):
        _variables.name_item = item.key
        _variables.name_count = len(item.reference.get(variable, []) or [])
        return name_process(self, item, variable, context=context, sort_options=sort_options, **kwargs)

    model.Name.process = process
    name_option = model.Name.get_option

    def get_option(self, name, context=None, sort_options=None):
        value = name_option(self, name, context, sort_options)
        if name in ("et-al-use-first", "et-al-min") and not getattr(_variables, "sorting", False):
            needed = _DISAMBIGUATION["names"].get(getattr(_variables, "name_item", None))
            if needed and name == "et-al-use-first" and needed > int(value):
                return needed
            if needed and name == "et-al-min" and needed >= getattr(_variables, "name_count", 0):
                return getattr(_variables, "name_count", 0) + 1  # every name shown: no "et al."
        return value

    model.Name.get_option = get_option
    date_process = model.Date.process

    def process_date(self, item, *args, **kwargs):
        _variables.date_item = item.key if self.get("variable") == "issued" else None
        return date_process(self, item, *args, **kwargs)

    model.Date.process = process_date
    part_process = model.Date_Part.process

    def process_part(self, date, context=None):
        text = part_process(self, date, context)
        key = getattr(_variables, "date_item", None)
        state = _DISAMBIGUATION
        if text and self.get("name") == "year" and state["implicit_suffix"] and key in state["suffixes"]:
            if key not in state["suffixed"]:
                state["suffixed"].add(key)
                text = text + state["suffixes"][key]
        return text

    model.Date_Part.process = process_part

    # `<if disambiguate="true">` holds only for items still ambiguous; citeproc-py
    # ignored the test and so always took the branch (MLA added titles to every cite).
    if_render = model.If.render

    def render_if(self, item, context=None, delimiter="", **kwargs):
        if self.get("disambiguate") == "true" and self.get("match", "all") != "any":
            if item.key not in _DISAMBIGUATION["condition"]:
                raise model.ConditionFailed
        return if_render(self, item, context=context, delimiter=delimiter, **kwargs)

    model.If.render = render_if


FIXES = [
    cached_style_lookups,
    page_ranges_as_specified,
    sort_keys_collated,
    citation_numbers_by_lookup,
    label_then_space,
    group_needs_a_rendered_variable,
    substitute_suppresses_its_variables,
    initialize_false_keeps_given_names,
    title_case_hyphenated_words,
    disambiguated_names_and_suffixes,
]

# -- fixes on the items, before rendering -----------------------------------------

_NOT_TEXT = frozenset({"id", "URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID", "type"})


def typographic_apostrophes(item: dict) -> dict:
    """citeproc-js prints a straight apostrophe as a typographic one (D'Souza -> D’Souza)."""

    def fix(value):
        if isinstance(value, str):
            return value.replace("'", "\u2019")
        if isinstance(value, list):
            return [fix(v) for v in value]
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        return value

    return {k: (v if k in _NOT_TEXT else fix(v)) for k, v in item.items()}


# -- fixes on the rendered string ------------------------------------------------

_PUNCT_AFTER_QUOTE = re.compile(r"(”)([.,])")


def punctuation_in_quote(text: str) -> str:
    """Locales with `punctuation-in-quote` (en-US) move a following comma or period inside the quotes."""
    return _PUNCT_AFTER_QUOTE.sub(r"\2\1", text)
