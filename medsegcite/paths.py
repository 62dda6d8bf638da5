"""Where the data lives: one rule for every command.

1. `--data DIR` (before or after the command) or `MEDSEGCITE_DATA`: that folder.
2. Else `./data`, when it holds a `list.md` (a clone of the repository, or a
   folder made by `medsegcite init data`).
3. Else the data shipped with the package, read-only: commands that write
   (sync, resolve, add) refuse it and say how to start your own folder.
"""

from __future__ import annotations

import os
from functools import cached_property

from medsegcite.errors import MedsegciteError

# os.path, not pathlib: this module is on every command's start-up path and
# pathlib costs more to import than the whole of `export` needs.
PACKAGE = os.path.dirname(os.path.abspath(__file__))
DATA_FILES = ("list.md", "references.bib", "decisions.toml")
EMPTY_LIST = """# My reading list

## A section

### A category

- [A paper's title] [[doi]](https://doi.org/10.1000/182)
"""


def _shipped(name: str) -> str:
    """The folder shipped in the wheel, or the source tree's one when run from a checkout."""
    installed = os.path.join(PACKAGE, name)
    return installed if os.path.isdir(installed) else os.path.join(os.path.dirname(PACKAGE), name)


def default_data_dir() -> str:
    return _shipped("data")


def default_styles_dir() -> str:
    return _shipped("styles")


class ReadOnlyData(MedsegciteError):
    """A write asked of the shipped data."""


def shown(path: str) -> str:
    """A path as messages print it: relative when it is below the working folder, the
    shipped data or styles as `<shipped data>/list.md` (not a site-packages path),
    else as given."""
    absolute = os.path.abspath(path)
    here = os.path.relpath(absolute)
    for name in ("data", "styles"):
        shipped = os.path.abspath(_shipped(name))
        in_checkout = shipped != os.path.join(PACKAGE, name)  # run from a source tree: plain data/ there
        if (absolute == shipped or absolute.startswith(shipped + os.sep)) and not (in_checkout and not here.startswith(os.pardir)):
            inside = os.path.relpath(absolute, shipped)
            return f"<shipped {name}>" + ("" if inside == os.curdir else "/" + inside)
    return path if here.startswith(os.pardir) else here


def choose_data_dir(explicit: str | None, cwd: str | None = None) -> DataDir:
    """The data folder by the rule above (`explicit`: --data or MEDSEGCITE_DATA)."""
    if explicit:
        return DataDir(explicit)
    local = os.path.join(cwd or os.curdir, "data")
    if os.path.isfile(os.path.join(local, "list.md")):
        return DataDir(os.path.relpath(local) if cwd is None else local)
    return DataDir(default_data_dir(), read_only=True)


def init_data_dir(target: str, empty: bool = False) -> list[str]:
    """Start a data folder: a copy of the shipped list, store and decisions, or (`empty`)
    a one-paper example list. Never overwrites: a folder holding any of them is refused."""
    present = [name for name in DATA_FILES if os.path.lexists(os.path.join(target, name))]
    if present:
        raise MedsegciteError(f"{shown(target)} already holds {', '.join(present)}; nothing was written")
    if os.path.exists(target) and not os.path.isdir(target):
        raise MedsegciteError(f"{shown(target)} exists and is not a folder")
    os.makedirs(target, exist_ok=True)
    written = []
    if empty:
        with open(os.path.join(target, "list.md"), "x", encoding="utf-8") as stream:
            stream.write(EMPTY_LIST)
        written.append("list.md")
    else:
        import shutil  # not on every command's start-up path

        for name in DATA_FILES:
            source = os.path.join(default_data_dir(), name)
            if os.path.isfile(source):
                shutil.copyfile(source, os.path.join(target, name))
                written.append(name)
    return written


def check_output(output: str, data: DataDir | None = None) -> None:
    """An output path the tool may write: its folder exists, it is no folder, and it is
    none of the data folder's own files (through symbolic and hard links)."""
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


class DataDir:
    """A folder holding `list.md` (the curated list) and `references.bib` (the store)."""

    def __init__(self, root: str | os.PathLike, read_only: bool = False):
        self.root = os.fspath(root)
        self.read_only = read_only

    @property
    def list_path(self) -> str:
        return os.path.join(self.root, "list.md")

    @property
    def store_path(self) -> str:
        return os.path.join(self.root, "references.bib")

    @property
    def decisions_path(self) -> str:
        return os.path.join(self.root, "decisions.toml")

    def shown(self, path: str | None = None) -> str:
        """The folder (or one of its files) as messages print it."""
        return shown(path or self.root)

    def writable(self, command: str) -> DataDir:
        """This folder, once it is one the user may write (not the shipped data)."""
        if self.read_only:
            raise ReadOnlyData(
                f"`{command}` would change the shipped data, which is read-only; start your own folder with "
                "`medsegcite init data` (a copy of the shipped list) and run from where data/ is, or pass --data DIR"
            )
        return self

    def own_files(self) -> tuple[str, ...]:
        """Files no output may overwrite."""
        from medsegcite.bib.store import REMOVED

        return (self.list_path, self.store_path, self.decisions_path, os.path.join(self.root, REMOVED))

    def _check(self) -> None:
        if not os.path.isdir(self.root):
            raise MedsegciteError(f"data folder {self.root} does not exist")

    def checked(self) -> DataDir:
        """This folder, once it exists."""
        self._check()
        return self

    @cached_property
    def _catalog(self):
        from medsegcite.listing.catalog import load_list

        self._check()
        return load_list(self.list_path)

    def catalog(self):
        return self._catalog

    def entries(self):
        from medsegcite.bib import store

        self._check()
        return store.load(self.store_path)
