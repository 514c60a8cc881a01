"""The lists a briefing writes by hand: measures in the top (or bottom) quartile against both of
two comparator groups, or against one only.

The two groups are the statistical neighbours and the region, as in a scrutiny briefing; without
a neighbours file they are England and the region.
"""

from __future__ import annotations

from typing import Any


def comparison_pair(profiles: dict[str, dict[str, Any]]) -> tuple[str, str]:
    """The two groups the lists compare: neighbours and region, else England and region."""
    return ("neighbours", "region") if "neighbours" in profiles else ("england", "region")


def group_name(kind: str, label: str) -> str:
    """How a group reads in a sentence: its own label ("England", "the councils collected"), "the region
    (London)", "the statistical neighbours"."""
    if kind == "region":
        return f"the region ({label})"
    if kind == "neighbours":
        return "the statistical neighbours"
    return label


def quartile_lists(measures: list[dict[str, Any]], profiles: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Top against both, top against one only, bottom against both, bottom against one only."""
    first, second = comparison_pair(profiles)
    names = {kind: group_name(kind, profiles[kind]["group_label"]) for kind in (first, second)}
    lists = []
    for band in ("top", "bottom"):
        both, one = [], []
        for measure in measures:
            hits = [kind for kind in (first, second) if measure["groups"][kind]["band"] == band]
            entry = {"code": measure["code"], "short_title": measure["short_title"]}
            if len(hits) == 2:
                both.append(entry)
            elif hits:
                one.append(entry | {"group": hits[0], "against": names[hits[0]]})
        word = "Top" if band == "top" else "Bottom"
        lists.append({
            "band": band, "which": "both", "measures": both,
            "heading": f"{word} quartile against both {names[first]} and {names[second]}",
        })
        lists.append({
            "band": band, "which": "one", "measures": one,
            "heading": f"{word} quartile against one of them only",
        })
    return lists
