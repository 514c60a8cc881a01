"""The official open-data long layout: one row per area, measure code, disaggregation and type."""

from __future__ import annotations

import pandas as pd

from ascof_xl.published.tidy import TIDY_COLUMNS, normalise_level, normalise_measure_type, read_values, suffix_for

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


def to_tidy(frame: pd.DataFrame, year: str, where: str) -> pd.DataFrame:
    """Turn an official open-data table (text cells, normalised headers) into the tidy table."""
    text = frame.fillna("").astype(str).apply(lambda column: column.str.strip())
    values, markers = read_values(text["measure value"], where)
    level = normalise_level(text["geographical level"], where)
    code = text["ascof measure code"].str.upper()
    disaggregation = text["disaggregation level"].replace("", "Total")
    ons = text["ons code"]
    cassr = text.get("geographical code", pd.Series("", index=text.index))
    area_code = ons.where(ons != "", "type:" + text["geographical description"])
    tidy = pd.DataFrame(
        {
            "year": year,
            "area_code": area_code,
            "cassr_code": cassr,
            "area_name": text["geographical description"],
            "level": level,
            "measure": code,
            "group": _groups(text, code, disaggregation),
            "disaggregation": disaggregation,
            "measure_type": normalise_measure_type(text["measure type"], where),
            "value": values,
            "marker": markers,
        }
    )
    return tidy.loc[:, list(TIDY_COLUMNS)]


def _groups(text: pd.DataFrame, code: pd.Series, disaggregation: pd.Series) -> pd.Series:
    """The measure group: as published, or the code without its disaggregation suffix."""
    derived = [
        c[: len(c) - len(s)] if s and c.endswith(s) else c
        for c, s in zip(code, disaggregation.map(suffix_for))
    ]
    derived = pd.Series(derived, index=text.index)
    if "measure group" not in text.columns:
        return derived
    published = text["measure group"].str.upper()
    return published.where(published != "", derived)
