"""The store's CSL items kept between runs: read when the store is unchanged, never trusted
when stale or damaged, skipped when the cache folder cannot be written."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from medsegcite.bib import item_cache, records, store

from tests.conftest import DATA, cli_process


@pytest.fixture(scope="module")
def entries():
    return store.load(DATA / "references.bib")


@pytest.fixture(scope="module")
def fresh(entries):
    return [records.from_bibtex(e.key, e.entry_type, e.fields) for e in entries]


def _files(cache: Path) -> list[Path]:
    return sorted((cache / "csl-items").glob("items-*.json"))


def test_a_second_run_reads_the_items_the_first_wrote(entries, fresh, tmp_path):
    assert item_cache.csl_items(entries, str(tmp_path)) == fresh
    [written] = _files(tmp_path)
    # Proof the file is what the next call returns: a title changed in it shows up.
    data = json.loads(written.read_text(encoding="utf-8"))
    data["items"][0]["title"] = "Read from the cache"
    written.write_text(json.dumps(data), encoding="utf-8")
    assert item_cache.csl_items(entries, str(tmp_path))[0]["title"] == "Read from the cache"


def test_an_edited_store_is_converted_again(entries, fresh, tmp_path):
    item_cache.csl_items(entries, str(tmp_path))
    edited = [replace(entries[0], fields={**entries[0].fields, "title": "An {E}dited Title"}), *entries[1:]]
    items = item_cache.csl_items(edited, str(tmp_path))
    assert items[0]["title"] == "An Edited Title" and items[1:] == fresh[1:]
    assert len(_files(tmp_path)) == 2  # one per store version
    renamed = [replace(entries[0], key="renamed2024"), *entries[1:]]
    assert item_cache.csl_items(renamed, str(tmp_path))[0]["id"] == "renamed2024"


@pytest.mark.parametrize(
    "damage",
    [
        lambda text, data: "{broken",
        lambda text, data: text[: len(text) // 2],  # cut short
        lambda text, data: "",
        lambda text, data: json.dumps([data]),
        lambda text, data: json.dumps({**data, "version": 0}),
        lambda text, data: json.dumps({**data, "items": data["items"][1:]}),  # one item missing
        lambda text, data: json.dumps({**data, "items": data["items"][::-1]}),  # ids in another order
        lambda text, data: json.dumps({**data, "items": [{**data["items"][0], "issued": True}, *data["items"][1:]]}),
        lambda text, data: json.dumps({**data, "items": [None, *data["items"][1:]]}),
        lambda text, data: json.dumps({**data, "digest": "0" * 32}),  # another store's file under this name
    ],
)
def test_a_damaged_cache_is_ignored_and_rewritten(entries, fresh, tmp_path, damage):
    item_cache.csl_items(entries, str(tmp_path))
    [written] = _files(tmp_path)
    text = written.read_text(encoding="utf-8")
    written.write_text(damage(text, json.loads(text)), encoding="utf-8")
    assert item_cache.csl_items(entries, str(tmp_path)) == fresh
    assert written.read_text(encoding="utf-8") == text  # converted again and cached whole


def test_a_cache_folder_that_cannot_be_written_is_skipped(entries, fresh, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert item_cache.csl_items(entries, str(blocker)) == fresh  # makedirs under a file fails, as root too
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o500)
    try:
        assert item_cache.csl_items(entries, str(read_only)) == fresh
        if os.geteuid() != 0:  # root writes anyway
            assert not (read_only / "csl-items").exists()
    finally:
        read_only.chmod(0o700)


def test_no_cache_folder_converts_each_time(entries, fresh, tmp_path, monkeypatch):
    monkeypatch.setenv("MEDSEGCITE_CACHE", str(tmp_path))
    assert item_cache.csl_items(entries, "") == fresh
    assert not (tmp_path / "csl-items").exists()


def test_old_files_are_pruned(entries, tmp_path):
    for number in range(item_cache.KEEP + 3):
        edited = [replace(entries[0], fields={**entries[0].fields, "title": f"Version {number}"}), *entries[1:]]
        item_cache.csl_items(edited, str(tmp_path))
    assert len(_files(tmp_path)) == item_cache.KEEP


def test_render_reads_an_edited_store_fresh(data_copy, tmp_path):
    """The whole command, twice on one store and once after an edit: the cache never shows a stale title."""
    env = {"MEDSEGCITE_CACHE": str(tmp_path / "cache")}
    args = ("--data", str(data_copy), "render", "--style", "ieee", "--category", "Liver")
    first = cli_process(*args, env=env)
    assert first.returncode == 0, first.stderr
    assert len(_files(tmp_path / "cache")) == 1
    again = cli_process(*args, env=env)
    assert again.stdout == first.stdout
    bib = data_copy / "references.bib"
    text = bib.read_text(encoding="utf-8")
    assert "H-DenseUNet" in first.stdout
    bib.write_text(text.replace("H-DenseUNet", "H-DenseUNet Edited", 1), encoding="utf-8")
    edited = cli_process(*args, env=env)
    assert edited.returncode == 0, edited.stderr
    assert "H-DenseUNet Edited" in edited.stdout


def test_the_hash_covers_every_module_the_conversion_runs():
    """Each medsegcite module that records.py, latex.py and markup.py import is hashed: an edit of
    any of them must name another cache file."""
    import ast

    folder = Path(item_cache.__file__).parent
    imported = set()
    for name in item_cache.CONVERTER:
        for node in ast.walk(ast.parse((folder / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("medsegcite"):
                packages = ("medsegcite.bib", "medsegcite.listing")
                modules = [node.module] if node.module not in packages else [f"{node.module}.{a.name}" for a in node.names]
                imported |= {m.rsplit(".", 1)[-1] + ".py" for m in modules}
    hashed = {name.rsplit("/", 1)[-1] for name in item_cache.CONVERTER}
    assert imported and imported <= hashed, imported - hashed
