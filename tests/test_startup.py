"""Every command imports only what it uses: its start-up path, read from `python -X importtime`."""

import ast
import subprocess
import sys

import pytest

HEAVY = ("habanero", "httpx", "httpx2", "requests", "citeproc", "lxml", "rapidfuzz", "rispy", "ftfy", "idutils", "pathlib")
NETWORK = {"habanero", "httpx", "httpx2", "requests", "tenacity", "tqdm"}
# idutils compiles every scheme's grammar at import (0.4 s), isbnlib with it: only an ISBN check needs them.
VALIDATION = {"idutils", "isbnlib"}
RENDERING = {"citeproc", "lxml", "matplotlib"}

# command -> the packages its start-up path must not import
NOT_IMPORTED = {
    ("categories",): NETWORK | VALIDATION | RENDERING | {"bibtexparser", "pylatexenc", "rapidfuzz", "rispy"},
    ("export", "--format", "bibtex"): NETWORK | VALIDATION | RENDERING | {"cmarkgfm", "ftfy", "rapidfuzz", "rispy"},
    ("export", "--format", "csl-json"): NETWORK | VALIDATION | RENDERING | {"cmarkgfm", "rapidfuzz", "rispy"},
    ("status",): NETWORK | VALIDATION | RENDERING | {"rapidfuzz", "rispy"},
    ("status", "--format", "json"): NETWORK | VALIDATION | RENDERING | {"rapidfuzz", "rispy"},
    ("review",): NETWORK | VALIDATION | RENDERING | {"rapidfuzz", "rispy"},
    ("stats",): NETWORK | VALIDATION | RENDERING | {"rapidfuzz", "rispy"},
    ("check",): NETWORK | VALIDATION | RENDERING | {"rispy"},
    ("search", "unet"): NETWORK | VALIDATION | RENDERING | {"bibtexparser", "pylatexenc", "cmarkgfm", "ftfy", "rispy"},
    ("render", "--format", "text"): NETWORK | VALIDATION | {"matplotlib", "rapidfuzz", "rispy"},
    ("render", "--format", "html"): NETWORK | VALIDATION | {"matplotlib", "rapidfuzz", "rispy"},
}


def _imported(*args: str, data) -> set[str]:
    """The top-level packages `medsegcite ARGS` imports, as `python -X importtime` lists them."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "medsegcite", "--data", str(data), *args],
                          capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    assert names, "no import listed: -X importtime gave nothing"
    return names


@pytest.mark.parametrize("args", sorted(NOT_IMPORTED), ids=" ".join)
def test_command_imports_only_what_it_uses(args, data_copy):
    if args[0] == "search":
        _imported(*args, data=data_copy)  # the first search of a store builds its index (bibtexparser); later ones read it
    wrong = _imported(*args, data=data_copy) & NOT_IMPORTED[args]
    assert not wrong, f"medsegcite {' '.join(args)} imports {sorted(wrong)}"


def test_export_bibtex_imports_nothing_heavy():
    code = (
        "import sys, io, contextlib\n"
        "from medsegcite.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['export', '--format', 'bibtex'])\n"
        "    except SystemExit as done:\n"
        "        assert not done.code, done.code\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # what the interpreter itself imports at start (a site .pth file may import certifi and
    # with it pathlib) is not export's doing
    bare = subprocess.run([sys.executable, "-c", f"import sys; print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))"],
                          capture_output=True, text=True, check=True)
    assert set(ast.literal_eval(result.stdout)) - set(ast.literal_eval(bare.stdout)) == set(), result.stdout
