"""The official CSL processor test suite as a second oracle.

Runs the suite's bibliography-mode fixtures (tests/fixtures/csl-test-suite/humans) with
one engine and compares each entry with the fixture's RESULT, as issue 8 measures:
every input item, registered in input order, rendered as HTML; entries compared after
normalising whitespace and character references.

    python -m tests.csl.csl_suite [--engine medsegcite|citeproc-py|citeproc-js] [-v]

Engines: medsegcite (citeproc-py with our fixes, through medsegcite.csl.render), raw
citeproc-py (a fresh process, none of our fixes) and citeproc-js (node,
tests/citeproc_js/suite.js, every fixture in one process).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures" / "csl-test-suite" / "humans"
PASSING = HERE / "csl_suite_passing.txt"  # fixtures medsegcite must keep passing
ORACLE = HERE.parent / "citeproc_js"
ENGINES = ("medsegcite", "citeproc-py", "citeproc-js")

_SECTION = re.compile(r">>=+ ([A-Z-]+) =+>>\n(.*?)\n<<=+ \1 =+<<", re.S)


@dataclass
class Fixture:
    name: str
    mode: str
    result: str
    csl: str
    items: list


def load(path: Path) -> Fixture:
    sections = {name: body for name, body in _SECTION.findall(path.read_text(encoding="utf-8"))}
    return Fixture(path.stem, sections["MODE"].strip(), sections["RESULT"], sections["CSL"], json.loads(sections["INPUT"]))


def bibliography_fixtures(names: list[str] | None = None) -> list[Fixture]:
    fixtures = [load(p) for p in sorted(FIXTURES.glob("*.txt"))]
    fixtures = [f for f in fixtures if f.mode == "bibliography"]
    if names:
        fixtures = [f for f in fixtures if f.name in names]
    return fixtures


# -- comparison ----------------------------------------------------------------------------


class _Canonical(HTMLParser):
    """HTML re-serialised one way: character references resolved and text escaped again, so
    `&#38;` and `&amp;` compare equal while an escaped `&lt;i&gt;` stays text, not a tag."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.out.append("<" + tag + "".join(f' {k}="{escape(v or "")}"' for k, v in attrs) + ">")

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(escape(data, quote=False))


def normalise(html: str) -> str:
    parser = _Canonical()
    parser.feed(html)
    parser.close()
    text = re.sub(r"\s+", " ", "".join(parser.out))
    return re.sub(r"\s*(</?div[^>]*>)\s*", r"\1", text).strip()  # layout whitespace between blocks


def entries(html: str) -> list[str]:
    """The contents of each top-level `<div class="csl-entry">` (nested divs kept)."""
    out = []
    for match in re.finditer(r'<div class="csl-entry"[^>]*>', html):
        depth, position = 1, match.end()
        for tag in re.finditer(r"<(/?)div\b[^>]*>", html[position:]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                out.append(html[position : position + tag.start()])
                break
    return out


@dataclass
class Outcome:
    name: str
    expected: list[str]
    got: list[str] | None
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.error is None and self.got is not None and self.expected == self.got


def compare(fixture: Fixture, got: list[str] | None, error: str | None = None) -> Outcome:
    expected = [normalise(e) for e in entries(fixture.result)]
    return Outcome(fixture.name, expected, None if got is None else [normalise(e) for e in got], error)


# -- engines -------------------------------------------------------------------------------


def run_medsegcite(fixtures: list[Fixture]) -> list[Outcome]:
    import warnings

    from medsegcite.csl import render

    warnings.filterwarnings("ignore", "The following arguments", UserWarning)  # variables citeproc-py ignores

    out = []
    with tempfile.TemporaryDirectory() as folder:
        for fixture in fixtures:
            path = os.path.join(folder, fixture.name + ".csl")
            Path(path).write_text(fixture.csl, encoding="utf-8")
            try:
                texts = [text for _key, text in render.bibliography(fixture.items, render.Style(fixture.name, path), "html")]
            except Exception as error:  # a crash is a failure of this fixture, not of the run
                out.append(compare(fixture, None, f"{type(error).__name__}: {error}"))
                continue
            out.append(compare(fixture, texts))
    return out


_RAW = r"""
import io, json, sys, warnings
warnings.filterwarnings("ignore", "The following arguments", UserWarning)
from citeproc import CitationStylesStyle, CitationStylesBibliography, Citation, CitationItem, formatter
from citeproc.source.json import CiteProcJSON
out = {}
for fixture in json.load(sys.stdin):
    try:
        style = CitationStylesStyle(io.BytesIO(fixture["csl"].encode("utf-8")), validate=False)
        engine = CitationStylesBibliography(style, CiteProcJSON(fixture["items"]), formatter.html)
        for item in fixture["items"]:
            engine.register(Citation([CitationItem(item["id"])]))
        engine.sort()
        out[fixture["name"]] = {"entries": [str(e) for e in engine.bibliography()]}
    except Exception as error:
        out[fixture["name"]] = {"error": f"{type(error).__name__}: {error}"}
print(json.dumps(out))
"""


def _from_process(fixtures: list[Fixture], done: dict, wrapped: bool) -> list[Outcome]:
    out = []
    for fixture in fixtures:
        result = done.get(fixture.name, {"error": "no result"})
        if "error" in result:
            out.append(compare(fixture, None, result["error"]))
        else:
            got = [e for text in result["entries"] for e in entries(text)] if wrapped else result["entries"]
            out.append(compare(fixture, got))
    return out


def run_citeproc_py(fixtures: list[Fixture]) -> list[Outcome]:
    """citeproc-py as installed, in a fresh process: our fixes patch it in this one."""
    job = json.dumps([{"name": f.name, "csl": f.csl, "items": f.items} for f in fixtures])
    done = subprocess.run([sys.executable, "-c", _RAW], input=job, capture_output=True, text=True, check=True, timeout=600)
    return _from_process(fixtures, json.loads(done.stdout), wrapped=False)


def locales() -> dict[str, str]:
    """citeproc-py's locale files, by tag and by primary language (`de` -> `de-DE`)."""
    folder = Path(__import__("citeproc").__file__).parent / "data" / "locales"
    by_tag = {p.stem[len("locales-") :]: p.read_text(encoding="utf-8") for p in sorted(folder.glob("locales-*.xml"))}
    for tag in list(by_tag):
        language, _, region = tag.partition("-")
        if region.lower() == language or language not in by_tag:
            by_tag[language] = by_tag[tag]
    by_tag["en"] = by_tag["en-US"]
    return by_tag


def oracle_ready() -> bool:
    import shutil

    return bool(shutil.which("node")) and (ORACLE / "node_modules" / "citeproc").is_dir()


def run_citeproc_js(fixtures: list[Fixture]) -> list[Outcome]:
    job = json.dumps({"locales": locales(), "fixtures": [{"name": f.name, "csl": f.csl, "items": f.items} for f in fixtures]})
    done = subprocess.run(["node", str(ORACLE / "suite.js")], input=job, capture_output=True, text=True, check=True, timeout=600)
    return _from_process(fixtures, json.loads(done.stdout), wrapped=True)


RUNNERS = {"medsegcite": run_medsegcite, "citeproc-py": run_citeproc_py, "citeproc-js": run_citeproc_js}


def run(engine: str, names: list[str] | None = None) -> list[Outcome]:
    return RUNNERS[engine](bibliography_fixtures(names))


def passing_list() -> list[str]:
    return [line.strip() for line in PASSING.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.csl.csl_suite", description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=ENGINES + ("all",), default="all")
    parser.add_argument("-v", "--verbose", action="store_true", help="show expected and rendered entries of each failure")
    parser.add_argument("--write-passing", action="store_true", help=f"write medsegcite's passing fixtures to {PASSING.name}")
    parser.add_argument("fixtures", nargs="*", help="only these fixture names")
    args = parser.parse_args(argv)
    for engine in ENGINES if args.engine == "all" else (args.engine,):
        outcomes = run(engine, args.fixtures or None)
        passed = [o for o in outcomes if o.passed]
        failed = [o for o in outcomes if not o.passed]
        print(f"{engine}: {len(passed)} / {len(outcomes)} pass ({100 * len(passed) / max(len(outcomes), 1):.1f}%)")
        for outcome in failed:
            print(f"  FAIL {outcome.name}" + (f"  [{outcome.error}]" if outcome.error else ""))
            if args.verbose and outcome.error is None:
                print("    expected:", *outcome.expected, sep="\n      ")
                print("    got:", *(outcome.got or []), sep="\n      ")
        if engine == "medsegcite" and not args.fixtures:
            lost = sorted(set(passing_list()) - {o.name for o in passed})
            print(f"  no longer passing (of {PASSING.name}): {', '.join(lost) or 'none'}")
        if args.write_passing and engine == "medsegcite":
            header = "# CSL test-suite fixtures medsegcite passes (tests/csl/test_suite.py); the list only grows.\n"
            PASSING.write_text(header + "".join(o.name + "\n" for o in passed), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
