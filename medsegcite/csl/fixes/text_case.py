"""Text case as citeproc-js applies it."""

from __future__ import annotations


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
        text = _casable(text)
        if text_case == "capitalize-first":
            return _capitalize_first_if_lower(text, original, self, language)
        if text_case in ("capitalize-all", "sentence"):
            return _cased_words(text, text_case)
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


def text_case_ignored_on_macro_calls() -> None:
    """A `text-case` on a `cs:text` that calls a macro changes nothing, as in citeproc-js.

    citeproc-js turns the call into a group, and applies text case only to the text a
    variable, term or value prints (`<text macro="author" text-case="uppercase"/>` prints
    "Agn M., P. Munck af Rosenschöld", not "AGN M., P. MUNCK AF ROSENSCHÖLD");
    citeproc-py cased the whole macro output.
    """
    from citeproc import model

    def case(self, text, language=None):
        if "macro" in self.attrib:
            return text
        return model.TextCased.case(self, text, language)  # (looked up now: other fixes wrap it)

    model.Text.case = case


def _cased_words(text, text_case: str):
    """capitalize-all and sentence as citeproc-js does them: capitalize-all capitalises
    every all-lower-case word and hyphenated part ("Organs-At-Risk"); sentence
    capitalises the first word and lower-cases the others ("densenet", "école"),
    where citeproc-py kept words in capitals and did not split at hyphens."""
    from citeproc import model
    from citeproc.string import NoCase, String

    output = []
    for index, word in enumerate(text.words()):
        if isinstance(word, String) and not isinstance(word, NoCase):
            value = str(word)
            if text_case == "sentence":
                value = _upper_first(value) if index == 0 else value.lower()
            else:
                value = "-".join(_upper_first(part) if part == part.lower() else part for part in value.split("-"))
            word = String(value)
        output.append(word)
    return model.join(output, " ") if output else text


def _upper_first(word: str) -> str:
    return word[:1].upper() + word[1:]


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


def _capitalize_first_if_lower(text, original, element, language):
    """capitalize-first changes the first word only when it is all lower case ("arXiv" stays)."""
    first = next(iter(text.words()), None)
    if first is not None and not str(first).islower():
        return text
    return original(element, text, language)


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

    def process_text(self, item, context=None, **kwargs):
        if not start(item):
            return text_process(self, item, context, **kwargs)
        before = variables.printed
        variable = self.get("variable")
        if variable in _ATTEMPT_PRINTS:
            variables.printed = True
        text, language = text_process(self, item, context, **kwargs)
        if "term" in self.attrib:
            if text and not before:
                text = _capitalized(text)
        elif "macro" in self.attrib:
            if not text:  # a suppressed macro printed nothing
                variables.printed = before
            return text, language
        elif variable == "citation-number":
            return text, language
        if text:
            variables.printed = True
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

    def process_names(self, item, *args, **kwargs):
        # the empty names a cs:substitute tries do not count ("Anon." after them)
        parent = self.getparent()
        inside_substitute = parent is not None and str(parent.tag).endswith("}substitute")
        return (names_printing if inside_substitute else names_attempt)(self, item, *args, **kwargs)

    model.Names.process = process_names
    model.Date.process = printing(model.Date.process)
    model.Number.process = printing(model.Number.process)
    model.Label.process = printing(model.Label.process)
    group_process = model.Group.process

    def process_group(self, item, *args, **kwargs):
        if not start(item):
            return group_process(self, item, *args, **kwargs)
        before = variables.printed
        try:
            return group_process(self, item, *args, **kwargs)
        except model.VariableError:
            variables.printed = before
            raise

    model.Group.process = process_group


# cs:text variables citeproc-js counts as printed even when empty
_ATTEMPT_PRINTS = frozenset({"volume", "issue", "edition", "number"})


def _capitalized(text):
    from citeproc.string import MixedString

    if isinstance(text, MixedString):
        return text.capitalize_first()
    value = str(text)
    return type(text)(value[:1].upper() + value[1:]) if value[:1].islower() else text
