"""Build the bundled data, one tidy gzipped CSV per year from 2015-16 to 2024-25, from the shared sources.

Usage: python tools/build_bundle.py PATH/TO/shared/data [TARGET_FOLDER]

Each value is taken from the first source that publishes it (its number or its suppression
marker), in this order: DHSC's time-series workbook (survey outcomes with margins of error and respondent counts
for every year; CLD numerators, denominators and outcomes for 2024-25; 4B, 6A and 6B), the
2020-21 open-data file (numerators and denominators), the all-years outcome CSV (every measure,
2017-18 to 2023-24), the 2019-20 processed file (its age and gender rows) and Oflog's series
(2D for 2015-16 and 2016-17). Where two sources give different numbers for one value the
script says so; the earlier source's number is kept.
"""

from __future__ import annotations

import gzip
import os
import sys
import tempfile
from pathlib import Path

import pandas as pd

from ascof_xl.published.council_types import council_type_area, council_type_letter
from ascof_xl.published.reader import read_published
from ascof_xl.published.tidy import TIDY_COLUMNS

YEARS = tuple(f"{y}-{(y + 1) % 100:02d}" for y in range(2015, 2025))
KEY = ["year", "area_code", "measure", "measure_type"]
LEVEL_ORDER = {"england": 0, "council type": 1, "region": 2, "council": 3}
# Oflog's codes for the five ASCOF measures it publishes.
OFLOG_CODES = {"ASC1": "1D", "ASC2": "1J", "ASC3": "3D1", "ASC4": "3D2", "ASC5": "2D"}
SOURCES = (
    "ascof-time-series-2015-16-to-2024-25.ods",
    "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx",
    "ascof-outcomes-2017-18-to-2023-24.csv",
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


def read_sources(ascof: Path) -> list[tuple[str, pd.DataFrame]]:
    """Every source as a tidy table, in order of preference, council types under their one area code."""
    frames = []
    for name in SOURCES:
        frame = read_oflog(ascof / name) if name.startswith("oflog") else read_published(ascof / name)
        for note in frame.attrs.get("notes", []):
            print(f"note: {note}")
        frames.append((name, _one_code_per_type(frame)))
    return frames


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


def merge(sources: list[tuple[str, pd.DataFrame]]) -> pd.DataFrame:
    """One row per year, area, measure and type, as the first source that has it gives it: its number,
    or its marker (a value DHSC suppressed is never taken from another source)."""
    stacked = pd.concat(
        [f.assign(_rank=rank, _source=name) for rank, (name, f) in enumerate(sources)], ignore_index=True
    )
    stacked = stacked[stacked["year"].isin(YEARS)].sort_values("_rank", kind="stable")
    _report_conflicts(stacked[stacked["value"].notna()])
    merged = stacked.drop_duplicates(KEY, keep="first")
    return merged.loc[:, list(TIDY_COLUMNS)]


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


def build(shared_data: Path, target: Path) -> list[Path]:
    """Write one file per year into `target`; returns the paths written."""
    merged = merge(read_sources(shared_data / "ascof"))
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
