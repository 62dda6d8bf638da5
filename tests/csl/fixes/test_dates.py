"""medsegcite/csl/fixes/dates.py: date ranges (every expected value is citeproc-js's output
for the same style and items)."""

from __future__ import annotations

import pytest

from tests.csl.fixes.styles import entries, style

ITEMS = [
    {"id": "a", "type": "book", "title": "A", "issued": {"date-parts": [[1999, 1, 2], [1999, 1, 4]]}},
    {"id": "b", "type": "book", "title": "B", "issued": {"date-parts": [[1999, 1, 2], [1999, 3, 4]]}},
    {"id": "c", "type": "book", "title": "C", "issued": {"date-parts": [[1999, 1, 2], [2000, 1, 4]]}},
    {"id": "d", "type": "book", "title": "D", "issued": {"date-parts": [[1999, 1], [1999, 3]]}},
    {"id": "e", "type": "book", "title": "E", "issued": {"date-parts": [[1999], [2000]]}},
    {"id": "f", "type": "book", "title": "F", "issued": {"date-parts": [[1999, 5, 2]]}},
]
BIB = '<bibliography><layout><group delimiter=": "><text variable="title"/>{date}</group></layout></bibliography>'

CASES = {
    "localized text": (
        '<date variable="issued" form="text"/>',
        ["January 2–4, 1999", "January 2–March 4, 1999", "January 2, 1999–January 4, 2000", "January–March 1999", "1999–2000", "May 2, 1999"],
    ),
    "localized numeric": (
        '<date variable="issued" form="numeric"/>',
        ["01/02–04/1999", "01/02–03/04/1999", "01/02/1999–01/04/2000", "01–03/1999", "1999–2000", "05/02/1999"],
    ),
    "the style's own parts and delimiters": (
        '<date variable="issued" delimiter=" "><date-part name="year" range-delimiter="/"/>'
        '<date-part name="month" form="short"/><date-part name="day"/></date>',
        ["1999 Jan. 2–4", "1999 Jan. 2–Mar. 4", "1999 Jan. 2–2000 Jan. 4", "1999 Jan.–Mar.", "1999/2000", "1999 May 2"],
    ),
    "a range delimiter set by the calling date": (
        '<date variable="issued" form="text"><date-part name="month" range-delimiter=" to "/></date>',
        ["January 2–4, 1999", "January 2–March 4, 1999", "January 2, 1999–January 4, 2000", "January to March 1999", "1999–2000", "May 2, 1999"],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_date_ranges_as_citeproc_js(tmp_path, case):
    date, expected = CASES[case]
    out = entries(ITEMS, style(tmp_path, BIB.format(date=date)))
    assert out == [f"{item['title']}: {text}" for item, text in zip(ITEMS, expected)]


def test_a_locale_date_with_its_own_delimiter(tmp_path):
    locale = """<locale><date form="text" delimiter=" "><date-part name="day" range-delimiter="/"/>
      <date-part name="month"/><date-part name="year"/></date></locale>"""
    bib = locale + BIB.format(date='<date variable="issued" form="text"/>')
    assert entries(ITEMS[:2], style(tmp_path, bib)) == ["A: 2/4 January 1999", "B: 2 January–4 March 1999"]


def test_a_substituted_date_is_not_printed_again(tmp_path):
    """The year printed by the substitute macro of an item without author is left out of the
    rest of the entry, and the group around it with it (citeproc-js: "Law, 1992")."""
    from tests.csl.fixes import snippets

    layout = ('<names variable="author"><name/><substitute><text macro="t"/></substitute></names>'
              '<group prefix=" (" suffix=")"><date variable="issued" form="text" date-parts="year"/></group>')
    items = [{"id": "a", "type": "book", "title": "Law", "issued": {"date-parts": [[1992, 3, 23]]}},
             {"id": "b", "type": "book", "title": "Book", "author": [{"family": "Doe", "given": "J"}], "issued": {"date-parts": [[2001]]}}]
    macro = '<macro name="t"><text variable="title" suffix=", "/><date variable="issued" form="text" date-parts="year"/></macro>'
    assert snippets.entries(items, snippets.style(tmp_path, layout, macros=macro)) == ["Law, 1992", "J Doe (2001)"]


def test_a_substituted_date_is_not_printed_again_from_a_macro(tmp_path):
    """Likewise when both dates sit in macros under a choose, where the date's layout is the
    calling element's (ISO 690's "Title, 2018. Journal." without a second "2018")."""
    from tests.csl.fixes import snippets

    macros = ('<macro name="year"><choose><if variable="issued"><date variable="issued"><date-part name="year"/></date></if></choose></macro>'
              '<macro name="t"><choose><if variable="author"><text variable="title"/></if>'
              '<else><group delimiter=", "><text variable="title"/><text macro="year"/></group></else></choose></macro>'
              '<macro name="when"><choose><if type="patent"><text value="P"/></if><else>'
              '<date variable="issued"><date-part name="month" suffix=" "/><date-part name="year"/></date></else></choose></macro>')
    layout = ('<group delimiter=". "><names variable="author"><name/><substitute><text macro="t"/></substitute></names>'
              '<text variable="container-title"/><text macro="when"/></group>')
    items = [{"id": "a", "type": "article-journal", "title": "Net", "container-title": "Symmetry", "issued": {"date-parts": [[2018, 4]]}},
             {"id": "b", "type": "article-journal", "title": "Seg", "container-title": "Access", "author": [{"family": "Doe", "given": "J"}],
              "issued": {"date-parts": [[2019]]}}]
    chosen = snippets.style(tmp_path, layout, macros=macros)
    expected = ["Net, 2018. Symmetry", "J Doe. Access. 2019"]
    assert snippets.entries(items, chosen) == snippets.citeproc_js(items, chosen) == expected


def test_a_season_prints_where_the_month_would_in_any_form(tmp_path):
    """citeproc-js prints the season term (1-4) or the written season for a missing month,
    whatever the month's form; citeproc-py failed the whole style on a numeric form."""
    from tests.csl.fixes import snippets

    items = [{"id": i, "type": "book", "title": "T", "issued": {"date-parts": [[2021, *month]], "season": season}}
             for i, month, season in (("a", [], "2"), ("b", [], "Winter"), ("c", [], 4), ("d", [5], 4))]
    layouts = {
        "numeric": ('<date variable="issued"><date-part name="month" form="numeric" suffix="."/><date-part name="year"/></date>',
                    ["Summer.2021", "Winter.2021", "Winter.2021", "5.2021"]),
        "short": ('<date variable="issued"><date-part name="month" form="short" text-case="uppercase" suffix=" "/>'
                  '<date-part name="year"/></date>', ["SUMMER 2021", "WINTER 2021", "WINTER 2021", "MAY 2021"]),
    }
    for form, (layout, expected) in layouts.items():
        chosen = snippets.style(tmp_path / form, layout)
        assert snippets.entries(items, chosen) == expected
        assert snippets.citeproc_js(items, chosen) == expected


def test_a_literal_date_prints_where_the_year_would(tmp_path):
    """citeproc-js prints "in press" through the year part (its affixes and formatting) and
    not from a date without a year part; citeproc-py printed it for any date."""
    from tests.csl.fixes import snippets

    items = [{"id": "a", "type": "article-journal", "title": "T", "issued": {"literal": "in press"}, "page": "1"}]
    layouts = {
        # printed nothing, yet its group stays
        "month-day": ('<group delimiter="|"><text value="x"/><date variable="issued" prefix="(" suffix=")">'
                      '<date-part name="month" form="long"/><date-part name="day" prefix=", "/></date></group>', ["x"]),
        "year": ('<group delimiter="|"><text variable="page"/><date variable="issued" prefix="[" suffix="]">'
                 '<date-part name="year" prefix="(" text-case="uppercase"/></date></group>', ["1|[(IN PRESS]"]),
        "localized": ('<group delimiter="|"><text variable="page"/><date variable="issued" form="text" date-parts="year-month">'
                      '<date-part name="year" suffix="!"/></date></group>', ["1|in press!"]),
        "chosen": ('<text value="x"/><group prefix=" "><choose><if variable="volume"><text value="v"/></if><else>'
                   '<date variable="issued"><date-part name="month" suffix=" "/><date-part name="year"/></date></else></choose></group>',
                   ["x in press"]),
    }
    for name, (layout, expected) in layouts.items():
        chosen = snippets.style(tmp_path / name, layout)
        assert snippets.entries(items, chosen) == expected
        assert snippets.citeproc_js(items, chosen) == expected


def test_a_calling_dates_parts_apply_to_it_alone(tmp_path):
    """The date-part attributes a calling date gives a localized date do not stay on the
    locale's date for the next date (citeproc-py kept them: "20102011")."""
    from tests.csl.fixes import snippets

    items = [{"id": "a", "type": "book", "title": "T", "accessed": {"date-parts": [[2020, 1, 5]]},
              "issued": {"date-parts": [[2010, 3], [2011, 4]]}}]
    layout = ('<date form="text" variable="accessed" suffix="|"><date-part name="day" range-delimiter="" suffix="#"/>'
              '<date-part name="month" range-delimiter=""/><date-part name="year" range-delimiter="" prefix="Y"/></date>'
              '<date variable="issued" form="text"/><text value="|"/><date variable="issued" form="text">'
              '<date-part name="month" suffix="!"/></date>')
    chosen = snippets.style(tmp_path, layout)
    expected = ["January 5#Y2020|March 2010–April 2011|March!2010–April!2011"]
    assert snippets.citeproc_js(items, chosen) == expected
    assert snippets.entries(items, chosen) == expected


RANGED = [
    {"id": "a", "type": "article", "title": "A", "issued": {"date-parts": [[2010], [2011]]}},
    {"id": "b", "type": "article", "title": "B", "issued": {"date-parts": [[2012], [2013]]}},
    {"id": "c", "type": "book", "title": "C", "issued": {"date-parts": [[2014, 5, 3], [2014, 5, 6]]}},
    {"id": "d", "type": "article", "title": "D", "issued": {"date-parts": [[2016]]}},
]
FIRST_RANGE_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>t</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <macro name="seen"><date variable="accessed" prefix="[seen " suffix="]"><date-part name="year"/></date></macro>
  <macro name="when"><date variable="issued" prefix="{{" suffix="}}" form="text"/></macro>
  <citation><layout><text variable="title"/>{cite}</layout></citation>
  <bibliography>{sort}<layout>
    <text variable="title" suffix=" "/>
    <date variable="issued" prefix="&lt;" suffix="&gt;"><date-part name="year"/></date>
    <choose><if type="book"><text macro="when"/></if></choose>
    {tail}
  </layout></bibliography>
</style>"""

FIRST_RANGE_CASES = {
    # the first range printed ends in the affixes of the last date compiled, later ones do not
    "the bibliography's last date": ("", "", '<text macro="seen"/>',
                                      ["A <2010–[seen 2011]>", "B <2012–2013>", "C <2014>{May 3–6, 2014}", "D <2016>"]),
    # a macro is compiled where it is first called: a second call does not make its date the last
    "a macro compiled once": ("", "", '<text macro="seen"/><choose><if type="map"><text macro="when"/></if></choose>',
                              ["A <2010–[seen 2011]>", "B <2012–2013>", "C <2014>{May 3–6, 2014}", "D <2016>"]),
    # in bibliography order: the book first
    "the first entry printed": ("", '<sort><key variable="type" sort="descending"/></sort>', '<text macro="seen"/>',
                                ["C <2014>{May 3–[seen 6, ]2014}", "A <2010–2011>", "B <2012–2013>", "D <2016>"]),
    # the citation that prints a range (rendered for disambiguation before the bibliography) takes it
    "a citation printing the range": ('<date variable="issued"><date-part name="year"/></date>', "", '<text macro="seen"/>',
                                      ["A <2010–2011>", "B <2012–2013>", "C <2014>{May 3–6, 2014}", "D <2016>"]),
}


@pytest.mark.parametrize("case", FIRST_RANGE_CASES)
def test_the_first_range_printed_ends_in_the_last_dates_affixes(tmp_path, case):
    """citeproc-js's date-part code writes a range's end into a side queue left open on the
    last `cs:date` it compiled: the first range the engine renders takes that date's affixes."""
    from medsegcite.csl import render
    from tests.csl.fixes import snippets

    cite, sort, tail, expected = FIRST_RANGE_CASES[case]
    path = tmp_path / "first-range.csl"
    path.write_text(FIRST_RANGE_STYLE.format(cite=cite, sort=sort, tail=tail), encoding="utf-8")
    chosen = render.Style("first-range", str(path))
    assert entries(RANGED, chosen) == expected
    assert snippets.citeproc_js(RANGED, chosen) == expected
