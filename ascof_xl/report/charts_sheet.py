"""The Charts sheet: a spine chart per objective (or domain), as native Excel stacked bar charts.

Each bar runs from the worst England council (left) to the best (right), shaded by quartile, with
the council's value as a black mark. Category labels carry the code, value and band in words, and
every chart has alt text listing the same, so nothing depends on seeing the colours.
"""

from __future__ import annotations

import math
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.legend import LegendEntry
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ascof_xl.outputs.cells import put
from ascof_xl.report.sheet_writer import SheetWriter
from ascof_xl.report.spine import WORST_FIRST, segments
from ascof_xl.report.styles import BAND_COLOURS, BOLD, MARK_COLOUR, NOTE, SUBHEADING, TITLE, page_setup, set_widths
from ascof_xl.report.wording import BAND_HEADINGS, band_word, format_value

ROW_CM = 0.53  # a 15-point row
PAGE_CM = 27.0  # sheet height a portrait A4 page holds once fitted to width (LibreOffice: about 0.86)
COLUMNS = 10  # the chart spans columns A to J
AXIS_FORMAT = '[=0]"worst";[=100]"best";"England median"'  # the scale's three ticks in words
SHORT_BANDS = {"top": "top", "upper-middle": "upper mid", "lower-middle": "lower mid", "bottom": "bottom"}


def chart_label(measure: dict[str, Any]) -> str:
    """The category label: "2D  93.1%  top", or "1A  no value [x]"."""
    if measure["value"] is None:
        marker = f" [{measure['marker']}]" if measure["marker"] else ""
        return f"{measure['code']}  no value{marker}"
    value = format_value(measure["value"], measure["unit"], measure["decimals"]).replace(" per 100,000", "")
    return f"{measure['code']}  {value}  {SHORT_BANDS.get(measure['groups']['england']['band'], '')}".rstrip()


def alt_text(briefing: dict[str, Any], area: dict[str, str], measures: list[dict[str, Any]]) -> str:
    """What the chart shows, in words, for a screen reader: the scale, then each measure's value and band."""
    council = briefing["council"]["name"]
    parts = [
        f"Spine chart of {briefing['area_heading'].lower()} {area['code']}, {area['title']}, {briefing['year']}: "
        f"{council}'s value on each measure marked on the range of England councils from worst (left) to best "
        "(right), shaded by quartile."
    ]
    for m in measures:
        value = format_value(m["value"], m["unit"], m["decimals"])
        parts.append(f"{m['code']} {m['short_title']}: {value}, {band_word(m['groups']['england']['band'])}.")
    return " ".join(parts)


def write_chart_data(data: Worksheet, start_row: int, measures: list[dict[str, Any]], council: str) -> int:
    """One block of chart data (label and twelve widths per measure); returns the block's last row."""
    names = []
    for band in WORST_FIRST:
        names += [BAND_HEADINGS[band], council, BAND_HEADINGS[band]]
    put(data, start_row, 1, "Measure")
    for column, name in enumerate(names, 2):
        put(data, start_row, column, name)
    for offset, measure in enumerate(measures, 1):
        put(data, start_row + offset, 1, chart_label(measure))
        for column, width in enumerate(segments(measure) or [0.0] * 12, 2):
            data.cell(start_row + offset, column, round(width, 3))
    return start_row + len(measures)


def spine_chart(data: Worksheet, header_row: int, last_row: int, title: str, description: str) -> BarChart:
    """A stacked horizontal bar chart over one block of chart data."""
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap, chart.gapWidth = "bar", "stacked", 100, 40
    chart.alt_title, chart.alt_text = title, description  # the sheet's heading is the visible title
    chart.add_data(Reference(data, min_col=2, max_col=13, min_row=header_row, max_row=last_row), titles_from_data=True)
    chart.set_categories(Reference(data, min_col=1, min_row=header_row + 1, max_row=last_row))
    for index, series in enumerate(chart.series):
        colour = MARK_COLOUR if index % 3 == 1 else BAND_COLOURS[WORST_FIRST[index // 3]]
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.noFill = True
    chart.x_axis.scaling.orientation = "maxMin"  # first measure at the top
    chart.x_axis.tickLblSkip = 1  # every measure's label, never every other one
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.crosses = "max"  # value axis along the bottom
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
    chart.y_axis.majorUnit = 50
    chart.y_axis.majorGridlines = None
    chart.y_axis.number_format = AXIS_FORMAT
    chart.y_axis.numFmt.sourceLinked = False
    chart.y_axis.title = "England councils on each measure's own scale"
    chart.legend.position = "b"
    shown = {0, 1, 3, 6, 9}  # each band once, the council's mark once
    chart.legend.legendEntry = [LegendEntry(idx=i, delete=True) for i in range(12) if i not in shown]
    chart.visible_cells_only = False  # the data sheet is hidden
    return chart


def write_charts(sheet: Worksheet, data: Worksheet, briefing: dict[str, Any]) -> None:
    """One spine chart per objective (or domain) with measures, its figures on the hidden data sheet."""
    council = briefing["council"]["name"]
    set_widths(sheet, {get_column_letter(i): 8.5 for i in range(1, COLUMNS + 1)})  # A:J fits the page
    sheet.sheet_format.defaultRowHeight, sheet.sheet_format.customHeight = 15, True  # ROW_CM a row
    out = SheetWriter(sheet, COLUMNS)
    out.heading(f"Where {council} sits in England, {briefing['year']}", TITLE)
    out.paragraph(
        f"Each bar is one measure, drawn from the worst England council (left) through the England median "
        f"(centre) to the best (right), whichever way round the measure runs, and shaded by quartile: bottom, "
        f"lower middle, upper middle, top. The black mark is {council}. The label gives the code, {council}'s "
        "value and its quartile against England. Figures for every group are on the Measures sheet.", NOTE)
    used_cm = out.row * ROW_CM
    data_row = 1
    for area in briefing["areas"]:
        measures = [m for m in briefing["measures"] if m["area"] == area["code"]]
        if not measures:
            continue
        rows = math.ceil((2.4 + 0.72 * len(measures)) / ROW_CM)
        if used_cm + (rows + 2) * ROW_CM > PAGE_CM:
            sheet.row_breaks.append(Break(id=out.row - 1))
            used_cm = 0.0
        heading = f"{briefing['area_heading']} {area['code']}: {area['title']}"
        out.heading(heading, SUBHEADING)
        last = write_chart_data(data, data_row, measures, council)
        chart = spine_chart(data, data_row, last, heading, alt_text(briefing, area, measures))
        top = AnchorMarker(col=0, row=out.row - 1)
        chart.anchor = TwoCellAnchor(_from=top, to=AnchorMarker(col=COLUMNS, row=out.row - 1 + rows))
        sheet.add_chart(chart)
        out.skip(rows + 1)
        used_cm += (rows + 2) * ROW_CM
        data_row = last + 2
    data.cell(data_row, 1, "Widths on a 0-100 scale: worst England council 0, England median 50, best 100; "
                           "see the Notes sheet.").font = BOLD
    sheet.print_area = f"A1:{get_column_letter(COLUMNS)}{out.row}"
    page_setup(sheet, landscape=False, title=f"{council}: ASCOF {briefing['year']}, charts")
