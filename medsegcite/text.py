"""Text every layer cleans the same way: what is safe to print, and a title's identity.

The ground floor: no import from the rest of the package.
"""

from __future__ import annotations

import re
import unicodedata


# Terminal control: CSI and OSC escape sequences, other C0/C1 controls, and
# bidirectional overrides, none of which a list or a server has reason to print.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` safe to print on a terminal: escape sequences and control characters removed."""
    return _ESCAPES.sub("", str(text)).replace("\t", " ").replace("\n", " ")


def normalise_title(title: str) -> str:
    """Identity of a title: case, accents, punctuation and spacing ignored."""
    if title.isascii():
        text = title.lower()  # NFKD, casefold and the combining marks change nothing else here
    else:
        text = unicodedata.normalize("NFKD", title).casefold()
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[^\W_]+", text))  # letters of every script: 深層学習 is not ""


def repair_title(title: str) -> str:
    """The list's title with mojibake (e.g. 'â€”') repaired and spacing tidied."""
    if title.isascii() and title.isprintable() and "&" not in title:
        return " ".join(title.split())  # nothing ftfy would change: no mojibake, entity or control here
    import ftfy  # only needed when titles are built, not for `categories`

    return " ".join(ftfy.fix_text(title).split())
