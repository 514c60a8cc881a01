"""The regional workbook: the collection as accessible tables, labelled provisional on every sheet.

Sheets: Comparison (every council's value of every measure, rank of n and band among those collected,
national band), Returns (each return's provenance: file, council, preparer, date, SHA-256), Left out
(returns not merged and why) and About (method and sources). Each sheet has its title in A1, the
label "provisional, not published" beside it, one real Excel table from row 4 and no merged cells.
Text from the returns (preparers, file names, replaced files) is written as text, never as a formula.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ascof_xl import palette
from ascof_xl.collect.collection import Collection
from ascof_xl.outputs.cells import put
from ascof_xl.published.bundled import ATTRIBUTION
from ascof_xl.templates.output import save_atomically

PROVISIONAL = "provisional, not published"
KIND = "regional-collection"
PROPERTY = "ascof_xl_kind"
HEADER_ROW = 4
COMPARISON = "Comparison"
COMPARISON_COLUMNS = (("council", "Council", 28), ("ons_code", "ONS code", 11), ("code", "Measure", 9),
                      ("title", "Measure title", 50), ("polarity", "Better when", 10), ("numerator", "Numerator", 12),
                      ("denominator", "Denominator", 12), ("value", "Value", 10), ("rank", "Rank among collected", 11),
                      ("n", "Of n collected", 10), ("band", "Band among collected", 15),
                      ("national_band", "National band (provisional)", 15), ("national_rank", "National rank", 10),
                      ("national_n", "Of n nationally", 10), ("national_year", "National distribution year", 13))
RETURN_COLUMNS = (("file", "File", 34), ("council", "Council", 28), ("ons_code", "ONS code", 11),
                  ("period", "Figures for", 22), ("year", "Compared with", 10),
                  ("preparer", "Prepared by", 24), ("prepared", "Date prepared", 13), ("replaces", "Replaces", 24),
                  ("warnings", "Warnings", 10), ("sha256", "SHA-256 of the file", 66))
LEFT_OUT_COLUMNS = (("file", "File", 34), ("council", "Council", 28), ("status", "Status", 12), ("code", "Rule", 22),
                    ("reason", "Reason", 100))
# The tidy layout the published-data reader takes (ascof_xl.published.tidy.TIDY_COLUMNS), headed as a person reads it.
DATA_COLUMNS = (("year", "Year", 9), ("area_code", "Area code", 12), ("cassr_code", "CASSR code", 10),
                ("area_name", "Area name", 28), ("level", "Level", 9), ("measure", "Measure", 9), ("group", "Group", 9),
                ("disaggregation", "Disaggregation", 14), ("measure_type", "Measure type", 13), ("value", "Value", 12),
                ("marker", "Marker", 8))
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
TITLE = Font(bold=True, size=14)
LABEL = Font(bold=True, color="A33B12")


def build_workbook(collection: Collection) -> Workbook:
    """The regional workbook of a collection (or of its anonymised copy), in memory."""
    book = Workbook()
    book.remove(book.active)
    n = len(collection.returns)
    whose = f", for {collection.anonymised_for} (other councils anonymised)" if collection.anonymised_for else ""
    _sheet(book, COMPARISON, f"Provisional ASCOF {heading(collection)}: {n} councils' own returns compared{whose}",
           "Rank and band among the councils collected use QUARTILE.INC cut points by polarity (ties go to the better "
           "band), as for published data; the national band places the value in the latest published distribution. "
           "Bands are shown as words and shading.", COMPARISON_COLUMNS, _comparison_rows(collection), "Comparison")
    _band_fills(book[COMPARISON])
    _sheet(book, "Returns", f"Provisional ASCOF {heading(collection)}: the returns collected", _returns_note(collection),
           RETURN_COLUMNS, _return_rows(collection), "Returns")
    _sheet(book, "Left out", f"Provisional ASCOF {heading(collection)}: returns not merged", _left_out_note(collection),
           LEFT_OUT_COLUMNS, _left_out_rows(collection), "LeftOut")
    _sheet(book, "Data", f"Provisional ASCOF {heading(collection)}: the collection as data", "The same figures in ascof-xl's "
           "tidy layout, one row per council, measure and figure: give this workbook with --data (group `collected`) "
           "to benchmark a council against the region's returns.", DATA_COLUMNS, data_rows(collection), "Data")
    _sheet(book, "About", f"Provisional ASCOF {heading(collection)}: about this collection", "", (("note", "Note", 140),),
           [{"note": line} for line in about_lines(collection)], "About")
    book.properties.title = f"Provisional ASCOF {collection.year} regional collection ({PROVISIONAL})"
    book.properties.creator = "ascof-xl"
    book.custom_doc_props.append(StringProperty(name=PROPERTY, value=KIND))
    book.custom_doc_props.append(StringProperty(name="ascof_xl_year", value=collection.year))
    return book


def heading(collection: Collection) -> str:
    """What the figures are for: the period the returns state, and the published year they are compared with."""
    if collection.period and _plain(collection.period) != collection.year:
        return f"{collection.period} (compared with {collection.year} published)"
    return collection.year


def _plain(text: str) -> str:
    return text.strip().replace("/", "-")


def write_collection(collection: Collection, path: str | Path) -> Path:
    """Save the regional workbook atomically; never over one of the returns it was made from."""
    target = Path(path).resolve()
    inputs = {Path(r.file).resolve() for r in collection.returns} | {Path(r.file).resolve() for r in collection.left_out + collection.replaced if r.file}
    if target in inputs:
        from ascof_xl.errors import AscofError

        raise AscofError(f"{path} is one of the returns being collected; write the regional workbook to another file")
    return save_atomically(build_workbook(collection), Path(path))


def about_lines(collection: Collection) -> list[str]:
    """What the workbook is, how it was made and where its national figures come from."""
    years = sorted({p.national_year for p in collection.positions if p.national_year})
    lines = [
        f"These figures are {PROVISIONAL}: councils' own estimates for {collection.period or collection.year}, before "
        "the national publication. Do not quote them as official statistics.",
        f"Compared with the {collection.year} publication (the year of the own-figures template the returns used); in "
        f"the Data sheet the figures carry that year, so that --data can read them beside it.",
        f"{len(collection.returns)} return(s) collected; each was checked by the own-figures template's validation "
        "first, and a return with an error nobody had explained was left out (see the Left out sheet).",
        "Rank 1 is the best value among the councils collected, by the measure's polarity; tied values share a rank.",
        "Band among collected: QUARTILE.INC cut points of the collected values; a value on a cut point takes the "
        "better band. With fewer than four councils the bands say little.",
        "National band: where the value would land among councils' published values of the latest published year "
        f"({', '.join(years) or 'none placed'}), the council's own figure in place of its published one; provisional.",
    ]
    if collection.anonymised_for:
        lines.append(f"Anonymised copy for {collection.anonymised_for}: every other council is shown as a letter, "
                     "dealt in no particular order, and their files, preparers and checksums are removed. "
                     f"{collection.hidden} return(s) left out or replaced are not listed.")
    return lines + [ATTRIBUTION]


def _comparison_rows(collection: Collection) -> list[dict[str, Any]]:
    rows = []
    for p in collection.positions:
        rows.append({"council": p.council.name, "ons_code": _code(p.council), "code": p.code, "title": p.figure.title,
                     "polarity": p.polarity, "numerator": p.figure.numerator, "denominator": p.figure.denominator,
                     "value": p.value, "rank": p.rank,
                     "n": p.n, "band": p.band, "national_band": p.national_band, "national_rank": p.national_rank,
                     "national_n": p.national_n, "national_year": p.national_year})
    return rows


def data_rows(collection: Collection) -> list[dict[str, Any]]:
    """Each collected value, numerator and denominator as a row of the tidy layout (all ages, all people)."""
    rows = []
    for p in collection.positions:
        if p.value is None:
            continue
        head = {"year": collection.year, "area_code": p.council.ons_code, "cassr_code": p.council.cassr_code,
                "area_name": p.council.name, "level": "council", "measure": p.code, "group": p.code,
                "disaggregation": "Total", "marker": ""}
        for kind, value in (("Outcome", p.value), ("Numerator", p.figure.numerator), ("Denominator", p.figure.denominator)):
            if value is not None:
                rows.append(head | {"measure_type": kind, "value": value})
    return rows


def _return_rows(collection: Collection) -> list[dict[str, Any]]:
    return [{"file": Path(r.file).name if r.file else "", "council": r.council.name, "ons_code": _code(r.council),
             "period": r.period, "year": r.year, "preparer": r.preparer, "prepared": r.prepared, "replaces": r.replaces,
             "warnings": r.warnings, "sha256": r.sha256} for r in collection.returns]


def _left_out_rows(collection: Collection) -> list[dict[str, Any]]:
    rows = [{"file": Path(r.file).name, "council": r.council.name if r.council else "", "status": status,
             "code": r.code, "reason": r.reason} for status, group in (("left out", collection.left_out), ("replaced", collection.replaced))
            for r in group]
    if rows:
        return rows
    if collection.hidden:  # an anonymised copy: the returns are not listed, but their number is not hidden
        return [{"file": "", "council": "", "status": "not listed", "code": "",
                 "reason": f"{collection.hidden} return(s) left out or replaced are not listed in this anonymised copy."}]
    return [{"file": "", "council": "", "status": "none", "code": "", "reason": "Every return given was collected."}]


def _returns_note(collection: Collection) -> str:
    if collection.anonymised_for:
        return "Provenance is shown for your own return only; the others are anonymised."
    return "Each return's file, council, who prepared it and when, and the SHA-256 checksum of the file collected."


def _left_out_note(collection: Collection) -> str:
    if collection.anonymised_for:
        return f"{collection.hidden} return(s) left out or replaced; ask the regional lead for details."
    return "A return left out was not merged: correct it as the reason says and send it again."


def _code(council: Any) -> str:
    return "" if council.ons_code == council.name else council.ons_code


def _sheet(book: Workbook, name: str, title: str, note: str, columns: Sequence[tuple[str, str, int]],
           rows: list[dict[str, Any]], table_name: str) -> Worksheet:
    """A sheet: title in A1, the provisional label in A2, a note in A3, and one Excel table from row 4."""
    sheet = book.create_sheet(name)
    put(sheet, 1, 1, f"{title} ({PROVISIONAL})").font = TITLE
    put(sheet, 2, 1, f"Provisional, not published: councils' own estimates before the national publication.").font = LABEL
    if note:
        put(sheet, 3, 1, note).font = Font(italic=True, color="404040")
    for column, (_, label, width) in enumerate(columns, start=1):
        header = put(sheet, HEADER_ROW, column, label)
        header.font, header.alignment = Font(bold=True), WRAP
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[HEADER_ROW].height = 45
    for offset, row in enumerate(rows, start=1):
        for column, (key, _, _) in enumerate(columns, start=1):
            target = put(sheet, HEADER_ROW + offset, column, row.get(key))
            target.alignment = TOP
            if key in ("reason", "note"):
                target.alignment = WRAP
                sheet.row_dimensions[HEADER_ROW + offset].height = 15 * -(-len(str(row.get(key) or "")) // width_of(columns, key))
            elif key == "prepared" and row.get(key) is not None:
                target.number_format = "dd/mm/yyyy"
    last = get_column_letter(len(columns)) + str(HEADER_ROW + max(len(rows), 1))
    table = Table(displayName=table_name, ref=f"A{HEADER_ROW}:{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    sheet.add_table(table)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.oddHeader.center.text = "Provisional, not published"  # on every printed page, not only the first
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return sheet


def width_of(columns: Sequence[tuple[str, str, int]], key: str) -> int:
    """About how many characters of text fit across a column."""
    return max(1, int(next(width for k, _, width in columns if k == key) * 1.1))


def _band_fills(sheet: Worksheet) -> None:
    """Shade each band cell in its palette colour; the band's word is always in the cell."""
    columns = [i for i, (key, _, _) in enumerate(COMPARISON_COLUMNS, start=1) if key in ("band", "national_band")]
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1, min_col=min(columns), max_col=max(columns)):
        for target in row:
            if target.column in columns and target.value in palette.BAND_COLOURS:
                target.fill = PatternFill("solid", fgColor=palette.BAND_COLOURS[target.value])
                target.font = Font(color=palette.BAND_TEXT[target.value])
