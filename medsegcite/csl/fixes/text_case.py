"""Text case as citeproc-js applies it."""

from __future__ import annotations

import re


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


def text_case_as_citeproc_js() -> None:
    """Every `text-case` as citeproc-js applies it (its `CSL.Output.Formatters`, ported in
    `js_text_case`): words are split at spaces and at punctuation, hyphens and quotes, so
    title case makes "Modality-adaptive" "Modality-Adaptive" and "U-net" "U-Net";
    capitalize-first looks at the first part only ("https://…" -> "Https://…", "arXiv"
    stays); sentence keeps the first part and lower-cases the rest ("Warde-farley");
    title case capitalises a last word even when it is a stop word ("Available At");
    nothing inside `nocase`, small caps, sub- or superscript markup changes.
    """
    from citeproc import formatter, model

    def case(self, text, language=None):
        text_case = self.get("text-case")
        if text_case not in _CASES or not text:
            return text
        if text_case == "title" and language not in (None, "en"):
            return text  # (title case is for English only)
        escaped = "&" in str(text) and self.get_formatter() is formatter.html
        turkish = (language or _style_language(self)) in _DOTTED_I_LANGUAGES
        return _cased(_casable(text), text_case, escaped, turkish)

    model.TextCased.case = case


_DOTTED_I_LANGUAGES = frozenset({"tr", "az"})
_languages: dict = {}  # element -> its style's default-locale language (speed: asked once)


def _style_language(element) -> str:
    try:
        return _languages[element]
    except KeyError:
        language = _languages[element] = (element.get_root().get("default-locale") or "en")[:2].lower()
        return language


_CASES = frozenset({"lowercase", "uppercase", "capitalize-first", "capitalize-all", "sentence", "title"})

# citeproc-js's tags: what splits a string into the parts text case looks at. Our marks
# (rich_text.py) stand for its markup tags and quotes.
_JS_TAG = re.compile("(?:[\u2018\u2019\u201c\u201d]| \"| '|\"|'|[-\u2013\u2014/.,;?!:]|\\[|\\]|\\(|\\)"
                     "|[\ue000-\ue00d\ue01a-\ue01d]"
                     '|<span\\s+class="no(?:case|decor)"[^>]*>|<span\\s+style="font-variant:\\s*small-caps;?"[^>]*>'
                     "|</span>|</?(?:i|sc|b|sub|sup)>)")  # (markup rich_text.py left as text: unbalanced)
_JS_SPACES = re.compile("[\u00a0\u0020\u2000-\u200b\u205f\u3000]+")
_PROTECTING = {"\ue004": "\ue005", "\ue006": "\ue007", "\ue008": "\ue009", "\ue00a": "\ue00b", "\ue00c": "\ue00d"}
_PROTECTING_TAG = re.compile("<span|<s[cub]")
_QUOTE_OF_MARK = {"\ue01a": "\u201c", "\ue01b": "\u201d", "\ue01c": "\u2018", "\ue01d": "\u2019"}
_QUOTE_PAIRS = {' "': (" '", '"'), " '": (' "', "'"), "\u2018": ("\u2018", "\u2019"), "\u201c": ("\u201c", "\u201d")}
_QUOTE_TAG = re.compile("(^(?:\u2018|\u2019|\u201c|\u201d|\"|')|(?: \"| ')$)")
_GREEK = re.compile("^[\u0370-\u03ff]$")

# citeproc-js's CSL.SKIP_WORDS, as its regular expression uses them (a word that starts
# with one of them followed by the end, "-", spaces or "!?:"; "v." matches "vs")
_JS_SKIP_WORDS = re.compile(
    "(?:(?:[?!:]*\\s+|-|^)(?:" + "|".join(
        """about|above|across|afore|after|against|al|along|alongside|amid|amidst|among|amongst|anenst|apropos|apud|
        around|as|aside|astride|at|athwart|atop|barring|before|behind|below|beneath|beside|besides|between|beyond|
        but|by|circa|despite|down|during|et|except|for|forenenst|from|given|in|inside|into|lest|like|modulo|near|
        next|notwithstanding|of|off|on|onto|out|over|per|plus|pro|qua|sans|since|than|through| thru|throughout|
        thruout|till|to|toward|towards|under|underneath|until|unto|up|upon|versus|vs.|v.|vs|v|via|vis-à-vis|with|
        within|without|according to|ahead of|apart from|as for|as of|as per|as regards|aside from|back to|because of|
        close to|due to|except for|far from|inside of|instead of|near to|next to|on to|out from|out of|outside of|
        prior to|pursuant to|rather than|regardless of|such as|that of|up to|where as|or|yet|so|for|and|nor|a|an|
        the|de|d'|von|van|c|ca""".replace("\n", "").replace("|        ", "|").split("|")
    ) + ")(?=[!?:]*\\s+|-|$))"
)


def _upper(text: str, turkish: bool = False) -> str:
    """Upper case as JavaScript's toLocaleUpperCase: Turkish and Azeri dot the capital i."""
    return (text.replace("i", "\u0130") if turkish else text).upper()


def _lower(text: str, turkish: bool = False) -> str:
    return (text.replace("I", "\u0131").replace("\u0130", "i") if turkish else text).lower()


def _capitalise(word: str, turkish: bool = False) -> str:
    """The first letter (after leading spaces) in upper case; a lone Greek letter stays."""
    stripped = word.lstrip()
    if not stripped:
        return word
    at = len(word) - len(stripped)
    first, rest = stripped[0], stripped[1:]
    if _GREEK.match(first) and not rest:
        return word
    return word[:at] + _upper(first, turkish) + rest


def js_text_case(text_case: str, value: str, turkish: bool = False) -> str:
    """`value` in `text_case` as citeproc-js's _textcaseEngine does it (`turkish`: in a
    Turkish or Azeri locale, whose i and ı have their own capitals)."""
    strings, tags = [], []
    last = 0
    for found in _JS_TAG.finditer(value):
        strings.append(value[last : found.start()])
        tags.append(found.group(0))
        last = found.end()
    strings.append(value[last:])
    for index in range(len(tags) - 1, -1, -1):  # an apostrophe before text belongs to it
        if tags[index] in ("'", "\u2019") and strings[index + 1] and not strings[index + 1][0].isspace():
            strings[index + 1] = tags[index] + strings[index + 1]
            tags[index] = ""
    marks = list(tags)  # printed as they came: rich_text.restore places the data's quotes later
    tags = [_QUOTE_OF_MARK.get(tag, tag) for tag in tags]  # the case engine reads them as quotes
    original = list(strings)
    state = {"first": text_case in ("sentence", "title", "capitalize-first"), "punct": False, "last": None}

    def words(string: str, position: int, following_tag=None) -> str:
        if text_case in ("lowercase", "uppercase"):
            change = _lower if text_case == "lowercase" else _upper
            return " ".join(change(word, turkish) if word else word for word in string.split(" "))
        if text_case == "sentence":
            out = []
            for word in string.split(" "):
                if word:
                    if state["first"]:
                        word = _capitalise(word, turkish)
                        state["first"] = False
                    else:
                        word = _lower(word, turkish)
                out.append(word)
            return " ".join(out)
        if text_case == "title" and not string.strip():
            return string
        parts = _split_keeping(_JS_SPACES, string)
        for index in range(0, len(parts), 2):
            word = parts[index]
            if not word:
                continue
            lower = _lower(word, turkish)
            if text_case == "capitalize-first":
                if state["first"]:
                    if word == lower:
                        parts[index] = _capitalise(word, turkish)
                    state["first"] = False
                    break
            elif text_case == "capitalize-all":
                if word == lower:
                    parts[index] = _capitalise(word, turkish)
            else:  # title
                capitalize = (
                    (len(word) > 1 and not _JS_SKIP_WORDS.search(lower))
                    or (index == len(parts) - 1 and following_tag == "-")
                    or state["first"]
                    or state["punct"]
                )
                if capitalize and word == lower:
                    parts[index] = _capitalise(word, turkish)
                state["punct"] = state["first"] = False
                state["last"] = (position, index)
        return "".join(parts)

    if strings[0].strip():
        strings[0] = words(strings[0], 0, tags[0] if tags else None)
    protected: list[str] = []
    quotes: list[dict] = []
    for index, tag in enumerate(tags):
        string = strings[index + 1]
        if tag in _PROTECTING:
            protected.append(_PROTECTING[tag])
        elif tag[:1] == "<" and _PROTECTING_TAG.match(tag):
            protected.append("</span>" if tag.startswith("<span") else "</" + tag[1:])
        elif protected and tag == protected[-1]:
            protected.pop()
        if text_case == "title" and tag[-1:] in ("!", "?", ":"):
            state["punct"] = True
        if not protected:
            strings[index + 1] = words(string, index + 1)  # (citeproc-js passes no following tag here)
        elif string.strip():
            state["last"] = None
        if text_case not in ("lowercase", "uppercase"):
            restore = _quote_fix(quotes, tag, index)
            if restore is not None:
                strings[restore + 1] = original[restore + 1][:1] + strings[restore + 1][1:]
                state["last"] = None
        if string.strip():
            state["first"] = state["punct"] = False
    for quote in quotes:  # quotes never closed: what follows them keeps its first letter
        if quote["pos"] is not None:
            strings[quote["pos"] + 1] = original[quote["pos"] + 1][:1] + strings[quote["pos"] + 1][1:]
    if state["last"] is not None:  # a last word that is a stop word is capitalised
        position, index = state["last"]
        parts = _split_keeping(_JS_SPACES, strings[position])
        word = parts[index]
        if len(word) > 1 and _JS_SKIP_WORDS.search(_lower(word, turkish)):
            parts[index] = _capitalise(word, turkish)
            strings[position] = "".join(parts)
    out = [strings[0]]
    for mark, string in zip(marks, strings[1:]):
        out += [mark, string]
    return "".join(out)


def _split_keeping(pattern, string: str) -> list[str]:
    """`string` split at `pattern`, the separators kept at the odd positions."""
    parts, last = [], 0
    for found in pattern.finditer(string):
        parts += [string[last : found.start()], found.group(0)]
        last = found.end()
    parts.append(string[last:])
    return parts


def _quote_fix(quotes: list[dict], tag: str, position: int):
    """citeproc-js's quote state: the position whose following string gets its first
    letter back (after a closing quote that closes nothing, or an opening quote of
    another kind), or None."""
    found = _QUOTE_TAG.match(tag) if tag else None
    if not found:
        return None
    tag = found.group(1)
    if tag in _QUOTE_PAIRS:  # an opener
        opener, closer = _QUOTE_PAIRS[tag]
        if not quotes or tag == quotes[-1]["opener"]:
            quotes.append({"opener": opener, "closer": closer, "pos": position})
            return None
        before = quotes.pop()["pos"]
        quotes.append({"opener": opener, "closer": closer, "pos": None})
        return before
    if quotes and tag == quotes[-1]["closer"]:
        quotes.pop()
        return None
    return position


def _cased(text, text_case: str, escaped: bool = False, turkish: bool = False):
    """A String or MixedString in `text_case`; NoCase pieces stay as they are, and a piece
    the case does not change stays the same object (suffix pieces keep what they are).
    `escaped`: the values are HTML-escaped already (citeproc-js cases the text itself)."""
    from citeproc.string import MixedString, NoCase, String

    pieces = list(_pieces(text))
    plain = [_unescaped(str(p)) if escaped else str(p) for p in pieces]
    marked = "".join(f"\ue00a{p}\ue00b" if isinstance(piece, NoCase) else p for piece, p in zip(pieces, plain))
    result = js_text_case(text_case, marked, turkish)
    if result == marked:
        return text
    if len(result) != len(marked):  # (a letter whose case has another length, "ß" -> "SS")
        result = result.replace("\ue00a", "").replace("\ue00b", "")
        return String(_escaped(result) if escaped else result)
    out, at = [], 0
    for piece, before in zip(pieces, plain):
        size = len(before) + (2 if isinstance(piece, NoCase) else 0)
        new = result[at : at + size]
        at += size
        if isinstance(piece, NoCase) or new == before:
            out.append(piece)
        else:
            new = _escaped(new) if escaped else new
            out.append(type(piece)(new) if isinstance(piece, String) else String(new))
    return out[0] if len(out) == 1 else MixedString(out)


def _unescaped(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") if "&" in text else text


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _pieces(text):
    from citeproc.string import MixedString

    if isinstance(text, MixedString):
        for piece in text:
            yield from _pieces(piece)
    else:
        yield text


def text_case_ignored_on_macro_calls() -> None:
    """A `text-case` on a `cs:text` that calls a macro changes nothing, as in citeproc-js.

    citeproc-js turns the call into a group, and applies text case only to the text a
    variable, term or value prints (`<text macro="author" text-case="uppercase"/>` prints
    "Agn M., P. Munck af Rosenschöld", not "AGN M., P. MUNCK AF ROSENSCHÖLD");
    citeproc-py cased the whole macro output.
    """
    from citeproc import model

    from medsegcite.csl.fixes import compose

    def case(self, text, language=None):
        if "macro" in self.attrib:
            return text
        cased = model.TextCased.case  # (looked up now: other fixes wrap it; no macro call: bypassed from now on)
        compose.bypassed(self, "case", case, cased)
        return cased(self, text, language)

    model.Text.case = case


def _casable(text):
    """A page range or number is formatted to a plain `str` (or a MixedString of them),
    which has none of the case methods of citeproc-py's String: made a String."""
    from citeproc.string import MixedString, String

    def plain(piece) -> bool:  # a str, or a str subclass of ours (a suffix), but no String
        return isinstance(piece, str) and not isinstance(piece, String)

    if plain(text):
        return String(text)
    if isinstance(text, MixedString) and any(plain(part) for part in text):
        return MixedString([String(part) if plain(part) else part for part in text])
    return text


def term_capitalized_at_entry_start() -> None:
    """A term printed before anything else in a bibliography entry is capitalised, as
    citeproc-js does ("N.d.", "In: ...", "S. d."; citeproc-py printed "n.d.").

    What counts as printed is what citeproc-js counts: any text but the citation
    number, and also an empty `cs:names` or an empty volume, issue, edition or number
    in `cs:text` (citeproc-js appends an empty string for them); what a group or macro
    printed does not count once it is suppressed.
    """
    from citeproc import model

    from medsegcite.csl.fixes.state import variables

    def start(item) -> bool:
        """Whether an entry of a bibliography is rendering; a new entry starts clean."""
        try:
            if not variables.in_bibliography or variables.sorting:
                return False
        except AttributeError:
            return False
        if variables.entry is not item:  # (the same CitationItem while an entry renders)
            variables.entry = item
            variables.printed = False
        return True

    layout_render = model.Layout.render_bibliography

    def render_bibliography(self, citation_items):
        variables.in_bibliography, variables.entry, variables.printed = True, None, False
        if not hasattr(variables, "sorting"):
            variables.sorting = False
        try:
            return layout_render(self, citation_items)
        finally:
            variables.in_bibliography = False

    model.Layout.render_bibliography = render_bibliography
    text_process = model.Text.process
    kinds: dict = {}  # cs:text -> ("term", "macro", "number" (citation-number) or None, printed even when empty)

    def process_text(self, item, context=None, **kwargs):
        try:  # (start(), inline: two dozen calls per entry)
            entering = variables.in_bibliography and not variables.sorting
        except AttributeError:
            entering = False
        if not entering:
            return text_process(self, item, context, **kwargs)
        if variables.entry is not item:  # (the same CitationItem while an entry renders)
            variables.entry = item
            variables.printed = False
        try:
            kind, attempt = kinds[self]
        except KeyError:
            variable = self.get("variable")
            kind = ("term" if "term" in self.attrib else "macro" if "macro" in self.attrib
                    else "number" if variable == "citation-number" else None)
            kind, attempt = kinds[self] = kind, variable in _ATTEMPT_PRINTS
        before = variables.printed
        if attempt:
            variables.printed = True
        text, language = text_process(self, item, context, **kwargs)
        if kind is None:
            if text:
                variables.printed = True
        elif kind == "term":
            if text:
                if not before:
                    text = _capitalized(text, self)
                variables.printed = True
        elif kind == "macro":
            if not text:  # a suppressed macro printed nothing
                variables.printed = before
        return text, language

    model.Text.process = process_text

    def printing(method, attempt: bool = False):
        def process(self, item, *args, **kwargs):
            # (an empty cs:names counts once it is done: a term its substitute prints
            # first is still capitalised, "Anon.")
            try:
                text = method(self, item, *args, **kwargs)
            except model.VariableError:
                if attempt and start(item):
                    variables.printed = True
                raise
            if (text or attempt) and start(item):
                variables.printed = True
            return text

        return process

    names_attempt = printing(model.Names.process, attempt=True)
    names_printing = printing(model.Names.process)

    chosen: dict = {}  # cs:names -> which of the two (speed: its parent looked up once)

    def process_names(self, item, *args, **kwargs):
        # the empty names a cs:substitute tries do not count ("Anon." after them)
        try:
            process = chosen[self]
        except KeyError:
            parent = self.getparent()
            inside_substitute = parent is not None and str(parent.tag).endswith("}substitute")
            process = chosen[self] = names_printing if inside_substitute else names_attempt
        return process(self, item, *args, **kwargs)

    model.Names.process = process_names
    model.Date.process = printing(model.Date.process)
    model.Number.process = printing(model.Number.process)
    model.Label.process = printing(model.Label.process)
    group_process = model.Group.process

    def process_group(self, item, *args, **kwargs):
        try:  # (start(), inline)
            entering = variables.in_bibliography and not variables.sorting
        except AttributeError:
            entering = False
        if not entering:
            return group_process(self, item, *args, **kwargs)
        if variables.entry is not item:  # (the same CitationItem while an entry renders)
            variables.entry = item
            variables.printed = False
        before = variables.printed
        try:
            return group_process(self, item, *args, **kwargs)
        except model.VariableError:
            variables.printed = before
            raise

    model.Group.process = process_group


# cs:text variables citeproc-js counts as printed even when empty
_ATTEMPT_PRINTS = frozenset({"volume", "issue", "edition", "number"})


def _capitalized(text, element):
    """citeproc-js's capitalize-first: the first word, if all lower case, even after a
    bracket ("[S. d.]"), and only that word ("S. d.")."""
    from citeproc import formatter

    escaped = "&" in str(text) and element.get_formatter() is formatter.html
    return _cased(_casable(text), "capitalize-first", escaped, _style_language(element) in _DOTTED_I_LANGUAGES)


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    text_case_as_citeproc_js: {"wraps": ["citeproc.model.TextCased.case"]},
    term_capitalized_at_entry_start: {
        "wraps": [
            "citeproc.model.Date.process",
            "citeproc.model.Group.process",
            "citeproc.model.Label.process",
            "citeproc.model.Layout.render_bibliography",
            "citeproc.model.Names.process",
            "citeproc.model.Number.process",
            "citeproc.model.Text.process",
        ],
        "after": [
            "disambiguated_names_and_suffixes",
            "substitute_suppresses_its_variables",
            "date_ranges_as_specified",
            "group_needs_a_rendered_variable",
            "typography_of_printed_text",
            "label_then_space",
            "substituted_names_not_repeated",
        ],
    },
    text_case_ignored_on_macro_calls: {"wraps": ["citeproc.model.Text.case"]},
}
