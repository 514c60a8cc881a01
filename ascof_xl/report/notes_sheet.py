"""The Notes sheet: what the briefing is built from, the method, series breaks, the definition of
every measure shown and the data's licence."""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ascof_xl.benchmark.context import measure_info
from ascof_xl.benchmark.groups import MEDIAN
from ascof_xl.report.sheet_writer import SheetWriter
from ascof_xl.report.styles import BODY, BOLD, CENTRE, SUBHEADING, TITLE, WRAP, fit_cells, page_setup, set_widths
from ascof_xl.report.wording import POLARITY_WORDS, sentence

LAST_COLUMN = 7
DEFINITION_COLUMNS = (("Code", 8), ("Title", 38), ("Unit", 12), ("Polarity", 14),
                      ("Numerator", 40), ("Denominator", 40), ("Source", 9))

BAND_METHODS = {
    "inc": "Cut points are Excel's QUARTILE.INC (linear interpolation over n - 1) of the values of the councils "
           "in the group that have one; the published England, region and council-type rows are not counted.",
    "exc": "Cut points are Excel's QUARTILE.EXC (interpolation over n + 1) of the values of the councils in the "
           "group that have one; the published England, region and council-type rows are not counted.",
    "rank": "Bands hold equal counts of councils by rank: band = ceiling(4 x rank / n), where n counts the "
            "councils in the group with a value.",
}


def method_paragraphs(briefing: dict[str, Any]) -> list[str]:
    """The method, one paragraph per idea."""
    carers = ", ".join(m["code"] for m in briefing["measures"] if m["survey"] == "carers") or "none this year"
    return [
        "Quartile bands. " + BAND_METHODS[briefing["method"]] + " A value exactly on a cut point goes to the "
        "better band. Polarity decides which end is the top: for a higher-is-better measure the top quartile is "
        "at or above the upper cut point, for a lower-is-better measure (the admissions and delayed-transfer "
        "rates) at or below the lower one. A measure without polarity is banded as if higher were better.",
        "Rank. 1 is the best value in the group; councils with the same value share the best rank of their tie. "
        "'Councils' counts the councils in the group with a value.",
        "Comparators. " + " ".join(comparator_sentence(p) for p in briefing["profiles"]),
        f"Profiles with and without the carers' survey. The carers' survey runs every other year, so the profile "
        f"is also counted without its measures ({carers}) to compare like with like across years.",
        "Significance against a comparator. The council's 95% confidence interval: Wilson's score interval for "
        "proportions, Byar's method (exact Poisson below 10 events) for rates per 100,000, and the published "
        "margin of error for survey measures. A comparator outside the interval is 'better' or 'worse' by "
        "polarity; inside it, 'similar'. Where the published data give no numerator, denominator or margin of "
        "error, the table says why no interval could be formed.",
        "Change since last year. Last year's value is tested against this year's 95% interval in the same way "
        "(it treats last year's value as fixed, as a comparator is treated).",
        "Trend. The last five comparable values (a year the publication sets apart, or the year between two "
        "carers' surveys, is stepped over; a break in series ends the run): a chi-squared test for linear trend "
        "on proportions with counts, "
        "otherwise a regression weighted by each year's interval, at 99.8% confidence, kept only when leaving "
        "out any one year does not change the slope's sign (as the Fingertips trend marker).",
        "Direction of travel. This year's and last year's values compared as published (rounded); 'improved' "
        "or 'worsened' by polarity, 'increased' or 'decreased' for a measure without one.",
        "Charts. Each measure is drawn on its own scale, as in a Fingertips spine chart: the worst England "
        "council at the left, the England median in the centre and the best council at the right, each half "
        "linear; the bar is split at the quartile cut points and the black mark is the council. The figures behind the "
        "charts are on the hidden sheet 'Chart data' (right-click a sheet tab and choose Unhide).",
        "Positive progress and measures to watch list a measure when it changed significantly since last "
        "year, when its trend is significant, or when it moved into the top or bottom quartile against England.",
    ]


def comparator_sentence(profile: dict[str, Any]) -> str:
    """What a group's comparator value is, with any warning the core gives about it."""
    what = "the median of its councils" if profile["comparator_kind"] == MEDIAN else "the published aggregate"
    return " ".join([f"{profile['label']}: {what}.", *(sentence(w) for w in profile["warnings"])])


def write_notes(sheet: Worksheet, briefing: dict[str, Any], sources: list[str], attribution: str) -> None:
    """Fill the Notes sheet."""
    set_widths(sheet, {get_column_letter(i): w for i, (_, w) in enumerate(DEFINITION_COLUMNS, 1)})
    out = SheetWriter(sheet, LAST_COLUMN)
    out.heading(f"Notes: {briefing['council']['name']}, ASCOF {briefing['year']}", TITLE)
    out.heading("Data", SUBHEADING)
    for source in sources:
        out.paragraph(source)
    out.paragraph(attribution)
    if briefing["neighbours_file"]:
        out.paragraph(f"Neighbours: {briefing['neighbours_file']}, given by the user. It is not part of "
                      "ascof-xl's data; check its licence before sharing this workbook.")
    out.skip()
    out.heading("Method", SUBHEADING)
    for paragraph in method_paragraphs(briefing):
        out.paragraph(paragraph)
    out.skip()
    out.heading("Series breaks", SUBHEADING)
    breaks = briefing["series_breaks"]
    if not breaks:
        out.paragraph(f"The publication records no break in series in {briefing['year']} for the measures shown.")
    for measure in breaks:
        out.label(measure["code"])
        out.paragraph(str(measure["series_break"]), first_column=2)
    out.skip()
    out.page_break()
    out.heading("Definitions of the measures shown", SUBHEADING)
    write_definitions(out, briefing)
    sheet.print_area = f"A1:G{out.row - 1}"
    page_setup(sheet, landscape=True, title=f"{briefing['council']['name']}: ASCOF {briefing['year']}, notes")


def write_definitions(out: SheetWriter, briefing: dict[str, Any]) -> None:
    """An Excel table of each measure's definition from the catalogue."""
    first = out.row
    header = out.cells([name for name, _ in DEFINITION_COLUMNS], BOLD)
    for cell in header:
        cell.alignment = CENTRE
    for measure in briefing["measures"]:
        info = measure_info(measure["code"], briefing["year"])
        values = [info.code, info.title, info.unit, POLARITY_WORDS[info.polarity],
                  info.get("numerator", ""), info.get("denominator", ""), info.get("source", "")]
        for cell in out.cells(values, BODY):
            cell.alignment = WRAP
        fit_cells(out.sheet, out.row - 1, [(str(v), w) for v, (_, w) in zip(values, DEFINITION_COLUMNS)])
    table = Table(displayName="Definitions", ref=f"A{first}:G{out.row - 1}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    out.sheet.add_table(table)
