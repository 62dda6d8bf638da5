"""An item's inline text -> its title, its notes and its links, the paper's own first.

The reader (listing/reader.py) hands over an item's runs: pieces of text, each in at most
one link, bold or not.  The title is the first link's text unless that is a label
(`[paper]`, `PDF`), else the bold text, else the text before the first link (its first
sentence, or all of it in a table cell).  Links to code, data or demos come after the paper's.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# Labels of links that point at something other than the paper itself.
_SECONDARY = re.compile(
    r"^(code|codes|github|gitlab|project|project page|page|homepage|website|web|demo|data|dataset|datasets|slides?|"
    r"video|youtube|poster|supp|supplementary|supplement|bibtex|bib|blog|pytorch|tensorflow|keras|caffe|matlab|"
    r"implementation|official|unofficial|colab|notebook|model|models|weights|huggingface|docker|stars?|"
    r"official code|unofficial code|pytorch code|tensorflow code)$",
    re.IGNORECASE,
)
_SECONDARY_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "colab.research.google.com", "youtube.com", "youtu.be")
# Link texts that label a link rather than name a paper.
_LABEL_WORDS = re.compile(r"^(paper|pdf|arxiv|doi|link|url|abs|abstract|html|pubmed|pmc|springer|ieee|acm|elsevier|"
                          r"sciencedirect|nature|scholar|openreview|cvf|miccai|download)$", re.IGNORECASE)
@dataclass(slots=True)
class Run:
    text: str
    link: int | None  # index into the item's links, or None
    bold: bool


def paper_first(links: list[tuple[str, str]], own: int | None) -> list[tuple[str, str]]:
    """The links with the paper's own first: the title's link, else the first that is not code, data or a demo."""
    if own is not None:
        first = own
    else:
        first = next((n for n, link in enumerate(links) if not _secondary(*link)), 0)
    return [links[first]] + links[:first] + links[first + 1 :]


_HOST = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/?#]*@)?([^:/?#]*)")


def _secondary(label: str, url: str) -> bool:
    if _secondary_label(label):
        return True
    host = _HOST.match(url)
    return bool(host) and host.group(1).lower().removeprefix("www.") in _SECONDARY_HOSTS


@functools.lru_cache(maxsize=4096)  # a list's links carry a few dozen labels, thousands of times each
def _secondary_label(label: str) -> bool:
    return bool(_SECONDARY.match(_unbracket(label)))


def title_of(runs: list[Run], links, sentence: bool = True) -> tuple[str, str, int | None]:
    """(title, notes, index of the title's own link or None) of an item's runs."""
    start = 0
    while start < len(runs) and not runs[start].text.strip():
        start += 1
    if start == len(runs):
        return "", "", None
    first = runs[start]
    if first.link is not None and not is_label(links[first.link][0]):
        end = start
        while end + 1 < len(runs) and runs[end + 1].link == first.link:
            end += 1
        title = links[first.link][0]
        return _tidy(title), _notes(runs[:start] + runs[end + 1 :]), first.link
    if first.bold:
        end = start
        while end + 1 < len(runs) and runs[end + 1].bold and runs[end + 1].link in (None, first.link):
            end += 1
        return _tidy("".join(r.text for r in runs[start : end + 1])), _notes(runs[end + 1 :]), None
    end = start
    while end < len(runs) and runs[end].link is None:
        end += 1
    before = " ".join("".join(r.text for r in runs[start:end]).split())
    rest = runs[end:]
    if before.startswith("[") and before.endswith("]"):
        return before[1:-1].strip(), _notes(rest), None  # `[Title]  [[label]](link)`
    title, said = _splittitle_of(before) if sentence else (before, "")
    return _tidy(title), " ".join(part for part in (said, _notes(rest)) if part), None


_QUOTED = re.compile(r'^["“”](.+?)["“”][,.]?\s*(.*)$')
_SENTENCE = re.compile(r"\.\s+(?=\S)")
_TRAILING_PARENS = re.compile(r"^(.*\S)\s*(\([^()]*\))$")


def _splittitle_of(text: str) -> tuple[str, str]:
    """`Title. Authors. arXiv 2017.` -> ("Title", "Authors. arXiv 2017."); `Title (MICCAI 2016)` likewise."""
    quoted = _QUOTED.match(text)
    if quoted:
        return quoted.group(1), quoted.group(2)
    cut = _SENTENCE.search(text)
    if cut:
        return text[: cut.start()], text[cut.end() :]
    parens = _TRAILING_PARENS.match(text)
    if parens:
        return parens.group(1), parens.group(2)
    return text, ""


def _tidy(title: str) -> str:
    title = " ".join(title.split())
    return title.rstrip(" .,;:-–—").strip() if len(title) > 1 else title


def _notes(runs: list[Run]) -> str:
    return " ".join("".join(r.text for r in runs).split()).strip(" ,;:-–—")


def is_label(text: str) -> bool:
    """`[paper]`, `PDF`, `arXiv`: a link's label, not a paper's title."""
    text = text.strip()
    return (text.startswith("[") and text.endswith("]")) or bool(_LABEL_WORDS.match(text)) or bool(_SECONDARY.match(text))


def _unbracket(label: str) -> str:
    label = label.strip()
    return label[1:-1].strip() if label.startswith("[") and label.endswith("]") else label


def label_of(label: str) -> str:
    """The label a link is shown by: `[scholar]` -> `scholar`."""
    return _unbracket(label)
