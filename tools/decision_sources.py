"""Copy each hand-entered record's sources in data/decisions.toml from the Crossref fixture.

    python tools/decision_sources.py            # rewrite data/decisions.toml in place
    python tools/decision_sources.py --check    # exit 1 if it is not what the fixture gives

The fixture (tests/fixtures/crossref-fixture/not-in-fixture.json) lists, for each paper it has
no record for, the public sources (`evidence`) that show its facts. A `[[manual]]` table whose
title is one of those papers gets exactly those sources; everything else in the file (comments,
other tables and keys, their layout) stays byte for byte.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from medsegcite.text import normalise_title

ROOT = Path(__file__).resolve().parent.parent
DECISIONS = ROOT / "data" / "decisions.toml"
FIXTURE = ROOT / "tests" / "fixtures" / "crossref-fixture" / "not-in-fixture.json"

# A table header starts a line; an array's continuation lines are indented or start with a quote.
HEADER = re.compile(r"^\[\[?\s*[A-Za-z_\"]")
SOURCES = re.compile(r"^\s*sources\s*=")


def evidence_by_title(fixture_entries: list[dict]) -> dict[str, list[str]]:
    return {normalise_title(e["title_in_list"]): list(e["evidence"]) for e in fixture_entries if e.get("evidence")}


def _sources_block(sources: list[str]) -> list[str]:
    # JSON's string escapes are valid in TOML basic strings.
    return ["sources = [\n", *(f"  {json.dumps(s, ensure_ascii=False)},\n" for s in sources), "]\n"]


def rewrite(text: str, evidence: dict[str, list[str]]) -> str:
    """`text` with the sources of every [[manual]] table whose title is in `evidence` replaced."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if HEADER.match(line)] + [len(lines)]
    out = lines[: starts[0]]
    for start, end in zip(starts, starts[1:]):
        table = lines[start:end]
        if table[0].split("#")[0].strip() == "[[manual]]":
            table = _rewrite_table(table, evidence)
        out += table
    return "".join(out)


def _rewrite_table(table: list[str], evidence: dict[str, list[str]]) -> list[str]:
    body = tomllib.loads("".join(table[1:]))
    new = evidence.get(normalise_title(str(body.get("title", ""))))
    if new is None or body.get("sources") == new:
        return table
    first = next((i for i, line in enumerate(table) if SOURCES.match(line)), None)
    if first is None:  # no sources yet: add them after the header's title line
        at = next(i for i, line in enumerate(table) if line.lstrip().startswith("title")) + 1
        return table[:at] + _sources_block(new) + table[at:]
    last = first
    while True:  # the array ends at the first line that makes `sources = [...]` parse
        try:
            tomllib.loads("".join(table[first : last + 1]))
            break
        except tomllib.TOMLDecodeError:
            last += 1
            if last == len(table):
                raise ValueError(f"unterminated sources array in {table[0].strip()} {body.get('title')!r}")
    return table[:first] + _sources_block(new) + table[last + 1 :]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if the file would change")
    parser.add_argument("--decisions", type=Path, default=DECISIONS)
    parser.add_argument("--fixture", type=Path, default=FIXTURE)
    args = parser.parse_args(argv)
    text = args.decisions.read_text(encoding="utf-8")
    new = rewrite(text, evidence_by_title(json.loads(args.fixture.read_text(encoding="utf-8"))))
    if args.check:
        if new != text:
            print(f"{args.decisions}: sources differ from {args.fixture}; run `python tools/decision_sources.py`", file=sys.stderr)
            return 1
        return 0
    if new != text:
        args.decisions.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
