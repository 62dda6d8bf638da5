"""Number variables printed as text: a range between two numbers takes an en dash, as
citeproc-js prints it ("3-4" and "7 - 8" as "3–4", "7–8"; "A-5" stays). Pages have their
own rules (page_ranges.py); `cs:number` already printed ranges this way."""

from __future__ import annotations

import re

_RANGE = re.compile(r"(\d)\s*-\s*(\d)")
NUMBER_VARIABLES = frozenset({
    "chapter-number", "collection-number", "edition", "issue", "number", "number-of-pages", "number-of-volumes",
    "part-number", "printing-number", "supplement-number", "volume",
})


def number_ranges_with_en_dash() -> None:
    from citeproc import model
    from citeproc.string import String

    original = model.Text._variable

    def variable(self, item, context):
        text = original(self, item, context)
        if text is not None and self.get("variable") in NUMBER_VARIABLES:
            plain = str(text)
            if "-" in plain and _RANGE.search(plain):
                return String(_RANGE.sub("\\1\u2013\\2", plain))
        return text

    model.Text._variable = variable
