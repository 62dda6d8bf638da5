"""The style sweep's differing entries grouped by what differs: whitespace (no-break spaces
and newlines included), punctuation only, case only, punctuation and case, the citation
number only (sort order), or other.

Run:  python benchmarks/style_sweep.py --misses misses.json [...]
      python benchmarks/sweep_classes.py misses.json [--examples examples.json]
"""

from __future__ import annotations

import argparse
import collections
import json
import re


def _spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def _without_number(text: str) -> str:
    return re.sub(r"^\s*[\[(]?\d+[\])\.]?\s*", "", text)


def _letters(text: str) -> str:
    return re.sub(r"[\W_]", "", text)


def kind(ours: str, theirs: str) -> str:
    if _spaces(ours) == _spaces(theirs):
        return "whitespace"
    if _without_number(ours) == _without_number(theirs):
        return "citation number (sort order)"
    if ours.lower() == theirs.lower():
        return "case"
    if _letters(ours) == _letters(theirs):
        return "punctuation"
    if _letters(ours).lower() == _letters(theirs).lower():
        return "punctuation and case"
    return "other"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("misses", help="the JSON file of style_sweep.py --misses")
    parser.add_argument("--examples", help="write up to 50 examples of each kind to this JSON file")
    args = parser.parse_args()
    with open(args.misses, encoding="utf-8") as stream:
        misses = json.load(stream)
    kinds, examples, styles = collections.Counter(), collections.defaultdict(list), collections.Counter()
    for style, rows in misses.items():
        for key, ours, theirs, *_trace in rows:  # (style_sweep --trace adds the fixes)
            found = kind(ours, theirs)
            kinds[found] += 1
            styles[style] += 1
            if len(examples[found]) < 50:
                examples[found].append([style, key, ours, theirs])
    print(f"{sum(kinds.values())} differing entries in {len(styles)} styles")
    for found, count in kinds.most_common():
        print(f"{count:7d}  {found}")
    print("most: " + ", ".join(f"{style} {count}" for style, count in styles.most_common(10)))
    if args.examples:
        with open(args.examples, "w", encoding="utf-8") as stream:
            json.dump(examples, stream, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
