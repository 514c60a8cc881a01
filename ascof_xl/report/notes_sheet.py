"""The Notes sheet: the statistical neighbours, published counts that are rounded, the method,
series breaks and the definition of every measure shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ascof_xl.benchmark.context import measure_info
from ascof_xl.benchmark.groups import MEDIAN
from ascof_xl.report.sheet_writer import SheetWriter
from ascof_xl.report.styles import BOLD, CENTRE, NOTE, SMALL, SUBHEADING, TITLE, WRAP, fit_cells, page_setup, set_widths
from ascof_xl.report.wording import POLARITY_WORDS, sentence
from ascof_xl.story.rules import LARGE_CHANGE

LAST_COLUMN = 7
LANDSCAPE_POINTS = 700.0  # points of rows a landscape page holds once these columns are fitted to its width
DEFINITION_COLUMNS = (("Code", 6), ("Title", 40), ("Unit", 10), ("Polarity", 12),
                      ("Numerator", 56), ("Denominator", 56), ("Source", 7))

AGGREGATES = "; the published England, region and council-type rows are not counted"  # a collection has none
BAND_METHODS = {
    "inc": "Cut points are Excel's QUARTILE.INC (linear interpolation over n - 1) of the values of the councils "
           "in the group that have one{aggregates}.",
    "exc": "Cut points are Excel's QUARTILE.EXC (interpolation over n + 1) of the values of the councils in the "
           "group that have one{aggregates}.",
    "rank": "Bands hold equal counts of councils by rank: band = ceiling(4 x rank / n), where n counts the "
            "councils in the group with a value.",
}


def method_paragraphs(briefing: dict[str, Any]) -> list[str]:
    """The method, one paragraph per idea."""
    carers = ", ".join(m["code"] for m in briefing["measures"] if m["survey"] == "carers") or "none this year"
    everyone = briefing["all_councils"]
    bands = BAND_METHODS[briefing["method"]].format(aggregates="" if everyone["provisional"] else AGGREGATES)
    return [
        "Quartile bands. " + bands + " A value exactly on a cut point goes to the "
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
        "Charts. Each measure is drawn on its own scale, as in a Fingertips spine chart: the worst "
        f"{everyone['council']} at the left, the {everyone['median']} in the centre and the best council at the "
        "right, each half "
        "linear; the bar is split at the quartile cut points and the black mark is the council. The figures behind "
        "each chart are in the table to the right of the charts on the Charts sheet.",
        "Positive progress lists a measure whose value improved (by polarity): significantly against this year's "
        "interval, two years running or more, with an improving trend, by a large change "
        f"({LARGE_CHANGE:.0%} or more of last year's value) where no interval can test it, or into the top "
        f"quartile against {everyone['name']}. Measures to watch lists the same the other way, and any measure in the "
        "bottom quartile against both groups of the lists. A band that moved while the value went the other "
        "way (other councils moved further) is never progress: it is listed under other changes to read with "
        "care.",
    ]


def series_break_notes(briefing: dict[str, Any]) -> list[str]:
    """Each break in series and year set apart in the series shown, with the publication's reason, once,
    followed by the measures it applies to."""
    found: dict[str, list[str]] = {}
    for measure in briefing["measures"]:
        notes = [p.break_note for p in measure["series"] if p.break_note]
        notes += [p.apart_note for p in measure["series"] if p.apart_note]
        notes += [measure["series_break"]] if measure["series_break"] else []
        for note in dict.fromkeys(notes):
            found.setdefault(note, []).append(measure["code"])
    return [f"{sentence(note)} Measures: {', '.join(codes)}." for note, codes in found.items()]


def neighbour_paragraphs(briefing: dict[str, Any]) -> list[str]:
    """Where the neighbours came from, or how to add them, in words."""
    if briefing["neighbours_file"]:
        return [f"The statistical neighbours are those listed in {Path(briefing['neighbours_file']).name}, "
                "given when the briefing was built. That list is not part of ascof-xl's data: check its licence "
                "before sharing this workbook."]
    return [
        "No statistical neighbours were given, so the top and bottom quartile lists compare "
        f"{briefing['all_councils']['name']} and the region. CIPFA's nearest neighbours list is licensed by CIPFA, "
        "so none ships with ascof-xl.",
        "To compare with your own neighbours, give a neighbours file when you build the briefing (the neighbours "
        "box of the Build briefing button in Excel, or the neighbours option of the report command). The file "
        "lists each council's neighbours, as CSV (the council first on each row, then its neighbours) or as JSON "
        "(each council's name with the list of its neighbours); names, ONS codes and CASSR codes all work.",
    ]


def rounded_counts(briefing: dict[str, Any]) -> list[str]:
    """A paragraph for each measure shown whose published counts are rounded to 5 (from the catalogue's source)."""
    found = []
    for measure in briefing["measures"]:
        detail = measure_info(measure["code"], briefing["year"]).get("source_detail", "")
        if "rounded to 5" in detail:
            found.append(f"{measure['code']}: the published counts are rounded to the nearest 5 ({detail}), so "
                         f"{measure['code']}'s outcome cannot be reproduced exactly from them, and an interval "
                         "formed from them is approximate.")
    return found


def comparator_sentence(profile: dict[str, Any]) -> str:
    """What a group's comparator value is, with any warning the core gives about it."""
    what = "the median of its councils" if profile["comparator_kind"] == MEDIAN else "the published aggregate"
    return " ".join([f"{profile['label']}: {what}.", *(sentence(w) for w in profile["warnings"])])


def write_notes(sheet: Worksheet, briefing: dict[str, Any]) -> None:
    """Fill the Notes sheet."""
    set_widths(sheet, {get_column_letter(i): w for i, (_, w) in enumerate(DEFINITION_COLUMNS, 1)})
    out = SheetWriter(sheet, LAST_COLUMN, page_points=LANDSCAPE_POINTS)
    everyone = briefing["all_councils"]
    out.heading(f"Notes: {briefing['council']['name']}, ASCOF {briefing['year']}{everyone['mark']}", TITLE)
    out.paragraph("The data's sources and licence are on the Contents sheet.", NOTE)
    if everyone["note"]:
        out.paragraph(everyone["note"], NOTE)
    out.skip()
    out.heading("Statistical neighbours", SUBHEADING)
    for paragraph in neighbour_paragraphs(briefing):
        out.paragraph(paragraph)
    rounded = rounded_counts(briefing)
    if rounded:
        out.skip()
        out.heading("Published counts rounded", SUBHEADING)
        for paragraph in rounded:
            out.paragraph(paragraph)
    out.skip()
    out.heading("Method", SUBHEADING)
    for paragraph in [*method_paragraphs(briefing), statistics_note(briefing)]:
        out.paragraph(paragraph)
        out.gap(3)
    out.skip()
    out.heading("Series breaks", SUBHEADING)
    breaks = series_break_notes(briefing)
    if not breaks:
        out.paragraph("The publication records no break in series, and no year set apart, for the measures and "
                      "years shown.")
    for text in breaks:
        out.paragraph(text)
    out.skip()
    out.keep_with_next(120)
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
        for cell in out.cells(values, SMALL):
            cell.alignment = WRAP
        fit_cells(out.sheet, out.row - 1, [(str(v), w * 10 / 9) for v, (_, w) in zip(values, DEFINITION_COLUMNS)],
                  line_points=11.5)
    table = Table(displayName="Definitions", ref=f"A{first}:G{out.row - 1}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    out.sheet.add_table(table)


def statistics_note(briefing: dict[str, Any]) -> str:
    """How many measures could be tested for significance and trend, and why the others could not."""
    stats = briefing["statistics"]
    text = (f"Significance against last year needs a confidence interval: {stats['with_interval']} of the "
            f"{stats['with_value']} measures with a value in {briefing['year']} have one.")
    if stats["without_interval"]:
        reasons = "; ".join(f"{reason}: {count}" for reason, count in stats["without_interval"].items())
        text += (f" Without one ({reasons}), a change of {LARGE_CHANGE:.0%} or more of last year's value is "
                 "reported untested.")
    text += (" A trend needs five comparable values. Measures with no value this year are listed on the "
             "Measures sheet with the publication's marker.")
    return text
