"""The CLI as a user runs it: in-process through CliRunner, and as a real process for
the error contract (one line on stderr, non-zero exit, no traceback, no file left)."""

import os

import pytest

from tests.conftest import DATA
from tests.conftest import cli_process


def test_categories(run):
    result = run("categories")
    assert result.exit_code == 0
    assert "  Liver (11)" in result.output
    assert "    Prostate lesion (0; 7 empty placeholders)" in result.output
    assert result.output.strip().endswith(
        "98 distinct papers in 101 list items; 7 empty placeholders skipped; 3 papers listed under more than one category"
    )


def test_export_to_stdout_and_file(run, tmp_path):
    result = run("export", "--format", "bibtex")
    assert result.exit_code == 0 and result.output.count("\n@") + result.output.startswith("@") == 98
    out = tmp_path / "liver.bib"
    result = run("export", "--category", "Liver", "-o", str(out))
    assert result.exit_code == 0 and out.read_text().count("@") == 11


def test_data_option_and_environment(run, data_copy, tmp_path):
    (data_copy / "list.md").write_text("# Mine\n### Only\n- [A single paper on MRI] [[x]](https://scholar.google.com/scholar?q=a)\n")
    assert run("--data", str(data_copy), "sync", "--allow-removals").exit_code == 0
    result = run("export", "--format", "csl-json", env={"MEDSEGCITE_DATA": str(data_copy)})
    assert result.exit_code == 0 and '"title": "A single paper on MRI"' in result.output
    assert result.output.count('"id"') == 1


_medsegcite = cli_process  # other test modules import it by this name


@pytest.mark.parametrize(
    "args, message, code",
    [
        (["export", "--format", "xml"], "'xml' is not one of 'bibtex', 'biblatex', 'csl-json', 'csl-yaml', 'ris'", 2),
        (["export", "--category", "Livre"], "did you mean 'Liver'", 1),
        (["--data", "/no/such/folder", "export"], "data folder /no/such/folder does not exist", 1),
        (["export", "--data", "/no/such/folder"], "data folder /no/such/folder does not exist", 1),
        (["export", "-o", "/no/such/folder/out.bib"], "folder /no/such/folder does not exist", 1),
        (["export", "--nope"], "No such option", 2),
        (["render", "--format", "pdf"], "'pdf' is not one of 'text', 'markdown', 'html'", 2),
        (["status", "--format", "yaml"], "'yaml' is not one of 'text', 'json'", 2),
        (["check", "--format", "xml"], "'xml' is not one of 'text', 'json', 'github'", 2),
        (["resolve", "--timeout", "-1"], "--timeout", 2),
        (["search", "x", "--limit", "0"], "--limit", 2),
        (["nosuchcommand"], "No such command", 2),
        (["check", "-q", "-v"], "-q and -v contradict", 2),
    ],
)
def test_bad_input_is_one_line(args, message, code):
    """Usage errors (bad options and values) exit 2 as click's do; problems with the data exit 1."""
    result = _medsegcite(*args)
    assert result.returncode == code, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_store_names_the_line(data_copy, tmp_path):
    bib = data_copy / "references.bib"
    text = bib.read_text()
    cut = text.index("@misc", 2000)
    bib.write_text(text[:cut] + "@misc{broken,\n  title = {no end\n" + text[cut:])
    line = text[:cut].count("\n") + 1
    out = tmp_path / "out.bib"
    result = _medsegcite("--data", str(data_copy), "export", "-o", str(out))
    assert result.returncode == 1
    assert result.stderr.strip().endswith(f"references.bib:{line}: malformed entry")
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()


def test_missing_store_and_list(tmp_path):
    result = _medsegcite("--data", str(tmp_path), "export")
    assert result.returncode == 1 and "no store at" in result.stderr and "Traceback" not in result.stderr
    result = _medsegcite("--data", str(tmp_path), "categories")
    assert result.returncode == 1 and "no list at" in result.stderr


def test_unreadable_store(data_copy):
    (data_copy / "references.bib").write_bytes(b"\xff\xfe@misc{")
    result = _medsegcite("--data", str(data_copy), "export")
    assert result.returncode == 1 and "cannot read" in result.stderr and len(result.stderr.splitlines()) == 1


def test_shipped_store_is_in_sync_with_the_list(data_copy):
    before = (data_copy / "references.bib").read_text()
    result = _medsegcite("--data", str(data_copy), "sync")
    assert result.returncode == 0, result.stderr
    assert (data_copy / "references.bib").read_text() == before
    assert str(DATA)  # the shipped folder itself is never written by tests


# -- -o: one safe writer ------------------------------------------------------------------
def test_output_to_devices_is_written_in_place_never_replaced():
    import stat

    for device in ("/dev/null", "/dev/full"):
        before = os.stat(device)
        result = _medsegcite("export", "--category", "Liver", "-o", device)
        after = os.stat(device)
        assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev, device
        if device == "/dev/full":
            assert result.returncode == 1 and "No space left on device" in result.stderr and "Traceback" not in result.stderr
        else:
            assert result.returncode == 0, result.stderr


def test_output_to_dev_stdout():
    result = _medsegcite("export", "--category", "Liver", "-o", "/dev/stdout")
    assert result.returncode == 0 and result.stdout.count("@") == 11, result.stderr
    assert os.path.islink("/dev/stdout")


def test_output_to_a_fifo(tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()), daemon=True)
    reader.start()
    result = _medsegcite("export", "--category", "Liver", "-o", str(fifo))
    reader.join(30)
    assert result.returncode == 0, result.stderr
    assert received and received[0].count("@") == 11
    assert fifo.is_fifo()


def test_output_through_a_symlink_keeps_the_link(tmp_path):
    target = tmp_path / "real.bib"
    target.write_text("old")
    link = tmp_path / "link.bib"
    link.symlink_to(target)
    result = _medsegcite("export", "--category", "Liver", "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and target.read_text().count("@") == 11


@pytest.mark.parametrize(
    "command, name",
    [
        (["export"], "references.bib"),
        (["export", "--format", "ris"], "list.md"),
        (["render", "--format", "markdown"], "list.md"),
        (["export"], "decisions.toml"),
    ],
)
def test_output_never_overwrites_the_data_folder(data_copy, tmp_path, command, name):
    before = {p.name: p.read_bytes() for p in data_copy.iterdir()}
    link = tmp_path / "sneaky"
    link.symlink_to(data_copy / name)
    for output in (data_copy / name, link, f"{data_copy}/./{name}"):
        result = _medsegcite("--data", str(data_copy), *command, "-o", str(output))
        assert result.returncode == 1 and f"it is the data folder's {name}" in result.stderr, result.stderr
        assert len(result.stderr.splitlines()) == 1
    assert {p.name: p.read_bytes() for p in data_copy.iterdir()} == before


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "1e400", "0"])
def test_timeout_must_be_a_sane_number_of_seconds(data_copy, value):
    result = _medsegcite("--data", str(data_copy), "resolve", "--timeout", value)
    assert result.returncode == 2 and "--timeout" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1


# -- where the data is: one rule ---------------------------------------------------------
ONE_PAPER = "# Mine\n\n## Only\n\n- [A single paper on MRI] [[x]](https://scholar.google.com/scholar?q=a)\n"


def _folder(path, text=ONE_PAPER):
    path.mkdir(parents=True, exist_ok=True)
    (path / "list.md").write_text(text)
    return path


def test_a_local_data_folder_is_used_when_it_holds_a_list(tmp_path):
    _folder(tmp_path / "data")
    done = _medsegcite("categories", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.splitlines()[-1].startswith("1 distinct papers"), done.stdout
    assert _medsegcite("sync", cwd=tmp_path).returncode == 0  # and written there, not into the package
    assert "A single paper on MRI" in (tmp_path / "data" / "references.bib").read_text()
    (tmp_path / "elsewhere").mkdir()  # a data/ without a list.md is not a data folder: the shipped one is read
    (tmp_path / "elsewhere" / "data").mkdir()
    done = _medsegcite("categories", cwd=tmp_path / "elsewhere")
    assert done.stdout.splitlines()[-1].startswith("98 distinct papers")


def test_an_explicit_folder_beats_the_local_one(tmp_path):
    _folder(tmp_path / "data")
    other = _folder(tmp_path / "other", ONE_PAPER.replace("## Only", "## Only\n\n- [Another paper on CT] [[x]](https://scholar.google.com/scholar?q=b)"))
    by_env = _medsegcite("categories", cwd=tmp_path, env={"MEDSEGCITE_DATA": str(other)})
    by_option = _medsegcite("categories", "--data", str(other), cwd=tmp_path)
    before = _medsegcite("--data", str(other), "categories", cwd=tmp_path, env={"MEDSEGCITE_DATA": str(tmp_path / "data")})
    for done in (by_env, by_option, before):
        assert done.stdout.splitlines()[-1].startswith("2 distinct papers"), done.stdout
    after = _medsegcite("--data", str(tmp_path / "data"), "categories", "--data", str(other), cwd=tmp_path)
    assert after.stdout.splitlines()[-1].startswith("2 distinct papers")  # the command's own --data is the last word


@pytest.mark.parametrize("command", [["sync"], ["resolve"], ["add", "10.1000/182", "--category", "Liver", "-y"]])
def test_the_shipped_data_is_read_only(tmp_path, command):
    before = {p.name: p.read_bytes() for p in DATA.iterdir()}
    done = _medsegcite(*command, cwd=tmp_path, env={"MEDSEGCITE_CROSSREF_URL": "http://127.0.0.1:9"})
    assert done.returncode == 1 and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert "the shipped data, which is read-only" in line and "medsegcite init" in line
    assert {p.name: p.read_bytes() for p in DATA.iterdir()} == before
    assert _medsegcite("export", "--category", "Liver", cwd=tmp_path).returncode == 0  # reading it is fine


def test_init_copies_the_shipped_data_or_starts_a_list(tmp_path):
    done = _medsegcite("init", "data", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for name in ("list.md", "references.bib", "decisions.toml"):
        assert (tmp_path / "data" / name).read_bytes() == (DATA / name).read_bytes()
    assert _medsegcite("sync", cwd=tmp_path).returncode == 0  # ./data is now the user's own
    again = _medsegcite("init", "data", cwd=tmp_path)
    assert again.returncode == 1 and "already holds list.md" in again.stderr and "nothing was written" in again.stderr
    assert (tmp_path / "data" / "list.md").read_bytes() == (DATA / "list.md").read_bytes()
    empty = _medsegcite("init", "--empty", str(tmp_path / "new"))
    assert empty.returncode == 0 and f"--data {tmp_path / 'new'}" in empty.stderr
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["list.md"]
    assert _medsegcite("--data", str(tmp_path / "new"), "sync").returncode == 0
    assert _medsegcite("--data", str(tmp_path / "new"), "check").returncode == 0
    (tmp_path / "file").write_text("x")
    not_a_folder = _medsegcite("init", str(tmp_path / "file"))
    assert not_a_folder.returncode == 2 and "is a file" in not_a_folder.stderr


EVERY_COMMAND = [["categories"], ["sync"], ["export"], ["resolve"], ["status"], ["review"], ["render"],
                 ["search", "liver"], ["check"], ["add", "10.1000/182", "--category", "Liver"], ["stats"],
                 ["site", "-o", "site-out"]]


def test_every_command_is_listed_here():
    from medsegcite.cli import cli

    assert {c[0] for c in EVERY_COMMAND} | {"init"} == set(cli.commands)


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=lambda c: c[0])
def test_data_quiet_and_verbose_after_the_command(command):
    for extra in (["--data", "/no/such/folder"], ["-q", "--data", "/no/such/folder"], ["--data", "/no/such/folder", "-v"]):
        done = _medsegcite(*command, *extra)
        assert done.returncode == 1, done.stderr
        assert done.stderr.splitlines() == ["medsegcite: error: data folder /no/such/folder does not exist"]


def test_bare_command_version_and_help():
    from importlib.metadata import version

    bare = _medsegcite()
    assert bare.returncode == 0 and bare.stderr == ""
    assert bare.stdout.startswith("Usage: medsegcite") and "Commands:" in bare.stdout and "init" in bare.stdout
    assert bare.stdout == _medsegcite("--help").stdout
    shown = _medsegcite("--version")
    assert shown.returncode == 0 and shown.stdout.strip() == f"medsegcite {version('medsegcite')}"


def test_help_names_every_environment_variable_the_code_reads():
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "medsegcite"
    used = {name for path in package.rglob("*.py") for name in re.findall(r"MEDSEGCITE_[A-Z_]+", path.read_text())}
    assert len(used) >= 6
    text = _medsegcite("--help").stdout
    for name in used:
        assert name in text, name
    assert "MEDSEGCITE_MAILTO" in _medsegcite("resolve", "--help").stdout  # and where an option reads one


@pytest.mark.parametrize("command, choices", [
    (["export"], "[bibtex|biblatex|csl-json|csl-yaml|ris]"), (["render"], "[text|markdown|html]"),
    (["search"], "[text|bibtex|json]"), (["status"], "[text|json]"), (["check"], "[text|json|github]"),
    (["stats"], "[text|json]"),
])
def test_format_choices_are_shown(command, choices):
    text = _medsegcite(*command, "--help").stdout
    assert f"--format {choices}" in " ".join(text.split()), text
    assert "--json" not in text  # kept as a hidden alias
    for option in ("--data DIR", "-q, --quiet", "-v, --verbose"):
        assert option in text


def test_the_cli_formats_are_the_librarys():
    from medsegcite import cli
    from medsegcite.bib import export
    from medsegcite.csl import output

    assert cli.EXPORT_FORMATS == export.FORMATS and cli.RENDER_FORMATS == output.FORMATS


@pytest.mark.parametrize("command", [["status"], ["check", "-v"], ["stats"], ["search", "liver"]], ids=lambda c: c[0])
def test_json_is_an_alias_of_format_json(command):
    import json

    by_alias = _medsegcite(*command, "--json")
    by_format = _medsegcite(*command, "--format", "json")
    assert by_alias.returncode == by_format.returncode == 0
    assert by_alias.stdout == by_format.stdout and json.loads(by_alias.stdout)


def test_status_help_names_the_columns_it_prints():
    help_text = " ".join(_medsegcite("status", "--help").stdout.split())
    assert "where its record comes from, its key, DOI and list title" in help_text
    first = _medsegcite("status").stdout.splitlines()[0].split()
    assert first[:2] == ["from", "Crossref"] and first[3].startswith("10.")  # origin, key, DOI, title


def test_sync_says_its_placeholders_only_with_v(data_copy):
    quiet = _medsegcite("--data", str(data_copy), "sync")
    assert quiet.returncode == 0 and "empty placeholder" not in quiet.stderr
    assert quiet.stderr == "" and quiet.stdout == f"98 papers in {data_copy}/references.bib: 0 added, 98 kept, 0 removed\n"
    verbose = _medsegcite("--data", str(data_copy), "sync", "-v")
    assert sum("empty placeholder" in line for line in verbose.stderr.splitlines()) == 7
    silent = _medsegcite("--data", str(data_copy), "sync", "-q")
    assert silent.returncode == 0 and silent.stdout == silent.stderr == ""


ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[31m\x9b\x08\u202e"


def test_no_command_prints_a_stored_terminal_escape(data_copy, tmp_path):
    """Escapes in stored titles (a hand edit, a hostile record) and in the list reach no terminal."""
    bib = data_copy / "references.bib"
    text = bib.read_text()
    bib.write_text(text.replace("{H-DenseUNet}: Hybrid", "{H-DenseUNet}: " + ESCAPES + "Hybrid", 1)
                   .replace("medsegcite-list-title = {H-DenseUNet", "medsegcite-list-title = {" + ESCAPES + "H-DenseUNet", 1))
    lines = (data_copy / "list.md").read_text().split("\n")
    lines.insert(40, "- just words " + ESCAPES)
    (data_copy / "list.md").write_text("\n".join(lines))
    aux = tmp_path / "paper.aux"
    aux.write_text("\\citation{li2018hdenseunett}\n")
    for command in (["categories"], ["status"], ["review"], ["check", "-v"], ["export", "--keys", "li2018hdenseunett"],
                    ["export", "--aux", str(aux)], ["render", "--category", "Liver"], ["search", "hdense"], ["sync"], ["stats"]):
        done = _medsegcite("--data", str(data_copy), *command)
        assert "Traceback" not in done.stderr, (command, done.stderr)
        for stream in (done.stdout, done.stderr):
            assert not any(ch in stream for ch in "\x1b\x07\x9b\x08\u202e"), (command, repr(stream))
