import os

import pytest

from medsegcite.bib import store
from medsegcite.bib.store import StoredEntry, StoreError


def _entry():
    entry = StoredEntry("li2018hdenseunet", "article", meta={"state": "resolved"})
    entry.apply({"title": "{H-DenseUNet}: hybrid", "year": "2018", "journal": "IEEE TMI"})
    return entry


def test_round_trip(tmp_path):
    path = tmp_path / "references.bib"
    store.save(path, [_entry()])
    (loaded,) = store.load(path)
    assert loaded.key == "li2018hdenseunet"
    assert loaded.fields == {"title": "{H-DenseUNet}: hybrid", "year": "2018", "journal": "IEEE TMI"}
    assert loaded.meta["state"] == "resolved"
    assert not any(loaded.edited_by_hand(name) for name in loaded.fields)


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


def test_malformed_store_names_its_line(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text("@article{a,\n  title = {ok}\n}\n\n@article{b,\n  title = {broken\n")
    with pytest.raises(StoreError, match=r"references.bib:5: malformed entry"):
        store.load(path)


def test_duplicate_key_is_an_error(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text("@misc{a, title={x}}\n@misc{a, title={y}}\n")
    with pytest.raises(StoreError, match="duplicate key"):
        store.load(path)


def test_write_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "references.bib"
    store.save(path, [_entry()])
    before = path.read_text()

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)  # the rename fails: the old file must stay whole
    with pytest.raises(OSError):
        store.save(path, [])
    assert path.read_text() == before
    assert sorted(os.listdir(tmp_path)) == [".references.bib.lock", "references.bib"]  # no temporary file left
