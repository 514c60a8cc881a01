"""A measure's series across years and frameworks, and where the publication says it breaks.

A series is named by the measure's code in the latest ASCOF framework it reaches through
lineage (old 1J and new 1B are one series, "1B"). The catalogue's [[series_breaks]] table says,
from the publication's comparability log, where a series cannot be compared with the years
before ("break") and which years are compared with no other ("stands apart").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ascof_xl.catalogue import canonical_code, framework_for_year, load_catalogue
from ascof_xl.years import previous_year, year_start

SERIES_FRAMEWORKS = ("ascof-2018-19", "ascof-2023-24")  # oldest first
MAX_SKIPPED = 3  # years standing apart skipped in a row before giving up


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
        return f"{self.year} stands apart: {self.reason} ({self.source})"


def series_code(code: str, framework: str, year: str) -> str | None:
    """The code that carries a measure of `framework` in `year`'s framework, or None when no
    single measure does (one-to-one lineage only)."""
    target = framework_for_year(year)
    measure = load_catalogue(framework).find(code)
    if measure is None:
        return None
    if target == framework:
        return measure.code
    earlier = [ref.partition(":")[2] for ref in measure.lineage if ref.startswith(target + ":")]
    later = [m.code for m in load_catalogue(target) if measure.key in m.lineage]
    found = earlier + later
    return found[0] if len(found) == 1 else None


def series_name(code: str, framework: str) -> str:
    """The series a measure belongs to: its code in the latest ASCOF framework it reaches."""
    name = canonical_code(code)
    if framework not in SERIES_FRAMEWORKS:
        return f"{framework}:{name}"
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


def _note(code: str, year: str, framework: str | None, kind: str) -> SeriesBreak | None:
    series = series_name(code, framework or framework_for_year(year))
    return next((n for n in _breaks().get((series, year), ()) if n.kind == kind), None)


def series_break(code: str, year: str, framework: str | None = None) -> str | None:
    """Why `year` cannot be compared with the years before it for this measure, or None.

    `framework` is the framework the code belongs to (default: the one `year` follows)."""
    note = _note(code, year, framework, "break")
    return note.describe() if note else None


def stands_apart(code: str, year: str, framework: str | None = None) -> str | None:
    """Why `year` is compared with no other year for this measure (2020-21's voluntary survey), or None."""
    note = _note(code, year, framework, "stands apart")
    return note.describe() if note else None


def comparable_previous_year(code: str, year: str, framework: str | None = None) -> tuple[str | None, str | None]:
    """The year `year` is compared with for this measure, and why there is none when it is None.

    Years standing apart are stepped over (later years compare with the years before them);
    a break recorded at `year`, or at a year stepped over, ends the series there.
    """
    framework = framework or framework_for_year(year)
    if reason := stands_apart(code, year, framework):
        return None, reason
    if reason := series_break(code, year, framework):
        return None, reason
    before = previous_year(year)
    for _ in range(MAX_SKIPPED):
        if stands_apart(code, before, framework) is None:
            return before, None
        if reason := series_break(code, before, framework):
            return None, reason
        before = previous_year(before)
    return None, f"no comparable year within {MAX_SKIPPED} years before {year}"


def years_apart(first: str, second: str) -> int:
    """How many years separate two financial years."""
    return abs(year_start(second) - year_start(first))
