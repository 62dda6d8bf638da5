"""Speed fixes change no output (medsegcite/csl/fixes/speed.py)."""

from medsegcite.csl import render

from tests.csl.fixes.snippets import ARTICLE


def test_citation_numbers_follow_the_bibliography():
    items = [dict(ARTICLE, id=f"i{n}", title=f"Title {n}") for n in range(3)]
    assert [text[:3] for _, text in render.bibliography(items, render.find_style("ieee"))] == ["[1]", "[2]", "[3]"]


def test_every_formatting_step_still_formats(tmp_path):
    """The five formatting steps answer an unset or default value at once; every other value
    is formatted as before (HTML marks), and the text is citeproc-js's."""
    from tests.csl.fixes.snippets import citeproc_js, style
    from tests.csl.fixes.styles import entries as formatted

    layout = (
        '<text variable="title" font-style="italic" suffix=". "/>'
        '<text variable="container-title" font-weight="bold" font-variant="small-caps" suffix=" "/>'
        '<date variable="issued"><date-part name="year" vertical-align="sup"/></date>'
        '<text variable="page" text-decoration="underline" font-style="normal" prefix=" "/>'
        '<text value="plain" prefix=" " vertical-align="sub"/>'
    )
    chosen = style(tmp_path, layout)
    (html,) = formatted([ARTICLE], chosen, "html")
    for mark in ("<i>", "<b>", "font-variant:small-caps", "<sup>2019</sup>", "text-decoration:underline;\">2595", "<sub>plain</sub>"):
        assert mark in html, (mark, html)
    assert formatted([ARTICLE], chosen) == citeproc_js([ARTICLE], chosen)


def test_item_variables_read_as_before():
    """Items, names and cites are read through dict's own look-up; a missing variable still
    raises citeproc-py's VariableError (which its conditions and substitutes catch)."""
    import pytest
    from citeproc.source import Name, Reference, VariableError

    from medsegcite.csl import fixes

    fixes.apply()
    reference = Reference("k", "book", title="T", author=[Name(family="F", given="G")])
    assert reference.title == reference["title"] == "T" and reference.key == "k"
    assert reference.author[0].family == "F"
    for read in (lambda: reference.volume, lambda: reference["volume"], lambda: reference.author[0].suffix):
        with pytest.raises(VariableError):
            read()
    assert reference.get("volume") is None and "volume" not in reference


def test_attributes_read_from_a_dict_follow_every_change():
    """A parsed style's elements answer `get` and `attrib` from a dict: every way a fix or
    citeproc-py changes an attribute while rendering reaches both the dict and the element
    (what lxml serializes), and a fresh read agrees."""
    from lxml import etree

    from medsegcite.csl.render import _parsed_style

    chosen = render.find_style("ieee")
    parsed = _parsed_style(chosen.path, chosen.name)
    element = parsed.root.xpath_search("//cs:text[@macro][1]")[0]

    def agrees():
        on_tree = dict(etree.fromstring(etree.tostring(element)).attrib)
        assert dict(element.attrib) == on_tree
        assert all(element.get(key) == value for key, value in on_tree.items())

    macro = element.get("macro")
    assert isinstance(element.attrib, dict)  # (lxml's own attrib is no dict: the reads tested are the dict's)
    agrees()
    element.set("suffix", ". ")
    assert element.get("suffix") == ". " and "suffix" in element.attrib
    agrees()
    del element.attrib["suffix"]
    assert element.get("suffix") is None and element.get("suffix", "x") == "x"
    agrees()
    element.attrib.update({"prefix": "(", "suffix": ")"})
    assert (element.get("prefix"), element.get("suffix")) == ("(", ")")
    agrees()
    assert element.attrib.pop("prefix") == "("
    element.attrib["suffix"] = ";"
    assert element.get("prefix") is None and element.get("suffix") == ";"
    agrees()
    del element.attrib["suffix"]
    assert dict(element.attrib) == {"macro": macro}
    agrees()


def test_references_still_warn_of_unsupported_variables():
    """An item's Reference checks its keys against the CSL variables (one set, made once):
    a known variable passes silently, an unknown one still gets citeproc-py's warning."""
    import warnings

    from citeproc.source import Reference

    from medsegcite.csl import fixes

    fixes.apply()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert Reference("k", "book", title="T", container_title="C").container_title == "C"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Reference("k", "book", title="T", not_a_variable="x")
    assert [str(w.message) for w in caught] == ["The following arguments for Reference are unsupported: not_a_variable"]


def test_text_case_title_follows_the_item_language_or_the_style_default(tmp_path):
    """`cs:text` reads the item's language from its dict and the style's default locale once:
    a title is title-cased for an English item or, without a language, in an English style,
    and left as it is otherwise, as citeproc-js does."""
    from tests.csl.fixes.snippets import citeproc_js, entries, style

    items = [dict(ARTICLE, id="none", title="a study of things"),
             dict(ARTICLE, id="german", title="a study of things", language="de-DE"),
             dict(ARTICLE, id="english", title="a study of things", language="en-GB")]
    layout = '<text variable="title" text-case="title"/>'
    for locale in ("en-US", "de-DE"):
        chosen = style(tmp_path / locale, layout, locale=locale)
        ours = entries(items, chosen)
        assert ours == citeproc_js(items, chosen), locale
        assert ("A Study of Things" in ours[0]) == (locale == "en-US")


def test_format_regroups_a_final_quote_once_per_unformatted_element(tmp_path):
    """An element without font attributes is formatted through the final-quote keepers
    (quotes.py) of the first step and of the last only: the three in between would regroup
    the same pieces again. Counted with the per-entry trace: per plain `cs:text`, one `quote`
    and two steps (five steps before). The text is still citeproc-js's, a quoted title's
    marks inside its quotes."""
    from tests.csl.fixes.snippets import citeproc_js, style

    layout = ('<text variable="title" quotes="true" suffix=". "/>'
              '<text variable="container-title" suffix=", "/>'
              '<text variable="volume" prefix="vol. " suffix=", "/>'
              '<text variable="page" suffix="."/>')
    chosen = style(tmp_path, layout)
    items = [dict(ARTICLE, id=f"q{n}", title=f"Quoted title {n}") for n in range(2)]
    traced = render.traced_bibliography(items, chosen)
    for _key, _text, calls in traced:
        assert dict(calls)["quoted_values_take_marks"] <= 3 * 4, calls
    assert [text for _key, text, _calls in traced] == citeproc_js(items, chosen)


def test_format_of_an_undecorated_element_skips_the_steps(tmp_path):
    """An element that sets none of the five formatting attributes nor quotes gets a text that
    does not end in a quoted value back from `format` as it is: quotes.py's final-quote keepers
    (`format_step`) no longer run for it (counted with a profile hook, untraced, in a fresh
    process: a decorated style rendered before installs fixes above the steps, and the plan
    then rightly calls them); a quoted or italic element still goes through them, and the
    text is citeproc-js's."""
    import json
    import subprocess
    import sys

    from tests.csl.fixes.snippets import citeproc_js, style

    plain = style(tmp_path, '<text variable="title" suffix=". "/><text variable="container-title" prefix=" " suffix=", "/>'
                            '<text variable="page" suffix="."/>')
    (tmp_path / "q").mkdir()
    quoted = style(tmp_path / "q", '<text variable="title" quotes="true" suffix=". "/><text variable="page" font-style="italic"/>')
    items = [dict(ARTICLE, id=f"u{n}", title=f"Undecorated title {n}") for n in range(2)]
    counting = """
import json, sys
from medsegcite.csl import render
from medsegcite.csl.fixes import quotes
items = json.loads(sys.argv[1])
watched = {quotes._final_quote_kept_by(None, None).__code__}
out = []
for path in sys.argv[2:]:
    chosen = render.Style("snippet", path)
    render.bibliography(items, chosen)  # (fixes installed, elements planned)
    calls = []
    sys.setprofile(lambda frame, event, arg: calls.append(1) if event == "call" and frame.f_code in watched else None)
    try:
        texts = [text for _key, text in render.bibliography(items, chosen)]
    finally:
        sys.setprofile(None)
    out.append([len(calls), texts])
print(json.dumps(out))
"""
    done = subprocess.run([sys.executable, "-c", counting, json.dumps(items), plain.path, quoted.path],
                          capture_output=True, text=True, check=True)
    (plain_calls, plain_texts), (quoted_calls, quoted_texts) = json.loads(done.stdout)
    assert plain_calls == 0 and plain_texts == citeproc_js(items, plain)
    assert quoted_calls > 0 and quoted_texts == citeproc_js(items, quoted)


def test_choose_takes_the_branch_that_holds_without_raising(tmp_path):
    """cs:choose asks its cs:if / cs:else-if whether they hold (no ConditionFailed through the
    frames): every match, a nested choose, a cs:else, a choose with no branch taken print
    as citeproc-js."""
    from tests.csl.fixes.snippets import citeproc_js, style
    from tests.csl.fixes.styles import entries as formatted

    layout = (
        '<group delimiter=", ">'
        '<choose><if type="book" variable="volume" match="all"><text value="A"/></if>'
        '<else-if variable="volume issue" match="none"><text value="B"/></else-if>'
        '<else-if variable="page DOI" match="any"><text value="C"/>'
        '<choose><if is-numeric="volume"><text value="n"/></if><else><text value="x"/></else></choose></else-if>'
        '<else><text value="D"/></else></choose>'
        '<choose><if type="article-journal" match="none"><text value="E"/></if><else-if type="chapter"><text value="F"/></else-if></choose>'
        '<text variable="title"/></group>'
    )
    chosen = style(tmp_path, layout)
    items = [dict(ARTICLE, id="a"), dict(ARTICLE, id="b", type="book", volume="IV"),
             {k: v for k, v in ARTICLE.items() if k not in ("volume", "issue")} | {"id": "c", "type": "chapter"},
             {k: v for k, v in ARTICLE.items() if k not in ("page", "DOI", "issue")} | {"id": "d"}]
    assert formatted(items, chosen) == citeproc_js(items, chosen)
