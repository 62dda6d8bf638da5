"""`search`: ranked fuzzy search over the store (typos, word order, accents forgiven)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from medsegcite.bib import search, store

from tests.conftest import DATA


@pytest.fixture(scope="module")
def index():
    return search.Index(store.load(DATA / "references.bib"))


def _top(index, query, **kwargs):
    return [hit.key for hit in index.search(query, **kwargs)]


@pytest.mark.parametrize(
    "query, key",
    [
        ("hdense", "li2018hdenseunet"),  # the start of a word, as you type
        ("unet++", "zhou2018unet"),
        ("nested zhou", "zhou2018unet"),  # word order
        ("segmnetation livr hybrid", "li2018hdenseunet"),  # typos
        ("gaal attention", "gaal2020attention"),  # Gaál without the accent
        ("Coupé ensemble", "coupe2020assemblynet"),  # an accent in the query
        ("rosenschold", "agn2019modalityadaptive"),  # Rosensch{\"o}ld decoded from LaTeX
        ("10.1109/TMI.2018.2845918", "li2018hdenseunet"),  # a DOI, any case
        ("milletari vnet 2016", "milletari2016vnet"),
        ("li2018hdenseunet", "li2018hdenseunet"),  # the key itself
        ("Nature Machine Intelligence organs", "tang2019clinically"),  # the venue
    ],
)
def test_the_paper_meant_comes_first(index, query, key):
    assert _top(index, query)[0] == key


def test_category_words_and_filter(index):
    liver = {doc.key for doc in index.docs if "Anatomical Structures Segmentation/Liver" in doc.categories}
    hits = _top(index, "dense", categories={"Anatomical Structures Segmentation/Liver"}, limit=0)
    assert hits and set(hits) <= liver
    assert set(_top(index, "liver", limit=0)) >= liver  # the category's name is searched too


def test_nothing_similar_gives_nothing(index):
    assert _top(index, "zzqqxx") == []


def test_fold_and_words():
    assert search.fold("Çiçek Ø Łukasz") == "cicek o lukasz"
    assert search.words("U-Net++: a") == ["u", "net", "unet", "a"]


def _cli(*args, cache):
    env = {**os.environ, "MEDSEGCITE_CACHE": str(cache)}
    return subprocess.run([sys.executable, "-m", "medsegcite", *args], capture_output=True, text=True, env=env, timeout=120)


def test_cli_formats(tmp_path):
    text = _cli("search", "hdense", "unet", "--limit", "2", cache=tmp_path)
    assert text.returncode == 0
    first = text.stdout.splitlines()[0].split()
    assert float(first[0]) >= search.GOOD_SCORE
    assert first[1:4] == ["li2018hdenseunet", "2018", "Li"] and first[-1].endswith("/Liver]")
    assert len(text.stdout.splitlines()) == 2
    rows = json.loads(_cli("search", "hdense", "--format", "json", "--limit", "1", cache=tmp_path).stdout)
    assert rows[0]["key"] == "li2018hdenseunet" and rows[0]["doi"] == "10.1109/tmi.2018.2845918"
    bib = _cli("search", "hdense", "--format", "bibtex", "--limit", "1", cache=tmp_path).stdout
    assert bib.startswith("@article{li2018hdenseunet,") and "medsegcite-" not in bib


def test_cli_errors_are_one_line(tmp_path):
    for args, message in (
        (("search", "x", "--category", "Livr"), "did you mean 'Liver'"),
        (("search", "x", "--format", "xml"), "'xml' is not one of 'text', 'bibtex', 'json'"),
        (("--data", str(tmp_path / "none"), "search", "x"), "data folder"),
        (("--data", str(tmp_path), "search", "x"), "no store at"),
    ):
        done = _cli(*args, cache=tmp_path)
        assert done.returncode != 0 and done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    missing = _cli("search", "zzqqxx", cache=tmp_path)
    assert missing.returncode == 1 and "nothing matches" in missing.stderr


def test_the_cached_index_follows_the_store(data_copy, tmp_path):
    cache = tmp_path / "cache"
    assert _cli("--data", str(data_copy), "search", "hdense", cache=cache).returncode == 0
    assert len(list((cache / "search").glob("*.json"))) == 1
    bib = data_copy / "references.bib"
    bib.write_text(bib.read_text().replace("{H-DenseUNet}: Hybrid", "{Q-SparseNet}: Hybrid"))
    done = _cli("--data", str(data_copy), "search", "sparsenet", "--limit", "1", cache=cache)
    assert done.stdout.split()[1] == "li2018hdenseunet"
    # A damaged cache file is rebuilt, not trusted.
    for path in (cache / "search").glob("*.json"):
        path.write_text("{broken")
    assert _cli("--data", str(data_copy), "search", "sparsenet", cache=cache).stdout.split()[1] == "li2018hdenseunet"


def test_a_search_of_an_unchanged_store_does_not_parse_it(tmp_path):
    """The speed of `search` rests on this: with the index cached, no bibtexparser, pylatexenc or network library."""
    code = (
        "import sys, io, contextlib\n"
        "from medsegcite.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['search', 'attention', '--category', 'Lung'])\n"
        "    except SystemExit as done:\n"
        "        assert not done.code, done.code\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'bibtexparser', 'pylatexenc', 'habanero', 'matplotlib', 'platformdirs'}))\n"
    )
    env = {**os.environ, "MEDSEGCITE_CACHE": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert "bibtexparser" in first.stdout  # the first search builds the index
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert again.stdout.strip() == "[]", again.stdout


def test_old_indexes_are_pruned(data_copy, tmp_path):
    cache = tmp_path / "cache"
    bib = data_copy / "references.bib"
    text = bib.read_text()
    for n in range(search.KEEP_INDEXES + 3):  # every edit of the store makes a new index
        bib.write_text(text + f"% edit {n}\n")
        search.Index.for_store(str(bib), str(cache))
    assert len(list((cache / "search").glob("index-*.json"))) == search.KEEP_INDEXES


def test_a_weak_best_hit_is_said_and_fails(tmp_path):
    """A query word found nowhere (`nnU-Net` in a list without it) must not look like a hit."""
    for query in (("nnU-Net",), ("diffusion", "model"), ("SAM", "segment", "anything")):
        done = _cli("search", *query, cache=tmp_path)
        assert done.returncode == 1, (query, done.stdout)
        assert f"nothing matches {' '.join(query)!r} well" in done.stderr
        scores = [float(line.split()[0]) for line in done.stdout.splitlines()]
        assert scores and max(scores) < search.GOOD_SCORE  # the closest, each with its score
    for query in (("kindey",), ("bladder", "wall"), ("prostat",)):  # a typo, every word, a word's start
        done = _cli("search", *query, cache=tmp_path)
        assert done.returncode == 0 and done.stderr == "", (query, done.stderr)


def test_titles_are_printed_whole(tmp_path):
    title = "Fully automatic multi-organ segmentation for head and neck cancer radiotherapy using shape representation model constrained fully convolutional neural networks"
    done = _cli("search", "shape", "representation", "constrained", "--limit", "1", cache=tmp_path)
    assert done.returncode == 0 and title in done.stdout, done.stdout


def _planted(cache, change):
    [path] = (cache / "search").glob("index-*.json")
    data = json.loads(path.read_text())
    path.write_text(json.dumps(change(data)))


def _ghost(data):
    ghost = dict(data["docs"][0], key="ghost2024planted", title="Planted paper about livers")
    ghost["tokens"] = dict(ghost["tokens"], title=["planted", "paper", "about", "livers"])
    return {**data, "docs": data["docs"] + [ghost]}


@pytest.mark.parametrize("change", [
    _ghost,  # a well-formed index with an entry the store does not hold
    lambda data: [data],  # not an object
    lambda data: {**data, "docs": [{"key": 5}]},  # wrong shape
    lambda data: {**data, "docs": [dict(d, authors="x") for d in data["docs"]]},
    lambda data: {**data, "docs": [dict(d, tokens={"title": [7]}) for d in data["docs"]]},
    lambda data: {**data, "docs": []},  # an index of another (empty) store
], ids=["ghost", "list", "key-type", "authors-type", "token-type", "empty"])
def test_a_planted_search_cache_is_ignored(data_copy, tmp_path, change):
    cache = tmp_path / "cache"
    assert _cli("--data", str(data_copy), "search", "hdense", cache=cache).returncode == 0
    _planted(cache, change)
    for query in ("planted livers", "hdense"):
        done = _cli("--data", str(data_copy), "search", query, "--format", "json", cache=cache)
        assert "Traceback" not in done.stderr, done.stderr
        keys = [row["key"] for row in json.loads(done.stdout or "[]")]
        assert "ghost2024planted" not in keys
    assert keys[0] == "li2018hdenseunet"


def test_stored_escapes_never_reach_the_terminal(data_copy, tmp_path):
    bib = data_copy / "references.bib"
    text = bib.read_text()
    bib.write_text(text.replace("{H-DenseUNet}: Hybrid", "{H-DenseUNet}: \x1b]0;owned\x07\x1b[2J\x1b[31mHybrid\x9b", 1))
    done = _cli("--data", str(data_copy), "search", "hdense", cache=tmp_path)
    assert done.returncode == 0 and "Hybrid" in done.stdout
    for stream in (done.stdout, done.stderr):
        assert not any(ch in stream for ch in "\x1b\x07\x9b"), repr(stream)
    near = _cli("--data", str(data_copy), "export", "--keys", "li2018hdenseunett", cache=tmp_path)
    assert near.returncode == 3 and "li2018hdenseunet" in near.stderr
    assert not any(ch in near.stderr for ch in "\x1b\x07\x9b"), repr(near.stderr)
