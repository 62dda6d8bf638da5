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
        # A method's name before the colon, even in a title-case title.
        ("Inf-Net: Automatic COVID-19 Lung Infection Segmentation From CT Images",
         "{Inf-Net}: Automatic {COVID-19} Lung Infection Segmentation From {CT} Images"),
        ("Dual-Path: A Survey Of Dual-Path Networks", "{Dual-Path}: A Survey Of Dual-Path Networks"),
        # One-letter capital words, but not the article "A" or a first word.
        ("Deep Q learning for vessel tracking", "Deep {Q} learning for vessel tracking"),
        ("A model of T cells", "A model of {T} cells"),
        # Dashes as TeX ligatures, protection never wider than the word.
        ("Application of Neural Network\u2014A Pilot Study", "Application of Neural Network---A Pilot Study"),
        ("An encoder\u2013decoder for MRI\u2013CT synthesis", "An encoder--decoder for {MRI}--{CT} synthesis"),
        ("Liver segmentation with Bayesian\u2014Gaussian priors", "Liver segmentation with {Bayesian}---{Gaussian} priors"),
        # A capital with a digit (an MR weighting, a chemical formula) in a title-case title.
        ("Prostate Zonal Segmentation on T2-Weighted MR Images", "Prostate Zonal Segmentation on {T2-Weighted} {MR} Images"),
        ("Brain T1w And T2 Images Of H2O Phantoms", "Brain {T1w} And {T2} Images Of {H2O} Phantoms"),
        ("Version 2 Of The Model In 2020", "Version 2 Of The Model In 2020"),
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


def test_dashes_decode_back():
    assert decode(protect_title("Encoder\u2013Decoder Network\u2014A study")) == "Encoder\u2013Decoder Network\u2014A study"
    assert decode("Encoder{\\textendash}Decoder") == "Encoder\u2013Decoder"  # stores written before still read


# -- the last guard on every BibTeX value ----------------------------------------------------------
@pytest.mark.parametrize("value", [
    "x}, note = {\\input{/etc/passwd}", "\\input{/etc/passwd}", "^^5cinput{x}", "\\csname input\\endcsname",
    "\\def\\x{y}", "50% of", "a # b", "\\write18{rm -rf x}", "}{", "\x1b[31m",
])
def test_safe_value_makes_hostile_values_inert(value):
    from medsegcite.bib.latex import balanced, inert, safe_value

    safe = safe_value(value, "title")
    assert inert(safe, "title") and balanced(safe)
    assert "\\input" not in safe and "\\def" not in safe and "\\write" not in safe and "^^" not in safe


@pytest.mark.parametrize("value", ["{U-Net} based \\textit{in vivo} {\\\"u}ber", "50\\% of {\\'e}t{\\'e}", "Caf{\\'e} \\& bar"])
def test_safe_value_keeps_the_stores_own_latex(value):
    from medsegcite.bib.latex import safe_value

    assert safe_value(value, "title") == value


def test_deep_values_decode_without_recursion():
    from medsegcite.bib.latex import decode

    assert decode("{" * 300 + "Deep" + "}" * 300) == "Deep"
    assert decode("\\textit{" * 300 + "Deep" + "}" * 300, rich=True) == "Deep"
def test_letters_without_a_macro_stay_as_written_and_controls_stay_inert():
    from medsegcite.bib.latex import decode, encode

    for title in ("深層学習による血管セグメンテーション", "Сегментация печени", "Ք ∑ ᚠ"):
        assert decode(encode(title)) == title
    assert "\x1b" not in encode("a \x1b[2J b") and "\u202e" not in encode("a \u202e b")


def test_plain_ascii_is_encoded_as_the_encoder_would():
    """encode's shortcut for plain ASCII gives exactly what pylatexenc gives, for every ASCII character."""
    import random

    from medsegcite.bib import latex

    rng = random.Random(5)
    alphabet = [chr(c) for c in range(128)] + [" ", "-", "'", "`", "--"] * 8
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        assert latex.encode(text) == latex._encoder().unicode_to_latex(latex._SPACE.sub(" ", text).strip()), repr(text)
