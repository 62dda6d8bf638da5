"""Issue 22's input half end to end: the real CLI against the Crossref stand-in over real HTTP,
and the .bib it writes in real pdflatex + bibtex. Every identifier goes through one validator
whatever its origin; every field through the same LaTeX/RIS/Markdown/terminal encoders."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import cli_code as _cli
from tests.crossref_standin import hostile
from tests.test_hostile import BLADDER, _resolve

HANDMADE = "- [A paper entered by hand] [[s]](https://scholar.google.com/scholar?q=a)\n"
SECRET = "SECRETMARKER4711"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    target = tmp_path / "data"
    target.mkdir()
    (target / "list.md").write_text("# S\n### A\n" + BLADDER + HANDMADE)
    (target / "decisions.toml").write_text("")
    return target


def _toml(value) -> str:
    """A TOML inline value (JSON's string escapes are TOML's)."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value)


def _manual(record: dict, sources=("https://example.org/paper",)) -> str:
    fields = "".join(f"{json.dumps(k)} = {_toml(v)}\n" for k, v in record.items())
    return f'[[manual]]\ntitle = "A paper entered by hand"\nsources = {_toml(list(sources))}\n[manual.record]\n{fields}'


# -- 1. decisions.toml is untrusted: its identifiers go through the one validator ---------------
@pytest.mark.parametrize("field, value", [
    ("DOI", "10.1000/x}, note = {\\input{/etc/passwd}"),
    ("DOI", "10.1000/x\nTY  - JOUR"),
    ("DOI", "10.1000/a b"),
    ("arxiv", "1703.04347}, note = {\\input{/etc/passwd}"),
    ("arxiv", "1703.04347\x1b[31m"),
    ("URL", "https://exa mple.org/"),
    ("URL", "javascript:alert(1)"),
    ("ISBN", "978}\\input{x}"),
])
def test_a_hostile_identifier_in_decisions_is_refused_by_every_command(standin, folder, capsys, field, value):
    app, url = standin
    record = {"type": "article", "title": "A paper entered by hand", field: value}
    (folder / "decisions.toml").write_text(_manual(record, [f"https://example.org/{value}"]))
    assert _cli("--data", str(folder), "sync") == 0
    before = (folder / "references.bib").read_text()
    capsys.readouterr()
    for command in (("resolve", "--crossref-url", url, "--doi-url", url), ("review",), ("check",)):
        assert _cli("--data", str(folder), *command) == 1, command
        out, err = capsys.readouterr()
        lines = [line for line in (out + err).splitlines() if "decisions.toml" in line]
        assert lines and f"record.{field} is not a valid" in lines[0] and "Traceback" not in err
        assert "\x1b" not in out + err
    assert (folder / "references.bib").read_text() == before  # nothing written


@pytest.mark.parametrize("where", ["pin", "reject"])
def test_a_hostile_pinned_doi_is_refused(standin, folder, capsys, where):
    app, url = standin
    (folder / "decisions.toml").write_text(f'[[{where}]]\ntitle = "A paper entered by hand"\ndoi = "10.1000/x}}{{\\\\input{{x}}"\n')
    assert _cli("--data", str(folder), "sync") == 0
    assert _resolve(folder, url) == 1
    assert "doi is not a valid DOI" in capsys.readouterr().err


def _compile(tmp_path, bib: str, style: str):
    from tests.bib.test_latex_compile import _compile_bibtex, _run

    work = tmp_path / f"tex-{style}"
    work.mkdir()
    (work / "secret.tex").write_text(SECRET + "\n")  # where \input{secret} would find it
    blg, log, bbl = _compile_bibtex(work, bib, style)
    text = _run(["pdftotext", "doc.pdf", "-"], work).stdout if shutil.which("pdftotext") else ""
    return log, bbl, text


needs_tex = pytest.mark.skipif(not all(shutil.which(t) for t in ("pdflatex", "bibtex")), reason="no TeX")


@needs_tex
@pytest.mark.parametrize("style", ["IEEEtran", "plainnat"])
def test_input_from_any_field_of_a_manual_record_never_runs(standin, folder, capsys, tmp_path, style):
    """Every text field of a hand-entered record carries \\input, a lone brace or ^^5c: all print as text."""
    app, url = standin
    attack = "x}, note = {\\input{secret}} \\input{secret} ^^5cinput{secret}"
    short = "}\\input{secret}"
    record = {
        "type": "paper-conference", "title": "A paper entered by hand " + attack,
        # Names short enough for BibTeX's 250-character label buffer (plainnat cuts a longer label mid-group).
        "author": [{"given": "A, and " + short, "family": "Hand " + short}, {"literal": short}],
        "container-title": attack, "publisher": attack, "page": "1-2" + attack, "volume": attack,
        "collection-title": attack, "issued": {"date-parts": [[2020]]}, "URL": "https://example.org/" + attack,
    }
    (folder / "decisions.toml").write_text(_manual(record, [attack]))
    assert _cli("--data", str(folder), "sync") == 0
    assert _resolve(folder, url) == 0
    capsys.readouterr()
    assert _cli("--data", str(folder), "export") == 0
    bib = capsys.readouterr().out
    assert not re.search(r"^\s*note\s*=", bib, re.M)
    log, bbl, text = _compile(tmp_path, bib, style)
    assert bbl.count(r"\bibitem") == 2
    assert SECRET not in log + text and "(./secret.tex" not in log
    if text:
        assert "input" in text  # printed as the text it spells


@needs_tex
@pytest.mark.parametrize("field", ["title", "author", "journal", "doi", "url", "pages", "year", "publisher", "note", "medsegcite-link"])
def test_input_typed_into_the_store_by_hand_never_runs(folder, capsys, tmp_path, field):
    """A hand edit is the store's own LaTeX, but never a macro that reads a file or a value that closes its field."""
    assert _cli("--data", str(folder), "sync") == 0
    bib = folder / "references.bib"
    text = bib.read_text()
    value = "\\input{secret}" if field != "url" else "x}, note = {\\input{secret}"
    line = f"  {field} = {{{value}}},\n"
    text = re.sub(r"(@misc\{[^,]+,\n)", lambda m: m.group(1) + line, text, count=1)
    text = re.sub(rf"^  {field} = .*\n(?=(?:.*\n)*?  {field} = \{{\\input)", "", text, flags=re.M)
    bib.write_text(text)
    capsys.readouterr()
    code = _cli("--data", str(folder), "export")
    out, err = capsys.readouterr()
    if code != 0:  # a value the store parser cannot take is refused with one line
        assert "Traceback" not in err and err.count("\n") == 1
        return
    log, bbl, pdf = _compile(tmp_path, out, "plainnat")
    assert SECRET not in log + pdf and "(./secret.tex" not in log


# -- 6. a line break in any stored field never starts a RIS line ----------------------------------
INJECTED = "\nER  - \n\nTY  - JOUR\nTI  - Injected record\nER  - \n"


@pytest.mark.parametrize("field", ["doi", "url", "title", "journal", "pages", "author", "keywords"])
@pytest.mark.parametrize("brk", ["\n", "\r", "\u2028", "\x85", "\x0b"])
def test_a_line_break_in_a_stored_field_never_injects_a_ris_record(folder, capsys, field, brk):
    import rispy

    assert _cli("--data", str(folder), "sync") == 0
    bib = folder / "references.bib"
    text = bib.read_text()
    value = ("10.1000/x" if field == "doi" else "https://example.org/x" if field == "url" else "Some text") + INJECTED.replace("\n", brk)
    text = re.sub(rf"^  {field} = .*\n", "", text, flags=re.M)
    text = re.sub(r"(@misc\{[^,]+,\n)", lambda m: m.group(1) + f"  {field} = {{{value}}},\n", text, count=1)
    bib.write_text(text, newline="")
    capsys.readouterr()
    assert _cli("--data", str(folder), "export", "--format", "ris") == 0
    ris = capsys.readouterr().out
    records = rispy.loads(ris)
    assert len(records) == 2 and "Injected record" not in [r.get("title") for r in records]
    assert ris.count("TY  - ") == 2
    assert not any(c in ris for c in "\r\u2028\x85\x0b")
    assert _cli("--data", str(folder), "export", "--format", "csl-json") == 0
    items = json.loads(capsys.readouterr().out)
    assert all("\n" not in str(i.get("DOI", "")) + str(i.get("URL", "")) for i in items)


# -- 3, 13. what add writes into list.md is text and link targets, nothing else ------------------
HDENSE = "10.1109/tmi.2018.2845918"
RETINA_DOI = "10.1007/978-3-319-46723-8_17"
IEEE_LIST = "# S\n### A\n- [H-DenseUNet: Hybrid Densely Connected UNet for Liver and Tumor Segmentation From CT Volumes] [[IEEE]](https://doi.org/10.1109/tmi.2018.2845918)\n"


def _list_folder(tmp_path, text=IEEE_LIST):
    folder = tmp_path / "own"
    folder.mkdir()
    (folder / "list.md").write_text(text)
    assert _cli("--data", str(folder), "sync") == 0
    return folder


def _add(folder, url, *args):
    return _cli("--data", str(folder), "add", "--no-cache", "--crossref-url", url, "--doi-url", url, "--yes", *args)


def _rendered(folder) -> list[str]:
    """list.md as HTML by both renderers the list is read with (CommonMark and Python-Markdown)."""
    import markdown as python_markdown
    from markdown_it import MarkdownIt

    text = (folder / "list.md").read_text(encoding="utf-8")
    return [MarkdownIt("commonmark").render(text), MarkdownIt("gfm-like", {"linkify": False}).render(text), python_markdown.markdown(text)]


def _tags(html: str) -> list[tuple[str, dict]]:
    from html.parser import HTMLParser

    found = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Tags().feed(html)
    return found


def _assert_only_text_and_links(folder, entries: int):
    raw = (folder / "list.md").read_bytes()
    assert b"\x1b" not in raw and b"\x07" not in raw
    for html in _rendered(folder):
        tags = _tags(html)
        assert {t for t, _ in tags} <= {"h1", "h3", "ul", "li", "a", "p"}, html
        assert all(set(attrs) <= ({"href"} if tag == "a" else set()) for tag, attrs in tags), html
        hrefs = [attrs["href"] for tag, attrs in tags if tag == "a"]
        assert len(hrefs) == entries, html
        assert all(h.startswith(("https://", "http://")) and not re.search(r"[\s<>\"'`\\]", h) for h in hrefs), hrefs


HOSTILE_TITLE = ("Evil [click](javascript:alert(1)) ![x](https://evil.example/x.png) &lt;img src=x onerror=alert(1)&gt; "
                 "<https://evil.example/auto> \x1b[31mred\x1b[0m \x1b]8;;https://evil.example\x07link\x1b]8;;\x07 `code] [[x]](y)` \\")


def test_a_network_title_is_written_as_text(standin, tmp_path, capsys):
    app, url = standin
    folder = _list_folder(tmp_path)
    app.faults.targeted = [(f"/works/{RETINA_DOI}", hostile({"title": [HOSTILE_TITLE]}))] * 3
    code = _add(folder, url, "--category", "A", RETINA_DOI)
    out, err = capsys.readouterr()
    app.faults.targeted = []
    assert code == 0, err
    assert "\x1b" not in out + err
    _assert_only_text_and_links(folder, 2)
    assert _cli("--data", str(folder), "check") in (0, 1) and "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("args", [
    ("--title", "<img src=x onerror=alert(1)> A paper", "https://example.org/paper"),
    ("--title", "A paper", "--label", "<img src=x onerror=alert(1)>](javascript:alert(1)) ![i](x)", "https://example.org/paper"),
    ("--title", "A paper", "https://example.org/a paper (1).pdf?q=<img src=x onerror=alert(1)>&r=\"x\"`y`"),
    ("--title", "A paper", "https://example.org/x^^5cinput{/etc/passwd}\\x"),
    ("--title", "A paper \udcff\udc80 \ud800", "https://example.org/surrogates"),
    ("--title", "A paper", "10.1000/<script>alert(1)</script>"),
    ("--title", "A paper", "https://user:s3cret-pw@example.org/with-password"),
])
def test_command_line_text_and_links_are_encoded(standin, tmp_path, capsys, args):
    app, url = standin
    folder = _list_folder(tmp_path)
    code = _add(folder, url, "--category", "A", *args)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err
    _assert_only_text_and_links(folder, 2)
    written = (folder / "list.md").read_text(encoding="utf-8")
    new = written.splitlines()[-1]
    assert "<script" not in new and " (1)" not in new.split("](", 1)[-1] and "s3cret" not in written + out + err
    assert "^^" not in new and "\\x" not in new.split("](", 1)[-1]
    assert "s3cret" not in (folder / "references.bib").read_text()


@pytest.mark.parametrize("doi, label", [(RETINA_DOI, "Springer"), ("10.1002/mp.13438", "Wiley")])
def test_a_doi_link_is_labelled_by_its_registrant_not_by_the_resolver_host(standin, tmp_path, capsys, doi, label):
    """A list whose DOI links all go to doi.org and say IEEE: a Springer DOI is still Springer's."""
    app, url = standin
    folder = _list_folder(tmp_path)
    assert _add(folder, url, "--category", "A", doi) == 0, capsys.readouterr().err
    assert f"[[{label}]](https://doi.org/{doi})" in (folder / "list.md").read_text().splitlines()[-1]


# -- 13, 11. what the environment says about the network is untrusted too ---------------------------
def test_a_password_in_the_crossref_url_is_never_printed_nor_stored(standin, folder, capsys, monkeypatch):
    app, url = standin
    assert _cli("--data", str(folder), "sync") == 0
    with_password = url.replace("http://", "http://reader:s3cret-pw@") + "/no-such-api"
    monkeypatch.setenv("MEDSEGCITE_CROSSREF_URL", with_password)
    capsys.readouterr()
    stored = (folder / "references.bib").read_text()
    assert _cli("--data", str(folder), "resolve", "--doi-url", url, "--timeout", "2") == 1
    out, err = capsys.readouterr()
    assert "s3cret" not in out + err and "***@" in err  # the failure still says where it asked
    assert (folder / "references.bib").read_text() == stored  # a failed lookup leaves the store as it was
    assert _cli("--data", str(folder), "add", "--category", "A", "--title", "X", "https://example.org/x", "--yes") == 1
    out, err = capsys.readouterr()
    assert "s3cret" not in out + err


@pytest.mark.parametrize("option, value", [
    ("--crossref-url", "http://xn--.example/"),
    ("--crossref-url", "http://a..b/"),
    ("--crossref-url", "http://" + "a" * 70 + ".org/"),
    ("--crossref-url", "http://b\u00fccher\u200d\ufffd.de/"),
    ("--doi-url", "http://[::1/"),
    ("--crossref-url", "file:///etc/passwd"),
    ("--mailto", "j\u00f6s\u00e9@ex\u00e4mple.org"),
    ("--mailto", "me@example.org\r\nX-Injected: 1"),
])
@pytest.mark.parametrize("command", ["resolve", "add"])
def test_a_bad_host_or_mailto_is_one_line(standin, folder, capsys, option, value, command):
    app, url = standin
    assert _cli("--data", str(folder), "sync") == 0
    before = (folder / "references.bib").read_text()
    base = ["--crossref-url", url, "--doi-url", url]
    extra = ["--category", "A", "--title", "X", "https://example.org/x", "--yes"] if command == "add" else []
    capsys.readouterr()
    assert _cli("--data", str(folder), command, "--no-cache", *base, option, value, *extra) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("medsegcite: error: ") and option in err, err
    assert (folder / "references.bib").read_text() == before


# -- 7. --timeout bounds the whole request, headers included ------------------------------------
def test_timeout_holds_against_a_server_that_trickles_its_headers(standin, folder, tmp_path):
    """A real process against headers that arrive a byte every 0.2 s for five minutes: `--timeout 2`
    ends each request at 2 s, so the run ends (after its bounded retries) long before the server would."""
    from tests.conftest import cli_process

    app, url = standin
    (folder / "list.md").write_text("# S\n### A\n" + BLADDER)
    assert _cli("--data", str(folder), "sync") == 0
    app.faults.slow_header_seconds = 300
    app.faults.plan = ["slow-headers"] * 40
    try:
        done = cli_process("--data", str(folder), "resolve", "--no-cache", "--crossref-url", url, "--doi-url", url,
                           "--timeout", "2", timeout=100)
    finally:
        app.faults.plan = []
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "took longer than 2 s" in done.stderr  # said on stderr; the store is left as it was


# -- 4. nested markup and JSON are read with bounds, without recursion errors ---------------------
NESTED_TAGS = "<i>" * 1333  # 3,999 characters: within the 4,000 a title may have
@pytest.mark.parametrize("patch", [
    {"title": [NESTED_TAGS]},
    {"title": ["<sub>" * 780 + "U-Net based deep learning bladder segmentation"]},
    {"title": ["A \ud800 lone \udfff surrogate"]},
    {"event": {"name": "x", "deep": "PLACEHOLDER"}},
])
def test_nested_or_broken_responses_never_crash_resolve_and_are_not_kept(standin, folder, capsys, patch):
    app, url = standin
    (folder / "list.md").write_text("# S\n### A\n" + BLADDER)
    assert _cli("--data", str(folder), "sync") == 0
    raw = None
    if "event" in patch:  # nested 5,000 deep: more than json or jsonschema can recurse
        text = json.dumps({"status": "ok", "message": {**app.index.works["10.1002/mp.13438"], "event": "DEEP"}})
        raw = text.replace('"DEEP"', "[" * 5000 + "1" + "]" * 5000).encode()
    app.faults.targeted = [("/works/10.1002/mp.13438", hostile(None if raw else patch, raw=raw))]
    try:
        code = _resolve(folder, url)
    finally:
        app.faults.targeted = []
    err = capsys.readouterr().err
    assert code in (0, 1) and "Traceback" not in err and "RecursionError" not in err
    assert "ecursion" not in (folder / "references.bib").read_text(encoding="utf-8")  # still UTF-8, no crash recorded
    # Against the healthy server: nothing that crashed or failed was kept in the cache.
    assert _resolve(folder, url, "--refresh") in (0, 1)
    assert "Traceback" not in capsys.readouterr().err
    assert _cli("--data", str(folder), "export", "--format", "csl-json") == 0
    assert _cli("--data", str(folder), "export", "--format", "ris") == 0


@pytest.mark.parametrize("planted", [b"[" * 100000 + b"]" * 100000, b'{"request": ' + b"[" * 3000 + b"]" * 3000 + b"}",
                                     b'{"request": "x", "value": "\\ud800"}', b"\xff\xfe"])
def test_a_planted_cache_entry_is_dropped_and_asked_again(standin, folder, capsys, tmp_path, planted):
    app, url = standin
    (folder / "list.md").write_text("# S\n### A\n" + BLADDER)
    assert _cli("--data", str(folder), "sync") == 0
    assert _resolve(folder, url) == 0
    entries = list((tmp_path / "cache").rglob("*.json"))
    assert entries
    for entry in entries:
        entry.write_bytes(planted)
    capsys.readouterr()
    assert _resolve(folder, url, "--refresh") == 0
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("patch", [{"title": [NESTED_TAGS]}, {"title": ["A \ud800 lone surrogate"]}, "deep"])
def test_add_reads_nested_and_broken_titles(standin, tmp_path, capsys, patch):
    app, url = standin
    folder = _list_folder(tmp_path)
    if patch == "deep":
        work = app.index.works[RETINA_DOI]
        raw = json.dumps({"status": "ok", "message": {**work, "event": "DEEP"}}).replace('"DEEP"', "[" * 5000 + "]" * 5000).encode()
        fault = hostile(raw=raw)
    else:
        fault = hostile(patch)
    app.faults.targeted = [(f"/works/{RETINA_DOI}", fault)] * 3
    try:
        code = _add(folder, url, "--category", "A", RETINA_DOI)
    finally:
        app.faults.targeted = []
    err = capsys.readouterr().err
    assert code in (0, 1) and "Traceback" not in err and "Error:" not in err and "ecursion" not in err, err
    (folder / "list.md").read_text(encoding="utf-8")
    (folder / "references.bib").read_text(encoding="utf-8")
    if code == 0:
        _assert_only_text_and_links(folder, 2)


@pytest.mark.parametrize("value", ["{" * 300 + "Deep" + "}" * 300, "\\textit{" * 300 + "Deep" + "}" * 300])
@pytest.mark.parametrize("fmt", ["csl-json", "ris", "bibtex"])
def test_a_stored_title_nested_300_deep_is_one_line(folder, capsys, value, fmt):
    """Deeper than any real title (the store reader's bound, files and store.py): the entry
    is named in one line, nothing is written, and the text stays in the file."""
    assert _cli("--data", str(folder), "sync") == 0
    bib = folder / "references.bib"
    bib.write_text(re.sub(r"^  title = .*$", lambda m: f"  title = {{{value}}},", bib.read_text(), count=1, flags=re.M))
    before = bib.read_text()
    capsys.readouterr()
    assert _cli("--data", str(folder), "export", "--format", fmt) == 1
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and "nest" in err and "Traceback" not in err
    assert bib.read_text() == before


# -- 12. add is one transaction over list and store ----------------------------------------------
def _in_step(folder) -> tuple[bool, bool]:
    """(the new paper is in the list, it is in the store), read as every command reads them."""
    from medsegcite.bib import store
    from medsegcite.bib.sync import entry_identity
    from medsegcite.listing.catalog import load_list

    papers = {p.identity for p in load_list(folder / "list.md").papers}
    stored = {entry_identity(e) for e in store.load(folder / "references.bib")}
    wanted = "deep retinal image understanding"
    return wanted in papers, wanted in stored


@pytest.mark.parametrize("stage", ["journal", "list", "store"])
@pytest.mark.parametrize("signal_name", ["SIGKILL", "SIGTERM", "SIGINT"])
def test_a_kill_inside_the_write_window_never_leaves_list_and_store_apart(standin, tmp_path, stage, signal_name):
    """A real process stopped at each point of add's write window (MEDSEGCITE_PAUSE_AT) and killed there;
    the next command (any command) finishes the add or finds it never happened."""
    import os
    import signal
    import subprocess
    import sys

    from tests.conftest import cli_process

    app, url = standin
    folder = _list_folder(tmp_path)
    env = {**os.environ, "MEDSEGCITE_PAUSE_AT": f"add:{stage}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "medsegcite", "--data", str(folder), "add", "--no-cache", "--crossref-url", url,
         "--doi-url", url, "--category", "A", RETINA_DOI, "--yes"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        for line in process.stderr:
            if f"paused at add:{stage}" in line:
                break
        else:
            pytest.fail("add never reached the write window: " + process.stdout.read())
        process.send_signal(getattr(signal, signal_name))
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
        process.stderr.close()
    assert process.returncode != 0
    listed, stored = _in_step(folder)
    after = cli_process("--data", str(folder), "status")  # the next command, whichever it is
    assert after.returncode == 0 and "Traceback" not in after.stderr, after.stderr
    listed, stored = _in_step(folder)
    assert listed == stored, (stage, signal_name, listed, stored)
    assert not (folder / ".medsegcite-add.json").exists()
    assert cli_process("--data", str(folder), "check", "-q").returncode == 0


# -- issue 17, item 7: every command that reads decisions.toml validates it ---------------------
@pytest.mark.parametrize("text, said", [
    ('[[pinn]]\ntitle = "A paper entered by hand"\ndoi = "10.1002/mp.13438"\n', "did you mean [[pin]]"),
    ('[[pin]]\ntitle = "A paper entered by hand"\ndoi = "10.1002/mp.13438"\nwhy = 3\n', "why must be a string"),
    ('[[pin]]\ntitle = "A paper entered by hand"\n', "needs a doi"),
    ("a = " + "[" * 3000 + "]" * 3000 + "\n", "nested too deep to read"),
    ("a = " + "9" * 5000 + "\n", "a value out of range"),
    ("[[reject]\n", "decisions.toml"),
])
@pytest.mark.parametrize("command", ["resolve", "review", "check", "add"])
def test_a_broken_decisions_file_is_one_line_for_every_command_that_reads_it(standin, folder, capsys, text, said, command):
    app, url = standin
    assert _cli("--data", str(folder), "sync") == 0
    (folder / "decisions.toml").write_text(text)
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    args = {
        "resolve": ["resolve", "--crossref-url", url, "--doi-url", url],
        "review": ["review"],
        "check": ["check"],
        "add": ["add", "--no-cache", "--crossref-url", url, "--doi-url", url, "--category", "A", RETINA_DOI, "--yes"],
    }[command]
    capsys.readouterr()
    assert _cli("--data", str(folder), *args) == 1
    out, err = capsys.readouterr()
    lines = [line for line in (out + err).splitlines() if said in line]
    assert lines and "Traceback" not in err, out + err
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before  # nothing written
