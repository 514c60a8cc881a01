"""The worksheet functions as plain Python: Excel-shaped inputs in, a scalar or a 2-D list out.

`udfs` declares each one to xlwings under its Excel name (ASCOF_QUARTILE ...). Every function reads
the published data from `cache`, so a call costs microseconds, and returns its error as "ASCOF: ..." text.
"""

from __future__ import annotations

from typing import Any

from ascof_xl.benchmark.context import marker_of, measure_info
from ascof_xl.benchmark.groups import Group, custom_names, resolve_group
from ascof_xl.benchmark.place import default_year, place_figure
from ascof_xl.benchmark.place import published_code as code_in_year
from ascof_xl.benchmark.profile import build_profile, direction_of_travel
from ascof_xl.benchmark.quartiles import rank as rank_in
from ascof_xl.benchmark.single_measure import build_benchmark
from ascof_xl.catalogue import DEFAULT_FRAMEWORK, Measure, check_framework, load_catalogue
from ascof_xl.catalogue.codes import canonical_code, did_you_mean
from ascof_xl.catalogue.resolver import resolve
from ascof_xl.councils import Council, find_council
from ascof_xl.errors import AscofError
from ascof_xl.figures.value import compute_value
from ascof_xl.excel import cache
from ascof_xl.excel.errors import cell_message, excel_errors, fitted
from ascof_xl.excel.inputs import cell, column, is_blank, number, optional_number, optional_text, text
from ascof_xl.stats import Interval, compare_with, rate_interval, wilson_interval
from ascof_xl.years import parse_year

MEASURE_COLUMNS = ("code", "title", "polarity", "unit")
BENCHMARK_COLUMNS = ("value", "band", "rank", "n", "p25", "median", "p75", "comparator_value", "significance", "trend")
PROFILE_COLUMNS = ("code", "title", "value", "band", "rank", "n", "comparator_value", "significance",
                   "previous_value", "previous_band", "direction", "trend")
LEVELS = {"95": 0.95, "99.8": 0.998}
KINDS = {"proportion": 100, "rate": 100_000}  # kind -> default multiplier


# --- what every function reads: year, council, measure, group ---------------------------------------

def year_of(value: Any) -> str:
    """The year asked for (any spelling parse_year reads), or the latest full publication; it must be loaded."""
    if is_blank(value):
        return cache.default_year()
    year = parse_year(text(value, "year"))
    if not cache.store().has_year(year):
        loaded = ", ".join(cache.store().years)
        raise AscofError(
            f"no published data for {year} is loaded (years loaded: {loaded}); "
            "press Refresh benchmarks on the ASCOF tab to load that year's file"
        )
    return year


def council_of(value: Any, year: str) -> Council:
    """The council named in a cell (name, ONS code or CASSR code)."""
    written = text(value, "council")
    return cache.remembered(("council", written, year), lambda: find_council(written, year))


def placement_year(value: Any, code: str) -> str:
    """The year to place a value in: as given, else the latest year most councils have the measure (as `place`)."""
    if not is_blank(value):
        return year_of(value)
    return cache.remembered(("placement year", code), lambda: default_year(cache.positions(), code))


def published_code(value: Any, year: str) -> tuple[str, Measure]:
    """The code the year's data holds (as typed, a disaggregation such as 2B16574, or its equivalent in the
    year's framework), with the catalogue entry of its measure group."""
    code = canonical_code(text(value, "measure code"))
    return cache.remembered(("code", code, year), lambda: _code_in_year(code, year))


def _code_in_year(code: str, year: str) -> tuple[str, Measure]:
    published = cache.store().measures(year)
    try:
        found = code_in_year(cache.positions(), year, code)
    except AscofError:
        raise AscofError(f'measure "{code}" is not in the {year} data{_did_you_mean(code, published)}') from None
    return found, measure_info(published[found][0], year)


def catalogue_measure(value: Any, framework: Any = None) -> Measure:
    """A catalogue entry, chosen as `ascof-xl measure` chooses: in the framework given, else the default
    framework's entry, else the first framework that has the code."""
    code = text(value, "measure code")
    wanted = optional_text(framework)
    if wanted:
        check_framework(wanted)
    try:
        return resolve(code, framework=wanted or None)
    except AscofError:
        codes = [m.code for m in load_catalogue(wanted or DEFAULT_FRAMEWORK)]
        raise AscofError(f'unknown measure "{canonical_code(code)}"{_did_you_mean(code, codes)}') from None


def _did_you_mean(code: str, codes: Any) -> str:
    """"; did you mean 1A or 1B?" from the one suggestion helper, or "" when nothing is close."""
    close = did_you_mean(code, codes)
    return f"; did you mean {' or '.join(close)}?" if close else ""


def group_of(spec: Any, year: str) -> Group:
    """A comparator group where no council is given: england, region:COUNCIL, council-type:COUNCIL or
    custom:COUNCIL;COUNCIL;... (the first council named stands in for "the council")."""
    written = optional_text(spec, "england")
    return cache.remembered(("group", written, year), lambda: _resolve_group(written, year))


def _resolve_group(written: str, year: str) -> Group:
    kind, _, argument = written.partition(":")
    kind = kind.strip().lower()
    if kind in ("england", "collected"):  # neither looks at the council (collected: a regional collection loaded)
        return resolve_group(kind, None, year, cache.store())
    if kind in ("region", "council-type") and argument.strip():
        return resolve_group(kind, find_council(argument, year), year, cache.store())
    if kind == "custom" and argument.strip():
        return resolve_group(written, find_council(custom_names(argument)[0], year), year, cache.store())
    if kind == "neighbours":
        raise AscofError(
            f'group "{written}" needs the council whose neighbours the file lists, and this function has no council '
            "argument: use ASCOF_BENCHMARK or ASCOF_PROFILE (they take the council), ASCOF_QUARTILE with its council "
            "argument, or write the neighbours out as custom:COUNCIL;COUNCIL;..."
        )
    raise AscofError(
        f'group "{written}" needs a council: write england, region:COUNCIL, council-type:COUNCIL '
        "or custom:COUNCIL;COUNCIL;..."
    )


def _distribution_or_error(year: str, code: str, group: Group) -> Any:
    distribution = cache.positions().distribution(year, code, group)
    if not distribution.ordered:
        raise AscofError(f"no council in {group.label} has a {year} value for {code}")
    return distribution


def _with_marker(row: dict[str, Any]) -> dict[str, Any]:
    """A missing value shows its published marker ([c], [x]) rather than a blank."""
    return row | {"value": f"[{row['marker']}]"} if row["value"] is None and row.get("marker") else row


# --- the functions ----------------------------------------------------------------------------------

@excel_errors
def ascof_value(code: Any, numerator: Any, denominator: Any, year: Any = None) -> Any:
    """ASCOF_VALUE: the measure's value from its counts, with the publication's rounding ("[x]" for a zero denominator)."""
    chosen = None if is_blank(year) else parse_year(text(year, "year"))
    result = compute_value(text(code, "measure code"), cell(numerator), cell(denominator), year=chosen)
    return f"[{result['marker']}]" if result["marker"] else result["value"]


def _measure_command(code: Any, field: Any = None, framework: Any = None) -> str:
    """The command that prints a measure's whole definition (where a field cut to fit a cell is read whole)."""
    chosen = optional_text(framework)
    return f"ascof-xl measure {canonical_code(text(code, 'measure code'))}" + (f" --framework {chosen}" if chosen else "")


def _measures_command(framework: Any = None) -> str:
    """The command that lists a framework's measures with their whole titles."""
    return f"ascof-xl measures --framework {optional_text(framework, DEFAULT_FRAMEWORK)}"


@excel_errors(full_text=_measure_command)
def ascof_measure(code: Any, field: Any = None, framework: Any = None) -> Any:
    """ASCOF_MEASURE: one field of a measure's definition (its title by default)."""
    measure = catalogue_measure(code, framework)
    name = optional_text(field, "title").lower().replace(" ", "_")
    fields = measure.as_dict()
    if name not in fields:
        raise AscofError(f'measure {measure.code} has no field "{name}"; fields: {", ".join(fields)}')
    found = fields[name]
    if isinstance(found, (list, tuple)):
        return "; ".join(str(item) for item in found)
    if isinstance(found, dict):
        return "; ".join(f"{k}: {v}" for k, v in found.items())
    return found


@excel_errors(full_text=_measures_command)
def ascof_measures(framework: Any = None) -> list[list[Any]]:
    """ASCOF_MEASURES: the catalogue as a table, header row first."""
    catalogue = load_catalogue(check_framework(optional_text(framework, DEFAULT_FRAMEWORK)))
    return [list(MEASURE_COLUMNS)] + [[getattr(m, c) for c in MEASURE_COLUMNS] for m in catalogue]


@excel_errors
def ascof_quartile(code: Any, value: Any, group: Any = None, year: Any = None, council: Any = None) -> Any:
    """ASCOF_QUARTILE: the band a value takes among a year's published values of the group.

    With a council, the value takes the place of the council's published one (as `ascof-xl place`).
    """
    written = canonical_code(text(code, "measure code"))
    year = placement_year(year, written)
    published, info = published_code(written, year)
    figure = number(value, "value")
    if not is_blank(council):
        spec = optional_text(group, "england")
        return place_figure(cache.positions(), council_of(council, year), year, published, figure, group_spec=spec)["band"]
    comparators = group_of(group, year)
    _distribution_or_error(year, published, comparators)
    return cache.positions().band_of_value(year, published, figure, comparators, info.polarity)


@excel_errors
def ascof_rank(code: Any, value: Any, group: Any = None, year: Any = None) -> str:
    """ASCOF_RANK: "rank of n": where a value ranks among the year's n published values (1 is best, ties share)."""
    written = canonical_code(text(code, "measure code"))
    year = placement_year(year, written)
    published, info = published_code(written, year)
    distribution = _distribution_or_error(year, published, group_of(group, year))
    return f"{rank_in(number(value, 'value'), distribution.ordered, info.polarity)} of {distribution.n}"


@excel_errors
def ascof_thresholds(code: Any, group: Any = None, year: Any = None) -> list[list[Any]]:
    """ASCOF_THRESHOLDS: P25, median and P75 (Excel QUARTILE.INC) of the group's published values, as one row."""
    written = canonical_code(text(code, "measure code"))
    year = placement_year(year, written)
    published, _ = published_code(written, year)
    return [list(_distribution_or_error(year, published, group_of(group, year)).cuts)]


@excel_errors
def ascof_benchmark(council: Any, code: Any, year: Any = None, group: Any = None) -> list[list[Any]]:
    """ASCOF_BENCHMARK: one row: value, band, rank, n, P25, median, P75, comparator, significance, trend."""
    year = year_of(year)
    key = ("benchmark", text(council, "council"), canonical_code(text(code, "measure code")), year,
           optional_text(group, "england"))
    return cache.remembered(key, lambda: _benchmark_row(*key[1:]))


def _benchmark_row(council: str, code: str, year: str, spec: str) -> list[list[Any]]:
    """One council's benchmark on one measure, worked out (and fitted to Excel) once per load."""
    result = build_benchmark(cache.positions(), council_of(council, year), year, code, "Total", spec)
    row = _with_marker(result["council_row"]) | {"comparator_value": result["comparator_value"]}
    return fitted([[row.get(c) for c in BENCHMARK_COLUMNS]],
                  f"ascof-xl benchmark --council \"{council}\" --measure {code} --year {year}")


@excel_errors
def ascof_profile(council: Any, year: Any = None, group: Any = None) -> list[list[Any]]:
    """ASCOF_PROFILE: the council's quartile profile, one row per measure under a header row."""
    year = year_of(year)
    found = council_of(council, year)
    spec = optional_text(group, "england")
    return cache.remembered(("profile", found.ons_code, year, spec), lambda: _profile_table(found, year, spec))


def _profile_table(council: Council, year: str, spec: str) -> list[list[Any]]:
    """The council's profile table, worked out (and fitted to Excel) once per load."""
    profile = build_profile(cache.positions(), council, year, spec)
    rows = [_with_marker(r) for r in profile["measures"]]
    table = [list(PROFILE_COLUMNS)] + [[r.get(c) for c in PROFILE_COLUMNS] for r in rows]
    return fitted(table, f"ascof-xl profile --council {council.ons_code} --year {year}")


@excel_errors
def ascof_bands(councils: Any, codes: Any, year: Any = None) -> list[list[Any]]:
    """ASCOF_BANDS: each council's band (against England) on each measure, as one councils x measures array.

    A council or code that cannot be read shows its message in its own row or column; a council
    without a published value shows the published marker ([c], [x]) or stays blank.
    """
    year = year_of(year)
    positions = cache.positions()
    england = group_of("england", year)
    columns = [_column(c, year, england) for c in column(codes)]
    table = []
    for entry in column(councils):
        try:
            area = council_of(entry, year).ons_code
        except AscofError as error:
            table.append([cell_message(error)] * len(columns))
            continue
        table.append([found if isinstance(found, str) else _band(positions, year, area, *found) for found in columns])
    return table


def _column(value: Any, year: str, group: Group) -> tuple[str, str, Any] | str:
    """A code of ASCOF_BANDS with its polarity and distribution, or its error message."""
    try:
        code, info = published_code(value, year)
    except AscofError as error:
        return cell_message(error)
    return code, info.polarity, cache.positions().distribution(year, code, group)


def _band(positions: Any, year: str, area: str, code: str, polarity: str, distribution: Any) -> str | None:
    """One council's band on one measure; its published marker ([c], [x]) or blank when it has no value."""
    value = distribution.values.get(area)
    if value is None:
        marker = marker_of(positions, year, area, code)
        return f"[{marker}]" if marker else None
    return positions.band(value, distribution, polarity, rank_in(value, distribution.ordered, polarity))


@excel_errors
def ascof_ci(numerator: Any, denominator: Any, kind: Any = None, level: Any = None) -> list[list[float | None]]:
    """ASCOF_CI: lower and upper limits, as one row (Wilson for proportions, Byar or exact Poisson for rates)."""
    chosen = optional_text(kind, "proportion").lower()
    if chosen not in KINDS:
        raise AscofError(f'kind "{chosen}" is not known; use proportion or rate')
    confidence = _confidence(level)
    counts = number(numerator, "numerator"), number(denominator, "denominator")
    try:
        if chosen == "proportion":
            interval = wilson_interval(*counts, confidence, KINDS[chosen])
        else:
            interval = rate_interval(*counts, confidence, KINDS[chosen])
    except ValueError as error:
        raise AscofError(str(error)) from None
    return [[interval.lower, interval.upper]]


def _confidence(level: Any) -> float:
    """95 or 99.8 (also written 0.95, "95%", 0.998)."""
    if is_blank(level):
        return LEVELS["95"]
    found = number(level, "level")
    found = found * 100 if found < 1 else found
    for written, confidence in LEVELS.items():
        if abs(found - float(written)) < 1e-9:
            return confidence
    raise AscofError(f"level {cell(level)} is not offered; use 95 or 99.8")


@excel_errors
def ascof_significance(code: Any, value: Any, lower: Any, upper: Any, comparator: Any) -> str:
    """ASCOF_SIGNIFICANCE: better / similar / worse: the comparator against the value's interval, by polarity."""
    polarity = catalogue_measure(code).polarity
    bounds = number(lower, "lower"), number(upper, "upper")
    if bounds[0] > bounds[1]:
        raise AscofError(f"lower {bounds[0]:g} is above upper {bounds[1]:g}; give the interval's limits in order")
    interval = Interval(number(value, "value"), *bounds, 0.95, "given")
    return compare_with(interval, number(comparator, "comparator"), polarity)


@excel_errors
def ascof_dot(code: Any, current: Any, previous: Any) -> str:
    """ASCOF_DOT: direction of travel (improved / worsened / no change) at the published decimals."""
    measure = catalogue_measure(code)
    now, before = optional_number(current, "current"), optional_number(previous, "previous")
    if now is None or before is None:
        raise AscofError("current and previous values are both needed for a direction of travel")
    return direction_of_travel(now, before, measure.polarity, measure.get("decimals", 1))
