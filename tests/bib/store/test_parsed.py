"""The store's parse kept by the digest of its bytes: what our writer says a text reads back as is
what a parse of it gives, and a read of bytes our code wrote takes it instead of parsing."""

import os
import pstats
import subprocess
import sys

import pytest

from medsegcite.bib import store
from medsegcite.bib.store import StoredEntry, parsed
from medsegcite.bib.store.bibtex import HEADER, written


def _varied_entries() -> list[StoredEntry]:
    """Values of every kind a store meets: TeX, accents, newlines, stray and deep braces, percent
    signs, macros, CJK, control characters; entry types in capitals, empty bookkeeping, a
    standard field spelt like bookkeeping."""
    values = ["{H-DenseUNet}: hybrid", "Grün \\& naïve", "two\nlines\n\nand a blank", "stray } brace",
              "open { brace", "{" * 30 + "deep" + "}" * 30, "50% faster", "\\input{x}", "深層学習", "tab\there",
              "  padded  ", "", "a \"quote\"", "@article{fake, title={x}}", "\x07bell", "a\r\nb", "{}", "x_1 ^^5c"]
    entries = []
    for number, value in enumerate(values * 3):
        entry = StoredEntry(f"key{number}", ("Article", "misc", "INPROCEEDINGS")[number % 3],
                            meta={"state": "resolved", "list-title": value, "reason": "", "source": value[:5]})
        entry.apply({"title": value, "year": str(2000 + number), "note": values[(number * 5) % len(values)],
                     "pages": "1--2" if number % 2 else "", "url": f"https://example.org/{number}?q={value[:4]}"})
        if number % 7 == 0:
            entry.fields["Medsegcite-Odd"] = "a standard field spelt like bookkeeping"
        entries.append(entry)
    return entries


def test_what_the_writer_reads_back_is_the_parse(tmp_path):
    entries = _varied_entries()
    text, read = written(entries, HEADER)
    assert read is not None and read == store.parse(text)  # fields, bookkeeping and lines alike
    assert [e.line for e in read] == [e.line for e in store.parse(text)] and len({e.line for e in read}) == len(read)
    text, read = written(entries[:5])  # no header
    assert read == store.parse(text)


def test_a_text_the_checks_would_refuse_has_no_written_parse():
    twins = [StoredEntry("Same", "misc", {"title": "a"}), StoredEntry("same", "misc", {"title": "b"})]
    assert written(twins, HEADER)[1] is None  # keys differing in case: only the parse may say what it holds
    assert written([StoredEntry("a key", "misc", {"title": "a"})], HEADER)[1] is None
    assert written([StoredEntry("k", "misc", {"title": "a"})], HEADER, ["@string{tmi = {IEEE TMI}}"])[1] is None
    deep = [StoredEntry("k", "misc", {"title": "{" * 40 + "deep" + "}" * 40})]  # written, but refused when read
    assert written(deep, HEADER)[1] is None
    with pytest.raises(store.StoreError, match="nested 41 deep"):
        store.parse(written(deep, HEADER)[0])


def _parses(command: list[str], folder, tmp_path) -> int:
    """How often `medsegcite ... command` parsed a store's text (cProfile of the whole process)."""
    profile = tmp_path / "run.prof"
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "medsegcite", "--data", str(folder), "-q",
                    *command], check=True, capture_output=True)
    stats = pstats.Stats(str(profile)).stats
    return sum(calls[1] for (path, _, name), calls in stats.items() if name == "parse_library" and "medsegcite" in path)


def test_a_store_our_code_wrote_is_not_parsed_again(data_copy, tmp_path, monkeypatch):
    """After another command wrote the store (as resolve does), `sync` takes its parse from the cache;
    a hand edit of the store, a damaged cache file or an edit of the list bring the work back."""
    bib = data_copy / "references.bib"
    monkeypatch.setenv("MEDSEGCITE_CACHE", str(tmp_path / "cache"))
    view = store.Store(bib)
    entries = view.load()
    entries[0].meta["state"] = "review"  # another command's write
    view.save(entries)
    written_bytes = bib.read_bytes()
    assert _parses(["sync"], data_copy, tmp_path) == 0
    assert bib.read_bytes() == written_bytes  # nothing changed, nothing written
    # a hand edit: parsed, and kept
    bib.write_text(bib.read_text().replace("keywords = {", "keywords = {Hand, ", 1))
    assert _parses(["sync"], data_copy, tmp_path) == 1 and "keywords = {Hand, " in bib.read_text()
    # that sync's write is ours again; a damaged cache file is no entry
    for kept in (tmp_path / "cache" / "store").iterdir():
        kept.write_text('{"digest": "0", "entries": [], "kept": []}')
    assert _parses(["status"], data_copy, tmp_path) == 1
    assert _parses(["status"], data_copy, tmp_path) == 0  # that parse kept
    # an edit of the list: synced from the kept parse, the paper added
    with open(data_copy / "list.md", "a") as handle:
        handle.write("- [A paper added for this test of the kept parse]  [[scholar]](https://example.org/added)\n")
    assert _parses(["sync"], data_copy, tmp_path) == 0
    assert "A paper added for this test of the kept parse" in bib.read_text()
    assert [e for e in store.parse(bib.read_text()) if e.meta.get("list-title", "").startswith("A paper added")]


def test_a_foreign_cache_file_is_no_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDSEGCITE_CACHE", str(tmp_path / "cache"))
    text, read = written(_varied_entries()[:3], HEADER)
    name = parsed.digest(text)
    parsed.remember(name, read, [])
    assert parsed.recall(name) == (read, [])
    path = tmp_path / "cache" / "store" / f"parsed-{name}.json"
    for damage in ("not json", "[]", '{"digest": "%s", "entries": [[1, 2, 3, 4, 5]], "kept": []}' % name,
                   '{"digest": "%s", "entries": [["k", "misc", {"title": 5}, {}, null]], "kept": []}' % name,
                   '{"digest": "%s", "entries": [["k", "misc", {"title": "x"}, {}, "12"]], "kept": []}' % name):
        path.write_text(damage)
        assert parsed.recall(name) is None, damage
    assert parsed.recall(parsed.digest(text + " ")) is None
