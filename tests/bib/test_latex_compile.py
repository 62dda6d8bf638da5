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
    # natbib's \bibcite{key}{{number}{year}{{short label}}{{long}}}: an entry with an author
    # has its year part; one labelled by `key` has none (natbib 7 leaves its date blank, and a
    # year in `key` would be printed twice by apalike), and natbib stays in author-year mode.
    aux = (tmp_path / "doc.aux").read_text()
    cited = dict(re.findall(r"\\bibcite\{([^}]+)\}\{\{\d+\}\{([^}]*)\}", aux))
    assert len(cited) == 98
    assert all(cited[e.key].startswith(e.fields["year"]) for e in entries if "author" in e.fields and "year" in e.fields)
    labels = {}
    for entry in authorless:
        assert cited[entry.key] == "", (entry.key, cited[entry.key])
        label = re.search(r"\\bibcite\{" + re.escape(entry.key) + r"\}\{\{\d+\}\{[^}]*\}\{\{(.+?)\}\}\{\{", aux).group(1)
        assert label.strip() and "(" not in label
        assert label.endswith(", n.d.") == ("year" not in entry.fields), label
        labels[entry.key] = label
    assert len(set(labels.values())) == len(labels)  # no two cite alike
    text = _run(["pdftotext", "doc.pdf", "-"], tmp_path).stdout if shutil.which("pdftotext") else ""
    if text:
        assert "LF-SegNet (LF-SegNet)" in text and "LF-SegNet(2018)" not in text


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
    missing = re.findall(r"Missing mandatory field(?: - one of)? '([^']+)'", check.stdout)
    assert {f: missing.count(f) for f in set(missing)} == {"author": 7, "date, year": 11, "editor": 1}  # docs/writing.md
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
    assert [e.key for e in preprints if e.fields["doi"].casefold() not in text.casefold()] == []  # and its DOI
    assert export.to_biblatex(entries).count("arXiv:") == 0  # biblatex prints the eprint itself


# Author-less entries and preprints as each style prints them: one wide page per style, so that
# pdftotext gives every citation and every reference entry on a line of its own.
WIDE = (r"\usepackage[paperwidth=120cm,paperheight=60cm,margin=1cm]{geometry}"
        r"\raggedright\hyphenpenalty=10000\exhyphenpenalty=10000")
STYLE_DOC = r"""\documentclass{article}
\usepackage{url}
%(preamble)s
%(wide)s
\begin{document}
%(cites)s
%(bibliography)s
\end{document}
"""
NATBIB = r"\usepackage[authoryear,round]{natbib}"
# style -> (preamble, export flavour, how an in-text and a parenthetical citation are written)
STYLES = {
    "plainnat": (NATBIB, "bibtex", r"\citet{%s} / \citep{%s}"),
    "abbrvnat": (NATBIB, "bibtex", r"\citet{%s} / \citep{%s}"),
    "apalike": ("", "bibtex", r"\cite{%s}"),
    "apalike+natbib": (NATBIB, "bibtex", r"\citet{%s} / \citep{%s}"),
    "elsarticle-harv": (NATBIB, "bibtex", r"\citet{%s} / \citep{%s}"),
    "IEEEtran": ("", "bibtex", r"\cite{%s}"),
    "plain": ("", "bibtex", r"\cite{%s}"),
    "biblatex authoryear": (r"\usepackage[backend=biber,style=authoryear]{biblatex}\addbibresource{refs.bib}", "biblatex",
                            r"\textcite{%s} / \parencite{%s}"),
    "biblatex numeric": (r"\usepackage[backend=biber,style=numeric]{biblatex}\addbibresource{refs.bib}", "biblatex",
                         r"\cite{%s}"),
}
NATBIB_YEAR_FROM_KEY = {"plainnat", "abbrvnat", "elsarticle-harv"}  # label = `key` alone (natbib 7: no date)


def _entry(key, entry_type, **fields):
    return StoredEntry(key, entry_type, {k: protect_title(v) if k == "title" else v for k, v in fields.items()})


# Cases nobody named: two author-less papers with the same first word and year, one whose
# short title has a comma, one with no year, an author-less preprint, and an authored pair.
VARIED = [
    _entry("vnet2016a", "article", title="V-Net: Fully convolutional networks for volumetric segmentation",
           journal="Medical Physics", year="2016"),
    _entry("vnet2016b", "misc", title="V-Net: a light model for prostate segmentation", year="2016"),
    _entry("liverkidney", "article", title="Liver, kidney and spleen segmentation with a cascade",
           journal="Radiology", year="2019"),
    _entry("bladderwall", "misc", title="Bladder wall segmentation in MRI via deep learning",
           url="https://example.org/bladder"),
    _entry("transunet", "misc", title="TransUNet: Transformers make strong encoders", year="2021",
           eprint="2102.04306", archiveprefix="arXiv", doi="10.48550/arxiv.2102.04306"),
    _entry("doe2018deep", "article", title="Deep bladder segmentation", author="Doe, Jane", journal="Radiology",
           year="2018"),
    _entry("roe2020old", "misc", title="Old-style arXiv number", author="Roe, Richard", year="2020",
           eprint="cs/0112017", archiveprefix="arXiv"),
]
SHIPPED = ("lfsegnet2018fully", "denseunetlight", "gaal2020attention")  # the table in docs/writing.md


def _style_pdf_text(tmp_path: Path, style: str, entries: list[StoredEntry]) -> tuple[dict[str, str], list[str], str]:
    """Compile `entries` in `style`; the citation line of each key, the reference list's lines, the log."""
    preamble, flavour, cite = STYLES[style]
    style_name = style.split("+")[0]
    cites = "\n".join(rf"CITE-{e.key.replace('_', '')}: {cite % ((e.key,) * cite.count('%s'))}\par" for e in entries)
    bibliography = (r"\printbibliography" if flavour == "biblatex"
                    else rf"\bibliographystyle{{{style_name}}}\bibliography{{refs}}")
    (tmp_path / "refs.bib").write_text(export.export(entries, flavour))
    (tmp_path / "doc.tex").write_text(STYLE_DOC % {"preamble": preamble, "wide": WIDE, "cites": cites,
                                                   "bibliography": bibliography})
    _run(["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "doc"], tmp_path)
    tool = _run(["biber", "doc"] if flavour == "biblatex" else ["bibtex", "doc"], tmp_path)
    assert tool.returncode == 0, tool.stdout[-2000:]
    for _ in range(2):
        latex = _run(["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "doc"], tmp_path)
    assert latex.returncode == 0, latex.stdout[-2000:]
    text = _run(["pdftotext", "-nopgbrk", "doc.pdf", "-"], tmp_path).stdout
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines() if line.strip()]
    cited = {}
    for line in lines:
        found = re.match(r"CITE-(\S+): (.*)$", line)
        if found:
            cited[found.group(1)] = found.group(2)
    references = lines[next(i for i, line in enumerate(lines) if line in ("References", "Bibliography")) + 1:]
    references = [line for line in references if not re.fullmatch(r"\d+", line)]  # the page number
    for i in range(len(references) - 1, 0, -1):  # biblatex numeric: a wide label on a line of its own
        if re.fullmatch(r"\[\d+\]", references[i - 1]):
            references[i - 1:i + 1] = [references[i - 1] + " " + references[i]]
    return cited, references, (tmp_path / "doc.log").read_text(errors="replace")


def _reference_of(references: list[str], entry: StoredEntry) -> str:
    from medsegcite.bib.latex import decode

    words = decode(entry.fields["title"]).split()[1:6]  # past a first word a style may re-case
    found = [line for line in references if " ".join(words).casefold() in line.casefold()]
    assert len(found) == 1, (entry.key, words, references)
    return found[0]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="no pdftotext")
@pytest.mark.parametrize("style", list(STYLES))
def test_authorless_entries_and_preprints_as_each_style_prints_them(tmp_path, entries, style):
    """An author-less entry is cited by its short title (with its year where the style adds one) and
    its reference entry does not start with that label glued to a year; two such entries with the
    same first word and year cite apart; a preprint shows its arXiv id and its DOI."""
    shipped = [e for e in entries if e.key in SHIPPED]
    by_key = {e.key: e for e in shipped}
    cited, references, log = _style_pdf_text(tmp_path, style, VARIED + shipped)
    assert _warnings(log) == [], _warnings(log)
    assert "not compatible with author-year" not in log
    labels = {k: re.sub(r"[{}]", "", v) for k, v in export.short_title_labels(VARIED + shipped).items()}
    author_year = style not in ("IEEEtran", "plain", "biblatex numeric")
    for entry in VARIED + shipped:
        line = _reference_of(references, entry)
        reference = re.sub(r"^\[[^]]*\] ", "", line)  # the entry without its [label]
        year = entry.fields.get("year")
        if entry.key in labels:
            label = labels[entry.key]
            # The year (or n.d.) is printed once, never glued to the label.
            assert not re.search(re.escape(label) + r"\s*\((\d{4}|n\.d\.)\)\s*[,.(]\s*(\(?\d{4}|\.)", reference), reference
            assert f"{label}(" not in reference, reference
            if year:
                assert reference.count(year) == 1, reference
            if author_year:
                citation = cited[entry.key]
                assert label in citation, (citation, label)
                if style == "apalike":  # apalike's own ", " before a year that is absent
                    assert citation == (f"[{label}, {year}]" if year else f"[{label}, n.d., ]"), citation
                elif style in NATBIB_YEAR_FROM_KEY:
                    assert citation == (f"{label} / ({label})" if year else f"{label}, n.d. / ({label}, n.d.)"), citation
                elif style == "apalike+natbib":
                    assert citation == f"{label} ({year or 'n.d.'}) / ({label}, {year or 'n.d.'})", citation
        if "eprint" in entry.fields and not entry.fields.get("journal"):
            flat = reference.replace(" ", "")
            assert entry.fields["eprint"] in flat, line
            if "doi" in entry.fields:
                assert entry.fields["doi"].casefold() in flat.casefold(), reference
    if author_year:
        assert cited["vnet2016a"] != cited["vnet2016b"]
        assert cited["doe2018deep"].endswith(("(Doe, 2018)", "[Doe, 2018]", "(Doe 2018)")), cited["doe2018deep"]
    # What docs/writing.md says each style prints for three shipped entries is what it prints.
    row = next(r for r in _docs_table() if r[0] == style)
    measured = [style, cited["lfsegnet2018fully"], _reference_of(references, by_key["lfsegnet2018fully"]),
                cited["denseunetlight"], _reference_of(references, by_key["denseunetlight"]),
                _reference_of(references, by_key["gaal2020attention"])]
    assert row == measured


def _docs_table() -> list[list[str]]:
    """The rows of the table in docs/writing.md's section on author-less entries."""
    text = (DATA.parent / "docs" / "writing.md").read_text()
    section = text.split("## Entries with no author", 1)[1].split("\n## ", 1)[0]
    rows = [[cell.strip().replace("\\|", "|") for cell in line.strip().strip("|").split(" | ")]
            for line in section.splitlines() if line.startswith("| ") and not line.startswith("| Style")]
    return [[re.sub(r"^`|`$", "", cell) for cell in row] for row in rows]
