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


# -- issue 22: a hand edit the parser cannot read is named, never lost ---------------------
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from tests.conftest import DATA, cli_process  # noqa: E402

ENTRY = "@misc{k{n},\n  title = {Paper {n}},\n  year = {2019}\n}\n\n"


def _store_with(tmp_path, damaged: str, at: int = 1):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "list.md").write_text("# S\n### A\n" + "".join(f"- [Paper {n}] [[s]](https://scholar.google.com/{n})\n" for n in range(3)))
    blocks = [ENTRY.replace("{n}", str(n)) for n in range(3)]
    blocks[at] = damaged
    text = "".join(blocks)
    (folder / "references.bib").write_text(text)
    return folder, text


@pytest.mark.parametrize(
    "damaged, named",
    [
        ("@misc{k1,\n  title = {Paper } 1},\n  year = {2019}\n}\n\n", "field 'title': text after the value"),  # a stray }
        ("@misc{k1,\n  title = {Paper 1},\n  TITLE = {Other},\n  year = {2019}\n}\n\n", "field 'TITLE' given twice"),
        ("@misc{k1,\n  title = {Paper 1},\n  title = {Other}\n}\n\n", "a field given twice (title)"),
        ("@misc{k1,\n  title = {Paper 1},\n  my field = {x}\n}\n\n", "field name 'my field'"),
        ("@misc{k1,\n  title = {Paper 1},\n  2nd = {x}\n}\n\n", "field name '2nd'"),
        ("@misc{k1,\n  title = {" + "{" * 300 + "1" + "}" * 300 + "}\n}\n\n", "braces nested 301 deep"),
        ("@misc{k1,\n  title = {Paper {1}\n}\n\n", "malformed entry"),
    ],
)
@pytest.mark.parametrize("command", ["sync", "export", "status"])
def test_a_block_the_parser_cannot_read_is_named_and_kept(tmp_path, damaged, named, command):
    folder, text = _store_with(tmp_path, damaged)
    result = cli_process("--data", str(folder), command)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1 and f"references.bib:6: " in result.stderr and named in result.stderr, result.stderr
    assert (folder / "references.bib").read_text() == text  # nothing rewritten, nothing lost
    assert not (folder / store.REMOVED).exists()


def test_every_damaged_block_is_named_at_once(tmp_path):
    folder, text = _store_with(tmp_path, "@misc{k1,\n  title = {A},\n  TiTlE = {B}\n}\n\n")
    text = text.replace("title = {Paper 2}", "title = {Paper } 2}")
    (folder / "references.bib").write_text(text)
    result = cli_process("--data", str(folder), "sync")
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1
    assert "references.bib:6: entry 'k1'" in result.stderr and "references.bib:11: entry 'k2'" in result.stderr, result.stderr


def test_odd_but_legal_field_names_survive_a_rewrite(tmp_path):
    """What BibTeX reads as a field name (`x:y`, `$z`, `a@b`) stays, in the store and in the removed copy."""
    folder, _text = _store_with(tmp_path, "@misc{k1,\n  title = {Paper 1},\n  x:y = {one},\n  $z = {two},\n  a@b = {three}\n}\n\n")
    assert cli_process("--data", str(folder), "sync").returncode == 0
    text = (folder / "references.bib").read_text()
    assert all(f"{name} = {{{value}}}" in text for name, value in (("x:y", "one"), ("$z", "two"), ("a@b", "three")))
    (folder / "list.md").write_text("# S\n### A\n- [Paper 0] [[s]](https://scholar.google.com/0)\n")
    result = cli_process("--data", str(folder), "sync", "--allow-removals")
    assert result.returncode == 0, result.stderr
    removed = (folder / store.REMOVED).read_text()
    last = removed.rsplit("% removed from", 1)[1]  # (an append log: earlier removals above)
    assert "x:y = {one}" in last and "$z = {two}" in last and "a@b = {three}" in last and "title = {Paper 1}" in last


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


def test_value_check_shortcut_agrees_with_the_walk():
    """The store's `{...}` shortcut finds what the character walk finds, on values of every shape."""
    import random

    from medsegcite.bib.store import bibtex

    rng = random.Random(11)
    shortcut = 0
    for _ in range(30000):
        raw = "".join(rng.choice('{{{}}}ab "#,\\') for _ in range(rng.randint(1, 30)))
        if rng.random() < 0.5:
            raw = "{" + raw + "}"
        if rng.random() < 0.05:
            raw = "{" * 33 + raw + "}" * 33  # deeper than MAX_DEPTH
        shortcut += bibtex._one_braced_value(raw)
        assert bibtex._value_problem(raw) == bibtex._walk_value(raw), raw
    assert shortcut > 1000
