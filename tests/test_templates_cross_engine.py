"""Two engines, one verdict: boundary values fed into every input table of every template, each workbook recalculated
by LibreOffice (one soffice call for them all) and checked by `ascof-xl validate`; on every row of every Validation
sheet the workbook's word is the validator's. Damaged returns (formulas typed over, impossible values, a blank
return) are caught by both doors, at the input cells, with nothing worked out from impossible inputs.

Without LibreOffice these tests skip, except under CI, where they fail.
"""

from __future__ import annotations

import datetime
import os

import openpyxl
import pytest

from ascof_xl.cli import main
from ascof_xl.templates.checks import checks_of
from ascof_xl.templates.generate import build_workbook
from ascof_xl.templates.layout import VALIDATION_SHEET, Layout, layout_of
from ascof_xl.templates.libreoffice import convert, soffice
from ascof_xl.templates.output import save_atomically
from ascof_xl.templates.published_figures import published_rows
from ascof_xl.templates.samples import fill, own_figures_sample, salt_sample, survey_sample
from ascof_xl.templates.validate import validate_workbook

TEMPLATES = (("salt-2018-19", "2018-19"), ("own-figures", "2024-25"), ("option-two", "2019-20"),
             ("ascs-return", "2024-25"), ("sace-return", "2023-24"))
BOUNDARIES = {"fraction": 2.5, "number-as-text": "12", "text": "n/a", "negative": -3, "blank": None, "zero": 0,
              "huge": 1e12, "date": datetime.datetime(2024, 3, 31), "space": " "}


def _need_libreoffice() -> None:
    if soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) must be installed under CI")
        pytest.skip("LibreOffice is not installed")


def _sample(name: str, year: str, layout: Layout, store) -> tuple[openpyxl.Workbook, dict]:
    if name == "own-figures":
        published = published_rows(layout.declaration, store)
        return build_workbook(name, year, published), own_figures_sample(layout, published)
    book = build_workbook(name, year)
    if name.startswith("salt"):
        return book, salt_sample(layout)
    if name == "option-two":
        return book, own_figures_sample(layout)
    return book, survey_sample(layout, seed=3, people=60)


def boundary_cells(layout: Layout) -> list[tuple[str, int, int]]:
    """The cells a boundary value goes into: the first input of every grid, a numerator of one measure row and the
    denominator of the next, a code answer, an age and a stratum population of a survey."""
    cells = []
    for place in layout.tables.values():
        sheet = place.table.sheet
        if place.table.kind == "grid":
            cells.append((sheet, place.input_columns[0], place.first_row))
        elif place.table.kind == "measures" and len(place.table.measures) > 2:
            with_denominator = [i for i, m in enumerate(place.table.measures) if m.has_denominator]
            cells.append((sheet, place.columns["numerator"], place.first_row + with_denominator[0]))
            cells.append((sheet, place.columns["denominator"], place.first_row + with_denominator[1]))
        elif place.table.kind == "records":
            for key in ("Age", "Response", "Gender"):
                cells.append((sheet, place.columns[key], place.first_row + 1))
    return cells


def _damaged(layout: Layout, book, cells: dict) -> dict[str, openpyxl.Workbook]:
    """Returns damaged as the issue found them, by template."""
    name = layout.declaration.name
    found = {}
    if name == "own-figures":
        place = layout.tables["OWN"]
        row = place.first_row + [m.code for m in place.table.measures].index("2A")
        sheet = place.table.sheet
        typed = fill(_copy(book), cells)
        typed[sheet].cell(row=row, column=place.columns["value"], value=99.9)
        typed[sheet].cell(row=row, column=place.columns["band"], value="top")
        found["typed-over"] = typed
        impossible = fill(_copy(book), cells)
        impossible[sheet].cell(row=row, column=place.columns["numerator"], value=300)
        impossible[sheet].cell(row=row, column=place.columns["denominator"], value=256)
        found["impossible"] = impossible
        formula = fill(_copy(book), cells)
        formula[sheet].cell(row=row, column=place.columns["numerator"], value="=100+16")
        found["formula-input"] = formula
    if name.startswith("salt"):
        typed = fill(_copy(book), cells)
        typed["Measures"]["G13"] = 95.0
        found["typed-over"] = typed
        part, whole = (layout.tables[table].grid_cell("ld", "res") for table in ("LTS001b_T1a", "LTS001a_T1a"))
        subset = fill(_copy(book), cells | {("LTS001b", *part): cells[("LTS001a", *whole)] + 1})
        found["subset"] = subset
        formula = fill(_copy(book), cells)
        formula["LTS001a"]["C7"] = "=B7*2"
        found["formula-input"] = formula
    if name == "ascs-return":
        aged = fill(_copy(book), cells)
        place = layout.tables["USERS"]
        aged[place.table.sheet].cell(row=place.first_row, column=place.columns["Age"], value=70.5)
        found["age-70.5"] = aged
    found["blank"] = _copy(book)
    return found


def _copy(book):
    """A fresh copy of a generated (unfilled) workbook, through a save and a load."""
    from io import BytesIO

    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


@pytest.fixture(scope="module")
def engines(tmp_path_factory, store):
    """case -> (layout, path of the filled return, recalculated workbook read with data_only, validate's findings)."""
    _need_libreoffice()
    folder = tmp_path_factory.mktemp("cross")
    cases = {}
    for name, year in TEMPLATES:
        layout = layout_of(name, year)
        book, cells = _sample(name, year, layout, store)
        for label, value in BOUNDARIES.items():
            edited = dict(cells) | {target: value for target in boundary_cells(layout)}
            cases[f"{name}-{label}"] = (layout, fill(_copy(book), edited))
        for label, damaged in _damaged(layout, book, cells).items():
            cases[f"{name}-{label}"] = (layout, damaged)
    paths = [save_atomically(book, folder / f"{case}.xlsx") for case, (_, book) in cases.items()]
    recalculated = convert(paths, folder / "recalculated", "xlsx")
    return {case: (layout, path, openpyxl.load_workbook(done, data_only=True), validate_workbook(path))
            for (case, (layout, _)), path, done in zip(cases.items(), paths, recalculated)}


def _words(layout: Layout, computed) -> dict[str, str]:
    return {check.id: computed[VALIDATION_SHEET].cell(row=layout.validation_row(i), column=5).value
            for i, check in enumerate(checks_of(layout))}


def _verdicts(findings) -> dict[str, str]:
    return {f.code: ("EXPLAINED" if f.explanation else "FAIL" if f.severity == "error" else "WARNING") for f in findings}


def test_every_row_of_every_template_gets_one_verdict_from_both_engines(engines):
    assert len(engines) >= len(TEMPLATES) * len(BOUNDARIES)
    failing = set()
    for case, (layout, _, computed, findings) in engines.items():
        validator = _verdicts(findings)
        checks = [c.id for c in checks_of(layout)]
        extra = [rule for rule in validator if rule not in checks]
        assert not extra, (case, extra)  # every finding of the validator is a row of the Validation sheet
        for rule, word in _words(layout, computed).items():
            assert word == validator.get(rule, "PASS"), (case, rule, word, validator.get(rule))
            if word != "PASS":
                failing.add((layout.declaration.name, checks_of(layout)[checks.index(rule)].kind))
    kinds = {kind for _, kind in failing}
    rows = 0
    for case, (layout, _, computed, findings) in engines.items():  # a measure row's finding is where the sheet says
        checks = {c.id: (i, c) for i, c in enumerate(checks_of(layout))}
        for found in findings:
            index, check = checks[found.code]
            if check.whole_row:
                where = computed[VALIDATION_SHEET].cell(row=layout.validation_row(index), column=4).value
                assert found.location.text() == where, (case, found.code)
                rows += 1
    assert rows >= 10
    assert {"entered", "required", "numbers", "negatives", "entry", "codes", "formulas", "cells_le", "compare",
            "figures_only"} <= kinds


def test_the_two_doors_count_the_same_errors_and_warnings(engines):
    for case, (layout, _, computed, findings) in engines.items():
        words = list(_words(layout, computed).values())
        assert words.count("FAIL") == sum(1 for f in findings if f.severity == "error" and not f.explanation), case
        assert words.count("WARNING") == sum(1 for f in findings if f.severity == "warning" and not f.explanation), case


def test_a_typed_over_formula_is_an_error_at_that_cell_in_both(engines, capsys):
    layout, path, computed, findings = engines["own-figures-typed-over"]
    place = layout.tables["OWN"]
    row = place.first_row + [m.code for m in place.table.measures].index("2A")
    found = {f.code: f for f in findings}["2A.formulas"]
    assert found.location.cell == f"G{row}:O{row}" and f"Own figures!G{row} holds 99.9 where the template works out the 2A value (=IF(OR(" in found.message
    assert f"2 cells in all: G{row}, L{row}" in found.message
    assert _words(layout, computed)["2A.formulas"] == "FAIL"
    assert main(["validate", str(path)]) == 1
    layout, path, computed, findings = engines["salt-2018-19-typed-over"]
    found = {f.code: f for f in findings}
    measure = next(rule for rule, f in found.items() if f.location.cell == "G13")
    assert measure.endswith(".formulas") and "holds 95 where the template works out the 2B1 value (=IF(OR('Validation'!" in found[measure].message
    assert _words(layout, computed)[measure] == "FAIL"


def test_nothing_is_worked_out_from_an_impossible_value(engines):
    """2A entered as 300 of 256: no value, band, rank or comparison; a word pointing at the inputs E and F."""
    layout, path, computed, findings = engines["own-figures-impossible"]
    place = layout.tables["OWN"]
    row = place.first_row + [m.code for m in place.table.measures].index("2A")
    shown = {key: computed[place.table.sheet].cell(row=row, column=column).value for key, column in place.columns.items()}
    assert shown["value"] == "check inputs"
    assert all(shown[key] in (None, "") for key in ("band", "rank", "n", "comparison")), shown
    found = {f.code: f for f in findings}
    assert found["2A.entry"].location.cell == f"E{row}:F{row}" and "above the denominator (256)" in found["2A.entry"].message
    assert "feeds the 2A value, band, rank and comparison" in found["2A.entry"].message
    assert "2A.within_published_range" not in found  # no warning judged from a value that is not there
    where = computed[VALIDATION_SHEET].cell(row=layout.validation_row([c.id for c in checks_of(layout)].index("2A.entry")),
                                             column=4).value
    assert where == f"Own figures!E{row}:F{row}"


def test_a_blank_return_is_nothing_entered_yet_in_both(engines, capsys):
    for name, _ in TEMPLATES:
        layout, path, computed, findings = engines[f"{name}-blank"]
        assert _words(layout, computed)["return.entered"] == "FAIL", name
        found = {f.code: f for f in findings}
        assert "nothing entered yet" in found["return.entered"].message, name
    assert main(["validate", str(engines["own-figures-blank"][1])]) == 1
    assert "nothing entered yet" in capsys.readouterr().out


def test_a_fractional_age_fails_in_both(engines):
    layout, path, computed, findings = engines["ascs-return-age-70.5"]
    assert _words(layout, computed)["USERS.codes"] == "FAIL"
    assert "Age is 70.5" in {f.code: f for f in findings}["USERS.codes"].message


def test_a_measure_fed_by_a_failing_table_shows_check_inputs(engines):
    """A negative count in every SALT table: each Measures value shows "check inputs", none a number, in the workbook;
    the validator judges no value either (no outlier warning)."""
    layout, _, computed, findings = engines["salt-2018-19-negative"]
    shown = {code: computed["Measures"].cell(row=row, column=columns["value"]).value
             for code, (_, row, columns) in layout.measure_rows.items()}
    assert set(shown.values()) == {"check inputs"}, shown
    assert not [f for f in findings if f.code.endswith("within_published_range")]
