"""`check`: findings with list.md line numbers; errors fail, warnings and notes do not."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from medsegcite.commands.check import check, is_search_link
from medsegcite.paths import DataDir

from tests.conftest import DATA
from tests.conftest import cli_process as _cli


def _lines(folder):
    return (folder / "list.md").read_text(encoding="utf-8").split("\n")


def _write(folder, lines):
    (folder / "list.md").write_text("\n".join(lines), encoding="utf-8")


def _insert_after(folder, number, text):
    """Insert `text` as a new line after line `number` (1-based); returns the new line's number."""
    lines = _lines(folder)
    lines.insert(number, text)
    _write(folder, lines)
    return number + 1


def _by(findings, code):
    return [f for f in findings if f.code == code]


def test_the_shipped_list_has_no_errors_and_names_the_three_shared_papers():
    findings = check(DataDir(DATA))
    assert not [f for f in findings if f.severity in ("error", "warning")], [f.text() for f in findings if f.severity != "info"]
    shared = _by(findings, "several-categories")
    assert [(f.severity, f.line) for f in shared] == [("info", 52), ("info", 57), ("info", 79)]
    assert "line 83 under Anatomical Structures Segmentation/Heart" in shared[0].message
    assert len(_by(findings, "placeholder")) == 7
    done = _cli("--data", str(DATA), "check")
    assert done.returncode == 0 and "0 errors, 0 warnings" in done.stderr


def test_a_planted_duplicate_is_an_error_on_its_line(data_copy):
    original = _lines(data_copy)[51]  # line 52, under Liver
    line = _insert_after(data_copy, 55, original)  # again under Liver
    done = _cli("--data", str(data_copy), "check", "-q")
    assert done.returncode == 1
    assert f"list.md:{line}: error: listed twice under Anatomical Structures Segmentation/Liver (also line 52) [duplicate]" in done.stdout
    rows = json.loads(_cli("--data", str(data_copy), "check", "--json").stdout)
    assert {"severity": "error", "line": line, "code": "duplicate"}.items() <= next(r for r in rows if r["code"] == "duplicate").items()


def test_the_same_paper_under_two_titles_or_links(data_copy):
    lines = _lines(data_copy)
    # Under Heart: the H-DenseUNet paper (Liver, line 49) with one word changed; a record linked twice.
    assert "hybrid densely" in lines[48]
    near = _insert_after(data_copy, 85, lines[48].replace("hybrid densely", "hybrid dense"))
    same_doi = _insert_after(data_copy, near, "- [A retitled copy]  [[springer]](https://link.springer.com/article/10.1007/s00530-020-00709-x) ")
    cut = _insert_after(data_copy, same_doi, "- [Automatic liver segmentation from abdominal CT volumes using improved]  [[scholar]](https://scholar.google.com/scholar?q=x) ")
    findings = check(DataDir(data_copy))
    assert [(f.severity, f.line) for f in _by(findings, "near-duplicate")] == [("warning", near), ("warning", cut)]
    assert "line 49" in _by(findings, "near-duplicate")[0].message
    assert "is the start of" in _by(findings, "near-duplicate")[1].message
    record = [f for f in _by(findings, "same-record") if f.line == same_doi]
    assert record and record[0].severity == "warning" and "10.1007/s00530-020-00709-x" in record[0].message
    assert not [f for f in findings if f.severity == "error"]


def test_bad_items_and_links(data_copy):
    not_entry = _insert_after(data_copy, 40, "- Just some words, no link")
    bad = _insert_after(data_copy, not_entry, "- [A paper with a broken link]  [[x]](javascript:alert(1)) ")
    page = _insert_after(data_copy, bad, "- [A paper on a lab page]  [[lab]](https://example.org/papers/ours.html) ")
    findings = check(DataDir(data_copy))
    assert [(f.severity, f.code) for f in findings if f.line == not_entry] == [("error", "not-an-entry")]
    assert ("error", "bad-link") in [(f.severity, f.code) for f in findings if f.line == bad]
    assert ("warning", "link-identifies-nothing") in [(f.severity, f.code) for f in findings if f.line == page]
    assert is_search_link("https://thescipub.com/search/?query=Optic") and not is_search_link("https://example.org/p.html")


def test_the_store_out_of_step_and_waiting_papers(data_copy):
    lines = _lines(data_copy)
    removed_title = lines[18]  # line 19 under Multi-organ segmentation
    del lines[18]
    lines.insert(30, "- [A brand new paper nobody synced]  [[arxiv]](https://arxiv.org/abs/2101.00001) ")
    _write(data_copy, lines)
    bib = data_copy / "references.bib"
    text = bib.read_text()
    bib.write_text(text.replace("medsegcite-state = {resolved}", "medsegcite-state = {review}", 1))
    findings = check(DataDir(data_copy))
    assert [(f.severity, f.line) for f in _by(findings, "not-in-store")] == [("warning", 31)]
    gone = _by(findings, "not-in-list")
    assert len(gone) == 1 and gone[0].file.endswith("references.bib") and gone[0].line > 1
    assert "Organ at Risk" in removed_title and "guo2020organ" in gone[0].message
    assert [f.severity for f in _by(findings, "review")] == ["warning"]
    assert _cli("--data", str(data_copy), "check").returncode == 0  # warnings do not fail
    assert _cli("--data", str(data_copy), "check", "--strict").returncode == 1


def test_github_annotations_and_unreadable_inputs(data_copy, tmp_path):
    _insert_after(data_copy, 55, _lines(data_copy)[51])
    done = _cli("--data", str(data_copy), "check", "--github", "-q")
    assert done.stdout.startswith("::error file=") and ",line=56,title=duplicate::" in done.stdout
    (data_copy / "references.bib").write_text("@article{x, title = {unclosed\n")
    done = _cli("--data", str(data_copy), "check", "-q")
    assert "references.bib: error:" in done.stdout and done.returncode == 1
    os.remove(data_copy / "list.md")
    done = _cli("--data", str(data_copy), "check")
    assert done.returncode == 1 and "no list at" in done.stdout and "Traceback" not in done.stderr


def test_quiet_by_default_notes_with_v_errors_only_with_q(data_copy):
    """A healthy list prints nothing but its summary; -v lists the notes; -q keeps errors only."""
    healthy = _cli("--data", str(data_copy), "check")
    assert healthy.returncode == 0 and healthy.stdout == ""
    assert healthy.stderr.splitlines() == [f"{data_copy}/list.md: 0 errors, 0 warnings, 74 notes (-v shows the 74 notes)"]
    noted = _cli("--data", str(data_copy), "check", "-v")
    assert len(noted.stdout.splitlines()) == 74 and all(": info: " in line for line in noted.stdout.splitlines())
    assert _cli("--data", str(data_copy), "check", "-v", "--format", "json").stdout.count('"severity": "info"') == 74
    # a warning (a publisher page that names no record) and an error (a duplicate)
    page = _insert_after(data_copy, 40, "- [A paper on a lab page]  [[lab]](https://example.org/papers/ours.html) ")
    twice = _insert_after(data_copy, 55, _lines(data_copy)[51])
    default = _cli("check", "--data", str(data_copy))  # --data after the command, too
    severities = [line.split(": ")[1] for line in default.stdout.splitlines()]
    assert set(severities) == {"warning", "error"} and severities.count("error") == 1
    assert f"list.md:{page}: warning:" in default.stdout and f"list.md:{twice}: error:" in default.stdout
    quiet = _cli("check", "-q", "--data", str(data_copy))
    assert quiet.returncode == 1 and quiet.stderr == ""
    assert [line.split(": ")[1] for line in quiet.stdout.splitlines()] == ["error"]


def test_paths_are_short(tmp_path):
    """Run outside a checkout with no ./data: the shipped data, named without its site-packages path."""
    done = subprocess.run([sys.executable, "-m", "medsegcite", "check", "-v"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.splitlines()[0].startswith("<shipped data>/list.md:")
    assert done.stderr.startswith("<shipped data>/list.md: 0 errors")
    assert "site-packages" not in done.stdout + done.stderr and str(DATA) not in done.stdout + done.stderr
