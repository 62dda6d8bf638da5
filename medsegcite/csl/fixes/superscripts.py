"""Superscript characters in HTML, as citeproc-js prints them.

citeproc-js's HTML output writes each superscript character of its table (CSL.SUPERSCRIPTS:
the French ordinals "ᵉʳ", "nᵒ", "²", "™"...) as the plain character in `<sup>`: "1ᵉʳ"
becomes "1<sup>e</sup><sup>r</sup>". Its text output keeps the characters.
"""

from __future__ import annotations

import re
import unicodedata

# citeproc-js's SUPERSCRIPTS_REGEXP; each maps to its NFKC form, except the four below
_CHARACTERS = ("ª²³¹ºʰʱʲʳʴʵʶʷʸˠˡˢˣˤᴬᴭᴮᴰᴱᴲᴳᴴᴵᴶᴷᴸᴹᴺᴼᴽᴾᴿᵀᵁᵂᵃᵄᵅᵆᵇᵈᵉᵊᵋᵌᵍᵏᵐᵑᵒᵓᵔᵕᵖᵗᵘᵙᵚᵛᵜᵝᵞᵟᵠᵡ"
               "⁰ⁱ⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ℠™㆒㆓㆔㆕㆖㆗㆘㆙㆚㆛㆜㆝㆞㆟ˀˁۥۦ")
_PLAIN = {character: unicodedata.normalize("NFKC", character) for character in _CHARACTERS}
_PLAIN.update({"\u02c0": "\u0294", "\u02c1": "\u0295", "\u06e5": "\u0648", "\u06e6": "\u064a"})
_SUPERSCRIPT = re.compile("[" + re.escape(_CHARACTERS) + "]")


def superscripts_as_tags(html: str) -> str:
    """Every superscript character of an HTML entry as its plain character in `<sup>`."""
    if not _SUPERSCRIPT.search(html):
        return html
    return _SUPERSCRIPT.sub(lambda match: "<sup>" + _PLAIN[match.group()] + "</sup>", html)
