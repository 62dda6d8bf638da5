"""`export --aux` of a paper citing many keys the store lacks (target: 100,000 in under 10 s).

The .aux cites every key of the store once and `--missing` distinct keys it lacks: typos
of its keys, other tools' keys for its papers (`Family_Word_Year`), and made-up keys, in
turn (a key made twice gets a number appended).
Each missing key is named on stderr with its closest keys.  One whole process of this
checkout's code (wall and CPU time), on the shipped store or `--data DIR`'s.
Run:  python benchmarks/missing_keys.py [--missing 100000] [--data DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def missing_keys(keys: list[str], count: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    found, known = [], set(keys)
    while len(found) < count:
        key = rng.choice(keys)
        kind = len(found) % 3
        if kind == 0:  # a typo: one letter dropped, doubled or changed
            at = rng.randrange(len(key))
            key = key[:at] + rng.choice(("", key[at] * 2, rng.choice("aeiourstn"))) + key[at + 1:]
        elif kind == 1:  # another tool's key for the paper
            letters = "".join(ch for ch in key if ch.isalpha())
            key = f"{letters[:4].capitalize()}_{letters[4:9]}_{rng.randint(1990, 2024)}"
        else:  # a key for a paper the store lacks
            key = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9))) + str(rng.randint(1990, 2024))
        if key in known:  # distinct keys (an .aux names each once): a repeated one gets a number
            key += str(len(found))
        known.add(key)
        found.append(key)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--missing", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from medsegcite.bib import store

    keys = [entry.key for entry in store.load(args.data / "references.bib")]
    with tempfile.TemporaryDirectory() as folder:
        aux = Path(folder, "paper.aux")
        cited = keys + missing_keys(keys, args.missing)
        aux.write_text("".join(f"\\citation{{{key}}}\n" for key in cited))
        env = {**os.environ, "PYTHONPATH": str(ROOT), "MEDSEGCITE_CACHE": str(Path(folder, "cache"))}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "medsegcite", "--data", str(args.data), "export", "--aux", str(aux)],
                              env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    named = sum(1 for line in done.stderr.splitlines() if "closest:" in line)
    print(f"{len(keys)} keys in the store, {args.missing} missing: exit {done.returncode}, {seconds:.2f} s "
          f"(CPU {after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime:.2f} s; target < 10 s); "
          f"{named} missing keys given a closest key")


if __name__ == "__main__":
    main()
