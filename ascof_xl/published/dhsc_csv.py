"""DHSC's open-data CSV from 2024-25: bare measure codes, the age or gender in its own column.

Columns: `Geographical code, Geographical description, Geographical level, ONS code, ASCOF
measure code, Disaggregation level, Measure type, Measure value`, in sentence case, with no
measure group columns. A code is written bare (`1A`, `2D(1)`) and the disaggregation
(`18 to 64`, `Female`) says which part of it a row is, so the tidy code is the canonical code
with the disaggregation's suffix (`1A` + `18 to 64` is 1A1864); a code that already ends with
its suffix, as older files wrote them, is kept. Levels are `Local authority`, `Regional`,
`Council type` and `England` (or `National`); council types without an ONS code get their one
area code. Rows of an unknown level, type or disaggregation are left out with a note.
"""

from __future__ import annotations

import re

import pandas as pd

from ascof_xl.catalogue import canonical_code
from ascof_xl.councils import load_councils, region_ons_codes
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

REQUIRED = frozenset(
    {
        "geographical code",
        "geographical description",
        "geographical level",
        "ons code",
        "ascof measure code",
        "disaggregation level",
        "measure type",
        "measure value",
    }
)
GROUP_COLUMNS = frozenset({"measure group", "measure group description"})
# DHSC's names for the survey counts, as the time-series tables write them.
TYPE_ALIASES = {"number of respondents": "Base", "respondents": "Base"}



def band_label(text: str) -> str:
    """A disaggregation label in the older files' spelling: "18 to 64" as "18-64"."""
    return re.sub(r"(?<=\d)\s+to\s+(?=\d)", "-", " ".join(str(text).split()))


def to_tidy(text: pd.DataFrame, year: str, where: Source | str) -> pd.DataFrame:
    """Turn a 2024-25 open-data table (text cells, normalised headers, index the line) into the tidy table."""
    ledger = Ledger(text, where)
    level, level_notes = normalise_level(text["geographical level"], ledger.source)
    raw_types = text["measure type"].str.strip()
    aliased = raw_types.str.lower().map(TYPE_ALIASES).fillna(raw_types)
    measure_type, type_notes = normalise_measure_type(aliased, ledger.source)
    ledger.notes += level_notes + type_notes
    bands = map_distinct(band_label, text["disaggregation level"])
    disaggregation = normalise_total(pd.Series(bands, index=text.index))
    suffix = pd.Series(map_distinct(suffix_for, disaggregation), index=text.index)
    readable = (level.notna() & measure_type.notna()).to_numpy()
    ledger.leave_out(text.index[~readable], None)
    unknown_band = readable & ((disaggregation != "Total") & (suffix == "")).to_numpy()
    if unknown_band.any():
        shown = ", ".join(repr(d) for d in sorted(set(disaggregation[unknown_band]))[:3])
        ledger.leave_out(text.index[unknown_band], f"of the disaggregation(s) {shown}, which ascof-xl has no code for")
    keep = readable & ~unknown_band
    if not keep.any():
        raise AscofError(f"{ledger.source}: no rows ascof-xl can read. " + " ".join(ledger.notes))
    text, level, measure_type = text[keep], level[keep], measure_type[keep]
    disaggregation, suffix = disaggregation[keep], suffix[keep]
    code = pd.Series(map_distinct(canonical_code, text["ascof measure code"]), index=text.index)
    if (code == "").any():
        ledger.refuse(text.index[(code == "").to_numpy()][0], "the row has no 'ASCOF measure code'",
                      "fill it in from the file as published, or download the file again")
    measure = map_distinct(lambda c, s: c if not s or c.endswith(s) else c + s, code, suffix)
    group = map_distinct(lambda m, s: m[: len(m) - len(s)] if s else m, pd.Series(measure), suffix)
    values, markers = read_values(text["measure value"], ledger.source)
    by_cassr = {c.cassr_code: c.ons_code for c in load_councils() if c.cassr_code and c.existed_in(year)}
    areas = map_distinct(
        lambda o, g, n, lv: _area(o, g, n, lv, by_cassr),
        text["ons code"], text["geographical code"], text["geographical description"], level,
    )
    tidy = tidy_frame(text.index, areas, year=year, level=level, measure=measure,
                      group=group, disaggregation=disaggregation, measure_type=measure_type,
                      value=values, marker=markers)
    return ledger.close(tidy)


def _area(ons: str, code: str, name: str, level: str, by_cassr: dict[str, str]) -> tuple[str, str, str]:
    """(area code, published code, name): the ONS code, else a council's by its CASSR code and a region's
    by its letter code (DHSC's own example writes North East as E1200001); a council type by its one
    area code."""
    ons = ons.strip().upper()
    if level == "council type":
        letter = council_type_letter(code) or council_type_letter(name)
        if letter:
            type_code, type_name = council_type_area(letter)
            return type_code, letter, type_name
        return f"type:{name}", code, name
    if level == "england" and not ons.startswith("E92"):
        return "E92000001", code, name
    if level == "council" and not ons.startswith("E"):
        return by_cassr.get(code, ons), code, name
    if level == "region" and not re.fullmatch(r"E12\d{6}", ons):
        return region_ons_codes().get(code.upper(), ons), code, name
    return ons, code, name
