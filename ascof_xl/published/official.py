"""The official open-data long layout: one row per area, measure code, disaggregation and type."""

from __future__ import annotations

import pandas as pd

from ascof_xl.councils import load_councils
from ascof_xl.errors import AscofError
from ascof_xl.published.tidy import (
    TIDY_COLUMNS,
    normalise_level,
    normalise_measure_type,
    read_values,
    suffix_for,
    normalise_total,
)

# The columns as published; matched without regard to case or spacing.
COLUMNS = (
    "Geographical Description",
    "Geographical Level",
    "ONS Code",
    "ASCOF Measure Code",
    "Disaggregation Level",
    "Measure Type",
    "Measure Value",
)
REQUIRED = frozenset(c.lower() for c in COLUMNS)


def to_tidy(text: pd.DataFrame, year: str, where: str) -> pd.DataFrame:
    """Turn an official open-data table (text cells, normalised headers) into the tidy table.

    Rows of a level or measure type ascof-xl does not use are left out, and a note in
    `attrs["notes"]` says so; a file left with no rows is an error.
    """
    level, level_notes = normalise_level(text["geographical level"], where)
    measure_type, type_notes = normalise_measure_type(text["measure type"], where)
    keep = level.notna() & measure_type.notna()
    if not keep.any():
        raise AscofError(f"{where}: no rows ascof-xl can read. " + " ".join(level_notes + type_notes))
    text, level, measure_type = text[keep], level[keep], measure_type[keep]
    values, markers = read_values(text["measure value"], where)
    code = text["ascof measure code"].str.upper()
    disaggregation = normalise_total(text["disaggregation level"])
    cassr = text.get("geographical code", pd.Series("", index=text.index))
    tidy = pd.DataFrame(
        {
            "year": year,
            "area_code": _area_codes(text, level, cassr, year),
            "cassr_code": cassr,
            "area_name": text["geographical description"],
            "level": level,
            "measure": code,
            "group": _groups(text, code, disaggregation),
            "disaggregation": disaggregation,
            "measure_type": measure_type,
            "value": values,
            "marker": markers,
        }
    )
    tidy = tidy.loc[:, list(TIDY_COLUMNS)].reset_index(drop=True)
    tidy.attrs["notes"] = level_notes + type_notes
    return tidy


def _area_codes(text: pd.DataFrame, level: pd.Series, cassr: pd.Series, year: str) -> pd.Series:
    """ONS code of each row; a council without one by its CASSR code; a council type by its name."""
    ons = text["ons code"]
    by_cassr = {c.cassr_code: c.ons_code for c in load_councils() if c.cassr_code and c.existed_in(year)}
    from_cassr = cassr.map(by_cassr).where(level == "council")
    fallback = from_cassr.fillna("type:" + text["geographical description"])
    return ons.where(ons != "", fallback)


def _groups(text: pd.DataFrame, code: pd.Series, disaggregation: pd.Series) -> pd.Series:
    """The measure group: as published, or else the code without its disaggregation suffix."""
    published = text["measure group"].str.upper() if "measure group" in text.columns else None
    if published is not None and (published != "").all():
        return published
    suffixes = disaggregation.map(suffix_for)
    derived = pd.Series(
        [c[: len(c) - len(s)] if s and c.endswith(s) else c for c, s in zip(code, suffixes)], index=text.index
    )
    return derived if published is None else published.where(published != "", derived)
