"""The survey rules kept as data (survey/data/*.toml), loaded once and checked for the year asked."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from ascof_xl.errors import AscofError
from ascof_xl.years import year_start


@cache
def load_rules(name: str) -> dict[str, Any]:
    """One bundled rules file (ascs, sace, scrqol-coefficients), parsed once."""
    text = (resources.files("ascof_xl.survey") / "data" / f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def version_for(versions: list[dict[str, Any]], year: str | None, what: str) -> dict[str, Any]:
    """The latest version starting on or before `year` (the latest of all when no year is given)."""
    ordered = sorted(versions, key=lambda v: year_start(v["from"]))
    if year is None:
        return ordered[-1]
    found = [v for v in ordered if year_start(v["from"]) <= year_start(year)]
    if not found:
        raise AscofError(f"no {what} is held for {year}; the earliest is for {ordered[0]['from']}.")
    return found[-1]
