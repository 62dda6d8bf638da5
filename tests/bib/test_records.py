"""Crossref work messages (real recorded responses) -> CSL items -> BibTeX fields."""

import json

from medsegcite.bib import records

from tests.conftest import FIXTURES

SAMPLES = FIXTURES / "crossref-samples"


def _items(name):
    return json.loads((SAMPLES / name).read_text())["message"]["items"]


def test_markup_and_newlines_leave_titles():
    titles = [records.from_crossref(w).get("title", "") for w in _items("works-query-author.json")]
    assert titles and not any("<" in t or "\n" in t or "  " in t for t in titles)


def test_missing_title_author_and_null_dates():
    for work in _items("works-sample.json"):
        item = records.from_crossref(work)
        assert item["type"]
    work = json.loads((SAMPLES / "work-journal-level-null-issued.json").read_text())["message"]
    item = records.from_crossref(work)
    assert "issued" not in item or item["issued"]["date-parts"][0][0]


def test_family_only_author_and_types():
    work = {"DOI": "10.1/X", "type": "proceedings-article", "title": ["T &amp; <i>U</i>"], "author": [{"family": "Zhang"}], "issued": {"date-parts": [[2019]]}}
    item = records.from_crossref(work)
    assert item == {"type": "paper-conference", "title": "T & U", "author": [{"family": "Zhang"}], "issued": {"date-parts": [[2019]]}, "DOI": "10.1/x"}
    entry_type, fields = records.to_bibtex(item)
    assert entry_type == "inproceedings" and fields["title"] == "T {\\&} {U}" and fields["author"] == "Zhang"


def test_bibtex_round_trip_of_a_recorded_work():
    work = json.loads((SAMPLES / "work-by-doi.json").read_text())["message"]
    item = records.from_crossref(work)
    entry_type, fields = records.to_bibtex(item)
    back = records.from_bibtex("k", entry_type, fields)
    assert back["title"] == item["title"] and back["DOI"] == item["DOI"]
    assert [a["family"] for a in back["author"]] == [a["family"] for a in item["author"]]
