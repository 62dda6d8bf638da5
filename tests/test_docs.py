"""README.md and docs/**/*.md: short, no project history, links that resolve, every example run, cli.md current.

How examples are written (every page under docs/ follows the same rules):
- a ```console block is a terminal transcript: each `$ ` line is a command, the lines after it are what it
  prints (stdout and stderr together), compared exactly, except that a line `...` stands for any lines;
  a command that exits non-zero must show what it printed (a line other than `...`);
- a ```sh block is commands, one a line, each of which must exit 0 (output not compared);
- a block right after the line `<!-- .ci/run -->` is not run here: its lines must be `.ci/run`'s own,
  which runs them on a bare machine (installing the package in place would replace the test's own).
One file's blocks run in order in one bash process, in a fresh folder holding a copy of the checkout's
data/, styles/ and docs/examples/, with the installed `medsegcite` first on PATH, MEDSEGCITE_DATA at that
copy, the Crossref and DOI services pointed at the local stand-in (tests/crossref_standin.py), the
checkout's `tests` package importable, and the cache in the folder. Blocks calling pdflatex, bibtex or
biber need them (skipped without, failed with CI=true).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(DOCS.rglob("*.md"))]
REGENERATE = "python tools/cli_reference.py > docs/cli.md"
MARK = "\x1e"

FENCE = re.compile(r"^(?P<fence>```+|~~~+)(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
LATEX = ("pdflatex", "bibtex", "biber")


def _rel(page: Path) -> str:
    return str(page.relative_to(ROOT))


def _blocks(page: Path):
    """(language, first line number of the body, body, marked for .ci/run) of every fenced block."""
    text = page.read_text(encoding="utf-8")
    for match in FENCE.finditer(text):
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1].strip()
        line = text.count("\n", 0, match.start("body")) + 1
        yield match["info"].strip().split(" ")[0], line, match["body"], before == "<!-- .ci/run -->"


def _prose(page: Path) -> str:
    """The page without its fenced blocks' bodies (a command's output may name anything)."""
    return FENCE.sub("", page.read_text(encoding="utf-8"))


def test_readme_is_a_newcomers_page():
    assert README.stat().st_size <= 16 * 1024, f"README.md is {README.stat().st_size} bytes; at most 16 KB: move reference to docs/"
    text = README.read_text(encoding="utf-8")
    for part in ("python3 -m venv", "pip install '.[test]' && python -m pytest", "docs/"):
        assert part in text


HISTORY = re.compile(r"\bsessions? \d+|\b(?:this|that|last|previous|earlier|next) session\b|\bsession before\b|\bsessions\b|\bissues? \d+|\bnot yet mended\b|\bbefore this (?:change|branch)\b|\bcommit(?:ted)? at\b", re.I)
HASH = re.compile(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,40}\b")  # a commit, in prose


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_no_project_history(page):
    found = [f"{_rel(page)}:{n}: {line.strip()[:100]}" for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1) if HISTORY.search(line)]
    found += [f"{_rel(page)}: commit {h}" for h in HASH.findall(_prose(page))]
    assert not found, "project history in the docs (say what is, not what was):\n" + "\n".join(found)


LINK = re.compile(r"(?<!\!)\[[^\]]*\]\(([^)\s]+)\)|<img [^>]*src=\"([^\"]+)\"|^\[[^\]]+\]:\s*(\S+)", re.M)


def _anchors(page: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens."""
    out = set()
    for heading in re.findall(r"^#{1,6}\s+(.*?)\s*#*$", _prose(page), re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        out.add(slug)
    return out


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_every_relative_link_points_at_an_existing_file(page):
    broken = []
    for match in LINK.finditer(_prose(page)):
        target = next(group for group in match.groups() if group)
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I):  # http:, https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(f"{target}: no such file")
        elif anchor and file.suffix == ".md" and anchor not in _anchors(file):
            broken.append(f"{target}: no heading #{anchor} in {file.relative_to(ROOT)}")
    assert not broken, f"{_rel(page)}: broken links:\n" + "\n".join(broken)


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_named_repository_files_exist(page):
    """A path the prose names in backquotes (`tests/...`, `.github/...`) is in the repository."""
    missing = []
    for name in re.findall(r"`((?:\.github|\.ci|benchmarks|data|docs|medsegcite|styles|tests|tools)/[^`\s*{}<>]+)`", _prose(page)):
        if not (ROOT / name.rstrip("/")).exists():
            missing.append(name)
    assert not missing, f"{_rel(page)} names files that do not exist: {missing}"


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_every_terminal_example_is_marked_to_run(page):
    """A block of `$ ` commands without a language would escape the runner; `text` is for measurements only."""
    unmarked = [line for lang, line, body, _ci in _blocks(page) if not lang and re.search(r"^\$ ", body, re.M)]
    assert not unmarked, f"{_rel(page)}: blocks at lines {unmarked} show `$ ` commands: fence them as ```console so they run"


def test_cli_reference_is_current():
    made = subprocess.run([sys.executable, str(ROOT / "tools" / "cli_reference.py")], capture_output=True, text=True, cwd=ROOT)
    assert made.returncode == 0, made.stderr
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == made.stdout, f"docs/cli.md is out of date: run `{REGENERATE}`"


def test_cli_reference_covers_every_command():
    from medsegcite.cli import cli

    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"## `medsegcite {name}`" in text, f"docs/cli.md lacks {name}: run `{REGENERATE}`"


def _ci_lines() -> list[str]:
    return [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines() if line.strip() and not line.startswith("#")]


def _ci_blocks():
    for page in PAGES:
        for _lang, line, body, ci in _blocks(page):
            if ci:
                yield page, line, body


def test_the_readme_commands_are_the_ones_ci_runs():
    readme = [body for page, _line, body in _ci_blocks() if page == README]
    assert readme, "README.md has no `<!-- .ci/run -->` block with the commands after cloning"
    commands = [re.sub(r"\s+#.*$", "", line).strip() for body in readme for line in body.splitlines() if line.strip()]
    assert any(c.startswith("pip install . && medsegcite export") for c in commands)
    assert any(c == "pip install '.[test]' && python -m pytest" for c in commands)
    ci = _ci_lines()
    for page, line, body in _ci_blocks():
        for command in body.splitlines():
            command = re.sub(r"\s+#.*$", "", command).strip()
            assert not command or command in ci or command.startswith("python3 -m venv") or command.startswith(". .venv"), (
                f"{_rel(page)}:{line}: `{command}` is not in .ci/run: keep README and .ci/run's last lines in step"
            )
    assert ci[-1] == "pip install '.[test]' && python -m pytest"


def _session(page: Path) -> list[tuple[int, str, list[str] | None]]:
    """(line, command, expected output lines; None for an sh command) of the page's examples, in order."""
    steps = []
    for lang, start, body, ci in _blocks(page):
        if ci or lang not in ("console", "sh"):
            continue
        lines = body.rstrip("\n").split("\n")
        for offset, line in enumerate(lines):
            if lang == "sh":
                if line.strip() and not line.lstrip().startswith("#"):
                    steps.append((start + offset, line, None))
            elif line.startswith("$ "):
                steps.append((start + offset, line[2:], []))
            elif steps and steps[-1][2] is not None:
                steps[-1][2].append(line)
            else:
                raise AssertionError(f"{_rel(page)}:{start + offset}: console output before any `$ ` command")
    for _line, _command, expected in steps:
        while expected and not expected[-1].strip():
            expected.pop()
    return steps


def _matches(expected: list[str], actual: list[str]) -> bool:
    pattern = "".join("(?:.*\n)*?" if e == "..." else re.escape(e.rstrip()) + "\n" for e in expected)
    return re.fullmatch(pattern, "".join(a + "\n" for a in actual)) is not None


def _workdir(tmp_path: Path) -> Path:
    work = tmp_path / "checkout"
    for part in ("data", "styles", "docs/examples"):
        if (ROOT / part).exists():
            shutil.copytree(ROOT / part, work / part, ignore=shutil.ignore_patterns(".*.lock", "__pycache__"))
    return work


RUNNABLE = [page for page in PAGES if _session(page)]


@pytest.mark.parametrize("page", RUNNABLE, ids=_rel)
def test_examples_run(page, tmp_path, standin):
    _app, url = standin
    steps = _session(page)
    needs = sorted({tool for _l, command, _e in steps for tool in LATEX if re.search(rf"(^|[;&|(] *){tool}\b", command)})
    absent = [tool for tool in needs if shutil.which(tool) is None]
    if absent:
        if os.environ.get("CI"):
            pytest.fail(f"{_rel(page)}'s examples need {absent}")
        pytest.skip(f"{_rel(page)}'s examples need {absent}")
    work = _workdir(tmp_path)
    script = ["exec 2>&1 </dev/null", f"cd {work}"]
    for _line, command, _expected in steps:
        script += [command, f'__rc=$?; printf "\\n{MARK}%s{MARK}\\n" "$__rc"; (exit $__rc)']
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "MEDSEGCITE_DATA": str(work / "data"),
        "MEDSEGCITE_CROSSREF_URL": url,
        "MEDSEGCITE_DOI_URL": url,
        "MEDSEGCITE_CACHE": str(tmp_path / "cache"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHONUNBUFFERED": "1",
        "PYTHONPATH": str(ROOT),  # `python -m tests.crossref_standin`, as from the checkout
        "COLUMNS": "120",
        "TERM": "dumb",
    }
    done = subprocess.run(["bash", "-c", "\n".join(script)], capture_output=True, text=True, env=env, timeout=900)
    chunks = re.split(rf"\n?{MARK}(\d+){MARK}\n", done.stdout)
    problems = []
    for index, (line, command, expected) in enumerate(steps):
        if 2 * index + 1 >= len(chunks):
            problems.append(f"{_rel(page)}:{line}: `{command}` did not run (the session ended: {chunks[-1][-300:]!r})")
            break
        output, code = chunks[2 * index], int(chunks[2 * index + 1])
        actual = [piece.rsplit("\r", 1)[-1].rstrip() for piece in output.split("\n")] if output else []
        while actual and not actual[-1]:
            actual.pop()
        shown = [e for e in (expected or []) if e != "..."]
        if expected is None:
            if code:
                problems.append(f"{_rel(page)}:{line}: `{command}` exited {code}:\n" + "\n".join(actual[-10:]))
        elif not _matches(expected, actual):
            problems.append(
                f"{_rel(page)}:{line}: `{command}` printed (exit {code}):\n" + "\n".join(actual[:40])
                + "\n--- the page shows:\n" + "\n".join(expected)
            )
        elif code and not shown:
            problems.append(f"{_rel(page)}:{line}: `{command}` exited {code} without the page showing what it printed")
    assert not problems, (
        "examples that do not print what their page shows (fix the command, or the page if the new output is right):\n\n"
        + "\n\n".join(problems)
    )
