"""A provisional position: a council's own figure put into a published year's distribution.

The council's figure takes the place of its published value (or joins the distribution where it
had none); the band, rank, cut points and significance are then worked out as the benchmark does.
The result says it is provisional and which year's distribution it used.
"""

from __future__ import annotations

from typing import Any

from ascof_xl.benchmark.codes import split_code, spoken_code
from ascof_xl.benchmark.context import check_council_in_year, comparator_value, measure_info, result_heading
from ascof_xl.benchmark.groups import resolve_group
from ascof_xl.benchmark.positions import Distribution, Positions
from ascof_xl.benchmark.quartiles import cut_points, percentile, rank
from ascof_xl.catalogue import canonical_code, framework_for_year
from ascof_xl.catalogue.resolver import equivalent_in, resolve
from ascof_xl.councils import Council
from ascof_xl.errors import AscofError
from ascof_xl.figures.value import compute_value
from ascof_xl.stats import Interval, compare_with, margin_of_error_interval, rate_interval, wilson_interval

FULL_SHARE = 0.5  # a year counts as a full publication of a measure when it has at least half the most councils


def place_figure(
    positions: Positions,
    council: Council,
    year: str | None,
    code: str,
    value: float | None,
    *,
    numerator: Any = None,
    denominator: Any = None,
    margin_of_error: float | None = None,
    group_spec: str = "england",
    framework: str | None = None,
) -> dict[str, Any]:
    """Band, rank of n and significance of the council's own figure in a published year's distribution.

    `value` may be None when a numerator and denominator are given: it is then computed as published.
    `year` None takes the latest year in which the measure was published for most councils. `framework`
    names the framework `code` is written in, when it may differ from the year's (a survey's old codes).
    """
    store = positions.store
    year = year or default_year(positions, code, framework)
    published = published_code(positions, year, code, framework)
    check_council_in_year(positions, council, year)
    group_code, disaggregation = store.measures(year)[published]
    info = measure_info(group_code, year)
    polarity = info.polarity
    if value is None:
        if numerator is None or denominator is None:
            raise AscofError(f"measure {published}: give the council's value, or its numerator and denominator.")
        computed = compute_value(group_code, numerator, denominator, year=year)
        if computed["value"] is None:
            raise AscofError(f"measure {published}: the denominator is zero, so there is no value to place.")
        value = computed["value"]
    group = resolve_group(group_spec, council, year, store)
    published_position = positions.position(year, published, council.ons_code, group, polarity)
    distribution = _with_figure(positions.distribution(year, published, group), council.ons_code, float(value), positions.method)
    place_rank = rank(float(value), distribution.ordered, polarity)
    p25, median, p75 = distribution.cuts
    comparator = comparator_value(positions, year, published, group, median)
    interval = figure_interval(float(value), info.unit, numerator, denominator, margin_of_error)
    return result_heading(positions, council, year, group) | {
        "provisional": True,
        "distribution_year": year,
        "measure": {"code": published, "group": group_code, "title": info.title,
                    "disaggregation": disaggregation, "polarity": polarity, "unit": info.unit},
        "value": float(value),
        "band": positions.band(float(value), distribution, polarity, place_rank),
        "rank": place_rank,
        "n": distribution.n,
        "percentile": percentile(float(value), distribution.ordered, polarity),
        "p25": p25,
        "median": median,
        "p75": p75,
        "comparator_value": comparator,
        "ci_lower": None if isinstance(interval, str) else interval.lower,
        "ci_upper": None if isinstance(interval, str) else interval.upper,
        "ci_method": None if isinstance(interval, str) else interval.method,
        "significance": _significance(interval, comparator, polarity),
        "published_value": published_position["value"],
        "published_band": published_position["band"],
        "published_rank": published_position["rank"],
    }


def _with_figure(published: Distribution, area: str, value: float, method: str) -> Distribution:
    """The group's distribution with the council's figure in place of its published value."""
    values = dict(published.values) | {area: value}
    ordered = tuple(sorted(values.values()))
    return Distribution(values, ordered, cut_points(ordered, "exc" if method == "exc" else "inc"))


def figure_interval(
    value: float, unit: str, numerator: Any, denominator: Any, margin_of_error: float | None
) -> Interval | str:
    """The figure's 95% interval: its margin of error, else Wilson or Byar/exact Poisson from its counts."""
    if margin_of_error is not None:
        return margin_of_error_interval(value, float(margin_of_error))
    if numerator is None or denominator is None:
        return "no denominator or margin of error given"
    top, bottom = float(str(numerator).replace(",", "")), float(str(denominator).replace(",", ""))
    if unit == "percentage":
        return wilson_interval(top, bottom)
    if unit == "rate per 100,000":
        return rate_interval(top, bottom)
    return "no interval method for a " + unit + " from counts; give its margin of error"


def _significance(interval: Interval | str, comparator: float | None, polarity: str) -> str:
    if isinstance(interval, str):
        return interval
    if comparator is None:
        return "no comparator value"
    return compare_with(interval, comparator, polarity)


def published_code(positions: Positions, year: str, code: str, framework: str | None = None) -> str:
    """The code the year's data holds for a measure: as given, or the measure the catalogue resolver
    names for that year (an alias such as 2E, or its equivalent in the year's framework), under the
    catalogue's code or the one the year's publication used. A code in `framework` other than the
    year's is always translated through the catalogue's lineage."""
    code = canonical_code(code)
    measures = positions.store.measures(year)
    target = framework_for_year(year)
    if code in measures and framework in (None, target):
        return code
    group, suffix = split_code(code)
    try:
        measure = resolve(group, framework=framework) if framework else resolve(group, year)
    except AscofError:
        measure = None
    equivalent = equivalent_in(measure, target) if measure is not None else None
    for candidate in dict.fromkeys([equivalent.code, equivalent.code_in(year)] if equivalent else []):
        if canonical_code(candidate) + suffix in measures:
            return canonical_code(candidate) + suffix
    raise AscofError(f"measure {spoken_code(code)} is not in the {year} published data; give a measure that year "
                     "published.")


def default_year(positions: Positions, code: str, framework: str | None = None) -> str:
    """The latest year in which the measure was published for at least half as many councils as in its fullest year."""
    store = positions.store
    counts = {}
    for year in store.years:
        try:
            published = published_code(positions, year, code, framework)
        except AscofError:
            continue
        counts[year] = sum(
            1 for area, (value, _) in store.cells(year, published).items()
            if value is not None and (found := store.area(year, area)) is not None and found.level == "council"
        )
    if not counts or max(counts.values()) == 0:
        raise AscofError(f"measure {spoken_code(code)} has no published council values in the data loaded; "
                         "give --data FILE.")
    fullest = max(counts.values())
    return max(year for year, n in counts.items() if n >= FULL_SHARE * fullest)
