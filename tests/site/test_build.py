"""`medsegcite site` (medsegcite/site/__init__.py): where it may write, and a rebuild replacing the site whole."""

from __future__ import annotations

from tests.conftest import cli_process
from tests.site.conftest import build_site


def test_bad_targets_and_urls_are_one_line(data_copy, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    for args, message in ((["-o", str(data_copy)], "not empty"), (["-o", str(tmp_path / "full")], "not empty"),
                          (["-o", str(tmp_path / "s"), "--base-url", "javascript:alert(1)"], "http(s) URL"),
                          (["-o", str(tmp_path / "no" / "such")], "does not exist"),
                          (["-o", str(tmp_path / "s"), "--style", "no-such-style"], "style")):
        done = cli_process("--data", str(data_copy), "site", *args)
        assert done.returncode == 1 and done.stderr.count("\n") == 1 and message in done.stderr, (args, done.stderr)
    assert (tmp_path / "full" / "notes.txt").read_text() == "mine" and not (tmp_path / "s").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".medsegcite")]  # nothing half-built left


def test_a_rebuild_replaces_the_site_whole(data_copy, tmp_path):
    site = build_site(data_copy, tmp_path / "site", "--base-url", "https://example.org/list")
    assert '<link rel="canonical" href="https://example.org/list/">' in (site / "index.html").read_text()
    (site / "papers" / "stale.bib").write_text("@misc{stale}")
    build_site(data_copy, site, "--style", "apa")
    assert not (site / "papers" / "stale.bib").exists()  # a paper gone from the list leaves no file behind
    page = (site / "index.html").read_text()
    assert "apa style" in page and "ieee style" not in page and "canonical" not in page
