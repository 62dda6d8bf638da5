"""What suppresses output: a `cs:group` with no rendered variable, a `cs:substitute`'s variables printed once."""

from __future__ import annotations

from medsegcite.csl.fixes.state import variables as _variables

# citeproc-js's group flags for the group (or macro) being rendered (per thread): whether
# a variable it called printed (`success`), whether one printed nothing (`attempt`),
# counting only the branches of `cs:choose` actually taken.
def _flags() -> tuple[bool, bool]:
    return getattr(_variables, "attempt", False), getattr(_variables, "success", False)


def _rendered_log() -> list[str]:
    log = getattr(_variables, "log", None)
    if log is None:
        log = _variables.log = []
    return log


def _counting(method):
    printing: dict = {}  # element -> the variables it names (speed: split once per element)

    def counted(self, *args, **kwargs):
        variables = _variables
        tried = getattr(variables, "attempt", False)
        variables.attempt = True  # a variable that prints nothing (a missing one raises VariableError)
        result = method(self, *args, **kwargs)
        if result:  # one that prints is a success, not an attempt (citeproc-js)
            variables.attempt, variables.success = tried, True
            try:
                named = printing[self]
            except KeyError:
                named = printing[self] = tuple(self.get("variable", "").split())
            if named:
                _rendered_log().extend(named)
        return result
    return counted


def _as_a_group(render):
    """`render()` (which returns the output or None) as citeproc-js renders a group: kept
    when a variable in it printed, or when none was tried (terms, values only); a kept one
    counts as printed for its parent, a dropped one hands its parent its own `attempt`
    (citeproc-js overwrites the parent's flag: a dropped group that tried no variable
    clears it, so a parent's "In" then prints although an editor before it was empty).
    The groups and macro calls of `group_needs_a_rendered_variable` use its two halves
    without a closure per call."""
    parent = _group_opened()
    try:
        output = render()
    except BaseException:
        _variables.attempt, _variables.success = parent
        raise
    return _group_closed(parent, output)


def _group_opened() -> tuple[bool, bool]:
    """A group starts: its parent's flags (returned, for `_group_closed`) and its own cleared."""
    variables = _variables
    parent = getattr(variables, "attempt", False), getattr(variables, "success", False)
    variables.attempt = variables.success = False
    return parent


def _group_closed(parent: tuple[bool, bool], output):
    """A group ends: `output` if it is kept, else None, and its parent's flags as citeproc-js leaves them."""
    variables = _variables
    attempt, success = getattr(variables, "attempt", False), getattr(variables, "success", False)
    variables.attempt, variables.success = parent
    if output and (success or not attempt):
        variables.success = True
        return output
    variables.attempt = attempt
    return None


def group_needs_a_rendered_variable() -> None:
    """A `cs:group` that calls variables is suppressed unless one of them rendered, with
    citeproc-js's flags (`_as_a_group`).

    citeproc-py counted a `cs:choose` as a rendered variable when its chosen branch
    printed only a term: Nature's "Preprint at." for an item with no URL, DOI or date.
    """
    from citeproc import model

    plain_variable = model.Text._variable
    generated = model.Text.generated_variables
    printing: dict = {}  # cs:text -> the variables it names (speed: split once per element)

    def variable(self, item, context):
        name = self.get("variable")
        # year-suffix is made by disambiguation, not given by the item: as in
        # citeproc-js, an empty one does not suppress APA's "(n.d.)" group, a printed
        # one keeps its group (the "a" of an item without a date: "Title a").
        if name in generated:
            text = plain_variable(self, item, context)
            if text and name == "year-suffix":
                _variables.success = True
            return text
        # (_counting, inline: a frame less for each cs:text variable)
        variables = _variables
        tried = getattr(variables, "attempt", False)
        variables.attempt = True
        text = plain_variable(self, item, context)
        if text:
            variables.attempt, variables.success = tried, True
            try:
                named = printing[self]
            except KeyError:
                named = printing[self] = tuple((name or "").split())
            if named:
                _rendered_log().extend(named)
        return text

    model.Text._variable = variable
    for element in (model.Date, model.Number, model.Names):
        element.process = _counting(element.process)
    text_process = model.Text.process

    def process_text(self, item, context=None, **kwargs):
        if "macro" not in self.attrib:
            return text_process(self, item, context, **kwargs)
        # citeproc-js expands a macro as a group: it is suppressed when it called
        # variables and none of them rendered (a translator macro's "traduit par"
        # with no translator), and one that printed counts like a rendered variable
        # for its parent (Vancouver's "n.d." from its year-date macro).
        parent = _group_opened()  # (_as_a_group's halves: no closure made for each macro call)
        try:
            text, language = text_process(self, item, context, **kwargs)
        except BaseException:
            _variables.attempt, _variables.success = parent
            raise
        return _group_closed(parent, text), language

    model.Text.process = process_text

    children: dict = {}  # group -> its delimiter and children, each with whether it is a cs:choose (a style's tree does not change)

    def process(self, item, context=None, **kwargs):
        try:
            delimiter, listed = children[self]
        except KeyError:
            delimiter, listed = children[self] = (self.get("delimiter", ""), tuple((child, isinstance(child, model.Choose))
                                                                                 for child in self.iterchildren()))
        parent = _group_opened()  # (_as_a_group's halves: no closure made for each of a dozen groups per entry)
        try:
            output = []
            for child, choose in listed:
                try:
                    if choose:
                        text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                    else:
                        text = child.render(item, context=context, **kwargs)
                except model.VariableError:
                    continue
                if text is not None:
                    output.append(text)
            text = self.join(output) if output else None
        except BaseException:
            _variables.attempt, _variables.success = parent
            raise
        text = _group_closed(parent, text)
        if text is None:
            raise model.VariableError
        return text

    model.Group.process = process


def substitute_suppresses_its_variables() -> None:
    """Variables printed in place of a missing author are not printed again.

    citeproc-py remembered only a `cs:text variable=` substitute; one given as a
    macro (APA's and AMA's) printed the title twice. Only the variables that the
    substitute actually printed are suppressed, so a volume or page in a branch the
    macro did not take still prints later.
    """
    from citeproc import model

    text_tag = f"{{{model.CitationStylesElement.nsmap['cs']}}}text"

    def render(self, item, context=None, **kwargs):
        for child in self.getchildren():
            start = len(_rendered_log())
            _variables.substituting = getattr(_variables, "substituting", 0) + 1
            outer, _variables.substitute_choose = getattr(_variables, "substitute_choose", None), None
            try:
                if isinstance(child, model.Names) and child.name is None:
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    if isinstance(child, model.Choose):
                        _variables.substitute_choose = child
                    text = child.render(item, context=context, **kwargs)
            except model.VariableError:
                continue
            finally:
                _variables.substituting -= 1
                _variables.substitute_choose = outer
            if text:
                repressed = context.get_layout().repressed
                repressed.setdefault(text_tag, []).extend(_rendered_log()[start:])
                return text
        return None

    model.Substitute.render = render
    render_children = model.Parent.render_children

    def render_branch(self, item, delimiter="", **kwargs):
        # a cs:choose in a cs:substitute is transparent there too (citeproc-js): the children
        # of its branch are the substitute's alternatives, the first that prints wins
        # (editors, else "Anon", not "(eds)Anon")
        choose = getattr(_variables, "substitute_choose", None)
        if choose is None or self.getparent() is not choose:
            return render_children(self, item, delimiter=delimiter, **kwargs)
        _variables.substitute_choose = None
        try:
            for child in self.iterchildren():
                if isinstance(child, model.Choose):
                    _variables.substitute_choose = child
                try:
                    text = child.render(item, **kwargs)
                except model.VariableError:
                    continue
                finally:
                    _variables.substitute_choose = None
                if text:
                    return text
            return None
        finally:
            _variables.substitute_choose = choose

    model.Parent.render_children = render_branch
    number_process = model.Number.process

    def process_number(self, item, context=None, **kwargs):
        # a cs:number too: APA's edition printed with the substituted title, not again after it
        try:
            repressed = (self if context is None else context).get_layout().repressed
        except (AttributeError, IndexError):
            repressed = {}
        if self.get("variable") in repressed.get(text_tag, ()):
            _variables.attempt = True  # (a variable that printed nothing: its group goes, label and all)
            return None
        return number_process(self, item, context, **kwargs)

    model.Number.process = process_number


# What each fix replaces in citeproc-py and which fixes it must follow (compose.py puts them together).
DECLARED = {
    group_needs_a_rendered_variable: {
        "wraps": [
            "citeproc.model.Date.process",
            "citeproc.model.Group.process",
            "citeproc.model.Names.process",
            "citeproc.model.Number.process",
            "citeproc.model.Text._variable",
            "citeproc.model.Text.process",
        ],
        # it counts what they call: a made label counts as rendered, a date left out as called and not printed
        "after": [
            "literal_dates_where_the_year_prints",
            "numbers_of_hyphenated_variables",
            "citation_label_made_when_missing",
            "typography_of_printed_text",
        ],
    },
    substitute_suppresses_its_variables: {
        "wraps": ["citeproc.model.Number.process", "citeproc.model.Parent.render_children", "citeproc.model.Substitute.render"],
        # its cs:number check sits above the counting of rendered variables and the hyphenated numbers
        "after": ["group_needs_a_rendered_variable", "numbers_of_hyphenated_variables"],
    },
}
