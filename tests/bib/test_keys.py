from medsegcite.bib.keys import base_key, unique_key


def test_resolved_key_is_family_year_word():
    title = "H-DenseUNet: hybrid densely connected UNet for liver and tumor segmentation"
    assert base_key(title, "Li", 2018) == "li2018hdenseunet"


def test_accents_and_stopwords():
    assert base_key("The Role of Nets", "Grün", 2020) == "grun2020role"


def test_unresolved_key_is_two_title_words():
    assert base_key("FocusNet: Imbalanced large and small organ segmentation") == "focusnetimbalanced"


def test_suffix_only_on_clash():
    assert unique_key("li2018x", set()) == "li2018x"
    assert unique_key("li2018x", {"li2018x"}) == "li2018xa"
    assert unique_key("li2018x", {"li2018x", "li2018xa"}) == "li2018xb"


def _old_suffixes():
    """The suffixes keys were given before they stopped running out: a..z, aa..zz."""
    from string import ascii_lowercase

    return list(ascii_lowercase) + [a + b for a in ascii_lowercase for b in ascii_lowercase]


def test_suffixes_never_run_out_and_keep_the_old_order():
    taken = {"unetdeep"}
    given = []
    for _ in range(26 + 26 * 26 + 30):
        key = unique_key("unetdeep", taken)
        taken.add(key)
        given.append(key[len("unetdeep"):])
    assert given[:702] == _old_suffixes()  # keys written before keep their meaning
    assert given[702:705] == ["aaa", "aab", "aac"]
    assert len(set(given)) == len(given)


def test_sync_of_704_titles_sharing_two_words():
    from medsegcite.bib.sync import provisional_key, sync
    from medsegcite.listing.catalog import parse_list

    lines = ["# Section", "## Liver"] + [f"- [Liver segmentation variant {n}]  [[x]](https://example.org/{n})" for n in range(704)]
    catalog = parse_list("\n".join(lines) + "\n")
    synced, report = sync(catalog, [])
    keys = [e.key for e in synced]
    assert len(keys) == len(set(keys)) == 704
    assert keys[0] == "liversegmentation" and keys[-1] == "liversegmentationaaa"
    paper = catalog.papers[-1]
    assert provisional_key(synced[-1], paper)  # a three-letter suffix is still the tool's own key
