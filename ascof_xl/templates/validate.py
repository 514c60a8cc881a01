"""Check a filled return against its declaration: structure first, then every check, then change against last time.

Findings are `ascof_xl.findings.Finding`: a code (the check's id, or file./input./previous. for what only the
validator sees), severity, location (file, sheet, cell), message and any explanation written on the Validation
sheet. Codes starting "file." mean the file cannot be read as a return at all.
The input file is only ever read.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.utils.cell import range_boundaries

from ascof_xl.errors import AscofError
from ascof_xl.findings import Finding, Location
from ascof_xl.templates.cells import Book, is_formula, number
from ascof_xl.templates.checks import feeding_checks, template_checks
from ascof_xl.templates.declaration import check_year, load_declaration, template_names
from ascof_xl.templates.identity import identity_findings
from ascof_xl.templates.integrity import template_formulas
from ascof_xl.templates.kinds import Reading, evaluate
from ascof_xl.templates.layout import (HEADER_ROW, MEASURES_SHEET, PUBLISHED_SHEET, VALIDATION_AT, VALIDATION_SHEET, Layout,
                                       cell, layout_of)
from ascof_xl.templates.metadata import read_metadata
from ascof_xl.templates.opening import Unreadable, open_workbook
from ascof_xl.templates.returned_figures import measure_figures

REASON_COLUMN = VALIDATION_AT["reason"]
FIGURE_KINDS = ("outlier",)  # kinds that read the measures' values, evaluated once the values are known


def finding(rule: str, severity: str, message: str, sheet: str = "", address: str = "", explanation: str = "") -> Finding:
    """One finding as the CLI, the report and the add-in show it."""
    return Finding(rule, severity, Location(sheet=sheet or None, cell=address or None), message, explanation or None)


def is_unreadable(findings: list[Finding]) -> bool:
    """True when a finding says the file cannot be read as a return (exit status 2)."""
    return any(f.code.startswith("file.") and f.severity == "error" for f in findings)


def has_unexplained_errors(findings: list[Finding]) -> bool:
    """True when an error has no written explanation (exit status 1)."""
    return any(f.blocking for f in findings)


def validate_workbook(path: str | Path, previous: str | Path | None = None) -> list[Finding]:
    """Every finding for a filled return at `path`, compared with `previous` when given. Never raises for bad input."""
    path = Path(path)
    try:
        book, layout = read_return(path)
    except Unreadable as problem:
        return [finding(problem.rule, "error", str(problem))]
    return validate_book(book, layout, path, previous)


def validate_book(book: Any, layout: Layout, path: Path, previous: str | Path | None = None) -> list[Finding]:
    """Every finding for a return already opened with `read_return` (so a caller that reads it on opens it once)."""
    findings = structure_findings(book, layout, path)
    if is_unreadable(findings):
        return findings
    try:
        findings += input_findings(book, layout)
        findings += identity_findings(book, layout)
        figures = measure_figures(Book(book), layout)
        findings += check_findings(book, layout, figures)
    except (KeyError, ValueError, TypeError, AttributeError, IndexError) as error:  # a workbook damaged past its layout
        return findings + [finding("file.layout", "error", f"{path.name} does not hold its figures where the "
                                   f"{layout.declaration.name} template puts them ({type(error).__name__}: {error}); "
                                   "copy the figures into a new template")]
    if previous is not None:
        findings += previous_findings(figures, book, layout, Path(previous))
    return findings


def read_return(path: Path, skip_sheets: tuple[str, ...] = ()) -> tuple[Any, Layout]:
    """The workbook and the layout its stored kind, version and year call for; Unreadable when it has none.

    `skip_sheets`: sheets no check reads, left unparsed (see `open_workbook`)."""
    book = open_workbook(path, skip_sheets)
    meta = read_metadata(book)
    if "kind" not in meta:
        raise Unreadable("file.not_ours", f"{path} is not an ascof-xl return: it carries no template kind, version "
                                          "or year. Make one with `ascof-xl template NAME -o FILE.xlsx` and copy the figures in")
    kind = meta["kind"]
    if kind not in template_names():
        raise Unreadable("file.unknown_template", f"{path} says it is a '{kind}' template, which this ascof-xl does not "
                                                  f"know (templates: {', '.join(template_names())}); update ascof-xl")
    try:
        year = check_year(kind, meta.get("year"))
    except AscofError as error:
        raise Unreadable("file.year", f"{path}: {error}; start from `ascof-xl template {kind}` for a year it serves") from None
    declaration = load_declaration(kind, year)
    if meta.get("version") != str(declaration.version):
        raise Unreadable("file.version", f"{path} is version {meta.get('version')} of the {kind} template; this ascof-xl "
                                         f"reads version {declaration.version}. Make a new copy with `ascof-xl template {kind} "
                                         f"--year {year}` and copy the figures across")
    return book, layout_of(kind, year)


def structure_findings(book: Any, layout: Layout, path: Path) -> list[Finding]:
    """Missing or renamed sheets, tables that moved, and a template made from an older declaration."""
    declaration = layout.declaration
    expected = [s.name for s in declaration.sheets] + [VALIDATION_SHEET] + ([MEASURES_SHEET] if declaration.measures else [])
    expected += [PUBLISHED_SHEET] if layout.published_rows else []
    missing = [name for name in expected if name not in book.sheetnames]
    found: list[Finding] = []
    if missing:
        strangers = [n for n in book.sheetnames if n not in expected and not n.startswith("_") and n not in ("Distribution", "Codes")]
        extra = f"; sheets not in the template: {', '.join(strangers)} (renamed?)" if strangers else ""
        found.append(finding("file.sheets", "error", f"{path.name}: the sheet(s) {', '.join(missing)} are missing{extra}. "
                             "Give them back their names, or copy the figures into a new template", missing[0]))
        return found
    for place in layout.tables.values():
        title = book[place.table.sheet].cell(row=place.top, column=1).value
        if title != place.table.title:
            found.append(finding("file.layout", "error", f"{place.table.sheet}!{cell(1, place.top)} should hold the title "
                                 f"'{place.table.title}' but holds '{title}': rows or columns were inserted or deleted, so "
                                 "the figures are not where the template puts them. Copy them into a new template",
                                 place.table.sheet, cell(1, place.top)))
    meta = read_metadata(book)
    if meta.get("fingerprint") != declaration.fingerprint:
        found.append(finding("file.fingerprint", "warning", f"{path.name} was made from an earlier edition of the "
                             f"{declaration.name} template; its cells are read as this edition places them"))
    return found


def input_findings(book: Any, layout: Layout) -> list[Finding]:
    """Merged cells over input cells (a formula typed into an input cell is a check of its own, `figures_only`)."""
    found: list[Finding] = []
    for place in layout.tables.values():
        sheet = book[place.table.sheet]
        if not place.input_columns:
            continue
        first_col, last_col = min(place.input_columns), max(place.input_columns)
        for merged in sheet.merged_cells.ranges:
            c0, r0, c1, r1 = range_boundaries(str(merged))
            if c0 <= last_col and c1 >= first_col and r0 <= place.last_row and r1 >= place.first_row:
                found.append(finding("input.merged", "error", f"{place.table.sheet}!{merged} is merged over input cells of "
                                     f"{place.table.title}; unmerge it and enter one figure per cell",
                                     place.table.sheet, str(merged).split(":")[0]))
    return found


def explanations(book: Any) -> dict[str, str]:
    """The breach reasons written on the Validation sheet, by rule id (so a sheet of an older edition still counts)."""
    sheet = book[VALIDATION_SHEET]
    reasons = {}
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=REASON_COLUMN, values_only=True):
        rule, text = row[0], row[REASON_COLUMN - 1]
        if isinstance(rule, str) and text is not None and not is_formula(text) and str(text).strip():
            reasons.setdefault(rule, str(text).strip())
    return reasons


def check_findings(book: Any, layout: Layout, figures: dict[str, Any]) -> list[Finding]:
    """Every declared check evaluated in Python, at most one finding each (as the Validation sheet has one row each),
    at the row's cells for a measure row (the Validation sheet's Where) else at the first cell at fault, with the
    reason written beside it. A measure fed by a failing input check gets no value (the workbook shows
    'check inputs'), so nothing is judged from impossible inputs."""
    declaration = layout.declaration
    checks = template_checks(declaration.name, declaration.year)
    reasons = explanations(book)
    reading = Reading(Book(book), layout, figures, template_formulas(declaration.name, declaration.year))
    breaches = {check.id: evaluate(check, reading) for check in checks if check.kind not in FIGURE_KINDS}
    for measure in declaration.all_measures():
        if not figures[measure.code]["typed"] and any(breaches.get(c.id) for c in feeding_checks(measure, checks, layout)):
            figures[measure.code]["value"] = None
    breaches |= {check.id: evaluate(check, reading) for check in checks if check.kind in FIGURE_KINDS}
    return [finding(check.id, check.severity, breach.message, breach.sheet,
                    check.row_cells if check.whole_row else breach.cell, reasons.get(check.id, ""))
            for check in checks if (breach := breaches[check.id]) is not None]


def previous_findings(figures: dict[str, Any], book: Any, layout: Layout, previous: Path) -> list[Finding]:
    """Warnings for measures and table totals that changed by more than the template's threshold since `previous`."""
    try:
        old_book, old_layout = read_return(previous)
    except Unreadable as problem:
        return [finding("previous.unreadable", "warning", f"--previous: {problem}; the change check was not made")]
    if old_layout.declaration.name != layout.declaration.name:
        return [finding("previous.kind", "warning", f"--previous {previous.name} is a {old_layout.declaration.name} return, "
                        f"not {layout.declaration.name}; the change check was not made")]
    threshold = layout.declaration.change_threshold
    old_figures = measure_figures(Book(old_book), old_layout)
    found = []
    for code, now in figures.items():
        before = old_figures.get(code, {}).get("value")
        value = now["value"]
        if isinstance(value, Decimal) and isinstance(before, Decimal) and _changed(before, value, threshold):
            found.append(finding(f"previous.{code}", "warning", f"{code} moved from {before} to {value} since "
                                 f"{previous.name}, more than {threshold:.0%}; check the figures or explain why",
                                 now["sheet"], now["cell"]))
    found += _total_changes(book, old_book, layout, previous, threshold)
    return found


def _changed(before: Decimal, now: Decimal, threshold: float) -> bool:
    if before == 0:
        return now != 0
    return abs(now - before) / abs(before) > Decimal(str(threshold))


def _total_changes(book: Any, old_book: Any, layout: Layout, previous: Path, threshold: float) -> list[Finding]:
    found = []
    for place in layout.tables.values():
        if place.table.kind != "grid":
            continue
        cells = [(c, r) for r in range(place.first_row, place.last_row + 1) for c in place.input_columns]
        now = sum(number(book[place.table.sheet].cell(row=r, column=c).value) or 0 for c, r in cells)
        before = sum(number(old_book[place.table.sheet].cell(row=r, column=c).value) or 0 for c, r in cells)
        if before and _changed(Decimal(float(before)), Decimal(float(now)), threshold):
            found.append(finding(f"previous.{place.table.id}", "warning", f"{place.table.title} adds up to {now} against "
                                 f"{before} in {previous.name}, a change of more than {threshold:.0%}; check it or explain why",
                                 place.table.sheet, cell(place.input_columns[0], place.first_row)))
    return found
