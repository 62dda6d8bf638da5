"""The exported .bib in real LaTeX: pdflatex + bibtex (IEEEtran, plainnat) and
biber + biblatex (from both export flavours), with zero errors, every entry
printed, and no warning but those that state a true absence (an entry with no
author, no year)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from medsegcite.bib import export

from medsegcite.bib import store
from medsegcite.bib.latex import protect_title
from medsegcite.bib.store import StoredEntry

from tests.conftest import DATA

TOOLS = ("pdflatex", "bibtex", "biber")
if not all(shutil.which(t) for t in TOOLS):
    # CI installs TeX Live and biber (.ci/run): there a missing tool is a failure, not a skip.
    if os.environ.get("CI"):
        raise RuntimeError(f"LaTeX tests need {', '.join(TOOLS)} on PATH")
    pytest.skip("pdflatex, bibtex and biber are not installed", allow_module_level=True)

BIBTEX_DOC = r"""\documentclass{article}
\usepackage{url}
%(preamble)s
\begin{document}
\nocite{*}
\bibliographystyle{%(style)s}
\bibliography{refs}
\end{document}
"""

BIBLATEX_DOC = r"""\documentclass{article}
\usepackage[backend=biber,style=numeric,defernumbers=true]{biblatex}
\addbibresource{refs.bib}
\AtEveryBibitem{\typeout{PRINTED:\thefield{entrykey}}}
\begin{document}
\nocite{*}
\printbibliography
\typeout{SECTION-BREAK}
\printbibliography[keyword={Anatomical Structures Segmentation/Liver},title={Liver}]
\typeout{SECTION-BREAK}
\printbibliography[keyword={Abnormalities Segmentation},title={Abnormalities}]
\end{document}
"""


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300)


def _warnings(log: str) -> list[str]:
    return [line for line in log.splitlines() if re.search(r"warning|error", line, re.I) and "infwarerr" not in line]


def _compile_bibtex(tmp_path: Path, bib: str, style: str, preamble: str = "") -> tuple[str, str, str]:
    (tmp_path / "refs.bib").write_text(bib)
    (tmp_path / "doc.tex").write_text(BIBTEX_DOC % {"style": style, "preamble": preamble})
    _run(["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "doc"], tmp_path)
    bibtex = _run(["bibtex", "doc"], tmp_path)
    for _ in range(2):
        latex = _run(["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "doc"], tmp_path)
    assert latex.returncode == 0, latex.stdout[-2000:]
    return (tmp_path / "doc.blg").read_text(), (tmp_path / "doc.log").read_text(errors="replace"), (tmp_path / "doc.bbl").read_text()


@pytest.fixture(scope="module")
def entries():
    return store.load(DATA / "references.bib")


# What a warning says is missing -> the fields whose absence makes it true.
ABSENT = {"author": ("author", "editor"), "editor": ("editor",), "year": ("year",), "date, year": ("year",), "journal": ("journal",),
          "booktitle": ("booktitle",)}


def _untrue_bibtex_warnings(blg: str, entries) -> list[str]:
    """BibTeX warnings other than "empty FIELD in KEY" where KEY really has no FIELD."""
    by_key = {e.key: e for e in entries}
    untrue = []
    for line in blg.splitlines():
        if not line.startswith("Warning--"):
            continue
        found = re.match(r"Warning--empty (\w+) in (\S+)$", line)
        entry = by_key.get(found.group(2)) if found else None
        if entry is None or any(f in entry.fields for f in ABSENT.get(found.group(1), ("?",))):
            untrue.append(line)
    return untrue


def _untrue_biber_warnings(output: str, entries) -> list[str]:
    """biber warnings other than a missing mandatory field the entry really lacks."""
    by_key = {e.key: e for e in entries}
    untrue = []
    for line in output.splitlines():
        if not line.startswith(("WARN", "ERROR")):
            continue
        found = re.search(r"Entry '([^']+)'.*Missing mandatory field(?: - one of)? '([^']+)'", line)
        entry = by_key.get(found.group(1)) if found else None
        if entry is None or any(f in entry.fields for f in ABSENT.get(found.group(2), ("?",))):
            untrue.append(line)
    return untrue


@pytest.mark.parametrize(
    "style, preamble",
    [("IEEEtran", ""), ("plainnat", r"\usepackage[numbers]{natbib}" "\n" r"\usepackage{hyperref}")],
)
def test_bibtex_export_compiles_cleanly(tmp_path, entries, style, preamble):
    blg, log, bbl = _compile_bibtex(tmp_path, export.to_bibtex(entries), style, preamble)
    assert "error message" not in blg, blg
    assert _untrue_bibtex_warnings(blg, entries) == []
    assert _warnings(log) == []
    assert bbl.count(r"\bibitem") == 98


NATBIB_DOC = r"""\documentclass{article}
\usepackage{url}
\usepackage[authoryear,round]{natbib}
\usepackage{hyperref}
\begin{document}
%(cites)s
\bibliographystyle{%(style)s}
\bibliography{refs}
\end{document}
"""


@pytest.mark.parametrize("style", ["plainnat", "abbrvnat"])
def test_natbib_author_year_labels_for_entries_without_author(tmp_path, entries, style):
    authorless = [e for e in entries if "author" not in e.fields and "editor" not in e.fields]
    assert len(authorless) >= 10
    cites = "\n".join(rf"\citet{{{e.key}}} \citep{{{e.key}}}\par" for e in entries)
    (tmp_path / "refs.bib").write_text(export.to_bibtex(entries))
    (tmp_path / "doc.tex").write_text(NATBIB_DOC % {"cites": cites, "style": style})
    _run(["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "doc"], tmp_path)
    _run(["bibtex", "doc"], tmp_path)
    for _ in range(2):
        latex = _run(["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "doc"], tmp_path)
    assert latex.returncode == 0
    assert _warnings((tmp_path / "doc.log").read_text(errors="replace")) == []
    # natbib's \bibcite{key}{{number}{year}{{short label}}{{long}}}: every entry has a
    # label and a year part, so natbib stays in author-year mode for all of them.
    aux = (tmp_path / "doc.aux").read_text()
    cited = dict(re.findall(r"\\bibcite\{([^}]+)\}\{\{\d+\}\{([^}]*)\}", aux))
    assert len(cited) == 98
    labels = {}
    for entry in authorless:
        year = cited[entry.key]
        assert year == entry.fields.get("year", "n.d."), (entry.key, year)
        label = re.search(r"\\bibcite\{" + re.escape(entry.key) + r"\}\{\{\d+\}\{[^}]*\}\{\{(.+?)\}\}\{\{", aux).group(1)
        assert label.strip() and "(" not in label
        labels[entry.key] = (label, year)
    assert len(set(labels.values())) == len(labels)  # no two cite alike
    text = _run(["pdftotext", "doc.pdf", "-"], tmp_path).stdout if shutil.which("pdftotext") else ""
    if text:
        assert "LF-SegNet (2018)" in text and "(LF-SegNet, 2018)" in text


def _biber_compile(tmp_path: Path, bib: str) -> subprocess.CompletedProcess:
    (tmp_path / "refs.bib").write_text(bib)
    (tmp_path / "doc.tex").write_text(BIBLATEX_DOC)
    _run(["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "doc"], tmp_path)
    return _run(["biber", "doc"], tmp_path)


@pytest.mark.parametrize("flavour", ["bibtex", "biblatex"])
def test_biber_validates_both_flavours(tmp_path, entries, flavour):
    (tmp_path / "refs.bib").write_text(export.export(entries, flavour))
    check = _run(["biber", "--tool", "--validate-datamodel", "refs.bib"], tmp_path)
    assert check.returncode == 0, check.stdout[-2000:]
    assert _untrue_biber_warnings(check.stdout, entries) == []
    # The bibtex flavour read by biblatex too (a user who takes the default export).
    biber = _biber_compile(tmp_path, export.export(entries, flavour))
    assert biber.returncode == 0 and _untrue_biber_warnings(biber.stdout, entries) == [], biber.stdout[-3000:]


def test_biblatex_export_compiles_cleanly_with_keyword_filters(tmp_path, entries):
    biber = _biber_compile(tmp_path, export.to_biblatex(entries))
    assert biber.returncode == 0, biber.stdout[-2000:]
    assert _untrue_biber_warnings(biber.stdout, entries) == [], biber.stdout
    for _ in range(2):
        latex = _run(["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "doc"], tmp_path)
    log = (tmp_path / "doc.log").read_text(errors="replace")
    assert latex.returncode == 0 and _warnings(log) == []
    sections = [re.findall(r"^PRINTED:(\S+)", part, re.M) for part in log.split("SECTION-BREAK")]
    assert [len(keys) for keys in sections] == [98, 11, 14]
    liver = {e.key for e in export.select(entries, ["Liver"])}
    assert set(sections[1]) == liver


HOSTILE = [
    r"\input{/etc/passwd}",
    r"\write18{touch /tmp/medsegcite-pwned} escaped",
    "a lone } brace",
    "a lone { brace",
    r"\def\x{y} \catcode`\%=12 ^^5c 50% & $math$ #1 _x ~",
    r"\end{document}",
]


def test_hostile_metadata_is_inert_text(tmp_path):
    entries = []
    for number, title in enumerate(HOSTILE):
        entry = StoredEntry(f"hostile{number}", "article")
        entry.fields = {
            "title": protect_title(title),
            "author": "Hacker, A. and {" + protect_title(r"\input{x}") + "}",
            "journal": protect_title("J } \\relax"),
            "year": "2020",
        }
        entries.append(entry)
    blg, log, bbl = _compile_bibtex(tmp_path, export.to_bibtex(entries), "IEEEtran")
    assert "Warning--" not in blg and _warnings(log) == []
    assert bbl.count(r"\bibitem") == len(HOSTILE)
    assert "root:" not in log  # /etc/passwd was not read
    assert not Path("/tmp/medsegcite-pwned").exists()
    text = _run(["pdftotext", "doc.pdf", "-"], tmp_path).stdout if shutil.which("pdftotext") else ""
    if text:
        assert "input{/etc/passwd}" in text


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="no pdftotext")
@pytest.mark.parametrize(
    "style, preamble",
    [("plainnat", r"\usepackage{natbib}"), ("abbrvnat", r"\usepackage{natbib}"), ("apalike", ""), ("IEEEtran", ""),
     ("plain", ""), ("elsarticle-harv", r"\usepackage{natbib}")],
)
def test_preprints_show_their_arxiv_id(tmp_path, entries, style, preamble):
    """Classic styles read no `eprint`: each preprint's arXiv id reaches the PDF all the same."""
    preprints = [e for e in entries if e.fields.get("archiveprefix") == "arXiv"
                 and not any(e.fields.get(f) for f in ("journal", "booktitle", "publisher"))]
    assert len(preprints) == 6
    _compile_bibtex(tmp_path, export.to_bibtex(entries), style, preamble)
    text = re.sub(r"\s+", "", _run(["pdftotext", "doc.pdf", "-"], tmp_path).stdout)
    assert [e.key for e in preprints if f"arXiv:{e.fields['eprint']}" not in text] == []
    assert export.to_biblatex(entries).count("arXiv:") == 0  # biblatex prints the eprint itself
