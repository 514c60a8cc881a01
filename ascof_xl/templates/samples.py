"""Plausible sample figures for a template, consistent with its own rules: for tests, benchmarks and demonstrations.

The figures are random but reproducible (a seed), and built so that every declared check passes:
LTS001b within LTS001a, LTS004 adding up to the LTS001a learning-disability row, numerators within
denominators, own figures near the published median.
"""

from __future__ import annotations

import random
from typing import Any

from ascof_xl.templates.layout import PUBLISHED_COLUMNS, PUBLISHED_SHEET, Layout, TablePlace

Cells = dict[tuple[str, int, int], Any]  # (sheet, column, row) -> value


def _grid(place: TablePlace, rng: random.Random, low: int, high: int) -> dict[tuple[str, str], int]:
    return {(r, c): rng.randint(low, high) for r, _ in place.table.rows for c, _ in place.table.columns}


def _spread(total: int, keys: list[tuple[str, str]], rng: random.Random) -> dict[tuple[str, str], int]:
    """`total` split into whole parts over `keys`."""
    cuts = sorted(rng.randint(0, total) for _ in range(len(keys) - 1))
    parts = [b - a for a, b in zip([0] + cuts, cuts + [total])]
    return dict(zip(keys, parts))


def _put(cells: Cells, place: TablePlace, values: dict[tuple[str, str], int]) -> None:
    for (row_key, column_key), value in values.items():
        column, row = place.grid_cell(row_key, column_key)
        cells[(place.table.sheet, column, row)] = value


def salt_sample(layout: Layout, seed: int = 1) -> Cells:
    """A SALT return whose every check passes."""
    rng = random.Random(seed)
    tables = layout.tables
    grids: dict[str, dict[tuple[str, str], int]] = {}
    for age in ("T1a", "T1b"):
        grids[f"LTS001a_{age}"] = _grid(tables[f"LTS001a_{age}"], rng, 5, 200)
        grids[f"LTS001b_{age}"] = {k: v * rng.randint(60, 95) // 100 for k, v in grids[f"LTS001a_{age}"].items()}
        grids[f"LTS002a_{age}"] = _grid(tables[f"LTS002a_{age}"], rng, 0, 20)
        grids[f"STS001_{age}"] = _grid(tables[f"STS001_{age}"], rng, 10, 200)
    cohort = sum(v for (r, c), v in grids["LTS001a_T1a"].items() if r == "ld" and c != "prison")
    t1 = tables["LTS004_T1"].table
    grids["LTS004_T1"] = _spread(cohort, [(r, c) for r, _ in t1.rows for c, _ in t1.columns], rng)
    settled = cohort * rng.randint(60, 85) // 100
    for name, total in (("LTS004_T2a", settled), ("LTS004_T2b", cohort - settled)):
        table = tables[name].table
        grids[name] = _spread(total, [(r, c) for r, _ in table.rows for c, _ in table.columns], rng)
    for name in ("LTS002b_T1", "STS002a_T1", "STS002b_T1", "LTS003_T1"):
        grids[name] = _grid(tables[name], rng, 0, 40)
    grids["STS004_T1"] = _grid(tables["STS004_T1"], rng, 5, 60)
    grids["POP"] = {("p1864", "n"): rng.randint(150_000, 300_000), ("p65", "n"): rng.randint(40_000, 90_000),
                    ("hes65", "n"): rng.randint(2_000, 5_000)}
    cells: Cells = {}
    for name, values in grids.items():
        _put(cells, tables[name], values)
    return cells


def own_figures_sample(layout: Layout, published: list[dict[str, Any]] | None = None, seed: int = 1) -> Cells:
    """Numerators and denominators near each measure's published median (random where none is published)."""
    rng = random.Random(seed)
    medians = {row["code"]: row.get("median") for row in published or []}
    cells: Cells = {}
    for place in layout.tables.values():
        if place.table.kind != "measures":
            continue
        for offset, measure in enumerate(place.table.measures):
            row = place.first_row + offset
            median = medians.get(measure.code)
            scale = {"percentage": 1000, "rate per 100,000": 200_000}.get(measure.unit, 400)
            if median is None:
                median = {"percentage": rng.uniform(20, 90), "rate per 100,000": rng.uniform(10, 600)}.get(
                    measure.unit, rng.uniform(0.3, 20))
            denominator = scale + rng.randint(0, scale // 10)
            numerator = round(median * denominator / measure.multiplier * rng.uniform(0.97, 1.03))
            if measure.unit == "percentage":
                numerator = min(numerator, denominator)
            cells[(place.table.sheet, place.columns["numerator"], row)] = numerator
            if measure.has_denominator:
                cells[(place.table.sheet, place.columns["denominator"], row)] = denominator
    return cells


def fill(workbook: Any, cells: Cells) -> Any:
    """Write sample cells into an openpyxl workbook (in memory) and return it."""
    for (sheet, column, row), value in cells.items():
        workbook[sheet].cell(row=row, column=column, value=value)
    return workbook


def published_from_book(workbook: Any, layout: Layout) -> list[dict[str, Any]]:
    """The published rows a generated workbook carries (its Published sheet), as dictionaries."""
    keys = [k for k, _ in PUBLISHED_COLUMNS]
    sheet = workbook[PUBLISHED_SHEET]
    return [{key: sheet.cell(row=row, column=i + 1).value for i, key in enumerate(keys)}
            for row in layout.published_rows.values()]


def survey_sample(layout: Layout, seed: int = 1, people: int = 300, council: int = 370) -> Cells:
    """Sampled people with plausible answers (some non-respondents and skipped questions) and stratum populations."""
    rng = random.Random(seed)
    place = next(p for p in layout.tables.values() if p.table.kind == "records")
    cells: Cells = {}
    for index in range(people):
        row = place.first_row + index
        responded = rng.random() < 0.9
        for column in place.table.record_columns:
            value: Any
            if column.key == "SerialNo":
                value = 1000 + index
            elif column.key == "LaCode":
                value = council
            elif column.key == "Response":
                value = 1 if responded else 2
            elif not responded or (column.key.startswith("q") and rng.random() < 0.06):
                continue  # non-respondents and skipped questions stay blank
            elif column.key == "PrimarySupportReason":
                value = rng.choice([1, 2, 3, 7, 7, 8])
            elif column.key == "Questionnaire":
                value = rng.choice([1, 1, 2, 3, 4])
            elif column.codes:
                value = rng.choice(column.codes[:3] + column.codes)  # better answers a little more often
            else:
                value = rng.randint(column.minimum, column.maximum)
            cells[(place.table.sheet, place.columns[column.key], row)] = value
    population = layout.tables["POP"]
    for offset, _ in enumerate(population.table.rows):
        cells[layout.population_cell(offset)] = rng.randint(300, 2500)
    return cells
