"""decisions.toml: the shipped file, [[manual]] records with their sources, and one clear line for a bad file."""

from __future__ import annotations

import shutil

import pytest

from medsegcite.cli import main
from medsegcite.crossref import decisions
from medsegcite.crossref.decisions import DecisionsError

from tests.conftest import DATA

MANUAL = '''
[[manual]]
title = "Deeply-supervised CNN for prostate segmentation"
confidence = "medium"
sources = ["https://example.org/zhu2017 (reference list)"]
[manual.record]
type = "paper-conference"
title = "Deeply-Supervised CNN for Prostate Segmentation"
author = [{ given = "Qikui", family = "Zhu" }, { literal = "others" }]
container-title = "2017 International Joint Conference on Neural Networks (IJCNN)"
page = "178-184"
issued = { date-parts = [[2017]] }
'''


def _load(tmp_path, text):
    path = tmp_path / "decisions.toml"
    path.write_text(text)
    return decisions.load(str(path))


def test_the_shipped_decisions_load():
    loaded = decisions.load(str(DATA / "decisions.toml"))
    assert len(loaded.manual) == 16 and len(loaded.pins) == 5
    for row in loaded.manual.values():
        assert row["sources"] and "DOI" not in row["record"]  # no source showed a DOI for any of them


def test_a_manual_record_with_its_sources(tmp_path):
    loaded = _load(tmp_path, MANUAL)
    _pin, _rejected, _not_a_paper, manual = loaded.for_title("Deeply-supervised CNN for prostate segmentation")
    assert manual["record"]["page"] == "178-184" and manual["sources"] == ["https://example.org/zhu2017 (reference list)"]


@pytest.mark.parametrize(
    "text, message",
    [
        ('[[pinn]]\ntitle = "x"\ndoi = "10.1/x"\n', r"unknown table \[pinn\]"),
        ('[pin]\ntitle = "x"\n', r"pin must be written \[\[pin\]\]"),
        ('[[pin]]\ntitle = "x"\n', r"\[\[pin\]\] number 1 needs a doi"),
        ('[[pin]]\ntitle = 3\ndoi = "10.1/x"\n', r"title must be a string"),
        ('[[reject]]\ntitle = "x"\ndoi = "10.1/x"\ndoii = "y"\n', r"unknown key 'doii'"),
        (MANUAL.replace('sources = ["https://example.org/zhu2017 (reference list)"]\n', ""), r"needs its sources"),
        (MANUAL.replace('sources = ["https://example.org/zhu2017 (reference list)"]', "sources = [1]"), r"sources must be a list of strings"),
        (MANUAL.replace('type = "paper-conference"', 'type = "conference"'), r"record.type must be one of"),
        (MANUAL.replace('page = "178-184"', "page = 178"), r"record.page must be a string"),
        (MANUAL.replace("[[2017]]", '[["2017"]]'), r"record.issued must be"),
        (MANUAL.replace('{ literal = "others" }', '{ name = "x" }'), r"record.author must be a list of names"),
        (MANUAL.replace('page = "178-184"', 'pgae = "1"'), r"unknown record field 'pgae'"),
        (MANUAL.replace('confidence = "medium"', 'confidence = "sure"'), r"confidence must be one of"),
        # Never a DOI that none of the sources showed.
        (MANUAL.replace('page = "178-184"', 'DOI = "10.1109/IJCNN.2017.7965852"'), r"DOI 10.1109/ijcnn.2017.7965852 appears in none of its sources"),
        ("[[pin]\n", r"decisions.toml: "),
    ],
)
def test_a_bad_file_is_one_clear_error(tmp_path, text, message):
    with pytest.raises(DecisionsError, match=message):
        _load(tmp_path, text)


def test_a_doi_a_source_shows_is_taken(tmp_path):
    text = MANUAL.replace('page = "178-184"', 'DOI = "10.1109/IJCNN.2017.7965852"').replace(
        '"https://example.org/zhu2017 (reference list)"', '"https://doi.org/10.1109/IJCNN.2017.7965852"'
    )
    assert _load(tmp_path, text).manual


def test_the_command_line_says_it_in_one_line(tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(DATA / "list.md", folder / "list.md")
    (folder / "decisions.toml").write_text('[[pinn]]\ntitle = "x"\n')
    with pytest.raises(SystemExit) as done:
        main(["--data", str(folder), "resolve", "--no-cache", "--crossref-url", "http://127.0.0.1:9", "--doi-url", "http://127.0.0.1:9"])
    assert done.value.code != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown table [pinn]" in err[0] and "Traceback" not in err[0]
