import pytest

from medsegcite.listing.identifiers import Identifier, identify, normalise_doi


@pytest.mark.parametrize(
    "link, expected",
    [
        ("https://link.springer.com/chapter/10.1007/978-3-319-74113-0_10", ("doi", "10.1007/978-3-319-74113-0_10")),
        ("https://aapm.onlinelibrary.wiley.com/doi/abs/10.1118/1.4944498", ("doi", "10.1118/1.4944498")),
        (
            "https://www.spiedigitallibrary.org/journals/journal-of-medical-imaging/volume-4/issue-4/041302/"
            "Automatic-magnetic/10.1117/1.JMI.4.4.041302.short",
            ("doi", "10.1117/1.jmi.4.4.041302"),
        ),
        (
            "https://www.spiedigitallibrary.org/conference-proceedings-of-spie/11431/114310B/x/10.1117/12.2538323.short?SSO=1",
            ("doi", "10.1117/12.2538323"),
        ),
        ("https://www.nature.com/articles/s42256-019-0099-z", ("doi", "10.1038/s42256-019-0099-z")),
        ("https://www.tandfonline.com/doi/abs/10.1080/21681163.2015.1131197", ("doi", "10.1080/21681163.2015.1131197")),
        ("https://arxiv.org/abs/1702.05970", ("arxiv", "1702.05970")),
        ("https://arxiv.org/pdf/1903.12571v2", ("arxiv", "1903.12571")),
        ("https://www.sciencedirect.com/science/article/abs/pii/S136184152030195X", ("pii", "S136184152030195X")),
        ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC5241049/", ("pmcid", "PMC5241049")),
        ("https://ieeexplore.ieee.org/abstract/document/9176033", ("ieee", "9176033")),
    ],
)
def test_identify(link, expected):
    assert identify(link) == Identifier(*expected)


@pytest.mark.parametrize(
    "link",
    [
        "https://scholar.google.com/scholar?hl=ar&q=Brain+tumor+segmentation",
        "https://thescipub.com/search/?query=Optic+Disc",
        "",
        "https://www.nature.com/subjects/medical-imaging",
    ],
)
def test_search_links_identify_nothing(link):
    assert identify(link) is None


def test_normalise_doi():
    assert normalise_doi("https://doi.org/10.1002/MP.13147") == "10.1002/mp.13147"
    assert normalise_doi("not a doi") is None


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)//https://doi.org/10.1000/abc",
        "javascript://doi.org/10.1000/abc%0Aalert(1)",
        "data:text/html,10.1000/abc",
        "file:///etc/10.1000/abc",
        "ftp://example.org/10.1000/abc",
        "https://example.org/" + "a" * 3000 + "/10.1000/abc",
    ],
)
def test_only_http_links_identify_a_paper(link):
    assert identify(link) is None


def test_a_javascript_link_never_becomes_url():
    from medsegcite.bib.sync import sync
    from medsegcite.listing.catalog import parse_list

    text = "# S\n### A\n- [A paper on MRI] [[x]](javascript:alert(1)//doi.org/10.1000/abc)\n"
    (entry,), _ = sync(parse_list(text), [])
    assert "url" not in entry.fields
