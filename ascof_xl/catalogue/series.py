"""A measure's series across years and frameworks, and where the publication says it breaks.

A series is named by the measure's code in the latest ASCOF framework it reaches through
lineage (old 1J and new 1B are one series, "1B"). The catalogue's [[series_breaks]] table says,
from the publication's comparability log, where a series cannot be compared with the years
before ("break"), which years are compared with no other ("stands apart"), and what changed
without breaking it ("note"). A trend never runs across a break.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from ascof_xl.catalogue import canonical_code, framework_for_year, load_catalogue
from ascof_xl.catalogue.resolver import ASCOF_FRAMEWORKS, equivalent_in
from ascof_xl.years import previous_year

SERIES_FRAMEWORKS = ASCOF_FRAMEWORKS  # oldest first
MAX_SKIPPED = 4  # years stepped over in a row (standing apart, between surveys) before giving up


@dataclass(frozen=True)
class SeriesBreak:
    """One comparability note: the series, the year, "break" or "stands apart", why and where it is said."""

    series: str
    year: str
    kind: str
    reason: str
    source: str

    def describe(self) -> str:
        """The note in words, for a row of output."""
        if self.kind == "break":
            return f"break in series in {self.year}: {self.reason} ({self.source})"
        if self.kind == "note":
            return f"comparability note for {self.year} (not a break): {self.reason} ({self.source})"
        return f"{self.year} stands apart: {self.reason} ({self.source})"


@cache
def series_code(code: str, framework: str, year: str) -> str | None:
    """The code that carries a measure of `framework` in `year`'s framework, or None when no
    single measure does (one-to-one lineage only)."""
    target = framework_for_year(year)
    measure = load_catalogue(framework).find(code)
    if measure is None:  # a code the catalogue does not know keeps its code within its framework
        return canonical_code(code) if target == framework else None
    found = equivalent_in(measure, target)
    return found.code if found is not None else None


@cache
def series_name(code: str, framework: str) -> str:
    """The series a measure belongs to: its code in the latest ASCOF framework it reaches."""
    if framework not in SERIES_FRAMEWORKS:
        return f"{framework}:{canonical_code(code)}"
    known = load_catalogue(framework).find(code)
    name = known.code if known else canonical_code(code)
    for later in SERIES_FRAMEWORKS[SERIES_FRAMEWORKS.index(framework) + 1 :]:
        found = series_code(name, framework, _first_year(later))
        if found is None:
            return f"{framework}:{name}"
        name, framework = found, later
    return name


def _first_year(framework: str) -> str:
    return {"ascof-2018-19": "2014-15", "ascof-2023-24": "2023-24"}[framework]


@cache
def _breaks() -> dict[tuple[str, str], tuple[SeriesBreak, ...]]:
    """Every recorded break, by series and year."""
    found: dict[tuple[str, str], list[SeriesBreak]] = {}
    for framework in SERIES_FRAMEWORKS:
        for entry in load_catalogue(framework).tables.get("series_breaks", ()):
            series = series_name(entry["code"], framework)
            note = SeriesBreak(series, entry["year"], entry["kind"], entry["reason"], entry["source"])
            found.setdefault((series, entry["year"]), []).append(note)
    return {key: tuple(notes) for key, notes in found.items()}


def series_breaks(code: str, framework: str | None = None) -> list[SeriesBreak]:
    """Every comparability note recorded for a measure's series, oldest first."""
    series = series_name(code, framework or SERIES_FRAMEWORKS[-1])
    return sorted((n for (s, _), notes in _breaks().items() if s == series for n in notes), key=lambda n: n.year)


@lru_cache(maxsize=65536)  # asked for every measure and year of every profile and trend
def _note(code: str, year: str, framework: str | None, kind: str) -> SeriesBreak | None:
    series = series_name(code, framework or framework_for_year(year))
    return next((n for n in _breaks().get((series, year), ()) if n.kind == kind), None)


def series_break(code: str, year: str, framework: str | None = None) -> str | None:
    """Why `year` cannot be compared with the years before it for this measure, or None.

    `framework` is the framework the code belongs to (default: the one `year` follows)."""
    note = _note(code, year, framework, "break")
    return note.describe() if note else None


def comparability_note(code: str, year: str, framework: str | None = None) -> str | None:
    """What the comparability log says of `year` for this measure where it does not break the series
    (a small change of the return, say), or None: shown beside a trend that runs across it."""
    note = _note(code, year, framework, "note")
    return note.describe() if note else None


def stands_apart(code: str, year: str, framework: str | None = None) -> str | None:
    """Why `year` is compared with no other year for this measure (2020-21's voluntary survey), or None."""
    note = _note(code, year, framework, "stands apart")
    return note.describe() if note else None


@cache
def published_in(code: str, framework: str, year: str) -> bool | None:
    """Whether the measure's series was published in `year` (the carers' survey is biennial, say):
    False also when no measure carries the series in that year's framework; None when the
    catalogue cannot tell (a code it does not know, or an entry without years)."""
    if load_catalogue(framework).find(code) is None:
        return None
    carried = series_code(code, framework, year)
    if carried is None:  # no measure carries the series in that year's framework
        return False
    measure = load_catalogue(framework_for_year(year)).find(carried)
    if measure is None or not measure.get("years"):
        return None
    return year in measure.get("years")


@cache
def _before_first_year(code: str, framework: str, year: str) -> bool:
    """True when `year` comes before every year the series was published in."""
    first = min(
        (y for f in SERIES_FRAMEWORKS for m in _carriers(code, framework, f) for y in m.get("years", ())),
        default=None,
    )
    return first is not None and year < first


def _carriers(code: str, framework: str, target: str) -> list:
    carried = series_code(code, framework, _first_year(target))
    measure = load_catalogue(target).find(carried) if carried else None
    return [measure] if measure is not None else []


def _held(code: str, framework: str, year: str, has_value: Callable[[str, str], bool] | None) -> bool:
    """True when the data hold a value for the series in `year`."""
    carried = series_code(code, framework, year)
    return has_value is not None and carried is not None and has_value(year, carried)


def comparable_previous_year(
    code: str, year: str, framework: str | None = None, has_value: Callable[[str, str], bool] | None = None
) -> tuple[str | None, str | None]:
    """The year `year` is compared with for this measure, and why there is none when it is None.

    Years standing apart, and years the series was not published in (between carers' surveys),
    are stepped over: later years compare with the years before them. `has_value(year, code)`,
    when given, says whether the data hold a value; a year that has one is not stepped over for
    want of publication. A break recorded at `year`, or at a year stepped over, ends the series
    there (the reason is returned); so does the start of the series (no reason).
    """
    framework = framework or framework_for_year(year)
    if reason := stands_apart(code, year, framework):
        return None, reason
    if reason := series_break(code, year, framework):
        return None, reason
    before = previous_year(year)
    for _ in range(MAX_SKIPPED):
        published = published_in(code, framework, before) is not False or _held(code, framework, before, has_value)
        if stands_apart(code, before, framework) is None and published:
            return before, None
        if reason := series_break(code, before, framework):
            return None, reason
        if _before_first_year(code, framework, before):
            return None, None
        before = previous_year(before)
    return None, f"no comparable year within {MAX_SKIPPED} years before {year}"
