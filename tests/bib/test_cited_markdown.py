"""The keys a Markdown document cites, read as pandoc reads them (pandoc's own AST is the oracle)."""

from __future__ import annotations

import json
import subprocess

import pytest

from medsegcite.bib.cited_markdown import is_cross_reference, keys_in
from tests.bib.test_pandoc import PANDOCS, _version

# One line each: what a writer types, including what must not count.
SNIPPETS = [
    "[@li2018hdenseunet]", "[see @a2019, p. 3; @b2020, ch. 2]", "[-@gao2019focusnet]", "As @smith2020 shows.",
    "@key.", "@key,", "@key's method", "@a.b. y", "@a--b", "@_under", "@1990abc", "@été2020", "@李2020",
    "(@example)", "-@key", "**@bold**", "_@ital_", "a@b", "mail me@example.org today", "x.y@z.com",
    "@k<x>y", "@k~1", "@k?x", "@k#1", "@k$1", "@k%1", "@k&1", "@k+1", "@k:", "@k:colon", "@key_with:colon.",
    "tel:@x", "<https://x.org/@y>", "https://medium.com/@user/post", "[x](https://x.org/@a)",
    "[x](https://x.org/@a \"t @b\")", '"@q"', r"@k\_x", r"\@escaped", "[@k]{.class}", "@k]",
    "@{weird:1.x}", "@{weird key}", "@{https://x.org/?a=1&b=2}", "`@code`", "``a ` @code2``",
    "<!-- @comment -->", "@fig-roc and @tbl-1", "[@a;@b]", "@a@b", "@@a", "@key. More", "@good) text", "  @ex. item", "See @key.", "me@x.org@y",
]

DOCUMENTS = [
    "---\ntitle: On @smith2020\nauthor: me@example.org\nnocite: |\n  @zhou2019unet, @li2018.hdense\n---\n\nText [@c1].\n",
    "---\nnocite: '@*'\n---\n",
    "Intro @a1.\n\n```{r}\nx <- \"@notkey\"\n```\n\n~~~\n@nope\n~~~\n\n    @indented\n\nEnd [@a2].\n",
    "1. item @li1\n   - nested [@li2]\n\n> quoted @q1\n\n| col |\n|-----|\n| @t1 |\n",
    "Para with `inline @x` and ``` @y ``` and\n<!--\n@hidden\n-->\nthen @shown.\n",
]


def pandoc_keys(pandoc: str, text: str) -> list[str]:
    tree = json.loads(subprocess.run([pandoc, "-f", "markdown", "-t", "json"], input=text, capture_output=True,
                                     text=True, check=True).stdout)
    found: list[str] = []
    stack = [tree["meta"], tree["blocks"]]
    while stack:  # no recursion: any depth
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("t") == "Cite":
                found.extend(c["citationId"] for c in node["c"][0])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


@pytest.mark.skipif(not PANDOCS, reason="no pandoc")
@pytest.mark.parametrize("text", SNIPPETS + DOCUMENTS)
def test_cited_keys_are_pandocs(text):
    ours = sorted(keys_in(text))
    for pandoc in PANDOCS:
        assert ours == sorted(pandoc_keys(pandoc, text)), f"pandoc {_version(pandoc)} on {text!r}"


def test_nocite_star_asks_for_everything():
    assert keys_in("---\nnocite: '@*'\n---\n") == ["*"]


def test_quarto_cross_references_are_told_apart():
    assert [is_cross_reference(k) for k in ("fig-roc", "tbl-1", "sec-intro", "eq-loss", "figure2020", "li2018")] == [
        True, True, True, True, False, False]


PAPER = """---
title: "Segmenting livers"
author: "A. Writer <a.writer@example.org>"
bibliography: refs.json
nocite: |
  @milletari2016vnet
---

Dense networks [@li2018hdenseunet; see also -@gao2019focusnet, p. 4] do well, as
@lessmann2019iterative show (@fig-dice). Write to support@example.org.

```{python}
print("@not_a_key")
```
"""


def test_export_cited_in_a_document_then_pandoc(tmp_path):
    from tests.conftest import cli_process

    paper = tmp_path / "paper.qmd"
    paper.write_text(PAPER, encoding="utf-8")
    refs = tmp_path / "refs.json"
    done = cli_process("export", "--cited-in", str(paper), "--format", "csl-json", "-o", str(refs))
    assert done.returncode == 0, done.stderr
    assert sorted(item["id"] for item in json.loads(refs.read_text(encoding="utf-8"))) == [
        "gao2019focusnet", "lessmann2019iterative", "li2018hdenseunet", "milletari2016vnet"]
    for pandoc in PANDOCS:  # every citation found; pandoc without Quarto names only the cross-reference
        shown = subprocess.run([pandoc, "--citeproc", "-f", "markdown", "-t", "plain", paper.name], cwd=tmp_path,
                               capture_output=True, text=True, check=True)
        assert [line for line in shown.stderr.splitlines() if "not found" in line] == [
            "[WARNING] Citeproc: citation fig-dice not found"], shown.stderr


def test_a_key_the_store_lacks_is_named_with_the_closest(tmp_path):
    from tests.conftest import cli_process

    paper = tmp_path / "paper.md"
    paper.write_text("As [@li2018hdenseunett] and [@nobody1999].\n", encoding="utf-8")
    done = cli_process("export", "--cited-in", str(paper))
    assert done.returncode == 3
    assert "'li2018hdenseunett'" in done.stderr and "closest: li2018hdenseunet" in done.stderr
    assert "2 of 2 cited keys missing" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unreadable_document_is_one_line(tmp_path):
    from tests.conftest import cli_process

    done = cli_process("export", "--cited-in", str(tmp_path / "missing.md"))
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1 and "missing.md" in done.stderr
