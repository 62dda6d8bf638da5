"""Given names as initials, as citeproc-js's `initializeWith` makes them (`initialize-with`,
`initialize`, `initialize-with-hyphen`), and the script classes that decide which names
take initials at all (names_formatting.py prints the names; disambiguation reads the
initials too)."""

from __future__ import annotations

import re
from functools import lru_cache


def given_names_initialized_as_citeproc_js() -> None:
    """`initialize-with` as citeproc-js applies it (its `initializeWith`, ported):

    - `initialize="false"` keeps given names in full and only gives lone initials the
      mark (Chicago and MLA print "Agn, Mikael", not "Agn, M."); citeproc-py ignored it;
    - markup in a given name stays around its initial ("<b>John</b> Q." -> "<b>J.</b> Q.");
    - a name that does not start with a Latin, Greek, Cyrillic, Hebrew, Arabic or Thai
      letter (Chinese, Japanese) is left as it is, and "Lord"/"Lady" too;
    - "Jo." stays an abbreviation, "CHristopher" gives "Ch.", a lowercase word ("de") stays.
    """
    from citeproc import model

    # (cs:name, context) -> (whether only lone initials get the mark, initialize-with-hyphen);
    # speed: read once, as both depend on the style alone (no wrapper of get_option changes
    # initialize-with-hyphen by item or state)
    read: dict = {}

    def initialize(self, given, mark, context):
        # citeproc-js reads only initialize="false" (a "true" on the cs:name does not
        # override a "false" of the bibliography or the style)
        try:
            normalize_only, hyphen = read[self, context]
        except KeyError:
            normalize_only = any(holder.get("initialize", "").lower() == "false" for holder in _holders(self, context))
            hyphen = bool(self.get_option("initialize-with-hyphen", context))
            read[self, context] = normalize_only, hyphen
        return initialized(str(given), str(mark), normalize_only, hyphen)

    model.Name.initialize = initialize


# citeproc-js's character classes (CSL.ROMANESQUE_REGEXP and friends): scripts that
# write names given-name first, with spaces, and initialize them.
_ROMAN = (r"a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
          r"\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e")
ROMANESQUE = re.compile(rf"[-0-9{_ROMAN}]")
STARTS_ROMANESQUE = re.compile(rf"^[&{_ROMAN}]")
_NAME_INITIAL = re.compile(
    r"^([A-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u042f\u0590-\u05d4\u05d6-\u05ff\u0600-\u06ff\u0370\u0372"
    r"\u0376\u0386\u0388-\u03ab\u03e2\u03e4\u03e6\u03e8\u03ea\u03ec\u03ee\u03f4\u03f7\u03fd-\u03ff])"
    r"([a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u052f\u0600-\u06ff\u0370-\u03ff\u1f00-\u1fff]*|)(\.)*"
)
_MARK = r"\ue000-\ue00d"  # rich_text's markup marks (<i>, <b>, ... in the data)
_NAME_SPLIT = re.compile(rf"(?:[-\s]*[{_MARK}][-\s]*|[-\s]+)")
_LEADING_MARKS = re.compile(rf"^[{_MARK}]+")
_MARKS = re.compile(rf"[{_MARK}]+")
_MARKS_WITH_HYPHENS = re.compile(rf"-*[{_MARK}]-*")
_TRAILING_SPACES = re.compile(r"^(.*[^\s])*(\s+)$")
_TRAILING_SPACE = re.compile(r"[\t\n\x0b\x0c\r \ufeff\u00a0]+$")
_HYPHEN_SPACES = re.compile(r"\s*-\s*")
_SPACES = re.compile(r"[\t\n\x0b\x0c\r ]+")


@lru_cache(maxsize=8192)  # speed: the same given names come back entry after entry
def initialized(name: str, terminator: str, normalize_only: bool = False, hyphen: bool = True) -> str:
    """A given name initialized with `terminator` (citeproc-js's CSL.Util.Names.initializeWith)."""
    if not name:
        return ""
    name, terminator = str(name), str(terminator or "")
    templated = "%s" in terminator
    if name in ("Lord", "Lady") or (not STARTS_ROMANESQUE.match(_LEADING_MARKS.sub("", name)) and not templated):
        return name
    if not hyphen:
        name = name.replace("-", " ")
    name = re.sub(r"\s+", " ", _HYPHEN_SPACES.sub("-", name))
    name = re.sub("-([a-z])", "\u2013\\1", name)  # a hyphen before lowercase is no initial
    for i in range(len(name) - 2, -1, -1):
        if name[i] == "." and name[i + 1] != " ":
            name = name[:i] + ". " + name[i + 1 :]
    strings, tags = _NAME_SPLIT.split(name), _NAME_SPLIT.findall(name)
    namelist = [strings[0]]
    if not tags:
        last = re.search("[^.]+$", namelist[0])
        if last and len(last.group(0)) == 1 and last.group(0) != last.group(0).lower():
            namelist[0] += "."
    for index in range(1, len(strings)):
        namelist += [tags[index - 1], strings[index]]
    out = _normalized(namelist, terminator) if normalize_only else _initials(namelist, terminator)
    return re.sub("\u2013([a-z])", r"-\1", out)


def _cleaned(namelist: list[str]) -> str:
    return _SPACES.sub(" ", _HYPHEN_SPACES.sub("-", _TRAILING_SPACE.sub("", "".join(namelist))))


def _merge_tag(tags: str, text: str) -> str:
    """The markup marks of `tags` placed after `text`'s mark, before its trailing space."""
    found = _MARKS_WITH_HYPHENS.findall(tags)
    if not found:
        return text
    tags = "".join(found)
    match = _TRAILING_SPACES.match(text)
    return (match.group(1) or "") + tags + match.group(2) if match else text + tags


def _tags_only(text: str) -> str:
    found = _MARKS.search(text)
    return found.group(0) if found else text


def _initials(namelist: list[str], terminator: str) -> str:
    count = len(namelist)
    templated = "%s" in terminator
    for i in range(0, count, 2):
        word = namelist[i]
        if not word:
            continue
        match = _NAME_INITIAL.match(word)
        groups = list(match.groups()) if match else None
        if not match and not STARTS_ROMANESQUE.match(word) and len(word) > 1 and templated:
            groups = [word[0], word[1:], None]
        if groups and groups[1] and groups[2]:  # "Jo." stays an abbreviation
            groups[0], groups[1] = groups[0] + groups[1], ""
        if groups and groups[0][:1] == groups[0][:1].upper():
            extra = ""
            if groups[1]:
                capitals = ""
                for char in groups[1]:
                    if char != char.upper():
                        break
                    capitals += char
                if len(capitals) < len(groups[1]):  # "CHristopher" -> "Ch."
                    extra = capitals.lower()
            namelist[i] = groups[0] + extra
            if i < count - 1:
                if templated:
                    namelist[i] = terminator.replace("%s", namelist[i], 1)
                elif "-" in namelist[i + 1]:
                    namelist[i + 1] = _merge_tag(namelist[i + 1].replace("-", "", 1), terminator) + "-"
                else:
                    namelist[i + 1] = _merge_tag(namelist[i + 1], terminator)
            elif templated:
                namelist[i] = terminator.replace("%s", namelist[i], 1)
            else:
                namelist.append(terminator)
        elif ROMANESQUE.search(word) and (not match or not match.group(3)):
            namelist[i] = " " + word
    return _cleaned(namelist)


def _normalized(namelist: list[str], terminator: str) -> str:
    """initialize="false": initials and abbreviations get the terminator, words stay."""
    abbreviation = []
    for i, word in enumerate(namelist):
        bare = _LEADING_MARKS.sub("", word)
        if len(bare) > 1 and bare[-1] == ".":
            namelist[i] = re.sub(r"^(.*)\.(.*)$", r"\1\2", word)
            abbreviation.append(True)
        else:
            abbreviation.append(len(word) == 1 and word.upper() == word)
    for i in range(0, len(namelist), 2):
        if not abbreviation[i]:
            continue
        if i < len(namelist) - 2:
            namelist[i + 1] = _tags_only(namelist[i + 1])
            if not abbreviation[i + 2]:
                namelist[i + 1] = _tags_only(namelist[i + 1]) + " "
            if len(namelist[i + 2]) > 1:
                namelist[i + 1] = terminator.removesuffix("\ufeff") + namelist[i + 1]
            else:
                namelist[i + 1] = _merge_tag(namelist[i + 1], terminator)
        if i == len(namelist) - 1:
            namelist[i] += terminator
    return _cleaned(namelist)


def _holders(element, context) -> tuple:
    """Where an inheritable name option may be set: the cs:name, the citation or
    bibliography being rendered (a macro's cs:name inherits from where the macro is
    called), the style."""
    node = context if context is not None else element
    return (element, *node.xpath_search("./ancestor-or-self::*[self::cs:citation or self::cs:bibliography][1]"), element.get_root())


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    given_names_initialized_as_citeproc_js: {"wraps": ["citeproc.model.Name.initialize"]},
}
