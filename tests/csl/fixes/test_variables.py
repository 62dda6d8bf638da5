"""Variables citeproc-js derives from others (medsegcite/csl/fixes/variables.py)."""

from tests.csl.fixes import snippets


def test_page_first_is_there_with_page(tmp_path):
    layout = ('<choose><if variable="page-first"><text variable="page-first" prefix="first "/></if>'
              '<else-if variable="page"><text variable="page" prefix="all "/></else-if></choose>')
    style = snippets.style(tmp_path, layout)
    items = [{"id": "a", "type": "article-journal", "title": "T", "page": "4558-4567"}, {"id": "b", "type": "article-journal", "title": "U"}]
    assert snippets.entries(items, style)[:1] == snippets.citeproc_js(items[:1], style) == ["first 4558"]


def test_type_condition_is_one_test(tmp_path):
    """`<if variable="URL" type="book article-journal">` (match="all"): a journal article with a URL passes."""
    layout = '<choose><if variable="URL" type="book article-journal"><text value="yes"/></if><else><text value="no"/></else></choose>'
    items = [{"id": "a", "type": "article-journal", "title": "T", "URL": "http://x"}, {"id": "b", "type": "book", "title": "T"},
             {"id": "c", "type": "report", "title": "T", "URL": "http://x"}]
    assert snippets.entries(items, snippets.style(tmp_path, layout)) == ["yes", "no", "no"]


def test_a_locator_label_without_locator_prints_page(tmp_path):
    """A bibliography has no locators: `<label variable="locator"/>` prints the page term
    (citeproc-js), while a group of that label and the missing locator stays empty."""
    layout = ('<text variable="title"/><group prefix=" [" suffix="]"><label variable="locator" form="short" suffix=" "/>'
              '<text variable="locator"/></group><label variable="locator" form="short" prefix=", " suffix=" "/><text variable="page"/>')
    items = [{"id": "a", "type": "book", "title": "T", "page": "220-237"}, {"id": "b", "type": "book", "title": "U", "page": "5"}]
    assert snippets.entries(items, snippets.style(tmp_path, layout)) == ["T, p. 220–237", "U, p. 5"]


def test_page_first_is_the_first_page_of_a_list(tmp_path):
    """citeproc-js: page-first of "2514-2525, 2530" is "2514", of "3 & 5" "3" (citeproc-py
    printed the first page of each range: "2514, 2530")."""
    from tests.csl.fixes import snippets

    pages = ["2514-2525, 2530", "12, 15-17", "3 & 5", "S1-S3", "xii-xv", "4 and 6"]
    items = [{"id": f"i{n}", "type": "book", "title": "T", "page": p} for n, p in enumerate(pages)]
    chosen = snippets.style(tmp_path, '<text variable="page-first"/>')
    expected = ["2514", "12", "3", "S1", "xii", "4 and 6"]
    assert snippets.entries(items, chosen) == expected
    assert snippets.citeproc_js(items, chosen) == expected


def test_a_short_url_is_its_host(tmp_path):
    """`form="short"` cuts a URL to its host, without the scheme for a "www." host, as citeproc-js."""
    from tests.csl.fixes import snippets

    urls = ["https://ieeexplore.ieee.org/abstract/document/8940266", "https://www.grand-challenge.org/challenges/",
            "http://example.com/a/file.pdf", "https://arxiv.org", "ftp://data.host.net/x.y/z"]
    items = [{"id": str(n), "type": "webpage", "title": f"T{n}", "URL": url} for n, url in enumerate(urls)]
    chosen = snippets.style(tmp_path, '<group delimiter=" "><text variable="title"/><text variable="URL" form="short" prefix="[" suffix="]"/></group>')
    expected = ["T0 [https://ieeexplore.ieee.org]", "T1 [www.grand-challenge.org]", "T2 [http://example.com]", "T3 [https://arxiv.org]",
                "T4 [ftp://data.host.net/x.y]"]
    assert snippets.entries(items, chosen) == snippets.citeproc_js(items, chosen) == expected
