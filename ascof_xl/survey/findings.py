"""Findings about survey input, as data: what is wrong, in which file, row and column (frictionless style)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Finding:
    """One problem with the input: a short code, where it is, and what to do."""

    code: str  # missing-column, not-a-number, out-of-range, no-stratum, no-population, no-respondents, ...
    file: str
    row: int | None  # the line of a CSV or the row of a sheet, counting the header row
    column: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def line(self) -> str:
        """The finding as one line: file, row, column, message."""
        where = ", ".join(p for p in (self.file, f"row {self.row}" if self.row else "", self.column or "") if p)
        return f"{where}: {self.message}"


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
