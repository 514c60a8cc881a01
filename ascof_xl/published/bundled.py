"""The published values shipped inside the package, and the loader the doors share.

Bundled: ASCOF 2019-20 and 2020-21 (NHS Digital open data) and the Oflog series of five ASCOF
measures (2015-16 onwards) for the years those files do not cover. `rebuild.py` makes them
from the source files.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Sequence

import pandas as pd

from ascof_xl.errors import AscofError
from ascof_xl.published.reader import read_published
from ascof_xl.published.store import Store

BUNDLE = ("ascof-2019-20.csv.gz", "ascof-2020-21.csv.gz", "oflog-ascof-series.csv.gz")
ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0. "
    "Source: NHS Digital, Measures from the Adult Social Care Outcomes Framework, England; "
    "Office for Local Government (Oflog) ASCOF series."
)


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
        frame = read_published(path, year) if len(files) == 1 else read_published(path, default_year=year)
        for each in sorted(set(frame["year"])):
            if each in owners:
                raise AscofError(f"files {owners[each]} and {path} both hold {each}; give one file per year.")
            owners[each] = path
        frames.append(frame)
    return Store(frames)
