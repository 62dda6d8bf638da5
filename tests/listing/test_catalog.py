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
    assert catalog.unparsed == [(3, "- just a note")]
    assert catalog.placeholders == [(4, ("S", "A"))]


def test_identity_ignores_case_accents_and_punctuation():
    assert normalise_title("U-Net: Grün") == normalise_title("u net  grun")


def test_links_identify_what_they_can(catalog):
    kinds = {}
    for paper in catalog.papers:
        kind = paper.identifier.kind if paper.identifier else None
        kinds[kind] = kinds.get(kind, 0) + 1
    assert kinds == {None: 51, "doi": 17, "pii": 17, "ieee": 9, "arxiv": 3, "pmcid": 1}
