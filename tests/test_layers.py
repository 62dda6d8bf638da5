"""The package's structure: every import runs down the layers declared in pyproject.toml
([tool.importlinter], the one place the order is written), no two sibling modules or
packages import each other in a circle (import-linter runs both contracts), and no module
reaches itself through its imports, not even through a package's `__init__` (grimp)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_imports_run_down_the_layers_and_siblings_import_in_no_circle(capsys):
    from importlinter import configuration
    from importlinter.application.use_cases import lint_imports

    configuration.configure()  # (what the lint-imports command does first)
    kept = lint_imports(config_filename=str(ROOT / "pyproject.toml"), cache_dir=None, no_logo=True)
    assert kept, capsys.readouterr().out  # the report names each import that breaks a contract


def test_no_module_imports_itself_through_others():
    import grimp

    graph = grimp.build_graph("medsegcite", cache_dir=None)
    circles = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                circles.append(" -> ".join((importer,) + tuple(back)))
    assert not circles, "import circles:\n" + "\n".join(circles)
