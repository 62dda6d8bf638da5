"""Crossref's announced limits: header spellings, and a limiter that keeps to them
(checked on the server's side of real HTTP, not by timing the client)."""

import shutil

from medsegcite.cli import main
from medsegcite.crossref.ratelimit import Limits, parse_limits

from tests.conftest import DATA
from tests.crossref_standin import StandIn, serve

PUBLIC = Limits(5, 1.0, 1)


def test_2026_headers():
    headers = {"x-rate-limit-limit": "10", "x-rate-limit-interval": "1s", "x-concurrency-limit": "3"}
    assert parse_limits(headers, PUBLIC) == Limits(10, 1.0, 3)


def test_older_spelling_and_joined_duplicates():
    assert parse_limits({"x-ratelimit-limit": "50, 50", "x-ratelimit-interval": "1s"}, PUBLIC) == Limits(50, 1.0, 1)


def test_missing_or_garbled_headers_keep_what_was_known():
    known = Limits(10, 1.0, 3)
    assert parse_limits({}, known) == known
    assert parse_limits({"x-rate-limit-limit": "lots", "x-rate-limit-interval": "0s"}, known) == known
    assert parse_limits({"x-rate-limit-interval": "60s"}, known).spacing == 6.0


def test_resolve_keeps_to_the_announced_limits(tmp_path):
    app = StandIn(limit=10, interval="1s", concurrency=2)
    app.faults.latency = 0.05
    server, url = serve(app)
    try:
        folder = tmp_path / "data"
        folder.mkdir()
        shutil.copy(DATA / "list.md", folder / "list.md")
        try:
            main(["--data", str(folder), "resolve", "--no-cache", "--category", "Eye", "--crossref-url", url, "--doi-url", url])
        except SystemExit as done:
            assert not done.code
    finally:
        server.shutdown()
    starts = app.faults.starts
    assert len(starts) >= 12
    assert app.faults.max_in_flight <= 2
    # No one-second window holds more than the announced 10 requests (one of slack for clock jitter).
    assert max(sum(1 for t in starts if s <= t < s + 1.0) for s in starts) <= 11


def test_an_absurd_interval_is_capped_and_said_once():
    from medsegcite.crossref.ratelimit import MAX_SPACING, Limiter

    said = []
    limiter = Limiter(notice=said.append)
    for _ in range(3):
        limiter.update({"x-rate-limit-limit": "10", "x-rate-limit-interval": "100000s", "x-concurrency-limit": "2"})
    assert limiter.limits.spacing == MAX_SPACING and limiter.limits.concurrency == 2
    assert len(said) == 1 and "100000 s" in said[0]
    limiter.update({"x-rate-limit-interval": "9" * 400 + "s"})  # a number that overflows to inf keeps what was known
    assert limiter.limits.spacing == MAX_SPACING
