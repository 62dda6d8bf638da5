"""Position conditions (`<if position="near-note">`) in styles that do not set
`near-note-distance`: citeproc-py asks the style root for it, whose defaults lack it, and
raised KeyError (two styles of the sweep). CSL 1.0.2 gives it a default of 5."""

from __future__ import annotations


def near_note_distance_defaults_to_5() -> None:
    """The CSL default of `near-note-distance` (5) wherever citeproc-py asks for it."""
    from citeproc import model

    for cls in (model.CitationStylesElement, model.Citation):
        if "near-note-distance" not in cls._default_options:
            cls._default_options = {**cls._default_options, "near-note-distance": 5}


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    near_note_distance_defaults_to_5: {"wraps": ["citeproc.model.CitationStylesElement._default_options"]},
}
