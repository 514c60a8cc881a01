"""Findings about survey input as the one `Finding` type (file, row, column), and the tally of rows used."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ascof_xl.findings import Finding, Location


# Where the file contradicts itself and ascof-xl had to choose, the figure may differ from what was meant:
# an error. Every other survey finding (a value or row set aside as the method says, a measure left out for
# want of a column) is a warning.
ERRORS = frozenset({"repeated-council", "population-below-respondents"})


def finding(code: str, file: str, row: int | None, column: str | None, message: str) -> Finding:
    """A survey finding as the one `Finding` type: its code (missing-column, not-a-number, out-of-range,
    no-stratum, no-population, no-respondents, ...), file, row counting the header, column and message."""
    return Finding(code, "error" if code in ERRORS else "warning", Location(file=file, row=row, column=column),
                   message)


@dataclass
class Tally:
    """Rows read, used and set aside, with the reason each set-aside row was not used."""

    read: int = 0
    used: int = 0
    set_aside: dict[str, int] = field(default_factory=dict)

    def set_aside_for(self, reason: str, count: int) -> None:
        if count:
            self.set_aside[reason] = self.set_aside.get(reason, 0) + count

    @property
    def set_aside_total(self) -> int:
        return sum(self.set_aside.values())

    def as_dict(self) -> dict[str, Any]:
        return {"read": self.read, "used": self.used, "set_aside": self.set_aside_total, "reasons": dict(self.set_aside)}

    def line(self) -> str:
        """Rows read, used and set aside, with reasons, in one sentence."""
        reasons = "; ".join(f"{n} {reason}" for reason, n in self.set_aside.items())
        return (f"rows read {self.read}, used {self.used}, set aside {self.set_aside_total}"
                + (f" ({reasons})" if reasons else ""))
