"""A store entry: which fields a person edited, and what a refresh keeps."""

from medsegcite.bib import store
from tests.bib.store import resolved_entry as _entry


def test_hand_edits_survive_a_refresh(tmp_path):
    path = tmp_path / "references.bib"
    store.save(path, [_entry()])
    text = path.read_text().replace("journal = {IEEE TMI}", "journal = {IEEE Trans. Med. Imaging}")
    text = text.replace("  year = {2018},\n", "")  # a person deleted the year
    text = text.replace("@article{li2018hdenseunet,", "@article{li2018hdenseunet,\n  note = {mine},")
    path.write_text(text)
    (entry,) = store.load(path)
    assert entry.edited_by_hand("journal") and entry.edited_by_hand("year") and entry.edited_by_hand("note")
    entry.apply({"title": "{H-DenseUNet}: Hybrid", "year": "2019", "journal": "TMI", "volume": "37"})
    assert entry.fields == {
        "title": "{H-DenseUNet}: Hybrid",  # not edited: refreshed
        "journal": "IEEE Trans. Med. Imaging",  # edited: kept
        "note": "mine",  # added by hand: kept
        "volume": "37",  # new from the tool
    }
    store.save(path, [entry])
    (again,) = store.load(path)
    assert again.fields == entry.fields
    assert again.edited_by_hand("journal") and not again.edited_by_hand("volume")


def test_fields_the_tool_no_longer_gives_are_dropped():
    entry = _entry()
    entry.apply({"title": "{H-DenseUNet}: hybrid"})
    assert entry.fields == {"title": "{H-DenseUNet}: hybrid"}
