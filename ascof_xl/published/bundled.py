"""The published values shipped inside the package, and the loader the doors share.

Bundled: one tidy file per year, 2014-15 to 2024-25, built by `tools/build_bundle.py` from
DHSC's time-series tables (survey margins of error and respondent counts, 2024-25 counts),
NHS Digital's open data (numerators, denominators and bases 2014-15 to 2018-19 and 2020-21) and
outcome series, and Oflog's ASCOF series; and `notes.csv`, what the publication says of single
values (a row standing for more than one council, a placeholder where no survey ran).
"""

from __future__ import annotations

import os
from functools import cache, lru_cache, partial
from importlib import resources
from pathlib import Path
from typing import Sequence

import pandas as pd

from ascof_xl.errors import AscofError
from ascof_xl.published.reader import read_published
from ascof_xl.published.store import Store
from ascof_xl.published.tidy import TIDY_COLUMNS
from ascof_xl.years import parse_year

BUNDLE = tuple(f"ascof-{start}-{(start + 1) % 100:02d}.csv.gz" for start in range(2014, 2025))
VALUE_NOTES = "notes.csv"
ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0. "
    "Source: Department of Health and Social Care, Measures from the Adult Social Care Outcomes "
    "Framework, England, time series 2015 to 2016 to 2024 to 2025; NHS Digital (now NHS England), "
    "Measures from the Adult Social Care Outcomes Framework, England, 2014-15 to 2023-24; "
    "Office for Local Government (Oflog) ASCOF series."
)


@cache
def bundled_store() -> Store:
    """Every bundled year in one store, loaded once per process: each year read and indexed when first used."""
    notes = pd.read_csv(_bundled_path(VALUE_NOTES), dtype=str, keep_default_na=False)
    loaders = {name.removeprefix("ascof-").removesuffix(".csv.gz"): partial(read_bundled, name) for name in BUNDLE}
    return Store(value_notes=notes, loaders=loaders)


def read_bundled(name: str) -> pd.DataFrame:
    """One bundled tidy file, read straight into the tidy table.

    The bundled files are ascof-xl's own, checked when built (`tools/build_bundle.py`) and by the
    tests (`tests/test_bundle_independent.py` against the sources, read by code of its own), so
    they skip the reader's checks and are parsed by Arrow: eleven years load in a fraction of a
    second. A file given with --data goes through `read_published`.
    """
    try:
        frame = _read_with_arrow(name)
    except ImportError:  # pyarrow is optional (xlwings Lite): the same table through pandas' own parser
        types = {column: "float64" if column == "value" else str for column in TIDY_COLUMNS}
        try:
            frame = pd.read_csv(_bundled_path(name), dtype=types, keep_default_na=False, na_values={"value": [""]})
        except (OSError, ValueError, pd.errors.ParserError) as error:
            raise AscofError(f"the bundled file {name} cannot be read ({error}); reinstall ascof-xl.") from None
    if list(frame.columns) != list(TIDY_COLUMNS):
        raise AscofError(f"the bundled file {name} is not in the tidy layout; reinstall ascof-xl.")
    return frame


def _read_with_arrow(name: str) -> pd.DataFrame:
    """A bundled file parsed by Arrow (the fast path); ImportError where pyarrow is not installed."""
    import pyarrow as pa
    from pyarrow import csv as arrow_csv

    types = {column: pa.float64() if column == "value" else pa.string() for column in TIDY_COLUMNS}
    options = arrow_csv.ConvertOptions(column_types=types, null_values=[""], strings_can_be_null=False)
    try:
        return arrow_csv.read_csv(_bundled_path(name), convert_options=options).to_pandas()
    except (OSError, pa.ArrowInvalid) as error:
        raise AscofError(f"the bundled file {name} cannot be read ({error}); reinstall ascof-xl.") from None


def _bundled_path(name: str) -> str:
    """Where a bundled file is (the package is installed as files, never zipped)."""
    return str(resources.files("ascof_xl") / "data" / name)


def load_store(files: Sequence[str | Path] = (), year: str | None = None) -> Store:
    """The bundled store when no files are given; otherwise a store of the given files only.

    A single file must hold `year` when given (a file that states another year is refused); with
    several, `year` only fills in where a file states none. Parsed once per process: a file is read
    again only when its size or modification time changes.
    """
    if not files:
        return bundled_store()
    return _load_files(tuple(_fingerprint(Path(f)) for f in files), parse_year(year) if year else None)


def _fingerprint(path: Path) -> tuple[str, int, int]:
    """A file's identity for the cache: its absolute path, size and modification time."""
    try:
        found = path.stat()
    except OSError:
        return (str(path), -1, -1)  # the reader explains what is wrong with it
    return (os.path.abspath(path), found.st_size, found.st_mtime_ns)


@lru_cache(maxsize=32)
def _load_files(fingerprints: tuple[tuple[str, int, int], ...], year: str | None) -> Store:
    paths = [Path(name) for name, _, _ in fingerprints]
    frames, owners = [], {}
    for path in paths:
        frame = read_published(path, year) if len(paths) == 1 else read_published(path, default_year=year)
        for each in sorted(set(frame["year"])):
            if each in owners:
                raise AscofError(f"files {owners[each]} and {path} both hold {each}; give one file per year.")
            owners[each] = path
        frames.append(frame)
    return Store(frames)
