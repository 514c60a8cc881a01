"""The Summary sheet: the headline first, then the quartile profile against each group as Excel
tables, the top and bottom quartile lists, positive progress, measures to watch and other changes,
each with its evidence. Text runs one printed line to a row; nothing is merged."""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ascof_xl.benchmark.quartiles import BANDS
from ascof_xl.report.quartile_lists import group_name
from ascof_xl.report.sheet_writer import SheetWriter
from ascof_xl.report.styles import (
    BAND_FILLS, BAND_HEADER_FONTS, BODY, BOLD, CENTRE, HEADER_FILL, HEADLINE, NOTE, SUBHEADING, TITLE, WRAP,
    fit_cells, page_setup, set_widths,
)
from ascof_xl.report.wording import BAND_HEADINGS, band_word, sentence
from ascof_xl.story import Entry

WIDTHS = {"A": 9, "B": 50, "C": 9.5, "D": 9.5, "E": 9.5, "F": 9.5, "G": 9.5}
LAST_COLUMN = len(WIDTHS)
CHANGE_FORMAT = '+0;-0;0'
TABLE_STYLE = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)


def write_summary(sheet: Worksheet, briefing: dict[str, Any]) -> None:
    """Fill the Summary sheet from the briefing."""
    council, year, everyone = briefing["council"]["name"], briefing["year"], briefing["all_councils"]
    set_widths(sheet, WIDTHS)
    out = SheetWriter(sheet, LAST_COLUMN)
    framework = "ASCOF" if everyone["provisional"] else "Adult Social Care Outcomes Framework"  # room for the mark
    out.heading(f"{framework} {year}: {council}{everyone['mark']}", TITLE)
    if everyone["note"]:
        out.paragraph(everyone["note"], NOTE)
    out.heading("Headline", SUBHEADING)
    for text in briefing["story"].headline:
        out.paragraph(text, HEADLINE)
        out.gap()
    out.skip()
    out.heading("Quartile profile")
    carers = any(m["survey"] == "carers" and m["value"] is not None for m in briefing["measures"])
    if not carers:
        out.paragraph(f"There was no carers' survey in {year} (it runs every other year), so each group has one "
                      "profile; the change is counted without the carers' measures in both years, like with like.",
                      NOTE)
    for profile in briefing["profiles"]:
        write_profile(out, briefing, profile, carers)
    write_changed_measures(out, briefing)
    out.heading("Top and bottom quartile performance")
    lists = briefing["quartile_lists"]
    for both, one in zip(lists[::2], lists[1::2]):
        write_list(out, both, one)
    sections = (
        ("Positive progress", briefing["story"].progress, "No measure's value improved significantly, improved two "
                                                          "years running or changed markedly for the better."),
        ("Measures to watch", briefing["story"].watch, "No measure worsened significantly, worsened two years "
                                                       "running or was in the bottom quartile against both groups."),
        ("Other changes to read with care", briefing["story"].context, None),
    )
    for title, entries, none_text in sections:
        if entries or none_text:
            out.keep_with_next(80)
            out.heading(title)
            write_entries(out, entries, none_text, everyone["name"])
    sheet.print_area = f"A1:G{out.row - 1}"
    page_setup(sheet, landscape=False, title=f"{council}: ASCOF {year} briefing")


def profile_rows(briefing: dict[str, Any], profile: dict[str, Any], carers: bool) -> list[list[Any]]:
    """The rows of one group's profile table: counts, then their change, with and without the carers' survey."""
    year, before = briefing["year"], profile["previous_year"]
    kinds = [("", "All measures"), ("_excluding_carers", "Without the carers' survey")][: 2 if carers else 1]
    rows = []
    for suffix, words in kinds:
        counts = profile[f"bands{suffix}"]
        rows.append([year, words, *(counts[b] for b in BANDS), sum(counts.values())])
        change_suffix = suffix if carers else "_excluding_carers"
        change, previous = profile[f"bands_change{change_suffix}"], profile[f"bands_previous{change_suffix}"]
        like = "" if carers else ", without its carers' survey measures"
        if change is None:
            rows.append(["Change", f"From {before}: not available ({before} is not loaded or has no figures "
                                   "for this council)", None, None, None, None, None])
        else:
            now = profile[f"bands{change_suffix}"]
            rows.append(["Change", f"{words}: change from {before}{like}", *(change[b] for b in BANDS),
                         sum(now.values()) - sum(previous.values())])
    return rows


def write_profile(out: SheetWriter, briefing: dict[str, Any], profile: dict[str, Any], carers: bool) -> None:
    """One group's profile as an Excel table: a header row with each band's word on its colour, then the rows."""
    name = group_name(profile["kind"], profile["label"])
    members = f", {profile['councils']} councils" if profile["kind"] == "neighbours" else ""
    rows = profile_rows(briefing, profile, carers)
    out.keep_with_next(40 + 30 * len(rows))
    out.heading(f"Against {name}{members}", SUBHEADING)
    first = out.row
    header = out.cells(["Year", "Measures counted", *(BAND_HEADINGS[b] for b in BANDS), "Measures banded"],
                       BOLD, height=40)
    for cell in header:
        cell.alignment, cell.fill = CENTRE, HEADER_FILL
    for cell, band in zip(header[2:6], BANDS):
        cell.fill, cell.font = BAND_FILLS[band], BAND_HEADER_FONTS[band]
    for values in rows:
        written = out.cells(values, BODY)
        for cell in written[:2]:
            cell.alignment = WRAP
        fit_cells(out.sheet, out.row - 1, [(str(values[1]), WIDTHS["B"])])
        for cell in written[2:]:
            cell.alignment = CENTRE
            if values[0] == "Change":
                cell.number_format = CHANGE_FORMAT
    add_table(out, f"Profile_{profile['kind']}", first, LAST_COLUMN)
    for warning in profile["warnings"]:
        out.paragraph(sentence(warning), NOTE)
    out.skip()


def add_table(out: SheetWriter, name: str, first_row: int, last_column: int) -> None:
    """Mark the rows from `first_row` (its header) to the row just written as an Excel table."""
    table = Table(displayName=name, ref=f"A{first_row}:{get_column_letter(last_column)}{out.row - 1}")
    table.tableStyleInfo = TABLE_STYLE
    out.sheet.add_table(table)


def write_changed_measures(out: SheetWriter, briefing: dict[str, Any]) -> None:
    """When the measures banded differ from last year's, say so: a count can change without performance."""
    england = briefing["profiles"][0]
    before = england["bands_previous"]
    if before is None or sum(before.values()) == england["n_measures"]:
        return
    missing = [m["code"] for m in briefing["measures"] if m["value"] is None and m["previous_value"] is not None]
    new = [m["code"] for m in briefing["measures"] if m["value"] is not None and m["previous_value"] is None]
    text = (f"{england['n_measures']} measures were banded in {briefing['year']} and {sum(before.values())} in "
            f"{briefing['previous_year']}, so the changes in all measures count measures added or missing as well "
            "as changes in performance.")
    if missing:
        text += f" No value this year: {', '.join(missing)}."
    if new:
        text += f" No value last year: {', '.join(new)}."
    out.paragraph(text, NOTE)
    out.skip()


SHORT_GROUPS = {"region": "the region", "neighbours": "the neighbours"}  # else the group as the lists name it


def list_sentences(both: dict[str, Any], one: dict[str, Any]) -> list[str]:
    """A band's two lists as the seed briefing writes them: the codes against both groups, then against one only."""
    def codes(entries: list[dict[str, Any]], with_group: bool) -> str:
        if not entries:
            return "none"
        return ", ".join(e["code"] + (f" ({SHORT_GROUPS.get(e['group'], e['against'])})" if with_group else "")
                         for e in entries)

    return [f"{both['heading']} ({len(both['measures'])}): {codes(both['measures'], False)}.",
            f"Against one of them only ({len(one['measures'])}): {codes(one['measures'], True)}."]


def write_list(out: SheetWriter, both: dict[str, Any], one: dict[str, Any]) -> None:
    """A band's two lists, in two sentences of codes; each measure's title is on the Measures sheet."""
    for text in list_sentences(both, one):
        out.paragraph(text, BODY)
    out.skip()


GROUPED = {  # entries whose points are all of one of these rules are named together, in one sentence
    "series break": "Not compared with earlier years, for a break in series (see Notes)",
    "bottom against both": "Also in the bottom quartile against both groups of the lists above",
}


def write_entries(out: SheetWriter, entries: tuple[Entry, ...], none_text: str | None, everyone: str) -> None:
    """Each measure's code, short title and band, then its evidence, one point a paragraph; measures listed
    only for a break in series, or only for the bottom quartile against both groups, are named together.
    `everyone` names the all-councils group the bands are against."""
    if not entries and none_text:
        out.paragraph(none_text, BODY)
    grouped = {rule: [e for e in entries if any(p.rule == rule for p in e.points)
                      and all(p.rule in (rule, "regional end") for p in e.points)] for rule in GROUPED}
    named = {e.code for alike in grouped.values() for e in alike}
    for entry in (e for e in entries if e.code not in named):
        out.keep_with_next(45)  # the measure with its first point
        out.label(entry.code, BOLD)
        band = f" ({band_word(entry.band)} against {everyone})" if entry.band else ""
        out.paragraph(entry.short_title + band, BOLD, first_column=2)
        for point in entry.points:
            out.paragraph(f"– {sentence(point.says)}", BODY, first_column=2)
    for rule, alike in grouped.items():
        if alike:
            out.paragraph(f"{GROUPED[rule]}: {', '.join(e.code for e in alike)}.", BODY)
    out.skip()
