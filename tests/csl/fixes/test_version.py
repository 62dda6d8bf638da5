"""The fixes refuse a citeproc-py release they were not tested with."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import citeproc
import pytest

from medsegcite.csl.fixes import version

from tests.conftest import ROOT


def test_the_installed_citeproc_py_is_supported():
    version.check_citeproc_version()  # the one the tests run with


@pytest.mark.parametrize("other", ["0.12.0", "0.11.0", "0.6.0", "1.0", "not-a-version"])
def test_other_releases_are_refused(other):
    with pytest.raises(version.UnsupportedCiteproc, match=rf"citeproc-py {re.escape(other)} is installed"):
        version.check_citeproc_version(other)


def test_pyproject_pins_the_same_range():
    text = (ROOT / "pyproject.toml").read_text()
    assert f'"citeproc-py{version.SUPPORTED}"' in text


def test_render_with_another_release_is_one_line_and_no_output(tmp_path):
    """A real second copy of citeproc-py that reports 0.12.0, first on the path."""
    copy = tmp_path / "citeproc"
    shutil.copytree(Path(citeproc.__file__).parent, copy)
    stamp = copy / "_version.py"
    stamp.write_text(re.sub(r'"version": "[^"]+"', '"version": "0.12.0"', stamp.read_text()))
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "medsegcite", "render", "--category", "Breast"],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "citeproc-py 0.12.0 is installed" in done.stderr and version.SUPPORTED in done.stderr
