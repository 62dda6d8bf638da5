"""The Markdown encoders add writes list.md with, in both renderers the list is read with."""

from __future__ import annotations

import pytest

from medsegcite.listing import markdown

HOSTILE = [
    "[click](javascript:alert(1))",
    "![x](https://evil.example/x.png)",
    "<img src=x onerror=alert(1)>",
    "&lt;img src=x onerror=alert(1)&gt;",
    "<https://evil.example>",
    "<!-- hidden --> <?php ?> <!DOCTYPE x>",
    "`code] [[x]](y)`",
    "back\\slash\\",
    "\x1b[31mred\x1b[0m \x1b]8;;https://evil\x07link",
    "lone \udcff surrogate",
]


def _html(text: str) -> list[str]:
    import markdown as python_markdown
    from markdown_it import MarkdownIt

    return [MarkdownIt("commonmark").render(text), python_markdown.markdown(text)]


@pytest.mark.parametrize("value", HOSTILE)
def test_text_is_only_text(value):
    line = f"- [{markdown.text(value)}] [[{markdown.text(value)}]](https://example.org/)"
    for html in _html(line):
        assert html.count("<a ") == 1 and "<img" not in html and "<script" not in html and "<!--" not in html
        assert 'href="https://example.org/"' in html
    assert "\x1b" not in line and "\udcff" not in line


@pytest.mark.parametrize("url, expected", [
    ("https://example.org/a paper (1).pdf", "https://example.org/a%20paper%20%281%29.pdf"),
    ("https://doi.org/10.1000/<script>alert(1)</script>", "https://doi.org/10.1000/%3Cscript%3Ealert%281%29%3C/script%3E"),
    ("https://u:pw@example.org/", "https://example.org/"),
    ("javascript:alert(1)", None),
])
def test_link_target(url, expected):
    assert markdown.link_target(url) == expected
