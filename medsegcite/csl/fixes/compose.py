"""The fixes composed: each fix module declares, next to its fixes, what each one wraps
(citeproc-py attributes, "citeproc.model.Names.process") and which fixes it must follow;
this module orders them, refuses an order nobody declared, and installs them.

- The `DECLARED` table at the bottom of each fix module: for each fix, `wraps` (the
  attributes it replaces), `after` (fixes installed before it: it wraps what they
  installed, or reads it), `needs` (fixes it cannot work without, in any order: leaving
  one out then needs it left out too), `on_demand` (it registers with on_demand.when_style_has).
- `ordered()`: a topological sort over the "after" relations, stable by the order of
  `FIXES` in `fixes/__init__.py`; a cycle or two fixes wrapping one attribute with no
  declared order between them is a `CompositionError`.
- `install()`: each fix in that order, checked: a fix that replaces nothing it declared
  is an error, and what each replaced is recorded (`replaced()`, `chains()`), so a fix
  that needs the method beneath another fix asks for it here.
- Fixes registered with `on_demand` install when a style first needs them, always above
  the fixes installed up front; one declared after another on-demand fix installs that
  one first.
- `MEDSEGCITE_CSL_WITHOUT=name[,name]` (or `fixes.apply(without=...)`, `render.bibliography(...,
  without=...)`) leaves fixes out: they are never installed in that process (docs/csl.md).
- `bypassed()`: a wrapper with nothing to do for an element may let that element call the
  method beneath it directly; any later install undoes that.
- `install(..., trace=True)` puts each replacement in trace.py's recorder as it installs, so a
  render can tell which fixes ran for each entry (`render.traced_bibliography`); without it
  nothing is wrapped.

`python -m medsegcite.csl.fixes` lists the fixes in the order they install; with `--chains`
it prints every patched attribute of citeproc-py and lxml with the fixes that replaced it,
innermost first (what tests/csl/fixes/test_compose.py pins), after a full audit: any
attribute a fix changes without declaring it is an error.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass

from medsegcite.errors import MedsegciteError

ENV = "MEDSEGCITE_CSL_WITHOUT"


class CompositionError(MedsegciteError):
    """The declared fixes cannot be put together (one line naming the fixes)."""


@dataclass(frozen=True)
class Fix:
    name: str
    install: object  # () -> None
    wraps: tuple[str, ...] = ()  # "module.Class.attribute" it replaces
    after: tuple[str, ...] = ()  # fixes installed before it
    needs: tuple[str, ...] = ()  # fixes it cannot work without (in any order, unless also `after`)
    on_demand: bool = False  # it registers with on_demand: it replaces what it wraps when a style needs it


_KEYS = {"wraps", "after", "needs", "on_demand"}
_DECLARED: dict[str, Fix] = {}  # name -> declaration, of the fixes installed


def declaration(install) -> Fix:
    """The fix `install` as its module's `DECLARED` table describes it (keyed by the
    function; values: wraps, after, needs, on_demand)."""
    name = getattr(install, "__name__", repr(install))
    table = getattr(sys.modules.get(getattr(install, "__module__", ""), None), "DECLARED", None)
    entry = table.get(install) if isinstance(table, dict) else None
    if not isinstance(entry, dict):
        raise CompositionError(f"fix {name} declares nothing (an entry in its module's DECLARED table)")
    unknown = set(entry) - _KEYS
    if unknown:
        raise CompositionError(f"fix {name} declares {sorted(unknown)[0]!r}, which is none of {sorted(_KEYS)}")
    return Fix(name, install, tuple(entry.get("wraps", ())), tuple(entry.get("after", ())), tuple(entry.get("needs", ())),
               bool(entry.get("on_demand", False)))


def ordered(base: list) -> list[Fix]:
    """The fixes of `base` (installers, or `Fix`es, in the reference order) sorted so every
    fix comes after those it declares; among free ones, the order of `base`. A
    `CompositionError` for an undeclared fix, an unknown name, a cycle, or an undeclared
    order on a shared attribute."""
    fixes = [fix if isinstance(fix, Fix) else declaration(fix) for fix in base]
    rank = {fix.name: index for index, fix in enumerate(fixes)}
    for fix in fixes:
        for other in fix.after:
            if other not in rank:
                raise CompositionError(f"fix {fix.name} is declared after {other}, which is no fix of FIXES")
        for other in fix.needs:
            if other not in rank:
                raise CompositionError(f"fix {fix.name} is declared to need {other}, which is no fix of FIXES")
    placed: list[Fix] = []
    done: set[str] = set()
    waiting = list(fixes)
    while waiting:
        ready = next((fix for fix in waiting if all(other in done for other in fix.after)), None)
        if ready is None:
            raise CompositionError(f"the fixes' declared order has a cycle: {' -> '.join(_cycle(waiting, done))}")
        waiting.remove(ready)
        placed.append(ready)
        done.add(ready.name)
    _check_shared(placed)
    return placed


def _cycle(waiting: list[Fix], done: set[str]) -> list[str]:
    by_name = {fix.name: fix for fix in waiting}
    path = [waiting[0].name]
    while True:
        following = next(other for other in by_name[path[-1]].after if other not in done)
        if following in path:
            return [*path[path.index(following):], following][::-1]
        path.append(following)


def _check_shared(placed: list[Fix]) -> None:
    """Two fixes replacing one attribute must have a declared order (directly or through
    others): otherwise the chain would follow whatever order FIXES happens to list."""
    before: dict[str, set[str]] = {}
    for fix in placed:
        before[fix.name] = set(fix.after).union(*(before[other] for other in fix.after))
    on_demand = {fix.name for fix in placed if fix.on_demand}
    by_name = {fix.name: fix for fix in placed}
    wrapping: dict[str, list[str]] = {}
    # in the order they replace attributes: on-demand fixes above every other (they install later)
    for fix in sorted(placed, key=lambda fix: fix.on_demand):
        for attribute in fix.wraps:
            for other in wrapping.get(attribute, ()):
                if (other in on_demand) == (fix.name in on_demand) and other not in before[fix.name]:
                    raise CompositionError(f"fixes {other} and {fix.name} both wrap {attribute} and neither is declared "
                                           "after the other")
            wrapping.setdefault(attribute, []).append(fix.name)
    for fix in placed:
        late = [other for other in sorted(before[fix.name]) if other in on_demand and not fix.on_demand]
        shared = [other for other in late if set(by_name[other].wraps) & set(fix.wraps)]
        if shared:
            raise CompositionError(f"fix {fix.name} is declared after {shared[0]}, which installs only when a style needs "
                                   "it (above every other fix)")


# What each installed fix replaced: attribute -> [(fix, value before, value after)], innermost first.
_CHAINS: dict[str, list[tuple[str, object, object]]] = {}
_installing: list[str] = []  # the fix being installed (on-demand registrations belong to it)
_on_demand: dict[str, object] = {}  # fix -> its deferred install, once registered
_on_demand_done: set[str] = set()
_order: dict[str, int] = {}  # fix -> its place in the installed order
_auditing = [False]  # on-demand fixes audited too (audited_chains)
_tracing = [False]  # each replacement wrapped in a call recorder (trace.py) as it installs


def needed_by(fixes: list[Fix], without: frozenset[str]) -> None:
    """A `CompositionError` when a fix left out is needed by one kept."""
    for name in sorted(without):
        needing = [fix.name for fix in fixes if name in fix.needs and fix.name not in without]
        if needing:
            raise CompositionError(f"fix {name} is needed by {', '.join(needing)}: leave {'those' if len(needing) > 1 else 'it'} "
                                   "out too")


def install(fixes: list[Fix], without: frozenset[str] = frozenset(), audit: bool = False, trace: bool = False) -> None:
    """Install `fixes` (as `ordered` returns them) except those in `without`; with `trace`,
    each replacement counting its calls (trace.py)."""
    needed_by(fixes, without)
    _tracing[0] = trace
    kept = [fix for fix in fixes if fix.name not in without]
    _DECLARED.update({fix.name: fix for fix in kept})
    _order.update({fix.name: index for index, fix in enumerate(kept)})
    for fix in kept:
        _installed(fix, fix.install, audit)


def _installed(fix: Fix, install, audit: bool) -> None:
    owners = {attribute: _owner(attribute) for attribute in fix.wraps}
    old = {attribute: _value(owner, attribute) for attribute, owner in owners.items()}
    seen = _snapshot() if audit else None
    _installing.append(fix.name)
    try:
        install()
    finally:
        _installing.pop()
    _bypasses_undone()  # (what a bypass skipped may now be wrapped)
    registering = fix.on_demand and install is fix.install  # (it replaces what it wraps once a style needs it)
    if install is fix.install and (fix.name in _on_demand) != fix.on_demand:
        raise CompositionError(f"fix {fix.name} is declared {'' if fix.on_demand else 'not '}on demand but "
                               f"{'did not register' if fix.on_demand else 'registered'} with on_demand")
    if audit:
        changed = sorted(key for key, value in _snapshot().items() if seen.get(key, _ABSENT) is not value)
        undeclared = [key for key in changed if registering or key not in fix.wraps]
        if undeclared:
            raise CompositionError(f"fix {fix.name} replaced {undeclared[0]}, which it does not declare"
                                   + (" (before a style needs it)" if registering else ""))
    if registering:
        return
    for attribute, owner in owners.items():
        new = _value(owner, attribute)
        if new is old[attribute]:
            raise CompositionError(f"fix {fix.name} is declared to wrap {attribute} but did not replace it")
        if _tracing[0]:
            new = _traced(fix.name, owner, attribute, new)
        _CHAINS.setdefault(attribute, []).append((fix.name, old[attribute], new))


# Elements given a bypass (`bypassed`): (element, attribute), undone whenever a fix installs.
_BYPASSES: list = []


def bypassed(element, name: str, wrapper, beneath) -> None:
    """Speed: `element.<name>` answers `beneath` (the method `wrapper` calls) from now on,
    for a `wrapper` that found it has nothing to do for this element (a fact of the style,
    which does not change while it renders). Only while `wrapper` is what the element's
    class answers (no fix above it, no trace recorder); any fix installed later undoes every
    bypass, so a new wrapper is never skipped."""
    if getattr(type(element), name, None) is not wrapper:
        return
    element.__dict__[name] = beneath.__get__(element)
    _BYPASSES.append((element, name))


def _bypasses_undone() -> None:
    while _BYPASSES:
        element, name = _BYPASSES.pop()
        element.__dict__.pop(name, None)


def _traced(name: str, owner, attribute: str, value):
    """`value` put back on `owner` in a recorder counting its calls for fix `name`."""
    from medsegcite.csl.fixes import trace

    recorder = trace.recorded(name, value)
    if recorder is not value:
        setattr(owner, attribute.rsplit(".", 1)[1], recorder)
    return recorder


def deferred(install):
    """`install` (a fix's on-demand part, given to on_demand.when_style_has) as the fix that
    registered it: run once, checked and recorded, after the on-demand fixes declared before it."""
    name = _installing[-1] if _installing else None
    if name is None or name not in _DECLARED:
        return install
    fix = _DECLARED[name]

    def installed():
        if name in _on_demand_done:
            return
        _on_demand_done.add(name)
        for other in fix.after:
            if other in _on_demand and other in _order:
                _on_demand[other]()
        _installed(fix, install, _auditing[0])

    _on_demand[name] = installed
    return installed


def replaced(fix: str, attribute: str):
    """What `fix` replaced on `attribute` (the method beneath its wrapper), for a fix
    declared after it that needs the unwrapped one."""
    for name, before, _after in _CHAINS.get(attribute, ()):
        if name == fix:
            return before
    raise CompositionError(f"fix {fix} did not replace {attribute} (is it installed?)")


def chains() -> dict[str, list[str]]:
    """attribute -> the fixes that replaced it, innermost first."""
    return {attribute: [name for name, _, _ in chain] for attribute, chain in sorted(_CHAINS.items())}


def without_from(text: str | None, known: list[str], source: str = ENV) -> frozenset[str]:
    """The fix names of a comma-separated list, checked (one-line `CompositionError`)."""
    names = [name.strip() for name in (text or "").split(",") if name.strip()]
    for name in names:
        if name not in known:
            raise CompositionError(f"{source}: no fix named {name!r} (python -m medsegcite.csl.fixes lists them)")
    return frozenset(names)


def _owner(attribute: str):
    """The module or class holding "package.module.Class.attribute"."""
    path = attribute.rsplit(".", 1)[0].split(".")
    for cut in range(len(path), 0, -1):
        module_name = ".".join(path[:cut])
        try:
            owner = importlib.import_module(module_name)
        except ImportError:
            continue
        for part in path[cut:]:
            owner = getattr(owner, part)
        return owner
    raise CompositionError(f"{attribute}: no such module")


_ABSENT = object()


def _value(owner, attribute: str):
    return vars(owner).get(attribute.rsplit(".", 1)[1], _ABSENT)


def _snapshot() -> dict[str, object]:
    """Every attribute of citeproc-py's modules and classes, and of lxml's element classes."""
    import inspect

    from lxml import etree

    owners = [("lxml.etree.ElementBase", etree.ElementBase), ("lxml.etree._Element", etree._Element)]
    for name, module in list(sys.modules.items()):
        if name == "citeproc" or name.startswith("citeproc."):
            owners.append((name, module))
            owners += [(f"{name}.{key}", value) for key, value in list(vars(module).items())
                       if inspect.isclass(value) and value.__module__ == name]
    return {f"{name}.{key}": value for name, owner in owners for key, value in list(vars(owner).items())}


def audited_chains(apply) -> dict[str, list[str]]:
    """Every fix installed in a fresh process with the full audit, the on-demand ones too;
    `apply` is `fixes.apply` (passed in: the package imports this module, not the reverse)."""
    import pkgutil

    import citeproc

    for module in pkgutil.walk_packages(citeproc.__path__, "citeproc."):
        importlib.import_module(module.name)  # (all of citeproc-py in the snapshot from the start)
    _auditing[0] = True
    apply(without=frozenset(), audit=True)
    for name in sorted(_on_demand, key=_order.__getitem__):
        _on_demand[name]()
    return chains()
