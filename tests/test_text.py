from medsegcite.text import normalise_title, printable, repair_title


def test_mojibake_is_repaired():
    title = "application of deep-learning convolution neural networkâ€”a pilot study"
    assert repair_title(title) == "application of deep-learning convolution neural network—a pilot study"


def test_identity_ignores_case_accents_and_punctuation():
    assert normalise_title("U-Net: Grün") == normalise_title("u net  grun")


def test_printable():
    assert printable("a\x1b[1;31mb\x1b[0m\x9bc\x00d\te\u2066f") == "ab" + "cd ef"
