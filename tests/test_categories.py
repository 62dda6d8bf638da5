import json

import pytest

from medsegcite.categories import UnknownCategory, asks_for, matching, unknown_message


def test_a_category_is_asked_for_by_its_name_or_its_path_in_any_case_and_spacing():
    path = ("Abnormalities Segmentation", "Lesions, small", "Brain")
    for name in ("brain", "BRAIN ", "Abnormalities Segmentation/Lesions, small/Brain",
                 "abnormalities segmentation / lesions; small / brain"):
        assert asks_for(name, path), name
    for name in ("Lesions, small", "Abnormalities Segmentation/Brain", "brai"):
        assert not asks_for(name, path), name


def test_a_name_several_categories_share_asks_for_each():
    paths = ["Organs", "Organs/Liver", "Tumours", "Tumours/Liver", "Tumours/Lung"]
    assert matching(paths, ["liver"]) == {"Organs/Liver", "Tumours/Liver"}
    assert matching(paths, ["Tumours / Liver", "lung"]) == {"Tumours/Liver", "Tumours/Lung"}
    with pytest.raises(UnknownCategory, match=r"unknown category 'Livr'; did you mean 'Liver'\?"):
        matching(paths, ["Livr"])
    assert unknown_message("zzz", ["Liver"]) == "unknown category 'zzz' (`medsegcite categories` lists them)"


LIST = """# Reading list

## Organs
### Liver
- [Liver paper one](https://example.org/one)
### Lung, left and right
- [Lung paper two](https://example.org/two)

## Tumours
### Liver
- [Liver paper three](https://example.org/three)
"""


TITLES = ("Liver paper one", "Lung paper two", "Liver paper three")


@pytest.mark.parametrize("name, titles", [
    ("liver", {"Liver paper one", "Liver paper three"}),  # one name, two categories: both
    ("Tumours / Liver", {"Liver paper three"}),
    ("organs/LIVER", {"Liver paper one"}),
    ("Lung, left and right", {"Lung paper two"}),
    ("Organs", {"Liver paper one", "Lung paper two"}),
])
def test_every_command_reads_a_category_name_the_same_way(tmp_path, run, name, titles):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "list.md").write_text(LIST)
    assert run("--data", str(folder), "sync").exit_code == 0
    exported = run("--data", str(folder), "export", "--format", "csl-json", "--category", name)
    assert exported.exit_code == 0, exported.output
    assert {item["title"] for item in json.loads(exported.stdout)} == titles
    found = run("--data", str(folder), "search", "paper", "--category", name, "--format", "json")
    assert found.exit_code == 0, found.output
    assert {hit["title"] for hit in json.loads(found.stdout)} == titles
    rendered = run("--data", str(folder), "render", "--style", "apa", "--category", name)
    assert rendered.exit_code == 0, rendered.output
    assert {title for title in TITLES if title.lower() in rendered.stdout.lower()} == titles
