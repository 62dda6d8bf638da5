"""Issue 22's input half end to end: the real CLI against the Crossref stand-in over real HTTP,
and the .bib it writes in real pdflatex + bibtex. Every identifier goes through one validator
whatever its origin; every field through the same LaTeX/RIS/Markdown/terminal encoders."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import cli_code as _cli

BLADDER = "- [U-Net based deep learning bladder segmentation in CT urography] [[w]](https://aapm.onlinelibrary.wiley.com/doi/abs/10.1002/mp.13438)\n"
HANDMADE = "- [A paper entered by hand] [[s]](https://scholar.google.com/scholar?q=a)\n"
SECRET = "SECRETMARKER4711"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    target = tmp_path / "data"
    target.mkdir()
    (target / "list.md").write_text("# S\n### A\n" + BLADDER + HANDMADE)
    (target / "decisions.toml").write_text("")
    return target


def _resolve(folder, url, *extra):
    return _cli("--data", str(folder), "resolve", "--crossref-url", url, "--doi-url", url, *extra)


def _toml(value) -> str:
    """A TOML inline value (JSON's string escapes are TOML's)."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value)


def _manual(record: dict, sources=("https://example.org/paper",)) -> str:
    fields = "".join(f"{json.dumps(k)} = {_toml(v)}\n" for k, v in record.items())
    return f'[[manual]]\ntitle = "A paper entered by hand"\nsources = {_toml(list(sources))}\n[manual.record]\n{fields}'


# -- 1. decisions.toml is untrusted: its identifiers go through the one validator ---------------
@pytest.mark.parametrize("field, value", [
    ("DOI", "10.1000/x}, note = {\\input{/etc/passwd}"),
    ("DOI", "10.1000/x\nTY  - JOUR"),
    ("DOI", "10.1000/a b"),
    ("arxiv", "1703.04347}, note = {\\input{/etc/passwd}"),
    ("arxiv", "1703.04347\x1b[31m"),
    ("URL", "https://exa mple.org/"),
    ("URL", "javascript:alert(1)"),
    ("ISBN", "978}\\input{x}"),
])
def test_a_hostile_identifier_in_decisions_is_refused_by_every_command(standin, folder, capsys, field, value):
    app, url = standin
    record = {"type": "article", "title": "A paper entered by hand", field: value}
    (folder / "decisions.toml").write_text(_manual(record, [f"https://example.org/{value}"]))
    assert _cli("--data", str(folder), "sync") == 0
    before = (folder / "references.bib").read_text()
    capsys.readouterr()
    for command in (("resolve", "--crossref-url", url, "--doi-url", url), ("review",), ("check",)):
        assert _cli("--data", str(folder), *command) == 1, command
        out, err = capsys.readouterr()
        lines = [line for line in (out + err).splitlines() if "decisions.toml" in line]
        assert lines and f"record.{field} is not a valid" in lines[0] and "Traceback" not in err
        assert "\x1b" not in out + err
    assert (folder / "references.bib").read_text() == before  # nothing written


@pytest.mark.parametrize("where", ["pin", "reject"])
def test_a_hostile_pinned_doi_is_refused(standin, folder, capsys, where):
    app, url = standin
    (folder / "decisions.toml").write_text(f'[[{where}]]\ntitle = "A paper entered by hand"\ndoi = "10.1000/x}}{{\\\\input{{x}}"\n')
    assert _cli("--data", str(folder), "sync") == 0
    assert _resolve(folder, url) == 1
    assert "doi is not a valid DOI" in capsys.readouterr().err


def _compile(tmp_path, bib: str, style: str):
    from tests.bib.test_latex_compile import _compile_bibtex, _run

    work = tmp_path / f"tex-{style}"
    work.mkdir()
    (work / "secret.tex").write_text(SECRET + "\n")  # where \input{secret} would find it
    blg, log, bbl = _compile_bibtex(work, bib, style)
    text = _run(["pdftotext", "doc.pdf", "-"], work).stdout if shutil.which("pdftotext") else ""
    return log, bbl, text


needs_tex = pytest.mark.skipif(not all(shutil.which(t) for t in ("pdflatex", "bibtex")), reason="no TeX")


@needs_tex
@pytest.mark.parametrize("style", ["IEEEtran", "plainnat"])
def test_input_from_any_field_of_a_manual_record_never_runs(standin, folder, capsys, tmp_path, style):
    """Every text field of a hand-entered record carries \\input, a lone brace or ^^5c: all print as text."""
    app, url = standin
    attack = "x}, note = {\\input{secret}} \\input{secret} ^^5cinput{secret}"
    short = "}\\input{secret}"
    record = {
        "type": "paper-conference", "title": "A paper entered by hand " + attack,
        # Names short enough for BibTeX's 250-character label buffer (plainnat cuts a longer label mid-group).
        "author": [{"given": "A, and " + short, "family": "Hand " + short}, {"literal": short}],
        "container-title": attack, "publisher": attack, "page": "1-2" + attack, "volume": attack,
        "collection-title": attack, "issued": {"date-parts": [[2020]]}, "URL": "https://example.org/" + attack,
    }
    (folder / "decisions.toml").write_text(_manual(record, [attack]))
    assert _cli("--data", str(folder), "sync") == 0
    assert _resolve(folder, url) == 0
    capsys.readouterr()
    assert _cli("--data", str(folder), "export") == 0
    bib = capsys.readouterr().out
    assert not re.search(r"^\s*note\s*=", bib, re.M)
    log, bbl, text = _compile(tmp_path, bib, style)
    assert bbl.count(r"\bibitem") == 2
    assert SECRET not in log + text and "(./secret.tex" not in log
    if text:
        assert "input" in text  # printed as the text it spells


@needs_tex
@pytest.mark.parametrize("field", ["title", "author", "journal", "doi", "url", "pages", "year", "publisher", "note", "medsegcite-link"])
def test_input_typed_into_the_store_by_hand_never_runs(folder, capsys, tmp_path, field):
    """A hand edit is the store's own LaTeX, but never a macro that reads a file or a value that closes its field."""
    assert _cli("--data", str(folder), "sync") == 0
    bib = folder / "references.bib"
    text = bib.read_text()
    value = "\\input{secret}" if field != "url" else "x}, note = {\\input{secret}"
    line = f"  {field} = {{{value}}},\n"
    text = re.sub(r"(@misc\{[^,]+,\n)", lambda m: m.group(1) + line, text, count=1)
    text = re.sub(rf"^  {field} = .*\n(?=(?:.*\n)*?  {field} = \{{\\input)", "", text, flags=re.M)
    bib.write_text(text)
    capsys.readouterr()
    code = _cli("--data", str(folder), "export")
    out, err = capsys.readouterr()
    if code != 0:  # a value the store parser cannot take is refused with one line
        assert "Traceback" not in err and err.count("\n") == 1
        return
    log, bbl, pdf = _compile(tmp_path, out, "plainnat")
    assert SECRET not in log + pdf and "(./secret.tex" not in log


# -- 6. a line break in any stored field never starts a RIS line ----------------------------------
INJECTED = "\nER  - \n\nTY  - JOUR\nTI  - Injected record\nER  - \n"


@pytest.mark.parametrize("field", ["doi", "url", "title", "journal", "pages", "author", "keywords"])
@pytest.mark.parametrize("brk", ["\n", "\r", "\u2028", "\x85", "\x0b"])
def test_a_line_break_in_a_stored_field_never_injects_a_ris_record(folder, capsys, field, brk):
    import rispy

    assert _cli("--data", str(folder), "sync") == 0
    bib = folder / "references.bib"
    text = bib.read_text()
    value = ("10.1000/x" if field == "doi" else "https://example.org/x" if field == "url" else "Some text") + INJECTED.replace("\n", brk)
    text = re.sub(rf"^  {field} = .*\n", "", text, flags=re.M)
    text = re.sub(r"(@misc\{[^,]+,\n)", lambda m: m.group(1) + f"  {field} = {{{value}}},\n", text, count=1)
    bib.write_text(text, newline="")
    capsys.readouterr()
    assert _cli("--data", str(folder), "export", "--format", "ris") == 0
    ris = capsys.readouterr().out
    records = rispy.loads(ris)
    assert len(records) == 2 and "Injected record" not in [r.get("title") for r in records]
    assert ris.count("TY  - ") == 2
    assert not any(c in ris for c in "\r\u2028\x85\x0b")
    assert _cli("--data", str(folder), "export", "--format", "csl-json") == 0
    items = json.loads(capsys.readouterr().out)
    assert all("\n" not in str(i.get("DOI", "")) + str(i.get("URL", "")) for i in items)
