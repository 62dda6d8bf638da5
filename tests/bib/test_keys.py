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
