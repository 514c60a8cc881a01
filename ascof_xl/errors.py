"""The one exception type a user may see: a plain message, never a traceback."""


class AscofError(Exception):
    """Input that cannot be used, explained for a council officer.

    The message says what is wrong, where (file, sheet, cell or entry) and what to do.
    The command line prints it on one line and exits with status 2.
    """
