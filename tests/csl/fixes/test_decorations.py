"""medsegcite/csl/fixes/decorations.py: formatting that undoes formatting, in HTML
(each expected value is citeproc-js's output for the same style and item)."""

from __future__ import annotations

from tests.csl.fixes.styles import entries, style

ITEM = {"id": "t", "type": "book", "title": "T", "publisher": "P"}


def test_baseline_and_no_decoration_are_always_spans(tmp_path):
    bib = """<bibliography><layout><text variable="title" font-style="normal" vertical-align="baseline" font-weight="normal"/>
      <text variable="publisher" prefix=" " font-variant="normal" text-decoration="none"/></layout></bibliography>"""
    assert entries([ITEM], style(tmp_path, bib), "html") == ['<span style="baseline">T</span> <span style="text-decoration:none;">P</span>']
    assert entries([ITEM], style(tmp_path, bib), "text") == ["T P"]


def test_normal_only_inside_what_it_undoes(tmp_path):
    bib = """<bibliography><layout font-style="italic" vertical-align="sup">
      <text variable="title" font-style="normal" vertical-align="baseline"/><text variable="publisher" prefix=" "/></layout></bibliography>"""
    assert entries([ITEM], style(tmp_path, bib), "html") == [
        '<sup><i><span style="baseline"><span style="font-style:normal;">T</span></span> P</i></sup>'
    ]


# -- against citeproc-js's HTML on snippets ------------------------------------------------

import pytest  # noqa: E402

from medsegcite.csl import render  # noqa: E402
from tests.csl.fixes import snippets  # noqa: E402

PEOPLE = [{"family": "Roe", "given": "Ann"}, {"family": "Doe", "given": "Bo"}, {"literal": "WHO Group"},
          {"family": "Poe", "given": "Cy"}, {"family": "Loe", "given": "Di"}]
RICH = dict(snippets.ARTICLE, title="A <i>Homo</i> b <b>c</b>", author=PEOPLE)


def _html(item, style_) -> list[str]:
    from tests.csl.csl_suite import normalise

    return [normalise(text) for _key, text in render.bibliography([item], style_, fmt="html")]


def _citeproc_js_html(item, style_) -> list[str]:
    """citeproc-js's entries without their csl-entry div, character references unified as the sweep does."""
    from tests.csl.csl_suite import normalise

    return [normalise(entry.removeprefix('<div class="csl-entry">').removesuffix("</div>"))
            for entry in snippets.citeproc_js([item], style_, "html")]


@pytest.mark.parametrize("layout", [
    '<names variable="author"><name font-weight="bold" and="text"/></names>',
    '<names variable="author"><name font-variant="small-caps" and="symbol" initialize-with="." delimiter-precedes-last="never"/></names>',
    '<names variable="author"><name font-style="italic" prefix="[" suffix="]" et-al-min="3" et-al-use-first="2"/></names>',
    '<names variable="author"><name font-style="italic" et-al-min="3" et-al-use-first="2"/></names>',
    '<names variable="author" font-variant="small-caps"><name font-variant="normal" and="text"/></names>',
    '<group font-style="italic"><names variable="author"><name font-style="normal"/></names></group>',
    '<names variable="author"><name name-as-sort-order="all" font-weight="bold"><name-part name="family" text-case="uppercase"/></name></names>',
])
def test_each_name_decorated_as_citeproc_js(tmp_path, layout):
    """citeproc-js puts the cs:name's formatting on each name (`<b>Ann Roe</b>, <b>Bo Doe</b>`),
    once more around a list ending in "et al.", and prints a "normal" only the cs:names undoes as nothing."""
    assert _html(RICH, snippets.style(tmp_path, layout)) == _citeproc_js_html(RICH, snippets.style(tmp_path, layout))


@pytest.mark.parametrize("layout", [
    '<date variable="issued" font-weight="bold" prefix="(" suffix=")"><date-part name="year"/></date>',
    '<group font-weight="bold"><date variable="issued" font-weight="normal" prefix="(" suffix=")"><date-part name="year"/></date></group>',
    '<date variable="issued" form="text" font-style="italic" prefix="(" suffix=")"/>',
    '<date variable="issued" form="numeric" date-parts="year" font-weight="bold"/>',
])
def test_date_formatting_as_citeproc_js(tmp_path, layout):
    """A cs:date's own formatting prints inside its affixes; a localized date's not at all."""
    assert _html(RICH, snippets.style(tmp_path, layout)) == _citeproc_js_html(RICH, snippets.style(tmp_path, layout))


@pytest.mark.parametrize("layout", [
    '<group font-weight="bold"><text variable="container-title" font-weight="bold" prefix="(" suffix=")"/>'
    '<text variable="page" font-style="normal" prefix=" "/></group>',
    '<group font-style="italic"><text variable="title" font-style="italic"/><text variable="container-title" font-style="normal" prefix=" "/></group>',
    '<group font-weight="bold"><text variable="title" font-weight="bold"/><text variable="container-title" font-style="italic" prefix=" " font-weight="bold"/></group>',
])
def test_style_decorations_nest_and_data_markup_flips(tmp_path, layout):
    """The style's decorations nest as written (`<b>(<b>x</b>)</b>`); italics/bold from the
    data flip upright inside the same formatting."""
    assert _html(RICH, snippets.style(tmp_path, layout)) == _citeproc_js_html(RICH, snippets.style(tmp_path, layout))


@pytest.mark.parametrize("et_al", ['<et-al font-style="normal"/>', '<et-al font-style="italic" font-variant="normal"/>'])
@pytest.mark.parametrize("join", ['<group delimiter=". ">{names}<text variable="title"/></group>', '{names}<text variable="title" prefix=". "/>',
                                  '<group delimiter=", ">{names}<text variable="title"/></group>'])
def test_undoing_marks_hide_no_mark_after_et_al(tmp_path, et_al, join):
    """"et al." under font-style="normal" meets the next ". " as in text: "et al. T", not "et al.. T"."""
    names = f'<names variable="author"><name et-al-min="4" et-al-use-first="1"/>{et_al}</names>'
    item = dict(snippets.ARTICLE, author=PEOPLE)
    assert _html(item, snippets.style(tmp_path, join.format(names=names))) == _citeproc_js_html(item, snippets.style(tmp_path, join.format(names=names)))


@pytest.mark.parametrize("layout", [
    '<text variable="title" text-decoration="underline" prefix="[" suffix="]."/>',
    '<group text-decoration="underline" delimiter=". "><text variable="title"/><text variable="container-title" font-style="italic"/></group>',
])
def test_underline_as_citeproc_js(tmp_path, layout):
    """An underline is a text-decoration span, as citeproc-js writes it (not `<u>`)."""
    assert _html(RICH, snippets.style(tmp_path, layout)) == _citeproc_js_html(RICH, snippets.style(tmp_path, layout))


@pytest.mark.parametrize("names", [
    '<names variable="author"><name font-weight="normal" et-al-min="4" et-al-use-first="2"/></names>',
    '<group font-weight="normal"><names variable="author"><name font-weight="normal"/></names></group>',
])
def test_normal_inside_normal_inside_the_styles_formatting(tmp_path, names):
    """A "normal" inside another "normal" still prints when the style's own formatting is
    around both (citeproc-js asks what the style declared around it, not what is in force)."""
    style_ = snippets.style(tmp_path, '<text macro="a" font-weight="bold"/>', macros=f'<macro name="a">{names}</macro>')
    assert _html(RICH, style_) == _citeproc_js_html(RICH, style_)


PARTICLES = dict(snippets.ARTICLE, author=[{"family": "Rosenschöld", "given": "Per", "non-dropping-particle": "Munck af"},
                                           {"family": "Ginneken", "given": "Bram", "non-dropping-particle": "van", "dropping-particle": "de"},
                                           {"family": "Roe", "given": "Ann"}])


@pytest.mark.parametrize("name", [
    '<name><name-part name="family" font-variant="small-caps" prefix="(" suffix=")"/><name-part name="given" font-style="italic"/></name>',
    '<name name-as-sort-order="all"><name-part name="family" font-variant="small-caps"/><name-part name="given" font-style="italic"/></name>',
    '<name name-as-sort-order="all" demote-non-dropping-particle="never"><name-part name="given" font-weight="bold"/></name>',
    '<name form="short"><name-part name="family" font-weight="bold" text-case="uppercase"/></name>',
])
def test_particles_formatted_apart_as_citeproc_js(tmp_path, name):
    """Each particle is formatted apart from its name: a non-dropping one as the family name,
    a dropping one as the given name (`<i>de</i> <sc>van</sc> <sc>Ginneken</sc>`), affixes around all."""
    style_ = snippets.style(tmp_path, f'<names variable="author">{name}</names>')
    assert _html(PARTICLES, style_) == _citeproc_js_html(PARTICLES, style_)


@pytest.mark.parametrize("rule", ["partial-each", "complete-each"])
def test_subsequent_author_substitute_without_name_part_formatting(tmp_path, rule):
    """The substitute for a repeated name takes the cs:name's formatting, not a name-part's (`<b>———</b>`)."""
    authors = [{"family": "Roe", "given": "Ann"}, {"family": "Doe", "given": "Bo"}]
    items = [dict(snippets.ARTICLE, id="a", author=authors), dict(snippets.ARTICLE, id="b", title="Z", author=authors[:1] + [{"family": "Poe", "given": "Cy"}])]
    style_ = snippets.style(tmp_path, '<names variable="author"><name font-weight="bold"><name-part name="family" font-variant="small-caps"/></name></names>'
                            '<text variable="title" prefix=" "/>',
                            bibliography_options=f'subsequent-author-substitute="———" subsequent-author-substitute-rule="{rule}"')
    from tests.csl.csl_suite import normalise

    ours = [normalise(text) for _key, text in render.bibliography(items, style_, fmt="html")]
    assert ours == [normalise(entry.removeprefix('<div class="csl-entry">').removesuffix("</div>")) for entry in snippets.citeproc_js(items, style_, "html")]


INITIALS = dict(snippets.ARTICLE, author=[{"family": "Roe", "given": "Ann"}, {"family": "Chan", "given": "Heang-Ping"}])


@pytest.mark.parametrize("layout", [
    '<names variable="author" suffix="."><name vertical-align="baseline" initialize-with="." delimiter="; " name-as-sort-order="all"/></names>{next}',
    '<names variable="author" suffix="."><name text-decoration="none" font-style="italic" initialize-with="." name-as-sort-order="all"/></names>{next}',
    '<group delimiter=". "><names variable="author"><name vertical-align="baseline" initialize-with="." name-as-sort-order="all"/></names><text variable="title"/></group>',
    '<text macro="a" suffix="." font-variant="small-caps"/>{next}',
    '<group delimiter=". "><text macro="a" font-variant="small-caps"/><text variable="title"/></group>',
])
def test_mark_after_a_decoration_meets_the_names_last_mark(tmp_path, layout):
    """A mark after a decorated name list (its suffix, a delimiter, the next prefix) meets the
    last mark the list prints, through any decoration's closing tag, as in text: `S.</span> 2019`."""
    macros = '<macro name="a"><names variable="author" font-variant="normal"><name initialize-with=". " name-as-sort-order="all"/></names></macro>'
    style_ = snippets.style(tmp_path, layout.format(next='<date variable="issued" prefix=" "><date-part name="year"/></date>'),
                            macros=macros, layout_options='suffix="."')
    assert _html(INITIALS, style_) == _citeproc_js_html(INITIALS, style_)


FOUR = dict(snippets.ARTICLE, title="A <i>Homo</i> title", author=PEOPLE[:2] + PEOPLE[3:], volume="54")


@pytest.mark.parametrize("layout", [
    '<names variable="author"><name font-style="normal" et-al-min="3" et-al-use-first="1"/><et-al font-style="italic"/></names>',
    '<names variable="author"><name font-weight="normal" font-style="normal" et-al-min="3" et-al-use-first="2"/><et-al font-weight="bold"/></names>',
    '<group font-style="normal"><text variable="title"/><text variable="container-title" font-style="italic" prefix=" " suffix="."/></group>',
    '<group font-style="normal" font-variant="normal" delimiter=", "><text variable="title"/><number variable="volume" font-style="italic"/></group>',
    '<group font-weight="normal"><text variable="title"/><date variable="issued" font-weight="bold" prefix=" "><date-part name="year"/></date></group>',
])
def test_normal_prints_when_the_last_child_sets_the_opposite(tmp_path, layout):
    """A group's (or a names list's around "et al.") "normal" prints, with nothing around it
    to undo, when its last child sets the opposite itself: citeproc-js asks that child's
    decorations (not a grandchild's, not a macro body's)."""
    assert _html(FOUR, snippets.style(tmp_path, layout)) == _citeproc_js_html(FOUR, snippets.style(tmp_path, layout))


@pytest.mark.parametrize("layout", [
    '<names variable="author" font-variant="normal"><name font-variant="small-caps" delimiter="; "/></names>',
    '<names variable="author" font-style="normal"><name font-style="italic"/></names>',
    '<names variable="author" font-style="normal"><name font-style="italic" et-al-min="3" et-al-use-first="1"/></names>',
    '<names variable="author" font-style="normal"><name et-al-min="3" et-al-use-first="1"/><et-al font-style="italic"/></names>',
    '<names variable="author" font-style="normal"><name font-style="italic" et-al-min="3" et-al-use-first="1"/><et-al font-style="italic"/></names>',
    '<names variable="author" font-weight="normal"><name font-weight="bold"/><label prefix=" " font-weight="bold"/></names>',
])
def test_a_names_normal_prints_nothing_around_its_decorated_names(tmp_path, layout):
    """A cs:names' own "normal" with nothing to undo prints no span, whatever its cs:name,
    cs:et-al or cs:label set (citeproc-js decorates the names' output a level above them);
    unlike a group's, whose last child setting the opposite makes it print."""
    assert _html(FOUR, snippets.style(tmp_path, layout)) == _citeproc_js_html(FOUR, snippets.style(tmp_path, layout))


@pytest.mark.parametrize("item", [
    dict(snippets.ARTICLE, author=[{"family": "Roe", "given": "Ann"}, {"literal": "others"}]),
    dict(snippets.ARTICLE, author=[{"literal": "World Health Organization"}]),
    dict(snippets.ARTICLE, author=[{"literal": "NIST"}, {"family": "Doe", "given": "Jo"}]),
])
@pytest.mark.parametrize("name", [
    '<name vertical-align="baseline" delimiter="; "/>',
    '<name vertical-align="sup" font-weight="bold" delimiter="; "/>',
    '<name font-variant="small-caps" delimiter="; "/>',
    '<name delimiter="; "><name-part name="family" font-variant="small-caps"/></name>',
])
def test_a_literal_name_takes_its_cs_names_formatting_but_vertical_align(tmp_path, item, name):
    """In HTML a literal (institutional) name is formatted with the cs:name's font-style,
    font-variant, font-weight and text-decoration, not its vertical-align (citeproc-js's
    INSTITUTION_KEYS)."""
    style_ = snippets.style(tmp_path, f'<names variable="author">{name}</names>')
    assert _html(item, style_) == _citeproc_js_html(item, style_)
