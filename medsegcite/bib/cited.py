"""The keys a LaTeX paper cites: from BibTeX's `.aux`, biblatex's `.bcf`, or a list.

- `.aux`: `\\citation{a,b}` lines (`\\nocite{*}` is `\\citation{*}`: every entry),
  following `\\@input{chapter.aux}` of `\\include`d files, and biblatex's own
  `\\abx@aux@cite{refsection}{key}` lines when it runs with `backend=bibtex`.
- `.bcf`: biblatex's control file, its `bcf:citekey` elements (`*` for `\\nocite{*}`).
- `--keys a,b,c`.

Then the store's entries those keys name, and for each key the store lacks the
closest keys and titles, so the author sees a typo at once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from medsegcite.errors import MedsegciteError

ALL = "*"
_CITATION = re.compile(r"\\citation\{([^}]*)\}")
_ABX_CITE = re.compile(r"\\abx@aux@cite\{[^}]*\}\{([^}]*)\}")
_INPUT = re.compile(r"\\@input\{([^}]*)\}")
BCF_NS = "https://sourceforge.net/projects/biblatex"
MAX_INPUT_DEPTH = 50  # `\@input` nesting deeper than any real document
MAX_AUX_FILES = 2000  # distinct .aux files one paper may read (a book of chapters has dozens)


class CitedError(MedsegciteError):
    """An .aux or .bcf that cannot be read."""


@dataclass
class Cited:
    """Keys in first-cited order; `everything` when the paper says `\\nocite{*}`."""

    keys: list[str] = field(default_factory=list)
    everything: bool = False

    def add(self, key: str) -> None:
        key = key.strip()
        if not key:
            return
        if key == ALL:
            self.everything = True
        elif key not in self.keys:
            self.keys.append(key)


def read_text(path: str, what: str) -> str:
    from medsegcite import files

    try:
        return files.read_text(path, errors="replace")  # a regular file of bounded size: a FIFO never blocks
    except FileNotFoundError:
        raise CitedError(f"no {what} at {path}") from None
    except IsADirectoryError:
        raise CitedError(f"{path} is a folder, not a {what}") from None
    except OSError as error:
        raise CitedError(f"cannot read {path}: {error.strerror or error}") from None


def from_aux(path: str, cited: Cited | None = None) -> Cited:
    """Every key an .aux cites, with the .aux files it `\\@input`s, in order."""
    cited = cited if cited is not None else Cited()
    _walk_aux(os.path.abspath(path), os.path.dirname(os.path.abspath(path)), cited, [], set())
    return cited


def _walk_aux(path: str, root: str, cited: Cited, stack: list[str], seen: set[str]) -> None:
    if path in stack:
        raise CitedError(f"{stack[-1]}: \\@input{{{os.path.basename(path)}}} includes itself")
    if path in seen:
        return  # included twice (a diamond): its keys are in already, in first-cited order
    seen.add(path)
    if len(seen) > MAX_AUX_FILES:
        raise CitedError(f"{path}: \\@input reaches more than {MAX_AUX_FILES} .aux files")
    if len(stack) >= MAX_INPUT_DEPTH:
        raise CitedError(f"{path}: \\@input nested more than {MAX_INPUT_DEPTH} deep")
    text = read_text(path, ".aux file" if not stack else f".aux file (\\@input from {stack[-1]})")
    stack.append(path)
    # One pass in document order, so keys keep the order the paper cites them.
    for match in re.finditer(f"{_CITATION.pattern}|{_ABX_CITE.pattern}|{_INPUT.pattern}", text):
        citation, abx, included = match.groups()
        if included is not None:
            # LaTeX writes \@input paths relative to the folder it ran in: the main .aux's folder.
            _walk_aux(os.path.normpath(os.path.join(root, included.strip())), root, cited, stack, seen)
        else:
            for key in (citation if citation is not None else abx).split(","):
                cited.add(key)
    stack.pop()


def from_bcf(path: str, cited: Cited | None = None) -> Cited:
    """Every `bcf:citekey` of a biblatex control file, in order."""
    # The stdlib parser resolves no external entities, and the expat it ships
    # (>= 2.4.1) refuses entity-expansion bombs: a hostile .bcf is one error line.
    from xml.etree import ElementTree

    cited = cited if cited is not None else Cited()
    text = read_text(path, ".bcf file")
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        raise CitedError(f"{path}: not a biblatex control file ({error})") from None
    if root.tag != f"{{{BCF_NS}}}controlfile":
        raise CitedError(f"{path}: not a biblatex control file (root element {root.tag})")
    for element in root.iter(f"{{{BCF_NS}}}citekey"):
        cited.add(element.text or "")
    return cited


def from_keys(text: str, cited: Cited | None = None) -> Cited:
    """`k1,k2 k3`: keys separated by commas or spaces."""
    cited = cited if cited is not None else Cited()
    for key in re.split(r"[,\s]+", text):
        cited.add(key)
    return cited


def select(entries: list, cited: Cited) -> tuple[list, list[str]]:
    """(the entries cited, in store order; the cited keys the store lacks, in cited order)."""
    if cited.everything:
        return list(entries), [k for k in cited.keys if k not in {e.key for e in entries}]
    wanted = set(cited.keys)
    known = {e.key for e in entries}
    return [e for e in entries if e.key in wanted], [k for k in cited.keys if k not in known]


# Below this, a "closest" key shares only a year or a fragment such as "unet" with the
# missing one (`ronneberger2015unet` scored 52 against `jin2019dunet`): naming it would
# send the author to the wrong paper, so none is named. Typos and other tools' keys for a
# paper in the store score 90 or more.
CLOSE = 70


def closest(key: str, index, limit: int = 3) -> list[tuple[str, str]]:
    """The store's keys nearest a missing one: (key, title), best first.

    A key is compared with every key (typos, case) and, split into its words
    (`ronneberger2015unet` -> `ronneberger 2015 unet`), searched like a query
    over titles, authors and years: a key made up by another tool still finds
    its paper.
    """
    from rapidfuzz import fuzz

    by_search = {hit.key: hit.score for hit in index.search(_key_words(key), limit=0)}
    scored = []
    for doc in index.docs:
        by_key = fuzz.ratio(key.casefold(), doc.key.casefold())
        scored.append((max(by_key, by_search.get(doc.key, 0.0)), doc.key, doc.title))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [(k, title) for score, k, title in scored[:limit] if score >= CLOSE]


def _key_words(key: str) -> str:
    """`li2018hdenseunet` -> `li 2018 hdenseunet`; `Li_H-Dense:2018` -> `li h dense 2018`."""
    return " ".join(re.findall(r"[^\W\d_]+|\d+", key.casefold()))
