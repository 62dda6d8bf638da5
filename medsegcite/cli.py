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
    catalog = data.catalog()
    for node in catalog.nodes():
        count = len(catalog.papers_under(node))
        extra = f"; {len(node.placeholders)} empty placeholders" if node.placeholders else ""
        click.echo(f"{'  ' * (len(node.path) - 1)}{node.name} ({count}{extra})")
    shared = sum(1 for p in catalog.papers if len(p.paths) > 1)
    click.echo(
        f"{len(catalog.papers)} distinct papers in {len(catalog.entries)} list items; "
        f"{len(catalog.placeholders)} empty placeholders skipped; "
        f"{shared} papers listed under more than one category"
    )


@cli.command()
@click.pass_obj
def sync(data: DataDir) -> None:
    """Add the list's new papers to references.bib and update their categories."""
    from medsegcite.bib import store
    from medsegcite.bib.sync import sync as sync_entries

    catalog = data.catalog()
    entries = data.entries() if os.path.exists(data.store_path) else []
    synced, report = sync_entries(catalog, entries)
    store.save(data.store_path, synced)
    for line, path in catalog.placeholders:
        click.echo(f"{data.list_path}:{line}: empty placeholder under {'/'.join(path)} skipped", err=True)
    for line, text in catalog.unparsed:
        click.echo(f"{data.list_path}:{line}: not a paper entry, skipped: {text}", err=True)
    if report.removed:
        click.echo(f"removed (no longer in the list): {', '.join(report.removed)}", err=True)
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

    fmt = _checked(fmt, exporter.FORMATS, output)
    entries = exporter.select(data.entries(), categories_)
    _emit(exporter.export(entries, fmt), output, f"{len(entries)} references")


@cli.command()
@click.option("--category", "categories_", multiple=True, metavar="NAME", help="Only papers under this category (repeatable).")
@click.option("--refresh", is_flag=True, help="Look up resolved papers again too (hand edits are kept).")
@click.option("--mailto", envvar="MEDSEGCITE_MAILTO", help="Your e-mail, for Crossref's polite pool.")
@click.option("--crossref-url", envvar="MEDSEGCITE_CROSSREF_URL", help="Crossref REST API base URL (or a mirror).")
@click.option("--doi-url", envvar="MEDSEGCITE_DOI_URL", help="DOI resolver base URL, for content negotiation.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the response cache.")
@click.option("--timeout", type=click.FloatRange(min=0.1), help="Seconds to wait for one response [default: 10].")
@click.pass_obj
def resolve(data: DataDir, categories_, refresh, mailto, crossref_url, doi_url, no_cache, timeout) -> None:
    """Resolve the list's papers to full records through Crossref."""
    from medsegcite.crossref.run import run_resolve

    failed = run_resolve(data, categories_, refresh, mailto, crossref_url, doi_url, no_cache, timeout)
    if failed:
        sys.exit(1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per paper.")
@click.pass_obj
def status(data: DataDir, as_json: bool) -> None:
    """One row per paper: its key, state, DOI, score and source."""
    from medsegcite.crossref.run import status_rows

    rows = status_rows(data)
    if as_json:
        import json

        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['state']:<10} {row['key']:<28} {row['doi'] or '-':<34} {row['list_title'][:60]}")
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["state"]] = counts.get(row["state"], 0) + 1
    click.echo(f"{len(rows)} papers: " + ", ".join(f"{n} {state}" for state, n in sorted(counts.items())))


@cli.command()
@click.pass_obj
def review(data: DataDir) -> None:
    """What waits for a human decision, with the top candidates and their scores."""
    from medsegcite.crossref.run import status_rows

    waiting = [row for row in status_rows(data) if row["state"] in ("review", "unresolved")]
    for row in waiting:
        click.echo(f"{row['key']} [{row['state']}] {row['list_title']}")
        if row.get("reason"):
            click.echo(f"    {row['reason']}")
        for doi, score in row.get("candidates", []):
            click.echo(f"    {score:.2f}  {doi}")
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

    fmt = _checked(fmt, documents.FORMATS, output)
    stored = data.entries()
    items = {item["id"]: item for item in export.csl_items(stored)}
    warn = lambda message: click.echo(f"medsegcite: warning: {message}", err=True)  # noqa: E731
    sections = documents.sections(data.catalog(), stored, items, categories_, style, fmt, styles_dir, warn)
    count = sum(len(s.entries) for s in sections)
    listed = sum(1 for s in sections if s.entries)
    _emit(documents.document(sections, fmt, items), output, f"{count} references in {listed} categories")


def _checked(fmt: str, formats: tuple[str, ...], output: str | None) -> str:
    """The format, lower-cased, once it and the output folder are known good."""
    fmt = fmt.lower()
    if fmt not in formats:
        raise MedsegciteError(f"unknown format {fmt!r}; choose one of {', '.join(formats)}")
    folder = os.path.dirname(os.path.abspath(output)) if output else None
    if folder is not None and not os.path.isdir(folder):
        raise MedsegciteError(f"cannot write {output}: folder {folder} does not exist")
    return fmt


def _emit(text: str, output: str | None, what: str) -> None:
    """stdout, or a file written atomically (nothing is left behind on failure)."""
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
