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
        (["export", "--format", "xml"], "'xml' is not one of 'bibtex', 'biblatex', 'csl-json', 'ris'", 2),
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
