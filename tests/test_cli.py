"""The CLI as a user runs it: in-process through CliRunner, and as a real process for
the error contract (one line on stderr, non-zero exit, no traceback, no file left)."""

import os
import subprocess
import sys

import pytest

from tests.conftest import DATA


def test_categories(run):
    result = run("categories")
    assert result.exit_code == 0
    assert "  Liver (11)" in result.output
    assert "    Prostate lesion (0; 7 empty placeholders)" in result.output
    assert result.output.strip().endswith(
        "98 distinct papers in 101 list items; 7 empty placeholders skipped; 3 papers listed under more than one category"
    )


def test_export_to_stdout_and_file(run, tmp_path):
    result = run("export", "--format", "bibtex")
    assert result.exit_code == 0 and result.output.count("\n@") + result.output.startswith("@") == 98
    out = tmp_path / "liver.bib"
    result = run("export", "--category", "Liver", "-o", str(out))
    assert result.exit_code == 0 and out.read_text().count("@") == 11


def test_data_option_and_environment(run, data_copy, tmp_path):
    (data_copy / "list.md").write_text("# Mine\n### Only\n- [A single paper on MRI] [[x]](https://scholar.google.com/scholar?q=a)\n")
    assert run("--data", str(data_copy), "sync", "--allow-removals").exit_code == 0
    result = run("export", "--format", "csl-json", env={"MEDSEGCITE_DATA": str(data_copy)})
    assert result.exit_code == 0 and '"title": "A single paper on MRI"' in result.output
    assert result.output.count('"id"') == 1


def _medsegcite(*args, env=None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "medsegcite", *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=cwd
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["export", "--format", "xml"], "unknown format 'xml'"),
        (["export", "--category", "Livre"], "did you mean 'Liver'"),
        (["--data", "/no/such/folder", "export"], "data folder /no/such/folder does not exist"),
        (["export", "-o", "/no/such/folder/out.bib"], "folder /no/such/folder does not exist"),
        (["export", "--nope"], "No such option"),
    ],
)
def test_bad_input_is_one_line(args, message):
    result = _medsegcite(*args)
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_store_names_the_line(data_copy, tmp_path):
    bib = data_copy / "references.bib"
    text = bib.read_text()
    cut = text.index("@misc", 2000)
    bib.write_text(text[:cut] + "@misc{broken,\n  title = {no end\n" + text[cut:])
    line = text[:cut].count("\n") + 1
    out = tmp_path / "out.bib"
    result = _medsegcite("--data", str(data_copy), "export", "-o", str(out))
    assert result.returncode == 1
    assert result.stderr.strip().endswith(f"references.bib:{line}: malformed entry")
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()


def test_missing_store_and_list(tmp_path):
    result = _medsegcite("--data", str(tmp_path), "export")
    assert result.returncode == 1 and "no store at" in result.stderr and "Traceback" not in result.stderr
    result = _medsegcite("--data", str(tmp_path), "categories")
    assert result.returncode == 1 and "no list at" in result.stderr


def test_unreadable_store(data_copy):
    (data_copy / "references.bib").write_bytes(b"\xff\xfe@misc{")
    result = _medsegcite("--data", str(data_copy), "export")
    assert result.returncode == 1 and "cannot read" in result.stderr and len(result.stderr.splitlines()) == 1


def test_shipped_store_is_in_sync_with_the_list(data_copy):
    before = (data_copy / "references.bib").read_text()
    result = _medsegcite("--data", str(data_copy), "sync")
    assert result.returncode == 0, result.stderr
    assert (data_copy / "references.bib").read_text() == before
    assert str(DATA)  # the shipped folder itself is never written by tests
