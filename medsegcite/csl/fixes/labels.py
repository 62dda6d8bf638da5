"""`cs:label` for the count variables (`number-of-pages`, `number-of-volumes`)."""

from __future__ import annotations

import re

_LEADING_NUMBER = re.compile(r"\s*(\d+)")
_SEVERAL = re.compile(r"\S\s*[,&\-\u2013]\s*\S")  # "xii, 200", "3-5": more than one number


def count_labels_printed() -> None:
    """A label of `number-of-pages` or `number-of-volumes` prints, plural when the count is
    above one or lists several numbers ("100 pp.", "1 p.", "in 5 vols.", "xii, 200 pp."), as
    in citeproc-js. citeproc-py looked the
    count up on the citation instead of the item, failed, and dropped the label."""
    from citeproc import model
    from citeproc.source import VariableError

    original = model.Label._is_plural

    def _is_plural(self, item):
        variable = self.get("variable") or ""
        if not variable.startswith("number-of-"):
            return original(self, item)
        try:
            value = item.reference[variable.replace("-", "_")]
        except VariableError:
            return False
        count = _LEADING_NUMBER.match(str(value))
        return bool(count and int(count.group(1)) > 1) or bool(_SEVERAL.search(str(value)))

    model.Label._is_plural = _is_plural


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    count_labels_printed: {"wraps": ["citeproc.model.Label._is_plural"]},
}
