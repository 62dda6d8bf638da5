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
    elif fmt == "csl-yaml":
        import yaml

        assert [item["id"] for item in yaml.safe_load(text)["references"]] == [e.key for e in entries]
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
    from medsegcite.categories import UnknownCategory

    with pytest.raises(UnknownCategory, match=r"did you mean 'Liver'"):
        export.select(entries, ["livr"])


def test_biblatex_fields(entries):
    entry = StoredEntry("x", "article", {"title": "T", "author": "Li, X", "journal": "J", "year": "2020", "eprint": "1702.05970", "archiveprefix": "arXiv", "publisher": "P", "shortjournal": "J."})
    (converted,) = store.parse(export.to_biblatex([entry]))
    # biblatex's data model has no publisher on @article (biber --validate-datamodel says so).
    assert converted.fields == {"title": "T", "author": "Li, X", "journaltitle": "J", "shortjournal": "J.", "date": "2020", "eprint": "1702.05970", "eprinttype": "arxiv"}


def test_biblatex_series_number():
    entry = StoredEntry("x", "inproceedings", {"title": "T", "author": "Li, X", "booktitle": "MICCAI 2019", "series": "Lecture Notes in Computer Science", "volume": "11766", "year": "2019"})
    (converted,) = store.parse(export.to_biblatex([entry]))
    assert (converted.fields["series"], converted.fields["number"], converted.fields["booktitle"]) == ("Lecture Notes in Computer Science", "11766", "MICCAI 2019")
    assert "volume" not in converted.fields


def test_author_less_entries_keep_their_type_and_venue():
    article = StoredEntry("x", "article", {"title": "Deep {CT} nets for things", "journal": "Journal of Medical Imaging", "volume": "6", "number": "1", "pages": "014501", "year": "2019"})
    undated = StoredEntry("y", "misc", {"title": "Brain tumor segmentation with deep convolutional symmetric neural network"})
    sibling = StoredEntry("z", "misc", {"title": "Brain tumor segmentation with deep neural networks"})
    a, b, c = store.parse(export.to_bibtex([article, undated, sibling]))
    assert a.entry_type == "article" and a.fields["journal"] == "Journal of Medical Imaging"
    assert (a.fields["volume"], a.fields["number"], a.fields["pages"]) == ("6", "1", "014501")
    assert "howpublished" not in a.fields
    # The short title in `key` (the year stays in `year`: styles print it from there); no "n.d."
    # stands in for a year in `year`, `key` says it.
    assert a.fields["key"] == "Deep {CT} nets"
    assert "year" not in b.fields and "year" not in c.fields
    # Two titles that begin alike get labels long enough to tell them apart.
    assert b.fields["key"] == "Brain tumor segmentation with deep convolutional, n.d."
    assert c.fields["key"] == "Brain tumor segmentation with deep neural, n.d."


def test_short_title_labels():
    entries = [
        StoredEntry("a", "article", {"title": "{LF-SegNet}: A Fully Convolutional Encoder--Decoder Network"}),
        StoredEntry("b", "article", {"title": "Image segmentation of liver {CT} (a study)"}),
        StoredEntry("c", "article", {"title": "Known", "author": "Li, X"}),
        StoredEntry("d", "article", {"title": "Deep (nested) nets"}),
        StoredEntry("e", "article", {"title": "\\textit{In vivo} imaging of things"}),
    ]
    assert export.short_title_labels(entries) == {
        "a": "{LF-SegNet}", "b": "Image segmentation of liver", "d": "Deep", "e": "\\textit{In vivo} imaging",
    }


def test_ris_fields():
    entry = StoredEntry(
        "li2018h", "article",
        {"title": "Gr{\\\"u}n {CT}", "author": "Li, Xiaomeng and Chen, Hao", "journal": "TMI", "year": "2018", "pages": "2663--2674", "doi": "10.1109/tmi.2018.2845918"},
    )
    (ref,) = rispy.loads(export.to_ris([entry]))
    assert ref["type_of_reference"] == "JOUR" and ref["title"] == "Grün CT"
    assert ref["authors"] == ["Li, Xiaomeng", "Chen, Hao"]
    assert (ref["start_page"], ref["end_page"], ref["doi"]) == ("2663", "2674", "10.1109/tmi.2018.2845918")


def test_ris_keeps_particles_suffixes_series_short_titles_and_editors():
    entry = StoredEntry(
        "x", "inproceedings",
        {
            "title": "T", "author": "van Ginneken, Bram and Munck af Rosenschöld, Per and de Jong, Pim and Hora, Jr., Donald",
            "editor": "von Neumann, John", "booktitle": "MICCAI 2019", "series": "Lecture Notes in Computer Science",
            "volume": "11766", "year": "2019", "isbn": "9783030322489",
        },
    )
    (ref,) = rispy.loads(export.to_ris([entry]))
    assert ref["authors"] == ["van Ginneken, Bram", "Munck af Rosenschöld, Per", "de Jong, Pim", "Hora, Donald, Jr."]
    assert ref["secondary_authors"] == ["von Neumann, John"]
    # C3, the proceedings title (T2 would be the conference's name, which no source gave);
    # the number in the series as VL, a conference paper's Volume in Zotero's RIS.js
    assert "secondary_title" not in ref
    assert (ref["custom3"], ref["tertiary_title"], ref["volume"], ref["issn"]) == ("MICCAI 2019", "Lecture Notes in Computer Science", "11766", "9783030322489")
    article = StoredEntry("y", "article", {"title": "T", "journal": "Scientific Reports", "shortjournal": "Sci Rep", "year": "2015"})
    (ref,) = rispy.loads(export.to_ris([article]))
    assert ref["alternate_title1"] == "Sci Rep"  # J2


def test_preprint_number_is_not_prefixed_twice():
    entry = StoredEntry("x", "misc", {"title": "T", "year": "2017", "eprint": "1703.04347", "archiveprefix": "arXiv"})
    (item,) = export.csl_items([entry])
    assert (item["number"], item["publisher"]) == ("1703.04347", "arXiv")


# -- issue 22 --------------------------------------------------------------------------------
import os  # noqa: E402
import threading  # noqa: E402

from tests.conftest import cli_process  # noqa: E402


def test_swapping_the_output_for_a_link_to_the_store_never_overwrites_it(data_copy, tmp_path):
    """A real race: a thread swaps `-o out.bib` between a file and a link to the store while
    `export` runs, again and again; whatever it finds at the write, the store stays whole."""
    out = tmp_path / "out.bib"
    before = {p.name: p.read_bytes() for p in data_copy.iterdir()}
    stop = threading.Event()

    def swap():
        flip = 0
        while not stop.is_set():
            temp = tmp_path / f".swap{flip}"
            if flip % 2:
                temp.symlink_to(data_copy / "references.bib")
            else:
                temp.write_text("a plain file\n")
            os.replace(temp, out)  # atomic: `out` is always one or the other
            flip += 1

    swapper = threading.Thread(target=swap, daemon=True)
    swapper.start()
    codes = []
    try:
        for _ in range(12):
            result = cli_process("--data", str(data_copy), "export", "-o", str(out))
            assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr
            codes.append(result.returncode)
    finally:
        stop.set()
        swapper.join()
    assert {p.name: p.read_bytes() for p in data_copy.iterdir()} == before
    assert set(codes) <= {0, 1}


@pytest.mark.parametrize("asked", ["Heart, lungs", "HEART, LUNGS", "S/Heart, lungs"])
def test_a_category_name_with_a_comma(tmp_path, asked):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "list.md").write_text("# S\n### Heart, lungs\n- [A paper on hearts] [[s]](https://scholar.google.com/x)\n"
                                    "### Liver\n- [A paper on livers] [[s]](https://scholar.google.com/y)\n")
    assert cli_process("--data", str(folder), "sync").returncode == 0
    for command in (["export"], ["search", "paper"]):
        result = cli_process("--data", str(folder), *command, "--category", asked)
        assert result.returncode == 0, result.stderr
        assert "hearts" in result.stdout and "livers" not in result.stdout
