"""Column helpers the readers share: a function applied once per distinct value, not once per row."""

from __future__ import annotations

from typing import Any, Callable

import pandas as pd


def map_distinct(function: Callable[..., Any], *columns: pd.Series) -> list[Any]:
    """`function(a, b, ...)` for each row's values of `columns`, computed once per distinct combination.

    Published columns repeat a few hundred values over tens of thousands of rows, so this is
    many times faster than a call per row.
    """
    keys = list(zip(*(column.tolist() for column in columns)))
    done = {key: function(*key) for key in set(keys)}
    return [done[key] for key in keys]
