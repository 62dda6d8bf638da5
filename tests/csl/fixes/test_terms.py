"""medsegcite/csl/fixes/terms.py: term forms fall back as CSL 1.0.2 says."""

from __future__ import annotations

from tests.csl.fixes.styles import entries, style

BIB = """<bibliography><layout><group delimiter=" | ">
  <text variable="title"/><text term="{term}" form="{form}"/></group></layout></bibliography>"""


def _term(tmp_path, term, form):
    item = {"id": "t", "type": "book", "title": "T"}
    (text,) = entries([item], style(tmp_path, BIB.format(term=term, form=form), f"{term}-{form}"))
    return text


def test_missing_forms_fall_back_to_the_next_defined_one(tmp_path):
    # en-US defines "reviewed-author" only in the verb form, "in" only long, "editor" long,
    # short and verb forms, "and" long and symbol (each expected value is citeproc-js's)
    assert _term(tmp_path, "reviewed-author", "verb-short") == "T | by"  # verb-short -> verb
    assert _term(tmp_path, "in", "short") == "T | in"  # short -> long
    assert _term(tmp_path, "editor", "symbol") == "T | ed."  # symbol -> short
    assert _term(tmp_path, "and", "symbol") == "T | &"  # defined: no fall-back


def test_a_style_term_written_with_form_long_replaces_the_locale_term(tmp_path):
    """`<term name="no date" form="long">` in a style's cs:locale is the long term, as
    citeproc-js reads it (citeproc-py kept the locale file's "no date")."""
    from tests.csl.fixes import snippets

    locale = """<locale xml:lang="en"><terms><term name="no date" form="long">date unknown</term>
      <term name="anonymous" form="long">no authors listed</term></terms></locale>"""
    item = {"id": "t", "type": "book", "title": "T"}
    layout = '<group delimiter=" | "><text variable="title"/><text term="no date"/><text term="anonymous"/><text term="no date" form="short"/></group>'
    chosen = snippets.style(tmp_path, layout, macros=locale)
    assert snippets.entries([item], chosen) == snippets.citeproc_js([item], chosen) == ["T | date unknown | no authors listed | n.d."]


def test_locales_chosen_as_citeproc_js(tmp_path):
    """A default-locale citeproc-js has no base dialect for ("id") takes en-US's terms with
    the style's own locale on top (citeproc-py took id-ID's: "t.t.", "dan"); "id-ID" and
    "de-AT" take their files, and a style locale for the base dialect ("de-DE") counts."""
    from tests.csl.fixes import snippets

    item = {"id": "t", "type": "book", "title": "T", "author": [{"family": "A"}, {"family": "B"}]}
    layout = """<group delimiter=" | "><names variable="author"><name and="text"/></names>
      <text term="no date" form="short"/><text term="issue"/><text term="in"/></group>"""
    own = """<locale xml:lang="id"><terms><term name="in">dalam</term></terms></locale>
      <locale xml:lang="de-DE"><terms><term name="issue">Heft</term></terms></locale>"""
    expected = {"id": "A and B | n.d. | issue | dalam", "id-ID": "A dan B | t.t. | nomor | dalam",
                "de-AT": "A und B | o.\u00a0J. | Heft | in"}
    for locale, text in expected.items():
        chosen = snippets.style(tmp_path / locale, layout, locale=locale, macros=own)
        assert snippets.entries([item], chosen) == snippets.citeproc_js([item], chosen) == [text], locale


def test_a_term_defined_twice_is_the_later_one(tmp_path):
    """citeproc-js keeps the later of two alike definitions in a style's locale ("ed" then
    "org": "org"), long form or not; citeproc-py took the first."""
    from tests.csl.fixes import snippets

    macros = ('<locale xml:lang="pt-BR"><terms><term name="editor" form="short"><single>ed</single><multiple>eds</multiple></term>'
              '<term name="editor" form="short"><single>org</single><multiple>orgs</multiple></term>'
              '<term name="editor"><single>first</single><multiple>firsts</multiple></term>'
              '<term name="editor" form="long"><single>second</single><multiple>seconds</multiple></term></terms></locale>')
    items = [{"id": "a", "type": "book", "title": "T", "editor": [{"family": "Doe"}]},
             {"id": "b", "type": "book", "title": "U", "editor": [{"family": "Doe"}, {"family": "Roe"}]}]
    layout = '<names variable="editor"><name/><label form="short" prefix=" (" suffix=")"/></names><text term="editor" prefix=" "/>'
    chosen = snippets.style(tmp_path, layout, macros=macros, locale="pt-BR")
    assert snippets.entries(items, chosen) == ["Doe (org) second", "Doe, Roe (orgs) second"]
    assert snippets.citeproc_js(items, chosen) == ["Doe (org) second", "Doe, Roe (orgs) second"]
