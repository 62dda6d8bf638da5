"""`subsequent-author-substitute`: a repeated author list printed as a dash (or the text
the style gives), as citeproc-js does and citeproc-py does not.

CSL 1.0.2: when an entry's first rendered name list equals the one of the entry before it,
`complete-all` (the default) prints the substitute instead of the whole list (a label
stays), `complete-each` replaces each name of such a list, `partial-each` replaces each
leading name the two entries share (of the names shown: et al. cuts the lists),
`partial-first` only the first of them. The list
compared is the first `cs:names` of the entry that prints names, also through
`cs:substitute` (where a variable printed instead of the names counts as the list); like citeproc-js, a complete rule compares the names as printed (without
their label, so an editor can follow the same person as author).
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from medsegcite.csl.fixes.state import variables as _variables

_active = threading.local()
_running = [0]  # entries being rendered with a substitute, in any thread: a cheap first test


class Substitution:
    """One bibliography's rendering: the name list of the entry before."""

    def __init__(self, text: str, rule: str):
        self.text = text
        self.rule = rule
        self.last_printed: str | None = None
        self.last_names: list | None = None
        self.done = self.busy = False
        self.printed: list[str] = []  # each name list the current cs:names printed
        self.shown: list = []  # the names each of them showed
        self.mode: tuple[str, int | None] | None = None  # how Name.process substitutes now

    @classmethod
    def start(cls, bibliography, citation_items, layout) -> "Substitution | None":
        text = bibliography.get("subsequent-author-substitute")
        if text is None:
            return None
        self = cls(text, bibliography.get("subsequent-author-substitute-rule", "complete-all"))
        self._follow_entry_before(citation_items, layout)
        return self

    def _follow_entry_before(self, citation_items, layout) -> None:
        """A slice of a long bibliography (rendered by a forked worker) starts after other
        entries: the one just before it decides whether its first entry is substituted."""
        if not citation_items:
            return
        first = citation_items[0]
        engine = getattr(first, "bibliography", None)
        positions = getattr(engine, "positions", None)
        index = positions.get(first.key) if positions else None
        if not index:
            return
        layout.repressed = {}
        with self.entry():
            layout.render_children(engine.items[index - 1])

    @contextmanager
    def entry(self):
        _active.current = self
        self.done = False
        _running[0] += 1
        try:
            yield
        finally:
            _running[0] -= 1
            _active.current = None


def subsequent_author_substitute() -> None:
    """Installed by the first style whose bibliography asks for it."""
    from medsegcite.csl.fixes import on_demand

    on_demand.when_style_has("//cs:bibliography[@subsequent-author-substitute]", _install)


def _install() -> None:
    from citeproc import model
    from citeproc.source import Name
    from citeproc.string import String

    original_names = model.Names.render

    def render_names(self, item, *args, **kwargs):
        state = getattr(_active, "current", None) if _running[0] else None
        if state is None or state.done or state.busy:
            return original_names(self, item, *args, **kwargs)
        roles = [role for role in self.get("variable", "").split() if role in item.reference]
        if not roles:  # the names come from cs:substitute, whose own cs:names decides
            return original_names(self, item, *args, **kwargs)
        state.busy, state.printed, state.shown = True, [], []
        repressed = _repressed(self, kwargs.get("context"))
        before = {tag: list(done) for tag, done in repressed.items()}
        try:
            text = original_names(self, item, *args, **kwargs)
            if text is None or not str(text):
                return text
            state.done = True
            # the names shown (et al. cuts the list), without the label
            printed, names = "|".join(state.printed), list(state.shown[0] if state.shown else item.reference[roles[0]])
            before_printed, before_names = state.last_printed, state.last_names
            state.last_printed, state.last_names = printed, names
            if before_printed is None:
                return text
            if state.rule in ("partial-each", "partial-first"):
                shared = 0
                for mine, theirs in zip(names, before_names or []):
                    # (the list before may be a text printed in place of names)
                    if not isinstance(theirs, dict) or dict(mine) != dict(theirs):
                        break
                    shared += 1
                count = min(shared, 1) if state.rule == "partial-first" else shared
                if not count:
                    return text
                state.mode = ("each", count)
            elif printed != before_printed:
                return text
            else:
                state.mode = ("each", None) if state.rule == "complete-each" else ("all", None)
            repressed.clear()  # rendered again: what the first rendering suppressed is not yet done
            repressed.update(before)
            return original_names(self, item, *args, **kwargs)
        finally:
            state.busy = False
            state.mode = None

    model.Names.render = render_names

    original_process = model.Name.process

    def process(self, item, variable, *args, **kwargs):
        state = getattr(_active, "current", None) if _running[0] else None
        mode = state.mode if state is not None else None
        if mode is None:
            printed = original_process(self, item, variable, *args, **kwargs)
            if state is not None and state.busy:
                state.printed.append(str(printed))
                state.shown.append(getattr(_variables, "names_shown", None) or ())
            return printed
        kind, count = mode
        if kind == "all":
            return String(state.text)
        reference = item.reference
        names = reference[variable]
        count = len(names) if count is None else count
        substitute = Name(literal=state.text)
        substitute.__dict__["substitute"] = True  # (HTML: printed without the name-parts' formatting, names_formatting.py)
        reference[variable] = [substitute] * count + list(names[count:])
        try:
            return original_process(self, item, variable, *args, **kwargs)
        finally:
            reference[variable] = names

    model.Name.process = process

    original_text = model.Text.render

    def render_text(self, item, *args, **kwargs):
        """A variable printed by cs:substitute in place of the names counts as the name list
        (a publisher, a title), as in citeproc-js."""
        state = getattr(_active, "current", None) if _running[0] else None
        if state is None or state.done or state.busy or self.get("variable") is None or not _in_substitute(self):
            return original_text(self, item, *args, **kwargs)
        text = original_text(self, item, *args, **kwargs)
        if text is None or not str(text):
            return text
        state.done = True
        printed = str(text)
        before = state.last_printed
        state.last_printed, state.last_names = printed, [printed]
        return String(state.text) if printed == before else text

    model.Text.render = render_text


def _repressed(element, context) -> dict:
    """The variables a cs:substitute has printed so far in this entry (tag -> names)."""
    try:
        return (element if context is None else context).get_layout().repressed
    except (AttributeError, IndexError):
        return {}


def _in_substitute(element) -> bool:
    return bool(element.xpath_search("./ancestor::cs:substitute"))


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    subsequent_author_substitute: {
        "wraps": ["citeproc.model.Name.process", "citeproc.model.Names.render", "citeproc.model.Text.render"],
        # it wraps names_affixes_not_around_substituted_text's Names.render
        "after": ["names_affixes_not_around_substituted_text", "display_wrappers"],
        # (it registers with on_demand, which that fix installs)
        "needs": ["install_fixes_styles_need"],
        "on_demand": True,
    },
}
