"""The official open-data long layout: one row per area, measure code, disaggregation and type."""

from __future__ import annotations

import pandas as pd

from ascof_xl.councils import load_councils
from ascof_xl.errors import AscofError
from ascof_xl.published.accounting import Ledger, Source
from ascof_xl.published.tidy import (
    area_codes_by_name,
    normalise_level,
    normalise_measure_type,
    read_values,
    suffix_for,
    tidy_frame,
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


def to_tidy(text: pd.DataFrame, year: str, where: Source | str) -> pd.DataFrame:
    """Turn an official open-data table (text cells, normalised headers, index the line) into the tidy table.

    Rows of a level or measure type ascof-xl does not use, and council rows that name no council,
    are left out with a note naming their lines; a row without a measure code is refused; a file
    left with no rows is an error.
    """
    ledger = Ledger(text, where)
    level, level_notes = normalise_level(text["geographical level"], ledger.source)
    measure_type, type_notes = normalise_measure_type(text["measure type"], ledger.source)
    ledger.notes += level_notes + type_notes
    keep = (level.notna() & measure_type.notna()).to_numpy()
    ledger.leave_out(text.index[~keep], None)
    if not keep.any():
        raise AscofError(f"{ledger.source}: no rows ascof-xl can read. " + " ".join(level_notes + type_notes))
    text, level, measure_type = text[keep], level[keep], measure_type[keep]
    code = text["ascof measure code"].str.upper()
    if (code == "").any():
        ledger.refuse(text.index[(code == "").to_numpy()][0], "the row has no 'ASCOF Measure Code'",
                      "fill it in from the file as published, or download the file again")
    cassr = text.get("geographical code", pd.Series("", index=text.index))
    area = _area_codes(text, level, cassr, year)
    lost = area.isna().to_numpy()
    if lost.any():
        ledger.leave_out(text.index[lost], "of councils with neither an ONS code nor a CASSR code ascof-xl knows")
        text, level, measure_type, code, cassr, area = (x[~lost] for x in (text, level, measure_type, code, cassr, area))
    values, markers = read_values(text["measure value"], ledger.source)
    disaggregation = normalise_total(text["disaggregation level"])
    tidy = tidy_frame(text.index, (area, cassr, text["geographical description"]), year=year, level=level,
                      measure=code, group=_groups(text, code, disaggregation), disaggregation=disaggregation,
                      measure_type=measure_type, value=values, marker=markers)
    return ledger.close(tidy)


def _area_codes(text: pd.DataFrame, level: pd.Series, cassr: pd.Series, year: str) -> pd.Series:
    """ONS code of each row; a council without one by its CASSR code (NaN when unknown); an area of
    another level (a council type) by its name, as every reader codes it."""
    ons = text["ons code"]
    by_cassr = {c.cassr_code: c.ons_code for c in load_councils() if c.cassr_code and c.existed_in(year)}
    from_cassr = cassr.map(by_cassr)
    fallback = from_cassr.where(level == "council", area_codes_by_name(text["geographical description"]))
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
