"""`export` stays light: no network or rendering library on its import path."""

import ast
import subprocess
import sys

HEAVY = ("habanero", "httpx", "httpx2", "requests", "citeproc", "lxml", "rapidfuzz", "rispy", "ftfy", "idutils", "pathlib")


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
