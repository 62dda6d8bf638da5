"""`add` against the local Crossref stand-in (tests/crossref_standin.py, real HTTP),
with real `git diff` of list.md: exactly one added line, in the list's own style."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from medsegcite.bib import store
from medsegcite.commands.add import insert_line, understand

from tests.conftest import DATA

GIT = shutil.which("git")
if GIT is None and os.environ.get("CI"):
    raise RuntimeError("the add tests need git on PATH")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")


def _git(folder, *args):
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=folder,
                          capture_output=True, text=True, check=True).stdout


def _cli(folder, url, *args, input=None):
    env = {**os.environ, "MEDSEGCITE_CROSSREF_URL": url, "MEDSEGCITE_DOI_URL": url}
    return subprocess.run([sys.executable, "-m", "medsegcite", "--data", str(folder), *args], capture_output=True,
                          text=True, env=env, input=input, timeout=120)


def _repo_without(tmp_path, url, line_number: int, crlf: bool = False):
    """A git repo of the shipped data with one list line removed (and the store synced): (folder, removed line)."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("list.md", "references.bib", "decisions.toml"):
        shutil.copy(DATA / name, folder / name)
    lines = (folder / "list.md").read_bytes().split(b"\n")
    removed = lines.pop(line_number - 1).decode()
    text = b"\n".join(lines)
    (folder / "list.md").write_bytes(text.replace(b"\n", b"\r\n") if crlf else text)
    assert _cli(folder, url, "sync").returncode == 0
    _git(folder, "init", "-q")
    _git(folder, "add", ".")
    _git(folder, "commit", "-qm", "before")
    return folder, removed


def _added_lines(folder):
    diff = _git(folder, "diff", "--no-color", "-U0", "list.md").splitlines()
    numstat = _git(folder, "diff", "--numstat", "list.md").split()
    return numstat[:2], [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]


def _entry(folder, key):
    return next(e for e in store.load(folder / "references.bib") if e.key == key)


def test_add_by_doi_adds_one_line_and_the_resolved_record(standin, tmp_path):
    _app, url = standin
    folder, removed = _repo_without(tmp_path, url, 49)  # H-DenseUNet, under Liver
    done = _cli(folder, url, "add", "--no-cache", "--category", "Liver", "10.1109/TMI.2018.2845918", "--yes")
    assert done.returncode == 0, done.stderr
    assert "resolved (score 1.00" in done.stdout and "added as li2018hdenseunet" in done.stdout
    numstat, added = _added_lines(folder)
    assert numstat == ["1", "0"]
    # The Anatomical section's style: two spaces before the link, one trailing space; the label the list gives IEEE.
    assert added == ["- [H-DenseUNet: Hybrid Densely Connected UNet for Liver and Tumor Segmentation From CT Volumes]  "
                     "[[IEEE]](https://doi.org/10.1109/tmi.2018.2845918) "]
    entry = _entry(folder, "li2018hdenseunet")
    assert entry.state == "resolved" and entry.fields["doi"] == "10.1109/tmi.2018.2845918"
    assert "Liver" in entry.fields["keywords"]
    store_diff = _git(folder, "diff", "--numstat", "references.bib").split()
    assert store_diff[1] == "0"  # the store only gained lines
    check = _cli(folder, url, "check", "-q")
    assert check.returncode == 0 and check.stdout == "", check.stdout  # list and store in step

    again = _cli(folder, url, "add", "--no-cache", "--category", "Heart", "https://doi.org/10.1109/tmi.2018.2845918", "--yes")
    assert again.returncode == 1 and f"already listed at {folder}/list.md:55 under Anatomical Structures Segmentation/Liver" in again.stderr


def test_add_by_arxiv_id(standin, tmp_path):
    _app, url = standin
    folder, removed = _repo_without(tmp_path, url, 47)  # listed with its arXiv link
    assert "arxiv.org/abs/1702.05970" in removed
    done = _cli(folder, url, "add", "--no-cache", "--category", "Anatomical Structures Segmentation/Liver", "arXiv:1702.05970", "-y")
    assert done.returncode == 0, done.stderr
    numstat, added = _added_lines(folder)
    assert numstat == ["1", "0"] and added[0].endswith("[[arxiv]](https://arxiv.org/abs/1702.05970) ")


def test_add_by_title_in_the_other_sections_style(standin, tmp_path):
    _app, url = standin
    folder, removed = _repo_without(tmp_path, url, 130, crlf=True)  # under Lung lesion; the file with CRLF endings
    title = "dual sampling attention network for diagnosis of covid-19 from community acquired pneumonia"
    done = _cli(folder, url, "add", "--no-cache", "--category", "lung lesion", title, "--yes")
    assert done.returncode == 0, done.stderr
    numstat, added = _added_lines(folder)
    assert numstat == ["1", "0"]
    # One space before the link, no trailing space, the CRLF the file uses; the link names the record found.
    line = f"- [{title}] [[IEEE]](https://doi.org/10.1109/tmi.2020.2995508)"
    assert added == [line]
    raw = (folder / "list.md").read_bytes()
    assert f"{line}\r\n".encode() in raw and raw.count(b"\n") == raw.count(b"\r\n")


def test_a_listed_paper_is_refused_with_its_line_and_nothing_changes(standin, tmp_path):
    _app, url = standin
    folder, _ = _repo_without(tmp_path, url, 1)  # the title line: every paper still listed
    before = {name: (folder / name).read_bytes() for name in ("list.md", "references.bib")}
    cases = [
        # The list links Google Scholar; the store knows its DOI.
        ("10.1109/tmi.2018.2845918", "list.md:48 under Anatomical Structures Segmentation/Liver (resolved to doi:10.1109/tmi.2018.2845918"),
        ("H-DENSEUNET: Hybrid, densely connected UNet for liver & tumor segmentation from CT volumes", "list.md:48 under"),
        ("https://link.springer.com/chapter/10.1007/978-3-030-00889-5_1", "(its link names doi:10.1007/978-3-030-00889-5_1)"),
    ]
    for given, where in cases:
        done = _cli(folder, url, "add", "--no-cache", "--category", "Heart", given, "--yes")
        assert done.returncode == 1 and done.stderr.count("\n") == 1 and where in done.stderr, done.stderr
        assert done.stderr.startswith("medsegcite: error: already listed at")
    assert before == {name: (folder / name).read_bytes() for name in ("list.md", "references.bib")}


def test_declining_writes_nothing_and_bad_input_is_one_line(standin, tmp_path):
    _app, url = standin
    folder, _ = _repo_without(tmp_path, url, 49)
    before = (folder / "list.md").read_bytes()
    done = _cli(folder, url, "add", "--no-cache", "--category", "Liver", "10.1109/tmi.2018.2845918", input="n\n")
    assert done.returncode == 1 and "nothing written" in done.stderr
    for args, message in (
        (("--category", "Livr", "x"), "did you mean 'Liver'"),
        (("--category", "Liver", "https://example.org/papers/ours.html"), "give the paper's title with --title"),
        (("--category", "Liver", "10.9999/not-a-registered-doi"), "no record found for 10.9999/not-a-registered-doi"),
        (("--category", "Liver", "10.1109/tmi.2018.2845918", "--crossref-url", "http://127.0.0.1:9", "--doi-url", "http://127.0.0.1:9", "--timeout", "1"), "error"),
    ):
        done = _cli(folder, url, "add", "--no-cache", *args, "--yes")
        assert done.returncode == 1 and done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    assert (folder / "list.md").read_bytes() == before


def test_understand_and_insert_line():
    assert understand("doi:10.1002/MP.13300").link == "https://doi.org/10.1002/mp.13300"
    assert understand("1802.02182v2").identifier.value == "1802.02182"
    assert understand("A title with 10 words").kind == "title"
    assert insert_line("a\nb", 2, "c") == "a\nb\nc"  # no final newline before: none after
    assert insert_line("a\r\nb\r\n", 1, "c") == "a\r\nc\r\nb\r\n"


# One line of each kind: a ScienceDirect PII, a Google Scholar search, an arXiv link, a DOI in a publisher's
# URL (on a site no other line links: its label cannot be learnt, so it is given), an IEEE page whose paper
# stays unresolved, and one from the other section's style.
ROUND_TRIP_LINES = ((25, ()), (49, ()), (47, ()), (36, ("--label", "springer")), (41, ()), (133, ()))


@pytest.mark.parametrize("number, extra", ROUND_TRIP_LINES)
def test_a_line_removed_and_added_back_comes_back_as_it_was(standin, tmp_path, number, extra):
    """The same line, at the end of its category; the same store entry, the rest of both files untouched."""
    from medsegcite.listing.catalog import load_list

    _app, url = standin
    catalog = load_list(DATA / "list.md")
    entry = next(e for e in catalog.items if e.line == number)
    last = max(e.line for e in catalog.items if e.path == entry.path)
    folder, removed = _repo_without(tmp_path, url, number)
    done = _cli(folder, url, "add", "--no-cache", "--category", "/".join(entry.path), entry.link, "--title", entry.title, *extra, "--yes")
    assert done.returncode == 0, done.stderr

    lines = (DATA / "list.md").read_bytes().split(b"\n")
    moved = lines.pop(number - 1)
    lines.insert(last - 1, moved)
    assert (folder / "list.md").read_bytes() == b"\n".join(lines)

    shipped = {e.key: e for e in store.load(DATA / "references.bib")}
    written = store.load(folder / "references.bib")
    assert {e.key: (e.entry_type, e.fields, e.meta) for e in written} == {k: (e.entry_type, e.fields, e.meta) for k, e in shipped.items()}
    key = next(e.key for e in written if e.meta.get("list-title") == shipped_key_title(shipped, entry))
    assert [e.key for e in written if e.key != key] == [k for k in shipped if k != key]


def shipped_key_title(shipped, entry):
    from medsegcite.bib import latex

    return next(e.meta["list-title"] for e in shipped.values() if latex.decode(e.meta["list-title"]) == entry.title)


def test_a_list_that_cannot_be_written_puts_the_store_back(standin, tmp_path):
    """A real write failure, not a patched function: the process may not write files larger
    than a limit (RLIMIT_FSIZE) that the new store fits under and the list (made long with a
    comment at its end) does not. The store, written first, must come back byte for byte."""
    import resource
    import signal

    _app, url = standin
    folder, _removed = _repo_without(tmp_path, url, 49)
    with open(folder / "list.md", "a", encoding="utf-8") as stream:
        stream.write("\n<!-- " + "notes kept at the end of the list " * 8000 + "-->\n")
    _git(folder, "commit", "-qam", "a long comment")
    store_before = (folder / "references.bib").read_bytes()
    list_before = (folder / "list.md").read_bytes()
    limit = (len(store_before) + len(list_before)) // 2
    assert len(store_before) + 5000 < limit < len(list_before)

    def small_files_only():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large write fails (EFBIG) instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "MEDSEGCITE_CROSSREF_URL": url, "MEDSEGCITE_DOI_URL": url, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-m", "medsegcite", "--data", str(folder), "add", "--no-cache", "--category",
                           "Liver", "10.1109/TMI.2018.2845918", "--yes"], capture_output=True, text=True, env=env,
                          timeout=120, preexec_fn=small_files_only)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert (folder / "references.bib").read_bytes() == store_before  # put back
    assert (folder / "list.md").read_bytes() == list_before
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]  # no temporary file left behind
