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
from ascof_xl.benchmark.statistics import holds, measure_statistics, stored_value
from ascof_xl.catalogue import Measure, framework_for_year, load_catalogue
from ascof_xl.catalogue.series import comparable_previous_year, series_code
from ascof_xl.councils import Council, code_in_year
from ascof_xl.errors import AscofError
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


def measure_row(positions: Positions, council: Council, year: str, code: str, group: Group) -> dict[str, Any]:
    """One measure of the profile: the council's position, comparator, previous year and statistics."""
    store = positions.store
    info = measure_info(code, year)
    polarity = info.polarity
    row: dict[str, Any] = {"code": code, "title": info.title, "polarity": polarity}
    row |= positions.position(year, code, council.ons_code, group, polarity)
    row["marker"] = marker_of(positions, year, council.ons_code, code)
    row["note"] = store.value_note(year, council.ons_code, code)  # a value published on another row, a placeholder
    row["comparator_value"] = comparator_value(positions, year, code, group, row["median"])
    row |= _previous(positions, council, year, info, group, row["value"])
    row |= measure_statistics(store, council, year, code, polarity, row["value"], row["comparator_value"], info)
    row["survey"] = info.get("survey", "none")
    return row


def _previous(
    positions: Positions, council: Council, year: str, info: Measure, group: Group, value: float | None
) -> dict[str, Any]:
    """The value the year is compared with, its band, the direction of travel and any series break.

    The comparison follows lineage across the framework change and steps over a year standing
    apart (2021-22 is compared with 2019-20). Where the publication records a break, or the year
    itself stands apart, the previous year's value is still shown but no direction is given, and
    `series_break` says why.
    """
    compared, series_note = comparable_previous_year(info.code, year, has_value=holds(positions.store, council))
    before = compared or previous_year(year)
    earlier = series_code(info.code, framework_for_year(year), before)
    area = code_in_year(council, before)
    found = positions.store.has_year(before) and earlier is not None and area is not None
    previous = stored_value(positions.store, before, area, earlier) if found else None
    band = None
    if previous is not None:
        band = positions.band_of_value(before, _stored_code(positions, before, earlier), previous, group, info.polarity)
    direction = None
    if compared is not None:
        direction = direction_of_travel(value, previous, info.polarity, info.decimals_in(year))
    return {
        "previous_year": before,
        "previous_value": previous,
        "previous_band": band,
        "direction": direction,
        "series_break": series_note,
    }


def _stored_code(positions: Positions, year: str, code: str) -> str:
    """The code a measure is held under in a year's data: its own, or an alias it was published as."""
    published = positions.store.measures(year)
    if code in published:
        return code
    measure = load_catalogue(framework_for_year(year)).find(code)
    return next((alias for alias in (measure.get("aliases", ()) if measure else ()) if alias in published), code)


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
    """The council's quartile profile for one year against one comparator group, with last year's
    counts (its own profile, counted the same way) and the change in each band's count."""
    check_council_in_year(positions, council, year)
    group = resolve_group(group_spec, council, year, positions.store)
    rows = [measure_row(positions, council, year, code, group) for code in total_measures(positions, year)]
    banded = [r for r in rows if r["band"] is not None]
    bands = count_bands(banded)
    without = count_bands([r for r in banded if r["survey"] != "carers"])
    before, before_without = previous_counts(positions, council, year, group_spec)
    return result_heading(positions, council, year, group) | {
        "n_measures": len(banded),
        "bands": bands,
        "bands_excluding_carers": without,
        "bands_previous": before,
        "bands_previous_excluding_carers": before_without,
        "bands_change": band_change(bands, before),
        "bands_change_excluding_carers": band_change(without, before_without),
        "measures": rows,
    }


def previous_counts(
    positions: Positions, council: Council, year: str, group_spec: str
) -> tuple[dict[str, int] | None, dict[str, int] | None]:
    """Last year's counts per band, with and without the carers' measures, from last year's own
    profile against the same kind of group; (None, None) when last year is not loaded or the
    council (or its predecessor on the same boundary) has no figures for it."""
    before = previous_year(year)
    area = code_in_year(council, before)
    if not positions.store.has_year(before) or area is None or positions.store.area(before, area) is None:
        return None, None
    try:
        group = resolve_group(group_spec, council, before, positions.store)
    except AscofError:  # the group cannot be formed for last year (no neighbours list for it, say)
        return None, None
    rows = []
    for code in total_measures(positions, before):
        info = measure_info(code, before)
        band = positions.position(before, code, area, group, info.polarity)["band"]
        rows.append({"band": band, "survey": info.get("survey", "none")})
    return count_bands(rows), count_bands([r for r in rows if r["survey"] != "carers"])


def band_change(now: dict[str, int], before: dict[str, int] | None) -> dict[str, int] | None:
    """The change in each band's count since last year, or None without last year's counts."""
    if before is None:
        return None
    return {band: now[band] - before[band] for band in BANDS}
