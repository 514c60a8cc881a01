"""A council's quartile profile, as in a scrutiny briefing.

The profile counts the council's all-ages measures in each band, with and without the carers'
survey measures, and gives each measure's previous value, band and direction of travel.
"""

from __future__ import annotations

from typing import Any

from ascof_xl.benchmark.context import (
    check_council_in_year,
    comparator_value,
    marker_of,
    measure_info,
    result_heading,
)
from ascof_xl.benchmark.groups import Group, resolve_group
from ascof_xl.benchmark.positions import Positions
from ascof_xl.benchmark.quartiles import BANDS
from ascof_xl.benchmark.statistics import measure_statistics
from ascof_xl.catalogue import Measure, framework_for_year, load_catalogue
from ascof_xl.councils import Council, code_in_year
from ascof_xl.years import previous_year


def total_measures(positions: Positions, year: str) -> list[str]:
    """Measure groups published with an all-ages (Total) row in `year`, in catalogue order."""
    measures = positions.store.measures(year).items()
    published = [code for code, (group, dis) in measures if code == group and dis == "Total"]
    order = {m.code: i for i, m in enumerate(load_catalogue(framework_for_year(year)))}
    return sorted(published, key=lambda code: (order.get(code, len(order)), code))


def direction_of_travel(value: float | None, previous: float | None, polarity: str, decimals: int) -> str | None:
    """improved / worsened / no change by polarity; increased / decreased for a measure without one."""
    if value is None or previous is None:
        return None
    now, before = round(value, decimals), round(previous, decimals)  # as published
    if now == before:
        return "no change"
    if polarity == "none":
        return "increased" if now > before else "decreased"
    better = now > before if polarity == "higher" else now < before
    return "improved" if better else "worsened"


def previous_code(code: str, year: str) -> str | None:
    """The code a measure had the year before (changed only where the framework changed)."""
    before = previous_year(year)
    if framework_for_year(before) == framework_for_year(year):
        return code
    measure = measure_info(code, year)
    prefix = framework_for_year(before) + ":"
    earlier = [ref.removeprefix(prefix) for ref in measure.lineage if ref.startswith(prefix)]
    return earlier[0] if len(earlier) == 1 else None


def measure_row(positions: Positions, council: Council, year: str, code: str, group: Group) -> dict[str, Any]:
    """One measure of the profile: the council's position, comparator, previous year and statistics."""
    store = positions.store
    info = measure_info(code, year)
    polarity = info.polarity
    row: dict[str, Any] = {"code": code, "title": info.title, "polarity": polarity}
    row |= positions.position(year, code, council.ons_code, group, polarity)
    row["marker"] = marker_of(positions, year, council.ons_code, code)
    row["comparator_value"] = comparator_value(positions, year, code, group, row["median"])
    row |= _previous(positions, council, year, code, group, polarity, row["value"], info)
    row |= measure_statistics(store, council, year, code, polarity, row["value"], row["comparator_value"], info)
    row["survey"] = info.get("survey", "none")
    return row


def _previous(
    positions: Positions, council: Council, year: str, code: str, group: Group, polarity: str,
    value: float | None, info: Measure,
) -> dict[str, Any]:
    before = previous_year(year)
    earlier = previous_code(code, year) if positions.store.has_year(before) else None
    area = code_in_year(council, before)
    previous = positions.store.value(before, area, earlier) if earlier and area else None
    band = positions.band_of_value(before, earlier, previous, group, polarity) if previous is not None else None
    decimals = info.get("decimals", 1)
    return {
        "previous_value": previous,
        "previous_band": band,
        "direction": direction_of_travel(value, previous, polarity, decimals),
    }


def count_bands(rows: list[dict[str, Any]]) -> dict[str, int]:
    """How many measures sit in each band."""
    counts = dict.fromkeys(BANDS, 0)
    for row in rows:
        if row["band"] is not None:
            counts[row["band"]] += 1
    return counts


def build_profile(
    positions: Positions, council: Council, year: str, group_spec: str = "england"
) -> dict[str, Any]:
    """The council's quartile profile for one year against one comparator group."""
    check_council_in_year(positions, council, year)
    group = resolve_group(group_spec, council, year, positions.store)
    rows = [measure_row(positions, council, year, code, group) for code in total_measures(positions, year)]
    banded = [r for r in rows if r["band"] is not None]
    return result_heading(positions, council, year, group) | {
        "n_measures": len(banded),
        "bands": count_bands(banded),
        "bands_excluding_carers": count_bands([r for r in banded if r["survey"] != "carers"]),
        "measures": rows,
    }


