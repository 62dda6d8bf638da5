"""Names as citeproc-js orders, shortens and joins them (medsegcite/csl/fixes/names_formatting.py)."""

import pytest

from medsegcite.csl import render

from tests.csl.fixes import snippets


AUTHORS = [{"family": "Roe", "given": "Ann"}, {"family": "Doe", "given": "Bo"}, {"family": "Poe", "given": "Cy"}]
NAME_LISTS = {  # cs:name attributes -> the three-, two- and one-name lists citeproc-js prints
    'delimiter="; " and="symbol" delimiter-precedes-last="never"': ["Ann Roe; Bo Doe & Cy Poe", "Ann Roe & Bo Doe", "Ann Roe"],
    'and="text" name-as-sort-order="first" delimiter-precedes-last="after-inverted-name"':
        ["Roe, Ann, Bo Doe and Cy Poe", "Roe, Ann, and Bo Doe", "Roe, Ann"],
    'and="text" name-as-sort-order="all" delimiter-precedes-last="after-inverted-name"':
        ["Roe, Ann, Doe, Bo, and Poe, Cy", "Roe, Ann, and Doe, Bo", "Roe, Ann"],
    'and="text" delimiter-precedes-et-al="after-inverted-name" et-al-min="3" et-al-use-first="1"':
        ["Ann Roe, et al.", "Ann Roe and Bo Doe", "Ann Roe"],
    'and="text" delimiter-precedes-et-al="never" et-al-min="3" et-al-use-first="2"': ["Ann Roe, Bo Doe et al.", "Ann Roe and Bo Doe", "Ann Roe"],
    'prefix="[" suffix="]" et-al-min="3" et-al-use-first="1"': ["[[Ann Roe] et al.]", "[Ann Roe], [Bo Doe]", "[Ann Roe]"],
    'suffix="," form="short" and="symbol"': ["Roe,, Doe, & Poe,", "Roe, & Doe,", "Roe,"],
    'form="count" et-al-min="3" et-al-use-first="1"': ["1", "2", "1"],
    'suffix="." initialize-with=". " name-as-sort-order="first"': ["Roe, A., B. Doe., C. Poe.", "Roe, A., B. Doe.", "Roe, A."],
    'suffix="." et-al-min="3" et-al-use-first="1"': ["Ann Roe. et al.", "Ann Roe., Bo Doe.", "Ann Roe."],
}


@pytest.mark.parametrize("attributes", NAME_LISTS)
def test_name_lists_joined_as_citeproc_js(tmp_path, attributes):
    """Every delimiter-precedes-* value (after-inverted-name too), the name delimiter
    before "and", cs:name affixes around each name, pieces joined as they are."""
    style = snippets.style(tmp_path, f'<names variable="author"><name {attributes}/></names>')
    items = [{"id": str(n), "type": "article", "title": "T", "author": AUTHORS[:n]} for n in (3, 2, 1)]
    ours = [snippets.entries([item], style)[0] for item in items]
    assert ours == [snippets.citeproc_js([item], style)[0] for item in items] == NAME_LISTS[attributes]


def test_et_al_use_first_zero(tmp_path):
    """et-al-use-first="0" prints no names at all (it crashed with IndexError)."""
    style = snippets.style(tmp_path, '<names variable="author" suffix=". "><name et-al-min="3" et-al-use-first="0"/></names><text variable="title"/>')
    items = [{"id": str(n), "type": "article", "title": "T", "author": AUTHORS[:n]} for n in (3, 2)]
    ours = [snippets.entries([item], style)[0] for item in items]
    assert ours == [snippets.citeproc_js([item], style)[0] for item in items] == ["T", "Ann Roe, Bo Doe. T"]


def test_name_parts_with_affixes(tmp_path):
    """A cs:name-part with affixes (turcica) crashed the name join (TypeError)."""
    name = '<name name-as-sort-order="first" and="text"><name-part name="family" text-case="uppercase" prefix="(" suffix=")"/></name>'
    style = snippets.style(tmp_path, f'<names variable="author">{name}</names>')
    item = {"id": "a", "type": "article", "title": "T", "author": AUTHORS[:2]}
    assert snippets.entries([item], style) == snippets.citeproc_js([item], style) == ["(ROE), Ann and Bo (DOE)"]


PARTICLES = [{"family": "Rosenschöld", "given": "Per", "non-dropping-particle": "Munck af"},
             {"family": "Ginneken", "given": "Bram", "non-dropping-particle": "van"},
             {"family": "Roe", "given": "Ann", "dropping-particle": "de la"},
             {"family": "Ghazali", "given": "Abu", "non-dropping-particle": "al-"}]


@pytest.mark.parametrize("locale", ["fr-FR", "en-US"])
@pytest.mark.parametrize("name", ['<name/>', '<name form="short"/>', '<name name-as-sort-order="all" demote-non-dropping-particle="never"/>'])
def test_particles_joined_as_citeproc_js(tmp_path, locale, name):
    """A non-dropping particle is tied to the family name by a no-break space in French
    (also Russian, Czech), and a particle ending in a hyphen joins it without a space."""
    item = {"id": "a", "type": "book", "title": "T", "author": PARTICLES}
    style = snippets.style(tmp_path, f'<names variable="author">{name}</names>', locale=locale)
    ours = snippets.entries([item], style)
    assert ours == snippets.citeproc_js([item], style)
    assert ("af\u00a0Rosenschöld" in ours[0]) is (locale == "fr-FR")


@pytest.mark.parametrize("text_case", ["uppercase", "capitalize-first"])
def test_a_name_part_the_name_lacks_is_left_out(tmp_path, text_case):
    """A family-only name under a styled given-name part (ABNT styles): citeproc-py cased None and crashed."""
    style = snippets.style(
        tmp_path,
        '<names variable="author"><name name-as-sort-order="all">'
        f'<name-part name="given" text-case="{text_case}" prefix="(" suffix=")"/>'
        f'<name-part name="family" text-case="uppercase"/></name></names>',
    )
    items = [{"id": "a", "type": "book", "author": [{"family": "Consortium"}]},
             {"id": "b", "type": "book", "author": [{"family": "Roe", "given": ""}]}]
    ours = [snippets.entries([item], style)[0] for item in items]
    assert ours == [snippets.citeproc_js([item], style)[0] for item in items]


_people = snippets.people


FIVE = _people(("Roe", "Ann"), ("Doe", "Bo"), ("Poe", "Cy"), ("Moe", "Di"), ("Loe", "Ed"))


@pytest.mark.parametrize(("attributes", "expected"), [
    ('et-al-min="4" et-al-use-first="3" et-al-use-last="true"', ["Ann Roe, Bo Doe, … Ed Loe", "Ann Roe, Bo Doe, … Di Moe"]),
    ('et-al-min="3" et-al-use-first="1" et-al-use-last="true"', ["Ann Roe … Ed Loe", "Ann Roe … Di Moe"]),
    ('et-al-min="3"', ["Ann Roe, Bo Doe, Cy Poe, Di Moe, Ed Loe", "Ann Roe, Bo Doe, Cy Poe, Di Moe"]),
    ('et-al-min="3" et-al-use-first="4"', ["Ann Roe, Bo Doe, Cy Poe, Di Moe, Ed Loe", "Ann Roe, Bo Doe, Cy Poe, Di Moe"]),
])
def test_et_al_shortening_as_citeproc_js(tmp_path, attributes, expected):
    """et-al-use-last leaves room for "… Last" (at most et-al-min - 2 names before it);
    without an et-al-use-first anywhere, or with one above et-al-min, nothing is shortened."""
    style = snippets.style(tmp_path, f'<names variable="author"><name {attributes}/></names>')
    items = [{"id": str(n), "type": "book", "title": "T", "author": FIVE[:n]} for n in (5, 4)]
    assert [snippets.entries([i], style)[0] for i in items] == [snippets.citeproc_js([i], style)[0] for i in items] == expected


def test_empty_et_al_term_leaves_the_names_alone(tmp_path):
    """An "et al." term the style empties: the shortened list ends with the last name shown."""
    locale = '<locale><terms><term name="et-al"> </term></terms></locale>'
    style = snippets.style(tmp_path, '<names variable="author" suffix=". "><name et-al-min="2" et-al-use-first="1" initialize-with="." name-as-sort-order="first" sort-separator=" "/></names><text variable="title"/>',
                           macros=locale)
    item = {"id": "a", "type": "book", "title": "T", "author": FIVE}
    assert snippets.entries([item], style) == snippets.citeproc_js([item], style) == ["Roe A. T"]


@pytest.mark.parametrize("fmt", ["text", "html"])
@pytest.mark.parametrize("name", ['<name and="text" et-al-min="3" et-al-use-first="2" prefix="[" suffix="]" delimiter="; "/>',
                                  '<name font-variant="small-caps" and="symbol" et-al-min="3" et-al-use-first="2"/>'])
def test_empty_et_al_term_joins_without_and(tmp_path, name, fmt):
    """With an empty "et al." term the names shown are still a list cut for "et al.": joined
    by the delimiter alone (no "and"), formatted once more around them in HTML."""
    style = snippets.style(tmp_path, f'<names variable="author">{name}</names><text variable="title" prefix=". "/>',
                           macros='<locale><terms><term name="et-al"/></terms></locale>')
    item = {"id": "a", "type": "book", "title": "T", "author": FIVE}
    from tests.csl.csl_suite import normalise

    ours = [normalise(text) for _key, text in render.bibliography([item], style, fmt)]
    assert ours == [normalise(e.removeprefix('<div class="csl-entry">').removesuffix("</div>")) for e in snippets.citeproc_js([item], style, fmt)]


def test_institution_last_joined_as_its_cs_institution(tmp_path):
    """Before an institution "and" follows the style's delimiter-precedes-last, not the cs:name's:
    two literals take no comma, and after-inverted-name adds one only after an inverted name."""
    name = '<name and="symbol" name-as-sort-order="first" delimiter-precedes-last="after-inverted-name"/>'
    style = snippets.style(tmp_path, f'<names variable="author">{name}</names>')
    lists = [[{"literal": "Roe Inc"}, {"literal": "Doe Ltd"}], [{"family": "Roe", "given": "Ann"}, {"literal": "Doe Ltd"}],
             [{"literal": "Roe Inc"}, {"family": "Doe", "given": "Bo"}, {"literal": "Poe Co"}]]
    items = [{"id": str(n), "type": "report", "title": "T", "author": names} for n, names in enumerate(lists)]
    ours = [snippets.entries([i], style)[0] for i in items]
    assert ours == [snippets.citeproc_js([i], style)[0] for i in items]
    assert ours == ["Roe Inc & Doe Ltd", "Roe, Ann, & Doe Ltd", "Roe Inc, Bo Doe, & Poe Co"]


def test_names_in_chinese_and_japanese_script(tmp_path):
    """A name in a script without given-name-first order prints family first with no space
    ("田中太郎"), never inverted or initialized; with a Latin given name family first with a
    space. A Chinese "et al." ("等") takes no space before it."""
    locale = '<locale><terms><term name="et-al">等</term></terms></locale>'
    style = snippets.style(tmp_path, '<names variable="author"><name name-as-sort-order="all" initialize-with=". " et-al-min="3" et-al-use-first="2" delimiter-precedes-et-al="never"/></names>',
                           macros=locale)
    items = [{"id": "a", "type": "book", "title": "T", "author": _people(("田中", "太郎"), ("Yoda", "Yossarian"))},
             {"id": "b", "type": "book", "title": "T", "author": _people(("Zither", "Ziggy"), ("田中", "Taro"), ("Doe", "Bo"))}]
    items.append({"id": "c", "type": "book", "title": "T", "author": [{"given": "太郎"}]})  # a given name alone
    ours = [snippets.entries([i], style)[0] for i in items]
    assert ours == [snippets.citeproc_js([i], style)[0] for i in items] == ["田中太郎, Yoda, Y.", "Zither, Z., 田中 T.等", "太郎"]


def test_sort_keys_hold_no_et_al(tmp_path):
    """A name list in a sort key is shortened as printed but without "et al." (citeproc-js):
    the three entries below sort as equals, then by title, whatever the "et al." term says."""
    macros = ('<locale><terms><term name="et-al"> [и др.].</term></terms></locale>'
              '<macro name="a"><names variable="author"><name et-al-min="2" et-al-use-first="1"/></names></macro>')
    style = snippets.style(tmp_path, '<text macro="a" suffix=" "/><text variable="title"/>', macros=macros,
                           sort='<sort><key macro="a"/><key variable="title" sort="descending"/></sort>')
    items = [{"id": title, "type": "book", "title": title, "author": authors} for title, authors in
             (("A", _people(("Cha", "Kim"), ("Zed", "Zoe"))), ("B", _people(("Cha", "Kim"))), ("C", _people(("Cha", "Kim"), ("Ahn", "Al"))))]
    assert snippets.entries(items, style) == snippets.citeproc_js(items, style) == ["Kim Cha [и др.]. C", "Kim Cha B", "Kim Cha [и др.]. A"]


SEPARATED = [{"family": "Agn", "given": "Mikael"}, {"family": "Lun", "given": "Michael J."},
             {"family": "Roe", "given": "Ann", "dropping-particle": "de la", "suffix": "Jr."}, {"family": "Doe", "given": "Bo"}]
SEPARATORS = {  # cs:name (and its family cs:name-part) -> what citeproc-js prints
    '<name initialize-with="" name-as-sort-order="all" sort-separator="  "/>': "Agn M, Lun MJ, Roe A de la Jr, Doe B",
    '<name name-as-sort-order="all" sort-separator=" ,  "/>': "Agn , Mikael, Lun , Michael J., Roe , Ann de la , Jr., Doe , Bo",
    '<name name-as-sort-order="all" sort-separator=" "><name-part name="family" suffix=", "/></name>':
        "Agn, Mikael, Lun, Michael J., Roe, Ann de la Jr., Doe, Bo",
    '<name delimiter=". " initialize-with="." name-as-sort-order="all" sort-separator=" "/>': "Agn M. Lun M.J. Roe A. de la Jr.. Doe B.",
    '<name delimiter=". " initialize-with="." and="symbol" name-as-sort-order="all" sort-separator=" "/>':
        "Agn M. Lun M.J. Roe A. de la Jr. & Doe B.",
    '<name delimiter="  "/>': "Mikael Agn Michael J. Lun Ann de la Roe Jr.  Bo Doe",
    '<name delimiter=". " initialize-with="." et-al-min="4" et-al-use-first="3"/>': "M. Agn. M.J. Lun. A. de la Roe Jr. et al.",
}


@pytest.mark.parametrize("name", SEPARATORS)
def test_separators_trimmed_as_suffixes(tmp_path, name):
    """The sort separator and the delimiter after a name (all but the last gap before "and"
    or the last name) are suffixes in citeproc-js: a mark the text already ends with goes
    ("M." + ". "), and one of two trailing spaces goes ("Agn" + "  " + "M")."""
    style = snippets.style(tmp_path, f'<names variable="author">{name}</names>')
    item = {"id": "a", "type": "book", "title": "T", "author": SEPARATED}
    assert snippets.entries([item], style) == snippets.citeproc_js([item], style) == [SEPARATORS[name]]


@pytest.mark.parametrize("demote", ["display-and-sort", "never"])
def test_short_names_in_sort_order_invert_their_particle(tmp_path, demote):
    """form="short" with name-as-sort-order: citeproc-js inverts the name all the same, so a
    non-dropping particle follows the family name unless it is never demoted."""
    name = f'<name form="short" name-as-sort-order="all" demote-non-dropping-particle="{demote}"/>'
    style = snippets.style(tmp_path, f'<names variable="author">{name}</names>')
    item = {"id": "a", "type": "book", "title": "T", "author": PARTICLES}
    expected = ("Rosenschöld, Munck af, Ginneken, van, Roe, Ghazali, al-" if demote != "never"
                else "Munck af Rosenschöld, van Ginneken, Roe, al-Ghazali")
    assert snippets.entries([item], style) == snippets.citeproc_js([item], style) == [expected]


@pytest.mark.parametrize("locale", ["fr-FR", "en-US"])
@pytest.mark.parametrize("initialize", ['initialize-with="&#160;"', 'initialize="false" initialize-with=".&#160;"', 'initialize-with=". "'])
def test_given_and_family_name_tied_after_no_break_initials(tmp_path, locale, initialize):
    """Where a particle is tied by a no-break space (French, Russian, Czech), a given name
    written at its initials level is tied to the family name too when the initials' mark
    holds a no-break space; the name suffix stays apart, initialized as the given name is."""
    style = snippets.style(tmp_path, f'<names variable="author"><name {initialize}/></names>', locale=locale)
    item = {"id": "a", "type": "book", "title": "T", "author": PARTICLES[:3] + [{"family": "Doe", "given": "Bo", "suffix": "III"}]}
    ours = snippets.entries([item], style)
    assert ours == snippets.citeproc_js([item], style)
    assert ("\u00a0Doe" in ours[0]) is (locale == "fr-FR" and "&#160;" in initialize)
    assert "Doe III" in ours[0]


@pytest.mark.parametrize("term, expected", [("; ", ["Roe, Ann, Bo Doe; Cy Poe", "Roe, Ann, ; Bo Doe"]),
                                            ("和", ["Roe, Ann, Bo Doe和Cy Poe", "Roe, Ann, 和Bo Doe"]),
                                            ("and", ["Roe, Ann, Bo Doe and Cy Poe", "Roe, Ann, and Bo Doe"])])
def test_and_term_without_a_letter_takes_no_spaces(tmp_path, term, expected):
    """An "and" term that starts with no letter (nor "&") is joined without spaces around it,
    with only the delimiter the style asks for before it (citeproc-js)."""
    name = '<name and="text" delimiter-precedes-last="after-inverted-name" name-as-sort-order="first"/>'
    style = snippets.style(tmp_path, f'<names variable="author">{name}</names>',
                           macros=f'<locale><terms><term name="and">{term}</term></terms></locale>')
    items = [{"id": str(n), "type": "book", "title": "T", "author": AUTHORS[:n]} for n in (3, 2)]
    ours = [snippets.entries([item], style)[0] for item in items]
    assert ours == [snippets.citeproc_js([item], style)[0] for item in items] == expected


@pytest.mark.parametrize("name, expected", [
    ('<name name-as-sort-order="all"><name-part name="family" text-case="uppercase"/></name>',
     "ROSENSCHÖLD, Per MUNCK AF, GINNEKEN, Bram VAN, ROE, Ann de la, GHAZALI, Abu AL-"),
    ('<name name-as-sort-order="all" form="short"><name-part name="family" text-case="uppercase"/></name>',
     "ROSENSCHÖLD, MUNCK AF, GINNEKEN, VAN, ROE, GHAZALI, AL-"),
    ('<name name-as-sort-order="all" sort-separator=". "><name-part name="family" suffix="."/></name>',
     "Rosenschöld. Per Munck af, Ginneken. Bram van, Roe. Ann de la, Ghazali. Abu al-"),
])
def test_demoted_particle_formatted_as_the_family_name(tmp_path, name, expected):
    """A demoted non-dropping particle takes the family name-part's formatting (not its
    affixes); a sort separator repeating the mark that ends the family part's suffix drops it."""
    style = snippets.style(tmp_path, f'<names variable="author">{name}</names>')
    item = {"id": "a", "type": "book", "title": "T", "author": PARTICLES}
    assert snippets.entries([item], style) == snippets.citeproc_js([item], style) == [expected]


def test_et_al_use_last_cut_by_the_styles_et_al_min(tmp_path):
    """With et-al-use-last, citeproc-js prints at most et-al-min - 2 names before "… Last",
    also when given-name disambiguation asked for every name of the list."""
    citation = ('<citation et-al-min="19" et-al-use-first="1" disambiguate-add-names="true" disambiguate-add-givenname="true"'
                ' givenname-disambiguation-rule="all-names"><layout><names variable="author"><name initialize-with="."/></names></layout></citation>')
    text = snippets.STYLE.replace('<citation {citation_options}><layout><text variable="title"/></layout></citation>', citation).format(
        cls="in-text", locale="en-US", options="", macros="", bibliography_options='et-al-min="8" et-al-use-first="6" et-al-use-last="true"',
        sort="", layout_options="", layout='<names variable="author"><name et-al-use-first="3" et-al-use-last="true" initialize-with=". "/></names>')
    (tmp_path / "snippet.csl").write_text(text, encoding="utf-8")
    style = render.Style("snippet", str(tmp_path / "snippet.csl"))
    authors = [{"family": f"Roe{n}", "given": "Ann"} for n in range(10)]
    items = [{"id": "a", "type": "book", "title": "T", "author": authors}, {"id": "b", "type": "book", "title": "U", "author": authors[:9]}]
    expected = ["A. Roe0, A. Roe1, A. Roe2, A. Roe3, A. Roe4, A. Roe5, … A. Roe9",
                "A. Roe0, A. Roe1, A. Roe2, A. Roe3, A. Roe4, A. Roe5, … A. Roe8"]
    assert snippets.entries(items, style) == snippets.citeproc_js(items, style) == expected


@pytest.mark.parametrize("precedes", ["never", "always"])
@pytest.mark.parametrize("et_al", ['<et-al font-style="italic"/>', '<et-al font-weight="bold"/>', "<et-al/>"])
@pytest.mark.parametrize("delimiter", [". ", ", "])
def test_decorated_et_al_in_html_as_citeproc_js(tmp_path, precedes, et_al, delimiter):
    """In HTML a decorated "et al." keeps the space before it and its period meets the next
    delimiter as in text: "F2 <i>et al.</i> T", not "F2<i>et al.</i>. T"."""
    item = dict(snippets.ARTICLE, author=[{"family": f"F{n}", "given": "Ab"} for n in range(8)])
    style = snippets.style(
        tmp_path,
        f'<group delimiter="{delimiter}"><names variable="author"><name initialize-with="" et-al-min="4" '
        f'et-al-use-first="3" delimiter=", " delimiter-precedes-et-al="{precedes}"/>{et_al}</names>'
        '<text variable="title"/></group>',
    )
    assert _html(item, style) == _citeproc_js_html(item, style)


@pytest.mark.parametrize("et_al", ['<et-al font-style="italic" font-variant="normal"/>', '<et-al font-variant="normal"/>'])
@pytest.mark.parametrize("name_options", ["", 'name-as-sort-order="all" sort-separator=" "'])
def test_et_al_under_an_undoing_decoration_keeps_its_space_in_html(tmp_path, et_al, name_options):
    """`font-variant="normal"` on "et al." prints nothing in HTML and hides no space: "F2 <i>et al.</i>,",
    not "F2<i>et al.</i>," (its marks are not the first character the Latin-script test reads)."""
    item = dict(snippets.ARTICLE, author=[{"family": f"F{n}", "given": "Ab"} for n in range(8)])
    style = snippets.style(
        tmp_path,
        f'<group delimiter=", "><names variable="author"><name {name_options} initialize-with="" et-al-min="4" '
        f'et-al-use-first="3" delimiter=", " delimiter-precedes-et-al="never"/>{et_al}</names>'
        '<text variable="title"/></group>',
    )
    assert _html(item, style) == _citeproc_js_html(item, style)


def _html(item, style) -> list[str]:
    return [text for _key, text in render.bibliography([item], style, fmt="html")]


def _citeproc_js_html(item, style) -> list[str]:
    """citeproc-js's HTML entries without the `csl-entry` div around each."""
    return [entry.removeprefix('<div class="csl-entry">').removesuffix("</div>")
            for entry in snippets.citeproc_js([item], style, "html")]


def test_particles_take_the_text_case_of_their_name_part(tmp_path):
    """citeproc-js cases each piece: the dropping particle as the given name ("Ludwig Van",
    "van BEETHOVEN" under an uppercase family), the non-dropping one as the family name
    ("J. von der" under an uppercase given name)."""
    from tests.csl.fixes import snippets

    items = [{"id": "a", "type": "book", "title": "T", "author": [{"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"}]},
             {"id": "b", "type": "book", "title": "U", "author": [{"family": "Heide", "given": "Jan", "non-dropping-particle": "von der"}]}]
    names = {
        "family-upper": ('<name><name-part name="family" text-case="uppercase"/></name>', ["Ludwig van BEETHOVEN", "Jan VON DER HEIDE"]),
        "given-capital": ('<name name-as-sort-order="all"><name-part name="given" text-case="capitalize-first"/></name>',
                          ["Beethoven, Ludwig Van", "Heide, Jan von der"]),
        "given-upper": ('<name name-as-sort-order="all" initialize-with=". "><name-part name="given" text-case="uppercase"/></name>',
                        ["Beethoven, L. VAN", "Heide, J. von der"]),
    }
    for key, (name, expected) in names.items():
        chosen = snippets.style(tmp_path / key, f'<names variable="author">{name}</names>')
        assert snippets.entries(items, chosen) == expected
        assert snippets.citeproc_js(items, chosen) == expected


def test_a_literal_name_takes_no_name_affixes(tmp_path):
    """cs:name's and the family name-part's affixes go around personal names only; a literal
    (institutional) name takes the family's text-case alone (citeproc-js)."""
    from tests.csl.fixes import snippets

    items = [{"id": "a", "type": "book", "title": "T", "author": [{"family": "Smith", "given": "John"}, {"literal": "World Health Organization"}]},
             {"id": "b", "type": "book", "title": "U", "author": [{"family": "Kitware"}]}]
    layout = ('<names variable="author"><name delimiter="/" suffix=":#"><name-part name="family" text-case="uppercase" prefix="["'
              ' suffix="]"/></name></names><text variable="title"/>')
    chosen = snippets.style(tmp_path, layout)
    expected = ["John [SMITH]:#/WORLD HEALTH ORGANIZATIONT", "[KITWARE]:#U"]
    assert snippets.entries(items, chosen) == expected
    assert snippets.citeproc_js(items, chosen) == expected


@pytest.mark.parametrize("name, expected", [
    ('<name prefix=" " and="text"/>', ["by A. Zhou, B. Green, and C. Shen", "by A. Hajnal and B. Hill"]),
    ('<name prefix=" In: " suffix=" " delimiter=", " initialize-with=""/>', ["by In: A Zhou , In: B Green ,  In: C Shen", "by In: A Hajnal ,  In: B Hill"]),
    ('<name prefix=" ed. " and="text" delimiter="; "/>', ["by ed. A. Zhou; ed. B. Green; and ed. C. Shen", "by ed. A. Hajnal and ed. B. Hill"]),
])
def test_a_name_prefixs_leading_space_goes_after_a_joiners(tmp_path, name, expected):
    """A cs:name prefix goes around each name; its leading space goes after a delimiter hung
    on the name before, or after "and", but not after the plain delimiter of a list's last
    gap without "and" (citeproc-js)."""
    layout = f'<group delimiter=" "><text value="by"/><names variable="editor">{name}</names></group>'
    chosen = snippets.style(tmp_path, layout)
    items = [{"id": "three", "type": "book", "title": "T", "editor": [{"family": f, "given": g} for f, g in (("Zhou", "A."), ("Green", "B."), ("Shen", "C."))]},
             {"id": "two", "type": "book", "title": "U", "editor": [{"family": "Hajnal", "given": "A."}, {"family": "Hill", "given": "B."}]}]
    # (citeproc-js's entries are trimmed: the second case ends in the suffix's space)
    assert [entry.rstrip() for entry in snippets.entries(items, chosen)] == snippets.citeproc_js(items, chosen) == expected

