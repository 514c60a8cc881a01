"""Loading speed of each layout councils download today, and of the bundled store (every year).

The 2024-25 CSV has no sample here: it is built from the time series' 2024-25 values, with four
age and gender rows beside every total row, about the size of an open-data year.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from figures import best_seconds, report  # noqa: E402

from ascof_xl.published.bundled import BUNDLE, read_bundled  # noqa: E402
from ascof_xl.published.reader import read_published  # noqa: E402
from ascof_xl.published.store import Store  # noqa: E402

ASCOF = Path(__file__).resolve().parents[2] / "shared/data/ascof"
SERIES = ASCOF / "ascof-time-series-2015-16-to-2024-25.ods"
OUTCOMES = ASCOF / "ascof-outcomes-2017-18-to-2023-24.csv"
LEVELS = {"council": "Local authority", "region": "Regional", "council type": "Council type", "england": "England"}
TYPES = {"Margin Of Error": "Margin of error", "Base": "Number of respondents"}
BANDS = ("18 to 64", "65 and over", "Female", "Male")


def csv_2024(series_2024, folder: Path) -> Path:
    """A 2024-25 CSV in DHSC's columns holding the time series' 2024-25 values, with age and gender rows."""
    path = folder / "ascof-2024-25.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Geographical code", "Geographical description", "Geographical level", "ONS code",
                         "ASCOF measure code", "Disaggregation level", "Measure type", "Measure value"])
        for row in series_2024.itertuples():
            value = f"[{row.marker}]" if row.marker else f"{row.value:.12g}"
            ons = "" if row.level == "council type" else row.area_code
            for band in ("Total", *BANDS):
                writer.writerow([row.cassr_code, row.area_name, LEVELS[row.level], ons, row.measure, band,
                                 TYPES.get(row.measure_type, row.measure_type), value])
    return path


def series_xlsx(folder: Path) -> Path:
    """The time-series workbook saved as XLSX (the layout NHS England has used), sheet by sheet."""
    import openpyxl
    from python_calamine import CalamineWorkbook

    source = CalamineWorkbook.from_path(str(SERIES))
    book = openpyxl.Workbook(write_only=True)
    for name in source.sheet_names:
        sheet = book.create_sheet(name)
        for row in source.get_sheet_by_name(name).to_python():
            sheet.append(row)
    path = folder / "ascof-time-series.xlsx"
    book.save(path)
    return path


def main() -> None:
    """Print each figure."""
    if SERIES.exists():
        series = read_published(SERIES)
        seconds = best_seconds(lambda: Store([read_published(SERIES)]), 3)
        report(f"load DHSC time-series ODS into a store, ten years ({len(series):,} values)", seconds, "s", "< 1 s")
        with tempfile.TemporaryDirectory() as folder:
            xlsx = series_xlsx(Path(folder))
            seconds = best_seconds(lambda: Store([read_published(xlsx)]), 3)
            report("load the time series as XLSX into a store", seconds, "s", "< 1 s")
            path = csv_2024(series[series["year"] == "2024-25"], Path(folder))
            rows = sum(1 for _ in open(path, encoding="utf-8")) - 1
            seconds = best_seconds(lambda: Store([read_published(path)]), 3)
            report(f"load a 2024-25 CSV into a store ({rows:,} rows)", seconds, "s", "< 1 s")
    if OUTCOMES.exists():
        seconds = best_seconds(lambda: Store([read_published(OUTCOMES)]), 3)
        report("load the all-years outcome CSV into a store (26,498 rows)", seconds, "s", "< 1 s")
    seconds = best_seconds(lambda: Store([read_bundled(name) for name in BUNDLE]), 3)
    report(f"load the bundled store, {len(BUNDLE)} years", seconds, "s", "< 1 s")


if __name__ == "__main__":
    main()
