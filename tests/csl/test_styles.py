"""Style lookup, dependent styles, styles.toml and the styles folder (--styles / MEDSEGCITE_STYLES)."""

from __future__ import annotations

import shutil

import pytest

from medsegcite.csl import styles
from medsegcite.errors import MedsegciteError

from tests.test_cli import _medsegcite


def test_style_lookup():
    assert styles.find_style("ieee").path.endswith("ieee.csl")
    dependent = styles.find_style("3-biotech")  # a journal style that points at its parent
    assert dependent.path.endswith("springer-basic-author-date.csl")
    assert styles.find_style(styles.find_style("apa").path).path.endswith("apa.csl")
    with pytest.raises(styles.UnknownStyle, match="did you mean 'nature'"):
        styles.find_style("neture")


def test_our_styles_folder_comes_first(tmp_path):
    shutil.copy(styles.find_style("nature").path, tmp_path / "ieee.csl")
    assert styles.find_style("ieee", str(tmp_path)).path == str(tmp_path / "ieee.csl")


def test_style_choice_per_category():
    choice = styles.StyleChoice("ieee", {"Abnormalities Segmentation": "apa", "Abnormalities Segmentation/Lesions Segmentation/Lung lesion": "nature"})
    assert choice.for_path(("Anatomical Structures Segmentation", "Liver")) == "ieee"
    assert choice.for_path(("Abnormalities Segmentation", "Lesions Segmentation", "Brain tumors")) == "apa"
    assert choice.for_path(("Abnormalities Segmentation", "Lesions Segmentation", "Lung lesion")) == "nature"
    shipped = styles.load_style_choice()
    assert shipped.default == "ieee"


BAD_TOML = [  # (styles.toml, what the one-line message says)
    ('defualt = "apa"\n', "unknown key 'defualt'; did you mean 'default'?"),
    ('[categorie]\nLiver = "apa"\n', "unknown key 'categorie'; did you mean 'categories'?"),
    ("default = 3\n", "'default' must be a style name in quotes, not a number"),
    ('default = ["apa"]\n', "'default' must be a style name"),
    ('categories = "apa"\n', "'categories' must be a table"),
    ("[categories]\nLiver = 1.5\n", "category 'Liver' must map to a style name in quotes, not a number"),
    ("default = " + "1" * 5000 + "\n", "styles.toml: a value out of range"),  # an integer Python will not print
    ("x = " + "[" * 5000 + "]" * 5000 + "\n", "styles.toml: arrays or tables nested too deep to read"),
    ("[categories]\nLiver = [" + "1, " * 20000 + "]\n", "category 'Liver' must map to a style name in quotes, not a list"),
    ("[categories]\n[categories.Liver]\nstyle = 'apa'\n", "category 'Liver' must map to a style name"),
    ('default = "apa\n', "styles.toml: "),  # not TOML
    ('default = "neture"\n', "unknown style 'neture'; did you mean 'nature'"),
    ('[categories]\nLiver = "vancuver"\n', "unknown style 'vancuver'"),
]


@pytest.mark.parametrize("text,message", BAD_TOML)
def test_styles_toml_mistakes_are_one_line_errors(tmp_path, text, message):
    (tmp_path / "styles.toml").write_text(text)
    done = _medsegcite("render", "--styles", str(tmp_path))
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert message in done.stderr and str(tmp_path / "styles.toml") in done.stderr


def test_styles_toml_binary_is_an_error(tmp_path):
    (tmp_path / "styles.toml").write_bytes(b"\xff\xfe\x00default\x00")
    done = _medsegcite("render", "--styles", str(tmp_path))
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "styles.toml" in done.stderr


def test_styles_toml_override_for_no_category_is_reported(tmp_path):
    (tmp_path / "styles.toml").write_text('[categories]\nLvier = "apa"\n')
    done = _medsegcite("render", "--styles", str(tmp_path), "--category", "Breast")
    assert done.returncode == 0
    assert "category 'Lvier' matches no category of the list; did you mean 'Liver'?" in done.stderr


def test_styles_folder_from_option_and_environment(tmp_path):
    """After `pip install .` the shipped styles/ is inside the package: a user's own folder is
    named with --styles or MEDSEGCITE_STYLES, and its styles.toml and .csl files are used."""
    shutil.copy(styles.find_style("apa").path, tmp_path / "house.csl")
    (tmp_path / "styles.toml").write_text('default = "house"\n')
    by_option = _medsegcite("render", "--styles", str(tmp_path), "--category", "Breast")
    by_env = _medsegcite("render", "--category", "Breast", env={"MEDSEGCITE_STYLES": str(tmp_path)})
    shipped = _medsegcite("render", "--category", "Breast")
    assert by_option.returncode == by_env.returncode == 0
    assert by_option.stdout == by_env.stdout != shipped.stdout
    assert "Dubrovina, A. (2018)." in by_option.stdout  # APA, not the shipped IEEE
    missing = _medsegcite("render", "--styles", str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and "styles folder" in missing.stderr and "does not exist" in missing.stderr


@pytest.mark.parametrize("content", [b"\x00\x01\x02\xff" * 200, b"<html><body>not a style</body></html>", b"<style", b""])
def test_a_style_file_that_is_not_csl_is_one_line(tmp_path, content):
    bad = tmp_path / "bad.csl"
    bad.write_bytes(content)
    done = _medsegcite("render", "--style", str(bad), "--category", "Breast")
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr and str(bad) in done.stderr


def test_dependent_style_loop_is_one_line(tmp_path):
    link = '<style xmlns="http://purl.org/net/xbiblio/csl"><info><link rel="independent-parent" href="http://www.zotero.org/styles/{}"/></info></style>'
    (tmp_path / "a.csl").write_text(link.format("b"))
    (tmp_path / "b.csl").write_text(link.format("a"))
    with pytest.raises(MedsegciteError):
        styles.find_style("a", str(tmp_path))


def test_without_a_folder_the_shipped_one_is_used():
    import os

    folder = styles.styles_dir_or_default(None)
    assert os.path.isfile(os.path.join(folder, "styles.toml")) and styles.load_style_choice(folder).default == "ieee"


def _own_list(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "list.md").write_text("# Awesome [cardiac](https://example.org) *MRI* papers\n\n## Heart\n\n"
                                    "- [Cardiac MRI segmentation with deep learning] [[x]](https://scholar.google.com/scholar?q=a)\n")
    assert _medsegcite("--data", str(folder), "sync").returncode == 0
    return folder


def test_no_warning_about_the_shipped_styles_toml_for_a_users_own_list(tmp_path):
    """The shipped styles.toml names the shipped list's categories: another list renders in its default style, silently."""
    folder = _own_list(tmp_path)
    done = _medsegcite("--data", str(folder), "render")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert "Cardiac MRI segmentation with deep learning" in done.stdout
    (tmp_path / "st").mkdir()  # a styles.toml the user wrote is still checked against their list
    (tmp_path / "st" / "styles.toml").write_text('[categories]\nHaert = "apa"\n')
    done = _medsegcite("--data", str(folder), "render", "--styles", str(tmp_path / "st"))
    assert "category 'Haert' matches no category of the list; did you mean 'Heart'?" in done.stderr


def test_the_html_page_is_titled_by_the_lists_first_heading(tmp_path):
    folder = _own_list(tmp_path)
    page = _medsegcite("--data", str(folder), "render", "--format", "html").stdout
    assert "<title>Awesome cardiac MRI papers</title>" in page and "<h1>Awesome cardiac MRI papers</h1>" in page
    assert "Medical image segmentation by deep learning" not in page
    (folder / "list.md").write_text("## <script>x</script> & co\n" + (folder / "list.md").read_text().split("\n", 1)[1])
    page = _medsegcite("--data", str(folder), "render", "--format", "html").stdout
    assert "<title>x &amp; co</title>" in page and "<script>" not in page
