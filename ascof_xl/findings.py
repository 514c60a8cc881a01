"""Findings as data, frictionless-style: what is wrong (a short code), how much it matters, where, and what to do.

Every door reports problems with an input the same way: the loader's notes on a published file, a
template's validation, survey and Client Level Data quality. A `Finding` is frozen and plain, so the
command line prints it as a line, JSON gives it as a dictionary and a workbook shows it as a row.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Location:
    """Where a finding is: any of file, sheet, cell, line or row, column and the value found there."""

    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None  # the line of a text file or the row of a sheet, counting the header row
    column: str | None = None
    value: str | None = None

    def text(self) -> str:
        """The location as a person reads it: `returns.xlsx, Measures!E11` or `responses.csv, line 12, Age`."""
        place = f"{self.sheet}!{self.cell}" if self.sheet and self.cell else (self.sheet or self.cell)
        parts = [self.file, place, f"line {self.row}" if self.row and not self.cell else None, self.column]
        where = ", ".join(p for p in parts if p)
        return where + (f" (value {self.value!r})" if self.value is not None else "")


@dataclass(frozen=True)
class Finding:
    """One problem with an input: a short code, its severity, where it is and a message saying what to do."""

    code: str
    severity: Severity
    location: Location = field(default_factory=Location)
    message: str = ""
    explanation: str | None = None  # a reason the person wrote beside an error (a return's Validation sheet)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")

    @property
    def blocking(self) -> bool:
        """An error nobody has explained: the input is not ready."""
        return self.severity == "error" and not self.explanation

    def line(self) -> str:
        """The finding on one line: severity, where, message."""
        where = self.location.text()
        return f"{self.severity}: " + (f"{where}: " if where else "") + self.message

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON: the location's fields flattened beside code, severity and message."""
        data = asdict(self)
        return {"code": self.code, "severity": self.severity, **data["location"], "message": self.message,
                "explanation": self.explanation}
