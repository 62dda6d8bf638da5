"""Number variables printed as text: a range between two numbers takes an en dash, as
citeproc-js prints it ("3-4" and "7 - 8" as "3–4", "7–8"; "A-5" stays). Pages have their
own rules (page_ranges.py); `cs:number` already printed ranges this way."""

from __future__ import annotations

import re

_RANGE = re.compile(r"(\d)\s*-\s*(\d)")
NUMBER_VARIABLES = frozenset({
    "chapter-number", "collection-number", "edition", "issue", "number", "number-of-pages", "number-of-volumes",
    "part-number", "printing-number", "supplement-number", "volume",
})


def number_ranges_with_en_dash() -> None:
    from citeproc import model
    from citeproc.string import String

    original = model.Text._variable

    def variable(self, item, context):
        text = original(self, item, context)
        name = self.get("variable")
        if text is not None and name in NUMBER_VARIABLES:
            plain = str(text)
            if "-" in plain:
                delimiters = (str(self.get_single_term(name="page-range-delimiter") or "") or "\u2013",
                              str(self.get_single_term(name="year-range-delimiter") or "") or "\u2013")
                ranged = number_text_as_citeproc_js(name, plain, *delimiters)
                if ranged is None:  # an embedded label ("no. 3-4"): as before
                    ranged = _RANGE.sub("\\1\u2013\\2", plain) if _RANGE.search(plain) else plain
                if ranged != plain:
                    return String(ranged)
        return text

    model.Text._variable = variable


# citeproc-js's processNumber for a number variable printed by cs:text: the value is split
# at its joiners; the first part decides whether the whole is numeric ("TR-2019-04" is not,
# and keeps its hyphens) and whether its parts collapse (a run "a-b" of two numbers);
# only a numeric issue, volume, edition or number (and collection-number) turns a hyphen
# into an en dash.
_SPLIT = re.compile(r"(\s*&\s*|,\s+and\s+|\s+and\s+|;\s+|,\s+|\s*\\*[\-\u2013]+\s*)")
_LABEL = re.compile(r"(?:^| )(?:[a-z]{1,4}|subpara|subch|amend|bibliog|annot|illus|princ|intro|sched|subdiv|subsec)(?:\.| ) *")
_PARTICLE = re.compile(r"^([0-9]*[a-zA-Z]+0*)?([0-9]+(?:[a-zA-Z]*|[-,a-zA-Z]+))$")
_MASTER = re.compile(r"^(?:[0-9]+|[ixv]+)([-,:a-zA-Z]*|-[-0-9]+)$")
_ROMAN_VALUE = re.compile(r"^[ivxlcmIVXLCM]+$")
_WHOLE = re.compile(r"^([0-9]+|[ivxlcmIVXLCM]+)$")
_MANGLED = re.compile(r"^((?:[0-9]*[a-zA-Z]+0*))?([0-9]+[a-z]*)(\s*[^0-9]+\s*)([-,a-zA-Z]?0*)([0-9]+[a-z]*)$")
_EN_DASH_VARIABLES = frozenset({"issue", "volume", "edition", "number", "collection-number"})
_RANGED_VARIABLES = frozenset({
    "chapter-number", "collection-number", "edition", "issue", "number", "number-of-pages", "number-of-volumes", "volume",
})


def _starts_with_int(text: str) -> bool:
    return bool(re.match(r"^\s*[+-]?\d", text))


def number_text_as_citeproc_js(variable: str, value: str, page_delimiter: str = "\u2013",
                               year_delimiter: str = "\u2013") -> str | None:
    """The value as citeproc-js prints it, or None where it holds an embedded label. A range
    takes the locale's page-range-delimiter (a collection-number its year-range-delimiter)."""
    pieces = _SPLIT.split(value.strip())
    elems, joiners = pieces[0::2], pieces[1::2]
    # "12a-c": a sub-section run is one element
    for i in range(len(joiners) - 1, -1, -1):
        if joiners[i] == "-" and re.match(r"^[0-9]+[,a-zA-Z]+$", elems[i]) and re.match(r"^[,a-zA-Z]+$", elems[i + 1]):
            elems[i:i + 2] = [elems[i] + "-" + elems[i + 1]]
            del joiners[i]
    if any(_LABEL.search(e) for e in elems):
        return None
    values = []
    for i, elem in enumerate(elems):
        match = _PARTICLE.match(elem)
        particle, number = (match.group(1) or "", match.group(2)) if match else ("", elem)
        joiner = re.sub(r"\s*-\s*", "-", joiners[i], count=1) if i < len(joiners) else ""
        values.append({"particle": particle, "value": number, "joiner": joiner})
    master = values[0]["value"]
    numeric = bool(master) and bool(_MASTER.match(master)) and all(v["value"] for v in values)
    collapsible = _starts_with_int(master) or bool(_ROMAN_VALUE.match(master))

    def delimiter(joiner, is_numeric):
        if joiner == "-" and is_numeric and variable in _EN_DASH_VARIABLES:
            return year_delimiter if variable == "collection-number" else page_delimiter
        return joiner

    def mangle(i):
        before, after = values[i - 1], values[i]
        if before["particle"] != after["particle"] or before["joiner"] != "-":
            return
        try:
            if int(re.match(r"\d+", before["value"]).group()) > int(re.match(r"\d+", after["value"]).group()):
                before["joiner"] = delimiter(before["joiner"], True)
                return
        except AttributeError:  # not numbers
            pass
        if _WHOLE.match(before["value"]) and _WHOLE.match(after["value"]):
            before["joiner"] = page_delimiter
        found = _MANGLED.match(before["value"] + before["joiner"] + after["value"])
        if found:
            before["particle"], before["value"] = found.group(1) or "", found.group(2)
            before["joiner"] = delimiter(found.group(3), numeric)
            after["particle"], after["value"] = found.group(4) or "", found.group(5)

    if variable in _RANGED_VARIABLES:
        if not collapsible:
            for v in values:
                v["joiner"] = delimiter(v["joiner"], numeric)
        else:
            count = 0
            for i, v in enumerate(values):
                if i == 0:
                    count = 1
                elif v["joiner"] == "-":
                    count = 1
                else:
                    count += 1
                    if count == 2:
                        mangle(i)
                        count = 0
    return "".join(v["particle"] + v["value"] + v["joiner"] for v in values)


# citeproc-js's processNumber: a value is split where "&", "and", ", ", "; " or a hyphen
# joins its parts; it is numeric when its first part is a number (an optional letter
# prefix, digits, optional letters: "12", "e1234", "2nd", "S1") or lower-case roman.
_JOINER = re.compile(r"\s*&\s*|,\s+and\s+|\s+and\s+|;\s+|,\s+|\s*\\*[\-\u2013]+\s*")
_PREFIXED = re.compile(r"^([0-9]*[a-zA-Z]+0*)?([0-9]+(?:[a-zA-Z]*|[-,a-zA-Z]+))$")
_NUMERIC = re.compile(r"^(?:[0-9]+|[ixv]+)(?:[-,:a-zA-Z]*|-[-0-9]+)$")
# the variables citeproc-js tests as numbers (its NUMERIC_VARIABLES); `title` and
# `version` are numeric when they end in a digit
_NUMERIC_VARIABLES = frozenset({
    "call-number", "chapter-number", "collection-number", "division", "edition", "page", "issue", "locator",
    "locator-extra", "number", "number-of-pages", "number-of-volumes", "part-number", "printing-number", "section",
    "supplement-number", "version", "volume", "supplement", "citation-number",
})


def numeric_as_citeproc_js(variable: str, value) -> bool:
    """Whether citeproc-js's `is-numeric` holds for this value of the variable."""
    text = str(value).strip() if value is not None else ""
    if not text:
        return False
    if variable not in _NUMERIC_VARIABLES:
        return variable in ("title", "version") and text[-1].isdigit()
    first = _JOINER.split(text, maxsplit=1)[0].strip()
    match = _PREFIXED.match(first)
    return bool(_NUMERIC.match(match.group(2) if match else first))


def is_numeric_as_citeproc_js() -> None:
    """`is-numeric` as citeproc-js tests it: a range or list of numbers is numeric
    ("220-237", "1 & 2", "3, 4"; citeproc-py wanted a single number, so Harvard Cape
    Town printed "(in press)" for every article with a page range), a text variable is
    not (only a title or version that ends in a digit)."""
    from citeproc import model

    def _is_numeric(self, item):
        results = []
        for variable in self.get("is-numeric").split():
            value = item.reference.get(variable.replace("-", "_"))
            if value is None and variable == "locator" and getattr(item, "has_locator", False):
                value = item.locator.identifier
            results.append(numeric_as_citeproc_js(variable, value))
        return results

    model.If._is_numeric = _is_numeric


def numbers_of_hyphenated_variables() -> None:
    """`cs:number` prints a variable whose name has a hyphen (collection-number,
    number-of-pages, chapter-number...): citeproc-py looked it up under its CSL name,
    while the item stores it with an underscore, and printed nothing."""
    from citeproc import model

    original = model.Number.process

    def process(self, item, context=None, **kwargs):
        variable = self.get("variable")
        if "-" not in variable or variable == "page-first":
            return original(self, item, context, **kwargs)
        value = item.reference[variable.replace("-", "_")]
        return self._process(value, variable)

    model.Number.process = process


# citeproc-js's CSL.ROMAN_NUMERALS: units, tens, hundreds, thousands up to 5 (its
# Romanizer prints nothing from 6000 on)
_ROMAN = (("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"),
          ("", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc"),
          ("", "c", "cc", "ccc", "cd", "d", "dc", "dcc", "dccc", "cm"),
          ("", "m", "mm", "mmm", "mmmm", "mmmmm"))


def roman(number: int) -> str:
    if not 0 < number < 6000:
        return ""
    digits = str(number)[::-1]  # units first
    return "".join(_ROMAN[position][int(digit)] for position, digit in reversed(list(enumerate(digits))))


def number_forms_as_citeproc_js() -> None:
    """`form="roman"` as citeproc-js writes it: nothing from 6000 on (citeproc-py wrote
    "mmmmmmmmmmcxxxiv" for volume 10134 of a proceedings series); and `form="numeric"`
    (the default) prints the digits as written: "041307" keeps its zero (citeproc-py
    printed the integer, "41307", for a page of an e-journal)."""
    from citeproc import model

    original = model.Number.format_number

    def format_number(self, number):
        form = self.get("form", "numeric")
        if form == "roman":
            try:
                return roman(int(number))
            except ValueError:
                return number
        if form == "numeric" and isinstance(number, str) and number.isdigit():
            return number
        return original(self, number)

    model.Number.format_number = format_number


def ordinal_suffix(locales, number: int, gender: str | None) -> str:
    """citeproc-js's Ordinalizer (CSL 1.0.1 ordinals): the `ordinal-NN` term matching the
    whole number, else its last two digits, else its last digit, in the gender asked for
    (else a term without gender), else the `ordinal` term."""
    text = str(number)
    found = _csl_101_ordinal(locales, text, gender)
    if found is not None:
        return found
    # the locales of the style's language first, as citeproc-py looks ordinals up: en-US's
    # "ordinal-01" ("st") must not win over German's "ordinal" (".")
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    main = locales[0].get(lang) if locales else None
    own = tuple(locale for locale in locales if locale.get(lang, main) == main)
    for group in (own, tuple(locales)):
        table = _ordinal_table(group)
        for gender_ in ((gender, "neuter") if gender else ("neuter",)):
            for match, stub in (("whole-number", text), ("last-two-digits", text[-2:]), ("last-digit", text[-1:])):
                found = table.get((match, stub.lstrip("0") or "0", gender_))
                if found is not None:
                    return found
        found = table.get(("ordinal", gender), table.get(("ordinal", "neuter")))
        if found is not None:
            return found
    return ""


_ORDINAL_TABLES: dict = {}
_CSL_101_TABLES: dict = {}


def _csl_101_ordinal(locales, text: str, gender: str | None) -> str | None:
    """citeproc-js's CSL 1.0.1 ordinals: the locale of highest priority that has an
    `ordinal` term holds the whole table (it wipes the ordinals of the locales under it:
    nl-NL's "1ste", not en-US's "1st"); only the gender asked for is tried (no gender:
    the neuter), else the `ordinal` term (pt-BR's neuter "1º", not the feminine "1ª").
    None when no locale has an `ordinal` term."""
    key = tuple(locales)
    table = _CSL_101_TABLES.get(key)
    if table is None:
        table = _CSL_101_TABLES[key] = _csl_101_table(key)
    if not table:
        return None
    names, texts = table
    suffix = _term_text(texts, "ordinal", gender)
    for tried in ((gender,) if gender else ()) + ("neuter",):
        for match, stub in (("whole-number", text), ("last-two-digits", text[-2:]), ("last-digit", text[-1:])):
            name = names.get((match, stub, tried))
            if name is not None:
                suffix = _term_text(texts, name, gender)
                break
        if suffix:
            break
    return suffix


def _term_text(texts: dict, name: str, gender: str | None) -> str:
    forms = texts.get(name, {})
    for wanted in (gender, None, "feminine", "masculine"):
        if wanted in forms:
            return forms[wanted]
    return ""


def _csl_101_table(locales: tuple):
    chosen = None
    for index, locale in enumerate(locales):
        terms = locale.find("cs:terms", locale.nsmap)
        if terms is not None and any(t.get("name") == "ordinal" and t.get("form") is None for t in terms.iterchildren()):
            chosen = index
            break
    if chosen is None:
        return None
    names: dict = {}
    texts: dict = {}
    for index, locale in enumerate(locales[: chosen + 1]):
        terms = locale.find("cs:terms", locale.nsmap)
        for term in () if terms is None else terms.iterchildren():
            name = term.get("name") or ""
            if not name.startswith("ordinal") or term.get("form") not in (None, "long"):
                continue
            texts.setdefault(name, {}).setdefault(term.get("gender-form"), str(term.single))
            if index != chosen or name == "ordinal":
                continue
            stub = name[8:]
            match = term.get("match") or ("last-digit" if stub.startswith("0") else "last-two-digits")
            names[(match, stub[1:] if stub.startswith("0") else stub, term.get("gender-form") or "neuter")] = name
    return names, texts


def _ordinal_table(locales: tuple) -> dict:
    """(match, number without leading zero, gender) -> suffix, and ("ordinal", gender), from
    the locales in the order the style looks terms up (first one wins)."""
    try:
        return _ORDINAL_TABLES[locales]
    except KeyError:
        pass
    table: dict = {}
    for locale in locales:
        terms = locale.find("cs:terms", locale.nsmap)
        for term in () if terms is None else terms.iterchildren():
            name = term.get("name") or ""
            if not name.startswith("ordinal") or term.get("form") is not None:
                continue
            gender = term.get("gender-form") or "neuter"
            suffix = str(term.single)
            if name == "ordinal":
                table.setdefault(("ordinal", gender), suffix)
                continue
            stub = name[8:]
            match = term.get("match") or ("last-digit" if stub.startswith("0") else "last-two-digits")
            table.setdefault((match, stub.lstrip("0") or "0", gender), suffix)
    # citeproc-js fills a term given only in gendered forms with its feminine (else masculine) one
    for key in [k for k in table if len(k) == 3 and k[2] in ("feminine", "masculine")]:
        neuter = (key[0], key[1], "neuter")
        if neuter not in table and (key[2] == "feminine" or (key[0], key[1], "feminine") not in table):
            table[neuter] = table[key]
    _ORDINAL_TABLES[locales] = table
    return table


def ordinals_agree_in_gender() -> None:
    """An ordinal takes the gender of what it counts, as citeproc-js does with CSL 1.0.1's
    gendered ordinals: a day that of its month's term (French "1ᵉʳ octobre", octobre
    being masculine; citeproc-py took the first "ordinal-01", the feminine "1ʳᵉ"), a
    number that of its variable's term ("2ᵉ édition")."""
    from citeproc import model

    from medsegcite.csl.fixes.state import variables as state

    def gender_of(element, term_name):
        try:
            term = element.get_term(term_name)
        except Exception:  # a locale without the term
            return None
        return None if term is None else term.get("gender")

    def to_ordinal(number, context):
        gender = getattr(state, "ordinal_gender", None)
        return str(number) + ordinal_suffix(context.get_root().locales, int(number), gender)

    model.to_ordinal = to_ordinal
    part_process = model.Date_Part.process

    def process_part(self, date, context=None):
        if self.get("name") != "day":
            return part_process(self, date, context)
        try:
            month = int(date.month)
        except Exception:  # no month: no gender
            month = None
        state.ordinal_gender = gender_of(context if context is not None else self, f"month-{month:02d}") if month else None
        try:
            return part_process(self, date, context)
        finally:
            state.ordinal_gender = None

    model.Date_Part.process = process_part
    format_number = model.Number.format_number

    def format_gendered(self, number):
        if self.get("form") not in ("ordinal", "long-ordinal"):
            return format_number(self, number)
        state.ordinal_gender = gender_of(self, self.get("variable") or "")
        try:
            return format_number(self, number)
        finally:
            state.ordinal_gender = None

    model.Number.format_number = format_gendered


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    numbers_of_hyphenated_variables: {"wraps": ["citeproc.model.Number.process"]},
    number_ranges_with_en_dash: {
        "wraps": ["citeproc.model.Text._variable"],
        # it wraps Text._variable as suppression and disambiguation left it
        "after": ["disambiguated_names_and_suffixes"],
    },
    is_numeric_as_citeproc_js: {"wraps": ["citeproc.model.If._is_numeric"]},
    number_forms_as_citeproc_js: {"wraps": ["citeproc.model.Number.format_number"]},
    ordinals_agree_in_gender: {
        "wraps": [
            "citeproc.model.Date_Part.process",
            "citeproc.model.Number.format_number",
            "citeproc.model.to_ordinal",
        ],
        "after": ["seasons_in_place_of_months", "number_forms_as_citeproc_js"],
    },
}
