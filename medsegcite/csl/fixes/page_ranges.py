"""Page ranges by CSL's `page-range-format` rules."""

from __future__ import annotations

import re


def page_ranges_as_specified() -> None:
    """Page ranges by CSL's rules: `minimal` compares numbers of the same length only
    (1-17 stays 1–17, citeproc-py printed 1–7), and `chicago-16` has no exception for
    four-digit numbers (2595–605; that rule is chicago-15's)."""
    import re as _re

    from citeproc import model

    original = model.FormatNumber._format_last_page

    def format_last_page(self, first, last):
        if len(first) != len(last) and not (first.isdigit() and last.isdigit() and len(first) > len(last)):
            return last  # different lengths share no digits to drop
        range_format = self.get_root().get_option("page-range-format")
        if range_format == "chicago-16":
            match = _re.search(r"\d+", first)
            if match and first.isdigit() and last.isdigit():
                number = int(match.group())
                if number < 100 or number % 100 == 0:
                    return last
                common = next((i for i, (a, b) in enumerate(zip(first, last)) if a != b), len(first))
                if number % 100 < 10:
                    return last[common:]  # 107–8, 1002–6
                return last[min(common, len(first) - 2):]  # 321–25, 2595–605
        return original(self, first, last)

    model.FormatNumber._format_last_page = format_last_page


# citeproc-js's PageRangeMangler, for ranges whose pages carry letters ("S1-S12",
# "123a-129b"): a repeated prefix is dropped after the delimiter under any
# page-range-format ("S1–12"), and chicago takes its numbers as parseInt reads them, so a
# last page's letter goes with its dropped digits ("123a–29").
_RANGE = re.compile(r"([0-9]*[a-zA-Z]+0*)?([0-9]+[a-z]*)\s*(?:\u2013|-)\s*([0-9]*[a-zA-Z]+0*)?([0-9]+[a-z]*)")


def _int(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _minimal(begin: str, end: str, minchars: int) -> str:
    kept = list(reversed(end))
    if len(begin) == len(end):
        for b, e in zip(begin, end):
            if b == e and len(kept) > minchars:
                kept.pop()
            else:
                break
    return "".join(reversed(kept))


def _chicago(begin_text: str, end_text: str, sixteen: bool) -> str:
    begin, end = _int(begin_text), _int(end_text)
    if sixteen:
        if begin > 100 and begin % 100:
            for i in range(2, len(str(end))):
                if begin // 10 ** i == end // 10 ** i:
                    return str(end % 10 ** i)
        return end_text
    if begin > 100 and begin % 100 and begin // 100 == end // 100:
        return str(end % 100)
    if begin >= 10000:
        return str(end % 1000)
    return end_text


def lettered_page_range(value: str, range_format: str, delimiter: str) -> str:
    """A page value with lettered ranges as citeproc-js prints it under `range_format`;
    what is no range of two pages with one prefix stays as written ("S1-T4", "10a-b")."""

    def one(found):
        first_prefix, first, last_prefix, last = (found.group(i) or "" for i in range(1, 5))
        if found.group(3) and first_prefix != last_prefix:
            return found.group(0)
        if len(last) < len(first):
            last = first[: len(first) - len(last)] + last
        if _int(first) >= _int(last):
            return first_prefix + first + delimiter + last_prefix + last
        if range_format == "minimal":
            last = _minimal(first, last, 0)
        elif range_format == "minimal-two":
            last = _minimal(first, last, 2)
        elif range_format in ("chicago", "chicago-15", "chicago-16"):
            last = _chicago(first, last, range_format == "chicago-16")
        if range_format != "expanded":
            last_prefix = ""  # the repeated prefix dropped
        return first_prefix + first + delimiter + last_prefix + last

    return _RANGE.sub(one, value)


def lettered_page_ranges_as_citeproc_js() -> None:
    """Pages with letters under a `page-range-format`, as citeproc-js's page mangler prints
    them ("S1-S12" -> "S1–12"; citeproc-py printed "S1–S12")."""
    from citeproc import model

    original = model.FormatNumber._process

    def _process(self, value, variable):
        if variable == "page" and re.search(r"[a-zA-Z]\d|\d[a-zA-Z]", str(value)):
            range_format = self.get_root().get_option("page-range-format")
            if range_format:
                delimiter = str(self.get_single_term(name="page-range-delimiter") or "\u2013")
                return lettered_page_range(str(value), range_format, delimiter)
        return original(self, value, variable)

    model.FormatNumber._process = _process


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    page_ranges_as_specified: {"wraps": ["citeproc.model.FormatNumber._format_last_page"]},
    lettered_page_ranges_as_citeproc_js: {"wraps": ["citeproc.model.FormatNumber._process"]},
}
