"""House rules the code itself can be checked for: no module of the package over 500
lines unless its docstring says why, on a line beginning `Over 500 lines:`."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "medsegcite"
LIMIT = 500
MARKER = "Over 500 lines:"


def long_modules_without_a_reason(package: Path) -> list[str]:
    """Each module of `package` over LIMIT lines whose docstring has no line beginning with
    MARKER followed by a reason, as "path: N lines"."""
    found = []
    for path in sorted(package.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines <= LIMIT:
            continue
        docstring = ast.get_docstring(ast.parse(text)) or ""
        if not any(line.startswith(MARKER) and line[len(MARKER):].strip() for line in docstring.splitlines()):
            found.append(f"{path.relative_to(package.parent)}: {lines} lines")
    return found


def test_no_module_over_500_lines_without_a_reason_at_its_top():
    assert long_modules_without_a_reason(PACKAGE) == [], f"state why at the top ('{MARKER} ...') or split them"


@pytest.mark.parametrize(("docstring", "lines", "reported"), [
    ("One job.", 501, True),
    ("One job.\n\nOver 500 lines: one port of one algorithm.", 501, False),
    ("One job.\n\nOver 500 lines:", 501, True),  # a marker with no reason
    ("One job, over 500 lines: a marker not at a line's start.", 501, True),
    ("One job.", 500, False),
])
def test_the_check_reads_the_marker_at_a_lines_start(tmp_path, docstring, lines, reported):
    module = tmp_path / "pkg" / "module.py"
    module.parent.mkdir()
    body = f'"""{docstring}"""\n'
    module.write_text(body + "x = 1\n" * (lines - len(body.splitlines())), encoding="utf-8")
    assert long_modules_without_a_reason(module.parent) == ([f"pkg/module.py: {lines} lines"] if reported else [])
