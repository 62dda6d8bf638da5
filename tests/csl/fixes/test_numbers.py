"""medsegcite/csl/fixes/numbers.py: number ranges printed as text (expected values are
citeproc-js's output for the same style and items)."""

from __future__ import annotations

from tests.csl.fixes.styles import entries, style

BIB = """<bibliography><layout><group delimiter=" | "><text variable="issue"/><text variable="number"/>
  <text variable="edition"/><text variable="collection-number"/><text variable="title"/></group></layout></bibliography>"""


def test_a_range_between_numbers_takes_an_en_dash(tmp_path):
    items = [
        {"id": "a", "type": "article-journal", "issue": "3-4", "number": "5-6", "edition": "2-3", "collection-number": "7 - 8", "title": "1-2"},
        {"id": "b", "type": "article-journal", "issue": "3-4a", "number": "A-5", "title": "x"},
    ]
    # not in a title; not between a letter and a number
    assert entries(items, style(tmp_path, BIB)) == ["3–4 | 5–6 | 2–3 | 7–8 | 1-2", "3–4a | A-5 | x"]


def _one_per_item(tmp_path, layout, items):
    from tests.csl.fixes import snippets

    return snippets.entries(items, snippets.style(tmp_path, layout))


def test_is_numeric_holds_for_ranges_and_lists(tmp_path):
    """citeproc-js: "220-237" and "e12, e15" are numeric, "in press" is not (citeproc-py wanted one number)."""
    layout = '<choose><if is-numeric="page"><text value="num"/></if><else><text value="not"/></else></choose>'
    items = [{"id": i, "type": "book", "title": "T", "page": page} for i, page in (("a", "220-237"), ("b", "in press"), ("c", "e12, e15"))]
    assert _one_per_item(tmp_path, layout, items) == ["num", "not", "num"]


def test_numeric_as_citeproc_js():
    from medsegcite.csl.fixes.numbers import numeric_as_citeproc_js

    assert [numeric_as_citeproc_js("edition", v) for v in ("2nd", "2nd ed.", "1 & 2", "S1-S10", "xiv", "XIV", "")] == \
        [True, False, True, True, True, False, False]
    assert not numeric_as_citeproc_js("publisher", "42")  # not a number variable
    assert numeric_as_citeproc_js("title", "Volume 3")


def test_number_prints_hyphenated_variables(tmp_path):
    """`<number variable="collection-number"/>` printed nothing: the item keeps it as collection_number."""
    items = [{"id": "a", "type": "book", "title": "T", "collection-number": "11766", "number-of-pages": "12"}]
    layout = '<group delimiter=" "><number variable="collection-number"/><number variable="number-of-pages"/></group>'
    assert _one_per_item(tmp_path, layout, items) == ["11766 12"]


def test_number_forms_as_citeproc_js(tmp_path):
    """Up to 5999 in citeproc-js's table ("mmmmcmxcix"), nothing from 6000 on."""
    items = [{"id": i, "type": "book", "title": "T", "volume": v} for i, v in (("a", "10134"), ("b", "4999"), ("c", "49"))]
    assert _one_per_item(tmp_path, '<number variable="volume" form="roman"/><text value="."/>', items) == \
        [".", "mmmmcmxcix.", "xlix."]


def test_group_with_a_missing_hyphenated_number_is_suppressed(tmp_path):
    """The group's term goes with its missing number-of-volumes ("vols." alone printed once)."""
    layout = '<text variable="title"/><group prefix=" "><number variable="number-of-volumes"/><text term="volume" form="short" plural="true" prefix=" "/></group>'
    items = [{"id": "a", "type": "book", "title": "T"}, {"id": "b", "type": "book", "title": "U", "number-of-volumes": "3"}]
    assert _one_per_item(tmp_path, layout, items) == ["T", "U 3 vols."]


def test_ordinals_agree_in_gender(tmp_path):
    """French: the day takes its month's gender ("1ᵉʳ octobre", citeproc-py "1ʳᵉ"), an edition
    that of "édition" ("1ʳᵉ"); German and English keep their own ordinals (citeproc-js)."""
    from tests.csl.fixes import snippets

    layout = ('<date variable="issued"><date-part name="day" form="ordinal" suffix=" "/><date-part name="month" suffix=" "/>'
              '<date-part name="year"/></date><number variable="edition" form="ordinal" prefix=" "/>')
    items = [{"id": "a", "type": "book", "title": "T", "issued": {"date-parts": [[2004, 10, 1]]}, "edition": "1"},
             {"id": "b", "type": "book", "title": "T", "issued": {"date-parts": [[2004, 3, 22]]}, "edition": "23"}]
    expected = {"fr-FR": ["1ᵉʳ octobre 2004 1ʳᵉ", "22 mars 2004 23ᵉ"], "de-DE": ["1. Oktober 2004 1.", "22. März 2004 23."],
                "en-US": ["1st October 2004 1st", "22nd March 2004 23rd"]}
    for locale, texts in expected.items():
        assert snippets.entries(items, snippets.style(tmp_path / locale, layout, locale=locale)) == texts


def test_numeric_numbers_keep_their_digits(tmp_path):
    """citeproc-js prints an e-journal's page "041307" as written (citeproc-py: "41307")."""
    items = [{"id": "a", "type": "article-journal", "title": "T", "page": "041307", "issue": "0012-0015"}]
    layout = '<group delimiter=" | "><number variable="page"/><number variable="issue"/></group>'
    assert _one_per_item(tmp_path, layout, items) == ["041307 | 0012–0015"]


def test_a_number_led_by_letters_keeps_its_hyphens(tmp_path):
    """citeproc-js's processNumber: the first part decides; "TR-2019-04" and "PS3.3-2023b"
    are not numeric and keep their hyphens, a run of two numbers collapses ("1-2-3" ->
    "1-2–3", roman "II-IV" -> "II–IV"); a chapter-number's lone range keeps its hyphen ("3a-4")."""
    from tests.csl.fixes import snippets

    values = ["TR-2019-04", "PS3.3-2023b", "1-2-3", "II-IV", "4-A", "3a-4", "2019-04", "12-14, 16"]
    items = [{"id": f"i{n}", "type": "report", "title": "T", "number": v, "issue": v, "chapter-number": v}
             for n, v in enumerate(values)]
    layout = '<group delimiter=" | "><text variable="number"/><text variable="issue"/><text variable="chapter-number"/></group>'
    chosen = snippets.style(tmp_path, layout)
    expected = ["TR-2019-04 | TR-2019-04 | TR-2019-04", "PS3.3-2023b | PS3.3-2023b | PS3.3-2023b", "1-2–3 | 1-2–3 | 1-2–3",
                "II–IV | II–IV | II–IV", "4-A | 4-A | 4-A", "3a–4 | 3a–4 | 3a-4", "2019–04 | 2019–04 | 2019-04",
                "12–14, 16 | 12–14, 16 | 12–14, 16"]
    assert snippets.entries(items, chosen) == expected
    assert snippets.citeproc_js(items, chosen) == expected


def test_ordinals_come_from_the_locale_that_defines_them(tmp_path):
    """citeproc-js: the locale of highest priority with an `ordinal` term holds all ordinals
    (Dutch "1ste", not en-US's "1st"), and a neuter number takes no gendered term (pt-BR
    "1º", not the feminine "1ª")."""
    from tests.csl.fixes import snippets

    items = [{"id": i, "type": "book", "title": "T", "edition": e} for i, e in (("a", "1"), ("b", "2"), ("c", "11"))]
    expected = {"nl-NL": ["1ste", "2de", "11de"], "pt-BR": ["1º", "2º", "11º"]}
    for locale, texts in expected.items():
        chosen = snippets.style(tmp_path / locale, '<number variable="edition" form="ordinal"/>', locale=locale)
        assert snippets.entries(items, chosen) == texts
        assert snippets.citeproc_js(items, chosen) == texts


def test_a_number_range_takes_the_locales_range_delimiter(tmp_path):
    """citeproc-js joins a numeric issue or volume range with the locale's page-range-delimiter
    (French U+2011, Spanish a hyphen), a collection-number with its year-range-delimiter."""
    from tests.csl.fixes import snippets

    items = [{"id": "a", "type": "book", "title": "T", "issue": "2-3", "collection-number": "4-5", "volume": "II-IV"}]
    layout = '<group delimiter=" | "><text variable="issue"/><text variable="collection-number"/><text variable="volume"/></group>'
    for locale, expected in (("fr-FR", ["2\u20113 | 4\u20115 | II\u2011IV"]), ("es-ES", ["2-3 | 4–5 | II-IV"])):
        chosen = snippets.style(tmp_path / locale, layout, locale=locale)
        assert snippets.entries(items, chosen) == expected
        assert snippets.citeproc_js(items, chosen) == expected
