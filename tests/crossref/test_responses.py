import pytest

from medsegcite.crossref import responses


def test_json_nested_deeper_than_any_work_is_refused_without_recursion():
    deep = b"[" * (responses.MAX_DEPTH + 1) + b"]" * (responses.MAX_DEPTH + 1)
    with pytest.raises(responses.Invalid, match="nested deeper than 32 levels"):
        responses.loads(deep)
    assert responses.loads(b"[" * responses.MAX_DEPTH + b"]" * responses.MAX_DEPTH)


def test_a_lone_surrogate_escape_reads_as_the_replacement_character():
    assert responses.loads(b'{"title": "a\\ud800b", "pair": "\\ud83d\\ude00"}') == {"title": "a\ufffdb", "pair": "\U0001f600"}


def test_a_work_of_the_wrong_shape_is_named_where_it_breaks_and_never_repeated():
    responses.validate("work", {"DOI": "10.1000/x", "title": ["T"]})
    with pytest.raises(responses.Invalid, match=r"^DOI: ") as raised:
        responses.validate("work", {"DOI": "10.1000/{\\evil}", "title": ["T"]})
    assert "evil" not in str(raised.value)


def test_only_the_fields_read_are_kept():
    work = {"DOI": "10.1000/x", "reference": [{"key": "r1"}] * 3, "author": [{"family": "Roe", "ORCID": "0000", "affiliation": []}]}
    assert responses.project(work) == {"DOI": "10.1000/x", "author": [{"family": "Roe"}]}
