import pytest

from medsegcite.bib.latex import decode, encode, protect_title


@pytest.mark.parametrize(
    "title, protected",
    [
        ("U-Net based lung segmentation in CT", "{U-Net} based lung segmentation in {CT}"),
        ("Brain tumor segmentation in MRI images", "Brain tumor segmentation in {MRI} images"),
        ("Diagnosis of COVID-19 (CNN)", "Diagnosis of {COVID-19} ({CNN})"),
        ("Chest X-ray analysis of tuberculosis", "Chest {X-ray} analysis of tuberculosis"),
        ("Bayesian QuickNAT: model uncertainty in deep whole-brain", "Bayesian {QuickNAT}: model uncertainty in deep whole-brain"),
    ],
)
def test_protect_title(title, protected):
    assert protect_title(title) == protected


def test_title_case_capitals_are_left_to_the_style():
    assert protect_title("Attention-Driven Deep Learning for Pathological Spine Segmentation") == (
        "Attention-Driven Deep Learning for Pathological Spine Segmentation"
    )


@pytest.mark.parametrize("hostile", ["\\input{/etc/passwd}", "\\write18{rm -rf ~}", "a } b", "{", "^^5cinput", "$\\x$ # % & _ ~"])
def test_tex_specials_come_out_inert(hostile):
    encoded = protect_title(hostile)
    # No control sequence but the encoder's own, braces balanced, text preserved.
    assert "\\input" not in encoded and "\\write" not in encoded and "^^" not in encoded
    depth = 0
    for char, previous in zip(encoded, " " + encoded):
        if previous == "\\":
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    assert decode(encoded) == hostile


def test_non_ascii_round_trips():
    text = "Grün, Lipková — “quoted” 3–5 µm"
    assert decode(encode(text)) == text
    assert encode("é").isascii()
