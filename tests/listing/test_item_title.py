"""An item's runs -> title, notes, the paper's own link (listing/item_title.py)."""

from medsegcite.listing.item_title import Run, is_label, label_of, paper_first, title_of


def test_the_title_is_the_first_link_text_unless_it_is_a_label():
    links = [("Deep liver nets", "https://doi.org/10.1/x"), ("[code]", "https://github.com/a/b")]
    runs = [Run("Deep liver nets", 0, False), Run(" (MICCAI 2019) ", None, False), Run("[code]", 1, False)]
    assert title_of(runs, links) == ("Deep liver nets", "(MICCAI 2019) [code]", 0)
    labelled = [Run("Kidney segmentation. Smith et al. ", None, False), Run("PDF", 0, False)]
    assert title_of(labelled, [("PDF", "https://x.org/a.pdf")]) == ("Kidney segmentation", "Smith et al. PDF", None)


def test_bold_then_plain_sentences_then_brackets():
    assert title_of([Run("U-Net", None, True), Run(", 2015", None, False)], []) == ("U-Net", "2015", None)
    assert title_of([Run("Lung nets. A. Author. arXiv 2017. ", None, False)], [])[:2] == ("Lung nets", "A. Author. arXiv 2017.")
    assert title_of([Run("[Title: with colon]  ", None, False)], [])[0] == "Title: with colon"
    assert title_of([Run("Cell. Not split in a table", None, False)], [], sentence=False)[0] == "Cell. Not split in a table"
    assert title_of([Run("   ", None, False)], []) == ("", "", None)


def test_the_papers_own_link_comes_first_and_labels_are_read_alike():
    links = [("code", "https://github.com/a/b"), ("paper", "https://arxiv.org/abs/1"), ("demo", "https://x.org")]
    assert paper_first(links, None)[0] == ("paper", "https://arxiv.org/abs/1")
    assert paper_first(links, 2)[0] == ("demo", "https://x.org")
    assert is_label("[pdf]") and is_label("arXiv") and not is_label("Attention U-Net")
    assert label_of(" [scholar] ") == "scholar"
