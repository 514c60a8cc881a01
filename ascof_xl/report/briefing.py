"""The briefing as plain data: the council's profiles against England, its region and its
neighbours, one merged row per measure with its series, the lists a scrutiny briefing writes by
hand, and the story (ascof_xl.story) told from the rows.

Built from the benchmarking core only; the workbook writer turns it into sheets, and any other
door (a macro, a web page) can read it as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ascof_xl.benchmark.context import measure_info
from ascof_xl.benchmark.groups import ENGLAND, Group, resolve_group
from ascof_xl.benchmark.positions import Positions
from ascof_xl.benchmark.profile import build_profile
from ascof_xl.benchmark.statistics import trend_run
from ascof_xl.catalogue import framework_for_year, load_catalogue
from ascof_xl.councils import Council
from ascof_xl.report.changes import change_from_last_year
from ascof_xl.report.coverage import statistics_coverage
from ascof_xl.report.profile_counts import group_summary
from ascof_xl.report.quartile_lists import comparison_pair, quartile_lists
from ascof_xl.report.wording import short_title
from ascof_xl.story import MeasureFacts, tell
from ascof_xl.story.series import measure_series
from ascof_xl.years import previous_year

GROUP_FIELDS = ("band", "rank", "n", "comparator_value", "median", "p25", "p75", "significance")


def build_briefing(
    positions: Positions, council: Council, year: str, neighbours: str | Path | None = None
) -> dict[str, Any]:
    """Everything the briefing shows for one council and year, as plain dictionaries and lists."""
    specs = {"england": "england", "region": "region"}
    if neighbours:
        specs["neighbours"] = f"neighbours:{neighbours}"
    profiles = {kind: build_profile(positions, council, year, spec) for kind, spec in specs.items()}
    england = resolve_group("england", council, year, positions.store)
    measures = merged_rows(positions, council, year, profiles, england)
    for measure in measures:
        measure["series"] = measure_series(positions.store, council, year, measure["code"])
    everyone = all_councils(england)
    pair, region = comparison_pair(profiles), profiles["region"]["group_label"]
    facts = [measure_facts(m, pair, region, everyone["name"]) for m in measures]
    story = tell(facts, year, council.name, profiles["england"]["bands"], everyone["name"])
    return {
        "council": council.as_dict(),
        "year": year,
        "all_councils": everyone,
        "previous_year": previous_year(year),
        "framework": framework_for_year(year),
        "area_heading": area_heading(year),
        "areas": areas_of(year),
        "method": positions.method,
        "neighbours_file": str(neighbours) if neighbours else None,
        "profiles": [group_summary(profile) for profile in profiles.values()],
        "measures": measures,
        "quartile_lists": quartile_lists(measures, profiles),
        "story": story,
        "statistics": statistics_coverage(measures),
        "series_breaks": [m for m in measures if m["series_break"]],
    }


PROVISIONAL = "provisional, not published"


def all_councils(group: Group) -> dict[str, Any]:
    """How the briefing names the all-councils group, from the group's own label: "England" with published
    data; "the councils collected" when the data holds no England figures (a regional collection), whose
    briefing is then provisional, not published, and says so. Every sheet reads its words from here."""
    label = group.label
    if label == ENGLAND:
        return {"name": label, "heading": label, "council": f"{label} council",
                "councils": f"{label} councils", "median": f"{label} median", "provisional": False, "mark": "",
                "note": None}
    return {
        "name": label,  # in a sentence: "against the councils collected"
        "heading": label.removeprefix("the ").capitalize(),  # a column heading: "Councils collected median"
        "council": "council collected",  # "the worst council collected"
        "councils": label,  # "the range of the councils collected"
        "median": "median of those collected",
        "provisional": True,
        "mark": f" ({PROVISIONAL})",  # after each sheet's title
        "note": (f"The data given holds no England figures (a regional collection of councils' own returns), so "
                 f"every band, rank and chart here is against {label}: {PROVISIONAL}. Do not quote these "
                 "figures as official statistics."),
    }


def area_heading(year: str) -> str:
    """"Objective" for the six-objective framework (2023-24 on), "Domain" for the four domains."""
    catalogue = load_catalogue(framework_for_year(year))
    return "Objective" if "objectives" in catalogue.tables or catalogue.id == "ascof-2023-24" else "Domain"


def areas_of(year: str) -> list[dict[str, str]]:
    """The framework's objectives (or domains), code and title, in order."""
    tables = load_catalogue(framework_for_year(year)).tables
    entries = tables.get("objectives") or tables.get("domains") or ()
    return [{"code": str(e["code"]), "title": e["title"]} for e in entries]


def merged_rows(
    positions: Positions, council: Council, year: str, profiles: dict[str, dict[str, Any]], england: Group
) -> list[dict[str, Any]]:
    """One row per measure: the England profile's row, with band, rank and comparator per group."""
    by_group = {kind: {row["code"]: row for row in profile["measures"]} for kind, profile in profiles.items()}
    rows = []
    for row in profiles["england"]["measures"]:
        info = measure_info(row["code"], year)
        distribution = positions.distribution(year, row["code"], england)
        merged = {
            "code": row["code"],
            "title": info.title,
            "short_title": short_title(info),
            "area": str(info.get("objective", info.get("domain", ""))),
            "unit": info.unit,
            "decimals": info.decimals_in(year),
            "polarity": row["polarity"],
            "survey": row["survey"],
            "value": row["value"],
            "marker": row["marker"],
            "previous_year": row["previous_year"],
            "previous_value": row["previous_value"],
            "previous_band": row["previous_band"],
            "direction": row["direction"],
            "ci_lower": row["ci_lower"],
            "ci_upper": row["ci_upper"],
            "ci_method": row["ci_method"],
            "ci_note": row["ci_note"],
            "trend": row["trend"],
            "trend_method": row["trend_method"],
            "series_break": row["series_break"],
            "lowest": distribution.ordered[0] if distribution.ordered else None,
            "highest": distribution.ordered[-1] if distribution.ordered else None,
            "groups": {
                kind: {field: rows_of_group[row["code"]].get(field) for field in GROUP_FIELDS}
                for kind, rows_of_group in by_group.items()
                if row["code"] in rows_of_group
            },
        }
        merged["change"] = change_from_last_year(merged)
        merged["trend_years"] = trend_years(positions, council, year, merged) if row["trend_method"] else []
        rows.append(merged)
    return rows


def trend_years(positions: Positions, council: Council, year: str, measure: dict[str, Any]) -> list[str]:
    """The years whose values the trend was fitted to, oldest first (they skip a year standing apart)."""
    survey = measure["survey"] != "none"
    run = trend_run(positions.store, council, year, measure["code"], measure["unit"], survey)
    return [point["year"] for point in run.points]


def measure_facts(measure: dict[str, Any], pair: tuple[str, str], region: str, everyone: str) -> MeasureFacts:
    """What the story rules read about one measure row of the briefing."""
    groups = measure["groups"]
    interval = None
    if measure["ci_lower"] is not None and measure["ci_upper"] is not None:
        interval = (measure["ci_lower"], measure["ci_upper"])
    return MeasureFacts(
        code=measure["code"], short_title=measure["short_title"], unit=measure["unit"],
        decimals=measure["decimals"], polarity=measure["polarity"], survey=measure["survey"],
        value=measure["value"], previous_value=measure["previous_value"], previous_year=measure["previous_year"],
        band=groups["england"]["band"], previous_band=measure["previous_band"], change=measure["change"],
        interval=interval, bands=tuple((kind, group["band"]) for kind, group in groups.items()), pair=pair,
        region_rank=groups.get("region", {}).get("rank"), region_size=groups.get("region", {}).get("n"),
        region_name=region, series_break=measure["series_break"], trend=measure["trend"],
        trend_method=measure["trend_method"], trend_years=tuple(measure["trend_years"]),
        series=measure["series"], england_name=everyone,
    )
