"""The private-use marks that stand for "normal" formatting while an entry renders
(decorations.py puts them in, rich_text.restore() decides what they print); on their own
so the modules that step over them import no fix."""

# (property, mark open, mark close) for the values printed only inside their opposite
NORMAL_MARKS = {
    "font-style": ("\ue020", "\ue021"),
    "font-weight": ("\ue022", "\ue023"),
    "font-variant": ("\ue024", "\ue025"),
}
# before an open mark: this "normal" prints, whatever is around it (`_last_child_sets`)
PRINTED_MARK = "\ue026"
UNDOING_MARKS = "".join(mark for pair in NORMAL_MARKS.values() for mark in pair) + PRINTED_MARK  # all print nothing
UNDOING_CLOSE = "".join(close for _open, close in NORMAL_MARKS.values())
