"""A region's quarter: collect 15 councils' own-figures returns (Yorkshire and the Humber's, filled with their
published 2024-25 counts) into the regional workbook, and rolling CLD figures for four windows.

The bundled store is loaded first (its own figure in bench_benchmarking.py); collecting reads, validates,
ranks, bands and places every return. Rolling: the four windows ending June 2024 to March 2025 on the
1 million row synthetic Parquet extract of bench_cld.py (generated once, reused), against one plain run
of the year; the extract is read and prepared once, so four windows cost less than four runs.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_cld import PERIOD, SIZES, data_file  # noqa: E402
from figures import best_seconds, report  # noqa: E402

from ascof_xl.collect import collect  # noqa: E402
from ascof_xl.collect.fill import write_return  # noqa: E402
from ascof_xl.collect.workbook import write_collection  # noqa: E402
from ascof_xl.councils import load_councils  # noqa: E402
from ascof_xl.published.bundled import bundled_store  # noqa: E402

YEAR = "2024-25"
MEASURES = ("2A", "2B", "2C", "2D1", "2D2", "2E1", "2E2A", "2E2B", "3D1A", "3D2A", "6B")


def region_returns(folder: Path) -> list[Path]:
    """One filled return per council of Yorkshire and the Humber (15 councils)."""
    store = bundled_store()
    councils = [c for c in load_councils() if c.region.startswith("Yorkshire") and c.existed_in(YEAR)]
    paths = []
    for council in councils:
        counts = {code: (store.value(YEAR, council.ons_code, code, "Numerator"),
                         store.value(YEAR, council.ons_code, code, "Denominator")) for code in MEASURES}
        counts = {code: pair for code, pair in counts.items() if None not in pair}
        paths.append(write_return(folder / f"{council.name}.xlsx", council.ons_code, counts, YEAR))
    return paths


def main() -> None:
    """Print each figure."""
    bundled_store()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        paths = region_returns(folder)
        collection = collect(paths)  # warm: imports, declarations, distributions
        assert len(collection.returns) == len(paths) == 15, [x.reason for x in collection.left_out]
        report("collect 15 returns (a region), processor time",
               best_seconds(lambda: collect(paths), 3, time.process_time), "s", "< 2 s (goal 1 s)")
        report("collect 15 returns (a region), wall clock", best_seconds(lambda: collect(paths), 3), "s", "-")
        report("collect 15 returns and write the regional workbook, processor time",
               best_seconds(lambda: write_collection(collect(paths), folder / "region.xlsx"), 3, time.process_time),
               "s", "-")
    rolling()


def rolling() -> None:
    """Four rolling windows against one plain run of the 1 million row extract."""
    from ascof_xl.cld import compute_measures, parse_period
    from ascof_xl.cld.rolling import rolling_measures

    path = data_file("1M", ".parquet")
    memory = SIZES["1M"][2]
    period = parse_period(PERIOD)
    plain = best_seconds(lambda: compute_measures([path], period, memory_limit=memory), 2)
    windows = best_seconds(lambda: rolling_measures([path], within=period, memory_limit=memory), 2)
    assert len(rolling_measures([path], within=period, memory_limit=memory)["windows"]) == 4
    report("cld 1M rows parquet: one plain run (every measure, a year)", plain, "s", "-")
    report("cld 1M rows parquet: rolling, 4 windows", windows, "s", f"under 4 plain runs ({4 * plain:.1f} s)")
    report("cld 1M rows parquet: rolling 4 windows / one plain run", windows / plain, "x", "under 4")


if __name__ == "__main__":
    main()
