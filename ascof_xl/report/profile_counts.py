"""The briefing's profile table for one comparator group: counts per band this year and last,
with and without the carers' survey measures, and the change in each count."""

from __future__ import annotations

from typing import Any

from ascof_xl.years import previous_year


def group_summary(profile: dict[str, Any]) -> dict[str, Any]:
    """Counts per band this year and last year, and the change, against one group."""
    largest = max((row["n"] for row in profile["measures"]), default=0)
    return {
        "kind": profile["group"],
        "label": profile["group_label"],
        "comparator_kind": profile["comparator_kind"],  # "published aggregate" or "group median"
        "warnings": profile["warnings"],  # a published aggregate missing, a group too small to band
        "councils": largest,  # the most councils with a value on any measure
        "n_measures": profile["n_measures"],
        "bands": profile["bands"],
        "bands_excluding_carers": profile["bands_excluding_carers"],
        "previous_year": previous_year(profile["year"]),
        "bands_previous": profile["bands_previous"],
        "bands_previous_excluding_carers": profile["bands_previous_excluding_carers"],
        "bands_change": profile["bands_change"],
        "bands_change_excluding_carers": profile["bands_change_excluding_carers"],
    }
