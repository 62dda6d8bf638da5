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

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)  # the rename fails: the old file must stay whole
    with pytest.raises(OSError):
        store.save(path, [])
    assert path.read_text() == before
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]  # no temporary file left


def test_preamble_strings_and_comments_survive_a_write(tmp_path):
    path = tmp_path / "references.bib"
    store.save(path, [_entry()])
    extra = '@preamble{"\\providecommand{\\noopsort}[1]{}"}\n\n@string{tmi = {IEEE TMI}}\n\n% a note of mine\n\n@comment{kept too}\n\n'
    path.write_text(extra + path.read_text())
    entries = store.load(path)
    entries[0].meta["state"] = "review"
    store.save(path, entries)
    text = path.read_text()
    for block in ('@preamble{"\\providecommand{\\noopsort}[1]{}"}', "@string{tmi = {IEEE TMI}}", "% a note of mine", "@comment{kept too}"):
        assert text.count(block) == 1, block
    assert text.count(store.HEADER) == 1 and store.load(path)[0].state == "review"


def test_a_symlinked_store_is_written_through(tmp_path):
    real = tmp_path / "elsewhere" / "mine.bib"
    real.parent.mkdir()
    store.save(real, [_entry()])
    link = tmp_path / "references.bib"
    link.symlink_to(real)
    entries = store.load(link)
    entries[0].meta["state"] = "review"
    store.save(link, entries)
    assert link.is_symlink() and store.load(real)[0].state == "review"


def test_keys_differing_only_in_case_are_refused(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text("@misc{Smith2019, title={x}}\n\n@misc{smith2019, title={y}}\n")
    with pytest.raises(StoreError, match=r"references.bib:3: key 'smith2019' differs only in case from 'Smith2019' \(line 1\)"):
        store.load(path)


def _paper(key: str, title: str) -> StoredEntry:
    entry = StoredEntry(key, "misc", meta={"state": "unresolved", "list-title": title})
    entry.apply({"title": title})
    return entry


def test_two_views_of_one_store_merge_per_entry(tmp_path):
    path = tmp_path / "references.bib"
    store.save(path, [_paper("a", "Alpha"), _paper("b", "Beta"), _paper("c", "Gamma")])
    first, second = store.Store(path), store.Store(path)
    mine, theirs = first.load(), second.load()
    mine[0].meta["state"] = "resolved"  # one process resolves a
    theirs[1].meta["state"] = "resolved"  # another resolves b
    theirs.append(_paper("d", "Delta"))  # and adds d
    second.save(theirs)
    first.save(mine)  # a stale view: b and d must survive it
    assert [(e.key, e.state) for e in store.load(path)] == [("a", "resolved"), ("b", "resolved"), ("c", "unresolved"), ("d", "unresolved")]


def test_a_hand_edit_beats_a_stale_view_and_a_removal_stays_removed(tmp_path):
    path = tmp_path / "references.bib"
    store.save(path, [_paper("a", "Alpha"), _paper("b", "Beta")])
    view = store.Store(path)
    entries = view.load()
    text = path.read_text().replace("  title = {Alpha}", "  title = {Alpha, by hand}", 1)
    text = text[: text.index("@misc{b")]  # and b removed by another process
    path.write_text(text)
    entries[0].meta["score"] = "0.950"
    entries[1].meta["score"] = "0.900"
    view.save(entries)
    (kept,) = store.load(path)
    assert kept.fields["title"] == "Alpha, by hand" and kept.meta["score"] == "0.950"
    assert kept.edited_by_hand("title")


def test_what_a_write_removes_is_kept(tmp_path):
    path = tmp_path / "references.bib"
    store.save(path, [_paper("a", "Alpha"), _paper("b", "Beta")])
    store.save(path, [_paper("a", "Alpha")])
    (gone,) = store.load(tmp_path / store.REMOVED)
    assert gone.key == "b"
    store.save(path, [])
    assert [e.key for e in store.load(tmp_path / store.REMOVED)] == ["b", "a"]


def test_a_write_waits_for_the_lock(tmp_path):
    import threading
    import time

    path = tmp_path / "references.bib"
    store.save(path, [_paper("a", "Alpha")])
    done = []
    with store.lock(path):
        writer = threading.Thread(target=lambda: done.append(store.save(path, [_paper("a", "Alpha"), _paper("b", "Beta")])))
        writer.start()
        time.sleep(0.3)
        assert not done and len(store.load(path)) == 1  # held off while another holds the lock
    writer.join(5)
    assert len(store.load(path)) == 2
