"""medsegcite/csl/fixes/layout.py: `second-field-align` in text and HTML."""

from __future__ import annotations

from medsegcite.csl import render

from tests.csl.fixes import snippets
from tests.csl.fixes.snippets import ARTICLE
from tests.csl.fixes.styles import entries, style

BIB = """<bibliography second-field-align="{align}"><layout suffix=".">
  <text variable="citation-number" prefix="(" suffix=")"/>
  <text variable="title" font-style="italic"/><text variable="publisher" prefix=", "/></layout></bibliography>"""

ITEMS = [{"id": "a", "type": "book", "title": "First", "publisher": "P"}, {"id": "b", "type": "book", "title": "Second"}]


def test_text_separates_the_label_by_a_space(tmp_path):
    assert entries(ITEMS, style(tmp_path, BIB.format(align="margin"))) == ["(1) First, P.", "(2) Second."]


def test_html_puts_label_and_rest_in_citeproc_js_divs(tmp_path):
    assert entries(ITEMS, style(tmp_path, BIB.format(align="flush")), "html") == [
        '<div class="csl-left-margin">(1)</div><div class="csl-right-inline"><i>First</i>, P.</div>',
        '<div class="csl-left-margin">(2)</div><div class="csl-right-inline"><i>Second</i>.</div>',
    ]


def test_without_alignment_nothing_is_wrapped(tmp_path):
    bib = BIB.replace(' second-field-align="{align}"', "")
    assert entries(ITEMS, style(tmp_path, bib), "html") == ["(1)<i>First</i>, P.", "(2)<i>Second</i>."]


def _keyed(items, chosen):
    from medsegcite.csl import render

    return render.bibliography(items, chosen)


def test_an_item_that_prints_nothing_keeps_every_key_on_its_own_entry(tmp_path):
    items = [{"id": "a", "type": "book", "title": "A"}, {"id": "b", "type": "report", "title": "B"}, {"id": "c", "type": "book", "title": "C"}]
    plain = """<bibliography><layout><choose><if type="book"><text variable="title"/></if></choose></layout></bibliography>"""
    assert _keyed(items, style(tmp_path, plain, "plain")) == [("a", "A"), ("c", "C")]  # left out, as citeproc-js
    numeric = plain.replace('<text variable="title"/>', '<text variable="citation-number" suffix=". "/><text variable="title"/>')
    assert _keyed(items, style(tmp_path, numeric, "numeric")) == [
        ("a", "1. A"),
        ("b", "2. [CSL STYLE ERROR: reference with no printed form.]"),  # citeproc-js's placeholder
        ("c", "3. C"),
    ]


def test_label_then_space():
    ((_, text),) = render.bibliography([ARTICLE], render.find_style("ieee"))
    assert text.startswith("[1] M. D’Souza, ")


def test_label_then_space_keeps_the_spaces_it_joins(tmp_path):
    """citeproc-js's text output is the left margin, a space, then the rest as it is:
    a label "1. " and an author prefixed " " give "1.   D’Souza" (fixes/layout.py)."""
    layout = '<text variable="citation-number" suffix=". "/><names variable="author" prefix=" "><name/></names><text variable="title" prefix=". "/>'
    style = snippets.style(tmp_path, layout, cls="numeric", bibliography_options='second-field-align="flush"')
    assert snippets.entries([ARTICLE], style) == snippets.citeproc_js([ARTICLE], style) == [
        "1.   Mikael D’Souza. A modality-adaptive method for segmenting organs-at-risk with DenseNet-like U-net"]


def test_an_entry_that_is_all_left_margin_has_no_layout_suffix(tmp_path):
    """With second-field-align the layout's suffix goes with the part after the label: a
    layout of one group, or an item with nothing after its label, prints none (citeproc-js)."""
    one_group = '<group delimiter=". "><text variable="citation-number"/><text variable="title"/></group>'
    chosen = snippets.style(tmp_path / "one", one_group, cls="numeric", layout_options='suffix="."',
                            bibliography_options='second-field-align="flush"')
    assert snippets.entries(ITEMS, chosen) == snippets.citeproc_js(ITEMS, chosen) == ["1. First", "2. Second"]
    assert entries(ITEMS[:1], chosen, "html") == ['<div class="csl-left-margin">1. First</div>']
    label_only = '<text variable="citation-number" suffix="."/><text variable="publisher"/>'
    chosen = snippets.style(tmp_path / "label", label_only, cls="numeric", layout_options='suffix="!"',
                            bibliography_options='second-field-align="flush"')
    assert snippets.entries(ITEMS, chosen) == snippets.citeproc_js(ITEMS, chosen) == ["1. P!", "2."]


def test_with_a_display_first_the_layout_suffix_replaces_the_last_elements(tmp_path):
    """citeproc-js's `using_display` (the layout's first element has `display`): the
    layout's suffix takes the place of its last element's own suffix; when that element
    prints nothing, an empty group leaves the suffix to the element before, an empty macro
    takes it along (latin-american-perspectives, fishery-bulletin)."""
    macros = '<macro name="publisher"><text variable="publisher"/></macro>'
    for last, expected in [('<group suffix="!"><text variable="publisher"/></group>', ["FirstP.", "Second."]),
                           ('<text macro="publisher" suffix="!"/>', ["FirstP.", "Second"])]:
        layout = f'<group display="block"><text variable="title"/></group>{last}'
        chosen = snippets.style(tmp_path / str(len(last)), layout, layout_options='suffix="."', macros=macros)
        assert snippets.entries(ITEMS, chosen) == snippets.citeproc_js(ITEMS, chosen) == expected, last


def test_the_labels_last_space_meets_the_rests_first_as_siblings_do(tmp_path):
    """`second-field-align`: a label's suffix space and the rest's prefix space merge as
    citeproc-js merges siblings' (din-1505-2-alphanumeric's "[Dsou19]  A"), except after a
    number, whose suffix keeps the space after it ("[1]   A")."""
    for variable, expected in [("citation-label", "[Dsou19]  A modality"), ("citation-number", "[1]   A modality")]:
        layout = f'<text variable="{variable}" prefix="[" suffix="] "/><text variable="title" prefix=" "/>'
        chosen = snippets.style(tmp_path / variable, layout, bibliography_options='second-field-align="flush"')
        ours, theirs = snippets.entries([ARTICLE], chosen), snippets.citeproc_js([ARTICLE], chosen)
        assert ours == theirs and ours[0].startswith(expected), variable


def test_a_mark_the_rest_starts_with_goes_onto_the_label(tmp_path):
    """`second-field-align` with no author: the title's prefix ", " gives its comma to the
    label, as citeproc-js's passes move it ("[1],  Title", angewandte-chemie); not out of
    a decorated group, whose inside keeps it ("[1] , Title")."""
    macros = '<macro name="title"><text variable="title"/></macro>'
    cases = [("<group>", "[1],  A modality"), ('<group font-style="italic">', "[1] , A modality")]
    for group, expected in cases:
        layout = f'<text variable="citation-number" prefix="[" suffix="]"/>{group}<names variable="author"/><text macro="title" prefix=", "/></group>'
        chosen = snippets.style(tmp_path / str(abs(hash(group))), layout, macros=macros, bibliography_options='second-field-align="flush"')
        item = {key: value for key, value in ARTICLE.items() if key != "author"}
        ours, theirs = snippets.entries([item], chosen), snippets.citeproc_js([item], chosen)
        assert ours == theirs and ours[0].startswith(expected), group


def test_a_last_element_with_a_display_keeps_its_own_suffix(tmp_path):
    """citeproc-js wraps an element with `display` in a blob of its own: the layout's suffix
    (none too) replaces that wrapper's, and the element's own suffix stays, merged with the
    layout's as any two suffixes (institut-francais-darcheologie-orientale's "URL.")."""
    items = [dict(ITEMS[0], URL="https://example.org/a")]
    for own, layout_suffix, expected in [(".", "", "First\nhttps://example.org/a."),
                                         (".", ".", "First\nhttps://example.org/a."),
                                         (", ", ".", "First\nhttps://example.org/a, ."),
                                         ("!", "", "First\nhttps://example.org/a!")]:
        layout = (f'<group display="block"><text variable="title"/></group>'
                  f'<group display="block" suffix="{own}"><text variable="URL"/></group>')
        chosen = snippets.style(tmp_path / f"{len(own)}{len(layout_suffix)}{own}", layout,
                                layout_options=f'suffix="{layout_suffix}"')
        assert snippets.entries(items, chosen) == snippets.citeproc_js(items, chosen) == [expected], (own, layout_suffix)


def test_the_layout_suffix_merges_with_the_rests_last_mark_in_html(tmp_path):
    """`second-field-align` in HTML: the layout's suffix inside the right-inline div merges
    with the mark the rest ends with as in text ("2019;" + "." gives "2019;", "Co." + "."
    once, through a decoration)."""
    from tests.csl.csl_suite import entries as html_entries, normalise

    items = [{"id": "a", "type": "book", "title": "First", "publisher": "Acme Co.", "issued": {"date-parts": [[2019]]}}]
    for name, rest in [("semicolon", '<date variable="issued" prefix=" " suffix=";"><date-part name="year"/></date>'),
                       ("decorated", '<text variable="publisher" prefix=" " font-weight="bold"/>')]:
        layout = f'<text variable="citation-number" prefix="[" suffix="]"/><text variable="title"/>{rest}'
        chosen = snippets.style(tmp_path / name, layout, cls="numeric", layout_options='suffix="."',
                                bibliography_options='second-field-align="flush"')
        ours = [normalise(text) for _key, text in render.bibliography(items, chosen, "html")]
        assert ours == [normalise(html_entries(e)[0]) for e in snippets.citeproc_js(items, chosen, "html")], name


def test_the_layout_suffix_after_a_display_meets_a_decorated_last_mark(tmp_path):
    """An entry ending in a display wrapper takes the layout's suffix inside it; a decorated
    value's last mark there is seen through its tags (`<b>Acme Co.</b>` + "." once)."""
    from tests.csl.csl_suite import entries as html_entries, normalise

    items = [{"id": "a", "type": "book", "title": "First", "publisher": "Acme Co."}]
    for name, last in [("bold", '<text variable="publisher" font-weight="bold"/>'),
                       ("caps", '<group font-variant="small-caps"><text variable="publisher" prefix="by "/></group>')]:
        layout = f'<group display="block"><text variable="title"/></group><group display="left-margin">{last}</group>'
        chosen = snippets.style(tmp_path / name, layout, layout_options='suffix="."')
        ours = [normalise(text) for _key, text in render.bibliography(items, chosen, "html")]
        assert ours == [normalise(html_entries(e)[0]) for e in snippets.citeproc_js(items, chosen, "html")], name
