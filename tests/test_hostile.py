"""Issue 10 end to end, as a hostile server, a careless user or a second process would have it:
the real CLI against the Crossref stand-in over real HTTP. Nothing injected, nothing lost."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time

import pytest

from medsegcite.bib import store
from tests.conftest import DATA
from tests.crossref_standin import HOSTILE_DOIS, StandIn, hostile, serve
from tests.conftest import cli_code as _cli

BLADDER = "- [U-Net based deep learning bladder segmentation in CT urography] [[w]](https://aapm.onlinelibrary.wiley.com/doi/abs/10.1002/mp.13438)\n"
RETINA = "- [Deep retinal image understanding] [[s]](https://scholar.google.com/scholar?q=a)\n"


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "data"
    target.mkdir()
    (target / "list.md").write_text("# S\n### A\n" + BLADDER + RETINA)
    (target / "decisions.toml").write_text("")
    return target


def _resolve(folder, url, *extra):
    return _cli("--data", str(folder), "resolve", "--crossref-url", url, "--doi-url", url, *extra)


def _status(folder, capsys):
    capsys.readouterr()
    assert _cli("--data", str(folder), "status", "--json") == 0
    return json.loads(capsys.readouterr().out)


# -- 1. a DOI from the network is untrusted text ----------------------------------------
@pytest.mark.parametrize("doi", HOSTILE_DOIS)
@pytest.mark.parametrize("where", ["/works/10.1002/mp.13438", "Deep retinal"])  # a work message, a search candidate
def test_a_hostile_doi_never_reaches_the_store(standin, folder, capsys, monkeypatch, tmp_path, doi, where):
    app, url = standin
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    app.faults.targeted = [(where, hostile({"DOI": doi}))]
    assert _resolve(folder, url) == 1  # that paper's lookup failed
    text = (folder / "references.bib").read_text()
    assert not re.search(r"^\s*note\s*=", text, re.M) and "input" not in text and "\x1b" not in text and "onerror" not in text
    rows = _status(folder, capsys)  # the store is whole: every command still works
    assert [r["state"] for r in rows].count("unresolved") == 1
    assert all(r["doi"] is None or r["doi"] in ("10.1002/mp.13438", "10.1007/978-3-319-46723-8_17") for r in rows)
    assert _cli("--data", str(folder), "review") == 0
    # The same run against the healthy server: resolved, nothing of the hostile answer was cached.
    assert _resolve(folder, url) == 0
    assert [r["state"] for r in _status(folder, capsys)] == ["resolved", "resolved"]


# -- 4. a malformed response is a per-paper failure and never cached --------------------
@pytest.mark.parametrize(
    "fault",
    [hostile({"title": 42}), hostile({"author": "A. Person"}), hostile({"issued": "2019"}), hostile(message={"items": {}})],
)
def test_a_malformed_response_fails_one_paper_and_is_not_remembered(standin, folder, capsys, monkeypatch, tmp_path, fault):
    app, url = standin
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    target = "Deep retinal" if "items" in (fault.get("message") or {}) else "/works/10.1002/mp.13438"
    app.faults.targeted = [(target, fault)]
    capsys.readouterr()
    assert _resolve(folder, url) == 1
    assert "lookup failed, entry left as it was: malformed response" in capsys.readouterr().err  # said, not stored
    rows = _status(folder, capsys)
    assert sorted(r["state"] for r in rows) == ["resolved", "unresolved"]
    assert _resolve(folder, url, "--refresh") == 0  # with the cache on, against a healthy server
    assert [r["state"] for r in _status(folder, capsys)] == ["resolved", "resolved"]


def test_a_damaged_cache_is_fetched_again(standin, folder, capsys, monkeypatch, tmp_path):
    _app, url = standin
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert _resolve(folder, url) == 0
    for path in (tmp_path / "cache").rglob("*.json"):
        path.write_text(path.read_text()[:10])  # truncated on disk
    assert _resolve(folder, url, "--refresh") == 0
    assert [r["state"] for r in _status(folder, capsys)] == ["resolved", "resolved"]


def test_a_trickling_server_cannot_hold_resolve(folder, capsys):
    app = StandIn(limit=200, concurrency=8)
    app.faults.trickle_seconds = 0.2
    app.faults.plan = ["ok"] + ["trickle"] * 20  # after the limits probe, every lookup trickles
    server, url = serve(app)
    try:
        started = time.monotonic()
        capsys.readouterr()
        assert _cli("--data", str(folder), "resolve", "--no-cache", "--crossref-url", url, "--doi-url", url, "--timeout", "0.5") == 1
        assert time.monotonic() - started < 30  # 4 attempts of at most ~1 s each, with backoff
    finally:
        server.shutdown()
    assert "took longer than 0.5 s" in capsys.readouterr().err  # said on stderr; the entries stay as they were


# -- 2. an empty list does not wipe the store -------------------------------------------
@pytest.mark.parametrize("text", ["", "# Title\n\n## Overview\n", "# S\n### A\nsome prose, no items\n", "\n" * 10])
@pytest.mark.parametrize("command", ["sync", "resolve"])
def test_an_empty_list_does_not_wipe_the_store(data_copy, text, command, capsys):
    before = (data_copy / "references.bib").read_text()
    (data_copy / "list.md").write_text(text)
    args = ["--data", str(data_copy), command] + (["--no-cache", "--crossref-url", "http://127.0.0.1:9"] if command == "resolve" else [])
    assert _cli(*args) == 1
    assert "--allow-removals" in capsys.readouterr().err
    assert (data_copy / "references.bib").read_text() == before
    # Asked for explicitly: done, and what was removed is kept aside.
    assert _cli("--data", str(data_copy), "sync", "--allow-removals") == 0
    assert store.load(data_copy / "references.bib") == []
    assert len(store.load(data_copy / store.REMOVED)) == 98


def test_a_few_removals_go_through_with_a_backup(data_copy, capsys):
    lines = (data_copy / "list.md").read_text().splitlines(keepends=True)
    gone = next(i for i, line in enumerate(lines) if line.startswith("- [LungSeg-Net"))
    (data_copy / "list.md").write_text("".join(lines[:gone] + lines[gone + 1 :]))
    assert _cli("--data", str(data_copy), "sync") == 0
    assert len(store.load(data_copy / "references.bib")) == 97
    (removed,) = store.load(data_copy / store.REMOVED)
    assert "LungSeg-Net" in removed.fields["title"]


def test_a_bom_before_the_first_heading_loses_no_section(data_copy, capsys):
    text = (data_copy / "list.md").read_text()
    (data_copy / "list.md").write_text("\ufeff" + text.lstrip())
    assert _cli("--data", str(data_copy), "sync") == 0
    assert "98 papers" in capsys.readouterr().out


# -- 8. a key does not depend on network luck --------------------------------------------
def test_a_failed_first_lookup_does_not_freeze_a_title_key(standin, folder, capsys):
    app, url = standin
    app.faults.targeted = [("Deep retinal", "html")] * 4  # every attempt of its first lookup fails
    assert _resolve(folder, url, "--no-cache") == 1
    assert [r["key"] for r in _status(folder, capsys)][1] == "deepretinal"  # provisional: what the title gives
    assert _resolve(folder, url, "--no-cache") == 0
    keys = [r["key"] for r in _status(folder, capsys)]
    clean = folder.parent / "clean"
    shutil.copytree(folder, clean)
    (clean / "references.bib").unlink()
    assert _resolve(clean, url, "--no-cache") == 0
    assert keys == [r["key"] for r in _status(clean, capsys)]  # as if no lookup had ever failed
    # Once resolved, a key is final: a refresh keeps it, even one that fails.
    app.faults.targeted = [("Deep retinal", "html")] * 4
    _resolve(folder, url, "--no-cache", "--refresh")
    assert [r["key"] for r in _status(folder, capsys)] == keys


# -- 5. two processes at once ------------------------------------------------------------
def _spawn(folder, url, *extra):
    args = ["--data", str(folder), "resolve", "--no-cache", "--crossref-url", url, "--doi-url", url, *extra]
    return subprocess.Popen([sys.executable, "-m", "medsegcite", *args], stderr=subprocess.PIPE, text=True)


def test_two_resolves_at_once_lose_nothing(tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("list.md", "decisions.toml"):
        shutil.copy(DATA / name, folder / name)
    assert _cli("--data", str(folder), "sync") == 0
    app = StandIn(limit=100, concurrency=4)
    app.faults.latency = 0.05
    server, url = serve(app)
    try:
        runs = [_spawn(folder, url, "--category", name) for name in ("Liver", "Lung", "Prostate")]
        for process in runs:
            assert process.wait(timeout=120) == 0, process.stderr.read()
    finally:
        server.shutdown()
    rows = {r["list_title"]: r for r in _status(folder, capsys)}
    expected = tmp_path / "expected"
    expected.mkdir()
    for name in ("list.md", "decisions.toml", "references.bib"):
        shutil.copy(DATA / name, expected / name)
    shipped = {r["list_title"]: r for r in _status(expected, capsys)}
    for name in ("Liver", "Lung", "Prostate"):
        wanted = [r for r in shipped.values() if any(c.endswith("/" + name) for c in r["categories"])]
        assert wanted and all(rows[r["list_title"]]["state"] == r["state"] for r in wanted), name
        assert all(rows[r["list_title"]]["doi"] == r["doi"] for r in wanted), name


def test_a_hand_edit_saved_while_resolve_runs_is_kept(tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("list.md", "decisions.toml"):
        shutil.copy(DATA / name, folder / name)
    app = StandIn(limit=40, concurrency=2)
    app.faults.latency = 0.05
    server, url = serve(app)
    bib = folder / "references.bib"
    try:
        process = _spawn(folder, url)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not bib.exists() or bib.read_text().count("{resolved}") < 5):
            time.sleep(0.05)
        with store.lock(bib):  # as an editor that saves atomically between two of resolve's writes
            text = bib.read_text()
            journal = re.search(r"journal = \{([^{}]+)\}", text).group(1)
            edited = text.replace(f"journal = {{{journal}}}", f"journal = {{{journal} (mine)}}", 1)
            tmp = folder / "edit.tmp"
            tmp.write_text(edited)
            os.replace(tmp, bib)
        assert process.wait(timeout=120) == 0, process.stderr.read()
    finally:
        server.shutdown()
    assert f"journal = {{{journal} (mine)}}" in bib.read_text()
    assert sum(r["state"] == "resolved" for r in _status(folder, capsys)) == 72


# -- 8. nothing from the list or the network drives the terminal ---------------------------
def test_review_and_status_print_no_escape_sequences(folder, capsys):
    (folder / "list.md").write_text("# S\n### A\n- [Evil \x1b]0;owned\x07title \x1b[2J\x1b[31mred\u202e] [[s]](https://scholar.google.com/x)\n")
    assert _cli("--data", str(folder), "sync") == 0
    capsys.readouterr()
    assert _cli("--data", str(folder), "review") == 0
    assert _cli("--data", str(folder), "status") == 0
    out = capsys.readouterr().out
    assert "Evil" in out and "papers wait for a decision" in out
    assert not any(char in out for char in "\x1b\x07\u202e")


def test_status_reads_hand_damaged_bookkeeping(folder, capsys):
    """A candidate DOI with a space, a score that is not a number: no crash, the damaged parts read as absent."""
    (folder / "list.md").write_text("# S\n### A\n- [A paper waiting for review] [[s]](https://scholar.google.com/x)\n")
    assert _cli("--data", str(folder), "sync") == 0
    bib = folder / "references.bib"
    text = bib.read_text()
    damaged = text.replace("medsegcite-state = {unresolved}", "medsegcite-state = {review},\n  medsegcite-score = {high},\n"
                           "  medsegcite-candidates = {10.1234/a b=0.91 10.1234/ok=0.88 =x}", 1)
    assert damaged != text
    bib.write_text(damaged)
    capsys.readouterr()
    assert _cli("--data", str(folder), "status", "--json") == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["score"] is None and row["candidates"] == [["10.1234/ok", 0.88]]
    assert _cli("--data", str(folder), "review") == 0
