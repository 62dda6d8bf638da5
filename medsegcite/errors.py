"""The one exception family the CLI turns into a one-line message and exit code 1."""


class MedsegciteError(Exception):
    """A problem with the user's input or data, explained in one line."""
