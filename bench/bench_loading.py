"""Loading speed: the bundled store of eleven years; one year's official file (CSV and XLSX) into a
store, the processed layout, and a cached reload.

Targets: the bundled store, 2014-15 to 2024-25 (390,000 rows), read and indexed, every year, under
0.3 s; goal 0.2 s (issue 20). One year's official file under 1 s on every run, CSV and XLSX alike;
goal 0.3 s (issue 7).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from figures import best_seconds, report  # noqa: E402

from ascof_xl.published import bundled  # noqa: E402
from ascof_xl.published.bundled import load_store  # noqa: E402
from ascof_xl.published.reader import read_published  # noqa: E402
from ascof_xl.published.store import Store  # noqa: E402

ASCOF = Path(__file__).resolve().parents[2] / "shared/data/ascof"
XLSX = ASCOF / "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx"
PROCESSED = ASCOF / "final_data_2020_ascof_2019-20_processed.csv"


def official_csv(folder: Path) -> Path:
    """The 2020-21 official workbook saved as CSV (48,970 rows), as a user would from Excel."""
    import pandas as pd

    path = folder / "meas-from-asc-of-eng-2021-open-data.csv"
    pd.read_excel(XLSX, engine="calamine", dtype=str).to_csv(path, index=False)
    return path


def every_bundled_year() -> None:
    """The bundled store from nothing cached, every year read and indexed (as a briefing's series asks)."""
    bundled.bundled_store.cache_clear()
    store = bundled.bundled_store()
    for year in store.years:
        store.measures(year)


def bundled_figures() -> None:
    """The bundled store: eleven years read and indexed; one year, as a single command asks for."""
    seconds = best_seconds(every_bundled_year, 5)
    report("load the bundled store, 11 years read and indexed", seconds, "s", "< 0.3 s, goal 0.2 s")
    seconds = best_seconds(every_bundled_year, 5, clock=time.process_time)
    report("load the bundled store, 11 years, processor time", seconds, "s", "< 0.3 s, goal 0.2 s")

    def one_year() -> None:
        bundled.bundled_store.cache_clear()
        bundled.bundled_store().measures("2018-19")

    report("load the bundled store, one year used", best_seconds(one_year, 5), "s", "a fraction of the 11 years")


def main() -> None:
    """Print each figure."""
    bundled_figures()
    if not XLSX.exists():
        print("bench_loading: ../shared/data is absent; no figures", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as folder:
        csv_path = official_csv(Path(folder))
        for label, path in (("CSV", csv_path), ("XLSX", XLSX)):
            seconds = best_seconds(lambda: Store([read_published(path)]), 3)
            report(f"load official {label} into a store, one year (49,000 rows)", seconds, "s", "< 1 s, goal 0.3 s")
            seconds = best_seconds(lambda: Store([read_published(path)]), 3, clock=time.process_time)
            report(f"load official {label} into a store, processor time", seconds, "s", "< 1 s, goal 0.3 s")
        seconds = best_seconds(lambda: Store([read_published(PROCESSED)]), 3)
        report("load processed CSV into a store, one year (12,000 rows)", seconds, "s", "< 1 s")
        load_store([csv_path])
        lookups = 1000
        seconds = best_seconds(lambda: [load_store([csv_path]) for _ in range(lookups)], 3)
        report("load the same --data file again (cached by path, size, mtime)", seconds / lookups * 1e6, "us",
               "microseconds")


if __name__ == "__main__":
    main()
