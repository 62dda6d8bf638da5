"""A `cs:names` whose `cs:substitute` prints a text, as citeproc-js prints it.

When the names are missing and the substitute that renders is not a `cs:names` (a term,
a title, a macro), citeproc-js prints that text without the affixes and formatting of
the `cs:names` element: `<names variable="author" suffix=". ">` with `<text macro="anon"/>`
as its substitute gives "Anon 2018", not "Anon. 2018". A substituted `cs:names` keeps
them ("Ed. 2018") when it is the shorthand `<names variable="editor"/>` (it takes the
parent's name, and its affixes); one with its own `cs:name` is a names element of its
own and prints with its own affixes only (de-buck's "Bankman, I. ed., Handbook", not
"ed., , Handbook"). citeproc-py wrapped every substitute in them.

And a substitute that prints no variable (a term, a fixed text) is no rendered variable:
the names were tried and missing, so the group or macro around them is suppressed
unless something else in it printed a variable (citeproc-js: cs:names marks a variable
attempt; a bare term marks none a success).
"""

from __future__ import annotations


def names_affixes_not_around_substituted_text() -> None:
    """Installed by the first style with a substitute that is not a shorthand `cs:names`."""
    from medsegcite.csl.fixes import on_demand

    on_demand.when_style_has("//cs:substitute//cs:*[not(self::cs:names) or cs:name]", _install)


def substituted_term_is_no_rendered_variable() -> None:
    """A cs:names whose names are missing counts as a rendered variable for its group or
    macro only when its substitute printed one (a title, other names, a macro that printed):
    `<macro name="author"><names variable="author"><substitute><text term="anonymous"/>`
    prints nothing for an author-less item, as in citeproc-js (citeproc-py: "Anonymous")."""
    from citeproc import model

    from medsegcite.csl.fixes import compose
    from medsegcite.csl.fixes.state import variables

    counted = model.Names.process  # group_needs_a_rendered_variable's counting process
    uncounted = compose.replaced("group_needs_a_rendered_variable", "citeproc.model.Names.process")

    def process(self, item, *args, **kwargs):
        reference = item.reference
        if any(role in reference for role in self.get("variable", "").split()):
            return counted(self, item, *args, **kwargs)
        # no names: a success only when something in the substitute succeeded (a variable
        # printed, a macro kept); a term alone is an attempt that printed nothing
        tried, succeeded = getattr(variables, "attempt", False), getattr(variables, "success", False)
        variables.attempt, variables.success = True, False
        try:
            text = uncounted(self, item, *args, **kwargs)
        except Exception:  # (VariableError: an attempt, as the counting process has it)
            variables.success = succeeded
            raise
        if text and variables.success:
            variables.attempt = tried
        variables.success = succeeded or bool(text and variables.success)
        return text

    model.Names.process = process


def substituted_variables_done_at_once() -> None:
    """A variable printed inside a cs:substitute is done at once: not printed again anywhere
    in the entry, the rest of the same substitute included, as citeproc-js's `done_vars`: a
    substitute macro that prints the editor with a label and then calls the editor again
    prints it once ("Doe ed.", not "Doe ed.Doe editor"). (The substitute's own repressing
    came only after its whole child had rendered.)"""
    from citeproc import model

    from medsegcite.csl.fixes.state import variables

    text_tag = f"{{{model.CitationStylesElement.nsmap['cs']}}}text"

    def done(context, names) -> None:
        try:
            repressed = context.get_layout().repressed
        except (AttributeError, IndexError):  # (no layout around it: nothing to repress)
            return
        repressed.setdefault(text_tag, []).extend(names)

    names_process = model.Names.process

    def process(self, item, *args, **kwargs):
        text = names_process(self, item, *args, **kwargs)
        if text and getattr(variables, "substituting", 0):
            reference = item.reference
            context = kwargs.get("context")
            done(self if context is None else context, [role for role in self.get("variable", "").split() if role in reference])
        return text

    model.Names.process = process
    text_variable = model.Text._variable

    def variable(self, item, context):
        text = text_variable(self, item, context)
        if text and getattr(variables, "substituting", 0):
            done(context if context is not None else self, [self.get("variable")])
        return text

    model.Text._variable = variable


def _install() -> None:
    from citeproc import model

    original = model.Names.render

    def render(self, item, *args, **kwargs):
        reference = item.reference
        if any(role in reference for role in self.get("variable", "").split()):
            return _marked(original(self, item, *args, **kwargs), own=self.name is not None)
        text = self.process(item, *args, **kwargs)  # the names are missing: the substitute's
        if text is None or (getattr(text, "names_rendered", False) and not getattr(text, "own_name", False)):
            return _marked(self.markup(text))
        return text  # a text, or names with their own cs:name, printed in place of the names: as it is

    model.Names.render = render


def _marked(text, own: bool = False):
    """`text` marked as what a `cs:names` printed (the substitute above it tells them apart),
    and whether that cs:names had a cs:name of its own."""
    if text is not None:
        try:
            text.names_rendered = True
            text.own_name = own
        except AttributeError:  # (a plain str cannot carry the mark; it then counts as text)
            pass
    return text


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    substituted_term_is_no_rendered_variable: {
        "wraps": ["citeproc.model.Names.process"],
        # it corrects that fix's counting, and calls the Names.process beneath its wrapper (compose.replaced)
        "after": ["group_needs_a_rendered_variable"],
        "needs": ["group_needs_a_rendered_variable"],
    },
    names_affixes_not_around_substituted_text: {
        "wraps": ["citeproc.model.Names.render"],
        "after": ["display_wrappers"],
        # (it registers with on_demand, which that fix installs)
        "needs": ["install_fixes_styles_need"],
        "on_demand": True,
    },
    substituted_variables_done_at_once: {
        "wraps": ["citeproc.model.Names.process", "citeproc.model.Text._variable"],
        # it wraps their Names.process and Text._variable, and reads substitute_suppresses_its_variables' counter
        "after": [
            "term_capitalized_at_entry_start",
            "number_ranges_with_en_dash",
            "substitute_suppresses_its_variables",
            "short_url_as_its_host",
        ],
    },
}
