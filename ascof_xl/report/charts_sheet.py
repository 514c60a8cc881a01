"""The Charts sheet: a spine chart per objective (or domain), as native Excel stacked bar charts,
with the figures each is drawn from in a titled Excel table to the right of the charts (visible,
outside the printed page).

Each bar runs from the worst England council (left) to the best (right), shaded by quartile in the
palette's colours, with the council's value as a black mark outlined in white (from a regional
collection, the councils collected stand in for England). Bands read without colour: always in the
same order left to right, and each category label carries the code, the value and the band in words.
Every chart has its own title, one legend and alt text listing the same, and is sized for its measures so
that LibreOffice and Excel print every label.
"""

from __future__ import annotations

import math
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.legend import LegendEntry
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.text import RichText
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ascof_xl.outputs.cells import put
from ascof_xl.palette import BAND_COLOURS
from ascof_xl.report.sheet_writer import SheetWriter
from ascof_xl.report.spine import WORST_FIRST, segments
from ascof_xl.report.styles import (
    BOLD, HEADER_FILL, MARK_COLOUR, MARK_OUTLINE, NOTE, TITLE, WRAP, page_setup, set_widths,
)
from ascof_xl.report.wording import BAND_HEADINGS, band_word, format_value

ROW_CM = 0.53  # a 15-point row
PAGE_CM = 25.5  # sheet height a portrait A4 page holds at these margins, with room to spare
COLUMNS = 10  # the chart spans columns A to J
DATA_COLUMN = 12  # the chart data's tables start at column L, beyond the printed page
AXIS_FORMAT = '[=0]"worst";[=100]"best";"{median}"'  # the scale's three ticks in words
FRAME_CM = 1.6  # a chart's value axis and margins
TITLE_LINE_CM = 0.55  # each line of its title
TITLE_LINE_CHARACTERS = 62  # characters of an 11-point bold title a line holds across the chart
MEASURE_CM = 0.5  # each measure's bar and label (a 9-point label needs 0.4)
LEGEND_CM = 2.9  # the legend on the right, one entry a line, and the value axis: the least height below the title


def chart_label(measure: dict[str, Any]) -> str:
    """The category label: "2D  93.1%  top", or "1A  no value [x]"."""
    if measure["value"] is None:
        marker = f" [{measure['marker']}]" if measure["marker"] else ""
        return f"{measure['code']}  no value{marker}"
    value = format_value(measure["value"], measure["unit"], measure["decimals"]).replace(" per 100,000", "")
    return f"{measure['code']}  {value}  {measure['groups']['england']['band'] or 'not banded'}"


def alt_text(briefing: dict[str, Any], area: dict[str, str], measures: list[dict[str, Any]]) -> str:
    """What the chart shows, in words, for a screen reader: the scale, then each measure's value and band."""
    council, everyone = briefing["council"]["name"], briefing["all_councils"]
    parts = [
        f"Spine chart of {briefing['area_heading'].lower()} {area['code']}, {area['title']}, {briefing['year']}: "
        f"{council}'s value on each measure marked on the range of {everyone['councils']} from worst (left) to best "
        "(right), shaded by quartile."
    ]
    for m in measures:
        value = format_value(m["value"], m["unit"], m["decimals"])
        parts.append(f"{m['code']} {m['short_title']}: {value}, {band_word(m['groups']['england']['band'])}.")
    return " ".join(parts)


def segment_names(council: str) -> list[str]:
    """The twelve columns of a chart's data, each named once: a band's part before the mark, the mark, after."""
    names = []
    for band in WORST_FIRST:
        heading = BAND_HEADINGS[band]
        names += [f"{heading}, before the mark", f"{council}'s mark in the {band} band", f"{heading}, after the mark"]
    return names


def write_chart_data(sheet: Worksheet, start_row: int, measures: list[dict[str, Any]], council: str, name: str,
                     everyone: str) -> int:
    """One Excel table of chart data (label and twelve widths a measure) from DATA_COLUMN; returns its last row.
    `everyone` names the all-councils group the bands are against."""
    header = [f"Measure (code, value, band against {everyone})", *segment_names(council)]
    for column, heading in enumerate(header, DATA_COLUMN):
        cell = put(sheet, start_row, column, heading)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP
    for offset, measure in enumerate(measures, 1):
        put(sheet, start_row + offset, DATA_COLUMN, chart_label(measure))
        for column, width in enumerate(segments(measure) or [0.0] * 12, DATA_COLUMN + 1):
            sheet.cell(start_row + offset, column, round(width, 3))
    last = start_row + len(measures)
    first, end = get_column_letter(DATA_COLUMN), get_column_letter(DATA_COLUMN + 12)
    table = Table(displayName=name, ref=f"{first}{start_row}:{end}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    sheet.add_table(table)
    return last


def _text(size: int, bold: bool = False) -> RichText:
    """Chart text of a given size, so labels keep their room whatever the engine's default."""
    properties = CharacterProperties(sz=size * 100, b=bold)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=properties), endParaRPr=properties)])


def spine_chart(
    data: Worksheet, header_row: int, last_row: int, council: str, title: str, description: str, median: str
) -> BarChart:
    """A stacked horizontal bar chart over one table of chart data, with its own title and one legend;
    `median` names the scale's centre ("England median")."""
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap, chart.gapWidth = "bar", "stacked", 100, 60
    chart.title = title
    chart.title.tx.rich.p[0].pPr = ParagraphProperties(defRPr=CharacterProperties(sz=1100, b=True))
    chart.alt_title, chart.alt_text = title, description
    chart.add_data(Reference(data, min_col=DATA_COLUMN + 1, max_col=DATA_COLUMN + 12, min_row=header_row + 1,
                             max_row=last_row))
    chart.set_categories(Reference(data, min_col=DATA_COLUMN, min_row=header_row + 1, max_row=last_row))
    for index, series in enumerate(chart.series):
        band = WORST_FIRST[index // 3]
        if index % 3 == 1:
            series.tx = SeriesLabel(v=council)
            series.graphicalProperties.solidFill = MARK_COLOUR
            series.graphicalProperties.line.solidFill = MARK_OUTLINE
            series.graphicalProperties.line.width = 12700  # 1 point of white either side of the mark
        else:
            series.tx = SeriesLabel(v=BAND_HEADINGS[band])
            series.graphicalProperties.solidFill = BAND_COLOURS[band]
            series.graphicalProperties.line.noFill = True
    chart.x_axis.scaling.orientation = "maxMin"  # first measure at the top
    chart.x_axis.tickLblSkip = 1  # every measure's label, never every other one
    chart.x_axis.delete = False
    chart.x_axis.txPr = _text(9)
    chart.y_axis.delete = False
    chart.y_axis.crosses = "max"  # value axis along the bottom
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
    chart.y_axis.majorUnit = 50
    chart.y_axis.majorGridlines = None
    chart.y_axis.number_format = AXIS_FORMAT.format(median=median)
    chart.y_axis.numFmt.sourceLinked = False
    chart.y_axis.txPr = _text(8)
    chart.legend.position = "r"
    chart.legend.txPr = _text(8)
    shown = {0, 1, 3, 6, 9}  # each band once, the council's mark once
    chart.legend.legendEntry = [LegendEntry(idx=i, delete=True) for i in range(12) if i not in shown]
    return chart


def chart_rows(measures: int, title: str) -> int:
    """Rows a chart takes: its frame, its title's lines and a bar's height for each measure, and never
    less than its legend needs."""
    lines = math.ceil(len(title) / TITLE_LINE_CHARACTERS)
    height = TITLE_LINE_CM * lines + max(FRAME_CM + MEASURE_CM * measures, LEGEND_CM)
    return math.ceil(height / ROW_CM)


def write_charts(sheet: Worksheet, briefing: dict[str, Any]) -> None:
    """One spine chart per objective (or domain) with measures, its figures in a table beside the charts."""
    council = briefing["council"]["name"]
    set_widths(sheet, {get_column_letter(i): 8.5 for i in range(1, COLUMNS + 1)})  # A:J fits the page
    set_widths(sheet, {get_column_letter(DATA_COLUMN): 30,
                       **{get_column_letter(i): 13 for i in range(DATA_COLUMN + 1, DATA_COLUMN + 13)}})
    sheet.sheet_format.defaultRowHeight, sheet.sheet_format.customHeight = 15, True  # ROW_CM a row
    out = SheetWriter(sheet, COLUMNS)
    everyone = briefing["all_councils"]
    if everyone["provisional"]:  # short enough for the page with its mark; the page header gives the year
        out.heading(f"Spine charts: {council} (provisional)", TITLE)
    else:
        out.heading(f"Where {council} sits in {everyone['name']}, {briefing['year']}", TITLE)
    out.paragraph(
        f"Each bar is one measure, drawn from the worst {everyone['council']} (left) through the {everyone['median']} "
        f"(centre) to the best (right), whichever way round the measure runs, and shaded by quartile from bottom "
        f"(left) to top (right). The black mark is {council}. Each label gives the code, {council}'s value and its "
        f"quartile against {everyone['name']}. The figures each chart is drawn from are in the tables to the right "
        f"(from column {get_column_letter(DATA_COLUMN)}); every group's figures are on the Measures sheet.", NOTE)
    put(sheet, 1, DATA_COLUMN, f"Chart data: widths on each measure's own 0 to 100 scale (the worst "
                               f"{everyone['council']} at 0, the {everyone['median']} at 50, the best at 100), each "
                               "band split where the mark "
                               "falls.").font = NOTE
    used_cm = out.row * ROW_CM
    data_row = out.row + 1
    for area in briefing["areas"]:
        measures = [m for m in briefing["measures"] if m["area"] == area["code"]]
        if not measures:
            continue
        heading = f"{briefing['area_heading']} {area['code']}: {area['title']}"
        rows = chart_rows(len(measures), heading)
        if used_cm + rows * ROW_CM > PAGE_CM:
            sheet.row_breaks.append(Break(id=out.row - 1))
            used_cm = 0.0
        data_row = max(data_row, out.row)
        put(sheet, data_row, DATA_COLUMN, f"Chart data, {heading}").font = BOLD
        last = write_chart_data(sheet, data_row + 1, measures, council,
                                f"Chart_{briefing['area_heading']}_{area['code']}", everyone["name"])
        chart = spine_chart(sheet, data_row + 1, last, council, heading, alt_text(briefing, area, measures),
                            everyone["median"])
        top = AnchorMarker(col=0, row=out.row - 1)
        chart.anchor = TwoCellAnchor(_from=top, to=AnchorMarker(col=COLUMNS, row=out.row - 1 + rows))
        sheet.add_chart(chart)
        out.row += rows + 1  # the chart's rows, at the sheet's default height, and a gap
        used_cm += (rows + 1) * ROW_CM
        data_row = last + 2
    sheet.print_area = f"A1:{get_column_letter(COLUMNS)}{out.row}"
    page_setup(sheet, landscape=False, title=f"{council}: ASCOF {briefing['year']}, charts")
