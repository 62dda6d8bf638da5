"""Text case as citeproc-js applies it (medsegcite/csl/fixes/text_case.py)."""

import pytest

from medsegcite.csl import render

from tests.csl.fixes import snippets

ARTICLE = {k: v for k, v in snippets.ARTICLE.items() if k != "page"}


def _one(item: dict, style: str) -> str:
    ((_, text),) = render.bibliography([item], render.find_style(style))
    return text


def test_title_case_hyphenated_words():
    text = _one(ARTICLE, "chicago-author-date")
    assert "Modality-Adaptive" in text and "Organs-at-Risk" in text and "DenseNet-like U-Net" in text


def test_capitalize_first_leaves_arxiv():
    preprint = {"id": "x", "type": "article", "title": "T", "number": "arXiv:1702.05970", "publisher": "arXiv", "issued": {"date-parts": [[2017]]}}
    assert "arXiv:1702.05970" in _one(preprint, "chicago-author-date")


def test_text_case_on_page_and_number_values(tmp_path):
    """A page range is formatted to a plain string; a text-case on it applied to that too
    (it crashed with "'str' object has no attribute 'words'": econometrica, griffith-college-harvard)."""
    layout = """<group delimiter=" ">
      <text variable="page" text-case="capitalize-first"/>
      <text variable="page" form="short" text-case="title"/>
      <text variable="volume" text-case="capitalize-all"/>
      <text term="in" text-case="capitalize-first"/>
      <text variable="title" text-case="uppercase"/></group>"""
    item = dict(ARTICLE, page="e101831", volume="4")
    style = snippets.style(tmp_path, layout)
    expected = "E101831 E101831 4 In A MODALITY-ADAPTIVE METHOD FOR SEGMENTING ORGANS-AT-RISK WITH DENSENET-LIKE U-NET"
    assert snippets.entries([item], style) == snippets.citeproc_js([item], style) == [expected]
    ranged = dict(item, page="e12-e19")
    assert snippets.entries([ranged], style)[0].startswith("E12–e19 ")


CAPITALIZED = [  # layout before the term, and whether citeproc-js capitalises the term
    ("", True),
    ('<text variable="citation-number" suffix=". "/>', True),  # numbers are not text
    ('<text variable="DOI"/><text variable="page"/>', True),  # absent: nothing printed
    ('<group delimiter=" "><text variable="container-title"/><text term="in"/></group>', True),  # suppressed group
    ('<text macro="volume"/>', True),  # suppressed macro
    ('<text variable="volume"/>', False),  # citeproc-js counts an empty volume as printed
    ('<names variable="editor"><name/></names>', False),  # and an empty cs:names
    ('<names variable="editor"><name/><substitute><names variable="translator"/></substitute></names>', False),
    ('<text variable="title" suffix=". "/>', False),
]


def test_a_term_a_substitute_prints_first_is_capitalized(tmp_path):
    item = {"id": "a", "type": "article", "title": "Bare"}
    layout = '<names variable="author"><name/><substitute><names variable="editor"/><text term="anonymous" form="short"/></substitute></names>'
    style = snippets.style(tmp_path, layout)
    assert snippets.entries([item], style) == snippets.citeproc_js([item], style) == ["Anon."]


def test_a_term_first_in_an_entry_is_capitalized(tmp_path):
    """citeproc-js capitalises a term printed before anything else in an entry
    ("N.d.", "In: ...", "S. d."); citeproc-py printed "n.d."."""
    item = {"id": "a", "type": "article", "title": "Bare"}
    for number, (before, capitalized) in enumerate(CAPITALIZED):
        layout = before + '<text term="no date" form="short"/><text variable="title" prefix=" / "/>'
        style = snippets.style(tmp_path / str(number), layout, cls="numeric", macros='<macro name="volume"><text variable="volume"/></macro>')
        (ours,) = snippets.entries([item], style)
        assert [ours] == snippets.citeproc_js([item], style)
        assert ("N.d." in ours) is capitalized, (before, ours)


def test_capitalize_all_and_sentence_as_citeproc_js(tmp_path):
    """capitalize-all capitalises every all-lower-case word and hyphenated part;
    sentence lower-cases every word but the first (citeproc-js, in any locale)."""
    item = {"id": "a", "type": "book", "title": "organs-at-risk with an end-to-end net in the DenseNet-like U-net: a study. the ÉCOLE x"}
    expected = {
        "capitalize-all": "Organs-At-Risk With An End-To-End Net In The DenseNet-Like U-Net: A Study. The ÉCOLE X",
        "sentence": "Organs-at-risk with an end-to-end net in the densenet-like u-net: a study. the école x",
    }
    for text_case, text in expected.items():
        for locale in ("en-US", "de-DE"):
            style = snippets.style(tmp_path / text_case / locale, f'<text variable="title" text-case="{text_case}"/>', locale=locale)
            assert snippets.entries([item], style) == snippets.citeproc_js([item], style) == [text]


@pytest.mark.parametrize("name", ["comparative-parasitology", "university-of-hull-harvard", "university-of-zabol"])
def test_text_case_over_a_merged_suffix(name):
    """A text-cased piece that ends in one of our merged suffixes (a str subclass, not a
    citeproc String) is cased, not a crash ('_Suffix' object has no attribute 'words')."""
    from medsegcite.bib import export, store
    from tests.conftest import DATA

    items = export.csl_items(store.load(DATA / "references.bib"))
    assert len(render.bibliography(items, render.find_style(name))) == len(items)


def test_text_case_ignored_on_macro_calls(tmp_path):
    """citeproc-js applies text case only to what a variable, term or value prints: a
    `text-case` on a macro call changes nothing (names, titles, "et" stay as they are),
    while one inside the macro still applies."""
    item = dict(ARTICLE, author=[{"family": "Agn", "given": "Mikael"}, {"family": "Rosenschöld", "given": "Per", "non-dropping-particle": "Munck af"}])
    macros = """<macro name="author"><names variable="author"><name and="text"><name-part name="family" font-variant="small-caps"/></name></names></macro>
      <macro name="title"><text variable="title" text-case="capitalize-all"/></macro>"""
    layout = """<group delimiter=". "><text macro="author" text-case="uppercase"/><text macro="title" text-case="lowercase"/>
      <text variable="container-title" text-case="uppercase"/></group>"""
    style = snippets.style(tmp_path, layout, macros=macros)
    expected = ("Mikael Agn and Per Munck af Rosenschöld. A Modality-Adaptive Method For Segmenting Organs-At-Risk "
                "With DenseNet-Like U-Net. MEDICAL IMAGE ANALYSIS")
    assert snippets.entries([item], style) == snippets.citeproc_js([item], style) == [expected]


TEXT_CASES = ["lowercase", "uppercase", "capitalize-first", "capitalize-all", "sentence", "title"]
CASED_TITLES = [  # words split at punctuation and quotes, markup and nocase kept, stop words at the end
    "Warde-Farley AND Jones-Smith (Deep-Net) “Deep” learning",
    "what they are made of",
    "https://www.sciencedirect.com/science/article/abs/pii/S0167739X19331437",
    "arXiv:1702.05970 e-mail",
    "Alzheimer's disease: a study of v. vs. the vitamin c",
    '<i>Homo sapiens</i> in <span class="nocase">iPhone</span> and <sup>18</sup>f-fdg <sc>Small</sc> caps',
    "A study on ‘deep’ nets: why? because!",
    "l'école de d'arcy et al. as per",
    "s.d. ÜBER die straße, α and β-cells, the 2nd of the (last) kind—of",
    "a <script>x</script> and <i>open and </b> close & the r&d of",
]


def test_text_cases_as_citeproc_js(tmp_path):
    """Each text-case as citeproc-js's formatters do it, on titles nobody named: words split
    at hyphens, slashes, periods and quotes ("Https://…", "Warde-farley" in sentence case),
    a last stop word capitalised in title case ("Made Of"), nocase and sub/superscript kept."""
    items = [{"id": f"i{n}", "type": "book", "title": t, "issued": {"date-parts": [[2000 + n]]}} for n, t in enumerate(CASED_TITLES)]
    layout = '<group delimiter=" | ">' + "".join(f'<text variable="title" text-case="{c}"/>' for c in TEXT_CASES) + "</group>"
    style = snippets.style(tmp_path, layout, sort='<sort><key variable="issued"/></sort>')
    ours = snippets.entries(items, style)
    assert ours == snippets.citeproc_js(items, style)
    assert ours[1] == "what they are made of | WHAT THEY ARE MADE OF | What they are made of | What They Are Made Of | What they are made of | What They Are Made Of"
    assert ours[2].split(" | ")[2].startswith("Https://www.sciencedirect.com/")
    assert ours[0].split(" | ")[4].startswith("Warde-farley and jones-smith")
    html = [text for _key, text in render.bibliography(items, style, "html")]
    assert html[9].split(" | ")[5] == "A &lt;script&gt;x&lt;/Script&gt; and &lt;i&gt;Open and &lt;/b&gt; Close &amp; the R&amp;d Of"


def test_turkish_capitals_of_i(tmp_path):
    """In a Turkish (or Azeri) style, upper case dots the capital i, as JavaScript's
    toLocaleUpperCase does for citeproc-js ("İçinde", "LİU"); other locales do not."""
    item = {"id": "a", "type": "book", "title": "içinde bir liu", "author": [{"family": "Liu", "given": "Ilkay"}]}
    layout = """<group delimiter=" | "><names variable="author"><name><name-part name="family" text-case="uppercase"/></name></names>
      <text variable="title" text-case="capitalize-first"/><text variable="title" text-case="uppercase"/>
      <text value="IŞIK İZMİR" text-case="lowercase"/></group>"""
    expected = {"tr-TR": "Ilkay LİU | İçinde bir liu | İÇİNDE BİR LİU | ışık izmir",
                "en-US": "Ilkay LIU | Içinde bir liu | IÇINDE BIR LIU | işik i\u0307zmi\u0307r"}
    for locale, text in expected.items():
        chosen = snippets.style(tmp_path / locale, layout, locale=locale)
        assert snippets.entries([item], chosen) == snippets.citeproc_js([item], chosen) == [text], locale


def test_a_term_first_in_an_entry_is_capitalized_as_capitalize_first(tmp_path):
    """The capitalised term at the start of an entry is citeproc-js's capitalize-first:
    the first word after a bracket ("[S. d.]"), only the first word ("S. d.")."""
    item = {"id": "a", "type": "article", "title": "T"}
    for number, term in enumerate(["[s.&#160;d.]", "s. d.", "o.o. [sans lieu]"]):
        own = f'<locale><terms><term name="no date" form="short">{term}</term></terms></locale>'
        style = snippets.style(tmp_path / str(number), '<text term="no date" form="short"/><text variable="title" prefix=" "/>', macros=own)
        (ours,) = snippets.entries([item], style)
        assert [ours] == snippets.citeproc_js([item], style)
        assert ours in ("[S.\u00a0d.] T", "S. d. T", "O.o. [sans lieu] T")


@pytest.mark.parametrize("text_case", ["title", "sentence", "capitalize-first", "uppercase"])
def test_the_datas_quotes_stay_quotes_under_a_text_case(tmp_path, text_case):
    """A text-case leaves the data's quotation marks to be placed with the rest: the layout's
    period goes inside them where the locale says so (bugreports_NoCaseEscape)."""
    titles = ["'\"PIAAC (L) 2015\"'", "\"The inner one\"", "a \"quoted\" word"]
    items = [{"id": f"t{n}", "type": "book", "title": title} for n, title in enumerate(titles)]
    chosen = snippets.style(tmp_path, f'<text variable="title" text-case="{text_case}"/>', layout_options='suffix="."')
    assert snippets.entries(items, chosen) == snippets.citeproc_js(items, chosen)
