import pytest

from medsegcite.listing.catalog import normalise_title, parse_list, repair_title


def test_counts_of_the_shipped_list(catalog):
    assert len(catalog.entries) + len(catalog.placeholders) == 108
    assert len(catalog.placeholders) == 7
    assert len(catalog.papers) == 98
    shared = sorted(p.list_title[:30] for p in catalog.papers if len(p.paths) > 1)
    assert shared == [
        "3D deeply supervised network f",
        "BiSC-UNet: A fine segmentation",
        "Multiregion segmentation of bl",
    ]
    assert catalog.unparsed == []


def test_tree_sections_categories_and_subcategories(catalog):
    assert [s.name for s in catalog.sections] == ["Anatomical Structures Segmentation", "Abnormalities Segmentation"]
    lesions = catalog.find("Lesions Segmentation")[0]
    assert [c.name for c in lesions.children] == ["Brain tumors", "Bladder tumor", "Lung lesion", "Prostate lesion"]
    assert lesions.path == ("Abnormalities Segmentation", "Lesions Segmentation")
    assert len(catalog.papers_under(catalog.find("liver")[0])) == 11
    assert len(catalog.papers_under(catalog.find("Abnormalities Segmentation")[0])) == 14
    assert catalog.find("Prostate lesion")[0].placeholders and not catalog.find("Prostate lesion")[0].entries


def test_navigation_and_empty_headings_are_not_categories(catalog):
    names = {n.name for n in catalog.nodes()}
    assert not names & {"Overview", "Review", "Medical-Images-Segmentation-By-DL"}


def test_mojibake_is_repaired():
    title = "application of deep-learning convolution neural networkâ€”a pilot study"
    assert repair_title(title) == "application of deep-learning convolution neural network—a pilot study"


def test_same_paper_in_two_categories_is_one_paper():
    text = "# S\n### A\n- [Deep Nets]  [[x]](http://a)\n### B\n- [deep   nets] [[y]](http://b)\n"
    catalog = parse_list(text)
    assert len(catalog.papers) == 1
    assert catalog.papers[0].paths == [("S", "A"), ("S", "B")]


def test_items_that_are_not_papers_are_reported():
    catalog = parse_list("# S\n### A\n- just a note\n- [] [[]]()\n")
    assert catalog.unparsed == [(3, "just a note")]
    assert catalog.unread[0].reason == "no link"
    assert catalog.placeholders == [(4, ("S", "A"))]


def test_identity_ignores_case_accents_and_punctuation():
    assert normalise_title("U-Net: Grün") == normalise_title("u net  grun")


def test_links_identify_what_they_can(catalog):
    kinds = {}
    for paper in catalog.papers:
        kind = paper.identifier.kind if paper.identifier else None
        kinds[kind] = kinds.get(kind, 0) + 1
    assert kinds == {None: 51, "doi": 17, "pii": 17, "ieee": 9, "arxiv": 3, "pmcid": 1}


def _timed_categories(tmp_path, line: str, limit: float = 10.0):
    """`medsegcite categories` as a process over a list holding `line`: (seconds, result)."""
    import subprocess
    import sys
    import time

    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    (folder / "list.md").write_text("# S\n### A\n- [A paper on MRI] [[s]](https://scholar.google.com/x)\n" + line + "\n")
    started = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "medsegcite", "--data", str(folder), "categories"], capture_output=True, text=True, timeout=limit
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"categories took more than {limit} s over a {len(line)}-character line")
    return time.monotonic() - started, result


@pytest.mark.parametrize("size", [8_000, 16_000, 1_000_000])
@pytest.mark.parametrize(
    "shape",
    [
        lambda n: "- [" + "] [[" * (n // 4),  # item-shaped, never closed
        lambda n: "- [" + "a] [[b]](" * (n // 8),
        lambda n: "- [a]" + " " * n + "[[b]](c" + " " * n,
        lambda n: "- [" + "] [[" * (n // 4) + "]](x)",
        lambda n: "# a" + " " * n + "b",
        lambda n: "- [" + " ] " * (n // 3) + "[[",
    ],
)
def test_one_long_line_does_not_hang_the_list(tmp_path, size, shape):
    seconds, result = _timed_categories(tmp_path, shape(size))
    assert result.returncode == 0, result.stderr
    assert seconds < 5


def test_titles_with_brackets_and_placeholders_still_parse():
    catalog = parse_list("# S\n### A\n- [A [b] c]  [[x]](http://a/(b))\n- [] [[]]()\n- [Mixed] [[a]] [[b]](https://c)\n")
    assert [(e.title, e.link_label, e.link) for e in catalog.entries] == [("A [b] c", "x", "http://a/(b)"), ("Mixed] [[a]", "b", "https://c")]
    assert len(catalog.placeholders) == 1


def test_a_byte_order_mark_before_the_first_heading(tmp_path):
    from medsegcite.listing.catalog import load_list

    path = tmp_path / "list.md"
    path.write_bytes("\ufeff### Liver\n- [A paper on MRI] [[s]](https://scholar.google.com/x)\n".encode())
    assert [p.list_title for p in load_list(path).papers] == ["A paper on MRI"]
    assert [n.name for n in parse_list("\ufeff# S\n### A\n- [T] [[s]](https://x.org)\n").nodes()] == ["S", "A"]


def test_terminal_escapes_from_the_list_are_not_printed(tmp_path):
    _seconds, result = _timed_categories(tmp_path, "### \x1b]0;pwned\x07Evil \x1b[2J\x1b[31mred\u202e\n- [Another] [[s]](https://x.org)")
    assert result.returncode == 0
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout and "\x07" not in result.stdout
    assert "Evil red (1)" in result.stdout


def test_printable():
    from medsegcite.listing.catalog import printable

    assert printable("a\x1b[1;31mb\x1b[0m\x9bc\x00d\te\u2066f") == "ab" + "cd ef"
