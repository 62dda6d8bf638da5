"""`export --split-by-category DIR`: one file per category plus the whole list, each one read
by the tool its format is for (bibtex, biber's validator, pandoc, rispy)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from medsegcite.bib import split, store
from medsegcite.bib.store import StoredEntry

from tests.conftest import DATA, cli_process


def _entry(key: str, *categories: str) -> StoredEntry:
    paths = []
    for category in categories:  # a category's ancestors are keywords too, as sync writes them
        parts = category.split("/")
        paths += ["/".join(parts[: n + 1]) for n in range(len(parts))]
    fields = {"title": f"On {key}", "author": "Doe, Jane", "journal": "J", "year": "2020",
              "keywords": ", ".join(dict.fromkeys(paths))}
    return StoredEntry(key, "article", fields)


def test_file_names_stay_in_the_folder_and_never_collide():
    entries = [
        _entry("a", "../../etc/passwd"), _entry("b", "Liver"), _entry("c", "liver!"), _entry("d", "all"),
        _entry("e", "Печень/Опухоли"), _entry("f", "神经"), _entry("g", "references"),
    ]
    files = split.category_files(entries, "bibtex")
    names = [f.name for f in files]
    assert len(set(names)) == len(names)
    assert names[0] == "all.bib" and files[0].category is None and len(files[0].entries) == 7
    assert all("/" not in n and "\\" not in n and not n.startswith(".") for n in names)
    assert all(n.isascii() for n in names)
    by_category = {f.category: f for f in files}
    assert by_category["Печень/Опухоли"].name == "pechen--opukholi.bib"
    assert {f.name for f in files if f.category in ("Liver", "liver!")} == {"liver.bib", "liver-2.bib"}
    assert by_category["all"].name == "all-2.bib"
    assert [e.key for e in by_category["Печень"].entries] == ["e"]  # a section holds its subsections' papers


def test_only_the_named_categories_and_their_subsections():
    entries = store.load(DATA / "references.bib")
    files = split.category_files(entries, "csl-json", ("Lesions Segmentation",))
    assert [f.category for f in files[1:]] == [
        "Abnormalities Segmentation/Lesions Segmentation",
        "Abnormalities Segmentation/Lesions Segmentation/Bladder tumor",
        "Abnormalities Segmentation/Lesions Segmentation/Brain tumors",
        "Abnormalities Segmentation/Lesions Segmentation/Lung lesion",
    ]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The shipped store split in every format, by the real CLI."""
    out = {}
    for fmt in ("bibtex", "biblatex", "csl-json", "csl-yaml", "ris"):
        folder = tmp_path_factory.mktemp(fmt) / "bib"
        done = cli_process("export", "--format", fmt, "--split-by-category", str(folder))
        assert done.returncode == 0, done.stderr
        assert done.stderr.strip() == f"19 files written to {folder} (all.{split.export.EXTENSIONS[fmt]} and 18 categories)"
        out[fmt] = folder
    return out


def test_every_category_file_holds_its_papers(written):
    import bibtexparser

    expected = {f.name: sorted(e.key for e in f.entries) for f in split.category_files(store.load(DATA / "references.bib"), "bibtex")}
    found = {path.name: sorted(e.key for e in bibtexparser.parse_string(path.read_text(encoding="utf-8")).entries)
             for path in written["bibtex"].iterdir()}
    assert found == expected
    assert len(found["all.bib"]) == 98 and len(found["anatomical-structures-segmentation--liver.bib"]) == 11


@pytest.mark.skipif(not shutil.which("bibtex"), reason="no bibtex")
def test_bibtex_reads_every_file(written, tmp_path):
    for path in sorted(written["bibtex"].iterdir()):
        # BibTeX alone on a hand-written .aux: each file read in full, no error.
        (tmp_path / "doc.aux").write_text(f"\\citation{{*}}\n\\bibstyle{{plainnat}}\n\\bibdata{{{path.with_suffix('')}}}\n")
        done = subprocess.run(["bibtex", "doc"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and "error message" not in done.stdout, (path.name, done.stdout[-1500:])
        expected = path.read_text(encoding="utf-8").count("\n@") + path.read_text(encoding="utf-8").startswith("@")
        assert (tmp_path / "doc.bbl").read_text().count("\\bibitem") == expected, path.name


@pytest.mark.skipif(not shutil.which("biber"), reason="no biber")
def test_biber_validates_every_biblatex_file(written):
    # biber takes seconds to start: the whole list's file and the smallest and largest
    # category's, and every category file's entries are the whole list's, byte for byte.
    whole = (written["biblatex"] / "all.bib").read_text(encoding="utf-8")
    paths = sorted(written["biblatex"].iterdir(), key=lambda p: p.stat().st_size)
    for path in paths:
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            assert block.strip() in whole, path.name
    for path in {paths[0], paths[-2], paths[-1]}:
        done = subprocess.run(["biber", "--tool", "--validate-datamodel", "--output-file", "/dev/null", path.name],
                              cwd=path.parent, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and "ERROR" not in done.stdout, (path.name, done.stdout[-1500:])


def test_csl_and_ris_files_read_back(written):
    import rispy

    for path in written["csl-json"].iterdir():
        json.loads(path.read_text(encoding="utf-8"))
    for path in written["ris"].iterdir():
        assert rispy.loads(path.read_text(encoding="utf-8"))
    pandoc = shutil.which("pandoc")
    if pandoc:
        for path in written["csl-yaml"].iterdir():
            done = subprocess.run([pandoc, "-f", "markdown", "-t", "csljson", str(path)], capture_output=True, text=True,
                                  check=True)
            expected = len(json.loads((written["csl-json"] / path.with_suffix(".json").name).read_text(encoding="utf-8")))
            assert len(json.loads(done.stdout)) == expected, path.name


def test_split_refuses_what_it_cannot_do(tmp_path):
    done = cli_process("export", "--split-by-category", str(tmp_path / "x"), "-o", str(tmp_path / "y.bib"))
    assert done.returncode == 2 and "--split-by-category" in done.stderr and "Traceback" not in done.stderr
    done = cli_process("export", "--split-by-category", str(tmp_path / "no" / "such" / "x"))
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1 and "does not exist" in done.stderr
