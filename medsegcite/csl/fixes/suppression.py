"""What suppresses output: a `cs:group` with no rendered variable, a `cs:substitute`'s variables printed once."""

from __future__ import annotations

from medsegcite.csl.fixes.state import variables as _variables

# How many variables have been called, and how many rendered, so far (per
# thread): a group asks whether its own rendering called and printed any,
# counting only the branches of `cs:choose` actually taken.
def _counts() -> tuple[int, int]:
    return getattr(_variables, "called", 0), getattr(_variables, "rendered", 0)


def _rendered_log() -> list[str]:
    log = getattr(_variables, "log", None)
    if log is None:
        log = _variables.log = []
    return log


def _counting(method):
    def counted(self, *args, **kwargs):
        _variables.called = _counts()[0] + 1
        result = method(self, *args, **kwargs)
        if result:
            _variables.rendered = _counts()[1] + 1
            _rendered_log().extend(self.get("variable", "").split())
        return result

    return counted


def group_needs_a_rendered_variable() -> None:
    """A `cs:group` that calls variables is suppressed unless one of them rendered.

    citeproc-py counted a `cs:choose` as a rendered variable when its chosen branch
    printed only a term: Nature's "Preprint at." for an item with no URL, DOI or date.
    """
    from citeproc import model

    text_variable = _counting(model.Text._variable)
    plain_variable = model.Text._variable

    def variable(self, item, context):
        # year-suffix is made by disambiguation, not given by the item: as in
        # citeproc-js, an empty one does not suppress APA's "(n.d.)" group.
        if self.get("variable") in model.Text.generated_variables:
            return plain_variable(self, item, context)
        return text_variable(self, item, context)

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
        called, rendered = _counts()
        text, language = text_process(self, item, context, **kwargs)
        now_called, now_rendered = _counts()
        if text and now_called > called and now_rendered == rendered:
            return None, language
        if text:
            _variables.rendered = now_rendered + 1
        return text, language

    model.Text.process = process_text

    def process(self, item, context=None, **kwargs):
        output = []
        called, rendered = _counts()
        delimiter = self.get("delimiter", "")
        for child in self.iterchildren():
            try:
                if isinstance(child, model.Choose):
                    text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except model.VariableError:
                continue
            if text is not None:
                output.append(text)
        now_called, now_rendered = _counts()
        if output and (now_called == called or now_rendered > rendered):
            # So does a group that printed, for its parent group (IEEE's
            # "[Online]" beside an empty "Accessed").
            _variables.rendered = now_rendered + 1
            return self.join(output)
        raise model.VariableError

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
            try:
                if isinstance(child, model.Names) and child.name is None:
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except model.VariableError:
                continue
            finally:
                _variables.substituting -= 1
            if text:
                repressed = context.get_layout().repressed
                repressed.setdefault(text_tag, []).extend(_rendered_log()[start:])
                return text
        return None

    model.Substitute.render = render
