"""Recompute speed: every outcome of a year's official open-data file from its own counts."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import pandas as pd  # noqa: E402
from figures import best_seconds, report  # noqa: E402

from ascof_xl.figures.recompute import recompute  # noqa: E402
from ascof_xl.published.reader import read_published  # noqa: E402

SHARED_XLSX = Path(__file__).resolve().parents[2] / "shared/data/ascof/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx"


def main() -> None:
    """Print each figure (needs ../shared)."""
    if not SHARED_XLSX.exists():
        print("bench_recompute: ../shared is absent; nothing measured", file=sys.stderr)
        return
    frame = read_published(SHARED_XLSX)
    report("recompute 2020-21 official file, outcomes only (file loaded)", best_seconds(lambda: recompute(frame)),
           "s", "< 1 s")
    seconds = best_seconds(lambda: recompute(read_published(SHARED_XLSX)), 3)
    report("recompute 2020-21 official XLSX, loading included", seconds, "s", "< 1 s")
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "meas-from-asc-of-eng-2021-open-data.csv"
        pd.read_excel(SHARED_XLSX, dtype=str, engine="openpyxl").to_csv(csv_path, index=False)  # the CSV NHS Digital publishes beside the XLSX
        seconds = best_seconds(lambda: recompute(read_published(csv_path)), 3)
        report("recompute 2020-21 official CSV, loading included", seconds, "s", "< 1 s")


if __name__ == "__main__":
    main()
