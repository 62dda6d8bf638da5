""""Recently added" from the list's git history (medsegcite/site/history.py), in a real git repository."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from medsegcite.listing.catalog import load_list
from medsegcite.site.history import recently_added

from tests.conftest import cli_process
from tests.site.conftest import build_site

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")

HEAD = "# Papers\n### Liver\n"


def _item(title: str) -> str:
    return f"- [{title}]  [[doi]](https://doi.org/10.1000/{abs(hash(title)) % 10**6})\n"


def _commit(repo, text: str, date: str) -> None:
    (repo / "list.md").write_text(text, encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "add", "list.md"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "c"], cwd=repo, check=True, env=env)


@pytest.fixture
def repo(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return tmp_path


def test_papers_added_after_the_lists_creation_newest_first(repo):
    first = HEAD + _item("Alpha net") + _item("Beta net")
    _commit(repo, first, "2024-01-05T10:00:00+00:00")
    _commit(repo, first + _item("Gamma net"), "2024-03-01T10:00:00+00:00")
    moved = HEAD + _item("Gamma net") + _item("Beta net") + _item("Alpha net") + "### Lung\n" + _item("Delta net")
    _commit(repo, moved, "2024-06-30T23:30:00+00:00")  # a reordering adds nothing new; Delta is new
    _commit(repo, moved.replace(_item("Gamma net"), ""), "2024-07-02T08:00:00+00:00")  # Gamma removed
    catalog = load_list(repo / "list.md")
    got = recently_added(str(repo / "list.md"), catalog)
    titles = {p.identity: p.list_title for p in catalog.papers}
    assert [(date, titles[identity]) for date, identity in got] == [("2024-06-30", "Delta net")]
    _commit(repo, moved, "2024-08-01T08:00:00+00:00")  # Gamma back: first added in March
    catalog = load_list(repo / "list.md")
    titles = {p.identity: p.list_title for p in catalog.papers}
    got = recently_added(str(repo / "list.md"), catalog)
    assert [(d, titles[i]) for d, i in got] == [("2024-06-30", "Delta net"), ("2024-03-01", "Gamma net")]


def test_no_history_no_recent(tmp_path):
    (tmp_path / "list.md").write_text(HEAD + _item("Alpha net"), encoding="utf-8")
    assert recently_added(str(tmp_path / "list.md"), load_list(tmp_path / "list.md")) == []  # not a git checkout


def test_the_site_shows_what_git_says_was_added(data_copy, tmp_path):
    from tests.conftest import DATA

    subprocess.run(["git", "init", "-q", str(data_copy)], check=True)
    listed = (DATA / "list.md").read_text(encoding="utf-8")
    kidney = next(line for line in listed.splitlines() if "BiSC-UNet" in line) + "\n"
    _commit(data_copy, listed.replace(kidney, ""), "2023-01-01T00:00:00+00:00")
    _commit(data_copy, listed, "2023-05-17T12:00:00+00:00")
    site = build_site(data_copy, tmp_path / "site")
    page = (site / "index.html").read_text(encoding="utf-8")
    recent = page[page.index('<section id="recent"'):]
    recent = recent[: recent.index("</section>")]
    assert recent.count("<li>") == 1 and '<time datetime="2023-05-17">' in recent and "BiSC-UNet" in recent
    shutil.rmtree(data_copy / ".git")
    page = (build_site(data_copy, tmp_path / "site") / "index.html").read_text(encoding="utf-8")
    assert 'id="recent"' not in page
