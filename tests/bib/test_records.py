"""Crossref work messages (real recorded responses and the fixture's real shapes) -> CSL items -> BibTeX fields."""

import json

import pytest

from medsegcite.bib import markup, records

from tests.conftest import FIXTURES

SAMPLES = FIXTURES / "crossref-samples"
WORKS = FIXTURES / "crossref-fixture" / "works"


def _items(name):
    return json.loads((SAMPLES / name).read_text())["message"]["items"]


def _work(name):
    return json.loads((SAMPLES / name).read_text())["message"]


def _every_recorded_work():
    works = []
    for path in sorted(SAMPLES.rglob("*.json")):
        try:
            message = json.loads(path.read_text()).get("message")
        except (ValueError, AttributeError):
            continue
        if isinstance(message, dict):
            works += [w for w in message.get("items", [message]) if isinstance(w, dict) and w.get("DOI")]
    return works


def test_every_recorded_shape_gives_a_clean_record_and_valid_bibtex():
    works = _every_recorded_work()
    assert len(works) > 90
    for work in works:
        item = records.from_crossref(work)
        plain = markup.plain(item.get("title", ""))
        assert "\n" not in plain and "  " not in plain and "<" not in plain
        entry_type, fields = records.to_bibtex(item)
        for value in fields.values():
            assert value.count("{") == value.count("}")  # no group left open by markup


def test_markup_is_kept_as_meaning():
    titles = {records.rich_title_of(w) for w in _items("works-sample-5.json") + _items("funder-works-filter.json")}
    assert "Eigenschaftszusammenhänge der spezifischen Wärmen <i>c</i><sub><i>p</i></sub> – <i>C</i><sub><i>v</i></sub> im flüssigen Zustande" in titles
    assert "Encapsulation of the [Ru(bpy)<sub>3</sub>]<sup>2+</sup> luminophore in a unique hydrogen-bonded host framework" in titles
    item = {"type": "article-journal", "title": "Encapsulation of the [Ru(bpy)<sub>3</sub>]<sup>2+</sup> luminophore"}
    _, fields = records.to_bibtex(item)
    assert fields["title"] == r"Encapsulation of the [{Ru(bpy)}\textsubscript{3}]\textsuperscript{2+} luminophore"
    assert records.from_bibtex("k", "article", fields)["title"] == item["title"]  # back to CSL rich text
    # Wiley's small capitals, with the newlines and indentation Crossref keeps around them.
    scp = [records.rich_title_of(w) for w in _items("works-query-author.json") if "AI" in str(w.get("title"))]
    assert scp == ['The role of <span style="font-variant:small-caps;">AI</span> in ecology’s computational carbon footprint']
    # The plain title (for matching) has no markup.
    assert records.title_of({"title": ["T<sub>2</sub>-weighted"]}) == "T2-weighted"


def test_mathml_becomes_rich_text():
    title = (
        '<jats:title>Imaging at <mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML"><mml:msub><mml:mi>T</mml:mi>'
        "<mml:mn>2</mml:mn></mml:msub></mml:math> &amp; <mml:math><mml:msup><mml:mi>x</mml:mi><mml:mo>+</mml:mo></mml:msup></mml:math></jats:title>"
    )
    assert markup.from_source(title) == "Imaging at <i>T</i><sub>2</sub> & <i>x</i><sup>+</sup>"


def test_stray_tags_stay_text():
    _, fields = records.to_bibtex({"type": "article-journal", "title": "a <i>b and c</sub> d"})
    assert "textit" not in fields["title"] and fields["title"].count("{") == fields["title"].count("}")


def test_springer_chapter_book_title_and_series():
    # The fixture wears Crossref's real shape for Springer: series first, then the book.
    item = records.from_crossref(json.loads((WORKS / "10.1007_978-3-030-32248-9_92.json").read_text()))
    assert item["type"] == "paper-conference"
    assert item["container-title"] == "Medical Image Computing and Computer Assisted Intervention – MICCAI 2019"
    assert (item["collection-title"], item["collection-number"]) == ("Lecture Notes in Computer Science", "11766")
    entry_type, fields = records.to_bibtex(item)
    assert entry_type == "inproceedings"
    assert fields["booktitle"] == "Medical Image Computing and Computer Assisted Intervention -- MICCAI 2019"
    assert (fields["series"], fields["volume"]) == ("Lecture Notes in Computer Science", "11766")
    back = records.from_bibtex("k", entry_type, fields)
    assert (back["collection-title"], back["collection-number"]) == ("Lecture Notes in Computer Science", "11766")
    assert "volume" not in back
    # A journal article's series (biblatex allows one) leaves its volume a volume.
    article = records.from_bibtex("k", "article", {"title": "T", "journal": "J", "series": "Second Series", "volume": "7"})
    assert (article["volume"], article["collection-title"]) == ("7", "Second Series")


@pytest.mark.parametrize(
    "containers, short, extra, expected",
    [
        (["Lecture Notes in Computer Science", "Brainlesion: Glioma, Multiple Sclerosis"], None, {}, "paper-conference"),
        (["Some Series", "Advances in Things – ABC 2019"], None, {}, "paper-conference"),
        (["Some Series", "Neural Approaches to Signals"], ["XYZ 2018"], {}, "paper-conference"),
        (["Some Series", "Joint Workshops on Things"], None, {}, "paper-conference"),
        (["Some Series", "A Handbook of Things"], None, {"event": {"name": "Meeting"}}, "paper-conference"),
        (["Some Series", "A Handbook of Things"], None, {"assertion": [{"name": "conference_name", "group": {"name": "ConferenceInfo"}}]}, "paper-conference"),
        (["Smart Innovation, Systems and Technologies", "Neural Approaches to Dynamics of Signal Exchanges"], None, {}, "chapter"),
        (["Handbuch Innovationsforschung"], None, {}, "chapter"),
    ],
)
def test_conference_chapters_and_other_chapters(containers, short, extra, expected):
    work = {"DOI": "10.1/x", "type": "book-chapter", "title": ["T"], "container-title": containers, **extra}
    if short:
        work["short-container-title"] = short
    item = records.from_crossref(work)
    assert item["type"] == expected and item["container-title"] == containers[-1]
    assert records.to_bibtex(item)[0] == {"paper-conference": "inproceedings", "chapter": "incollection"}[expected]


def test_recorded_book_chapter_keeps_its_book_and_isbn():
    work = _items("works-no-query-rows2.json")[0]
    item = records.from_crossref(work)
    assert (item["type"], item["container-title"], item["ISBN"]) == ("chapter", "Handbuch Innovationsforschung", "9783658176716")
    entry_type, fields = records.to_bibtex(item)
    assert entry_type == "incollection" and fields["booktitle"] == "Handbuch Innovationsforschung" and fields["isbn"] == "9783658176716"


def test_short_container_article_number_issn():
    item = records.from_crossref(_work("works-many-ids/03-10.1038_srep16696.json"))
    assert (item["container-title-short"], item["page"], item["ISSN"]) == ("Sci Rep", "16696", "2045-2322")
    entry_type, fields = records.to_bibtex(item)
    assert (fields["shortjournal"], fields["pages"], fields["issn"]) == ("Sci Rep", "16696", "2045-2322")
    back = records.from_bibtex("k", entry_type, fields)
    assert (back["container-title-short"], back["page"], back["ISSN"]) == ("Sci Rep", "16696", "2045-2322")
    # The first of many abbreviations; the print ISSN where the record types them.
    acta = next(w for w in _items("funder-works-filter.json") if "crystal-harvesting" in w["title"][0])
    assert records.from_crossref(acta)["container-title-short"] == "Acta Crystallogr D Struct Biol"
    wiley = _work("works-many-ids/02-10.1002_jor.1100150407.json")
    assert records.from_crossref(wiley)["ISSN"] == "0736-0266"


def test_editors_of_books_not_of_journals():
    work = {"DOI": "10.1/x", "type": "book-chapter", "title": ["T"], "container-title": ["Book"], "editor": [{"given": "Ann", "family": "van Berg"}]}
    entry_type, fields = records.to_bibtex(records.from_crossref(work))
    assert fields["editor"] == "van Berg, Ann"
    assert records.from_bibtex("k", entry_type, fields)["editor"] == [{"family": "Berg", "given": "Ann", "non-dropping-particle": "van"}]
    # A journal article's editor in Crossref is its handling editor: no style cites it.
    article = next(w for w in _items("works-query-author.json") if w.get("editor"))
    assert "editor" not in records.from_crossref(article)


def test_numbers_where_strings_are_expected_and_missing_fields():
    work = {"DOI": "10.1/X", "type": "journal-article", "title": "One", "volume": 7, "issue": 2, "page": 15, "container-title": "J", "issued": {"date-parts": [["2019", "3"]]}}
    item = records.from_crossref(work)
    assert (item["volume"], item["issue"], item["page"], item["container-title"], item["issued"]) == ("7", "2", "15", "J", {"date-parts": [[2019, 3]]})
    assert records.from_crossref({"type": "journal-article", "container-title": [], "short-container-title": [], "title": [None]}) == {"type": "article-journal"}


def test_missing_title_author_and_null_dates():
    for work in _items("works-sample.json"):
        item = records.from_crossref(work)
        assert item["type"]
    work = _work("work-journal-level-null-issued.json")
    item = records.from_crossref(work)
    assert "issued" not in item or item["issued"]["date-parts"][0][0]


def test_family_only_author_suffix_and_types():
    work = {"DOI": "10.1/X", "type": "proceedings-article", "title": ["T &amp; <i>U</i>"], "author": [{"family": "Zhang"}], "issued": {"date-parts": [[2019]]}}
    item = records.from_crossref(work)
    assert item == {"type": "paper-conference", "title": "T & <i>U</i>", "author": [{"family": "Zhang"}], "issued": {"date-parts": [[2019]]}, "DOI": "10.1/x"}
    entry_type, fields = records.to_bibtex(item)
    assert entry_type == "inproceedings" and fields["title"] == "T {\\&} \\textit{{U}}" and fields["author"] == "Zhang"
    wiley = records.from_crossref(_work("works-many-ids/02-10.1002_jor.1100150407.json"))
    _, fields = records.to_bibtex(wiley)
    assert "Hora, Jr., Donald" in fields["author"]
    assert {"family": "Hora", "given": "Donald", "suffix": "Jr."} in records.from_bibtex("k", "article", fields)["author"]


def test_bibtex_round_trip_of_a_recorded_work():
    work = _work("work-by-doi.json")
    item = records.from_crossref(work)
    entry_type, fields = records.to_bibtex(item)
    back = records.from_bibtex("k", entry_type, fields)
    assert back["title"] == item["title"] and back["DOI"] == item["DOI"]
    assert [a["family"] for a in back["author"]] == [a["family"] for a in item["author"]]


# -- issue 21 item 7: no type no source showed, incomplete lists say so, Zotero's names -------

@pytest.mark.parametrize("entry_type, fields, expected", [
    ("misc", {"title": "T", "howpublished": "ISBI"}, "document"),
    ("misc", {"title": "T", "eprint": "not-an-id"}, "document"),
    ("misc", {"title": "T", "eprint": "1703.04347", "archiveprefix": "arXiv"}, "article"),
    ("manual", {"title": "T"}, "document"),
    ("article", {"title": "T", "journal": "J"}, "article-journal"),
])
def test_a_type_no_source_showed_stays_unknown(entry_type, fields, expected):
    """CSL `article` is a preprint to Zotero and Nature: only an arXiv id makes one."""
    assert records.from_bibtex("k", entry_type, fields)["type"] == expected


@pytest.mark.parametrize("role", ["author", "editor"])
def test_and_others_is_kept_and_said(role):
    item = records.from_bibtex("k", "incollection", {"title": "T", role: "Li, Wei and Ng, Andrew and others",
                                                       "doi": "not a doi"})
    assert item[role] == [{"family": "Li", "given": "Wei"}, {"family": "Ng", "given": "Andrew"}, {"literal": "others"}]
    assert item["note"].startswith(f"{role} list incomplete: the source names more {role}s than are listed; doi as stored")


def test_for_zotero_writes_particles_and_suffixes_where_zotero_reads_names():
    item = records.from_bibtex("k", "article", {
        "title": "T", "journal": "Medical Image Analysis", "shortjournal": "Med Image Anal",
        "author": "van der Berg, Jan and Hora, Jr., Donald and {World Health Organization} and Ng, Andrew"})
    out = records.for_zotero(item)
    assert out["author"] == [{"family": "van der Berg", "given": "Jan"}, {"family": "Hora", "given": "Donald, Jr."},
                             {"literal": "World Health Organization"}, {"family": "Ng", "given": "Andrew"}]
    assert out["journalAbbreviation"] == out["container-title-short"] == "Med Image Anal"
    assert item["author"][0] == {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"}  # the input is kept
