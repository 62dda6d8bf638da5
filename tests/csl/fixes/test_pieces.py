"""The piece model's walks (medsegcite/csl/fixes/pieces.py): the short cuts the seams take
answer what the whole string would."""

import random

from citeproc.formatter.html import Italic
from citeproc.string import MixedString, String

from medsegcite.csl import fixes
from medsegcite.csl.fixes.marks import UNDOING_MARKS
from medsegcite.csl.fixes.pieces import _first_char, _last_piece, _last_printed_of, _last_printed_piece, _Suffix

# leaves as rendering makes them: empty ones, spaces, marks, an undoing decoration's marks only,
# a suffix piece, a tag-wrapped value, a plain str
_LEAVES = ["", " ", ", ", ".", "Doe", UNDOING_MARKS[:1], UNDOING_MARKS[:1] + "x", "\u00a0"]


def _leaf(rng: random.Random):
    text = rng.choice(_LEAVES)
    return rng.choice([String(text), _Suffix.of(text, "group"), text, Italic(text) if text else String("")])


def _tree(rng: random.Random, depth: int = 0):
    if depth > 3 or rng.random() < 0.4:
        return _leaf(rng)
    return MixedString([_tree(rng, depth + 1) for _ in range(rng.randrange(0, 4))])


def _trees(count: int = 3000):
    rng = random.Random(19)
    return [_tree(rng) for _ in range(count)]


def test_first_char_is_the_whole_strings():
    fixes.apply()
    trees = _trees()
    assert sum(1 for tree in trees if isinstance(tree, MixedString) and str(tree) and not str(_first_leaf(tree))) > 50
    for tree in trees:
        assert _first_char(tree) == str(tree)[:1], repr(tree)


def test_last_printed_of_is_the_full_walks():
    fixes.apply()
    for tree in _trees():
        assert _last_printed_of(tree, _last_piece(tree)) is _last_printed_piece(tree), repr(tree)


def _first_leaf(text):
    while isinstance(text, list) and text:
        text = list.__getitem__(text, 0)
    return text
