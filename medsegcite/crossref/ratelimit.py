"""Crossref's announced limits, read from response headers, and a limiter that obeys them.

Crossref announces `x-rate-limit-limit` requests per `x-rate-limit-interval` and, since
2026, `x-concurrency-limit` requests in flight.  Older responses spell the first two
`x-ratelimit-*`, and a proxy may join a repeated header with a comma (`50, 50`).
"""

from __future__ import annotations

import re
import sys
import threading
import time
from dataclasses import dataclass

# Crossref's public pool, the most a client may assume before it has seen a header.
PUBLIC = (5, 1.0, 1)
# Crossref announces intervals of a second. A server announcing one request per
# hours would stall a run silently: the spacing is capped, and the cap said once.
MAX_SPACING = 10.0


@dataclass(frozen=True)
class Limits:
    requests: int  # per interval
    interval: float  # seconds
    concurrency: int

    @property
    def spacing(self) -> float:
        """Seconds between request starts that keep to the rate."""
        return self.interval / self.requests


def _first_number(value: str | None) -> float | None:
    match = re.search(r"\d+(?:\.\d+)?", value or "")
    return float(match.group()) if match else None


def _seconds(value: str | None) -> float | None:
    match = re.search(r"(\d+(?:\.\d+)?)\s*(ms|s|m)?", value or "")
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2) or "s"
    return number / 1000 if unit == "ms" else number * 60 if unit == "m" else number


def parse_limits(headers, current: Limits) -> Limits:
    """The limits `headers` announce; what they leave out stays as in `current`."""

    def header(*names: str) -> str | None:
        for name in names:
            value = headers.get(name)
            if value:
                return value
        return None

    requests = _first_number(header("x-rate-limit-limit", "x-ratelimit-limit"))
    interval = _seconds(header("x-rate-limit-interval", "x-ratelimit-interval"))
    concurrency = _first_number(header("x-concurrency-limit"))
    return Limits(
        int(min(requests, 1e9)) if requests and requests >= 1 else current.requests,
        interval if interval and 0 < interval < float("inf") else current.interval,
        int(min(concurrency, 1000)) if concurrency and concurrency >= 1 else current.concurrency,
    )


def capped(limits: Limits) -> Limits:
    """`limits` with at most MAX_SPACING seconds between request starts."""
    if limits.spacing <= MAX_SPACING:
        return limits
    return Limits(limits.requests, limits.requests * MAX_SPACING, limits.concurrency)


class Limiter:
    """At most `concurrency` requests in flight, their starts spaced to keep to the rate."""

    def __init__(self, limits: Limits = Limits(*PUBLIC), notice=None):
        self.limits = limits
        self._notice = notice or (lambda text: print(f"medsegcite: {text}", file=sys.stderr))
        self._noticed: set[Limits] = set()
        self._condition = threading.Condition()
        self._in_flight = 0
        self._next_start = 0.0

    def update(self, headers) -> None:
        with self._condition:
            announced = parse_limits(headers, self.limits)
            self.limits = capped(announced)
            if self.limits != announced and announced not in self._noticed:
                self._noticed.add(announced)
                self._notice(
                    f"the server announces {announced.requests} requests per {announced.interval:g} s; "
                    f"keeping to one request every {MAX_SPACING:g} s at most instead"
                )
            self._condition.notify_all()

    def __enter__(self) -> Limiter:
        with self._condition:
            while self._in_flight >= self.limits.concurrency:
                self._condition.wait()
            self._in_flight += 1
            start = max(time.monotonic(), self._next_start)
            self._next_start = start + self.limits.spacing
        delay = start - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        return self

    def __exit__(self, *exc) -> None:
        with self._condition:
            self._in_flight -= 1
            self._condition.notify_all()
