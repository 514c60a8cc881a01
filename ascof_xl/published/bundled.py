"""The published values shipped inside the package, and the loader the doors share.

Bundled: ASCOF 2019-20 and 2020-21 (NHS Digital open data) and the Oflog series of five ASCOF
measures (2015-16 onwards) for the years those files do not cover. Rebuild them from the
shared source files with `python -m ascof_xl.published.bundled SHARED_DATA_DIR`.
"""

from __future__ import annotations

import gzip
import os
import sys
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Sequence

import pandas as pd

from ascof_xl.errors import AscofError
from ascof_xl.published.reader import read_published
from ascof_xl.published.store import Store
from ascof_xl.published.tidy import TIDY_COLUMNS

BUNDLE = ("ascof-2019-20.csv.gz", "ascof-2020-21.csv.gz", "oflog-ascof-series.csv.gz")
ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0. "
    "Source: NHS Digital, Measures from the Adult Social Care Outcomes Framework, England; "
    "Office for Local Government (Oflog) ASCOF series."
)
# Oflog's codes for the five ASCOF measures it publishes.
OFLOG_CODES = {"ASC1": "1D", "ASC2": "1J", "ASC3": "3D1", "ASC4": "3D2", "ASC5": "2D"}


@cache
def bundled_store() -> Store:
    """Every bundled year in one store, loaded once per process."""
    return Store(read_bundled(name) for name in BUNDLE)


def read_bundled(name: str) -> pd.DataFrame:
    """One bundled tidy file."""
    with resources.as_file(resources.files("ascof_xl") / "data" / name) as path:
        return read_published(path)


def load_store(files: Sequence[str] = (), year: str | None = None) -> Store:
    """The bundled store when no files are given; otherwise a store of the given files only.

    A single file takes `year` when given; with several, each file's own year is used and
    `year` only where a file does not state one.
    """
    if not files:
        return bundled_store()
    frames, owners = [], {}
    for path in files:
        frame = read_published(path, year) if len(files) == 1 else _read_with_fallback_year(path, year)
        for each in sorted(set(frame["year"])):
            if each in owners:
                raise AscofError(f"files {owners[each]} and {path} both hold {each}; give one file per year.")
            owners[each] = path
        frames.append(frame)
    return Store(frames)


def _read_with_fallback_year(path: str, year: str | None) -> pd.DataFrame:
    """One of several files: its own year, or `year` where the file does not say."""
    try:
        return read_published(path)
    except AscofError as error:
        if year is None or "cannot tell which year" not in str(error):
            raise
        return read_published(path, year)


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
