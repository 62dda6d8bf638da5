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
