"""The all-years outcome CSV: every year's outcome values in one table, told apart by a `Year` column.

Columns: `Year, Geographical Description, ONS Code, Measure Group, Measure Group Description,
Measure_Value, Geographical Level, Disaggregation Level, Measure Type`. The level is written
`Council Type` in some years and `Council type` in others; 2023-24 is in the revised codes with
a blank disaggregation (read as Total) and a blank measure type (read as Outcome). The codes
are the measure groups as published, in the canonical form (`2D1`, `3D1A`).
"""

from __future__ import annotations

import pandas as pd

from ascof_xl.catalogue import canonical_code
from ascof_xl.councils import councils_by_ons_code
from ascof_xl.errors import AscofError
from ascof_xl.published.accounting import Ledger, Source
from ascof_xl.published.columns import map_distinct
from ascof_xl.published.council_types import council_type_area, council_type_letter
from ascof_xl.published.tidy import (
    normalise_level,
    normalise_measure_type,
    normalise_total,
    read_values,
    suffix_for,
    tidy_frame,
)
from ascof_xl.years import parse_year

REQUIRED = frozenset(
    {"year", "geographical description", "geographical level", "ons code", "measure group", "measure value"}
)



def to_tidy(text: pd.DataFrame, year: str | None, where: Source | str) -> pd.DataFrame:
    """Turn the all-years table (text cells, normalised headers, index the line) into the tidy table.

    `year` keeps that year only. Rows of a level, measure type or disaggregation ascof-xl does not
    read are left out with a note naming their lines.
    """
    ledger = Ledger(text, where)
    years = _years(text["year"], ledger)
    other_year = pd.Series(False, index=text.index)
    if year:
        wanted = parse_year(year)
        if not (years == wanted).any():
            held = ", ".join(sorted(set(years)))
            raise AscofError(f"{ledger.source} holds no rows for {wanted}; it holds {held}.")
        other_year = years != wanted
        ledger.leave_out(text.index[other_year.to_numpy()], f"of years other than {wanted}, the year asked for")
    level, level_notes = normalise_level(text["geographical level"], ledger.source)
    types = text["measure type"] if "measure type" in text.columns else pd.Series("", index=text.index)
    measure_type, type_notes = normalise_measure_type(types.where(types.str.strip() != "", "Outcome"), ledger.source)
    ledger.notes += level_notes + type_notes
    readable = (level.notna() & measure_type.notna()).to_numpy()
    ledger.leave_out(text.index[~readable], None)
    disaggregation = normalise_total(text.get("disaggregation level", pd.Series("", index=text.index)))
    suffix = pd.Series(map_distinct(suffix_for, disaggregation), index=text.index)
    unknown_band = readable & ((disaggregation != "Total") & (suffix == "")).to_numpy()
    if unknown_band.any():
        shown = ", ".join(repr(d) for d in sorted(set(disaggregation[unknown_band]))[:3])
        ledger.leave_out(text.index[unknown_band], f"of the disaggregation(s) {shown}, which ascof-xl has no code for")
    keep = readable & ~unknown_band & ~other_year.to_numpy()
    if not keep.any():
        raise AscofError(f"{ledger.source}: no rows ascof-xl can read. " + " ".join(ledger.notes))
    text, level, measure_type = text[keep], level[keep], measure_type[keep]
    years, disaggregation, suffix = years[keep], disaggregation[keep], suffix[keep]
    group = pd.Series(map_distinct(canonical_code, text["measure group"]), index=text.index)
    if (group == "").any():
        ledger.refuse(text.index[(group == "").to_numpy()][0], "the row has no 'Measure Group'",
                      "fill it in from the file as published, or download the file again")
    values, markers = read_values(text["measure value"], ledger.source)
    areas = map_distinct(_area, text["ons code"], text["geographical description"], level)
    tidy = tidy_frame(text.index, areas, year=years, level=level, measure=group + suffix,
                      group=group, disaggregation=disaggregation, measure_type=measure_type,
                      value=values, marker=markers)
    return ledger.close(tidy)


def _years(column: pd.Series, ledger: Ledger) -> pd.Series:
    """Each row's financial year; a cell that is not one is refused, naming its line."""

    def year_of(text: str) -> str:
        try:
            return parse_year(text)
        except AscofError:
            line = column.index[(column == text).to_numpy()][0]
            ledger.refuse(line, f"'Year' says '{text}', which is not a financial year", "write it like 2019-20")

    return pd.Series(map_distinct(year_of, column), index=column.index)


def _area(ons: str, name: str, level: str) -> tuple[str, str, str]:
    """(area code, CASSR or letter code, name) of a row; council types by their one area code."""
    if level == "council type":
        letter = council_type_letter(name)
        if letter:
            type_code, type_name = council_type_area(letter)
            return type_code, letter, type_name
        return f"type:{name}", "", name
    if level == "england":
        return ons or "E92000001", "", name
    council = councils_by_ons_code().get(ons) if level == "council" else None
    return ons, council.cassr_code if council else "", name
