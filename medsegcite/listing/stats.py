"""`stats`: the list at a glance.

Papers per category and section (from list.md), per year and per venue (from the
store's records), and how each paper is known: resolved to a full record, entered
by hand (decisions.toml), or known only by the list's title (unresolved or
waiting for review).  The plot shows papers per year stacked by section.

matplotlib is imported only by `plot` (and so only by `stats --plot` and the
HTML page of `render`): no other command pays for it.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import asdict, dataclass, field

NO_YEAR = "no year"
TOP_VENUES = 10


@dataclass
class Stats:
    papers: int
    list_items: int
    categories: list[dict] = field(default_factory=list)  # {"path", "depth", "papers"}
    years: dict[str, int] = field(default_factory=dict)  # "2018" -> papers; "no year" last
    years_by_section: dict[str, dict[str, int]] = field(default_factory=dict)  # section -> year -> papers
    venues: list[tuple[str, int]] = field(default_factory=list)
    known_as: dict[str, int] = field(default_factory=dict)  # resolved / hand-entered / title-only / not in store
    review: int = 0


def venue_name(venue: str) -> str:
    """A venue without its year, volume or part: `MICCAI 2019 (LNCS 11766, Part III)` -> `MICCAI`."""
    venue = re.sub(r"\([^)]*\)", " ", venue)
    venue = re.sub(r"\b(19|20)\d{2}\b|\bvol(ume)?\.?\s*\d+", " ", venue, flags=re.IGNORECASE)
    return re.sub(r"\s+([,;:])", r"\1", " ".join(venue.split())).strip(" ,;:-–")


def compute(catalog, entries) -> Stats:
    from medsegcite.bib import latex
    from medsegcite.bib.sync import entry_identity

    stored = {entry_identity(e): e for e in entries}
    stats = Stats(papers=len(catalog.papers), list_items=len(catalog.entries))
    for node in catalog.nodes():
        stats.categories.append({"path": "/".join(node.path), "depth": len(node.path), "papers": len(catalog.papers_under(node))})

    years: Counter = Counter()
    by_section: dict[str, Counter] = {s.name: Counter() for s in catalog.sections}
    venues: Counter = Counter()
    known: Counter = Counter()
    for paper in catalog.papers:
        entry = stored.get(paper.identity)
        if entry is None:
            known["not in store"] += 1
            year = NO_YEAR
        else:
            state = entry.state
            known["resolved" if state == "resolved" else "hand-entered" if state == "manual" else "title-only"] += 1
            stats.review += state == "review"
            year = entry.fields.get("year", "")
            year = year if re.fullmatch(r"[0-9]{1,4}", year) else NO_YEAR  # not '²', not 5,000 digits
            venue = entry.fields.get("journal") or entry.fields.get("booktitle")
            if venue:
                venues[venue_name(latex.decode(venue))] += 1
        years[year] += 1
        by_section[paper.paths[0][0]][year] += 1  # where it is first listed: the stack adds up to the papers
    order = sorted((y for y in years if y != NO_YEAR), key=int) + ([NO_YEAR] if NO_YEAR in years else [])
    stats.years = {y: years[y] for y in order}
    stats.years_by_section = {s: {y: counts[y] for y in order if counts[y]} for s, counts in by_section.items()}
    stats.venues = sorted(venues.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_VENUES]
    stats.known_as = {k: known[k] for k in ("resolved", "hand-entered", "title-only", "not in store") if known[k]}
    return stats


def text(stats: Stats) -> str:
    lines = [f"{stats.papers} papers ({stats.list_items} list entries)", "", "per category:"]
    for row in stats.categories:
        lines.append(f"  {'  ' * (row['depth'] - 1)}{row['path'].rsplit('/', 1)[-1]:<{44 - 2 * row['depth']}} {row['papers']:>4}")
    lines += ["", "per year (with a record's year):"]
    top = max(stats.years.values(), default=1)
    for year, count in stats.years.items():
        lines.append(f"  {year:<8} {count:>4}  {'#' * round(30 * count / top)}")
    lines += ["", f"venues publishing most (top {TOP_VENUES}):"]
    lines += [f"  {count:>4}  {venue}" for venue, count in stats.venues]
    known = ", ".join(f"{n} {what}" for what, n in stats.known_as.items())
    lines += ["", f"known as: {known}" + (f" ({stats.review} of the title-only wait for review)" if stats.review else "")]
    return "\n".join(lines) + "\n"


def as_json(stats: Stats) -> str:
    return json.dumps(asdict(stats), ensure_ascii=False, indent=2) + "\n"


FORMATS = {".svg": "svg", ".png": "png"}


def figure(stats: Stats, fmt: str = "svg") -> bytes:
    """Papers per year, stacked by section, as SVG or PNG bytes (reproducible: no date, fixed ids)."""
    import io

    import matplotlib

    matplotlib.use("Agg")  # no display needed, and none opened
    from matplotlib import pyplot

    matplotlib.rcParams["svg.hashsalt"] = "medsegcite"  # the same data gives the same file
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable
    years = list(stats.years)
    fig, axes = pyplot.subplots(figsize=(8, 4.2), dpi=100)
    bottom = [0] * len(years)
    for section, counts in stats.years_by_section.items():
        heights = [counts.get(y, 0) for y in years]
        axes.bar(years, heights, bottom=bottom, label=section)
        bottom = [b + h for b, h in zip(bottom, heights)]
    axes.set_ylabel("papers")
    axes.set_title(f"Papers per year, by section ({stats.papers} papers)")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    out = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {}
    fig.savefig(out, format=fmt, metadata=metadata)
    pyplot.close(fig)
    return out.getvalue()


def plot(stats: Stats, path: str, protect=()) -> None:
    """Write the figure to FILE.svg or FILE.png, atomically, never over one of `protect`."""
    fmt = FORMATS.get(os.path.splitext(path)[1].lower())
    if fmt is None:
        from medsegcite.errors import MedsegciteError

        raise MedsegciteError(f"cannot tell the plot's format from {path!r}: name it .svg or .png")
    from medsegcite.bib.store import atomic_write

    atomic_write(path, figure(stats, fmt), protect=protect)


def html_figure(stats: Stats) -> str:
    """The plot for the HTML page: an <img> of the SVG as a data URI (no markup from the data enters the page)."""
    import base64
    from html import escape

    data = base64.b64encode(figure(stats, "svg")).decode("ascii")
    caption = escape(f"{stats.papers} papers per year, stacked by the section each is first listed in")
    return (f'<figure class="medsegcite-stats"><img alt="{caption}" style="max-width:100%" '
            f'src="data:image/svg+xml;base64,{data}"><figcaption>{caption}</figcaption></figure>\n')
