"""The tidy table every published layout is turned into, and the value rules they share.

One row per area, measure, disaggregation and measure type. A suppressed value is a
missing value with its marker ("c", "x", "z", ...), never a zero.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ascof_xl.councils import load_councils
from ascof_xl.errors import AscofError
from ascof_xl.published.accounting import Ledger, Source, locate
from ascof_xl.published.council_types import council_type_area, council_type_letter

TIDY_COLUMNS = (
    "year",  # financial year, "2019-20"
    "area_code",  # ONS code; for a council type without one, "type:<description>"
    "cassr_code",  # NHS Digital three-digit code, or the region/type letter code
    "area_name",
    "level",  # council | region | council type | england
    "measure",  # ASCOF measure code with its disaggregation suffix, e.g. 1C1B64U
    "group",  # ASCOF measure group, e.g. 1C1B
    "disaggregation",  # Total, 18-64, 65 and over, Female, ...
    "measure_type",  # Outcome | Numerator | Denominator | Base | Margin Of Error
    "value",  # float, NaN when missing
    "marker",  # "" for a number; otherwise why it is missing: c, x, z, blank ...
)

REQUIRED = frozenset(c.replace("_", " ") for c in TIDY_COLUMNS)

GEOGRAPHICAL_LEVELS = {
    "council": "council",
    "local authority": "council",
    "la": "council",
    "cassr": "council",
    "region": "region",
    "regional": "region",
    "council type": "council type",
    "england": "england",
    "national": "england",
}

MEASURE_TYPES = {
    "outcome": "Outcome",
    "numerator": "Numerator",
    "denominator": "Denominator",
    "base": "Base",
    "margin of error": "Margin Of Error",
}

# Open-data code suffix of each disaggregation label.
SUFFIXES = {
    "total": "",
    "18-64": "1864",
    "65 and over": "65OV",
    "64 and under": "64U",
    "65-84": "6584",
    "85 and over": "85OV",
    "65-74": "6574",
    "75-84": "7584",
    "female": "F",
    "male": "M",
}

# Text a publication writes instead of a number, and the marker it is kept as.
_MARKER = re.compile(r"^\[\s*([a-z]{1,4})\s*\]$|^([cxzu])$", re.IGNORECASE)
_BLANKS = {"", "-", "..", ":", "*", "n/a", "na", "nan", "none", "null"}


def read_values(text: pd.Series, where: object) -> tuple[pd.Series, pd.Series]:
    """Split a column of published text into numbers and markers.

    Numbers may carry thousands separators or a % sign. Markers such as [c], [x], [z],
    c or x, and blanks, become missing values with the marker kept. Any other text is an
    error that names the first offending row by its line in the file.
    """
    raw = text.astype("string").fillna("").str.strip() if text.dtype == object else text.fillna("").str.strip()
    values = pd.Series(_numbers(raw), index=raw.index)
    missing = values.isna()
    markers = pd.Series("", index=raw.index, dtype="object")
    if missing.any():
        gaps = raw[missing].str.lower()
        distinct = pd.Series(gaps.unique()).astype(object)  # a handful of markers, each parsed once
        parts = distinct.str.extract(_MARKER)
        found = gaps.map(dict(zip(distinct, parts[0].fillna(parts[1])))).astype(object)
        blank = gaps.isin(_BLANKS)
        unreadable = (found.isna() & ~blank).to_numpy()
        if unreadable.any():
            at = int(unreadable.argmax())
            raise AscofError(
                f"{locate(where, gaps.index[at])}: the value '{raw[missing].iloc[at]}' is neither a number nor a "
                "suppression marker such as [c] or [x]; correct the value or remove the row."
            )
        markers[missing.to_numpy()] = found.fillna("blank").where(~blank, "blank").to_numpy()
    return values, markers


# A number as published: thousands separated by commas only in whole groups of three ("21,600", never
# "21,6", which may be a decimal comma), an optional % sign.
_NUMBER = r"^[+-]?(\d{1,3}(,\d{3})+(\.\d*)?|\d+\.?\d*|\.\d+)([eE][+-]?\d+)?%?$"


def _numbers(raw: pd.Series) -> np.ndarray:
    """The numbers in trimmed text (thousands separators and a % sign allowed); NaN for anything else,
    infinite values included ("inf" and 1e400 are not published numbers). Parsed in Arrow where pyarrow is
    installed, else by pandas' string methods; never cell by cell."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:
        text = pd.Series(raw.to_numpy(dtype=object), dtype=object).fillna("").astype(str)
        numeric = text.str.match(_NUMBER)
        cleaned = text.str.replace(",", "", regex=False).str.rstrip("%").where(numeric)
        values = pd.to_numeric(cleaned, errors="coerce").to_numpy(dtype="float64")
        return np.where(np.isinf(values), np.nan, values)
    text = pa.array(raw.to_numpy(dtype=object), type=pa.string())
    numeric = pc.match_substring_regex(text, _NUMBER)
    cleaned = pc.utf8_rtrim(pc.replace_substring(text, ",", ""), characters="%")
    values = pc.cast(pc.if_else(numeric, cleaned, pa.scalar(None, pa.string())), pa.float64()).to_numpy(
        zero_copy_only=False
    )
    return np.where(np.isinf(values), np.nan, values)


def normalise_level(levels: pd.Series, where: str) -> tuple[pd.Series, list[str]]:
    """Map geographical level names to council, region, council type, england; unknown ones to NaN, with a note."""
    return _map_labels(levels, GEOGRAPHICAL_LEVELS, "Geographical Level", "Council, Region, Council Type and England", where)


def normalise_measure_type(types: pd.Series, where: str) -> tuple[pd.Series, list[str]]:
    """Map measure types to Outcome, Numerator, Denominator, Base, Margin Of Error; unknown ones to NaN, with a note."""
    return _map_labels(types, MEASURE_TYPES, "Measure Type", ", ".join(MEASURE_TYPES.values()), where)


def _map_labels(
    labels: pd.Series, mapping: dict[str, str], column: str, expected: str, where: object
) -> tuple[pd.Series, list[str]]:
    """Map published labels (any case or spacing) through `mapping`; a note names the rows left out."""
    codes, distinct = pd.factorize(labels, use_na_sentinel=False)  # a few distinct labels, each folded once
    folded = [mapping.get(" ".join(str(label).split()).lower()) for label in distinct]
    mapped = pd.Series(np.array(folded, dtype=object)[codes], index=labels.index, dtype=object)
    unknown = mapped.isna().to_numpy()
    if not unknown.any():
        return mapped, []
    bad = sorted(set(labels[unknown].astype(str)))
    shown = ", ".join(repr(b) for b in bad[:3]) + (" ..." if len(bad) > 3 else "")
    place = where.at_lines(labels.index[unknown]) if isinstance(where, Source) else str(where)
    note = f"{place}: left out {int(unknown.sum())} row(s) whose '{column}' is {shown}; ascof-xl reads {expected}."
    return mapped, [note]


# How publications have written the all-ages, all-people row (DHSC's activity files use 99).
_TOTAL_LABELS = {"", "total", "all", "all ages", "all persons", "persons", "99"}


def normalise_total(disaggregations: pd.Series) -> pd.Series:
    """Disaggregation labels with every spelling of the total row written "Total"."""
    is_total = disaggregations.str.strip().str.lower().isin(_TOTAL_LABELS)
    return disaggregations.where(~is_total, "Total")


def is_known_disaggregation(labels: pd.Series) -> pd.Series:
    """True where a label (Total already normalised) is one ascof-xl knows: Total, an age band or a sex."""
    return labels.str.strip().str.lower().isin(SUFFIXES)


def area_codes_by_name(names: pd.Series) -> pd.Series:
    """The area code of rows published without an ONS code: a council type's as every reader gives it
    (`council_types`, "type:Metropolitan Districts"), else "type:" and the name as published."""
    codes = {}
    for name in names.unique():
        letter = council_type_letter(name)
        codes[name] = council_type_area(letter)[0] if letter else f"type:{name}"
    return names.map(codes)


def suffix_for(disaggregation: str) -> str:
    """The open-data code suffix for a disaggregation label ("" for Total or an unknown label)."""
    return SUFFIXES.get(disaggregation.strip().lower(), "")


def tidy_frame(index: pd.Index, areas: list[tuple[str, str, str]] | tuple[pd.Series, pd.Series, pd.Series],
               **columns) -> pd.DataFrame:
    """The tidy table from a reader's columns, in TIDY_COLUMNS order, on the file's row index (which the
    ledger accounts by). `areas` is one (area code, CASSR code, name) per row, or the three columns."""
    if isinstance(areas, list):
        areas = tuple([area[i] for area in areas] for i in range(3))
    columns.update(zip(("area_code", "cassr_code", "area_name"), areas))
    return pd.DataFrame(columns, index=index).loc[:, list(TIDY_COLUMNS)]


def empty_tidy() -> pd.DataFrame:
    """A tidy table with no rows."""
    return pd.DataFrame({c: pd.Series(dtype="float64" if c == "value" else "object") for c in TIDY_COLUMNS})


def from_tidy_file(text: pd.DataFrame, year: str | None, source: Source) -> pd.DataFrame:
    """ascof-xl's own tidy layout (the bundled files) read back; `year`, when given, must be the file's."""
    ledger = Ledger(text, source)
    frame = text.rename(columns=lambda c: c.replace(" ", "_"))
    numbers = pd.to_numeric(frame["value"], errors="coerce")
    unreadable = (numbers.isna() & (frame["value"] != "")).to_numpy()
    if unreadable.any():
        at = int(unreadable.argmax())
        ledger.refuse(frame.index[at], f"the value '{frame['value'].iloc[at]}' is not a number",
                      "correct it or rebuild the file")
    years = set(frame["year"])
    if year and years != {year}:
        raise AscofError(f"file {source} holds {', '.join(sorted(years))} but --year says {year}; "
                         f"give --year {', '.join(sorted(years))}, or the file of {year}.")
    return ledger.close(frame.loc[:, list(TIDY_COLUMNS)].assign(value=numbers))


def gaps(tidy: pd.DataFrame, source: Source) -> list[str]:
    """Notes where a file that publishes every area for every measure lacks some rows (cut short, or rows
    deleted), or some of the year's councils."""
    if tidy.empty:
        return []
    return _missing_councils(tidy, source) + _missing_rows(tidy, source)


def _missing_councils(tidy: pd.DataFrame, source: Source) -> list[str]:
    notes = []
    for year in tidy["year"].unique():
        present = set(tidy.loc[(tidy["year"] == year) & (tidy["level"] == "council"), "area_code"])
        expected = {c.ons_code: c.name for c in load_councils() if c.existed_in(year)}
        missing = sorted(expected[code] for code in set(expected) - present)
        if missing and present:
            shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
            notes.append(f"{source}: no rows for {len(missing)} of the {len(expected)} councils of {year} ({shown}); "
                         "if the file should cover every council, download it again.")
    return notes


def _missing_rows(tidy: pd.DataFrame, source: Source) -> list[str]:
    areas = tidy.groupby("year")["area_code"].nunique()
    counts = tidy.groupby(["year", "measure", "measure_type"])["area_code"].nunique()
    expected = counts.index.get_level_values("year").map(areas)
    short = counts[counts.to_numpy() < expected.to_numpy()]
    if short.empty:
        return []
    missing = int((expected.to_numpy() - counts.to_numpy()).sum())
    described = []
    for (year, measure, kind), n in short.head(3).items():
        present = set(tidy.loc[(tidy["year"] == year) & (tidy["measure"] == measure) & (tidy["measure_type"] == kind), "area_code"])
        names = tidy.loc[(tidy["year"] == year) & ~tidy["area_code"].isin(present)].drop_duplicates("area_code")["area_name"]
        example = ", ".join(names.head(2))
        described.append(f"{measure} {kind} for {areas[year] - n} of {areas[year]} areas (e.g. {example})")
    more = f" and {len(short) - 3} more measures" if len(short) > 3 else ""
    return [
        f"{source}: {missing} row(s) are missing, though this layout publishes every area for every measure: "
        f"{'; '.join(described)}{more}. The file may be cut short or rows deleted; download it again."
    ]
