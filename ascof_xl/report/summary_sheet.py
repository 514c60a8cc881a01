"""The Summary sheet, in the scrutiny briefing's own form: the quartile profile against each group
with the change from last year, the top and bottom lists, positive progress and measures to watch."""

from __future__ import annotations

from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from ascof_xl.benchmark.quartiles import BANDS
from ascof_xl.report.quartile_lists import group_name
from ascof_xl.report.sheet_writer import SheetWriter
from ascof_xl.report.styles import (
    BAND_FILLS, BODY, BOLD, CENTRE, HEADER_FILL, NOTE, RULE, SUBHEADING, TITLE, WRAP, page_setup, set_widths,
)
from ascof_xl.report.wording import BAND_HEADINGS, sentence

LAST_COLUMN = 7  # A to G
CHANGE_FORMAT = '+0;-0;0'


def write_summary(sheet: Worksheet, briefing: dict[str, Any], attribution: str) -> None:
    """Fill the Summary sheet from the briefing."""
    council, year = briefing["council"]["name"], briefing["year"]
    set_widths(sheet, {"A": 9, "B": 33, "C": 13, "D": 13, "E": 13, "F": 13, "G": 11})
    out = SheetWriter(sheet, LAST_COLUMN)
    out.heading(f"Adult Social Care Outcomes Framework {year}: {council}", TITLE)
    out.paragraph(opening(briefing), BODY)
    out.skip()
    out.heading("1. Quartile profile")
    for profile in briefing["profiles"]:
        write_profile(out, briefing, profile)
    if not briefing["neighbours_file"]:
        write_no_neighbours(out, briefing)
    write_changed_measures(out, briefing)
    out.page_break()
    out.heading("2. Top and bottom quartile performance")
    for listed in briefing["quartile_lists"]:
        write_list(out, listed)
    out.keep_with_next(80)
    out.heading("3. Positive progress")
    write_evidence(out, briefing["progress"], "No measure improved significantly, had an improving trend or moved "
                                              "into the top quartile.")
    out.keep_with_next(80)
    out.heading("4. Measures to watch")
    write_evidence(out, briefing["watch"], "No measure worsened significantly, had a worsening trend or moved "
                                           "into the bottom quartile.")
    out.paragraph(statistics_note(briefing), NOTE)
    out.skip()
    out.paragraph("Definitions, method, series breaks and every figure: see the Measures, Charts and Notes sheets. "
                  + attribution, NOTE)
    sheet.print_area = f"A1:G{out.row - 1}"
    page_setup(sheet, landscape=False, title=f"{council}: ASCOF {year} briefing")


def opening(briefing: dict[str, Any]) -> str:
    """The sentence under the title: what is compared with what, and how bands are set."""
    groups = [group_name(p["kind"], p["label"]) for p in briefing["profiles"]]
    against = ", ".join(groups[:-1]) + " and " + groups[-1]
    return (
        f"How {briefing['council']['name']} compares with {against} on every ASCOF measure published for "
        f"{briefing['year']}, with the change from {briefing['previous_year']}. Bands are quartiles of the "
        "councils in each group with a value (Excel QUARTILE.INC); the top quartile is always the best "
        "performing, whichever way round the measure runs."
    )


def write_profile(out: SheetWriter, briefing: dict[str, Any], profile: dict[str, Any]) -> None:
    """The two tables of the briefing for one group: with and without the carers' survey measures."""
    name = group_name(profile["kind"], profile["label"])
    members = f", {profile['councils']} councils" if profile["kind"] == "neighbours" else ""
    for suffix, wording in (("", "including"), ("_excluding_carers", "excluding")):
        out.keep_with_next(110)  # heading, header and two rows together
        out.heading(f"Against {name}{members}: profile {wording} the carers' survey measures", SUBHEADING)
        header = out.cells(["Measures in each band", None, *(BAND_HEADINGS[b] for b in BANDS), "Measures banded"],
                           BOLD, height=28)
        out.sheet.merge_cells(start_row=out.row - 1, start_column=1, end_row=out.row - 1, end_column=2)
        for cell in header:
            cell.alignment, cell.fill, cell.border = CENTRE, HEADER_FILL, RULE
        for cell, band in zip(header[2:6], BANDS):
            cell.fill = BAND_FILLS[band]
        header[0].alignment = WRAP
        counts = profile[f"bands{suffix}"]
        row = out.cells([f"{briefing['council']['name']} {briefing['year']}", None,
                         *(counts[b] for b in BANDS), sum(counts.values())], BODY)
        _merge_label(out)
        for cell in row[2:]:
            cell.alignment = CENTRE
        change = profile[f"bands_change{suffix}"]
        label = f"Change from {profile['previous_year']} (+/-)"
        if change is None:
            out.cells([label, None, f"not available: {profile['previous_year']} is not loaded or has no "
                                    "figures for this council"], BODY)
            _merge_label(out)
            out.sheet.merge_cells(start_row=out.row - 1, start_column=3, end_row=out.row - 1, end_column=LAST_COLUMN)
        else:
            before = profile[f"bands_previous{suffix}"]
            row = out.cells([label, None, *(change[b] for b in BANDS),
                             sum(counts.values()) - sum(before.values())], BODY)
            _merge_label(out)
            for cell in row[2:]:
                cell.alignment, cell.number_format = CENTRE, CHANGE_FORMAT
        out.skip()
    for warning in profile["warnings"]:
        out.paragraph(sentence(warning), NOTE)


def _merge_label(out: SheetWriter) -> None:
    out.sheet.merge_cells(start_row=out.row - 1, start_column=1, end_row=out.row - 1, end_column=2)


def write_no_neighbours(out: SheetWriter, briefing: dict[str, Any]) -> None:
    """Say that no neighbours were given and how to add them."""
    council = briefing["council"]["name"]
    out.heading("Against statistical neighbours: not included", SUBHEADING)
    out.paragraph(
        "No neighbours file was given. CIPFA's nearest neighbours list is licensed by CIPFA, so none ships "
        "with ascof-xl; the lists below compare England and the region instead. To add your own, run: "
        f"ascof-xl report --council \"{council}\" --neighbours neighbours.json -o briefing.xlsx, where the "
        f"file lists each council's neighbours, as JSON ({{\"{council}\": [\"Barnsley\", \"Doncaster\", ...]}}) "
        "or as CSV (the council first on each row, then its neighbours). Names, ONS codes and CASSR codes "
        "all work."
    )
    out.skip()


def write_changed_measures(out: SheetWriter, briefing: dict[str, Any]) -> None:
    """When the measures banded differ from last year's, say so: a count can change without performance."""
    england = briefing["profiles"][0]
    before = england["bands_previous"]
    if before is None or sum(before.values()) == england["n_measures"]:
        return
    missing = [m["code"] for m in briefing["measures"] if m["value"] is None and m["previous_value"] is not None]
    new = [m["code"] for m in briefing["measures"] if m["value"] is not None and m["previous_value"] is None]
    text = (f"{england['n_measures']} measures were banded in {briefing['year']} and {sum(before.values())} in "
            f"{briefing['previous_year']}, so the changes above count measures added or missing as well as "
            "changes in performance.")
    if missing:
        text += f" No value this year: {', '.join(missing)}."
    if new:
        text += f" No value last year: {', '.join(new)}."
    out.paragraph(text, NOTE)
    out.skip()


def write_list(out: SheetWriter, listed: dict[str, Any]) -> None:
    """One of the briefing's lists: a heading, then one row per measure (code, short title)."""
    out.keep_with_next(50)
    out.heading(f"{listed['heading']} ({len(listed['measures'])})", SUBHEADING)
    if not listed["measures"]:
        out.paragraph("None.", BODY, first_column=2)
    for entry in listed["measures"]:
        against = f" (against {entry['against']} only)" if entry.get("against") else ""
        out.label(entry["code"])
        out.paragraph(entry["short_title"] + against, BODY, first_column=2)
    out.skip()


def write_evidence(out: SheetWriter, entries: list[dict[str, Any]], none_text: str) -> None:
    """Positive progress or measures to watch: each measure, then its evidence, one sentence a row."""
    if not entries:
        out.paragraph(none_text, BODY, first_column=2)
    for entry in entries:
        out.keep_with_next(45)  # the measure with its first sentence of evidence
        out.label(entry["code"])
        out.paragraph(entry["short_title"], BOLD, first_column=2)
        for evidence in entry["evidence"]:
            out.paragraph(f"– {sentence(evidence)}", BODY, first_column=2)
    out.skip()


def statistics_note(briefing: dict[str, Any]) -> str:
    """How many measures could be tested for significance and trend, and why the others could not."""
    stats = briefing["statistics"]
    text = (f"Significance against last year needs a confidence interval: {stats['with_interval']} of the "
            f"{stats['with_value']} measures with a value in {briefing['year']} have one.")
    if stats["without_interval"]:
        reasons = "; ".join(f"{reason}: {count}" for reason, count in stats["without_interval"].items())
        text += f" Without one ({reasons})."
    text += (" A trend needs five comparable values. Measures with no value this year are listed on the "
             "Measures sheet with the publication's marker.")
    return text
