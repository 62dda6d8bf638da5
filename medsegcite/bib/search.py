"""Find a paper in the store as you would in Zotero: a few words, typos forgiven.

Every query word is matched against the words of each paper's title, authors,
year, venue, DOI, categories and key: exactly, as the start of a word (typing
`hdense` finds `H-DenseUNet`), or by `rapidfuzz` similarity for typos
(`segmnetation`).  Word order does not matter; accents and case are folded
(`cicek` finds `Çiçek`).  A paper's score is the share of query words it
matches, weighted by field, with the title's overall similarity to break ties.

Speed: parsing the store with bibtexparser and decoding its LaTeX costs more than
a search may take (a whole `search` process should stay under 150 ms).  The
index of plain, folded words is therefore cached as JSON under the user cache
folder, named by a hash of the store's bytes: any edit to the store makes a
new index, and a search of an unchanged store never imports bibtexparser.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import asdict, dataclass, field

INDEX_VERSION = 3  # 3: the store's whole digest inside, every field checked on reading; only stores the strict parser reads
# Letters NFKD does not decompose into a base letter plus an accent.
_FOLD = str.maketrans({"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "æ": "ae", "Æ": "ae",
                       "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "ð": "d"})
_WORD = re.compile(r"[0-9a-z]+")
_DOI = re.compile(r"10\.\d{4,9}/\S+", re.IGNORECASE)
STOPWORDS = frozenset("a an and at by for from in into of on or the to via with".split())
# How much a word found in each field counts (title, authors, year, key, DOI: fully).
WEIGHTS = {"title": 1.0, "authors": 1.0, "year": 1.0, "key": 1.0, "doi": 1.0, "venue": 0.85, "categories": 0.85}
MIN_SCORE = 40.0
# Below this the best hit is only the closest: a query word not found at all (`nnU-Net` in a
# list without it scores 59; a typo of each word, `kindey`, 72; every word as typed, 100).
GOOD_SCORE = 70.0


def fold(text: str) -> str:
    """Lower case without accents: `Çiçek` -> `cicek`, `Rosenschöld` -> `rosenschold`."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def words(text: str) -> list[str]:
    """Folded words; a hyphenated or punctuated word also whole (`U-Net` -> `u`, `net`, `unet`)."""
    found: list[str] = []
    for chunk in fold(text).split():
        parts = _WORD.findall(chunk)
        found += parts
        if len(parts) > 1:
            found.append("".join(parts))
    return found


@dataclass
class Doc:
    """One paper as search sees it: plain Unicode, plus its folded words per field."""

    key: str
    title: str
    authors: list[str]  # "Family, Given"
    year: str
    venue: str
    doi: str
    categories: list[str]  # `/`-joined paths, deepest only
    state: str
    tokens: dict[str, list[str]] = field(default_factory=dict)

    @property
    def first_author(self) -> str:
        return self.authors[0].split(",")[0].strip() if self.authors else ""


@dataclass
class Hit:
    key: str
    score: float
    doc: Doc


def _doc(entry) -> Doc:
    from medsegcite.bib import export, latex

    fields = entry.fields
    plain = {name: latex.decode(fields[name]) for name in ("title", "author", "journal", "booktitle", "howpublished") if fields.get(name)}
    if not plain.get("title"):
        plain["title"] = latex.decode(entry.meta.get("list-title", ""))
    authors = [name.strip() for name in re.split(r"\s+and\s+", plain.get("author", "")) if name.strip()]
    paths = export.keyword_paths(entry)
    deepest = [p for p in paths if not any(other.startswith(p + "/") for other in paths)]
    year = fields.get("year", "")
    doc = Doc(
        key=entry.key,
        title=plain["title"],
        authors=authors,
        year=year if re.fullmatch(r"[0-9]{1,4}", year) else "",  # not '²', not 5,000 digits
        venue=plain.get("journal") or plain.get("booktitle") or plain.get("howpublished", ""),
        doi=fields.get("doi", "").lower(),
        categories=deepest,
        state=entry.state,
    )
    doc.tokens = {
        "title": words(doc.title),
        "authors": [w for a in authors for w in words(a)],
        "year": [doc.year] if doc.year else [],
        "venue": words(doc.venue),
        "doi": words(doc.doi),
        "categories": [w for p in paths for w in words(p.replace("/", " "))],
        "key": words(doc.key) + re.findall(r"[a-z]+|\d+", doc.key.casefold()),
    }
    return doc


class Index:
    """Every paper of the store, ready to search."""

    def __init__(self, entries=None, docs: list[Doc] | None = None):
        self.docs = docs if docs is not None else [_doc(e) for e in entries or []]
        # Each paper's words with the weight of the best field they appear in, and every word of
        # the store once: a query word is compared with each distinct word once, not once a paper.
        self.weights: list[dict[str, float]] = []
        for doc in self.docs:
            weights: dict[str, float] = {}
            for name, field_words in doc.tokens.items():
                for word in field_words:
                    weights[word] = max(weights.get(word, 0.0), WEIGHTS[name])
            self.weights.append(weights)
        self.vocabulary = sorted({word for weights in self.weights for word in weights})
        self._postings: dict[str, list[int]] | None = None
        self._titles: list[str] | None = None

    @property
    def postings(self) -> dict[str, list[int]]:
        """word -> the numbers of the papers holding it (made at the first ask)."""
        if self._postings is None:
            self._postings = {}
            for number, weights in enumerate(self.weights):
                for word in weights:
                    self._postings.setdefault(word, []).append(number)
        return self._postings

    def papers_matching(self, term: str, typos: bool = True, prefixes: int | None = None) -> dict[int, float]:
        """How well one query word matches each paper it matches (0..1): the best of its
        words as matched (`word_matches`), weighted by the field they are in."""
        postings, best = self.postings, {}
        for word, value in word_matches(term, self.vocabulary, typos, prefixes).items():
            for number in postings.get(word, ()):
                weighted = value * self.weights[number][word]
                if weighted > best.get(number, 0.0):
                    best[number] = weighted
        return best

    def score(self, number: int, coverage: float, folded: str) -> float:
        """A paper's score (0-100): the share of query words it matches, and its title's
        likeness to the (folded) query to break ties."""
        from rapidfuzz import fuzz

        if self._titles is None:
            self._titles = [" ".join(fold(doc.title).split()) for doc in self.docs]
        return 100 * (0.9 * coverage + 0.1 * fuzz.partial_ratio(folded, self._titles[number]) / 100)

    @classmethod
    def for_store(cls, store_path: str, cache_dir: str | None = None) -> Index:
        """The store's index: from the cache when the store is unchanged, else built (and cached)."""
        import hashlib

        from medsegcite import cache, files
        from medsegcite.errors import MedsegciteError

        try:  # a regular UTF-8 file in its folder, else one line (store.read_text's rules, without bibtexparser)
            text = files.read_text(store_path, inside=os.path.dirname(os.path.abspath(store_path)))
        except FileNotFoundError:
            raise MedsegciteError(f"no store at {store_path} (run `medsegcite sync` to create it)") from None
        raw = text.encode("utf-8")
        full_digest = hashlib.sha256(raw).hexdigest()
        cached = _cache_file(cache_dir, full_digest[:32])
        if cached:
            docs = _read_cached(cached, full_digest, raw)
            if docs is not None:
                return cls(docs=docs)
        from medsegcite.bib import store

        index = cls(store.parse(text, store_path))
        if cached:  # a cache that cannot be written: every search builds the index
            written = {"version": INDEX_VERSION, "store": full_digest, "docs": [asdict(d) for d in index.docs]}
            cache.keep(cached, json.dumps(written), "index-", KEEP_INDEXES)
        return index

    def search(self, query: str, limit: int = 10, categories: set[str] | None = None) -> list[Hit]:
        """Papers matching the query, best first (ties: year, newest first, then key)."""
        doi = _DOI.search(query)
        terms = [w for w in words(_DOI.sub(" ", query)) if w not in STOPWORDS] or words(query)
        folded = " ".join(fold(_DOI.sub(" ", query)).split())
        matches = [self.papers_matching(term) for term in terms]
        hits = []
        for number, doc in enumerate(self.docs):
            if categories is not None and not categories & set(_all_paths(doc)):
                continue
            if doi:
                wanted = doi.group(0).lower().rstrip(".,;")
                if not doc.doi.startswith(wanted):
                    continue
                if not terms or doc.doi == wanted:
                    hits.append(Hit(doc.key, 100.0, doc))
                    continue
            if not terms:
                continue
            matched = [found.get(number, 0.0) for found in matches]
            if not any(matched):
                continue
            score = self.score(number, sum(matched) / len(terms), folded)  # `unet++` is UNet++ rather than U-Net
            if score >= MIN_SCORE:
                hits.append(Hit(doc.key, round(score, 1), doc))
        hits.sort(key=lambda h: (-h.score, -(int(h.doc.year) if h.doc.year else 0), h.key))
        return hits[:limit] if limit else hits


MAX_CACHE = 64 * 1024 * 1024  # bytes: an index is a few KB a paper; more is not ours


def _read_cached(path: str, digest: str, raw: bytes) -> list[Doc] | None:
    """The cached docs, or None (rebuild) when the file is missing, damaged or foreign: not
    this version, not this store's digest, a field of the wrong shape, or a key the store
    does not hold (a planted entry would show as a ghost hit) or one it holds missing."""
    from medsegcite import files
    from medsegcite.errors import MedsegciteError

    try:  # a regular file in the cache folder: a planted FIFO or link is no index
        if not os.path.lexists(path) or os.path.getsize(path) > MAX_CACHE:
            return None
        data = json.loads(files.read_text(path, inside=os.path.dirname(path)))
    except (OSError, ValueError, RecursionError, MedsegciteError):
        return None
    if not isinstance(data, dict) or data.get("version") != INDEX_VERSION or data.get("store") != digest:
        return None
    rows = data.get("docs")
    if not isinstance(rows, list):
        return None
    keys = _store_keys(raw)
    docs = []
    for row in rows:
        doc = _checked_doc(row)
        if doc is None or doc.key not in keys:
            return None
        docs.append(doc)
    return docs if {doc.key for doc in docs} == keys else None  # not another store's (or a cut) index


_TEXT_FIELDS = ("key", "title", "year", "venue", "doi", "state")


def _checked_doc(row) -> Doc | None:
    if not isinstance(row, dict) or set(row) != {*_TEXT_FIELDS, "authors", "categories", "tokens"}:
        return None
    if not all(isinstance(row[name], str) for name in _TEXT_FIELDS) or not row["key"]:
        return None
    for name in ("authors", "categories"):
        if not isinstance(row[name], list) or not all(isinstance(v, str) for v in row[name]):
            return None
    tokens = row["tokens"]
    if not isinstance(tokens, dict) or not set(tokens) <= set(WEIGHTS):
        return None
    if not all(isinstance(v, list) and all(isinstance(w, str) for w in v) for v in tokens.values()):
        return None
    return Doc(**row)


def _store_keys(raw: bytes) -> set[str]:
    """Every `@type{key,` of the store (one scan; spacing as a hand edit may leave it)."""
    return {key.decode("utf-8", "replace") for key in re.findall(rb"@[A-Za-z]+\s*\{\s*([^,\s{}]+)\s*,", raw)}


def word_matches(term: str, vocabulary: list[str], typos: bool = True, prefixes: int | None = None) -> dict[str, float]:
    """How well one query word matches each word of the store (0..1; only those that match):
    as written 1.0, the start of a word 0.9 (at most `prefixes` of them), a typo (`typos`)
    0.85 of its likeness. `vocabulary`: the store's words, sorted."""
    import bisect

    found: dict[str, float] = {}
    if typos and len(term) >= 4 and not term.isdigit():
        from rapidfuzz import fuzz, process

        for word, ratio, _ in process.extract(term, vocabulary, scorer=fuzz.ratio, score_cutoff=75, limit=None):
            if abs(len(word) - len(term)) <= 2:
                found[word] = 0.85 * ratio / 100  # a typo
    if len(term) >= 2 and not term.isdigit():
        start = bisect.bisect_left(vocabulary, term)
        stop = len(vocabulary) if prefixes is None else start + prefixes
        for word in vocabulary[start:stop]:
            if not word.startswith(term):
                break
            found[word] = 0.9  # the start of a word, as you type
    found[term] = 1.0
    return found


def _all_paths(doc: Doc) -> list[str]:
    """Every node on the paper's category paths (a section matches its papers)."""
    nodes = []
    for path in doc.categories:
        parts = path.split("/")
        nodes += ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return nodes


KEEP_INDEXES = 8  # one per store version; a few stores (several --data folders) stay warm


def _cache_file(cache_dir: str | None, digest: str) -> str | None:
    from medsegcite import cache  # the cache folder: MEDSEGCITE_CACHE, else the user cache

    root = cache.folder(cache_dir)
    return None if root is None else os.path.join(root, "search", f"index-{digest}.json")


def category_filter(index: Index, names: tuple[str, ...]) -> set[str] | None:
    """The category paths `--category` names ask for (as `export` reads them)."""
    if not names:
        return None
    from medsegcite.categories import matching

    return matching((path for doc in index.docs for path in _all_paths(doc)), names)


def text_line(hit: Hit) -> str:
    """`score  key  year  first author  title  [categories]`: the title whole (the terminal wraps it)."""
    doc = hit.doc
    where = f"  [{'; '.join(doc.categories)}]" if doc.categories else ""
    return f"{hit.score:5.1f}  {doc.key:<28} {doc.year or '-':<4}  {(doc.first_author or '-')[:16]:<16}  {doc.title}{where}"


def as_json(hits: list[Hit]) -> str:
    rows = []
    for hit in hits:
        row = asdict(hit.doc)
        row.pop("tokens")
        rows.append({"key": hit.key, "score": hit.score, **{k: v for k, v in row.items() if k != "key"}})
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
