"""The briefing's profile table for one comparator group: counts per band this year and last,
with and without the carers' survey measures, and the change in each count."""

from __future__ import annotations

from typing import Any

from ascof_xl.benchmark.groups import resolve_group
from ascof_xl.benchmark.positions import Positions
from ascof_xl.benchmark.profile import build_profile
from ascof_xl.benchmark.quartiles import BANDS
from ascof_xl.councils import Council
from ascof_xl.errors import AscofError
from ascof_xl.years import previous_year


def group_summary(
    positions: Positions, council: Council, year: str, spec: str, profile: dict[str, Any]
) -> dict[str, Any]:
    """Counts per band this year and last year, and the change, against one group."""
    group = resolve_group(spec, council, year, positions.store)
    previous, previous_without = previous_counts(positions, council, year, spec, profile)
    return {
        "kind": profile["group"],
        "label": profile["group_label"],
        "members": len(group.members) if group.members is not None else None,
        "n_measures": profile["n_measures"],
        "n_measures_excluding_carers": sum(profile["bands_excluding_carers"].values()),
        "bands": profile["bands"],
        "bands_excluding_carers": profile["bands_excluding_carers"],
        "previous_year": previous_year(year),
        "bands_previous": previous,
        "bands_previous_excluding_carers": previous_without,
        "bands_change": difference(profile["bands"], previous),
        "bands_change_excluding_carers": difference(profile["bands_excluding_carers"], previous_without),
    }


def previous_counts(
    positions: Positions, council: Council, year: str, spec: str, profile: dict[str, Any]
) -> tuple[dict[str, int] | None, dict[str, int] | None]:
    """Last year's counts per band: from the profile where it gives them, else last year's own profile.

    None when last year is not loaded or the council has no figures for it.
    """
    if "bands_previous" in profile:
        return profile["bands_previous"], profile.get("bands_previous_excluding_carers")
    before = previous_year(year)
    if not positions.store.has_year(before):
        return None, None
    try:
        earlier = build_profile(positions, council, before, spec)
    except AscofError:  # the council did not exist, or is not in last year's file or neighbours list
        return None, None
    return earlier["bands"], earlier["bands_excluding_carers"]


def difference(now: dict[str, int], before: dict[str, int] | None) -> dict[str, int] | None:
    """The change in each band's count, or None without last year's counts."""
    if before is None:
        return None
    return {band: now[band] - before.get(band, 0) for band in BANDS}
