"""Benchmarking speed: band every council on every measure, one council's profile (loading: bench_loading.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from figures import best_seconds, report  # noqa: E402

from ascof_xl.benchmark.groups import resolve_group  # noqa: E402
from ascof_xl.benchmark.positions import Positions  # noqa: E402
from ascof_xl.benchmark.context import measure_info  # noqa: E402
from ascof_xl.benchmark.profile import build_profile, total_measures  # noqa: E402
from ascof_xl.councils import councils_by_ons_code, find_council  # noqa: E402
from ascof_xl.published.bundled import bundled_store  # noqa: E402
from ascof_xl.published.store import Store  # noqa: E402

YEAR = "2020-21"


def band_everything(store: Store) -> int:
    """Band every council on every all-ages measure of the year against England, from cold caches."""
    positions = Positions(store)
    council = find_council("Rotherham")
    group = resolve_group("england", council, YEAR, store)
    councils = councils_by_ons_code()
    banded = 0
    for code in total_measures(positions, YEAR):
        polarity = measure_info(code, YEAR).polarity
        for area in store.cells(YEAR, code):
            if area in councils:
                banded += positions.position(YEAR, code, area, group, polarity)["band"] is not None
    return banded


def main() -> None:
    """Print each figure."""
    store = bundled_store()
    report("band every council on every measure, one year", best_seconds(lambda: band_everything(store)) * 1000, "ms", "< 200 ms")
    rotherham = find_council("Rotherham")
    report("one council's profile, cold caches", best_seconds(lambda: build_profile(Positions(store), rotherham, YEAR)) * 1000, "ms", "< 10 ms")
    warm = Positions(store)
    build_profile(warm, rotherham, YEAR)
    report("one council's profile, warm caches", best_seconds(lambda: build_profile(warm, rotherham, YEAR)) * 1000, "ms", "< 10 ms")
    group = resolve_group("england", rotherham, YEAR, store)
    lookups = 10_000
    seconds = best_seconds(lambda: [warm.position(YEAR, "2D", rotherham.ons_code, group, "higher") for _ in range(lookups)], 3)
    report("one measure's position, warm (a UDF call)", seconds / lookups * 1e6, "us", "microseconds")
    seconds = best_seconds(lambda: [find_council("Rotherham MBC", YEAR) for _ in range(lookups)], 3)
    report("one council look-up by name, cached (a UDF call)", seconds / lookups * 1e6, "us", "microseconds")


if __name__ == "__main__":
    main()
