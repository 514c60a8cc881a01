"""Rebuild the bundled data files from the published source files.

Usage: python -m ascof_xl.published.rebuild PATH/TO/shared/data
"""

from __future__ import annotations

import gzip
import os
import sys
import tempfile
from importlib import resources
from pathlib import Path

import pandas as pd

from ascof_xl.published.reader import read_published
from ascof_xl.published.tidy import TIDY_COLUMNS

# Oflog's codes for the five ASCOF measures it publishes.
OFLOG_CODES = {"ASC1": "1D", "ASC2": "1J", "ASC3": "3D1", "ASC4": "3D2", "ASC5": "2D"}


def read_oflog(path: Path, skip_years: set[str]) -> pd.DataFrame:
    """Oflog's ASCOF series as tidy outcome rows, leaving out years the NHS Digital files cover."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = frame[frame["Code"].isin(OFLOG_CODES) & ~frame["Financial year"].isin(skip_years)]
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


def write_tidy(frame: pd.DataFrame, target: Path) -> None:
    """Write a tidy table as gzipped CSV, atomically (a temporary file renamed into place)."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(handle)
    os.chmod(temporary, 0o644)
    try:
        text = frame.to_csv(index=False, float_format="%.10g", lineterminator="\n")
        with open(temporary, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", compresslevel=9, mtime=0) as out:
            out.write(text.encode("utf-8"))
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def build_bundle(shared_data: Path, target: Path) -> list[Path]:
    """Rebuild the bundled files from the shared source files."""
    ascof = shared_data / "ascof"
    sources = {
        "ascof-2019-20.csv.gz": read_published(ascof / "final_data_2020_ascof_2019-20_processed.csv"),
        "ascof-2020-21.csv.gz": read_published(ascof / "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx"),
    }
    covered = {"2019-20", "2020-21"}
    sources["oflog-ascof-series.csv.gz"] = read_oflog(ascof / "oflog_ascof_measures_excl_2018-19.csv", covered)
    written = []
    for name, frame in sources.items():
        write_tidy(frame, target / name)
        written.append(target / name)
    return written


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
    for path in build_bundle(folder, Path(str(resources.files("ascof_xl") / "data"))):
        print(f"wrote {path}")
