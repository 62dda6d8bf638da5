"""Page ranges by CSL's `page-range-format` rules."""

from __future__ import annotations


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
