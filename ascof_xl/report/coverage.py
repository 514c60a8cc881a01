"""How many of a briefing's measures could be tested for significance, and why the others could not."""

from __future__ import annotations

from collections import Counter
from typing import Any


def statistics_coverage(measures: list[dict[str, Any]]) -> dict[str, Any]:
    """How many measures with a value have a confidence interval, and why the others have none."""
    with_value = [m for m in measures if m["value"] is not None]
    missing = Counter(m["ci_note"] or "no interval" for m in with_value if m["ci_lower"] is None)
    return {
        "with_value": len(with_value),
        "with_interval": len(with_value) - sum(missing.values()),
        "without_interval": dict(sorted(missing.items())),
        "no_value": [m["code"] for m in measures if m["value"] is None],
    }
