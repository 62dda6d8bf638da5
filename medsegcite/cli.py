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
@click.pass_obj
def export(data: DataDir, fmt: str, categories_: tuple[str, ...], output: str | None) -> None:
    """Export the references, whole or by category."""
    from medsegcite.bib import export as exporter

    fmt = _checked(fmt, exporter.FORMATS, output, data)
    entries = exporter.select(data.entries(), categories_)
    _emit(exporter.export(entries, fmt), output, f"{len(entries)} references")


@cli.command()
@click.option("--category", "categories_", multiple=True, metavar="NAME", help="Only papers under this category (repeatable).")
@click.option("--refresh", is_flag=True, help="Look up resolved papers again too (hand edits are kept).")
@click.option("--mailto", envvar="MEDSEGCITE_MAILTO", help="Your e-mail, for Crossref's polite pool.")
@click.option("--crossref-url", envvar="MEDSEGCITE_CROSSREF_URL", help="Crossref REST API base URL (or a mirror).")
@click.option("--doi-url", envvar="MEDSEGCITE_DOI_URL", help="DOI resolver base URL, for content negotiation.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the response cache.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1, max=3600),
    callback=lambda _ctx, _param, value: _finite(value, "--timeout"),
    help="Seconds one whole response may take [default: 10].",
)
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
@click.pass_obj
def render(data: DataDir, style, categories_, fmt, output) -> None:
    """Formatted reference lists, one per category, in CSL styles."""
    from medsegcite.bib import export
    from medsegcite.csl import render as renderer

    fmt = _checked(fmt, renderer.FORMATS, output, data)
    stored = data.entries()
    items = {item["id"]: item for item in export.csl_items(stored)}
    sections = renderer.sections(data.catalog(), stored, items, categories_, style, fmt)
    count = sum(len(s.entries) for s in sections)
    listed = sum(1 for s in sections if s.entries)
    _emit(renderer.document(sections, fmt, items), output, f"{count} references in {listed} categories")


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
    if output is None:
        return fmt
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
    return fmt


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
