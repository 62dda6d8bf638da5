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
