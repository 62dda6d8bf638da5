"""`export --aux/--bcf/--keys`: the keys a paper cites, read from what real pdflatex
and biber runs write, exported, and compiled back with that paper."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from medsegcite.bib import cited, store
from medsegcite.bib.search import Index

from tests.conftest import DATA

TOOLS = ("pdflatex", "bibtex", "biber")
HAVE_TEX = all(shutil.which(t) for t in TOOLS)
if not HAVE_TEX and os.environ.get("CI"):
    raise RuntimeError(f"the cited-keys tests need {', '.join(TOOLS)} on PATH")
needs_tex = pytest.mark.skipif(not HAVE_TEX, reason="pdflatex, bibtex and biber are not installed")

# Eleven keys spread over the store (both sections, every kind of entry it has) and one it lacks.
_STORED = [e.key for e in store.load(DATA / "references.bib")]
KNOWN = _STORED[:: len(_STORED) // 11][:11]
MAIN_KEYS, CHAPTER_KEYS = KNOWN[:6], KNOWN[6:]
UNKNOWN = "ronneberger2015unet"
assert UNKNOWN not in _STORED

BIBTEX_PAPER = r"""\documentclass{article}
\usepackage{url}
\begin{document}
Organs \cite{%(first)s}, and more \cite{%(rest)s,%(unknown)s}.
\include{chapter}
\bibliographystyle{IEEEtran}
\bibliography{refs}
\end{document}
"""
CHAPTER = r"""In a chapter: \cite{%(chapter)s} and \nocite{%(again)s}.
"""
BIBLATEX_PAPER = r"""\documentclass{article}
\usepackage[backend=biber,style=numeric]{biblatex}
\addbibresource{refs.bib}
\begin{document}
Organs \cite{%(first)s}, more \cite{%(rest)s,%(unknown)s}; \cite{%(chapter)s}.
\printbibliography
\end{document}
"""


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300)


def _medsegcite(*args: str, cwd: Path | None = None, cache: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "MEDSEGCITE_CACHE": str(cache)} if cache else None
    return subprocess.run([sys.executable, "-m", "medsegcite", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def _latex(folder: Path) -> subprocess.CompletedProcess:
    return _run(["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "paper"], folder)


def _fill(template: str) -> str:
    return template % {
        "first": MAIN_KEYS[0],
        "rest": ",".join(MAIN_KEYS[1:]),
        "unknown": UNKNOWN,
        "chapter": ",".join(CHAPTER_KEYS),
        "again": MAIN_KEYS[0],
    }


def _bib_keys(text: str) -> list[str]:
    return re.findall(r"^@\w+\{([^,]+),", text, re.M)


@needs_tex
def test_aux_of_a_real_paper_with_an_included_chapter(tmp_path):
    (tmp_path / "paper.tex").write_text(_fill(BIBTEX_PAPER))
    (tmp_path / "chapter.tex").write_text(_fill(CHAPTER))
    (tmp_path / "refs.bib").write_text("")
    _latex(tmp_path)
    aux = (tmp_path / "paper.aux").read_text()
    assert r"\@input{chapter.aux}" in aux  # the chapter's citations live in its own .aux
    assert CHAPTER_KEYS[0] not in aux and CHAPTER_KEYS[0] in (tmp_path / "chapter.aux").read_text()

    done = _medsegcite("--data", str(DATA), "export", "--aux", "paper.aux", "-o", "refs.bib", cwd=tmp_path, cache=tmp_path / "cache")
    assert done.returncode == 3, done.stderr
    assert sorted(_bib_keys((tmp_path / "refs.bib").read_text())) == sorted(KNOWN)
    missing = [line for line in done.stderr.splitlines() if "not in" in line]
    # U-Net itself is not in the store: no paper that merely shares "unet" is offered instead.
    assert len(missing) == 1 and UNKNOWN in missing[0] and missing[0].endswith("no key in it is close")
    assert "Traceback" not in done.stderr

    # The eleven entries compile with the paper: printed, and the only complaint is the unknown key.
    bibtex = _run(["bibtex", "paper"], tmp_path)
    for _ in range(2):
        latex = _latex(tmp_path)
    assert latex.returncode == 0, latex.stdout[-2000:]
    bbl = (tmp_path / "paper.bbl").read_text()
    assert sorted(re.findall(r"\\bibitem\{([^}]+)\}", bbl)) == sorted(KNOWN)
    blg = (tmp_path / "paper.blg").read_text()
    # Every entry found; the one BibTeX lacks is the unknown key (what the entries say is test_latex_compile's business).
    missing = re.findall(r"I didn't find a database entry for \"([^\"]+)\"", blg)
    assert missing == [UNKNOWN] and "error message" not in blg, blg
    assert bibtex.returncode in (0, 1)  # bibtex exits 1 on warnings; the .blg says which
    undefined = re.findall(r"Citation `([^']+)' .*undefined", (tmp_path / "paper.log").read_text(errors="replace"))
    assert set(undefined) == {UNKNOWN}


@needs_tex
def test_bcf_of_a_real_biblatex_paper(tmp_path):
    (tmp_path / "paper.tex").write_text(_fill(BIBLATEX_PAPER))
    (tmp_path / "refs.bib").write_text("")
    _latex(tmp_path)
    done = _medsegcite("--data", str(DATA), "export", "--format", "biblatex", "--bcf", "paper.bcf", "-o", "refs.bib", cwd=tmp_path, cache=tmp_path / "cache")
    assert done.returncode == 3, done.stderr
    assert sorted(_bib_keys((tmp_path / "refs.bib").read_text())) == sorted(KNOWN)
    assert UNKNOWN in done.stderr
    biber = _run(["biber", "paper"], tmp_path)
    assert biber.returncode == 0, biber.stdout[-2000:]
    not_found = [line for line in biber.stdout.splitlines() if "I didn't find a database entry" in line]
    assert len(not_found) == 1 and UNKNOWN in not_found[0], biber.stdout
    assert not [line for line in biber.stdout.splitlines() if line.startswith("ERROR")]
    latex = _latex(tmp_path)
    assert latex.returncode == 0
    assert sorted(re.findall(r"\\entry\{([^}]+)\}", (tmp_path / "paper.bbl").read_text())) == sorted(KNOWN)


@needs_tex
def test_nocite_star_in_a_real_aux_means_every_entry(tmp_path):
    (tmp_path / "paper.tex").write_text("\\documentclass{article}\\begin{document}\\nocite{*}\\bibliographystyle{plain}\\bibliography{refs}\\end{document}\n")
    _latex(tmp_path)
    done = _medsegcite("--data", str(DATA), "export", "--aux", "paper.aux", "--category", "Liver", cwd=tmp_path, cache=tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    assert len(_bib_keys(done.stdout)) == 11  # combined with --category: every Liver paper


def test_aux_order_input_recursion_and_abx_lines(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "main.aux").write_text("\\relax\n\\citation{b,a}\n\\@input{sub/ch.aux}\n\\citation{c}\n\\abx@aux@cite{0}{d}\n")
    (tmp_path / "sub" / "ch.aux").write_text("\\citation{a}\n\\citation{e , f}\n")
    assert cited.from_aux(str(tmp_path / "main.aux")).keys == ["b", "a", "e", "f", "c", "d"]


def test_an_aux_that_inputs_itself_is_one_error(tmp_path):
    (tmp_path / "a.aux").write_text("\\@input{b.aux}\n")
    (tmp_path / "b.aux").write_text("\\@input{a.aux}\n")
    with pytest.raises(cited.CitedError, match="includes itself"):
        cited.from_aux(str(tmp_path / "a.aux"))


@pytest.mark.parametrize(
    "content, message",
    [
        ("<not xml", "not a biblatex control file"),
        ("<html/>", "root element html"),
        ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
         '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
         '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
         '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]><x>&h;</x>',
         "not a biblatex control file"),
    ],
)
def test_a_bad_bcf_is_one_line_and_no_traceback(tmp_path, content, message):
    (tmp_path / "paper.bcf").write_text(content)
    done = _medsegcite("--data", str(DATA), "export", "--bcf", str(tmp_path / "paper.bcf"))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr


def test_missing_aux_is_one_line(tmp_path):
    done = _medsegcite("export", "--aux", str(tmp_path / "nope.aux"))
    assert done.returncode == 1 and done.stderr.startswith("medsegcite: error: no .aux file at")


def test_keys_option_every_format_and_closest_keys(tmp_path):
    for fmt, marker in (("bibtex", "@article{li2018hdenseunet"), ("csl-json", '"id": "li2018hdenseunet"'), ("ris", "TY  - JOUR")):
        done = _medsegcite("--data", str(DATA), "export", "--format", fmt, "--keys", "li2018hdenseunet, zhou2018unet", cache=tmp_path)
        assert done.returncode == 0 and marker in done.stdout
    done = _medsegcite("--data", str(DATA), "export", "--keys", "li2018hdenseunt,Zhou2018unet", cache=tmp_path)
    assert done.returncode == 3 and done.stdout == ""
    lines = [line for line in done.stderr.splitlines() if "not in" in line]
    assert "closest: li2018hdenseunet" in lines[0] and "closest: zhou2018unet" in lines[1]


def test_closest_finds_a_paper_by_another_tools_key():
    index = Index(store.load(DATA / "references.bib"))
    assert cited.closest("Li_HDenseUNet_2018", index)[0][0] == "li2018hdenseunet"
    assert cited.closest("milletari2016v", index)[0][0] == "milletari2016vnet"


def test_closest_names_only_keys_that_are_close():
    index = Index(store.load(DATA / "references.bib"))
    # Papers not in the store: keys sharing a year or "unet" with them are not offered.
    for absent in ("ronneberger2015unet", "isensee2021nnunet", "cicek2016unet3d", "kamnitsas2017efficient"):
        assert cited.closest(absent, index) == [], absent
    # A typo names its paper, and nothing that only looks a little alike comes with it.
    assert [k for k, _ in cited.closest("li2018hdensunet", index)] == ["li2018hdenseunet"]
    assert [k for k, _ in cited.closest("Zhou2018UNet", index)] == ["zhou2018unet"]


def _big_index(count: int):
    """A store of `count` papers: the shipped ones copied under new keys and titles."""
    import copy

    docs = Index(store.load(DATA / "references.bib")).docs
    made = []
    for number in range(count):
        doc = copy.deepcopy(docs[number % len(docs)])
        doc.key = f"{doc.key}{number}x"
        doc.tokens["key"] = [doc.key.casefold()]
        made.append(doc)
    return Index(docs=made)


def test_closest_compares_a_missing_key_with_a_bounded_set_of_keys():
    """In a store of 5,000 keys each missing key is compared with at most a few hundred of them,
    and a typo still finds its own key among those."""
    index = _big_index(5000)
    nearest = cited.Nearest(index)
    for number in (7, 1234, 4999):
        key = index.docs[number].key
        typo = key[:3] + key[4:]
        choices = nearest._choices(typo.casefold())
        assert len(choices) <= 2 * cited.MAX_CANDIDATES
        assert key.casefold() in choices.values()
        assert cited.closest(typo, index)[0][0] == key


def test_closest_by_another_tools_key_with_accents():
    """`Gaál_Attention_2020` (another tool's key, accents kept) finds the paper of Gaál et al."""
    index = Index(store.load(DATA / "references.bib"))
    assert cited.closest("Gaál_Attention_2020", index)[0][0] == "gaal2020attention"
    assert cited.closest("coupe2020", index)[0][0] == "coupe2020assemblynet"


def test_a_key_made_of_words_scores_as_a_search_for_them():
    """The closest keys by their words are scored by the search's own scoring
    (`Index.score` over `Index.papers_matching`): a key written from a paper's author,
    year and title words gives that paper the score a search for those words gives it."""
    index = Index(store.load(DATA / "references.bib"))
    nearest = cited.Nearest(index)
    compared = 0
    for number, doc in enumerate(index.docs):
        title_words = [w for w in doc.tokens["title"] if len(w) > 3][:2]
        if not doc.authors or not doc.year or not title_words:
            continue
        text = " ".join([doc.first_author.casefold(), doc.year, *title_words])
        by_words = nearest._by_words(text)
        hits = {hit.key: hit.score for hit in index.search(text, limit=0)}
        if number in by_words:
            assert round(by_words[number], 1) == hits[doc.key], doc.key
            compared += 1
    assert compared >= 50
