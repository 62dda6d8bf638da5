"""One process's view of the store, merged per entry and per field with what is on disk."""

import shutil
import subprocess
import sys
import time

from medsegcite.bib import store
from tests.conftest import DATA, cli_process
from tests.bib.store import resolved_entry as _entry, unresolved_paper as _paper


def test_round_trip(tmp_path):
    path = tmp_path / "references.bib"
    store.save(path, [_entry()])
    (loaded,) = store.load(path)
    assert loaded.key == "li2018hdenseunet"
    assert loaded.fields == {"title": "{H-DenseUNet}: hybrid", "year": "2018", "journal": "IEEE TMI"}
    assert loaded.meta["state"] == "resolved"
    assert not any(loaded.edited_by_hand(name) for name in loaded.fields)


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


# -- 10. a deletion by another writer is merged like an edit -------------------------------
def test_a_paper_another_process_removed_is_not_written_back(tmp_path):
    from tests.crossref_standin import StandIn, serve

    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(DATA / "list.md", folder / "list.md")
    shutil.copy(DATA / "decisions.toml", folder / "decisions.toml")
    assert cli_process("--data", str(folder), "sync").returncode == 0
    lines = (folder / "list.md").read_text().splitlines(keepends=True)
    items = [(i, line.split("]", 1)[0][3:]) for i, line in enumerate(lines) if line.startswith("- [") and "](http" in line]
    once = [(i, title) for i, title in items if [t for _, t in items].count(title) == 1]
    last, title = once[-1]  # listed once, and resolve writes it last
    app = StandIn(limit=40, concurrency=2)
    app.faults.latency = 0.05
    server, url = serve(app)
    bib = folder / "references.bib"
    try:
        process = subprocess.Popen([sys.executable, "-m", "medsegcite", "--data", str(folder), "resolve", "--no-cache",
                                    "--crossref-url", url, "--doi-url", url], stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and bib.read_text().count("{resolved}") < 5:
            time.sleep(0.05)
        (folder / "list.md").write_text("".join(lines[:last] + lines[last + 1:]))  # the list drops a paper
        synced = cli_process("--data", str(folder), "sync")
        assert synced.returncode == 0 and "1 removed" in synced.stdout, synced.stderr
        assert process.wait(timeout=180) == 0, process.stderr.read()
    finally:
        server.shutdown()
    from medsegcite.bib import latex

    titles = [e.meta.get("list-title", "") for e in store.load(bib)]
    assert latex.encode(title) not in titles and len(titles) == 97
    assert [e.meta["list-title"] for e in store.load(folder / store.REMOVED)] == [latex.encode(title)]
