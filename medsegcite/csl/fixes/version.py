"""The fixes replace citeproc-py internals (methods, attributes, call orders): they are
tested with one release series only, and another one could give wrong output quietly."""

from __future__ import annotations

from medsegcite.errors import MedsegciteError

# Keep in step with the citeproc-py requirement in pyproject.toml.
SUPPORTED = ">=0.11.1,<0.12"


class UnsupportedCiteproc(MedsegciteError):
    pass


def check_citeproc_version(installed: str | None = None) -> None:
    """Refuse to install the fixes on a citeproc-py they were not tested with."""
    from packaging.specifiers import SpecifierSet
    from packaging.version import InvalidVersion, Version

    if installed is None:
        import citeproc

        installed = str(getattr(citeproc, "__version__", "unknown"))
    try:
        fits = Version(installed) in SpecifierSet(SUPPORTED)
    except InvalidVersion:
        fits = False
    if not fits:
        raise UnsupportedCiteproc(
            f"citeproc-py {installed} is installed, but medsegcite's CSL fixes are tested with citeproc-py{SUPPORTED} "
            f"only; install that: pip install 'citeproc-py{SUPPORTED}'"
        )
