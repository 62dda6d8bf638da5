"""Disambiguation applied while entries render (medsegcite/csl/fixes/disambiguation_applied.py)."""

import pytest

from medsegcite.csl import render

from tests.csl.fixes import snippets

ARTICLE = {
    "id": "a",
    "type": "article-journal",
    "title": "A modality-adaptive method",
    "container-title": "Medical Image Analysis",
    "issued": {"date-parts": [[2019]]},
}


def test_disambiguation_by_year_suffix_and_names():
    first = dict(ARTICLE, id="one", author=[{"family": "Cha", "given": "K"}, {"family": "Hadjiiski", "given": "L"}, {"family": "Samala", "given": "R"}])
    second = dict(ARTICLE, id="two", title="Another", author=[{"family": "Cha", "given": "K"}, {"family": "Hadjiiski", "given": "L"}, {"family": "Chan", "given": "H"}])
    harvard = dict(render.bibliography([first, second], render.find_style("elsevier-harvard")))
    assert "2019a" in harvard["two"] and "2019b" in harvard["one"]
    mla = dict(render.bibliography([first, second], render.find_style("modern-language-association")))
    assert mla["one"].startswith("Cha, K., et al.") is False and "Samala" in mla["one"]


CITATION = 'disambiguate-add-year-suffix="true"'
DATES = {  # the year as the bibliography prints it -> the entries citeproc-js prints
    '<date variable="issued"><date-part name="year" prefix="(" suffix=")"/></date>': ["Roe (2019)(a)", "Roe (2019)(b)"],
    '<date variable="issued"><date-part name="year"/></date>': ["Roe 2019a", "Roe 2019b"],
    '<date variable="issued" form="numeric" date-parts="year"/>': ["Roe 2019a", "Roe 2019b"],  # a localized date
}


@pytest.mark.parametrize("date", DATES)
def test_implicit_year_suffix(tmp_path, date):
    """Without cs:text variable="year-suffix" the suffix follows the first year printed,
    as a piece of its own with the year's affixes, also in a localized date."""
    items = [dict(ARTICLE, id=key, title=key, author=[{"family": "Roe", "given": "A"}]) for key in ("x", "y")]
    layout = f'<group delimiter=" "><names variable="author"><name form="short"/></names>{date}</group>'
    style = snippets.style(tmp_path, layout, citation_options=CITATION, sort='<sort><key variable="title"/></sort>')
    style_xml = open(style.path).read().replace('<layout><text variable="title"/></layout>',
                                                '<layout><names variable="author"><name form="short"/></names><date variable="issued"><date-part name="year"/></date></layout>')
    open(style.path, "w").write(style_xml)
    assert snippets.entries(items, style) == snippets.citeproc_js(items, style) == DATES[date]


def _cited_as(style, citation_layout):
    """The snippet style with its citation layout replaced (disambiguation looks at citations)."""
    text = open(style.path).read().replace('<layout><text variable="title"/></layout>', f"<layout>{citation_layout}</layout>", 1)
    open(style.path, "w").write(text)
    return style


@pytest.mark.parametrize("et_al", ['et-al-min="6" et-al-use-first="1" ', ""], ids=["with-et-al", "subsequent-only"])
def test_ambiguity_as_a_later_cite(tmp_path, et_al):
    """Citations are compared as later cites (et-al-subsequent-min/-use-first, with or
    without et-al-min/-use-first): "Roe, Doe & Poe 2019" and "Roe, Doe, Poe & Moe 2019" are
    both "Roe et al. 2019" then, and take suffixes."""
    cite = '<group delimiter=" "><names variable="author"><name form="short" and="symbol"/></names><date variable="issued"><date-part name="year"/></date></group>'
    options = f'{CITATION} {et_al}et-al-subsequent-min="3" et-al-subsequent-use-first="1"'
    style = _cited_as(snippets.style(tmp_path, cite, citation_options=options, sort='<sort><key variable="title"/></sort>'), cite)
    people = [{"family": f, "given": "A"} for f in ("Roe", "Doe", "Poe", "Moe")]
    items = [dict(ARTICLE, id="x", title="x", author=people[:3]), dict(ARTICLE, id="y", title="y", author=people)]
    assert snippets.entries(items, style) == snippets.citeproc_js(items, style) == ["Roe, Doe, & Poe 2019a", "Roe, Doe, Poe, & Moe 2019b"]


@pytest.mark.parametrize("options", ["", CITATION])
def test_disambiguate_condition_holds_in_the_bibliography(tmp_path, options):
    """`<if disambiguate="true">` holds for items whose citations are still ambiguous, in the
    bibliography too, unless the style adds year suffixes (citeproc-js then takes those alone)."""
    cite = ('<group delimiter=", "><names variable="author"><name form="short"/></names><date variable="issued"><date-part name="year"/></date>'
            '<choose><if disambiguate="true"><text variable="title"/></if></choose></group>')
    style = _cited_as(snippets.style(tmp_path, cite, citation_options=options, sort='<sort><key variable="title"/></sort>'), cite)
    items = [dict(ARTICLE, id=key, title=key, author=[{"family": family, "given": "A"}]) for key, family in (("One", "Roe"), ("Two", "Roe"), ("Three", "Doe"))]
    expected = ["Roe, 2019a", "Doe, 2019", "Roe, 2019b"] if options else ["Roe, 2019, One", "Doe, 2019", "Roe, 2019, Two"]
    assert snippets.entries(items, style) == snippets.citeproc_js(items, style) == expected


BIB = '<names variable="author"><name name-as-sort-order="all" initialize-with=". "/></names><date variable="issued" prefix=" "><date-part name="year"/></date>'
GIVENNAME = 'disambiguate-add-givenname="true" disambiguate-add-year-suffix="true" et-al-min="2" et-al-use-first="1"'
AUTHORS = {  # author lists -> the bibliography citeproc-js prints when citations are "Roe et al. 2019"
    (("Roe", "Ann"), ("Roe", "Bob"), ("Roe", "Ann Marie")): ["Roe, Ann, Zed, Z. 2019", "Roe, Bob, Zed, Z. 2019", "Roe, Ann Marie, Zed, Z. 2019"],
    (("Roe", "Ann"), ("Roe", "Ann")): ["Roe, A., Zed, Z. 2019a", "Roe, A., Zed, Z. 2019b"],
}


@pytest.mark.parametrize("initialized", [False, True])
@pytest.mark.parametrize("authors", AUTHORS)
def test_given_names_that_told_cites_apart_print_in_full(tmp_path, authors, initialized):
    """givenname-disambiguation-rule="by-cite": the given name that told two cites apart
    prints in full in the bibliography too, unless the citation's initials did it."""
    initialize = ' initialize-with=". "' if initialized else ""
    cite = (f'<names variable="author"><name form="short"{initialize}/></names>'
            '<date variable="issued" prefix=" "><date-part name="year"/></date>')
    style = _cited_as(snippets.style(tmp_path, BIB, citation_options=GIVENNAME, sort='<sort><key variable="title"/></sort>'), cite)
    items = [dict(ARTICLE, id=f"t{n}", title=f"t{n}", author=[{"family": f, "given": g}, {"family": "Zed", "given": "Z"}])
             for n, (f, g) in enumerate(authors)]
    expected = AUTHORS[authors]
    if initialized:
        expected = [e.replace("Ann Marie", "A. M.").replace("Ann", "A.").replace("Bob", "B.") for e in expected]
    assert snippets.entries(items, style) == snippets.citeproc_js(items, style) == expected


def test_disambiguate_test_combined_by_match(tmp_path):
    """`disambiguate="true"` is one test among the element's others: with match="none" the
    branch is taken by the items that are not ambiguous."""
    cite = ('<group delimiter=", "><names variable="author"><name form="short"/></names>'
            '<choose><if disambiguate="true" match="none"><text value="unique"/></if><else><text variable="title"/></else></choose></group>')
    style = _cited_as(snippets.style(tmp_path, cite, sort='<sort><key variable="title"/></sort>'), cite)
    items = [dict(ARTICLE, id=key, title=key, author=[{"family": family, "given": "A"}]) for key, family in (("One", "Roe"), ("Two", "Roe"), ("Three", "Doe"))]
    assert snippets.entries(items, style) == snippets.citeproc_js(items, style) == ["Roe, One", "Doe, unique", "Roe, Two"]


@pytest.mark.parametrize("flags", ['disambiguate-add-names="true" disambiguate-add-givenname="true"', 'disambiguate-add-names="true"'])
def test_names_of_the_cite_kept_in_the_bibliography(tmp_path, flags):
    """With add-names and add-givenname together every item's bibliography entry shows at
    least the names its cite shows (all four here, where the bibliography alone would
    shorten to one); with add-names alone it does not."""
    cite = '<names variable="author"><name form="short"/></names><date variable="issued" prefix=" "><date-part name="year"/></date>'
    style = _cited_as(snippets.style(tmp_path, '<names variable="author"><name/></names>', citation_options=f'et-al-min="6" et-al-use-first="1" {flags}',
                                     bibliography_options='et-al-min="4" et-al-use-first="1"', sort='<sort><key variable="title"/></sort>'), cite)
    people = [{"family": f, "given": "A"} for f in "ABCDEFG"]
    items = [dict(ARTICLE, id="x", title="x", author=people[:4]), dict(ARTICLE, id="y", title="y", author=people)]
    expected = ["A A, A B, A C, A D" if "givenname" in flags else "A A et al.", "A A et al."]
    assert snippets.entries(items, style) == snippets.citeproc_js(items, style) == expected


def test_names_of_the_cite_kept_up_to_its_et_al_min(tmp_path):
    """When later cites show more names (et-al-subsequent-min) than a first cite's
    et-al-min, citeproc-js keeps et-al-min of them: five names shown, four kept."""
    cite = '<names variable="author"><name form="short"/></names><date variable="issued" prefix=" "><date-part name="year"/></date>'
    options = 'et-al-min="4" et-al-use-first="1" et-al-subsequent-min="6" et-al-subsequent-use-first="1" disambiguate-add-names="true" disambiguate-add-givenname="true"'
    style = _cited_as(snippets.style(tmp_path, '<names variable="author"><name/></names>', citation_options=options,
                                     bibliography_options='et-al-min="4" et-al-use-first="1"', sort='<sort><key variable="title"/></sort>'), cite)
    people = [{"family": f, "given": "A"} for f in "ABCDEFG"]
    items = [dict(ARTICLE, id="x", title="x", author=people[:5]), dict(ARTICLE, id="y", title="y", author=people)]
    expected = ["A A, A B, A C, A D, et al.", "A A et al."]
    assert snippets.entries(items, style) == snippets.citeproc_js(items, style) == expected


def test_names_of_the_cite_kept_as_its_cs_name_cuts_them(tmp_path):
    """The names a cite shows follow the et-al options of the cs:name that prints them (here
    on the cs:name of a macro, none on cs:citation): "A et al." in the cite, so the
    bibliography's same macro shows one name too (all seven before)."""
    macro = '<macro name="short"><names variable="author"><name form="short" et-al-min="4" et-al-use-first="1"/></names></macro>'
    cite = '<text macro="short"/><date variable="issued" prefix=" "><date-part name="year"/></date>'
    options = 'disambiguate-add-names="true" disambiguate-add-givenname="true" disambiguate-add-year-suffix="true"'
    style = _cited_as(snippets.style(tmp_path, '<text macro="short"/><text variable="title" prefix=": "/>', macros=macro,
                                     citation_options=options, sort='<sort><key variable="title"/></sort>'), cite)
    people = [{"family": f, "given": "A"} for f in "ABCDEFG"]
    items = [dict(ARTICLE, id="x", title="x", author=people[:3]), dict(ARTICLE, id="y", title="y", author=people),
             dict(ARTICLE, id="z", title="z", author=people[3:], issued={"date-parts": [[2020]]})]
    expected = ["A, B, C: x", "A et al.: y", "D et al.: z"]
    assert snippets.entries(items, style) == snippets.citeproc_js(items, style) == expected


def test_cites_compared_without_their_numbers(tmp_path):
    """citeproc-js compares cites without their citation numbers: cites that print only "[n]"
    are all alike, so add-names tells nothing apart and every item gets a year suffix, in
    bibliography order (an item whose entry prints no year uses a letter all the same)."""
    cite = '<text variable="citation-number"/>'
    options = 'disambiguate-add-names="true" disambiguate-add-givenname="true" disambiguate-add-year-suffix="true"'
    layout = ('<text variable="citation-number" suffix=". "/><names variable="author"><name form="short"/></names>'
              '<choose><if type="book"><text variable="title" prefix=", "/></if><else><date variable="issued" prefix=" ">'
              '<date-part name="year"/></date></else></choose>')
    style = _cited_as(snippets.style(tmp_path, layout, citation_options=options, sort='<sort><key variable="title"/></sort>'), cite)
    items = [dict(ARTICLE, id=key, title=key, author=[{"family": family, "given": "A"}])
             for key, family in (("w", "Roe"), ("x", "Doe"), ("y", "Poe"))]
    items[1]["type"] = "book"
    expected = ["1. Roe 2019a", "2. Doe, x", "3. Poe 2019c"]
    assert snippets.entries(items, style) == snippets.citeproc_js(items, style) == expected


def test_cites_without_names_print_no_given_names_in_full(tmp_path):
    """A cite that prints only its number shows no names, so add-givenname has no given name
    that told it apart: the bibliography's initials stay initials ("Roe A", not "Roe Ann")
    although the two items' authors share a family name."""
    cite = '<text variable="citation-number"/>'
    options = 'et-al-min="3" et-al-use-first="1" disambiguate-add-names="true" disambiguate-add-givenname="true"'
    layout = ('<text variable="citation-number" suffix=". "/><names variable="author">'
              '<name initialize-with="" name-as-sort-order="all" sort-separator=" "/></names>')
    style = _cited_as(snippets.style(tmp_path, layout, citation_options=options, sort='<sort><key variable="title"/></sort>'), cite)
    items = [dict(ARTICLE, id=key, title=key, author=[{"family": "Roe", "given": given}, {"family": "Doe", "given": "Cy"}])
             for key, given in (("w", "Ann"), ("x", "Bob"))]
    expected = ["1. Roe A, Doe C", "2. Roe B, Doe C"]
    assert snippets.entries(items, style) == snippets.citeproc_js(items, style) == expected


REGISTER_ITEMS = [dict(ARTICLE, id=key, title=key, author=[{"family": f1, "given": g1}, {"family": f2, "given": g2}])
                  for key, (f1, g1), (f2, g2) in (("w", ("Roe", "Ann"), ("Doe", "Cy")), ("x", ("Roe", "Bob"), ("Poe", "Di")),
                                                  ("y", ("Moe", "Eve"), ("Doe", "Carl")), ("z", ("Doe", "Cy"), ("Zed", "Al")))]


@pytest.mark.parametrize("rule", ["all-names", "all-names-with-initials", "primary-name", "primary-name-with-initials"])
@pytest.mark.parametrize("initialize", [' initialize-with=". "', ""], ids=["initials", "given"])
def test_names_ambiguous_across_the_list(tmp_path, rule, initialize):
    """givenname-disambiguation-rule other than "by-cite": a family name that comes with
    other initials anywhere in the list prints initials (or the given name), one whose
    initials come with another given name prints it in full; a short name then prints as a
    long one. "primary-name*" looks at first names only, "*-with-initials" adds initials only."""
    cite = '<names variable="author"><name form="short"/></names><date variable="issued" prefix=" "><date-part name="year"/></date>'
    layout = (f'<names variable="author"><name form="short"{initialize}/></names>'
              f'<names variable="author" prefix=": "><name{initialize} name-as-sort-order="all"/></names>')
    options = f'disambiguate-add-givenname="true" givenname-disambiguation-rule="{rule}" et-al-min="3" et-al-use-first="1"'
    style = _cited_as(snippets.style(tmp_path, layout, citation_options=options, sort='<sort><key variable="title"/></sort>'), cite)
    assert snippets.entries(REGISTER_ITEMS, style) == snippets.citeproc_js(REGISTER_ITEMS, style)


@pytest.mark.parametrize("rule, expected", [
    ("all-names", ["A. Roe, Cy Doe: Roe, A., Doe, Cy", "B. Roe, Poe: Roe, B., Poe, D.", "Moe, Carl Doe: Moe, E., Doe, Carl",
                   "Cy Doe, Zed: Doe, Cy, Zed, A."]),
    ("primary-name", ["A. Roe, Doe: Roe, A., Doe, C.", "B. Roe, Poe: Roe, B., Poe, D.", "Moe, Doe: Moe, E., Doe, C.",
                      "Doe, Zed: Doe, C., Zed, A."])])
def test_names_ambiguous_across_the_list_printed(tmp_path, rule, expected):
    """What two of the rules print: "Roe" comes with "A." and "B.", "Doe" with "Cy" and
    "Carl" (both "C.", so in full); under "primary-name" the second "Doe" is no first name."""
    cite = '<names variable="author"><name form="short"/></names>'
    layout = ('<names variable="author"><name form="short" initialize-with=". "/></names>'
              '<names variable="author" prefix=": "><name initialize-with=". " name-as-sort-order="all"/></names>')
    options = f'disambiguate-add-givenname="true" givenname-disambiguation-rule="{rule}"'
    style = _cited_as(snippets.style(tmp_path, layout, citation_options=options, sort='<sort><key variable="title"/></sort>'), cite)
    assert snippets.entries(REGISTER_ITEMS, style) == expected


@pytest.mark.parametrize("add_given", [False, True])
def test_names_added_to_cites_reach_the_bibliography_with_add_givenname(tmp_path, add_given):
    """Two cites "A et al." told apart by their fifth names: the bibliography (et-al after
    one name) shows the five names only when the style sets disambiguate-add-givenname too."""
    et_al = ' et-al-min="5" et-al-use-first="1"'
    flags = 'disambiguate-add-names="true"' + (' disambiguate-add-givenname="true"' if add_given else "")
    style = _cited_as(snippets.style(tmp_path, f'<names variable="author"><name{et_al}/></names>', citation_options=flags,
                                     sort='<sort><key variable="title"/></sort>'),
                      f'<names variable="author"><name form="short"{et_al}/></names>')
    people = [{"family": f, "given": "A"} for f in "ABCDEFG"]
    items = [dict(ARTICLE, id="x", title="x", author=people[:4] + [{"family": "X", "given": "A"}, {"family": "Y", "given": "A"}]),
             dict(ARTICLE, id="y", title="y", author=people)]
    expected = ["A A, A B, A C, A D, A X, et al.", "A A, A B, A C, A D, A E, et al."] if add_given else ["A A et al.", "A A et al."]
    assert snippets.entries(items, style) == snippets.citeproc_js(items, style) == expected


@pytest.mark.parametrize("rule", ["primary-name-with-initials", "primary-name"])
def test_names_compared_as_the_cite_prints_them(tmp_path, rule):
    """The cite initializes given names, so "L. M. Had" and "L. Had" (second names) tell the
    cites apart although the rule adds only the first given name: two names are enough, and
    the bibliography (et al. after three) keeps its three."""
    cite = '<names variable="author"><name initialize-with=". "/></names><date variable="issued" prefix=" "><date-part name="year"/></date>'
    options = (f'disambiguate-add-names="true" disambiguate-add-givenname="true" givenname-disambiguation-rule="{rule}" '
               'disambiguate-add-year-suffix="true" et-al-min="2" et-al-use-first="1"')
    style = _cited_as(snippets.style(tmp_path, '<names variable="author"><name/></names>', citation_options=options,
                                     bibliography_options='et-al-min="4" et-al-use-first="3"', sort='<sort><key variable="title"/></sort>'), cite)
    authors = [[("Cha", "Kim"), ("Had", "Lu M."), ("Sam", "Ra"), ("Xu", "Al"), ("Yu", "Bo")],
               [("Cha", "Kim"), ("Had", "Lu"), ("Sam", "Ra"), ("Zu", "Al"), ("Yu", "Bo")]]
    items = [dict(ARTICLE, id=key, title=key, author=[{"family": f, "given": g} for f, g in names])
             for key, names in zip("xy", authors)]
    expected = ["Kim Cha, Lu M. Had, Ra Sam, et al.", "Kim Cha, Lu Had, Ra Sam, et al."]
    assert snippets.entries(items, style) == snippets.citeproc_js(items, style) == expected


def test_given_name_that_told_cites_apart_prints_in_a_short_name(tmp_path):
    """by-cite: the given name that told two cites apart prints in full in the bibliography's
    short names too ("Ann Roe et al."), and only there where it told them apart."""
    cite = ('<names variable="author"><name form="short" et-al-min="3" et-al-use-first="1"/></names>'
            '<date variable="issued" prefix=" "><date-part name="year"/></date>')
    options = 'disambiguate-add-names="true" disambiguate-add-givenname="true" disambiguate-add-year-suffix="true"'
    style = _cited_as(snippets.style(tmp_path, cite, citation_options=options, sort='<sort><key variable="title"/></sort>'), cite)
    people = [{"family": "Zed", "given": "Al"}, {"family": "Poe", "given": "Di"}]
    items = [dict(ARTICLE, id="x", title="x", author=[{"family": "Roe", "given": "Ann"}, *people]),
             dict(ARTICLE, id="y", title="y", author=[{"family": "Roe", "given": "Bob"}, *people]),
             dict(ARTICLE, id="z", title="z", author=[{"family": "Moe", "given": "Bob"}, *people])]
    expected = ["Ann Roe et al. 2019", "Bob Roe et al. 2019", "Moe et al. 2019"]
    assert snippets.entries(items, style) == snippets.citeproc_js(items, style) == expected


@pytest.mark.parametrize("add_names, expected", [
    (True, ["Roe, Kim, Had, Lu M., Sam, Ra, Xu, Al, et al. 2019", "Roe, Kim, Had, Lu, Sam, Ra, Xu, Al, et al. 2019"]),
    (False, ["Roe, Kim, Had, Lu M., Sam, Ra, et al. 2019a", "Roe, Kim, Had, Lu, Sam, Ra, et al. 2019b"])])
def test_by_cite_disambiguation_steps_one_name_at_a_time(tmp_path, add_names, expected):
    """"by-cite": citeproc-js tries the first name's given name, then (add-names) one name
    more and the next given name, and so on: the second names' given names tell "Roe, Had,
    Sam et al." apart at the second step, with one name more than the cite showed (four in the
    bibliography too). Without add-names only the first given name is tried: year suffixes."""
    cite = ('<names variable="author"><name form="short" et-al-min="4" et-al-use-first="3"/></names>'
            '<date variable="issued" prefix=" "><date-part name="year"/></date>')
    options = ('disambiguate-add-givenname="true" disambiguate-add-year-suffix="true"'
               + (' disambiguate-add-names="true"' if add_names else ""))
    layout = ('<names variable="author"><name name-as-sort-order="all" et-al-min="4" et-al-use-first="3"/></names>'
              '<date variable="issued" prefix=" "><date-part name="year"/></date>')
    style = _cited_as(snippets.style(tmp_path, layout, citation_options=options, sort='<sort><key variable="title"/></sort>'), cite)
    authors = [[("Roe", "Kim"), ("Had", "Lu M."), ("Sam", "Ra"), ("Xu", "Al"), ("Yu", "Bo")],
               [("Roe", "Kim"), ("Had", "Lu"), ("Sam", "Ra"), ("Xu", "Al"), ("Zu", "Bo")]]
    items = [dict(ARTICLE, id=key, title=key, author=[{"family": f, "given": g} for f, g in names])
             for key, names in zip("xy", authors)]
    assert snippets.entries(items, style) == snippets.citeproc_js(items, style) == expected


@pytest.mark.parametrize("rule, expected", [("by-cite", ["Ann Bo A, Ann Bo B, Ann Bo C", "Ann Bo A"]),
                                            ("primary-name", ["A. B. A, A. B. B, A. B. C", "A. B. A"])])
def test_given_names_of_a_long_cite_kept_in_the_bibliography(tmp_path, rule, expected):
    """"by-cite" with add-givenname: a cite that prints its authors in the long form, given
    names in full, leaves them in full in the bibliography too (every author, also those the
    cite's et al. hides), where the bibliography would initialize them; not so under other rules."""
    cite = '<names variable="author"><name et-al-min="3" et-al-use-first="2"/></names>'
    options = f'disambiguate-add-givenname="true" givenname-disambiguation-rule="{rule}"'
    style = _cited_as(snippets.style(tmp_path, '<names variable="author"><name initialize-with=". "/></names>',
                                     citation_options=options, sort='<sort><key variable="title"/></sort>'), cite)
    people = [{"family": f, "given": "Ann Bo"} for f in "ABC"]
    items = [dict(ARTICLE, id="x", title="x", author=people), dict(ARTICLE, id="y", title="y", author=people[:1])]
    assert snippets.entries(items, style) == snippets.citeproc_js(items, style) == expected


def test_a_short_cite_that_initializes_adds_initials(tmp_path):
    """by-cite add-givenname on a short cite with initialize-with: citeproc-js's first step
    prints the initials, in the cite and in an entry that prints the names the same way
    ("S. Guo u. a." against "D. Guo u. a."); an unambiguous name stays short."""
    from medsegcite.csl import render

    style = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><title>t</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <macro name="who"><names variable="author"><name form="short" delimiter="/" initialize-with=". "/></names></macro>
  <citation et-al-min="4" et-al-use-first="1" disambiguate-add-givenname="true"><layout><text macro="who"/></layout></citation>
  <bibliography et-al-min="4" et-al-use-first="1"><layout><group delimiter=", "><text macro="who"/><text variable="title"/></group></layout></bibliography>
</style>"""
    path = tmp_path / "short.csl"
    path.write_text(style, encoding="utf-8")
    chosen = render.Style("short", str(path))
    others = [{"family": family, "given": "Ann"} for family in ("Jin", "Zhu", "Ho", "Xiao")]
    items = [{"id": "s", "type": "article", "title": "S", "author": [{"family": "Guo", "given": "Song"}, *others]},
             {"id": "d", "type": "article", "title": "D", "author": [{"family": "Guo", "given": "Dazhou"}, *others]},
             {"id": "w", "type": "article", "title": "W", "author": [{"family": "Wang", "given": "Bo"}, *others]}]
    expected = ["S. Guo et al., S", "D. Guo et al., D", "Wang et al., W"]
    assert snippets.entries(items, chosen) == snippets.citeproc_js(items, chosen) == expected
