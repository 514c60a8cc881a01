"""Worksheet functions, Python side of a call with the published data cached: ASCOF_QUARTILE,
ASCOF_BENCHMARK, ASCOF_MEASURE, ASCOF_PROFILE for one council, ASCOF_BANDS for every council x every measure."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from figures import best_seconds, report  # noqa: E402

from ascof_xl.councils import load_councils  # noqa: E402
from ascof_xl.excel import cache, udfs  # noqa: E402


def main() -> None:
    """Print each figure."""
    store = cache.store()  # the bundled data, loaded once as in Excel
    year = cache.default_year()
    udfs.ASCOF_QUARTILE("2A2", 600)
    calls = 10_000
    seconds = best_seconds(lambda: [udfs.ASCOF_QUARTILE("2A2", 600) for _ in range(calls)], 3)
    report("ASCOF_QUARTILE, one call", seconds / calls * 1e6, "us", "< 50 us (goal 20)")
    udfs.ASCOF_QUARTILE("2A2", 600, "region", year, "Rotherham")
    seconds = best_seconds(lambda: [udfs.ASCOF_QUARTILE("2A2", 600, "region", year, "Rotherham") for _ in range(1000)], 3)
    report("ASCOF_QUARTILE with a council (placed as ascof-xl place)", seconds / 1000 * 1e6, "us", "microseconds")

    assert not str(udfs.ASCOF_BENCHMARK("Rotherham", "2A", year)).startswith("ASCOF:")
    seconds = best_seconds(lambda: [udfs.ASCOF_BENCHMARK("Rotherham", "2A", year) for _ in range(calls)], 3)
    report("ASCOF_BENCHMARK, one call, warm", seconds / calls * 1e6, "us", "< 50 us (goal 20)")
    seconds = best_seconds(lambda: [udfs.ASCOF_BENCHMARK("Rotherham", "2A", year) for _ in range(calls)], 3,
                           time.process_time)
    report("ASCOF_BENCHMARK, one call, warm, CPU time", seconds / calls * 1e6, "us", "< 50 us (goal 20)")
    udfs.ASCOF_MEASURE("1A", "evidence")
    seconds = best_seconds(lambda: [udfs.ASCOF_MEASURE("1A", "evidence") for _ in range(calls)], 3)
    report("ASCOF_MEASURE, a field cut to fit a cell", seconds / calls * 1e6, "us", "microseconds")

    councils = [c.name for c in load_councils() if c.existed_in(year) and store.area(year, c.ons_code)]
    cache.reload()  # forget remembered profiles; the data stays loaded
    udfs.ASCOF_PROFILE(councils[0], year)
    start, processor = time.perf_counter(), time.process_time()
    for name in councils[1:]:
        udfs.ASCOF_PROFILE(name, year)
    first = (time.perf_counter() - start) / (len(councils) - 1)
    cpu = (time.process_time() - processor) / (len(councils) - 1)
    report("ASCOF_PROFILE, one council, first call (average over every council)", first * 1000, "ms", "< 5 ms (goal 2)")
    report("ASCOF_PROFILE, one council, first call, CPU time (a busy machine inflates the line above)", cpu * 1000,
           "ms", "< 5 ms (goal 2)")
    seconds = best_seconds(lambda: udfs.ASCOF_PROFILE("Rotherham", year))
    report("ASCOF_PROFILE, one council, repeated call", seconds * 1000, "ms", "< 5 ms (goal 2)")

    column = [[name] for name in councils]
    every_code = [list(store.measures(year))]
    all_ages = [[code for code, (group, part) in store.measures(year).items() if part == "Total"]]
    udfs.ASCOF_BANDS(column, every_code, year)
    seconds = best_seconds(lambda: udfs.ASCOF_BANDS(column, all_ages, year))
    cells = len(councils) * len(all_ages[0])
    report(f"ASCOF_BANDS, every council x every all-ages measure ({cells} cells)", seconds * 1000, "ms", "< 100 ms (goal 50)")
    seconds = best_seconds(lambda: udfs.ASCOF_BANDS(column, every_code, year))
    cells = len(councils) * len(every_code[0])
    report(f"ASCOF_BANDS, every council x every published code ({cells} cells)", seconds * 1000, "ms", "< 100 ms (goal 50)")


if __name__ == "__main__":
    main()
