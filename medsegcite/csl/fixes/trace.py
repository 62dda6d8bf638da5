"""Which fixes an entry's output passed through.

Tracing is decided when the fixes install (`fixes.apply(trace=True)`, which
`render.traced_bibliography` asks for): compose.py then wraps every function a fix
installed (plain, static, class method or property getter) in a recorder that counts a
call for its fix while an entry is being rendered. Without tracing nothing is wrapped,
so the normal path pays nothing.

An entry's rendering is found at the bibliography's per-item loop: `entries()` gives
`Layout.render_bibliography` the items as a list whose iteration marks each item as the
one being rendered until the loop moves on (whichever fix, or citeproc-py itself, owns
that loop). Calls outside the loop (sorting, disambiguation, the loop's own set-up) belong
to no entry. Attribute values that are no functions (a term, a dict) are left as they
are: what runs through them is not counted.
"""

from __future__ import annotations

import functools
import types
from contextlib import contextmanager

_calls: list[dict[str, int] | None] = [None]  # the entry being rendered: fix -> calls, in order of first call


def recorded(fix: str, value):
    """`value` (what fix `fix` installed on an attribute) with its calls counted for `fix`;
    a value that is no function or property as it is."""
    if isinstance(value, property):
        return property(recorded(fix, value.fget) if value.fget else None, value.fset, value.fdel, value.__doc__)
    if isinstance(value, (staticmethod, classmethod)):
        return type(value)(recorded(fix, value.__func__))
    if not isinstance(value, types.FunctionType):
        return value
    function = value

    @functools.wraps(function)
    def recorder(*args, **kwargs):
        calls = _calls[0]
        if calls is not None:
            calls[fix] = calls.get(fix, 0) + 1
        return function(*args, **kwargs)

    recorder.traced_fix = fix
    return recorder


def is_recorder(value) -> bool:
    """Whether `value` (an attribute's raw value) counts calls for a fix."""
    if isinstance(value, property):
        value = value.fget
    elif isinstance(value, (staticmethod, classmethod)):
        value = value.__func__
    return hasattr(value, "traced_fix")


class _Entries(list):
    """Items whose iteration marks the item reached as the entry being rendered."""

    def __init__(self, items):
        super().__init__(items)
        self.calls: list[dict[str, int]] = [{} for _ in range(len(self))]

    def __iter__(self):
        try:
            for index, item in enumerate(list.__iter__(self)):
                _calls[0] = self.calls[index]  # (a second pass over the items adds to the same counts)
                yield item
        finally:
            _calls[0] = None

    def traces(self) -> list[tuple[tuple[str, int], ...]]:
        """Per item: (fix, calls) in the order of each fix's first call."""
        return [tuple(calls.items()) for calls in self.calls]


@contextmanager
def entries(items):
    """`items` as the list to give `Layout.render_bibliography`; its `traces()` once done."""
    listed = _Entries(items)
    try:
        yield listed
    finally:
        _calls[0] = None
