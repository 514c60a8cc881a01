"""Build the bundled data, one tidy gzipped CSV per year from 2014-15 to 2024-25, from the shared sources.

Usage: python tools/build_bundle.py PATH/TO/shared/data [TARGET_FOLDER]

Each value is taken from the first source that publishes it (its number or its suppression
marker), in this order: DHSC's time-series workbook (survey outcomes with margins of error and respondent counts
for every year; CLD numerators, denominators and outcomes for 2024-25; 4B, 6A and 6B, Dorset's on
the row of the old county and Cornwall's 6A of 2024-25 on the joint row with the Isles of Scilly),
the 2020-21 open-data file, the all-years outcome CSV (every measure, 2017-18 to 2023-24, with
later revisions of 2017-18 and 2018-19), NHS Digital's open-data files of 2014-15 to 2018-19
(every measure with numerators, denominators and bases, margins of error from 2016-17), the
2019-20 processed file (its age and gender rows) and Oflog's series. Where two sources give
different numbers for one value the script says so; the earlier source's number is kept, and
where that is a revision of an open-data outcome, the counts first published with it are left
out (they give the first figure, not the revised one), with a note.

Then each year's codes are made the catalogue's codes of that year's framework (NHS England
published 2E1 as 2E in 2023-24), and the 2019-20 placeholders of 1J (outcome 0 from 0
respondents where no survey ran) become the marker `x`, never values. `notes.csv` says, by year,
area and measure, where a value was published on a row standing for it, or is such a placeholder.
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import tempfile
from pathlib import Path

import pandas as pd

from ascof_xl.catalogue import canonical_code, framework_for_year, load_catalogue
from ascof_xl.published.council_types import COUNCIL_TYPES, council_type_area, council_type_letter
from ascof_xl.published.reader import read_published
from ascof_xl.published.tidy import MEASURE_TYPES, TIDY_COLUMNS

YEARS = tuple(f"{y}-{(y + 1) % 100:02d}" for y in range(2014, 2025))
OPEN_DATA = "open-data-2014-15-to-2018-19"
OPEN_DATA_YEARS = YEARS[:5]
NOTES = "notes.csv"
NOTE_COLUMNS = ["year", "area_code", "measure", "note"]
# How the open-data files of 2014-15 to 2018-19 write a value that is not a number.
OPEN_DATA_MARKERS = {":": "x", "c": "c"}
NO_SURVEY = "published as 0 from 0 respondents where no survey ran: a placeholder, shown as [x], never a value"
KEY = ["year", "area_code", "measure", "measure_type"]
LEVEL_ORDER = {"england": 0, "council type": 1, "region": 2, "council": 3}
# Oflog's codes for the five ASCOF measures it publishes.
OFLOG_CODES = {"ASC1": "1D", "ASC2": "1J", "ASC3": "3D1", "ASC4": "3D2", "ASC5": "2D"}
SOURCES = (
    "ascof-time-series-2015-16-to-2024-25.ods",
    "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx",
    "ascof-outcomes-2017-18-to-2023-24.csv",
    OPEN_DATA,
    "final_data_2020_ascof_2019-20_processed.csv",
    "oflog_ascof_measures_excl_2018-19.csv",
)


def read_oflog(path: Path) -> pd.DataFrame:
    """Oflog's ASCOF series as tidy council outcome rows."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = frame[frame["Code"].isin(OFLOG_CODES)]
    codes = frame["Code"].map(OFLOG_CODES)
    tidy = pd.DataFrame(
        {
            "year": frame["Financial year"],
            "area_code": frame["Local authority code"],
            "cassr_code": "",
            "area_name": frame["Local authority name"],
            "level": "council",
            "measure": codes,
            "group": codes,
            "disaggregation": "Total",
            "measure_type": "Outcome",
            "value": pd.to_numeric(frame["Value"], errors="coerce"),
            "marker": "",
        }
    )
    return tidy.loc[:, list(TIDY_COLUMNS)]


def read_open_data(path: Path) -> pd.DataFrame:
    """One of NHS Digital's open-data files of 2014-15 to 2018-19 as tidy rows, every value as published.

    Read here rather than through `read_published`: these files carry values the reader's checks
    refuse though they are published (Doncaster's 2014-15 1GF of 104.1), and council types with the
    ONS code 0. Bracketed codes are made plain (`1C(1A)` is 1C1A, 2014-15's `2A(1)_1415` is 2A1);
    a blank is a value not published for that type (no numerator of a survey score) and is left out;
    `:` is the marker x and `c` the marker c.
    """
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    year = re.search(r"(20\d\d-\d\d)", path.name).group(1)
    text = frame["Measure Value"].str.strip()
    frame = frame[text != ""].copy()
    text = text[text != ""]
    level = frame["Geographical Level"].str.strip().str.lower()
    letters = frame["Geographical Code"].str.strip()
    types = level == "council type"
    area = frame["ONS Area Code"].str.strip().where(level != "england", "E92000001")
    area = area.where(~types, letters.map(lambda x: council_type_area(x)[0] if x in COUNCIL_TYPES else ""))
    name = frame["Geographical Description"].where(~types, letters.map(lambda x: COUNCIL_TYPES.get(x, "")))
    values = pd.to_numeric(text, errors="coerce")
    markers = text.map(OPEN_DATA_MARKERS).where(values.isna(), "")
    unknown = markers.isna()
    if unknown.any():
        raise SystemExit(f"{path.name}: values neither numbers nor markers: {sorted(set(text[unknown]))[:5]}")
    tidy = pd.DataFrame(
        {
            "year": year,
            "area_code": area,
            "cassr_code": letters.where(level != "england", ""),
            "area_name": name,
            "level": level,
            "measure": frame["ASCOF Measure Code"].map(_plain_code),
            "group": frame["Measure Group"].map(_plain_code),
            "disaggregation": frame["Disaggregation Level"].str.strip(),
            "measure_type": frame["Measure Type"].map(lambda t: MEASURE_TYPES[" ".join(t.split()).lower()]),
            "value": values,
            "marker": markers,
        }
    )
    return tidy.loc[:, list(TIDY_COLUMNS)]


def _plain_code(code: str) -> str:
    """An open-data code in the one written form: no brackets, no year suffix (`2A(1)_1415` is 2A1)."""
    return canonical_code(code.split("_")[0])


def read_sources(ascof: Path) -> list[tuple[str, pd.DataFrame]]:
    """Every source as a tidy table, in order of preference, council types under their one area code;
    and the notes on values published on a row standing for their council."""
    frames, row_notes = [], []
    for name in SOURCES:
        if name == OPEN_DATA:
            frame = pd.concat([read_open_data(ascof / name / f"ascof-open-data-{y}.csv.gz") for y in OPEN_DATA_YEARS],
                              ignore_index=True)
        else:
            frame = read_oflog(ascof / name) if name.startswith("oflog") else read_published(ascof / name)
        for note in frame.attrs.get("notes", []):
            print(f"note: {note}")
        row_notes += frame.attrs.get("row_notes", [])
        frames.append((name, _one_code_per_type(frame)))
    return frames, row_notes


def _one_code_per_type(frame: pd.DataFrame) -> pd.DataFrame:
    """Council-type rows under the area code and name every reader gives them."""
    frame = frame.reset_index(drop=True)
    types = frame["level"] == "council type"
    letters = frame.loc[types, "area_name"].map(council_type_letter)
    known = letters.dropna()
    frame.loc[known.index, "area_code"] = [council_type_area(x)[0] for x in known]
    frame.loc[known.index, "area_name"] = [council_type_area(x)[1] for x in known]
    frame.loc[known.index, "cassr_code"] = known
    return frame


def merge(sources: list[tuple[str, pd.DataFrame]]) -> tuple[pd.DataFrame, list[tuple[str, str, str, str]]]:
    """One row per year, area, measure and type, as the first source that has it gives it: its number,
    or its marker (a value DHSC suppressed is never taken from another source). Where the outcome kept
    is a later revision of the one an open-data file gives, the counts that file gives with it are left
    out (they would not give the outcome kept), with a note for each such value."""
    stacked = pd.concat(
        [f.assign(_rank=rank, _source=name) for rank, (name, f) in enumerate(sources)], ignore_index=True
    )
    stacked = stacked[stacked["year"].isin(YEARS)].sort_values("_rank", kind="stable")
    _report_conflicts(stacked[stacked["value"].notna()])
    merged = stacked.drop_duplicates(KEY, keep="first")
    merged, notes = _without_superseded_counts(stacked, merged)
    return merged.loc[:, list(TIDY_COLUMNS)], notes


def _without_superseded_counts(stacked: pd.DataFrame, merged: pd.DataFrame) -> tuple[pd.DataFrame, list]:
    """The merged rows less the open-data counts of outcomes another source revised, and a note for each."""
    value = ["year", "area_code", "measure"]
    outcomes = stacked[stacked["measure_type"] == "Outcome"]
    first = outcomes[outcomes["_source"] == OPEN_DATA].set_index(value)["value"]
    kept = merged[(merged["measure_type"] == "Outcome") & (merged["_source"] != OPEN_DATA)].set_index(value)
    both = kept.index.intersection(first.index)
    revised = both[(kept.loc[both, "value"] - first.loc[both]).abs().to_numpy() > 1e-9]
    revised = revised[kept.loc[revised, "value"].notna().to_numpy()]
    counts = merged.set_index(value).index.isin(revised) & (merged["_source"] == OPEN_DATA).to_numpy()
    counts &= (merged["measure_type"] != "Outcome").to_numpy()
    dropped = set(merged.loc[counts, value].itertuples(index=False, name=None))
    notes = [
        (year, area, measure, f"revised after first publication (first published as {first.loc[(year, area, measure)]:g})"
         + ("; the counts published with that figure are left out, so no interval is drawn from them"
            if (year, area, measure) in dropped else ""))
        for year, area, measure in revised
    ]
    print(f"{len(revised)} outcome(s) revised after the open-data files; {int(counts.sum())} count row(s) left out")
    return merged[~counts], notes


def _report_conflicts(numbers: pd.DataFrame) -> None:
    """Print every value two sources give different numbers for (beyond float noise)."""
    spread = numbers.groupby(KEY)["value"].agg(["min", "max", "count"])
    differ = spread[(spread["count"] > 1) & ((spread["max"] - spread["min"]).abs() > 1e-9)]
    for key, row in differ.iterrows():
        print(f"conflict: {' '.join(key)}: {row['min']} and {row['max']}; kept the earlier source's")
    print(f"{len(differ)} value(s) differ between sources")


def write_tidy(frame: pd.DataFrame, target: Path) -> None:
    """Write a tidy table as gzipped CSV, atomically and byte for byte the same on every run."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(handle)
    os.chmod(temporary, 0o644)
    try:
        text = frame.to_csv(index=False, float_format="%.10g", lineterminator="\n")
        with open(temporary, "wb") as raw, gzip.GzipFile(
            filename="", fileobj=raw, mode="wb", compresslevel=9, mtime=0
        ) as out:
            out.write(text.encode("utf-8"))
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def catalogue_codes(merged: pd.DataFrame) -> pd.DataFrame:
    """Each year's measure codes as the catalogue of that year's framework writes them: a code the
    publication used as an alias (2E in 2023-24) becomes the measure's code (2E1)."""
    merged = merged.copy()
    for year in merged["year"].unique():
        catalogue = load_catalogue(framework_for_year(year))
        rows = merged["year"] == year
        for code in merged.loc[rows, "group"].unique():
            found = catalogue.find(code)
            if found is None or found.code == code:
                continue
            print(f"code: {year} {code} filed as the catalogue's {found.code}")
            for column in ("measure", "group"):
                at = rows & (merged["group"] == code)
                merged.loc[at, column] = found.code + merged.loc[at, column].str[len(code):]
    return merged


def no_survey_placeholders(merged: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[str, str, str, str]]]:
    """Outcomes of 0 from 0 respondents (2019-20's 1J where a council ran no survey) made the marker x,
    with their margins and bases, and a note for each: a placeholder is never a value."""
    merged = merged.copy()
    key = ["year", "area_code", "measure"]
    outcome = merged[(merged["measure_type"] == "Outcome") & (merged["value"] == 0)]
    bases = merged[(merged["measure_type"] == "Base") & (merged["value"] == 0)]
    empty = outcome.merge(bases[key], on=key)
    notes = []
    for year, area, measure in empty[key].itertuples(index=False):
        rows = (merged["year"] == year) & (merged["area_code"] == area) & (merged["measure"] == measure)
        rows &= merged["measure_type"].isin(["Outcome", "Base", "Margin Of Error"])
        merged.loc[rows, "value"] = float("nan")
        merged.loc[rows, "marker"] = "x"
        notes.append((year, area, measure, NO_SURVEY))
        print(f"no survey: {year} {area} {measure} made [x]")
    return merged, notes


def above_whole(merged: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    """A note for each percentage published above 100 (Doncaster's 2014-15 1GF, 104.1): kept as published,
    never corrected, but never shown without a word."""
    notes = []
    outcomes = merged[(merged["measure_type"] == "Outcome") & (merged["value"] > 100)]
    for year, area, measure, group, value in outcomes[["year", "area_code", "measure", "group", "value"]].itertuples(index=False):
        found = load_catalogue(framework_for_year(year)).find(group)
        if found is not None and found.unit == "percentage":
            notes.append((year, area, measure, f"published as {value:g}%, above 100% (more people counted than "
                          "the denominator holds): kept as published; treat it with caution"))
            print(f"above 100%: {year} {area} {measure} {value:g}")
    return notes


def write_notes(notes: list[tuple[str, str, str, str]], path: Path) -> None:
    """The notes on single values, one row each, sorted, as CSV."""
    frame = pd.DataFrame(sorted(set(notes)), columns=NOTE_COLUMNS)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    os.chmod(temporary, 0o644)
    frame.to_csv(temporary, index=False, lineterminator="\n")
    os.replace(temporary, path)


def build(shared_data: Path, target: Path) -> list[Path]:
    """Write one file per year into `target`, and the notes file; returns the paths written."""
    sources, row_notes = read_sources(shared_data / "ascof")
    merged, revisions = merge(sources)
    merged, placeholders = no_survey_placeholders(catalogue_codes(merged))
    write_notes(row_notes + revisions + placeholders + above_whole(merged), target / NOTES)
    merged = merged.assign(_level=merged["level"].map(LEVEL_ORDER))
    written = []
    for year in YEARS:
        rows = merged[merged["year"] == year].sort_values(["_level", "area_code", "measure", "measure_type"])
        path = target / f"ascof-{year}.csv.gz"
        write_tidy(rows.drop(columns="_level"), path)
        written.append(path)
        print(f"wrote {path} ({len(rows)} rows)")
    return written


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__.split("\n\n")[1])
    default = Path(__file__).resolve().parent.parent / "ascof_xl" / "data"
    build(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else default)
