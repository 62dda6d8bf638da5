"""medsegcite/csl/fixes/spacing.py: spaces where pieces meet, kept or dropped as citeproc-js does."""

from __future__ import annotations

import pytest

from tests.csl.fixes import snippets

ITEM = {"id": "a", "type": "book", "title": "Signals", "container-title": "Analysis", "volume": "54", "URL": "https://x.org"}


def _both(tmp_path, layout: str, **options) -> tuple[list[str], list[str]]:
    """Ours and citeproc-js's entries (each layout in a folder of its own: parsed styles are cached by path)."""
    chosen = snippets.style(tmp_path / str(abs(hash(layout))), layout, **options)
    return snippets.entries([ITEM], chosen), snippets.citeproc_js([ITEM], chosen)


def test_a_decorated_elements_suffix_keeps_the_next_prefixs_space(tmp_path):
    """Italics or quotes: "Analysis,  54" (the-plant-genome); undecorated: "Analysis, 54"."""
    for decoration, expected in [('font-style="italic"', "Analysis,  54"), ('quotes="true"', "“Analysis,”  54"), ("", "Analysis, 54")]:
        layout = f'<text variable="container-title" {decoration} suffix=", "/><group prefix=" "><text variable="volume"/></group>'
        assert _both(tmp_path, layout) == ([expected], [expected]), decoration


def test_a_space_inside_a_decorated_element_stays(tmp_path):
    """A bold (even font-weight="normal") macro whose group is prefixed " (" keeps that
    space after the delimiter before it (sylwan); without a decoration it goes."""
    macros = '<macro name="issued"><group prefix=" (" suffix=")"><text value="n.d."/></group></macro>'
    for decoration, expected in [('font-weight="bold"', "Signals.  (n.d.)"), ('font-weight="normal"', "Signals.  (n.d.)"), ("", "Signals. (n.d.)")]:
        layout = f'<group delimiter=" "><text variable="title" suffix="."/><text macro="issued" {decoration}/></group>'
        assert _both(tmp_path, layout, macros=macros) == ([expected], [expected]), decoration


def test_a_styles_own_text_keeps_its_last_space(tmp_path):
    """`<text value="URL: "/>` before a delimiter " " prints both spaces; a suffix's space goes."""
    layout = '<group delimiter=" "><text value="URL: "/><text variable="URL"/></group>'
    assert _both(tmp_path, layout) == (["URL:  https://x.org"], ["URL:  https://x.org"])
    layout = '<group delimiter=" "><text value="URL:" suffix=" "/><text variable="URL"/></group>'
    assert _both(tmp_path, layout) == (["URL: https://x.org"], ["URL: https://x.org"])


def test_delimiters_still_merge_with_a_decorated_elements_suffix(tmp_path):
    layout = '<group delimiter=" "><text variable="container-title" font-style="italic" suffix=" "/><text variable="volume"/></group>'
    assert _both(tmp_path, layout) == (["Analysis 54"], ["Analysis 54"])


def test_a_decorated_group_inside_a_macro_keeps_its_leading_space(tmp_path):
    """annales: `<group font-style="normal">` around a volume prefixed " ", in a macro
    after a delimiter ", ", prints "Analysis,  54" (text case passes the piece on)."""
    macros = '<macro name="volume"><group font-style="normal"><text variable="volume" prefix=" "/></group></macro>'
    layout = '<group delimiter=", "><text variable="container-title"/><text macro="volume"/></group>'
    assert _both(tmp_path, layout, macros=macros) == (["Analysis,  54"], ["Analysis,  54"])


def test_a_styles_own_text_keeps_its_last_space_before_its_suffix(tmp_path):
    """`<text value="in " suffix=" "/>`: citeproc-js never merges a value's own space
    with an affix (les-mondes-du-travail's "in  Journal"); the suffix's space still
    merges with the delimiter or prefix after it."""
    for after in ['<text variable="container-title"/>', '<text variable="container-title" prefix=" "/>']:
        layout = f'<group prefix=", " delimiter=" "><text value="in " suffix=" "/>{after}</group>'
        assert _both(tmp_path, layout) == ([", in  Analysis"], [", in  Analysis"]), after


def test_a_decorated_elements_prefix_drops_its_first_childs_space(tmp_path):
    """A decorated group prefixed " " around a date prefixed " ": the child's space goes
    after the group's, and the group's merges with the delimiter (forensic-science-review's
    "Springer; 2019.", not "Springer;  2019.")."""
    item = dict(snippets.ARTICLE, publisher="Springer")
    layout = ('<group delimiter="; "><text variable="publisher"/><group font-weight="normal" prefix=" " suffix=".">'
              '<date variable="issued" prefix=" " font-weight="normal"><date-part name="year"/></date></group></group>')
    chosen = snippets.style(tmp_path, layout)
    assert snippets.entries([item], chosen) == snippets.citeproc_js([item], chosen) == ["Springer; 2019."]


def test_a_plain_prefix_keeps_a_decorated_childs_inner_space(tmp_path):
    """The prefix ". " of a plain group before an italic macro whose group is prefixed " ":
    the space is not the first child's own prefix, it stays (aerosol-science-and-technology)."""
    macros = '<macro name="container"><group prefix=" "><text variable="container-title"/></group></macro>'
    layout = '<text variable="title"/><group prefix=". "><text macro="container" font-style="italic"/></group>'
    assert _both(tmp_path, layout, macros=macros) == (["Signals.  Analysis"], ["Signals.  Analysis"])


def test_a_numbers_suffix_keeps_the_next_prefixs_space_behind_its_own_prefix(tmp_path):
    """"(1) " + " (Signals": citeproc-js does not merge into a number's suffix, whatever
    the number's prefix (punctuation.py asks the value, not the affixed text; biochemistry)."""
    layout = '<text variable="citation-number" prefix="(" suffix=") "/><text variable="title" prefix=" ("/>'
    assert _both(tmp_path, layout) == (["(1)  (Signals"], ["(1)  (Signals"])


def test_a_styles_own_text_keeps_its_first_space(tmp_path):
    """`<text value=" Available from: "/>` after a delimiter ". " prints both spaces, with
    or without its own prefix " " (london-south-bank-university-numeric)."""
    for prefix in ("", ' prefix=" "'):
        layout = f'<group delimiter=". "><text variable="title"/><group><text value=" Available from: "{prefix}/><text variable="URL"/></group></group>'
        assert _both(tmp_path, layout) == (["Signals.  Available from: https://x.org"], ["Signals.  Available from: https://x.org"]), prefix


def test_a_no_break_space_merges_as_a_space_does(tmp_path):
    """citeproc-js counts U+00A0 with the spaces it merges at seams: a suffix ".&#160;"
    before a prefix "&#160;" prints one (padagogische-hochschule-heidelberg); a style's
    own text keeps its own."""
    cases = [('<text variable="container-title" suffix=".&#160;"/><text variable="title" prefix="&#160;" font-style="normal"/>', "Analysis.\u00a0Signals"),
             ('<group delimiter="&#160;"><text value="in&#160;"/><text variable="title" prefix="&#160;"/></group>', "in\u00a0\u00a0Signals")]
    for layout, expected in cases:
        assert _both(tmp_path, layout) == ([expected], [expected]), layout


def test_a_delimiter_that_took_a_decorated_suffixs_space_takes_the_next_prefixs(tmp_path):
    """`<text term="in" text-decoration="none" suffix=": "/>`, delimiter " ", then a group
    prefixed " ": citeproc-js prints "In: Analysis" (usda-forest-service-...); with no
    delimiter the decorated suffix keeps the prefix's space ("In:  Analysis")."""
    for delimiter, expected in [(' delimiter=" "', "In: Analysis"), ("", "In:  Analysis")]:
        layout = f'<group{delimiter}><text term="in" text-case="capitalize-first" text-decoration="none" suffix=": "/><group prefix=" "><text variable="container-title"/></group></group>'
        assert _both(tmp_path, layout) == ([expected], [expected]), delimiter


NO_BREAK_SPACES = [  # (macros, layout, expected)
    ("", '<text variable="container-title" suffix=".&#160;"/><text variable="title" prefix="&#160;"/>', "Analysis.\u00a0Signals"),
    ("", '<group delimiter="&#160;"><text variable="container-title" suffix="&#160;"/><text variable="title"/></group>', "Analysis\u00a0Signals"),
    ('<macro name="t"><text variable="title" prefix="&#160;"/></macro>', '<text variable="container-title" suffix=".&#160;"/><text macro="t"/>', "Analysis.\u00a0Signals"),
    # not out of an element: the suffix of a macro's or group's last child, a name, a prefix's child
    ('<macro name="c"><text variable="container-title" suffix=".&#160;"/></macro>', '<text macro="c"/><text variable="title" prefix="&#160;"/>', "Analysis.\u00a0\u00a0Signals"),
    ("", '<group><text variable="container-title" suffix=".&#160;"/></group><text variable="title" prefix="&#160;"/>', "Analysis.\u00a0\u00a0Signals"),
    ('<macro name="c"><text variable="container-title" suffix="&#160;"/></macro>', '<group delimiter="&#160;"><text macro="c"/><text variable="title"/></group>', "Analysis\u00a0\u00a0Signals"),
    ("", '<names variable="author"><name suffix=":&#160;"/></names><text variable="title" prefix="&#160;"/>', "Jo Doe:\u00a0\u00a0Signals"),
    ("", '<group prefix="x&#160;"><text variable="title" prefix="&#160;"/></group>', "x\u00a0\u00a0Signals"),
    ("", '<text variable="container-title" font-style="italic" suffix=".&#160;"/><text variable="title" prefix="&#160;"/>', "Analysis.\u00a0\u00a0Signals"),
]


@pytest.mark.parametrize("macros, layout, expected", NO_BREAK_SPACES)
def test_a_no_break_space_merges_only_across_one_level(tmp_path, macros, layout, expected):
    """citeproc-js moves a plain space out of the end of an element, never a no-break one:
    two no-break spaces merge only where a sibling's own suffix or a delimiter meets the
    next prefix (padagogische-hochschule-vorarlberg's "u.\u00a0a.:\u00a0\u00a0Title")."""
    item = dict(ITEM, author=[{"family": "Doe", "given": "Jo"}])
    chosen = snippets.style(tmp_path, layout, macros=macros)
    assert snippets.entries([item], chosen) == snippets.citeproc_js([item], chosen) == [expected]


MARKS_AFTER_A_DECORATION = [  # (layout, expected): a sibling's prefix mark after the same mark
    ('<text variable="container-title" font-style="italic" suffix=","/><group prefix=", "><text variable="volume"/></group>', "Analysis,, 54"),
    ('<text variable="container-title" suffix=","/><text variable="volume" prefix=", " font-style="italic"/>', "Analysis, 54"),
    ('<text variable="container-title" suffix=","/><group font-style="italic"><text variable="volume" prefix=", "/></group>', "Analysis,, 54"),
    ('<group><text variable="container-title" font-style="italic" suffix=","/></group><text variable="volume" prefix=", "/>', "Analysis, 54"),
    ('<group suffix=","><text variable="container-title" font-weight="bold" suffix=","/></group><text variable="volume" prefix=", "/>', "Analysis, 54"),
    ('<group delimiter=", "><text variable="container-title" font-style="italic" suffix=","/><text variable="volume"/></group>', "Analysis, 54"),
    # a decorated value's own last mark: kept before a sibling's prefix, merged from inside another element
    ('<text variable="title" font-style="italic"/><text variable="volume" prefix=". "/>', "Signals.. 54"),
    ('<text macro="author" font-weight="bold"/><text variable="volume" prefix=". "/>', "J Doe et al.. 54"),
    ('<text macro="author"/><text variable="volume" prefix=". "/>', "J Doe et al. 54"),
]


@pytest.mark.parametrize("layout, expected", MARKS_AFTER_A_DECORATION)
def test_a_decorated_siblings_suffix_keeps_the_next_prefixs_mark(tmp_path, layout, expected):
    """citeproc-js's leftward and downward passes skip a decorated child: its own suffix
    keeps the same mark of the next sibling's prefix (journal-of-the-electrochemical-society's
    "(CVPR),, p."), as a prefix inside a decorated element keeps it; a delimiter, or an
    undecorated element around the decorated one, merges. The same in HTML."""
    import re

    from medsegcite.csl import render

    item = dict(ITEM, title="Signals.", author=[{"family": "Doe", "given": "J"}, {"family": "Roe", "given": "K"}])
    macros = '<macro name="author"><names variable="author"><name et-al-min="2" et-al-use-first="1"/><et-al font-style="italic"/></names></macro>'
    chosen = snippets.style(tmp_path, layout, macros=macros)
    assert snippets.entries([item], chosen) == snippets.citeproc_js([item], chosen) == [expected]
    html = [re.sub(r'^<div class="csl-entry">|</div>$', "", entry.strip()) for entry in snippets.citeproc_js([item], chosen, "html")]
    ours = [entry for _key, entry in render.bibliography([item], chosen, "html")]
    if "author" in layout:  # (names_formatting.py drops the space before an italic "et al." in HTML: compare the end)
        ours, html = [entry[-12:] for entry in ours], [entry[-12:] for entry in html]
    assert ours == html


@pytest.mark.parametrize("attributes", ['quotes="true"', 'font-style="italic"', 'quotes="true" font-weight="bold"', ""])
@pytest.mark.parametrize("locale", ["tr-TR", "en-US"])
def test_only_a_font_decoration_keeps_the_next_prefix_mark(tmp_path, attributes, locale):
    """Quotes are no font decoration: a quoted title's "," and the next sibling's ", " merge
    ("”, c. 10134"), where an italic title keeps both, as citeproc-js prints."""
    item = dict(snippets.ARTICLE, type="paper-conference", volume="10134", title="Bladder cancer")
    style = snippets.style(
        tmp_path,
        f'<group><text variable="title" {attributes} suffix=","/>'
        '<group><label variable="volume" form="short" prefix=", " suffix=" "/><text variable="volume"/></group></group>',
        locale=locale,
    )
    assert snippets.entries([item], style) == snippets.citeproc_js([item], style)
