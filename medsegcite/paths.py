"""Where the data lives: the shipped `data/` or a folder the user names."""

from __future__ import annotations

import os
from functools import cached_property

from medsegcite.errors import MedsegciteError

# os.path, not pathlib: this module is on every command's start-up path and
# pathlib costs more to import than the whole of `export` needs.
PACKAGE = os.path.dirname(os.path.abspath(__file__))


def _shipped(name: str) -> str:
    """The folder shipped in the wheel, or the source tree's one when run from a checkout."""
    installed = os.path.join(PACKAGE, name)
    return installed if os.path.isdir(installed) else os.path.join(os.path.dirname(PACKAGE), name)


def default_data_dir() -> str:
    return _shipped("data")


def default_styles_dir() -> str:
    return _shipped("styles")


class DataDir:
    """A folder holding `list.md` (the curated list) and `references.bib` (the store)."""

    def __init__(self, root: str | os.PathLike):
        self.root = os.fspath(root)

    @property
    def list_path(self) -> str:
        return os.path.join(self.root, "list.md")

    @property
    def store_path(self) -> str:
        return os.path.join(self.root, "references.bib")

    @property
    def decisions_path(self) -> str:
        return os.path.join(self.root, "decisions.toml")

    def own_files(self) -> tuple[str, ...]:
        """Files no output may overwrite."""
        from medsegcite.bib.store import REMOVED

        return (self.list_path, self.store_path, self.decisions_path, os.path.join(self.root, REMOVED))

    def _check(self) -> None:
        if not os.path.isdir(self.root):
            raise MedsegciteError(f"data folder {self.root} does not exist")

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
