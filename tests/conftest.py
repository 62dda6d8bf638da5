"""Shared fixtures: the shipped data, a copy of it to change, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from medsegcite.listing.catalog import load_list
from medsegcite.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def catalog():
    return load_list(DATA / "list.md")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data folder."""
    target = tmp_path / "data"
    target.mkdir()
    for name in ("list.md", "references.bib", "decisions.toml"):
        if (DATA / name).exists():
            shutil.copy(DATA / name, target / name)
    return target


@pytest.fixture
def run():
    """Invoke the CLI in-process; returns click's Result."""
    runner = CliRunner()

    def invoke(*args: str, **kwargs):
        return runner.invoke(cli, list(args), catch_exceptions=False, **kwargs)

    return invoke
