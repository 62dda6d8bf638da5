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
import weakref
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

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
    _seen: set[str] = field(default_factory=set, repr=False, compare=False)  # `keys` as a set: one look-up a key

    def add(self, key: str) -> None:
        key = key.strip()
        if not key:
            return
        if key == ALL:
            self.everything = True
        elif key not in self._seen:
            self._seen.add(key)
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
# Each missing key is compared with at most this many of the store's keys (those sharing its
# rarest three-letter pieces), and a key word found in more papers than this picks none: an
# .aux may name 100,000 missing keys, and each must cost the same whatever the store's size.
MAX_CANDIDATES = 200
MAX_PREFIXED = 20  # store words a key word may be the start of
_NEAREST: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # one `Nearest` per index


def closest(key: str, index, limit: int = 3) -> list[tuple[str, str]]:
    """The store's keys nearest a missing one: (key, title), best first (see `Nearest`)."""
    nearest = _NEAREST.get(index)
    if nearest is None:
        nearest = _NEAREST[index] = Nearest(index)
    return nearest.closest(key, limit)


class Nearest:
    """The store's keys and words indexed once, for the closest keys to each missing one.

    A key is compared with the store's keys by `rapidfuzz` similarity (typos, case), and,
    split into its words (`ronneberger2015unet` -> `ronneberger 2015 unet`), looked up
    among the words of titles, authors and years, as a search does (a word as written,
    or the start of one): a key made up by another tool still finds its paper.  Only
    keys sharing a rare piece or word with it are compared (the candidates are bounded).
    """

    def __init__(self, index):
        self.index = weakref.proxy(index)  # (kept in a WeakKeyDictionary by its index: no strong way back)
        self.docs = index.docs
        self.keys = [doc.key.casefold() for doc in self.docs]
        self.every_key = dict(enumerate(self.keys))
        self.grams: dict[str, list[int]] = {}
        for number, name in enumerate(self.keys):
            for gram in _grams(name):
                self.grams.setdefault(gram, []).append(number)
        self._terms: dict[str, tuple[dict[int, float], bool]] = {}

    def closest(self, key: str, limit: int = 3) -> list[tuple[str, str]]:
        from rapidfuzz import fuzz, process

        folded = key.casefold()
        scores: dict[int, float] = {}
        for _name, score, number in process.extract(folded, self._choices(folded),
                                                    scorer=fuzz.ratio, score_cutoff=CLOSE, limit=None):
            scores[number] = score
        for number, score in self._by_words(_key_words(key)).items():
            scores[number] = max(score, scores.get(number, 0.0))
        ranked = sorted(scores.items(), key=lambda item: (-item[1], self.docs[item[0]].key))
        return [(self.docs[n].key, self.docs[n].title) for n, score in ranked[:limit] if score >= CLOSE]

    def _choices(self, folded: str) -> dict[int, str]:
        """The store's keys sharing the key's rarest three-letter pieces, at most about MAX_CANDIDATES."""
        if len(self.keys) <= MAX_CANDIDATES:
            return self.every_key
        found: set[int] = set()
        for posting in sorted((self.grams.get(gram, ()) for gram in _grams(folded)), key=len):
            if len(found) >= MAX_CANDIDATES:
                break
            found.update(posting[:MAX_CANDIDATES])
        return {number: self.keys[number] for number in found}

    def _by_words(self, text: str) -> dict[int, float]:
        """Search scores (0-100, `search.Index.score`) of the papers the key's words find as a
        search finds them (as written, or the start of a word; no typos: the key's own
        likeness covers those), only among the papers its rarer words pick."""
        from medsegcite.bib.search import STOPWORDS, fold, words

        folded = " ".join(fold(text).split())
        split = words(folded)
        terms = [word for word in split if word not in STOPWORDS] or split
        if not terms:
            return {}
        found = [self._term(term) for term in terms]  # per term: ({paper: how well it matches}, picks candidates)
        picking = [best for best, picks in found if picks]
        # CLOSE needs 2/3 of the words matched (90 * coverage + 10 >= 70): a paper found by too
        # few of the picking words cannot get there, whatever the others match.
        spare = len(found) - len(picking)
        counts = Counter(chain.from_iterable(picking))
        scores = {}
        for number in [n for n, count in counts.items() if count + spare >= 2 * len(terms) / 3 - 1e-9]:
            coverage = sum(best.get(number, 0.0) for best, _picks in found) / len(terms)
            if 90 * coverage + 10 >= CLOSE:  # else no title likeness can lift it to CLOSE
                scores[number] = self.index.score(number, coverage, folded)
        return scores

    def _term(self, term: str) -> tuple[dict[int, float], bool]:
        """How well one key word matches each paper (found once per word: missing keys share
        years and names), and whether it is rare enough to pick candidates."""
        cached = self._terms.get(term)
        if cached is None:
            best = self.index.papers_matching(term, typos=False, prefixes=MAX_PREFIXED)
            cached = self._terms[term] = (best, len(best) <= MAX_CANDIDATES)  # a word in many papers picks none by itself
        return cached


def _grams(text: str) -> set[str]:
    return {text[i:i + 3] for i in range(max(1, len(text) - 2))}


def _key_words(key: str) -> str:
    """`li2018hdenseunet` -> `li 2018 hdenseunet`; `Li_H-Dense:2018` -> `li h dense 2018`."""
    return " ".join(re.findall(r"[^\W\d_]+|\d+", key.casefold()))

