"""What every benchmarking result is computed from: the measure's catalogue entry, the council
in its year, the comparator value, and the heading each result opens with."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from ascof_xl.benchmark.codes import spoken_code
from ascof_xl.benchmark.groups import Group
from ascof_xl.benchmark.positions import MIN_BANDED, Positions
from ascof_xl.catalogue import Measure, framework_for_year, load_catalogue
from ascof_xl.catalogue.codes import did_you_mean
from ascof_xl.councils import Council
from ascof_xl.errors import AscofError
from ascof_xl.published.store import Store
from ascof_xl.years import year_start


def measure_info(code: str, year: str) -> Measure:
    """The catalogue entry of a measure group in the framework a year follows.

    A code the catalogue does not know (a newer publication's, say) gets a stand-in titled by its
    code, without polarity or unit, so it can still be ranked and banded.
    """
    framework = framework_for_year(year)
    known = load_catalogue(framework).find(code)
    return known or Measure(framework, code, code, "none", "unspecified", MappingProxyType({}))


def marker_of(positions: Positions, year: str, area: str, code: str) -> str | None:
    """Why an area has no value ("c", "x", ... as published), or None when it has one."""
    cell = positions.store.cell(year, area, code)
    return cell[1] if cell and cell[0] is None else None


def check_council_in_year(positions: Positions, council: Council, year: str) -> None:
    """Refuse a council that did not exist in the year, or that the year's data does not hold."""
    positions.store.require_year(year)
    if not council.existed_in(year):
        span = f"from {council.first_year}" if council.first_year else f"until {council.last_year}"
        raise AscofError(
            f"{council.name} ({council.ons_code}) reported {span}, so it has no figures for {year}."
            + nearest_year_hint(positions.store, council, year)
        )
    if positions.store.area(year, council.ons_code) is None:
        raise AscofError(
            f"the {year} data loaded holds no rows for {council.name} ({council.ons_code}); "
            "check the council or give the full published file." + nearest_year_hint(positions.store, council, year)
        )


def nearest_year_hint(store: Store, council: Council, year: str) -> str:
    """" The nearest year with its figures is 2021-22: give --year 2021-22." ("" when no year loaded has it)."""
    held = [y for y in store.years if store.area(y, council.ons_code) is not None]
    if not held:
        return ""
    nearest = min(held, key=lambda y: (abs(year_start(y) - year_start(year)), -year_start(y)))
    return f" The nearest year with its figures is {nearest}: give --year {nearest}."


def comparator_value(positions: Positions, year: str, code: str, group: Group, median: float | None) -> float | None:
    """The group's published aggregate (England, region, council type), or its median."""
    if group.comparator_area is None:
        return median
    return positions.store.value(year, group.comparator_area, code)


def result_heading(positions: Positions, council: Council, year: str, group: Group) -> dict[str, Any]:
    """What every benchmarking result opens with: council, year, group, what its comparator is, the
    quartile method, and warnings (a published aggregate missing, a group too small to band)."""
    return {
        "council": council.as_dict(),
        "year": year,
        "group": group.kind,
        "group_label": group.label,
        "comparator_kind": group.comparator_kind,
        "method": positions.method,
        "warnings": group_warnings(group),
    }


def group_warnings(group: Group) -> list[str]:
    """What the user should know about a group before reading its bands."""
    warnings = [group.note] if group.note else []
    if group.members is not None and len(group.members) < MIN_BANDED:
        warnings.append(
            f"the group {group.label} holds only {len(group.members)} council(s), too few for quartiles "
            f"(at least {MIN_BANDED}); its bands say little: add councils to the group"
        )
    return warnings


def unknown_measure_message(store: Store, code: str, year: str) -> str:
    """Why a measure code cannot be benchmarked in a year: the years that publish it, or the closest codes."""
    code = code.upper()
    held = [y for y in store.years if code in store.measures(y)]
    if held:
        return f"measure {spoken_code(code)} is not in the {year} data; it is published for {', '.join(held)}: give --year {held[-1]}."
    catalogued = load_catalogue(framework_for_year(year)).find(code)
    if catalogued is not None and catalogued.get("years"):
        years = catalogued.get("years")
        return (f"measure {code} ({catalogued.title}) is not in any year loaded ({', '.join(store.years)}); it was "
                f"published for {years[0]} to {years[-1]}: give --data with the file of one of those years.")
    known = sorted({c for y in store.years for c, (g, d) in store.measures(y).items() if c == g})
    close = did_you_mean(code, known)
    hint = f" Closest codes: {', '.join(close)}." if close else ""
    return f"measure {code} is not in any year loaded ({', '.join(store.years)}).{hint} List the codes with: ascof-xl measures"
