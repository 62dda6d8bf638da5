"""Resolve speed against the local Crossref stand-in (compiled fixture, not live Crossref).

Cold: the whole list, empty cache, 100 ms added latency, the stand-in announcing 10 requests/s and
concurrency 3; the bound those limits set is requests / 10 per second (target: within 1.25x).
Warm: the same run again with --refresh from the cache (target: 0 requests, under 1 s).
Both are whole processes; the stand-in counts the requests it receives.
Run:  python benchmarks/resolve_speed.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.crossref_standin import StandIn, serve  # noqa: E402


def _run(args: list[str], env: dict) -> tuple[float, str]:
    """One whole `medsegcite` process, as a user runs it."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "medsegcite", *args], capture_output=True, text=True, env=env, cwd=ROOT)
    return time.perf_counter() - start, done.stderr.strip().splitlines()[-1]


def main() -> None:
    app = StandIn(limit=10, interval="1s", concurrency=3)
    app.faults.latency = 0.1
    server, url = serve(app)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        for name in ("list.md", "decisions.toml"):
            shutil.copy(ROOT / "data" / name, data / name)
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(tmp) / "cache")}
        common = ["--data", str(data), "resolve", "--crossref-url", url, "--doi-url", url]
        cold, cold_line = _run(common, env)
        requests = len(app.faults.requests)
        warm, warm_line = _run([*common, "--refresh"], env)
        warm_requests = len(app.faults.requests) - requests
    server.shutdown()
    bound = requests / 10
    print(f"cold: {cold:.2f} s for {requests} requests; bound {bound:.2f} s; ratio {cold / bound:.2f} (target <= 1.25)")
    print(f"      {cold_line}")
    print(f"warm: {warm:.2f} s, {warm_requests} requests (target: 0 requests, < 1 s)")


if __name__ == "__main__":
    main()
