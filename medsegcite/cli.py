"""The `medsegcite` command: a thin click layer over the library.

Every command takes the global `--data DIR` (or `MEDSEGCITE_DATA`): a folder
holding `list.md` and `references.bib`.  Errors are one line on stderr and a
non-zero exit, never a traceback.  Heavy libraries are imported inside the
commands that need them, so every command starts fast.
"""

from __future__ import annotations

import os
import sys

import click

from medsegcite.errors import MedsegciteError
from medsegcite.paths import DataDir, default_data_dir


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"medsegcite: error: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False),
    envvar="MEDSEGCITE_DATA",
    help="Folder holding list.md and references.bib [default: the shipped data].",
)
@click.version_option(package_name="medsegcite")
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None) -> None:
    """Citations for a curated list of medical-image-segmentation papers."""
    ctx.obj = DataDir(data_dir or default_data_dir())


@cli.command()
@click.pass_obj
def categories(data: DataDir) -> None:
    """Print the list's category tree with paper counts."""
    from medsegcite.listing.catalog import printable

    catalog = data.catalog()
    for node in catalog.nodes():
        count = len(catalog.papers_under(node))
        extra = f"; {len(node.placeholders)} empty placeholders" if node.placeholders else ""
        click.echo(f"{'  ' * (len(node.path) - 1)}{printable(node.name)} ({count}{extra})")
    shared = sum(1 for p in catalog.papers if len(p.paths) > 1)
    click.echo(
        f"{len(catalog.papers)} distinct papers in {len(catalog.entries)} list items; "
        f"{len(catalog.placeholders)} empty placeholders skipped; "
        f"{shared} papers listed under more than one category"
    )


_ALLOW_REMOVALS = click.option(
    "--allow-removals", is_flag=True, help="Let papers no longer in the list leave the store even when there are many."
)


def _network_options(command):
    """The options of every command that asks Crossref: where, who asks, cache, patience."""
    for option in reversed((
        click.option("--mailto", envvar="MEDSEGCITE_MAILTO", help="Your e-mail, for Crossref's polite pool."),
        click.option("--crossref-url", envvar="MEDSEGCITE_CROSSREF_URL", help="Crossref REST API base URL (or a mirror)."),
        click.option("--doi-url", envvar="MEDSEGCITE_DOI_URL", help="DOI resolver base URL, for content negotiation."),
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



@cli.command()
@_ALLOW_REMOVALS
@click.pass_obj
def sync(data: DataDir, allow_removals: bool) -> None:
    """Add the list's new papers to references.bib and update their categories."""
    from medsegcite.bib import store
    from medsegcite.bib.sync import check_removals, sync as sync_entries

    catalog = data.catalog()
    stored = store.Store(data.store_path)  # the write merges with what others wrote meanwhile
    entries = stored.load() if stored.exists() else []
    synced, report = sync_entries(catalog, entries)
    check_removals(report, len(entries), allow_removals, data.list_path)
    synced = stored.save(synced)
    from medsegcite.listing.catalog import printable

    for line, path in catalog.placeholders:
        click.echo(f"{data.list_path}:{line}: empty placeholder under {printable('/'.join(path))} skipped", err=True)
    for line, text in catalog.unparsed:
        click.echo(f"{data.list_path}:{line}: not a paper entry, skipped: {printable(text)}", err=True)
    if report.removed:
        click.echo(f"removed (no longer in the list; kept in {store.REMOVED}): {', '.join(report.removed)}", err=True)
    click.echo(
        f"{len(synced)} papers in {data.store_path}: {len(report.added)} added, "
        f"{report.kept} kept, {len(report.removed)} removed"
    )


@cli.command()
@click.option("--format", "fmt", default="bibtex", show_default=True, help="bibtex, biblatex, csl-json or ris.")
@click.option("--category", "categories_", multiple=True, metavar="NAME", help="Only papers under this category (repeatable).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
@click.option("--aux", "aux_files", multiple=True, metavar="FILE.aux", help="Only what this LaTeX .aux cites (follows \\@input; repeatable).")
@click.option("--bcf", "bcf_files", multiple=True, metavar="FILE.bcf", help="Only what this biblatex .bcf cites (repeatable).")
@click.option("--keys", "key_lists", multiple=True, metavar="K1,K2,...", help="Only these citation keys (repeatable).")
@click.pass_obj
def export(data: DataDir, fmt: str, categories_: tuple[str, ...], output: str | None, aux_files=(), bcf_files=(), key_lists=()) -> None:
    """Export the references, whole or by category."""
    from medsegcite.bib import export as exporter

    fmt = _checked(fmt, exporter.FORMATS, output, data)
    if aux_files or bcf_files or key_lists:
        _export_cited(data, fmt, categories_, output, aux_files, bcf_files, key_lists)
        return
    entries = exporter.select(data.entries(), categories_)
    _emit(exporter.export(entries, fmt), output, f"{len(entries)} references")


MISSING_KEYS_EXIT = 3  # some cited keys are not in the store (the others were written)


def _export_cited(data: DataDir, fmt, categories_, output, aux_files, bcf_files, key_lists) -> None:
    """`export --aux/--bcf/--keys`: the entries a paper cites; each unknown key named, exit 3."""
    from medsegcite.bib import cited as cited_keys
    from medsegcite.bib import export as exporter

    cited = cited_keys.Cited()
    for path in aux_files:
        cited_keys.from_aux(path, cited)
    for path in bcf_files:
        cited_keys.from_bcf(path, cited)
    for text in key_lists:
        cited_keys.from_keys(text, cited)
    stored = data.entries()
    chosen, missing = cited_keys.select(stored, cited)
    if categories_:
        under = {e.key for e in exporter.select(stored, categories_)}
        chosen = [e for e in chosen if e.key in under]
    _emit(exporter.export(chosen, fmt), output, f"{len(chosen)} references")
    if missing:
        from medsegcite.bib.search import Index

        index = Index.for_store(data.store_path)
        for key in missing:
            near = cited_keys.closest(key, index)
            hint = "; closest: " + ", ".join(f"{k} ({title[:50]})" for k, title in near) if near else "; no key in it is close"
            click.echo(f"medsegcite: error: cited key {key!r} is not in {data.store_path}{hint}", err=True)
        click.echo(f"medsegcite: {len(missing)} of {len(missing) + len(chosen)} cited keys missing", err=True)
        sys.exit(MISSING_KEYS_EXIT)


@cli.command()
@click.option("--category", "categories_", multiple=True, metavar="NAME", help="Only papers under this category (repeatable).")
@click.option("--refresh", is_flag=True, help="Look up resolved papers again too (hand edits are kept).")
@_network_options
@_ALLOW_REMOVALS
@click.pass_obj
def resolve(data: DataDir, categories_, refresh, mailto, crossref_url, doi_url, no_cache, timeout, allow_removals) -> None:
    """Resolve the list's papers to full records through Crossref."""
    from medsegcite.crossref.run import run_resolve

    failed = run_resolve(data, categories_, refresh, mailto, crossref_url, doi_url, no_cache, timeout, allow_removals)
    if failed:
        sys.exit(1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per paper.")
@click.pass_obj
def status(data: DataDir, as_json: bool) -> None:
    """One row per paper: its key, state, DOI, score and source."""
    from medsegcite.crossref.run import status_rows, summary

    rows = status_rows(data)
    if as_json:
        import json

        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from medsegcite.listing.catalog import printable

    for row in rows:
        click.echo(printable(f"{row['origin']:<15} {row['key']:<28} {row['doi'] or '-':<34} {row['list_title'][:60]}"))
    click.echo(summary(rows))


@cli.command()
@click.pass_obj
def review(data: DataDir) -> None:
    """What waits for a human decision, with the top candidates and their scores."""
    from medsegcite.crossref.run import status_rows

    from medsegcite.listing.catalog import printable

    waiting = [row for row in status_rows(data) if row["state"] in ("review", "unresolved")]
    for row in waiting:  # what the list and the network wrote, printed inert
        click.echo(printable(f"{row['key']} [{row['state']}] {row['list_title']}"))
        if row.get("reason"):
            click.echo(printable(f"    {row['reason']}"))
        for doi, score in row.get("candidates", []):
            click.echo(printable(f"    {score:.2f}  {doi}"))
    click.echo(f"{len(waiting)} papers wait for a decision (pin a DOI or enter a record in {data.decisions_path})")


@cli.command()
@click.option("--style", metavar="NAME|PATH", help="A CSL style for every category [default: styles/styles.toml].")
@click.option("--category", "categories_", multiple=True, metavar="NAME", help="Only papers under this category (repeatable).")
@click.option("--format", "fmt", default="text", show_default=True, help="text, markdown or html.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
@click.option("--styles", "styles_dir", envvar="MEDSEGCITE_STYLES", metavar="DIR",
              help="Folder of styles.toml and your .csl files [default: the shipped styles/].")
@click.pass_obj
def render(data: DataDir, style, categories_, fmt, output, styles_dir) -> None:
    """Formatted reference lists, one per category, in CSL styles."""
    from medsegcite.bib import export
    from medsegcite.csl import output as documents

    fmt = _checked(fmt, documents.FORMATS, output, data)
    stored = data.entries()
    items = {item["id"]: item for item in export.csl_items(stored, cached=True)}
    warn = lambda message: click.echo(f"medsegcite: warning: {message}", err=True)  # noqa: E731
    sections = documents.sections(data.catalog(), stored, items, categories_, style, fmt, styles_dir, warn)
    count = sum(len(s.entries) for s in sections)
    listed = sum(1 for s in sections if s.entries)
    figure = ""
    if fmt == "html" and not categories_:  # the whole list: its papers per year (see `stats`)
        from medsegcite.listing import stats as counting

        figure = counting.html_figure(counting.compute(data.catalog(), stored))
    _emit(documents.document(sections, fmt, items, figure), output, f"{count} references in {listed} categories")


@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--category", "categories_", multiple=True, metavar="NAME", help="Only papers under this category (repeatable).")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="At most this many papers.")
@click.option("--format", "fmt", default="text", show_default=True, help="text, bibtex or json.")
@click.pass_obj
def search(data: DataDir, query, categories_, limit, fmt) -> None:
    """Find papers by title, author, year, venue, DOI or category words (typos forgiven)."""
    from medsegcite.bib import search as finder

    fmt = _checked(fmt, ("text", "bibtex", "json"), None)
    index = finder.Index.for_store(data.store_path)
    hits = index.search(" ".join(query), limit, finder.category_filter(index, categories_))
    if not hits:
        click.echo(f"medsegcite: nothing matches {' '.join(query)!r}", err=True)
        sys.exit(1)
    if fmt == "json":
        sys.stdout.write(finder.as_json(hits))
    elif fmt == "bibtex":
        from medsegcite.bib import export as exporter

        by_key = {e.key: e for e in data.entries()}
        sys.stdout.write(exporter.export([by_key[h.key] for h in hits], "bibtex"))
    else:
        for hit in hits:
            click.echo(finder.text_line(hit))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="The findings as a JSON array.")
@click.option("--github", is_flag=True, help="GitHub Actions annotations (::error file=...,line=...::).")
@click.option("-q", "--quiet", is_flag=True, help="Errors and warnings only, no notes.")
@click.option("--strict", is_flag=True, help="Warnings fail too.")
@click.pass_obj
def check(data: DataDir, as_json: bool, github: bool, quiet: bool, strict: bool) -> None:
    """Check the list: duplicates, links, store in step; errors exit 1."""
    from medsegcite.listing import check as checker

    findings = checker.check(data)
    shown = [f for f in findings if not (quiet and f.severity == "info")]
    if as_json:
        sys.stdout.write(checker.as_json(shown))
    else:
        for finding in shown:
            click.echo(finding.github() if github else finding.text())
        click.echo(f"{data.list_path}: {checker.summary(findings)}", err=True)
    failing = ("error", "warning") if strict else ("error",)
    if any(f.severity in failing for f in findings):
        sys.exit(1)


@cli.command()
@click.argument("paper", metavar="DOI|ARXIV-ID|URL|TITLE")
@click.option("--category", required=True, metavar="NAME", help="The category to list it under (name or path).")
@click.option("--title", metavar="TITLE", help="The title to list (needed when a link names no record).")
@click.option("--label", metavar="TEXT", help="The link's label in the list [default: the list's label for that site].")
@click.option("-y", "--yes", is_flag=True, help="Add without asking.")
@_network_options
@click.pass_obj
def add(data: DataDir, paper, category, title, label, yes, mailto, crossref_url, doi_url, no_cache, timeout) -> None:
    """Add a paper to the list under a category, resolved, and to the store."""
    from medsegcite.crossref.client import Client, Settings
    from medsegcite.listing import add as adder

    settings = Settings.from_env(
        mailto=mailto, crossref_url=crossref_url, doi_url=doi_url, timeout=timeout, cache_dir="" if no_cache else None
    )
    planned = adder.plan(data, category, paper, title, Client(settings), label=label)
    for line in adder.describe(planned):
        click.echo(line)
    click.echo(f"{data.list_path}:{planned.at} under {'/'.join(planned.path)}:\n  {planned.line.strip()}")
    if not yes and not click.confirm("Add it?", default=False, err=True):
        click.echo("nothing written", err=True)
        sys.exit(1)
    adder.write(data, planned)
    click.echo(f"added as {planned.new_key} ({planned.outcome.state}) to {data.list_path} and {data.store_path}")


@cli.command()
@click.option("--plot", "plot_file", type=click.Path(dir_okay=False), metavar="FILE.svg|FILE.png", help="Also draw papers per year, stacked by section.")
@click.option("--json", "as_json", is_flag=True, help="The figures as JSON.")
@click.pass_obj
def stats(data: DataDir, plot_file: str | None, as_json: bool) -> None:
    """The list at a glance: papers per category, year and venue; how each is known."""
    from medsegcite.listing import stats as counting

    if plot_file:
        _checked_output(plot_file, data)
    figures = counting.compute(data.catalog(), data.entries() if os.path.exists(data.store_path) else [])
    sys.stdout.write(counting.as_json(figures) if as_json else counting.text(figures))
    if plot_file:
        counting.plot(figures, plot_file)
        click.echo(f"plot written to {plot_file}", err=True)


@cli.command()
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False), metavar="DIR",
              help="The site's folder (new, empty, or a site built before: replaced whole).")
@click.option("--style", metavar="NAME|PATH", help="A CSL style for every category [default: styles/styles.toml].")
@click.option("--base-url", metavar="URL", help="Where the site will be published (its canonical address).")
@click.option("--styles", "styles_dir", envvar="MEDSEGCITE_STYLES", metavar="DIR",
              help="Folder of styles.toml and your .csl files [default: the shipped styles/].")
@click.pass_obj
def site(data: DataDir, out_dir: str, style, base_url, styles_dir) -> None:
    """The list as a static website to search, filter and cite from (GitHub Pages ready)."""
    from medsegcite import site as website

    warn = lambda message: click.echo(f"medsegcite: warning: {message}", err=True)  # noqa: E731
    papers, written = website.build(data, out_dir, style, styles_dir, base_url, warn)
    click.echo(f"site of {papers} papers ({written} files) written to {out_dir}", err=True)


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
    if fmt not in formats:
        raise MedsegciteError(f"unknown format {fmt!r}; choose one of {', '.join(formats)}")
    if output is not None:
        _checked_output(output, data)
    return fmt


def _checked_output(output: str, data: DataDir | None) -> None:
    """An output path the tool may write: its folder exists, and it is none of the data folder's files."""
    target = os.path.realpath(output)  # through symlinks
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise MedsegciteError(f"cannot write {output}: folder {os.path.dirname(os.path.abspath(output))} does not exist")
    if os.path.isdir(target):
        raise MedsegciteError(f"cannot write {output}: it is a folder")
    if data is not None:
        for protected in data.own_files():
            if _same_file(target, protected):
                raise MedsegciteError(f"refusing to write {output}: it is the data folder's {os.path.basename(protected)}")


def _same_file(a: str, b: str) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)  # hard links too
    except OSError:
        return False


def _emit(text: str, output: str | None, what: str) -> None:
    """stdout, or a file: atomically replaced when it is a regular file (nothing is left
    behind on failure), written in place when it is a device, a FIFO or /dev/stdout."""
    if output is None:
        sys.stdout.write(text)
        return
    from medsegcite.bib.store import atomic_write

    atomic_write(output, text)
    click.echo(f"{what} written to {output}", err=True)


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
