"""Scores and verdicts: is this record the list's paper?"""

from medsegcite.crossref import matching

SURVEY = "Deep learning for medical image segmentation: a survey"


def _work(doi, title, kind="journal-article", year=2019):
    return {"DOI": doi, "title": [title], "type": kind, "issued": {"date-parts": [[year]]}}


def test_an_exact_title_outranks_one_that_only_starts_with_it():
    works = [_work("10.1/sequel", SURVEY + ", a decade later", year=2029), _work("10.1/survey", SURVEY)]
    ranked = matching.rank(SURVEY, works)
    assert [c.doi for c in ranked] == ["10.1/survey", "10.1/sequel"]
    assert ranked[1].score >= matching.ACCEPT  # the sequel scores high as a prefix match...
    assert ranked[0].score - ranked[1].score < matching.MARGIN  # ...too close for the plain margin rule
    assert matching.verdict(ranked) == "accept"  # the exact title wins


def test_two_exact_titles_still_go_to_review():
    works = [_work("10.1/a", SURVEY), _work("10.1/b", SURVEY.upper())]
    assert matching.verdict(matching.rank(SURVEY, works)) == "review"


def test_a_truncated_list_title_is_not_exact_but_accepted_alone():
    (candidate,) = matching.rank("Deep learning for segmenting neuroanatom", [_work("10.1/n", "Deep learning for segmenting neuroanatomy")])
    assert not candidate.exact and candidate.score >= matching.ACCEPT
    assert matching.verdict([candidate]) == "accept"


def test_a_preprint_record_of_the_exact_title_is_not_accepted():
    ranked = matching.rank(SURVEY, [_work("10.1101/x", SURVEY, kind="posted-content")])
    assert ranked[0].exact and matching.verdict(ranked) == "reject"
