"""Where the data lives: the shipped `data/` or a folder the user names."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from .errors import MedsegciteError

PACKAGE = Path(__file__).resolve().parent


def default_data_dir() -> Path:
    """The data shipped in the wheel, or the source tree's `data/` when run from a checkout."""
    installed = PACKAGE / "data"
    return installed if installed.is_dir() else PACKAGE.parent / "data"


def default_styles_dir() -> Path:
    installed = PACKAGE / "styles"
    return installed if installed.is_dir() else PACKAGE.parent / "styles"


class DataDir:
    """A folder holding `list.md` (the curated list) and `references.bib` (the store)."""

    def __init__(self, root: Path):
        self.root = Path(root)

    @property
    def list_path(self) -> Path:
        return self.root / "list.md"

    @property
    def store_path(self) -> Path:
        return self.root / "references.bib"

    def _check(self) -> None:
        if not self.root.is_dir():
            raise MedsegciteError(f"data folder {self.root} does not exist")

    @cached_property
    def _catalog(self):
        from .catalog import load_list

        self._check()
        return load_list(self.list_path)

    def catalog(self):
        return self._catalog

    def entries(self):
        from . import store

        self._check()
        return store.load(self.store_path)
