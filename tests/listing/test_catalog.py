import pytest

from pathlib import Path

from medsegcite.listing.catalog import load_list, parse_list


def test_counts_of_the_shipped_list(catalog):
    assert len(catalog.entries) + len(catalog.placeholders) == 108
    assert len(catalog.placeholders) == 7
    assert len(catalog.papers) == 98
    shared = sorted(p.list_title[:30] for p in catalog.papers if len(p.paths) > 1)
    assert shared == [
        "3D deeply supervised network f",
        "BiSC-UNet: A fine segmentation",
        "Multiregion segmentation of bl",
    ]
    assert catalog.unparsed == []


def test_tree_sections_categories_and_subcategories(catalog):
    assert [s.name for s in catalog.sections] == ["Anatomical Structures Segmentation", "Abnormalities Segmentation"]
    lesions = catalog.find("Lesions Segmentation")[0]
    assert [c.name for c in lesions.children] == ["Brain tumors", "Bladder tumor", "Lung lesion", "Prostate lesion"]
    assert lesions.path == ("Abnormalities Segmentation", "Lesions Segmentation")
    assert len(catalog.papers_under(catalog.find("liver")[0])) == 11
    assert len(catalog.papers_under(catalog.find("Abnormalities Segmentation")[0])) == 14
    assert catalog.find("Prostate lesion")[0].placeholders and not catalog.find("Prostate lesion")[0].entries


def test_navigation_and_empty_headings_are_not_categories(catalog):
    names = {n.name for n in catalog.nodes()}
    assert not names & {"Overview", "Review", "Medical-Images-Segmentation-By-DL"}


def test_same_paper_in_two_categories_is_one_paper():
    text = "# S\n### A\n- [Deep Nets]  [[x]](http://a)\n### B\n- [deep   nets] [[y]](http://b)\n"
    catalog = parse_list(text)
    assert len(catalog.papers) == 1
    assert catalog.papers[0].paths == [("S", "A"), ("S", "B")]


def test_items_that_are_not_papers_are_reported():
    catalog = parse_list("# S\n### A\n- just a note\n- [] [[]]()\n")
    assert catalog.unparsed == [(3, "just a note")]
    assert catalog.unread[0].reason == "no link"
    assert catalog.placeholders == [(4, ("S", "A"))]


def test_titles_in_other_scripts_are_distinct_papers():
    text = "# S\n## A\n- [深層学習による血管セグメンテーション](https://a.jp/1)\n- [肝臓の自動セグメンテーション](https://a.jp/2)\n" \
        "## B\n- [深層学習による血管セグメンテーション。](https://a.jp/1)\n- [Сегментация печени](https://a.ru/3)\n"
    catalog = parse_list(text)
    assert [(p.list_title, len(p.paths)) for p in catalog.papers] == [
        ("深層学習による血管セグメンテーション", 2), ("肝臓の自動セグメンテーション", 1), ("Сегментация печени", 1)
    ]


def test_links_identify_what_they_can(catalog):
    kinds = {}
    for paper in catalog.papers:
        kind = paper.identifier.kind if paper.identifier else None
        kinds[kind] = kinds.get(kind, 0) + 1
    assert kinds == {None: 51, "doi": 17, "pii": 17, "ieee": 9, "arxiv": 3, "pmcid": 1}


def _timed_categories(tmp_path, line: str, limit: float = 10.0):
    """`medsegcite categories` as a process over a list holding `line`: (seconds, result)."""
    import subprocess
    import sys
    import time

    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    (folder / "list.md").write_text("# S\n### A\n- [A paper on MRI] [[s]](https://scholar.google.com/x)\n" + line + "\n")
    started = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "medsegcite", "--data", str(folder), "categories"], capture_output=True, text=True, timeout=limit
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"categories took more than {limit} s over a {len(line)}-character line")
    return time.monotonic() - started, result


@pytest.mark.parametrize("size", [8_000, 16_000, 1_000_000])
@pytest.mark.parametrize(
    "shape",
    [
        lambda n: "- [" + "] [[" * (n // 4),  # item-shaped, never closed
        lambda n: "- [" + "a] [[b]](" * (n // 8),
        lambda n: "- [a]" + " " * n + "[[b]](c" + " " * n,
        lambda n: "- [" + "] [[" * (n // 4) + "]](x)",
        lambda n: "# a" + " " * n + "b",
        lambda n: "- [" + " ] " * (n // 3) + "[[",
    ],
)
def test_one_long_line_does_not_hang_the_list(tmp_path, size, shape):
    seconds, result = _timed_categories(tmp_path, shape(size))
    assert result.returncode == 0, result.stderr
    assert seconds < 5


def test_titles_with_brackets_and_placeholders_still_parse():
    catalog = parse_list("# S\n### A\n- [A [b] c]  [[x]](http://a/(b))\n- [] [[]]()\n- [Mixed] [[a]] [[b]](https://c)\n")
    assert [(e.title, e.link_label, e.link) for e in catalog.entries] == [("A [b] c", "x", "http://a/(b)"), ("Mixed] [[a]", "b", "https://c")]
    assert len(catalog.placeholders) == 1


def test_a_byte_order_mark_before_the_first_heading(tmp_path):
    from medsegcite.listing.catalog import load_list

    path = tmp_path / "list.md"
    path.write_bytes("\ufeff### Liver\n- [A paper on MRI] [[s]](https://scholar.google.com/x)\n".encode())
    assert [p.list_title for p in load_list(path).papers] == ["A paper on MRI"]
    assert [n.name for n in parse_list("\ufeff# S\n### A\n- [T] [[s]](https://x.org)\n").nodes()] == ["S", "A"]


def test_terminal_escapes_from_the_list_are_not_printed(tmp_path):
    _seconds, result = _timed_categories(tmp_path, "### \x1b]0;pwned\x07Evil \x1b[2J\x1b[31mred\u202e\n- [Another] [[s]](https://x.org)")
    assert result.returncode == 0
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout and "\x07" not in result.stdout
    assert "Evil red (1)" in result.stdout


# --- Curated lists in the shapes awesome lists use (tests/fixtures/lists/) ---

LISTS = Path(__file__).resolve().parent.parent / "fixtures" / "lists"

# file: (the category tree with paper counts, [(title, the paper's own link, its category paths)])
SHAPES = {
    "atx_links.md": (
        ['Abdomen (3)', 'Abdomen/Liver (2)', 'Abdomen/Pancreas (1)', 'Abdomen/Pancreas/CT (1)', 'Abdomen/Pancreas/CT/Deep networks (1)', 'Abdomen/Pancreas/CT/Deep networks/Multi-level (1)', 'Thorax (2)'],
        [
            ('3D Deeply Supervised Network for Automatic Liver Segmentation from CT Volumes', 'https://doi.org/10.1007/978-3-319-46723-8_18', ['Abdomen/Liver']),
            ('H-DenseUNet: Hybrid Densely Connected UNet for Liver and Tumor Segmentation From CT Volumes', 'https://doi.org/10.1109/TMI.2018.2845918', ['Abdomen/Liver']),
            ('DeepOrgan: Multi-level Deep Convolutional Networks for Automated Pancreas Segmentation', 'https://doi.org/10.1007/978-3-319-24553-9_68', ['Abdomen/Pancreas/CT/Deep networks/Multi-level']),
            ('Segmentation of Lungs in Chest X-Ray Image Using Generative Adversarial Networks', 'https://ieeexplore.ieee.org/document/9173456', ['Thorax']),
            ('LungSeg-Net: Lung field segmentation using generative adversarial network', 'https://www.sciencedirect.com/science/article/pii/S1746809420304158', ['Thorax']),
        ],
    ),
    "bold_title.md": (
        ['General (4)'],
        [
            ('V-Net: Fully Convolutional Neural Networks for Volumetric Medical Image Segmentation', 'https://arxiv.org/abs/1606.04797', ['General']),
            ('UNet++: A Nested U-Net Architecture for Medical Image Segmentation', 'https://doi.org/10.1007/978-3-030-00889-5_1', ['General']),
            ('CE-Net: Context Encoder Network for 2D Medical Image Segmentation', 'https://doi.org/10.1109/TMI.2019.2903562', ['General']),
            ('FocusNet: Imbalanced Large and Small Organ Segmentation with an End-to-End Deep Neural Network for Head and Neck CT Images', 'https://doi.org/10.1007/978-3-030-32248-9_92', ['General']),
        ],
    ),
    "html_links.md": (
        ['Whole heart (3)'],
        [
            ('Multi-label Whole Heart Segmentation Using CNNs and Anatomical Label Configurations', 'https://doi.org/10.1007/978-3-319-75541-0_20', ['Whole heart']),
            ('Automatic Whole Heart Segmentation Using Deep Learning and Shape Context', 'https://doi.org/10.1007/978-3-319-75541-0_26', ['Whole heart']),
            ('Automatic Whole Heart Segmentation Using a Two-Stage U-Net Framework and an Adaptive Threshold Window', 'https://doi.org/10.1109/ACCESS.2019.2923318', ['Whole heart']),
        ],
    ),
    "mixed.md": (
        ['Organs (8)', 'Organs/Kidney (3)', 'Organs/Pancreas (2)', 'Organs/Vessels (3)', 'Lesions (4)', 'Lesions/Kidney tumours (2)', 'Lesions/Retina (2)'],
        [
            ('MSS U-Net: 3D segmentation of kidneys and tumors from CT images with a multi-scale supervised U-Net', 'https://doi.org/10.1016/j.imu.2020.100357', ['Organs/Kidney', 'Lesions/Kidney tumours']),
            ('Clinically applicable deep learning framework for organs at risk delineation in CT images', 'https://www.nature.com/articles/s42256-019-0099-z', ['Organs/Kidney']),
            ('Computational mammography using deep neural networks', 'https://doi.org/10.1080/21681163.2015.1131197', ['Organs/Kidney']),
            ('Deep Q Learning Driven CT Pancreas Segmentation With Geometry-Aware U-Net', 'https://doi.org/10.1109/TMI.2019.2911588', ['Organs/Pancreas']),
            ('Réseaux profonds pour la segmentation du pancréas : une étude', 'https://hal.science/hal-00000001', ['Organs/Pancreas']),
            ('Deep vessel segmentation by learning graphical connectivity', 'https://doi.org/10.1016/j.media.2019.101556', ['Organs/Vessels', 'Lesions/Retina']),
            ('BTS-DSN: Deeply supervised neural network with short connections for retinal vessel segmentation', 'https://doi.org/10.1016/j.ijmedinf.2019.03.015', ['Organs/Vessels']),
            ('深層学習による血管セグメンテーション', 'https://example.jp/paper/42', ['Organs/Vessels']),
            ('Multi-path convolutional neural network in fundus segmentation of blood vessels', 'https://doi.org/10.1016/j.bbe.2020.01.011', ['Lesions/Kidney tumours']),
            ('Deep Retinal Image Understanding', 'https://arxiv.org/abs/1609.01103', ['Lesions/Retina']),
        ],
    ),
    "nested.md": (
        ['Bladder (4)', 'Bladder/CT (2)', 'Bladder/CT/Deep learning (1)', 'Bladder/MRI (1)'],
        [
            ('Urinary bladder segmentation in CT urography using deep-learning convolutional neural network and level sets', 'https://doi.org/10.1118/1.4944498', ['Bladder/CT']),
            ('U-Net based deep learning bladder segmentation in CT urography', 'https://doi.org/10.1002/mp.13438', ['Bladder/CT/Deep learning']),
            ('Multiregion segmentation of bladder cancer structures in MRI with progressive dilated convolutional networks', 'https://doi.org/10.1002/mp.13240', ['Bladder/MRI']),
            ('Bladder Cancer Segmentation in CT for Treatment Response Assessment: Application of Deep-Learning Convolution Neural Network—A Pilot Study', 'https://doi.org/10.18383/j.tom.2016.00184', ['Bladder']),
        ],
    ),
    "numbered.md": (
        ['Tumours (2)', 'Whole brain (2)', 'Anatomy (2)'],
        [
            ('Brain tumor segmentation with Deep Neural Networks', 'https://doi.org/10.1016/j.media.2016.05.004', ['Tumours']),
            ('Brain Tumor Segmentation Using Convolutional Neural Networks in MRI Images', 'https://doi.org/10.1109/TMI.2016.2538465', ['Tumours']),
            ('VoxResNet: Deep voxelwise residual networks for brain segmentation from 3D MR images', 'https://doi.org/10.1016/j.neuroimage.2017.04.041', ['Whole brain']),
            ('AssemblyNet: A large ensemble of CNNs for 3D whole brain MRI segmentation', 'https://doi.org/10.1016/j.neuroimage.2020.117026', ['Whole brain']),
            ('DeepNAT: Deep convolutional neural network for segmenting neuroanatomy', 'https://doi.org/10.1016/j.neuroimage.2017.02.035', ['Anatomy']),
            ('Bayesian QuickNAT: Model uncertainty in deep whole-brain segmentation for structure-wise quality control', 'https://doi.org/10.1016/j.neuroimage.2019.03.042', ['Anatomy']),
        ],
    ),
    "setext.md": (
        ['Vessels (2)', 'Optic disc (2)', 'Optic disc/Under the optic disc (1)'],
        [
            ('Segmenting retinal blood vessels with deep neural networks', 'https://doi.org/10.1109/TMI.2016.2546227', ['Vessels']),
            ('DUNet: A deformable network for retinal vessel segmentation', 'https://arxiv.org/abs/1811.01206v2', ['Vessels']),
            ('Dense Fully Convolutional Segmentation of the Optic Disc and Cup in Colour Fundus for Glaucoma Diagnosis', 'https://doi.org/10.3390/sym10040087', ['Optic disc']),
            ('Optic Disc Segmentation in Fundus Images with Deep Learning Object Detector', 'https://doi.org/10.3844/jcssp.2020.591.600', ['Optic disc/Under the optic disc']),
        ],
    ),
    "tables.md": (
        ['MRI (3)', 'Zones (2)'],
        [
            ('Fully automatic segmentation on prostate MR images based on cascaded fully convolution network', 'https://doi.org/10.1002/jmri.26337', ['MRI']),
            ('PSNet: prostate segmentation on MRI based on a convolutional neural network', 'https://doi.org/10.1117/1.JMI.5.2.021208', ['MRI']),
            ('Prostate zonal segmentation in 1.5T and 3T T2W MRI using a convolutional neural network', 'https://doi.org/10.1117/1.JMI.6.1.014501', ['MRI']),
            ('CNN-Based Prostate Zonal Segmentation on T2-Weighted MR Images: A Cross-Dataset Study', 'https://doi.org/10.1007/978-981-13-8950-4_25', ['Zones']),
            ('Automatic prostate and prostate zones segmentation of magnetic resonance images using DenseNet-like U-net', 'https://www.nature.com/articles/s41598-020-71080-0', ['Zones']),
        ],
    ),
    "text_before_link.md": (
        ['COVID-19 (4)'],
        [
            ('Inf-Net: Automatic COVID-19 Lung Infection Segmentation From CT Images', 'https://arxiv.org/abs/2004.14133', ['COVID-19']),
            ('Dual-Sampling Attention Network for Diagnosis of COVID-19 From Community Acquired Pneumonia', 'https://doi.org/10.1109/TMI.2020.2995508', ['COVID-19']),
            ('Deep Learning-Based Four-Region Lung Segmentation in Chest Radiography for COVID-19 Diagnosis', 'https://doi.org/10.3390/diagnostics12010101', ['COVID-19']),
            ('Chest X-Ray Analysis of Tuberculosis by Deep Learning with Segmentation and Augmentation', 'https://pubmed.ncbi.nlm.nih.gov/12345678/', ['COVID-19']),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_shape_parses_into_its_categories_and_papers(name):
    catalog = load_list(LISTS / name)
    tree, papers = SHAPES[name]
    assert [f"{'/'.join(n.path)} ({len(catalog.papers_under(n))})" for n in catalog.nodes()] == tree
    assert [(p.list_title, p.first.link, ["/".join(x) for x in p.paths]) for p in catalog.papers] == papers


def test_every_shape_has_a_test_list():
    assert sorted(p.name for p in LISTS.glob("*.md")) == sorted(SHAPES)


def _entry(catalog, start: str):
    return next(e for e in catalog.entries if e.title.startswith(start))


def test_venue_authors_and_extra_links_are_notes_not_title():
    catalog = load_list(LISTS / "bold_title.md")
    vnet = _entry(catalog, "V-Net")
    assert vnet.title == "V-Net: Fully Convolutional Neural Networks for Volumetric Medical Image Segmentation"
    assert "3DV 2016" in vnet.notes and "[code]" in vnet.notes
    assert vnet.links == (("[paper]", "https://arxiv.org/abs/1606.04797"), ("[code]", "https://github.com/faustomilletari/VNet"))
    # `[[code]]` before `[[paper]]`: the paper's link is still the paper's
    assert _entry(catalog, "UNet++").link == "https://doi.org/10.1007/978-3-030-00889-5_1"
    assert _entry(catalog, "CE-Net").notes.startswith("Gu et al., IEEE TMI 2019.")
    text = load_list(LISTS / "text_before_link.md")
    infnet = _entry(text, "Inf-Net")
    assert infnet.title == "Inf-Net: Automatic COVID-19 Lung Infection Segmentation From CT Images"
    assert infnet.notes.startswith("Deng-Ping Fan, Tao Zhou, Ge-Peng Ji et al. IEEE TMI 2020.")
    assert _entry(text, "Deep Learning-Based").notes.startswith("Diagnostics, 2022.")  # a quoted title
    assert _entry(load_list(LISTS / "html_links.md"), "Multi-label").notes == "(STACOM 2017)"
    assert _entry(load_list(LISTS / "tables.md"), "PSNet").notes == "venue: JMI; year: 2018; links: paper code"


def test_identifiers_come_from_every_link_of_an_item():
    text = load_list(LISTS / "text_before_link.md")
    chest = _entry(text, "Chest X-Ray")
    assert chest.link == "https://pubmed.ncbi.nlm.nih.gov/12345678/"  # the first link is the paper's page
    assert str(chest.identifier) == "doi:10.1109/elnano.2018.8477564"  # the DOI is in its second link
    assert chest.identified_link == "https://doi.org/10.1109/ELNANO.2018.8477564"
    pubmed_only = parse_list("# S\n## A\n- [A paper] [[PubMed]](https://pubmed.ncbi.nlm.nih.gov/31234567/)\n")
    assert str(pubmed_only.papers[0].identifier) == "pmid:31234567"
    retina = _entry(load_list(LISTS / "mixed.md"), "Deep Retinal")  # a table row: arXiv first, then the DOI
    assert retina.link == "https://arxiv.org/abs/1609.01103" and str(retina.identifier) == "doi:10.1007/978-3-319-46723-8_17"
    nested = _entry(load_list(LISTS / "nested.md"), "Multiregion")  # `- [code](...)` nested under the paper
    assert nested.links[1] == ("code", "https://github.com/example/bladder")


def test_the_realistic_list_reports_what_it_does_not_read():
    catalog = load_list(LISTS / "mixed.md")
    assert [(u.line, u.reason) for u in catalog.unread] == [(54, "no link"), (64, "a paragraph, not a list item")]
    assert catalog.placeholders == [(55, ("Lesions", "Kidney tumours"))]
    names = {n.name for n in catalog.nodes()}
    assert not names & {"Contents", "Spleen", "License", "Hidden section", "Not a heading"}  # no items, or not headings
    assert "Kidney" in names  # its badge image is not part of its name
    everything = " ".join(e.title + " " + " ".join(url for _, url in e.links) for e in catalog.entries)
    assert "codeblock" not in everything and "hidden" not in everything  # code blocks and HTML comments
    assert catalog.title == "Awesome Medical Segmentation"
    assert {"Réseaux profonds pour la segmentation du pancréas : une étude", "深層学習による血管セグメンテーション"} <= {p.list_title for p in catalog.papers}


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("# S\n## A\n- Title only, no link\n", 3, "no link"),
        ("# S\n## A\n\nSee [a paper](https://doi.org/10.1000/x) here.\n", 4, "a paragraph, not a list item"),
        ("# S\n## A\nSome text.\n\n    ### Indented\n    - [Paper](https://doi.org/10.1000/x)\n", 5,
         "indented 4 or more spaces: Markdown reads it as code"),
        ("# S\n## A\n<p>See <a href=\"https://doi.org/10.1000/x\">a paper</a>.</p>\n", 3, "a paragraph, not a list item"),
        ("- [A paper before any heading](https://doi.org/10.1000/x)\n# S\n## A\n- [B](https://doi.org/10.1000/y)\n", 1,
         "before any heading, so in no category"),
        ("# S\n## A\n| Title | Venue |\n|---|---|\n| | MICCAI |\n", 5, "table row without a title"),
        ("# S\n## A\n- [[paper]](https://doi.org/10.1000/x) [[code]](https://github.com/x/y)\n", 3, "no title before or in its links"),
        ("# S\n## A\n- [" + "x" * 6000 + "](https://doi.org/10.1000/x)\n", 3, "longer than 5000 characters"),
    ],
)
def test_what_is_not_read_is_reported_with_its_line(text, line, reason):
    assert [(u.line, u.reason) for u in parse_list(text).unread] == [(line, reason)]


def test_a_list_in_raw_html_is_read_like_markdown():
    catalog = parse_list('# S\n### A\n<ul>\n<li><a href="https://doi.org/10.1000/x">A paper</a> (MICCAI 2020)</li>\n</ul>\n')
    assert [(e.title, e.link, e.notes, e.path, e.line) for e in catalog.entries] == [
        ("A paper", "https://doi.org/10.1000/x", "(MICCAI 2020)", ("S", "A"), 4)
    ]


def test_categories_and_sync_show_what_is_not_read(tmp_path):
    from tests.conftest import cli_process

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "list.md").write_text((LISTS / "mixed.md").read_text())
    for command in ("categories", "sync"):
        result = cli_process("--data", str(folder), command)
        assert result.returncode == 0, result.stderr
        assert f"{folder / 'list.md'}:54: not read as a paper (no link): A survey we have not read yet (no link)" in result.stderr
        assert f"{folder / 'list.md'}:64: not read as a paper (a paragraph, not a list item)" in result.stderr


def test_the_shipped_list_warns_of_nothing(catalog):
    assert catalog.unread == []
    assert catalog.title == "Medical-Images-Segmentation-By-DL"


def _calls(text: str) -> int:
    """Python function calls made to parse `text` and count every category's papers (as `categories` does)."""
    import sys

    count = 0

    def profile(_frame, event, _arg):
        nonlocal count
        count += event == "call"

    sys.setprofile(profile)
    try:
        catalog = parse_list(text)
        for node in catalog.nodes():
            catalog.papers_under(node)
    finally:
        sys.setprofile(None)
    return count


def _sections(n: int) -> str:
    parts = [f"# Section {s}\n### Category {s}\n- [Paper {s} on segmentation] [[x]](https://doi.org/10.1000/{s})\n- [] [[]]()\n" for s in range(n)]
    return "# Title\n" + "".join(parts)


def test_parsing_is_linear_in_sections_and_items():
    small, large = _calls(_sections(500)), _calls(_sections(2000))
    assert large < 4.4 * small, (small, large)  # 4x the sections: 4x the work, not 16x


def test_a_list_of_another_shape_syncs_and_resolves_end_to_end(standin, tmp_path, capsys):
    """mixed.md through the CLI: sync builds the store from it, resolve finds its papers at the stand-in."""
    import json

    from tests.conftest import cli_code

    _app, url = standin
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "list.md").write_text((LISTS / "mixed.md").read_text())
    assert cli_code("--data", str(folder), "sync") == 0
    assert "10 papers in" in capsys.readouterr().out
    assert cli_code("--data", str(folder), "resolve", "--no-cache", "--crossref-url", url, "--doi-url", url) == 0
    capsys.readouterr()
    assert cli_code("--data", str(folder), "status", "--json") == 0
    rows = {row["list_title"]: row for row in json.loads(capsys.readouterr().out)}
    resolved = {title[:30]: row["doi"] for title, row in rows.items() if row["state"] == "resolved"}
    assert resolved == {
        "MSS U-Net: 3D segmentation of ": "10.1016/j.imu.2020.100357",
        "Clinically applicable deep lea": "10.1038/s42256-019-0099-z",
        "Computational mammography usin": "10.1080/21681163.2015.1131197",  # a bold title
        "Deep Q Learning Driven CT Panc": "10.1109/tmi.2019.2911588",  # a numbered item
        "Deep vessel segmentation by le": "10.1016/j.media.2019.101556",
        "BTS-DSN: Deeply supervised neu": "10.1016/j.ijmedinf.2019.03.015",
        "Multi-path convolutional neura": "10.1016/j.bbe.2020.01.011",  # the text before its link
        "Deep Retinal Image Understandi": "10.1007/978-3-319-46723-8_17",  # a table row
    }
    assert {title for title, row in rows.items() if row["state"] != "resolved"} == {
        "Réseaux profonds pour la segmentation du pancréas : une étude",
        "深層学習による血管セグメンテーション",  # kept as written, not as `<U+6DF1>`
    }
    keywords = rows["Deep vessel segmentation by learning graphical connectivity"]["categories"]
    assert "Organs/Vessels" in keywords and "Lesions/Retina" in keywords  # one paper, two categories


def test_a_title_in_another_script_survives_the_store(tmp_path, capsys):
    import json

    from tests.conftest import cli_code

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "list.md").write_text("# S\n## A\n- [深層学習による血管セグメンテーション](https://example.jp/paper/42)\n")
    assert cli_code("--data", str(folder), "sync") == 0
    capsys.readouterr()
    assert cli_code("--data", str(folder), "status", "--json") == 0
    assert [row["list_title"] for row in json.loads(capsys.readouterr().out)] == ["深層学習による血管セグメンテーション"]
