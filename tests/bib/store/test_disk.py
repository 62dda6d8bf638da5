"""The store's file: written by rename, through a link in its folder, under the lock; what a write removes is kept."""

import os
import time

import pytest

from medsegcite.bib import store
from tests.bib.store import resolved_entry as _entry, unresolved_paper as _paper


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
