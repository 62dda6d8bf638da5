"""One paper through the real HTTP stand-in, over a small fixture of its own."""

from __future__ import annotations

import json

import pytest


from tests.crossref_standin import Index, StandIn, serve
from tests.conftest import cli_code as _cli

SURVEY = "Deep learning for medical image segmentation: a survey"


def _journal(doi, title, year):
    return {"DOI": doi, "type": "journal-article", "title": [title], "container-title": ["Journal of Things"],
            "author": [{"given": "Ann", "family": "Lee"}], "issued": {"date-parts": [[year]]}}


@pytest.fixture
def world(tmp_path):
    fixture = tmp_path / "fixture"
    (fixture / "works").mkdir(parents=True)
    (fixture / "datacite").mkdir()
    works = [_journal("10.1234/survey", SURVEY, 2019), _journal("10.1234/sequel", SURVEY + ", a decade later", 2029)]
    for work in works:
        (fixture / "works" / (work["DOI"].replace("/", "_") + ".json")).write_text(json.dumps(work))
    # arXiv's record of a preprint renamed in a later version: not the list's title any more.
    renamed = {"type": "article", "DOI": "10.48550/ARXIV.2001.00001", "title": "Tumour outlines from sparse labels with graph priors",
               "author": [{"given": "Bo", "family": "Wu"}], "issued": {"date-parts": [[2020]]}, "publisher": "arXiv"}
    (fixture / "datacite" / "10.48550_arxiv.2001.00001.json").write_text(json.dumps(renamed))
    data = tmp_path / "data"
    data.mkdir()
    (data / "list.md").write_text(
        "# Reviews\n### Surveys\n"
        f"- [{SURVEY}] [[s]](https://scholar.google.com/scholar?q=survey)\n"
        "- [Weakly supervised tumour segmentation with scribbles] [[arXiv]](https://arxiv.org/abs/2001.00001)\n"
    )
    server, url = serve(StandIn(Index(fixture), limit=100, concurrency=4))
    yield data, url
    server.shutdown()


def _rows(data, url, capsys):
    args = ["--data", str(data)]
    assert _cli(*args, "resolve", "--no-cache", "--crossref-url", url, "--doi-url", url) == 0
    capsys.readouterr()
    _cli(*args, "status", "--json")
    return {row["list_title"]: row for row in json.loads(capsys.readouterr().out)}


def test_exact_title_taken_and_renamed_preprint_sent_to_review(world, capsys):
    rows = _rows(*world, capsys)
    survey = rows[SURVEY]
    assert (survey["state"], survey["doi"]) == ("resolved", "10.1234/survey")  # not the sequel, not review
    preprint = rows["Weakly supervised tumour segmentation with scribbles"]
    assert preprint["state"] == "review" and preprint["doi"] is None  # not unresolved
    assert "10.48550/arxiv.2001.00001" in preprint["reason"]
    assert "10.48550/arxiv.2001.00001" in [doi for doi, _score in preprint["candidates"]]
