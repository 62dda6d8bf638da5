"""The client against a hostile or broken server (the stand-in over real HTTP): whatever
arrives, a lookup either returns a record of the shape we read or fails with one reason;
nothing bad is cached, a damaged cache entry is fetched again, a slow or huge body is cut off."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from medsegcite.crossref.client import Client, LookupFailed, Settings, valid_doi
from tests.crossref_standin import HOSTILE_DOIS, PARENTHESES_DOI, hostile

DOI = "10.1002/mp.13438"  # a fixture record
TITLE = "U-Net based deep learning bladder segmentation in CT urography"


@pytest.fixture
def client(standin, tmp_path):
    _app, url = standin

    def make(**given):
        settings = Settings(crossref_url=url, doi_url=url, cache_dir=str(tmp_path / "cache"), attempts=1, **given)
        return Client(settings)

    return make


def _cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").rglob("*.json")) if (tmp_path / "cache").exists() else []


@pytest.mark.parametrize("doi", [*HOSTILE_DOIS, "10.1000/x%7D", "10.1000/a#b", "10.1000/é", "11.1000/x", "10.1000/", 42, None])
def test_what_is_not_a_safe_doi_is_refused(doi):
    assert not valid_doi(doi)


@pytest.mark.parametrize("doi", [DOI, PARENTHESES_DOI, "10.1002/(sici)1097-4636(199603)30:3<273::aid-jbm1>3.0.co;2-m", "10.48550/arxiv.1703.04347"])
def test_real_dois_are_valid(doi):
    assert valid_doi(doi)


@pytest.mark.parametrize("doi", HOSTILE_DOIS)
def test_a_hostile_doi_in_a_work_or_a_candidate_fails_the_lookup_and_is_not_cached(standin, client, tmp_path, doi):
    app, _url = standin
    lookups = [("/works/10.1002/mp.13438", lambda c: c.work(DOI)), ("U-Net based deep", lambda c: c.search(TITLE))]
    for target, lookup in lookups:
        app.faults.targeted = [(target, hostile({"DOI": doi}))]
        with pytest.raises(LookupFailed, match="malformed response: .*DOI"):
            lookup(client())
        assert not app.faults.targeted and _cache_files(tmp_path) == []
    # The same lookups against the healthy server: records, cached.
    assert client().work(DOI)["DOI"] == DOI and client().search(TITLE)[0]["DOI"] == DOI
    assert len(_cache_files(tmp_path)) == 2


def test_a_doi_with_parentheses_is_a_doi(standin, client):
    app, _url = standin
    app.faults.targeted = [("/works/10.1002/mp.13438", hostile({"DOI": PARENTHESES_DOI}))]
    assert client().work(DOI)["DOI"] == PARENTHESES_DOI


def test_a_hostile_doi_is_never_requested(standin, client):
    app, _url = standin
    before = len(app.faults.requests)
    for doi in HOSTILE_DOIS:
        with pytest.raises(LookupFailed, match="not a DOI"):
            client().work(doi)
        with pytest.raises(LookupFailed, match="not a DOI"):
            client().csl(doi)
    assert len(app.faults.requests) == before


@pytest.mark.parametrize(
    "target, lookup, fault",
    [
        ("/works/10.1002", "work", hostile({"title": 42})),
        ("/works/10.1002", "work", hostile({"author": "Someone"})),
        ("/works/10.1002", "work", hostile({"author": ["Someone"]})),
        ("/works/10.1002", "work", hostile({"issued": "2019"})),
        ("/works/10.1002", "work", hostile({"issued": {"date-parts": "2019"}})),
        ("/works/10.1002", "work", hostile({"volume": {"a": 1}})),
        ("/works/10.1002", "work", hostile(message=["not", "a", "work"])),
        ("/works/10.1002", "work", hostile(raw=b"[]")),
        ("/works/10.1002", "work", hostile(raw=b"\xff\xfe not json")),
        ("U-Net based deep", "search", hostile(message={"items": {"DOI": DOI}})),
        ("U-Net based deep", "search", hostile(message={"items": [DOI]})),
        ("U-Net based deep", "search", hostile({"title": [42]})),
        ("U-Net based deep", "search", hostile(raw=b'{"message": null}')),
        ("/v1/works/10.1002", "csl", hostile({"title": {"x": 1}})),
    ],
)
def test_a_malformed_response_is_a_failure_and_never_cached(standin, client, tmp_path, target, lookup, fault):
    app, _url = standin
    calls = {"work": lambda c: c.work(DOI), "search": lambda c: c.search(TITLE), "csl": lambda c: c.csl(DOI)}
    app.faults.targeted = [(target, fault)]
    with pytest.raises(LookupFailed, match="malformed response|unreadable response"):
        calls[lookup](client())
    assert _cache_files(tmp_path) == []
    assert calls[lookup](client())  # healthy again: the failure was not remembered


@pytest.mark.parametrize("damage", [lambda t: t[: len(t) // 2], lambda t: "", lambda t: '{"request": [], "value": 1}', lambda t: t.replace(DOI, "10.1000/a b")])
def test_a_damaged_cache_entry_is_dropped_and_fetched_again(standin, client, tmp_path, damage):
    app, _url = standin
    assert client().work(DOI)
    (entry,) = _cache_files(tmp_path)
    entry.write_text(damage(entry.read_text()))
    before = len(app.faults.requests)
    assert client().work(DOI)["DOI"] == DOI
    assert len(app.faults.requests) > before  # asked again
    assert client().work(DOI)["DOI"] == DOI


def test_only_the_fields_we_read_are_cached(standin, client, tmp_path):
    app, _url = standin
    app.faults.targeted = [("/works/10.1002", hostile({"reference": [{"key": "x" * 1000}] * 200, "abstract": "y" * 100000}))]
    assert client().work(DOI)["DOI"] == DOI
    (entry,) = _cache_files(tmp_path)
    assert entry.stat().st_size < 10_000


def test_a_trickling_body_is_cut_off_at_the_timeout(standin, client, tmp_path):
    app, _url = standin
    app.faults.trickle_seconds = 0.1  # ~3 KB in 16-byte pieces: about 20 s in all
    app.faults.targeted = [("/works/10.1002", "trickle")]
    started = time.monotonic()
    with pytest.raises(LookupFailed, match="took longer than 1 s"):
        client(timeout=1.0).work(DOI)
    assert time.monotonic() - started < 2.5
    assert _cache_files(tmp_path) == []


@pytest.mark.parametrize("target", ["/works/10.1002", "/works?"])  # the probe and the lookup itself
def test_headers_that_trickle_are_cut_off_at_the_timeout(standin, client, tmp_path, target):
    """The deadline bounds the whole request: connect, headers and body (a byte every 0.2 s never trips a read timeout)."""
    app, _url = standin
    app.faults.slow_header_seconds = 60
    app.faults.targeted = [(target, "slow-headers")]
    started = time.monotonic()
    if target == "/works?":  # the rows=0 probe trickles: it is given up, the lookup goes on
        assert client(timeout=1.0).work(DOI)["DOI"] == DOI
    else:
        with pytest.raises(LookupFailed, match="took longer than 1 s"):
            client(timeout=1.0).work(DOI)
    assert time.monotonic() - started < 5  # the server would have gone on for a minute
    app.faults.targeted = []


def test_a_huge_body_is_refused(standin, client, tmp_path):
    app, _url = standin
    app.faults.targeted = [("/works/10.1002", "huge")]
    with pytest.raises(LookupFailed, match="larger than 8 MB"):
        client().work(DOI)
    assert _cache_files(tmp_path) == []


def _closed_port_url() -> str:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_an_unreachable_host_is_tried_briefly_then_not_again(standin, tmp_path):
    """Refused connections: a short bounded retry, then every lookup to that host fails at once."""
    from medsegcite.crossref.client import Unreachable

    closed = _closed_port_url()
    client = Client(Settings(crossref_url=closed, doi_url=closed, cache_dir=""))
    for _ in range(5):
        with pytest.raises(Unreachable, match=rf"^cannot reach {closed[7:]} \(connection refused\)$"):
            client.search(TITLE)
    assert client.requests <= 3  # the probe's two tries (and at most one more), not 4 attempts a lookup
    # Only the host that is down: Crossref answers while the DOI resolver is unreachable.
    _app, url = standin
    mixed = Client(Settings(crossref_url=url, doi_url=closed, cache_dir=""))
    with pytest.raises(Unreachable, match=closed[7:]):
        mixed.csl("10.48550/arxiv.1703.04347")
    assert mixed.work(DOI)["DOI"].lower() == DOI


def test_an_unknown_host_name_says_so(tmp_path):
    from medsegcite.crossref.client import Unreachable

    client = Client(Settings(crossref_url="http://user:secret@no-such-host.invalid", doi_url="http://no-such-host.invalid", cache_dir=""))
    with pytest.raises(Unreachable) as failed:
        client.work(DOI)
    assert str(failed.value) == "cannot reach no-such-host.invalid (host name not found)"  # no password printed
