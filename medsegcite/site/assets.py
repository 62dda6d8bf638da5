"""The site's assets: the script and style sheet (package data, medsegcite/site/static/),
the year plot as SVG (commands/stats.py, no matplotlib), and papers.js, the fields the
search reads (a script file, not inline: the page's policy runs no inline script)."""

from __future__ import annotations

import json
import os
import shutil

STATIC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static")
STATIC_FILES = ("site.js", "site.css", "icon.svg")


def search_data(site) -> dict:
    """Per paper, in page order: key, title, authors, venue, year, venue type, category ids, DOI?, title only?"""
    anchors = {"/".join(c.path): c.anchor for c in site.categories}
    return {
        "papers": [[p.key, p.title, "; ".join(p.authors), p.venue, p.year, p.venue_type,
                    [anchors[c] for c in p.categories if c in anchors], 1 if p.doi else 0, 1 if p.title_only else 0]
                   for p in site.papers],
        # each category id -> its own path, so that a filter takes in the sub-categories
        "categories": {c.anchor: "/".join(c.path) for c in site.categories},
    }


def write(site, root: str) -> None:
    from medsegcite.commands.stats import svg_figure

    folder = os.path.join(root, "assets")
    os.makedirs(folder)
    for name in STATIC_FILES:
        shutil.copyfile(os.path.join(STATIC, name), os.path.join(folder, name))
    with open(os.path.join(folder, "years.svg"), "w", encoding="utf-8", newline="\n") as stream:
        stream.write(svg_figure(site.stats))
    # JSON is JavaScript; escaping '<' keeps even a "</script>" title inert in any reading.
    text = json.dumps(search_data(site), ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    with open(os.path.join(folder, "papers.js"), "w", encoding="utf-8", newline="\n") as stream:
        stream.write("window.medsegciteSite = " + text + ";\n")
