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


# -- the one validator of each kind -------------------------------------------------------------
from medsegcite.listing import identifiers  # noqa: E402


@pytest.mark.parametrize("value, expected", [
    ("10.1002/MP.13438", "10.1002/mp.13438"),
    ("doi:10.1016/s0140-6736(20)30183-5", "10.1016/s0140-6736(20)30183-5"),
    ("https://doi.org/10.1109/TMI.2018.2845918", "10.1109/tmi.2018.2845918"),
    ("10.1000/x}, note = {\\input{/etc/passwd}", None),
    ("10.1000/x\nTY  - JOUR", None),
    ("10.1000/a b", None),
    ("10.1000/\x1b[31m", None),
    ("10.1000/x%7D", None),
    ("10.1000/^^5c", None),
    ("", None),
    (42, None),
])
def test_doi(value, expected):
    assert identifiers.doi(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("1703.04347", "1703.04347"), ("arXiv:1703.04347v2", "1703.04347v2"), ("math.GT/0309136", "math.GT/0309136"),
    ("1703.04347}", None), ("1703.04347\n", "1703.04347"), ("1703.04347 x", None), ("../../etc", None),
])
def test_arxiv(value, expected):
    assert identifiers.arxiv(value) == expected


def test_small_identifiers():
    assert identifiers.pmid("31234567") == "31234567" and identifiers.pmid("0") is None and identifiers.pmid("1}") is None
    assert identifiers.pmcid("pmc5241049") == "PMC5241049" and identifiers.pmcid("PMC1}") is None
    assert identifiers.isbn("978-3-319-46723-8") == "978-3-319-46723-8" and identifiers.isbn("978-3-319-46723-9") is None
    assert identifiers.issn("1361-8415") == "1361-8415" and identifiers.issn("1361-841}") is None


@pytest.mark.parametrize("value, expected", [
    ("https://example.org/a b", "https://example.org/a%20b"),
    ("https://example.org/x^^5cinput{y}", "https://example.org/x%5E%5E5cinput%7By%7D"),
    ("https://user:pw@example.org:8080/p", "https://example.org:8080/p"),
    ("https://b\u00fccher.de/", "https://xn--bcher-kva.de/"),
    ("https://example.org/<script>\"'", "https://example.org/%3Cscript%3E%22'"),
    ("https://example.org/50%", "https://example.org/50%25"),
    ("https://example.org/a\nb", "https://example.org/ab"),  # as browsers read it (WHATWG)
    ("javascript:alert(1)", None), ("file:///etc/passwd", None), ("https://a..b/", None),
    ("https://" + "a" * 70 + ".org/", None), ("https://[::1/", None), ("https://example.org:99999/", None),
])
def test_url(value, expected):
    assert identifiers.url(value) == expected


def test_redact():
    assert identifiers.redact("HTTP 500 from https://me:pw@mirror.example/works?q=a@b") == "HTTP 500 from https://***@mirror.example/works?q=a@b"


def test_publisher_of():
    assert identifiers.publisher_of("10.1007/978-3-319-46723-8_17") == "Springer"
    assert identifiers.publisher_of("10.9999/unknown") is None and identifiers.publisher_of("not a doi") is None


def test_doi_grammar_is_idutils_own():
    """The DOI grammar compiled here is idutils' (importing idutils costs every command half a second)."""
    import idutils.utils

    from medsegcite.listing import identifiers

    assert identifiers._DOI_GRAMMAR.pattern == idutils.utils.doi_regexp.pattern
    assert identifiers._DOI_GRAMMAR.flags == idutils.utils.doi_regexp.flags


def _doi_like(random):
    """Strings near DOIs: valid ones, then each damaged by a character from every class the writers fear."""
    alphabet = "0123456789abcXYZ-._;()/:<>[]+{}\\\"'%#^ \t\n\x00\x1b\u00e9\u202e|`~!@$&*=?,"
    prefixes = ["", "doi:", "DOI: ", "https://doi.org/", "http://dx.doi.org/", "doi.org/", "https://example.org/"]
    for _ in range(3000):
        registrant = "".join(random.choice("0123456789" * 5 + ".") for _ in range(random.randint(1, 12)))
        suffix = "".join(random.choice("abc0123456789-._/") for _ in range(random.randint(0, 20)))
        cut = random.randint(0, len(suffix))
        suffix = suffix[:cut] + random.choice(alphabet) * random.randint(0, 1) + suffix[cut:]
        yield random.choice(prefixes) + random.choice(["10.", "10.1", "11.", "10.1109", ""]) + registrant + random.choice(["/", "", "//"]) + suffix


def test_doi_accepts_nothing_idutils_refuses():
    """No lost strictness: every DOI we accept idutils accepts whole, with the same normal form."""
    import random

    import idutils

    from medsegcite.listing.identifiers import doi

    accepted = 0
    for text in _doi_like(random.Random(19)):
        ours = doi(text)
        stripped = text.strip()
        if ours is None:
            continue
        accepted += 1
        bare = stripped.split("doi.org/", 1)[-1] if "doi.org/" in stripped else stripped
        bare = bare[4:].lstrip() if bare.lower().startswith("doi:") else bare
        match = idutils.is_doi(bare)
        assert match and match.end() == len(bare), text
        assert idutils.normalize_doi(bare).lower() == ours, text
    assert accepted > 100  # the sample reaches the accepting side too


def test_identifiers_import_no_idutils():
    """Validating DOIs, URLs and arXiv ids imports no idutils (only an ISBN's check digit does)."""
    import subprocess
    import sys

    code = ("import sys\nfrom medsegcite.listing import identifiers as i\n"
            "assert i.doi('10.1109/TMI.2018.2845918') == '10.1109/tmi.2018.2845918'\n"
            "assert i.identify('https://doi.org/10.1007/978-3-319-24574-4_28')\n"
            "assert i.url('https://example.org/a b') and i.arxiv('1505.04597')\n"
            "print('idutils' in sys.modules, 'isbnlib' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]
