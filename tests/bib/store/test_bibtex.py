"""The store's text: read whole and checked, or refused with the line; what BibTeX allows survives."""

import pytest

from medsegcite.bib import store
from medsegcite.bib.store import StoreError
from tests.conftest import cli_process
from tests.bib.store import resolved_entry as _entry


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


def test_keys_differing_only_in_case_are_refused(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text("@misc{Smith2019, title={x}}\n\n@misc{smith2019, title={y}}\n")
    with pytest.raises(StoreError, match=r"references.bib:3: key 'smith2019' differs only in case from 'Smith2019' \(line 1\)"):
        store.load(path)


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


def _cold(entries, header):
    """What the writer gives with nothing remembered (a fresh process)."""
    from medsegcite.bib.store import bibtex

    bibtex._PENDING, bibtex._WRITTEN = None, {}
    return bibtex.written(entries, header)


def test_an_unchanged_entry_taken_whole_gives_the_bytes_and_parse_a_fresh_write_gives(tmp_path):
    """A write after a read takes each unchanged entry's text from what was read; the text and its
    read-back are those of a write that encodes everything, whatever the edits between."""
    import copy

    from medsegcite.bib.store import bibtex
    from tests.bib.store.test_parsed import _varied_entries

    entries = _varied_entries()
    bib = tmp_path / "references.bib"
    for header in (bibtex.HEADER, ""):
        text, _ = _cold(entries, header)
        bib.write_text(text, encoding="utf-8")
        for edit in range(5):
            loaded = store.load(bib)  # remembers each entry's text
            changed = copy.deepcopy(loaded)
            if edit == 0:
                changed[3].fields["title"] = "changed {by} hand"
            elif edit == 1:
                changed.append(store.StoredEntry("added", "misc", {"title": "two\nlines"}))
            elif edit == 2:
                del changed[10]
            elif edit == 3:
                changed.reverse()
            else:
                loaded[0].meta["state"] = "review"  # a loaded entry changed in place after the read
                changed = loaded
            got = bibtex.written(changed, header)
            assert got == _cold(changed, header), (header, edit)
            assert got[1] is None or got[1] == store.parse(got[0])


def test_a_sync_that_adds_one_paper_encodes_one_entry(data_copy, tmp_path):
    """After a write of ours, a sync of a list with one paper more encodes that paper's entry alone
    (cProfile of the whole process), and writes what a write of everything writes."""
    import os
    import pstats
    import subprocess
    import sys

    from medsegcite.bib.store import bibtex

    env = {**os.environ, "MEDSEGCITE_CACHE": str(tmp_path / "cache")}
    run = [sys.executable, "-m", "medsegcite", "--data", str(data_copy), "-q", "sync"]
    subprocess.run(run, check=True, capture_output=True, env=env)
    with open(data_copy / "list.md", "a", encoding="utf-8") as handle:
        handle.write("- [One paper more for the encoding count]  [[scholar]](https://example.org/one-more)\n")
    profile = tmp_path / "sync.prof"
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), *run[1:]], check=True, capture_output=True, env=env)
    calls = {name: counts[1] for (path, _, name), counts in pstats.Stats(str(profile)).stats.items() if "medsegcite" in path}
    assert calls.get("to_block") == 1
    text = (data_copy / "references.bib").read_text(encoding="utf-8")
    assert "One paper more for the encoding count" in text
    assert _cold(store.parse(text), bibtex.HEADER)[0] == text
