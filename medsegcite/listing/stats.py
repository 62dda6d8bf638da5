"""`stats`: the list at a glance.

Papers per category and section (from list.md), per year and per venue (from the
store's records), and how each paper is known: resolved to a full record, entered
by hand (decisions.toml), or known only by the list's title (unresolved or
waiting for review).  The plot shows papers per year stacked by section.

The SVG plot is written directly; matplotlib is imported only for a PNG
(`stats --plot FILE.png`): no other command pays for it.
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

# matplotlib's default colour cycle (tab10): the SVG and the PNG show the same colours.
COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")


def figure(stats: Stats, fmt: str = "svg") -> bytes:
    """Papers per year, stacked by section, as SVG or PNG bytes (reproducible: no date, fixed ids).

    The SVG is written directly (no matplotlib: every HTML render and the site draw it);
    matplotlib draws only a PNG."""
    if fmt == "svg":
        return svg_figure(stats).encode("utf-8")
    return _matplotlib_figure(stats, fmt)


def _nice_step(top: int, ticks: int = 6) -> int:
    """An integer tick step (1, 2, 5 x 10^n) giving at most about `ticks` ticks up to `top`."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if top / (step * factor) <= ticks:
                return step * factor
        step *= 10


def svg_figure(stats: Stats, width: int = 800, height: int = 420) -> str:
    """The plot as SVG text: bars per year stacked by section, integer y ticks, a legend.
    Every text from the list (section names) is XML-escaped."""
    from xml.sax.saxutils import escape

    years = list(stats.years)
    left, right, top, bottom = 60, 20, 40, 60
    plot_w, plot_h = width - left - right, height - top - bottom
    highest = max(stats.years.values(), default=0)
    step = _nice_step(max(highest, 1))
    y_max = max(step, -(-highest // step) * step)
    scale = plot_h / y_max
    slot = plot_w / max(len(years), 1)
    bar = slot * 0.8
    rotate = len(years) > 14
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12" role="img">',
        f"<title>{escape(f'Papers per year, by section ({stats.papers} papers)')}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{width / 2:.1f}" y="24" text-anchor="middle" font-size="14">'
        f"{escape(f'Papers per year, by section ({stats.papers} papers)')}</text>",
    ]
    for tick in range(0, y_max + 1, step):
        y = top + plot_h - tick * scale
        out.append(f'<line x1="{left - 4}" y1="{y:.1f}" x2="{left}" y2="{y:.1f}" stroke="#000000"/>')
        out.append(f'<text x="{left - 7}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    out.append(f'<text transform="translate(16 {top + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle">papers</text>')
    stacked = [0] * len(years)
    for number, (section, counts) in enumerate(stats.years_by_section.items()):
        colour = COLOURS[number % len(COLOURS)]
        for index, year in enumerate(years):
            count = counts.get(year, 0)
            if not count:
                continue
            x = left + index * slot + (slot - bar) / 2
            y = top + plot_h - (stacked[index] + count) * scale
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{count * scale:.1f}" fill="{colour}">'
                       f"<title>{escape(f'{section}, {year}: {count}')}</title></rect>")
            stacked[index] += count
    for index, year in enumerate(years):
        x = left + index * slot + slot / 2
        y = top + plot_h + 16
        spin = f' transform="rotate(-45 {x:.1f} {y:.1f})" text-anchor="end"' if rotate else ' text-anchor="middle"'
        out.append(f'<text x="{x:.1f}" y="{y:.1f}"{spin}>{escape(year)}</text>')
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#000000"/>')
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#000000"/>')
    for number, section in enumerate(stats.years_by_section):
        y = top + 8 + number * 18
        colour = COLOURS[number % len(COLOURS)]
        out.append(f'<rect x="{left + 12}" y="{y}" width="14" height="10" fill="{colour}"/>')
        out.append(f'<text x="{left + 32}" y="{y + 9}">{escape(section)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _matplotlib_figure(stats: Stats, fmt: str) -> bytes:
    import io

    import matplotlib

    matplotlib.use("Agg")  # no display needed, and none opened
    from matplotlib import pyplot

    matplotlib.rcParams["svg.hashsalt"] = "medsegcite"  # the same data gives the same file
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable
    years = list(stats.years)
    fig, axes = pyplot.subplots(figsize=(8, 4.2), dpi=100)
    bottom = [0] * len(years)
    for number, (section, counts) in enumerate(stats.years_by_section.items()):
        heights = [counts.get(y, 0) for y in years]
        axes.bar(years, heights, bottom=bottom, label=section, color=COLOURS[number % len(COLOURS)])
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
    from medsegcite import files

    files.write_atomic(path, figure(stats, fmt), protect=protect)


def html_figure(stats: Stats) -> str:
    """The plot for the HTML page: an <img> of the SVG as a data URI (no markup from the data enters the page)."""
    import base64
    from html import escape

    data = base64.b64encode(figure(stats, "svg")).decode("ascii")
    caption = escape(f"{stats.papers} papers per year, stacked by the section each is first listed in")
    return (f'<figure class="medsegcite-stats"><img alt="{caption}" style="max-width:100%" '
            f'src="data:image/svg+xml;base64,{data}"><figcaption>{caption}</figcaption></figure>\n')
