"""`python -m medsegcite.csl.fixes`: the fixes' names in the order they install;
`--chains`: each citeproc-py attribute the fixes replace, with the fixes that replace it,
innermost first, after installing all of them with a full audit (compose.py)."""

from __future__ import annotations

import sys

from medsegcite.csl import fixes
from medsegcite.csl.fixes import compose


def main(argv: list[str]) -> int:
    try:
        if argv == ["--chains"]:
            for attribute, names in compose.audited_chains(fixes.apply).items():
                print(f"{attribute}: {' <- '.join(names)}")
        elif not argv:
            print("\n".join(fixes.names()))
        else:
            print("usage: python -m medsegcite.csl.fixes [--chains]", file=sys.stderr)
            return 2
    except compose.CompositionError as error:
        print(f"medsegcite.csl.fixes: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
