"""What a subcommand hands back when its exit status is not simply 0: the text to print and the status."""

from __future__ import annotations

from typing import NamedTuple


class Outcome(NamedTuple):
    """Output with an exit status: `validate` exits 1 for unexplained errors, `recompute` 1 when anything differs."""

    text: str
    status: int
