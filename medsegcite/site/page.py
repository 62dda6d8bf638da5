"""The site's page, index.html: every paper listed in plain HTML (readable with JavaScript
off), a search form the script brings to life, the year plot and category counts.

Every text from the list, the store or git is escaped here; formatted references are
`render`'s HTML (citeproc-py's output over escaped values).  Link targets are http(s)
only (model._links).  The Content-Security-Policy allows scripts, styles and images
from the site itself only, so no inline script or event handler runs even if one got
in; style attributes stay allowed because the CSL engine writes small caps and upright
text as `style="..."` (data never reaches an attribute unescaped).
"""

from __future__ import annotations

from html import escape

from medsegcite.site import files
from medsegcite.site.model import VENUE_TYPES

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self'; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'")


INDENT = "\u2002\u2002"  # a sub-category's option, indented (options hold no markup)


def _e(text) -> str:
    return escape(str(text), quote=True)


def write(site, root: str) -> None:
    import os

    with open(os.path.join(root, "index.html"), "w", encoding="utf-8", newline="\n") as stream:
        stream.write(page(site))


def page(site) -> str:
    anchors = {"/".join(c.path): c.anchor for c in site.categories}
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(site.title)}</title>",
    ]
    if site.base_url:
        out.append(f'<link rel="canonical" href="{_e(site.base_url)}">')
    out += [
        '<link rel="icon" href="assets/icon.svg" type="image/svg+xml">',
        '<link rel="stylesheet" href="assets/site.css">',
        '<script src="assets/papers.js" defer></script>',
        '<script src="assets/site.js" defer></script>',
        "</head>",
        "<body>",
        '<a class="skip" href="#papers">Skip to the papers</a>',
        "<header>",
        f"<h1>{_e(site.title)}</h1>",
        f"<p>{len(site.papers)} papers in {sum(1 for c in site.categories if c.entries)} categories. "
        "The whole list: " + _downloads(files.whole_list_file) + '. <a href="#stats">Papers per year</a>.</p>',
        "</header>",
        _search_form(site),
        '<section id="results" aria-labelledby="results-h" hidden><h2 id="results-h">Matching papers</h2>'
        '<ol class="papers" id="results-list"></ol><p><button type="button" id="more" hidden>Show more</button></p></section>',
        _category_nav(site),
        _recent(site),
        '<main id="papers">',
        '<h2 class="visually-hidden">Papers</h2>',
    ]
    for category in site.categories:
        out.append(_category(site, category, anchors))
    out += [
        "</main>",
        _stats(site),
        "<footer><p>Made with medsegcite from the list and its bibliography. "
        "Each paper's citation files are in <code>papers/</code>, each category's .bib in <code>bib/</code>.</p></footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


def _downloads(name_of, label: str = "") -> str:
    return ", ".join(f'<a href="{_e(name_of(fmt))}" download>{_e(text)}{label}</a>'
                     for fmt, text in files.FORMAT_LABELS.items())


def _search_form(site) -> str:
    """The form; shown only when the script runs (html.js), since it needs the script."""
    years = sorted({p.year for p in site.papers if p.year}, reverse=True)
    year_options = "".join(f'<option value="{_e(y)}">{_e(y)}</option>' for y in years)
    if any(not p.year for p in site.papers):
        year_options += '<option value="none">no year</option>'
    category_options = "".join(
        f'<option value="{_e(c.anchor)}">{INDENT * (len(c.path) - 1)}{_e(c.name)} ({c.papers})</option>'
        for c in site.categories)
    types = {p.venue_type for p in site.papers}
    type_options = "".join(f'<option value="{_e(k)}">{_e(v)}</option>' for k, v in VENUE_TYPES.items() if k in types)
    return f"""<form id="search" class="js-only" role="search" action="#" aria-label="Search and filter the papers">
<p class="query"><label for="q">Search titles, authors, venues, years and keys</label>
<input type="search" id="q" name="q" autocomplete="off" spellcheck="false"></p>
<p class="filters">
<label for="cat">Category</label> <select id="cat" name="cat"><option value="">all</option>{category_options}</select>
<label for="year">Year</label> <select id="year" name="year"><option value="">all</option>{year_options}</select>
<label for="type">Venue</label> <select id="type" name="type"><option value="">all</option>{type_options}</select>
<label for="rec">Record</label> <select id="rec" name="rec"><option value="">all</option>
<option value="doi">has a DOI</option><option value="nodoi">no DOI</option><option value="title">title only</option></select>
<button type="reset">Clear</button></p>
<p><output id="count" for="q cat year type rec" aria-live="polite">{len(site.papers)} papers</output></p>
</form>"""


def _category_nav(site) -> str:
    rows = []
    for category in site.categories:
        bib = f' <a class="bib" href="{_e(files.category_file(category))}" download>.bib</a>'
        rows.append(f'<li class="depth-{len(category.path)}"><a href="#{_e(category.anchor)}">{_e(category.name)}</a> '
                    f'<span class="n">({category.papers})</span>{bib}</li>')
    return f'<nav aria-labelledby="nav-h"><h2 id="nav-h">Categories</h2><ul class="cats">\n' + "\n".join(rows) + "\n</ul></nav>"


def _stats(site) -> str:
    stats = site.stats
    caption = f"{stats.papers} papers per year, stacked by the section each is first listed in"
    years = ", ".join(f"{year}: {count}" for year, count in stats.years.items())
    return (f'<section id="stats" aria-labelledby="stats-h"><h2 id="stats-h">Papers per year</h2>'
            f'<figure><img src="assets/years.svg" width="800" height="420" alt="{_e(caption)}: {_e(years)}">'
            f"<figcaption>{_e(caption)}.</figcaption></figure></section>")


def _recent(site) -> str:
    if not site.recent:
        return ""
    rows = "".join(f'<li><time datetime="{_e(date)}">{_e(date)}</time> '
                   f'<a href="#{_e(site.papers[i].anchor)}">{_e(site.papers[i].title)}</a></li>' for date, i in site.recent)
    return f'<section id="recent" aria-labelledby="recent-h"><h2 id="recent-h">Recently added</h2><ol>{rows}</ol></section>'


def _category(site, category, anchors) -> str:
    level = min(len(category.path) + 1, 6)
    head = f'<h{level} id="{_e(category.anchor)}-h">{_e(category.name)}</h{level}>'
    out = [f'<section class="cat" id="{_e(category.anchor)}" data-path="{_e("/".join(category.path))}" '
           f'aria-labelledby="{_e(category.anchor)}-h">', head]
    if category.entries:
        out.append(f'<p class="catfiles"><a href="{_e(files.category_file(category))}" download>'
                   f"{_e(category.name)}.bib</a> ({category.papers} papers, {_e(category.style)} style)</p>")
        out.append('<ol class="papers">')
        for index, li_id, html in category.entries:
            out.append(_paper(site.papers[index], li_id, html, category, anchors))
        out.append("</ol>")
    out.append("</section>")
    return "\n".join(out)


def _paper(paper, li_id: str, html: str, category, anchors) -> str:
    links = " ".join(f'<a href="{_e(href)}" rel="noopener noreferrer">{_e(label)}</a>' for label, href in paper.links)
    # every category it is listed under (a search result shows the paper out of its section)
    also = ' <span class="also">In: ' + "; ".join(
        f'<a href="#{_e(anchors[p])}">{_e(p.replace("/", " / "))}</a>' if p in anchors else _e(p) for p in paper.categories) + "</span>"
    cite = " ".join(f'<a href="{_e(files.paper_file(paper, fmt))}" download>{_e(text)}</a>' for fmt, text in files.FORMAT_LABELS.items())
    copy = (f'<button type="button" class="copy js-only" data-src="{_e(files.paper_file(paper, "bibtex"))}">Copy BibTeX</button>'
            f'<button type="button" class="copy js-only" data-src="{_e(files.paper_file(paper, "biblatex"))}">Copy BibLaTeX</button>')
    return (f'<li class="paper" id="{_e(li_id)}" data-i="{paper.index}"><div class="ref">{html}</div>'
            f'<p class="tools">{links}{" · " if links else ""}<span class="cite">Cite: {cite}</span> {copy}{also}</p></li>')
