"""The list reader: cmark-gfm's own page read by one regular expression, as the HTML parser reads it."""

import random
from pathlib import Path

import pytest

from medsegcite.listing import reader
from tests.conftest import DATA, FIXTURES


def _generated(seed: int) -> str:
    """A list of every block and inline shape cmark-gfm writes, entities and odd characters in text and links."""
    rng = random.Random(seed)
    pieces = [
        "# Title &amp; more\n", "Setext heading\n---\n", "## Lung :\n", "  ### Category \"quoted\" 'x'\n",
        "- [Title one]  [[scholar]](https://scholar.google.com/scholar?q=a&b=c)\n",
        "* [A *bold* **title**](https://doi.org/10.1000/x_(y)) [[code]](https://github.com/x/y)\n",
        "- **Bold title** (MICCAI 2020) [[paper]](https://arxiv.org/abs/2001.00001) [[code]](https://github.com/a/b)\n",
        "1. Title. Authors. arXiv 2017. [[arXiv]](https://arxiv.org/abs/1703.04347)\n",
        "- [] [[]]()\n", "- Liver\n  - [Nested](https://example.org/n)\n    - [code](https://github.com/c/d)\n",
        "\n| Title | Venue | Links |\n|---|:---:|---|\n| Row title | MICCAI | [paper](https://doi.org/10.1000/r) |\n\n",
        "```\n- [not an item](https://x.org)\n```\n", "    - [indented](https://x.org)\n",
        "- [x] task [T](https://t.org)\n", '<p>See <a href="https://doi.org/10.1000/x">a  paper</a>.</p>\n',
        '- <a href="https://h.org" >Raw link</a> <br /> <b>bold</b>\n', "<table>\n<tr><td>raw</td></tr>\n</table>\n", "- line one  \n  line two [L](https://l.org)\n",
        "- `code` and ~~struck~~ text & ampersand [E](https://e.org/?a=1&b=2 \"title\")\n",
        "A paragraph with [a link](https://p.org) and https://auto.org/link\n\n",
        "- [Ünïcödé 深層学習 — “quotes”](https://u.org/é)\n", "***\n", "> - [quoted](https://q.org)\n",
        "- ![image](https://i.org/i.png) [Image title](https://i.org)\n", "\n\n",
    ]
    return "".join(rng.choice(pieces) for _ in range(rng.randint(5, 60)))


DOCUMENTS = [("shipped", (DATA / "list.md").read_text())] + [
    (path.name, path.read_text()) for path in sorted((FIXTURES / "lists").glob("*.md"))
] + [(f"generated-{seed}", _generated(seed)) for seed in range(40)]


@pytest.mark.parametrize("name, text", DOCUMENTS, ids=[name for name, _ in DOCUMENTS])
def test_regular_expression_reads_as_the_html_parser(name, text):
    assert list(reader.read(text)) == list(reader.read(text, html_parser=True))


def test_cmark_pages_skip_the_html_parser():
    """The shipped list and lists without HTML of their own are read by the regular expression;
    a list with HTML the expression does not know (a comment, an unquoted or single-quoted
    attribute, upper case, a processing instruction) by the parser."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    def fast(text):
        page = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_SOURCEPOS | Options.CMARK_OPT_UNSAFE)
        return reader._Walker(text.split("\n")).feed_cmark(page)

    assert fast((DATA / "list.md").read_text()) and fast(_generated(1))
    for own_html in ("<!-- hidden -->\n", "- <a href=x>T</a>\n", "- <a href='x'>T</a>\n", '- <A HREF="x">T</A>\n',
                     "<?php x ?>\n"):
        assert not fast("# S\n" + own_html + "- [T](https://t.org)\n"), own_html
