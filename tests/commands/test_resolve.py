"""Resolution over real HTTP against the local Crossref stand-in (tests/crossref_standin.py),
which serves the compiled fixture, not live Crossref. habanero and httpx2 make real requests."""

from __future__ import annotations

import json
import shutil

import pytest

from medsegcite.text import normalise_title

from tests.conftest import DATA, FIXTURES
from medsegcite.commands.resolve import WORKERS
from tests.crossref_standin import StandIn, serve
from tests.conftest import cli_code as _cli

FIXTURE = FIXTURES / "crossref-fixture"
DECOYS = {"10.1101/2020.04.22.20074948", "10.1109/tbdata.2021.3056564"}  # other versions of listed papers


@pytest.fixture
def fresh(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("list.md", "decisions.toml"):
        shutil.copy(DATA / name, folder / name)
    return folder


def _resolve(folder, url, *extra):
    return _cli("--data", str(folder), "resolve", "--no-cache", "--crossref-url", url, "--doi-url", url, *extra)


def _status(folder, capsys):
    capsys.readouterr()
    _cli("--data", str(folder), "status", "--json")
    return json.loads(capsys.readouterr().out)


def test_every_fixture_paper_resolves_to_its_record_and_no_other(standin, fresh, capsys):
    app, url = standin
    assert _resolve(fresh, url) == 0
    rows = _status(fresh, capsys)
    assert len(rows) == 98
    assert set(rows[0]) >= {"key", "list_title", "categories", "state", "doi", "score", "source"}
    fixture_dois = {json.loads(p.read_text())["DOI"].lower() for p in FIXTURE.glob("*/*.json")}
    resolved = [r for r in rows if r["state"] == "resolved"]
    assert {r["doi"] for r in resolved} == fixture_dois - DECOYS
    assert len(resolved) == 72
    missing = json.loads((FIXTURE / "not-in-fixture.json").read_text())
    by_hand = {normalise_title(x["title_in_list"]) for x in missing if x["authors"]}  # facts confirmed in public sources
    title_only = {normalise_title(x["title_in_list"]) for x in missing} - by_hand
    for row in rows:
        title = normalise_title(row["list_title"])
        if title in by_hand:  # a [[manual]] record in data/decisions.toml, never a DOI
            assert (row["state"], row["origin"], row["doi"]) == ("manual", "entered by hand", None), row
            assert "sources: " in row["reason"]
        elif title in title_only:
            assert (row["state"], row["origin"], row["doi"]) == ("unresolved", "title only", None) and row["reason"], row
    assert {r["source"] for r in resolved} == {"crossref", "datacite"}
    assert {r["origin"] for r in resolved} == {"from Crossref", "from DataCite"}
    capsys.readouterr()
    _cli("--data", str(fresh), "status")
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == "98 papers: 72 from Crossref/DataCite (66 Crossref, 6 DataCite), 16 entered by hand, 10 title only"


def test_the_shipped_store_is_what_resolve_produces(standin, fresh):
    _app, url = standin
    assert _resolve(fresh, url) == 0
    assert (fresh / "references.bib").read_text() == (DATA / "references.bib").read_text()


def test_a_rerun_asks_nothing_and_keeps_hand_edits(standin, fresh, tmp_path, monkeypatch):
    app, url = standin
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    common = ("--data", str(fresh), "resolve", "--crossref-url", url, "--doi-url", url)
    assert _cli(*common) == 0
    bib = fresh / "references.bib"
    bib.write_text(bib.read_text().replace("journal = {Medical Physics}", "journal = {Med. Phys.}", 1))
    before = len(app.faults.requests)
    assert _cli(*common, "--refresh") == 0  # everything again, but from the cache
    assert len(app.faults.requests) == before
    assert "journal = {Med. Phys.}" in bib.read_text()


def test_faults_are_retried_or_reported_per_entry(standin, fresh, capsys):
    app, url = standin
    (fresh / "list.md").write_text(
        "# S\n### A\n"
        "- [Iterative fully convolutional neural networks for automatic vertebra segmentation and identification] [[s]](https://scholar.google.com/scholar?q=a)\n"
        "- [U-Net based deep learning bladder segmentation in CT urography] [[w]](https://aapm.onlinelibrary.wiley.com/doi/abs/10.1002/mp.13438)\n"
    )
    (fresh / "decisions.toml").write_text("")
    # 1st paper: 429 then 500 then ok on its title search; 2nd: a truncated body for its DOI.
    app.faults.targeted = [("Iterative fully", "429"), ("Iterative fully", "500"), ("/works/10.1002/mp.13438", "truncate")]
    capsys.readouterr()
    code = _resolve(fresh, url)
    app.faults.targeted = []
    said = capsys.readouterr().err
    rows = _status(fresh, capsys)
    assert code == 1  # a lookup failed
    assert [r["state"] for r in rows] == ["resolved", "unresolved"]
    # said, not written: the entry stays as sync made it (no reason, score or candidates)
    assert f"{rows[1]['key']}: lookup failed, entry left as it was: unreadable response" in said
    assert (rows[1]["reason"], rows[1]["score"], rows[1]["candidates"]) == (None, None, [])
    # The next run resumes: only the failed paper is looked up (after the limits probe), and now succeeds.
    before = len(app.faults.requests)
    assert _resolve(fresh, url) == 0
    assert len(app.faults.requests) - before == 2
    assert [r["state"] for r in _status(fresh, capsys)] == ["resolved", "resolved"]


def test_html_error_pages_and_404s_are_clear_failures(standin, fresh, capsys):
    app, url = standin
    (fresh / "list.md").write_text("# S\n### A\n- [Deep retinal image understanding] [[s]](https://scholar.google.com/scholar?q=a)\n")
    (fresh / "decisions.toml").write_text("")
    app.faults.targeted = [("Deep retinal", "html")] * 4  # every attempt of its title search fails
    capsys.readouterr()
    assert _resolve(fresh, url) == 1
    assert "lookup failed, entry left as it was: HTTP 504" in capsys.readouterr().err
    (row,) = _status(fresh, capsys)
    assert row["state"] == "unresolved" and row["reason"] is None


def test_a_stalled_response_times_out_and_is_retried(standin, fresh, capsys):
    app, url = standin
    (fresh / "list.md").write_text("# S\n### A\n- [Deep retinal image understanding] [[s]](https://scholar.google.com/scholar?q=a)\n")
    (fresh / "decisions.toml").write_text("")
    app.faults.targeted = [("Deep retinal", "timeout")]
    assert _resolve(fresh, url, "--timeout", "0.5") == 0
    (row,) = _status(fresh, capsys)
    assert row["state"] == "resolved" and row["doi"] == "10.1007/978-3-319-46723-8_17"
    assert sum("Deep retinal" in r for r in app.faults.requests) >= 2


def test_a_killed_run_loses_nothing_and_the_next_resumes(fresh, capsys):
    import os
    import signal
    import subprocess
    import sys
    import time

    from medsegcite.bib import store

    app = StandIn(limit=20, concurrency=2)
    app.faults.latency = 0.05
    server, url = serve(app)
    try:
        args = ["--data", str(fresh), "resolve", "--no-cache", "--crossref-url", url, "--doi-url", url]
        process = subprocess.Popen([sys.executable, "-m", "medsegcite", *args], stderr=subprocess.DEVNULL, env={**os.environ})
        bib = fresh / "references.bib"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not bib.exists() or bib.read_text().count("medsegcite-state = {resolved}") < 10):
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait()
        saved = store.load(bib)  # whole and parseable, whatever moment the kill came
        done = sum(1 for e in saved if e.state == "resolved")
        assert 10 <= done < 72
        first_run = len(app.faults.requests)
        assert _resolve(fresh, url) == 0
        rows = _status(fresh, capsys)
        assert sum(r["state"] == "resolved" for r in rows) == 72
        resumed = len(app.faults.requests) - first_run
        assert resumed < 125 - done  # the papers already resolved were not asked for again
    finally:
        server.shutdown()
    assert (fresh / "references.bib").read_text() == (DATA / "references.bib").read_text()


def test_a_link_to_another_paper_goes_to_review(standin, fresh, capsys):
    _app, url = standin
    # The DOI in this link is a real fixture record, but of a different paper.
    (fresh / "list.md").write_text("# S\n### A\n- [Brain tumor segmentation on holiday] [[w]](https://onlinelibrary.wiley.com/doi/abs/10.1002/jmri.26337)\n")
    (fresh / "decisions.toml").write_text("")
    assert _resolve(fresh, url) == 0
    (row,) = _status(fresh, capsys)
    assert row["state"] == "review" and "10.1002/jmri.26337" in row["reason"]
    assert row["doi"] is None  # not into the store


def _closed_port() -> int:
    """A port nothing listens on: bound, then closed (connections to it are refused)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _one_error_line(stderr: str) -> str:
    errors = [line for line in stderr.splitlines() if "error" in line.lower()]
    assert len(errors) == 1, stderr
    assert "Traceback" not in stderr and "ConnectError" not in stderr
    return errors[0]


def test_a_closed_port_is_one_line_and_changes_nothing(data_copy):
    """Offline: a short bounded retry, one line naming the host, the store untouched (no error text in it)."""
    from tests.conftest import cli_process

    bib = data_copy / "references.bib"
    before = bib.read_bytes()
    url = f"http://127.0.0.1:{_closed_port()}"
    for extra in ((), ("--refresh",)):  # the unresolved papers, then every paper
        done = cli_process("--data", str(data_copy), "resolve", "--no-cache", "--crossref-url", url, "--doi-url", url, *extra)
        assert done.returncode == 1
        line = _one_error_line(done.stderr)
        assert f"cannot reach {url[7:]} (connection refused); nothing was changed" in line
        requests = int(done.stderr.split(" requests)")[0].rsplit("(", 1)[1])
        assert requests <= 2 * WORKERS  # not 4 attempts a lookup: 41 before
        assert bib.read_bytes() == before
        assert not (data_copy / "references.removed.bib").exists()


def test_an_unknown_host_is_one_line(data_copy):
    from tests.conftest import cli_process

    before = (data_copy / "references.bib").read_bytes()
    url = "http://crossref-stand-in.invalid"  # .invalid never resolves (RFC 6761)
    done = cli_process("--data", str(data_copy), "resolve", "--no-cache", "--crossref-url", url, "--doi-url", url)
    assert done.returncode == 1
    assert "cannot reach crossref-stand-in.invalid (host name not found); nothing was changed" in _one_error_line(done.stderr)
    assert (data_copy / "references.bib").read_bytes() == before


def test_a_standin_that_goes_away_mid_run(fresh):
    """What was resolved before the service went away is kept; the rest stays as sync made it."""
    import threading
    import time

    from medsegcite.bib import store
    from tests.conftest import cli_process

    app = StandIn(limit=50, concurrency=2)
    server, url = serve(app)

    def go_away():
        deadline = time.monotonic() + 120
        while len(app.faults.requests) < 30 and time.monotonic() < deadline:
            time.sleep(0.01)
        server.shutdown()
        server.server_close()  # the port closes: new connections are refused

    watcher = threading.Thread(target=go_away)
    watcher.start()
    try:
        done = cli_process("--data", str(fresh), "resolve", "--no-cache", "--crossref-url", url, "--doi-url", url)
    finally:
        watcher.join()
    assert done.returncode == 1
    line = _one_error_line(done.stderr)
    assert f"cannot reach {url[7:]} (connection refused); the other" in line and "were left as they were" in line
    entries = store.load(fresh / "references.bib")
    assert len(entries) == 98
    resolved = [e for e in entries if e.state == "resolved"]
    assert 0 < len(resolved) < 72
    for entry in entries:
        assert "Error" not in entry.meta.get("reason", "") and "127.0.0.1" not in entry.meta.get("reason", "")
        if entry.state == "unresolved" and not entry.meta.get("reason", "").startswith("no matching record"):
            # not looked up before the service went away: left as sync wrote it
            assert not entry.meta.get("score") and not entry.meta.get("candidates") and not entry.meta.get("reason")


def test_only_the_last_save_of_a_resolve_keeps_its_parse(standin, fresh, tmp_path, monkeypatch):
    """A resolve saves after each paper (a kill loses nothing) but keeps the parse of the store's bytes
    (bib/store/parsed.py) only for its last save: the one the next command reads."""
    from medsegcite.bib.store import parsed

    app, url = standin
    monkeypatch.setenv("MEDSEGCITE_CACHE", str(tmp_path / "cache"))
    assert _resolve(fresh, url) == 0
    kept = sorted(p.name for p in (tmp_path / "cache" / "store").glob(f"{parsed.PARSED_PREFIX}*.json"))
    text = (fresh / "references.bib").read_text(encoding="utf-8")
    assert kept == [f"{parsed.PARSED_PREFIX}{parsed.digest(text)}.json"]
