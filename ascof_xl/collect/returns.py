"""One council's provisional return read for a regional collection: validated first, then its identity and figures.

A return with errors nobody has explained, one that is not an own-figures return, or one that names no
council it can be collected for is not read further: it comes back as `LeftOut`, with the reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ascof_xl.councils import Council
from ascof_xl.errors import AscofError
from ascof_xl.findings import Finding, Location
from ascof_xl.templates.cells import Book
from ascof_xl.templates.returned_figures import measure_figures
from ascof_xl.templates.findings import finding_line
from ascof_xl.templates.identity import identity_council, identity_values
from ascof_xl.templates.layout import DISTRIBUTION_SHEET
from ascof_xl.templates.opening import Unreadable
from ascof_xl.templates.validate import finding, is_unreadable, read_return as open_return, validate_book

TEMPLATE = "own-figures"
SHOWN_ERRORS = 3  # errors quoted in a left-out return's reason before "and N more"
MAX_BYTES = 20 * 1024 * 1024  # a return is a few hundred kilobytes; far larger is not one (or is a zip bomb)


@dataclass(frozen=True)
class Figure:
    """One measure of a return: its numerator, denominator and value as the template computes it."""

    code: str
    title: str
    polarity: str
    decimals: int
    numerator: float | None
    denominator: float | None
    value: float | None


@dataclass(frozen=True)
class Return:
    """A return accepted for collection: which file, whose, for which year, by whom, and its figures."""

    file: str
    sha256: str
    council: Council
    year: str  # the published year the return compares with (its template's)
    period: str | None  # what the figures cover, as the council wrote it ("12 months to 30/06/2025")
    preparer: str | None
    prepared: date | None
    replaces: str | None
    figures: tuple[Figure, ...]
    warnings: int = 0


@dataclass(frozen=True)
class LeftOut:
    """A file not merged into the collection, and why (what to do about it); `code` says which rule refused it."""

    file: str
    reason: str
    council: Council | None = None
    code: str = "collect.invalid"

    def finding(self) -> Finding:
        """The refusal as the one Finding type: an error, except a return a corrected one replaces (info)."""
        severity = "info" if self.code == "collect.replaced" else "error"
        return Finding(self.code, severity, Location(file=Path(self.file).name), self.reason)


def checksum(path: Path) -> str:
    """The SHA-256 of the file's bytes, so the region can tell exactly which copy it collected."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_return(path: str | Path) -> Return | LeftOut:
    """The return at `path` ready to collect, or LeftOut saying why it cannot be."""
    path = Path(path)
    if path.is_file() and path.stat().st_size > MAX_BYTES:
        return LeftOut(str(path), f"{path.name} is {path.stat().st_size / 2**20:.0f} MB, far larger than a return "
                                  f"(at most {MAX_BYTES // 2**20} MB is read); ask the council for the own-figures return itself",
                       code="collect.too_large")
    try:
        book, layout = open_return(path, skip_sheets=(DISTRIBUTION_SHEET,))
    except Unreadable as problem:
        return LeftOut(str(path), _errors_reason(path, [finding(problem.rule, "error", str(problem))], True),
                       code="collect.unreadable")
    if layout.declaration.name != TEMPLATE:
        return LeftOut(str(path), f"{path.name} is a {layout.declaration.name} return, not an {TEMPLATE} return; "
                                  f"ask the council for its figures in the {TEMPLATE} template", code="collect.not_own_figures")
    findings = validate_book(book, layout, path)
    values = identity_values(book, layout)
    try:
        council = identity_council(values.get("council"), layout.declaration.year)
    except AscofError as error:
        sheet, address = layout.identity_cells["council"]
        return LeftOut(str(path), f"{path.name}, {sheet}!{address.replace('$', '')}: {error}; the council must choose "
                                  "its ONS code there and send the return again", code="collect.no_council")
    blocking = [f for f in findings if f.blocking]
    if blocking:
        return LeftOut(str(path), _errors_reason(path, blocking, is_unreadable(findings)), council)
    computed = measure_figures(Book(book), layout)
    figures = tuple(_figure(measure, computed[measure.code]) for measure in layout.declaration.all_measures())
    warnings = sum(1 for f in findings if f.severity == "warning" and not f.explanation)
    return Return(str(path), checksum(path), council, layout.declaration.year, _text(values.get("period")),
                  _text(values.get("preparer")),
                  _date(values.get("prepared")), _text(values.get("replaces")), figures, warnings)


def _errors_reason(path: Path, blocking: list[Finding], unreadable: bool) -> str:
    lines = [finding_line(f).split(None, 1)[1] for f in blocking[:SHOWN_ERRORS]]
    more = f"; and {len(blocking) - SHOWN_ERRORS} more" if len(blocking) > SHOWN_ERRORS else ""
    what = "cannot be read as a return" if unreadable else f"has {len(blocking)} unexplained error(s)"
    return (f"{path.name} {what}: " + "; ".join(" ".join(line.split()) for line in lines) + more
            + f". Run `ascof-xl validate {path.name}`, then correct or explain each error on its Validation sheet")


def _figure(measure: Any, found: dict[str, Any]) -> Figure:
    value = found["value"]
    return Figure(measure.code, measure.title, measure.polarity, measure.decimals, _number(found["numerator"]),
                  _number(found["denominator"]), float(value) if value is not None and value != "[x]" else None)


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _text(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None
