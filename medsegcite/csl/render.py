"""Formatted bibliographies: citeproc-py, with our fixes, driven for one list of items.

`styles.py` finds the style; `output.py` makes documents of what this renders.
The style-lookup names are re-exported here for callers of the render API.
"""

from __future__ import annotations

import os
from functools import lru_cache
from html import escape

from medsegcite.csl.styles import (  # noqa: F401  (the render API's names)
    Style,
    StyleChoice,
    StyleError,
    UnknownStyle,
    find_style,
    load_style_choice,
    style_names,
)


CSL_NS = "http://purl.org/net/xbiblio/csl"


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or "no message"
    return f"{type(error).__name__}: {text}"[:300]


def _checked_style_tree(path: str, name: str) -> None:
    """What citeproc-py would trip over later, named now: an unreadable, binary or
    non-XML file, XML that is not a CSL style, a style without a bibliography, and
    entity declarations (a style file is user input; entities could read local files)."""
    from lxml import etree

    from medsegcite import files

    try:  # a regular file of bounded size (a FIFO or a device is refused, not waited on)
        data = files.read_bytes(path)
    except OSError as error:
        raise StyleError(f"style {name!r}: cannot read {path} ({error.strerror or error})") from None
    if b"\0" in data[:4096]:
        raise StyleError(f"style {name!r}: a binary file, not a CSL style")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise StyleError(f"style {name!r}: not well-formed XML ({_one_line(error)})") from None
    if root is None or root.tag != f"{{{CSL_NS}}}style":
        tag = getattr(root, "tag", None)
        raise StyleError(f"style {name!r}: not a CSL style (root element {tag!r}, expected <style> in the CSL namespace)")
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or b"<!ENTITY" in data:
        raise StyleError(f"style {name!r}: declares a DTD or entities, which CSL styles never need")
    if root.find(f"{{{CSL_NS}}}bibliography/{{{CSL_NS}}}layout") is None:
        raise StyleError(f"style {name!r} has no bibliography (a citation-only style cannot render a reference list)")


@lru_cache(maxsize=32)
def _parsed_style(path: str, name: str = "", html: bool = False):
    """A parsed style, kept for the process: parsing a style and its locale dominates small jobs.
    HTML gets its own copy, whose affixes hold markup characters as placeholders (affix_markup)."""
    from citeproc import CitationStylesStyle

    from medsegcite.csl import fixes as csl_fixes

    if csl_fixes.installed_without() is None:
        csl_fixes.apply()
    _checked_style_tree(path, name or path)
    try:
        parsed = CitationStylesStyle(path, validate=False)
    except Exception as error:  # noqa: BLE001  (the engine's boundary: never a traceback)
        raise StyleError(f"style {name or path!r}: citeproc-py cannot load it ({_one_line(error)})") from None
    if html:
        from medsegcite.csl.fixes.affix_markup import hold_markup_characters

        hold_markup_characters(parsed.root)
    from medsegcite.csl.fixes.speed import attributes_read_from_a_dict

    attributes_read_from_a_dict(parsed)
    return parsed


PARALLEL_FROM = 400  # entries; below this, starting processes costs more than it saves
_engine = None  # the engine forked workers render from


def bibliography(items: list[dict], style: Style, fmt: str = "text", without=None) -> list[tuple[str, str]]:
    """(id, formatted entry) for every item, in the style's bibliography order.

    A style the engine cannot load or render raises StyleError naming the style and what
    failed: no exception of citeproc-py's (or of our fixes) escapes.
    `without`: names of fixes left out (default: MEDSEGCITE_CSL_WITHOUT, or what this
    process installed); a process that installed another set renders in a process of its
    own for it (fixes patch citeproc-py for the whole process). An unknown name, or a fix
    others need, raises fixes.compose.CompositionError."""
    return [(key, text) for key, text, _ in _rendered(items, style, fmt, without, False)]


def traced_bibliography(items: list[dict], style: Style, fmt: str = "text",
                        without=None) -> list[tuple[str, str, tuple[tuple[str, int], ...]]]:
    """As `bibliography`, each entry with the fixes whose code ran while it was rendered:
    ((fix, calls), ...) in the order of each fix's first call (fixes/trace.py). The
    output is the same; a process that installed the fixes untraced renders in a process of
    its own (tracing is decided when the fixes install, so the normal path pays nothing)."""
    return _rendered(items, style, fmt, without, True)


def _rendered(items: list[dict], style: Style, fmt: str, without, trace: bool):
    from medsegcite.csl import fixes as csl_fixes

    if without is not None or trace:
        without = None if without is None else frozenset(without)
        installed = csl_fixes.installed_without()
        if installed is None:
            csl_fixes.apply(without, trace=trace)
        elif (without is not None and installed != without) or (trace and not csl_fixes.installed_traced()):
            return _in_a_process_without(installed if without is None else without, items, style, fmt, trace)
    parsed = _parsed_style(style.path, style.name, fmt == "html")
    try:
        return _bibliography(items, style, parsed, fmt, trace)
    except StyleError:
        raise
    except Exception as error:  # noqa: BLE001  (the engine's boundary: never a traceback)
        raise StyleError(f"style {style.name!r} cannot be rendered: citeproc-py failed ({_one_line(error)})") from None
    finally:
        global _engine
        _engine = None
        csl_fixes.set_disambiguation({}, {}, False)
        csl_fixes.set_first_range(None, [], None, [], None)


def _bibliography(items: list[dict], style: Style, parsed, fmt: str, trace: bool = False):
    global _engine
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    from medsegcite.csl import fixes as csl_fixes
    from medsegcite.csl.fixes.sorting import citation_number_positions

    # The fixes below build new dicts, so CiteProcJSON never changes the caller's items.
    prepared = [csl_fixes.prepare_item(item) for item in items]
    if fmt == "html":
        # citeproc-py's HTML formatter escapes its own terms but not the items' values:
        # metadata from the network must not become markup.
        prepared = [_escaped(item) for item in prepared]
    engine = CitationStylesBibliography(parsed, CiteProcJSON(prepared), formatter.html if fmt == "html" else formatter.plain)
    # One citation of every item; registering them one by one checks each key
    # against a list of all before it (quadratic for long bibliographies).
    citation = Citation([CitationItem(item["id"]) for item in prepared])
    citation.bibliography = engine
    seen = set()
    for cite in citation.cites:
        if cite.key in engine.source and cite.key not in seen:
            seen.add(cite.key)
            engine.keys.append(cite.key)
            engine.items.append(cite)
    engine.sort()
    engine.positions = citation_number_positions(parsed.root, engine.keys)  # see csl_fixes
    _disambiguate(engine, parsed, prepared)
    # (the range citeproc-js renders first, in a citation as disambiguation compares it or in an entry)
    from medsegcite.csl.disambiguation_decided import _ambiguous_cite

    by_key = {item["id"].lower(): item for item in prepared}
    csl_fixes.set_first_range(parsed.root, [(item["id"].lower(), item) for item in prepared],
                              lambda key: _ambiguous_cite(engine, parsed, key, {}),
                              [(item.key, by_key[item.key]) for item in engine.items],
                              lambda key: engine.style.render_bibliography([engine.items[engine.keys.index(key)]]))
    _engine = engine
    if trace:  # (in this process: forked workers' counts would not come back)
        from medsegcite.csl.fixes import trace as traces

        with traces.entries(engine.items) as entries:
            texts = _render_slice((0, len(entries)), entries)
        calls = entries.traces()
    else:
        texts = _render_parallel(len(engine.items)) or _render_slice((0, len(engine.items)))
        calls = [()] * len(texts)
    _engine = None
    csl_fixes.set_disambiguation({}, {}, False)
    if fmt == "html":  # citeproc-js's HTML: "1ᵉʳ" as "1<sup>e</sup><sup>r</sup>"
        from medsegcite.csl.fixes.affix_markup import as_entities
        from medsegcite.csl.fixes.superscripts import superscripts_as_tags

        texts = [None if text is None else as_entities(superscripts_as_tags(text)) for text in texts]
    else:  # an entry's text ends where its last mark does (a `document` in IEEE: '”.' + ' ' of an empty group)
        texts = [None if text is None else text.strip() for text in texts]
    return [(key, text, traced) for key, text, traced in zip(engine.keys, texts, calls, strict=True)
            if text]  # None or "": nothing printed


_PROCESSES: dict = {}  # (the fixes left out, traced) -> the process rendering so


def _in_a_process_without(without: frozenset[str], items: list[dict], style: Style, fmt: str, trace: bool = False):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from medsegcite.csl import fixes as csl_fixes

    csl_fixes.checked(without)  # (named here, not in the process)
    if (without, trace) not in _PROCESSES:
        if not _PROCESSES:
            import atexit

            atexit.register(_processes_closed)
        _PROCESSES[without, trace] = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                                         initializer=csl_fixes.apply, initargs=(without, False, trace))
    return _PROCESSES[without, trace].submit(_rendered, items, style, fmt, without, trace).result()


def _processes_closed() -> None:
    while _PROCESSES:
        _PROCESSES.popitem()[1].shutdown()


def _disambiguate(engine, parsed, prepared: list[dict]) -> None:
    from medsegcite.csl import fixes as csl_fixes
    from medsegcite.csl import disambiguation_decided as disambiguation

    result = disambiguation.disambiguate(engine, parsed, {item["id"].lower(): item for item in prepared})
    # (citeproc-js puts the suffix on the citation label when the style prints one)
    places_suffix = bool(parsed.root.xpath_search("//cs:text[@variable='year-suffix' or @variable='citation-label']"))
    for key, letter in result.suffixes.items():
        engine.source[key].year_suffix = letter
    csl_fixes.set_disambiguation(result.names, result.suffixes, implicit_suffix=not places_suffix, condition=result.condition,
                                 givens=result.givens, register=result.register, initials=result.initials)


def _render_slice(bounds: tuple[int, int], items=None) -> list[str | None]:
    """Each entry of the slice, or None for one the style renders empty. citeproc-py's
    render_bibliography drops those, which would pair later keys with the wrong texts:
    when some are missing, each item alone tells which (the slice's texts are kept, since
    entries may depend on the one before, as subsequent-author-substitute does)."""
    start, stop = bounds
    items = _engine.items[start:stop] if items is None else items  # (given: trace.entries' list)
    texts = [str(entry) for entry in _engine.style.render_bibliography(items)]
    if len(texts) == len(items):
        return texts
    rendered = iter(texts)
    return [next(rendered) if _engine.style.render_bibliography([item]) else None for item in items]


def _render_parallel(count: int) -> list[str | None] | None:
    """Long bibliographies are rendered on every core: forked workers share the parsed
    style and the registered, sorted items, and each renders one slice in order."""
    if count < PARALLEL_FROM:
        return None
    import multiprocessing  # (not imported for short lists: a tenth of their time)

    # the cores this process may run on (taskset, cgroups), not the machine's
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    from concurrent.futures import ProcessPoolExecutor

    step = -(-count // cores)
    slices = [(start, min(start + step, count)) for start in range(0, count, step)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(len(slices), mp_context=context, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        return [text for part in pool.map(_render_slice, slices) for text in part]


def _die_with_parent(parent: int) -> None:
    """A worker's first act: ask the kernel to kill it when the parent dies (SIGTERM, kill -9,
    a crash), so no worker outlives a `render` (Linux: prctl PR_SET_PDEATHSIG)."""
    import signal
    import sys

    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _escaped(value, key: str = ""):
    """`value` (an item, or one of its values under `key`) with its strings escaped for
    HTML, but an id and a type, in new lists and dicts. (Speed: a string with nothing to
    escape is kept, an integer in a list is not passed down.)"""
    if isinstance(value, str):
        if key == "id" or key == "type" or not ("&" in value or "<" in value or ">" in value):
            return value
        return escape(value, quote=False)
    if isinstance(value, list):
        return [v if type(v) is int else _escaped(v, key) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v, k) for k, v in value.items()}
    return value
