"""A council's quartile profile, as in a scrutiny briefing, and one measure against its group.

The profile counts the council's all-ages measures in each band, with and without the carers'
survey measures, and gives each measure's previous value, band and direction of travel.
"""

from __future__ import annotations

from typing import Any

from ascof_xl.benchmark.groups import Group, resolve_group
from ascof_xl.benchmark.positions import Positions
from ascof_xl.benchmark.quartiles import BANDS
from ascof_xl.benchmark.statistics import measure_statistics
from ascof_xl.catalogue import Measure, framework_for_year, load_catalogue
from ascof_xl.councils import Council, code_in_year
from ascof_xl.errors import AscofError
from ascof_xl.published.tidy import SUFFIXES
from ascof_xl.years import previous_year


def measure_info(code: str, year: str) -> Measure | None:
    """The catalogue entry of a measure group in the framework a year follows."""
    return load_catalogue(framework_for_year(year)).find(code)


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
    earlier = [ref.removeprefix(prefix) for ref in (measure.lineage if measure else ()) if ref.startswith(prefix)]
    return earlier[0] if len(earlier) == 1 else None


def measure_row(positions: Positions, council: Council, year: str, code: str, group: Group) -> dict[str, Any]:
    """One measure of the profile: the council's position, comparator, previous year and statistics."""
    store = positions.store
    info = measure_info(code, year)
    polarity = info.polarity if info else "none"
    row: dict[str, Any] = {"code": code, "title": info.title if info else code, "polarity": polarity}
    row |= positions.position(year, code, council.ons_code, group, polarity)
    cell = store.cell(year, council.ons_code, code)
    row["marker"] = cell[1] if cell and cell[0] is None else None
    row["comparator_value"] = _comparator_value(positions, year, code, group, row["median"])
    row |= _previous(positions, council, year, code, group, polarity, row["value"], info)
    row |= measure_statistics(store, council, year, code, polarity, row["value"], row["comparator_value"], info)
    row["survey"] = info.get("survey", "none") if info else "none"
    return row


def _comparator_value(positions: Positions, year: str, code: str, group: Group, median: float | None) -> float | None:
    if group.comparator_area is None:
        return median
    return positions.store.value(year, group.comparator_area, code)


def _previous(
    positions: Positions, council: Council, year: str, code: str, group: Group, polarity: str,
    value: float | None, info: Measure | None,
) -> dict[str, Any]:
    before = previous_year(year)
    earlier = previous_code(code, year) if positions.store.has_year(before) else None
    area = code_in_year(council, before)
    previous = positions.store.value(before, area, earlier) if earlier and area else None
    band = positions.band_of_value(before, earlier, previous, group, polarity) if previous is not None else None
    decimals = info.get("decimals", 1) if info else 1
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


def _heading(positions: Positions, council: Council, year: str, group: Group) -> dict[str, Any]:
    """What every benchmarking result opens with: council, year, group and quartile method."""
    return {
        "council": council.as_dict(),
        "year": year,
        "group": group.kind,
        "group_label": group.label,
        "method": positions.method,
    }


def check_council_in_year(positions: Positions, council: Council, year: str) -> None:
    """Refuse a council that did not exist in the year, or that the year's data does not hold."""
    positions.store.require_year(year)
    if not council.existed_in(year):
        span = f"from {council.first_year}" if council.first_year else f"until {council.last_year}"
        raise AscofError(f"{council.name} ({council.ons_code}) reported {span}, so it has no figures for {year}.")
    if positions.store.area(year, council.ons_code) is None:
        raise AscofError(
            f"the {year} data loaded holds no rows for {council.name} ({council.ons_code}); "
            "check the council or give the full published file."
        )


def build_profile(
    positions: Positions, council: Council, year: str, group_spec: str = "england"
) -> dict[str, Any]:
    """The council's quartile profile for one year against one comparator group."""
    check_council_in_year(positions, council, year)
    group = resolve_group(group_spec, council, year, positions.store)
    rows = [measure_row(positions, council, year, code, group) for code in total_measures(positions, year)]
    banded = [r for r in rows if r["band"] is not None]
    return _heading(positions, council, year, group) | {
        "n_measures": len(banded),
        "bands": count_bands(banded),
        "bands_excluding_carers": count_bands([r for r in banded if r["survey"] != "carers"]),
        "measures": rows,
    }


def measure_code_for(code: str, disaggregation: str) -> str:
    """The published code of a measure group and disaggregation: 2B1 and "65-74" give 2B16574."""
    text = disaggregation.strip()
    if text.lower() in SUFFIXES:
        return code.upper() + SUFFIXES[text.lower()]
    if text.upper() in {s.upper() for s in SUFFIXES.values()}:
        return code.upper() + text.upper()
    labels = ", ".join(k for k in SUFFIXES if k)
    raise AscofError(f"unknown disaggregation '{disaggregation}'; use Total or one of: {labels}")


def build_benchmark(
    positions: Positions,
    council: Council,
    year: str,
    code: str,
    disaggregation: str = "Total",
    group_spec: str = "england",
) -> dict[str, Any]:
    """One measure, any disaggregation: the council's row and the whole group's distribution."""
    store = positions.store
    check_council_in_year(positions, council, year)
    published = _published_code(store.measures(year), code, disaggregation, year)
    group_code, label = store.measures(year)[published]
    group = resolve_group(group_spec, council, year, store)
    info = measure_info(group_code, year)
    polarity = info.polarity if info else "none"
    row = positions.position(year, published, council.ons_code, group, polarity)
    comparator = _comparator_value(positions, year, published, group, row["median"])
    row |= measure_statistics(store, council, year, published, polarity, row["value"], comparator, info)
    return _heading(positions, council, year, group) | {
        "measure": {
            "code": published,
            "group": group_code,
            "title": info.title if info else group_code,
            "disaggregation": label,
            "polarity": polarity,
        },
        "council_row": row,
        "comparator_value": comparator,
        "distribution": _group_rows(positions, year, published, group, polarity),
    }


def _published_code(measures: dict[str, tuple[str, str]], code: str, disaggregation: str, year: str) -> str:
    """The code of the measure and disaggregation asked for, which the year's data must hold."""
    published = measure_code_for(code, disaggregation)
    if published not in measures:
        available = sorted(c for c, (g, _) in measures.items() if g == code.upper())
        hint = f"; published codes for {code.upper()}: {', '.join(available)}" if available else ""
        raise AscofError(f"measure {published} is not in the {year} data{hint}.")
    return published


def _group_rows(positions: Positions, year: str, code: str, group: Group, polarity: str) -> list[dict[str, Any]]:
    """Every council of the group with a value: name, value, rank and band, best first."""
    rows = []
    for area in positions.distribution(year, code, group).values:
        found = positions.position(year, code, area, group, polarity)
        name = positions.store.area(year, area).name
        rows.append({"area_code": area, "name": name} | {k: found[k] for k in ("value", "rank", "band")})
    return sorted(rows, key=lambda r: (r["rank"], r["name"]))
