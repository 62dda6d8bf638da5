"""Position conditions without `near-note-distance` (medsegcite/csl/fixes/positions.py)."""

from medsegcite.bib import export, store
from medsegcite.csl import render

from tests.conftest import DATA


def test_styles_testing_near_note_without_its_distance_render():
    # Two styles of the sweep test position="near-note" and never set near-note-distance:
    # citeproc-py raised KeyError for the whole list (98 entries) before.
    items = export.csl_items(store.load(DATA / "references.bib"))
    for name in ("istanbul-universitesi-sosyal-bilimler-enstitusu", "universite-catholique-de-louvain-fial"):
        entries = render.bibliography(items, render.find_style(name))
        assert len(entries) == len(items), name
