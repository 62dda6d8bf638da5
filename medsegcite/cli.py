"""The `medsegcite` command: a thin click layer over the library.

The conventions every command keeps (docs/cli-conventions.md): `--data DIR`
before or after the command; `-q` (errors only) and `-v` (notes too);
`--format` with its choices listed; what a command produces on stdout, every
message on stderr, each one line, printed through one sanitiser (no terminal
escapes from stored text); exit 0 done, 1 a problem with the data or the
network, 2 a usage error, 3 cited keys missing (export --aux/--keys).  Heavy
libraries are imported inside the commands that need them, so every command
starts fast.

Over 500 lines: it declares all 13 commands with their options and help
(what docs/cli.md is generated from) and prints their results; the work itself is in
commands/ and the layers below it.
"""

from __future__ import annotations

import functools
import os
import sys

import click

from medsegcite.errors import MedsegciteError
from medsegcite.paths import DataDir, check_output, choose_data_dir

EPILOG = """\b
Where the data is (the first that applies):
  --data DIR (before or after the command) or MEDSEGCITE_DATA;
  ./data, when it holds a list.md;
  the shipped data, read-only (start your own with `medsegcite init DIR`).

\b
Environment variables:
  MEDSEGCITE_DATA          the data folder (as --data)
  MEDSEGCITE_STYLES        render's styles folder (as --styles)
  MEDSEGCITE_MAILTO        your e-mail for Crossref's polite pool (as --mailto)
  MEDSEGCITE_CROSSREF_URL  the Crossref REST API or a mirror (as --crossref-url)
  MEDSEGCITE_DOI_URL       the DOI resolver (as --doi-url)
  MEDSEGCITE_CACHE         the cache folder (search index, CSL items)
  MEDSEGCITE_CSL_WITHOUT   CSL fixes left out, to see what one does (docs/csl.md)
  MEDSEGCITE_PAUSE_AT      for the tests only: stop `add` at a stage of its write

Exit status: 0 done, 1 a problem with the data or the network, 2 a usage error,
3 cited keys missing from the store (export --aux/--bcf/--keys/--cited-in)."""

_DATA_KEY, _VERBOSITY_KEY = "medsegcite.data", "medsegcite.verbosity"


def _printable(text: str) -> str:
    """One line as any command prints it: no terminal escapes, no control characters, and
    no line break (a newline in a stored field must not forge a row of output)."""
    from medsegcite.text import printable  # the one sanitiser (also used by the library)

    return printable(text)


def _printable_lines(text: str) -> str:
    """A whole document for a terminal: each line sanitised, the line breaks kept."""
    return "\n".join(_printable(line) for line in text.split("\n"))


def _out(text: str = "") -> None:
    """A line of a command's result, on stdout."""
    click.echo(_printable(text))


def _verbosity() -> int:
    """-1 with -q, 1 with -v, else 0."""
    context = click.get_current_context(silent=True)
    return context.meta.get(_VERBOSITY_KEY, 0) if context is not None else 0


def _say(text: str) -> None:
    """A summary or progress line, on stderr; -q drops it."""
    if _verbosity() >= 0:
        click.echo(_printable(text), err=True)


def _warn(text: str) -> None:
    if _verbosity() >= 0:
        click.echo(f"medsegcite: warning: {_printable(text)}", err=True)


def _note(text: str) -> None:
    """What only -v shows."""
    if _verbosity() > 0:
        click.echo(_printable(text), err=True)


def _fail(message: str, code: int = 1) -> None:
    from medsegcite.listing.identifiers import redact  # a password in a URL is never shown

    click.echo(f"medsegcite: error: {_printable(redact(str(message)))}", err=True)
    sys.exit(code)


def _remember(key: str):
    def callback(ctx: click.Context, _param, value):
        if value is not None and value is not False:
            ctx.meta[key] = value
        return value

    return callback


def _set_verbosity(level: int):
    def callback(ctx: click.Context, _param, value):
        if value:
            if ctx.meta.get(_VERBOSITY_KEY, level) != level:
                raise click.UsageError("-q and -v contradict each other: give one")
            ctx.meta[_VERBOSITY_KEY] = level
        return value

    return callback


def _common(command, envvar: str | None = None, data: bool = True):
    """--data, -q and -v: on the group and on every command, so they work before or after it."""
    options = (
        click.option("--data", type=click.Path(file_okay=False), metavar="DIR", envvar=envvar, show_envvar=bool(envvar),
                     expose_value=False, callback=_remember(_DATA_KEY),
                     help="The data folder (list.md, references.bib, decisions.toml) [default: ./data if it holds a "
                          "list.md, else the shipped data, read-only]."),
        click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_verbosity(-1),
                     help="Errors only: no warnings, summaries or progress."),
        click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=_set_verbosity(1),
                     help="Notes too (placeholders skipped, info findings)."),
    )
    for option in reversed(options if data else options[1:]):
        command = option(command)
    return command


def _pass_data(command):
    """Call the command with its DataDir, chosen by the one rule (paths.choose_data_dir)."""

    @functools.wraps(command)
    def with_data(*args, **kwargs):
        data = choose_data_dir(click.get_current_context().meta.get(_DATA_KEY))
        if os.path.lexists(os.path.join(data.root, ".medsegcite-add.json")):  # an add was killed half way
            from medsegcite.commands.add import recover

            done = recover(data)
            if done:
                _say(f"medsegcite: {done}")
        return command(data, *args, **kwargs)

    return with_data


def _format_option(choices: tuple[str, ...], default: str, json_alias: bool = False):
    """`--format` with its choices shown (and, where scripts used it, `--json` as a hidden alias)."""

    def decorate(command):
        command = click.option("--format", "fmt", type=click.Choice(choices, case_sensitive=False), default=default,
                               show_default=True, help="The output's format.")(command)
        if json_alias:
            command = click.option("--json", "as_json", is_flag=True, hidden=True,
                                   help="Same as --format json.")(command)
        return command

    return decorate


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG, invoke_without_command=True)
@click.version_option(package_name="medsegcite", message="%(prog)s %(version)s")
@functools.partial(_common, envvar="MEDSEGCITE_DATA")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Citations for a curated list of medical-image-segmentation papers."""
    if os.environ.get("MEDSEGCITE_CSL_WITHOUT"):  # checked before any command runs
        from medsegcite.csl import fixes

        try:
            fixes.without_from_env()
        except MedsegciteError as error:
            _fail(str(error), 2)
    if ctx.invoked_subcommand is None:  # bare `medsegcite`: the help, as asked for
        click.echo(ctx.get_help())


def command(*args, data: bool = True, **kwargs):
    """A subcommand with the common options (`data`: with --data)."""

    def decorate(function):
        return cli.command(*args, **kwargs)(_common(function, data=data))

    return decorate


@command(data=False)  # the folder is its argument
@click.argument("folder", type=click.Path(file_okay=False), metavar="DIR")
@click.option("--empty", is_flag=True, help="Start a one-paper example list instead of a copy of the shipped one.")
def init(folder: str, empty: bool) -> None:
    """Start your own data folder: a copy of the shipped list, store and decisions.

    `medsegcite init data` makes ./data, which every command then uses when run
    from here; any other DIR is used with --data DIR.  A folder already holding
    list.md, references.bib or decisions.toml is left alone.
    """
    from medsegcite.paths import init_data_dir, shown

    written = init_data_dir(folder, empty)
    _say(f"{shown(folder)}: {', '.join(written)} written")
    if os.path.normpath(folder) != "data":
        _say(f"use it with --data {shown(folder)} (or MEDSEGCITE_DATA={shown(folder)})")


@command()
@_pass_data
def categories(data: DataDir) -> None:
    """Print the list's category tree with paper counts."""
    catalog = data.catalog()
    for unread in catalog.unread:  # what is not read is said, never silently dropped
        _warn(unread.message(data.shown(data.list_path)))
    for node in catalog.nodes():
        count = len(catalog.papers_under(node))
        extra = f"; {len(node.placeholders)} empty placeholders" if node.placeholders else ""
        _out(f"{'  ' * (len(node.path) - 1)}{node.name} ({count}{extra})")
    shared = sum(1 for p in catalog.papers if len(p.paths) > 1)
    _out(
        f"{len(catalog.papers)} distinct papers in {len(catalog.items)} list items; "
        f"{len(catalog.placeholders)} empty placeholders skipped; "
        f"{shared} papers listed under more than one category"
    )


_ALLOW_REMOVALS = click.option(
    "--allow-removals", is_flag=True, help="Let papers no longer in the list leave the store even when there are many."
)


def _network_options(command):
    """The options of every command that asks Crossref: where, who asks, cache, patience."""
    for option in reversed((
        click.option("--mailto", envvar="MEDSEGCITE_MAILTO", show_envvar=True, help="Your e-mail, for Crossref's polite pool."),
        click.option("--crossref-url", envvar="MEDSEGCITE_CROSSREF_URL", show_envvar=True,
                     help="Crossref REST API base URL (or a mirror)."),
        click.option("--doi-url", envvar="MEDSEGCITE_DOI_URL", show_envvar=True, help="DOI resolver base URL, for content negotiation."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the response cache."),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0.1, max=3600),
            callback=lambda _ctx, _param, value: _finite(value, "--timeout"),
            help="Seconds one whole response may take [default: 10].",
        ),
    )):
        command = option(command)
    return command


@command()
@_ALLOW_REMOVALS
@_pass_data
def sync(data: DataDir, allow_removals: bool) -> None:
    """Add the list's new papers to references.bib and update their categories."""
    from medsegcite.commands.sync import sync as sync_store

    catalog, count, added, kept, removed = sync_store(data.writable("sync"), allow_removals)
    list_file = data.shown(data.list_path)
    for line, path in catalog.placeholders:  # a choice of the list, the same every run: a note
        _note(f"{list_file}:{line}: empty placeholder under {'/'.join(path)} skipped")
    for unread in catalog.unread:  # what is not read is said, never silently dropped
        _warn(unread.message(list_file))
    if removed:
        from medsegcite.bib.store import REMOVED

        _warn(f"removed (no longer in the list; kept in {REMOVED}): {', '.join(removed)}")
    if _verbosity() >= 0:  # sync's result, on stdout as it always was; -q drops it
        _out(f"{count} papers in {data.shown(data.store_path)}: {len(added)} added, {kept} kept, {len(removed)} removed")


EXPORT_FORMATS = ("bibtex", "biblatex", "csl-json", "csl-yaml", "ris")  # bib/export.py's FORMATS (a test keeps them equal)
RENDER_FORMATS = ("text", "markdown", "html")  # csl/output.py's FORMATS


@command()
@_format_option(EXPORT_FORMATS, "bibtex")
@click.option("--category", "categories_", multiple=True, metavar="NAME", help="Only papers under this category (repeatable).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
@click.option("--aux", "aux_files", multiple=True, metavar="FILE.aux", help="Only what this LaTeX .aux cites (follows \\@input; repeatable).")
@click.option("--bcf", "bcf_files", multiple=True, metavar="FILE.bcf", help="Only what this biblatex .bcf cites (repeatable).")
@click.option("--keys", "key_lists", multiple=True, metavar="K1,K2,...", help="Only these citation keys (repeatable).")
@click.option("--cited-in", "markdown_files", multiple=True, metavar="FILE.md|.qmd|.Rmd",
              help="Only what this pandoc, Quarto or R Markdown document cites ([@key], @key, nocite; repeatable).")
@click.option("--journal-abbrev", is_flag=True,
              help="The journal's short form in journal/journaltitle (Crossref's, else ISO 4 from the LTWA).")
@click.option("--split-by-category", "split_dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Write one file per category into DIR, plus the whole list as all.<ext>.")
@_pass_data
def export(data: DataDir, fmt: str, categories_: tuple[str, ...], output: str | None, aux_files=(), bcf_files=(),
           key_lists=(), markdown_files=(), journal_abbrev=False, split_dir=None) -> None:
    """Export the references, whole or by category."""
    from medsegcite.bib import export as exporter

    fmt = _checked(fmt, exporter.FORMATS, output, data)
    cited_by = aux_files or bcf_files or key_lists or markdown_files
    if split_dir is not None and (output is not None or cited_by):
        raise click.UsageError("--split-by-category writes whole categories: it takes neither -o nor a cited-keys option")
    from medsegcite.commands import export as exporting

    stored = data.entries()
    if journal_abbrev:
        stored, lines = exporting.abbreviated(stored)
        for line in lines:
            _say(line)
    if split_dir is not None:
        written = exporting.split(data, stored, fmt, categories_, split_dir)
        _say(f"{len(written)} files written to {split_dir} ({written[0].name} and {len(written) - 1} categories)")
    elif cited_by:
        chosen, missing = exporting.cited(data, stored, categories_, aux_files, bcf_files, key_lists, markdown_files)
        _emit(exporter.export(chosen, fmt), output, f"{len(chosen)} references", data)
        if missing:
            for line in missing:
                click.echo(f"medsegcite: error: {_printable(line)}", err=True)
            click.echo(f"medsegcite: {len(missing)} of {len(missing) + len(chosen)} cited keys missing", err=True)
            sys.exit(MISSING_KEYS_EXIT)
    else:
        entries = exporter.select(stored, categories_)
        _emit(exporter.export(entries, fmt), output, f"{len(entries)} references", data)


MISSING_KEYS_EXIT = 3  # some cited keys are not in the store (the others were written)


@command()
@click.option("--category", "categories_", multiple=True, metavar="NAME", help="Only papers under this category (repeatable).")
@click.option("--refresh", is_flag=True, help="Look up resolved papers again too (hand edits are kept).")
@_network_options
@_ALLOW_REMOVALS
@_pass_data
def resolve(data: DataDir, categories_, refresh, mailto, crossref_url, doi_url, no_cache, timeout, allow_removals) -> None:
    """Resolve the list's papers to full records through Crossref.

    A lookup that fails leaves its entry as it was; when the service cannot be
    reached at all, the run stops after a short retry and says so.
    """
    from medsegcite.commands.resolve import run_resolve

    data.writable("resolve")
    failed = run_resolve(data, categories_, refresh, mailto, crossref_url, doi_url, no_cache, timeout, allow_removals,
                         say=_say, shout=lambda text: click.echo(_printable(text), err=True), progress=_verbosity() >= 0)
    if failed:
        sys.exit(1)


def _json_wanted(fmt: str, as_json: bool) -> bool:
    return as_json or fmt == "json"


@command()
@_format_option(("text", "json"), "text", json_alias=True)
@_pass_data
def status(data: DataDir, fmt: str, as_json: bool) -> None:
    """One row per paper: where its record comes from, its key, DOI and list title.

    Then a summary line.  `--format json` gives every field: key, list_title,
    categories, state, origin, doi, score, source, reason, candidates.
    """
    from medsegcite.commands.resolve import status_rows, summary

    rows = status_rows(data)
    if _json_wanted(fmt, as_json):
        import json

        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        _out(f"{row['origin']:<15} {row['key']:<28} {row['doi'] or '-':<34} {row['list_title'][:60]}")
    _out(summary(rows))


@command()
@_pass_data
def review(data: DataDir) -> None:
    """What waits for a human decision, with the top candidates and their scores."""
    from medsegcite.crossref import decisions
    from medsegcite.commands.resolve import status_rows

    decisions.load(data.decisions_path)  # where the decisions go: a typo there is said now

    waiting = [row for row in status_rows(data) if row["state"] in ("review", "unresolved")]
    for row in waiting:  # what the list and the network wrote, printed inert
        _out(f"{row['key']} [{row['state']}] {row['list_title']}")
        if row.get("reason"):
            _out(f"    {row['reason']}")
        for doi, score in row.get("candidates", []):
            _out(f"    {score:.2f}  {doi}")
    _out(f"{len(waiting)} papers wait for a decision (pin a DOI or enter a record in {data.shown(data.decisions_path)})")


@command()
@click.option("--style", metavar="NAME|PATH", help="A CSL style for every category [default: styles.toml's choice].")
@click.option("--category", "categories_", multiple=True, metavar="NAME", help="Only papers under this category (repeatable).")
@_format_option(RENDER_FORMATS, "text")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
@click.option("--styles", "styles_dir", envvar="MEDSEGCITE_STYLES", show_envvar=True, metavar="DIR",
              help="Folder of styles.toml and your .csl files [default: the shipped styles].")
@_pass_data
def render(data: DataDir, style, categories_, fmt, output, styles_dir) -> None:
    """Formatted reference lists, one per category, in CSL styles."""
    from medsegcite.bib import export
    from medsegcite.csl import output as documents

    fmt = _checked(fmt, documents.FORMATS, output, data)
    stored = data.entries()
    items = {item["id"]: item for item in export.csl_items(stored, cached=True)}
    sections = documents.sections(data.catalog(), stored, items, categories_, style, fmt, styles_dir, _warn)
    count = sum(len(s.entries) for s in sections)
    listed = sum(1 for s in sections if s.entries)
    figure = ""
    if fmt == "html" and not categories_:  # the whole list: its papers per year (see `stats`)
        from medsegcite.commands import stats as counting

        figure = counting.html_figure(counting.compute(data.catalog(), stored))
    title = documents.page_title(data.catalog())
    _emit(documents.document(sections, fmt, items, figure, title), output, f"{count} references in {listed} categories",
          data, readable=fmt == "text")


@command()
@click.argument("query", nargs=-1, required=True)
@click.option("--category", "categories_", multiple=True, metavar="NAME", help="Only papers under this category (repeatable).")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="At most this many papers.")
@_format_option(("text", "bibtex", "json"), "text", json_alias=True)
@_pass_data
def search(data: DataDir, query, categories_, limit, fmt, as_json) -> None:
    """Find papers by title, author, year, venue, DOI or category words (typos forgiven).

    Each hit shows its score (100: every word found as typed).  When no paper
    scores GOOD or more, the closest are shown as such and the exit status is 1.
    """
    from medsegcite.bib import search as finder

    fmt = "json" if as_json else fmt
    text = " ".join(query)
    index = finder.Index.for_store(data.checked().store_path)
    hits = index.search(text, limit, finder.category_filter(index, categories_))
    if not hits:
        _fail(f"nothing matches {text!r}")
    weak = hits[0].score < finder.GOOD_SCORE
    if weak:
        click.echo(_printable(f"medsegcite: nothing matches {text!r} well (best score {hits[0].score:g} < "
                              f"{finder.GOOD_SCORE:g}); the closest:"), err=True)
    if fmt == "json":
        sys.stdout.write(finder.as_json(hits))
    elif fmt == "bibtex":
        from medsegcite.bib import export as exporter

        by_key = {e.key: e for e in data.entries()}
        sys.stdout.write(exporter.export([by_key[h.key] for h in hits if h.key in by_key], "bibtex"))
    else:
        for hit in hits:
            _out(finder.text_line(hit))
    if weak:
        sys.exit(1)


@command()
@_format_option(("text", "json", "github"), "text", json_alias=True)
@click.option("--github", is_flag=True, hidden=True, help="Same as --format github.")
@click.option("--strict", is_flag=True, help="Warnings fail too.")
@_pass_data
def check(data: DataDir, fmt: str, as_json: bool, github: bool, strict: bool) -> None:
    """Check the list: duplicates, links, store in step; errors exit 1.

    Errors and warnings are shown; notes (info) with -v; errors only with -q.
    `--format github` writes GitHub Actions annotations (::error file=...,line=...::).
    """
    from medsegcite.commands import check as checker

    fmt = "json" if as_json else "github" if github else fmt
    findings = checker.check(data)
    level = _verbosity()
    hidden = {1: (), 0: ("info",), -1: ("info", "warning")}[level]
    shown_findings = [f for f in findings if f.severity not in hidden]
    if fmt == "json":
        sys.stdout.write(checker.as_json(shown_findings))
    else:
        for finding in shown_findings:
            _out(finding.github() if fmt == "github" else finding.text())
        notes = sum(1 for f in findings if f.severity == "info")
        more = f" (-v shows the {notes} notes)" if notes and level == 0 else ""
        _say(f"{data.shown(data.list_path)}: {checker.summary(findings)}{more}")
    failing = ("error", "warning") if strict else ("error",)
    if any(f.severity in failing for f in findings):
        sys.exit(1)


@command()
@click.argument("paper", metavar="DOI|ARXIV-ID|URL|TITLE")
@click.option("--category", required=True, metavar="NAME", help="The category to list it under (name or path).")
@click.option("--title", metavar="TITLE", help="The title to list (needed when a link names no record).")
@click.option("--label", metavar="TEXT", help="The link's label in the list [default: the list's label for that site].")
@click.option("-y", "--yes", is_flag=True, help="Add without asking.")
@_network_options
@_pass_data
def add(data: DataDir, paper, category, title, label, yes, mailto, crossref_url, doi_url, no_cache, timeout) -> None:
    """Add a paper to the list under a category, resolved, and to the store."""
    from medsegcite.crossref.client import Client, Settings
    from medsegcite.commands import add as adder

    data.writable("add")
    settings = Settings.from_env(
        mailto=mailto, crossref_url=crossref_url, doi_url=doi_url, timeout=timeout, cache_dir="" if no_cache else None
    )
    planned = adder.plan(data, category, paper, title, Client(settings), label=label)
    for line in adder.describe(planned):
        _out(line)
    _out(f"{data.shown(data.list_path)}:{planned.at} under {'/'.join(planned.path)}:")
    _out(f"  {planned.line.strip()}")
    if not yes and not click.confirm("Add it?", default=False, err=True):
        click.echo("nothing written", err=True)
        sys.exit(1)
    adder.write(data, planned)
    _out(f"added as {planned.new_key} ({planned.outcome.state}) to {data.shown(data.list_path)} and {data.shown(data.store_path)}")


@command()
@click.option("--plot", "plot_file", type=click.Path(dir_okay=False), metavar="FILE.svg|FILE.png", help="Also draw papers per year, stacked by section.")
@_format_option(("text", "json"), "text", json_alias=True)
@_pass_data
def stats(data: DataDir, plot_file: str | None, fmt: str, as_json: bool) -> None:
    """The list at a glance: papers per category, year and venue; how each is known."""
    from medsegcite.commands import stats as counting

    if plot_file:
        check_output(plot_file, data)
    figures = counting.compute(data.catalog(), data.entries() if os.path.lexists(data.store_path) else [])
    if _json_wanted(fmt, as_json):
        sys.stdout.write(counting.as_json(figures))
    else:
        for line in counting.text(figures).rstrip("\n").split("\n"):
            _out(line)
    if plot_file:
        counting.plot(figures, plot_file, protect=data.own_files())
        _say(f"plot written to {plot_file}")


@command()
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False), metavar="DIR",
              help="The site's folder (new, empty, or a site built before: replaced whole).")
@click.option("--style", metavar="NAME|PATH", help="A CSL style for every category [default: styles/styles.toml].")
@click.option("--base-url", metavar="URL", help="Where the site will be published (its canonical address).")
@click.option("--styles", "styles_dir", envvar="MEDSEGCITE_STYLES", show_envvar=True, metavar="DIR",
              help="Folder of styles.toml and your .csl files [default: the shipped styles].")
@_pass_data
def site(data: DataDir, out_dir: str, style, base_url, styles_dir) -> None:
    """The list as a static website to search, filter and cite from (GitHub Pages ready)."""
    from medsegcite import site as website

    papers, written = website.build(data, out_dir, style, styles_dir, base_url, _warn)
    _say(f"site of {papers} papers ({written} files) written to {data.shown(out_dir)}")


def _finite(value: float | None, name: str) -> float | None:
    if value is not None and value != value:  # NaN passes every range check
        raise click.BadParameter(f"{value} is not a number of seconds", param_hint=name)
    return value


def _checked(fmt: str, formats: tuple[str, ...], output: str | None, data: DataDir | None = None) -> str:
    """The format, lower-cased, once it and the output path are known good.

    `-o` never lands on the data folder's own files (the store, the list, the
    decisions): an export there would strip the store's bookkeeping, a render
    would replace the list.
    """
    fmt = fmt.lower()
    if fmt not in formats:  # click's Choice has checked it; this keeps the CLI's list and the library's in step
        raise MedsegciteError(f"unknown format {fmt!r}; choose one of {', '.join(formats)}")
    if output is not None:
        check_output(output, data)
    return fmt


def _emit(text: str, output: str | None, what: str, data: DataDir | None = None, readable: bool = False) -> None:
    """stdout, or a file: atomically replaced when it is a regular file (nothing is left
    behind on failure), written in place when it is a device, a FIFO or /dev/stdout; the
    data folder's files are checked again at the write itself (the path may have changed)."""
    if output is None:
        # On a terminal (or for text meant to be read there) stored text is printed
        # inert; a file or pipe gets the bytes the format's own encoder wrote.
        sys.stdout.write(_printable_lines(text) if readable or sys.stdout.isatty() else text)
        return
    from medsegcite import files

    files.write_atomic(output, text, protect=data.own_files() if data is not None else ())
    _say(f"{what} written to {output}")


def main(argv: list[str] | None = None) -> None:
    try:
        code = cli.main(args=argv, prog_name="medsegcite", standalone_mode=False)
        if isinstance(code, int):
            sys.exit(code)
    except click.ClickException as error:
        _fail(error.format_message(), error.exit_code)
    except click.exceptions.Abort:
        _fail("aborted", 130)
    except MedsegciteError as error:
        _fail(str(error))
    except BrokenPipeError:
        sys.exit(0)
    except OSError as error:
        _fail(f"{error.strerror or error}: {error.filename}" if error.filename else str(error))
