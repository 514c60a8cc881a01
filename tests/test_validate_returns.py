"""Validating filled returns: each check's finding worked out by hand, explanations honoured, change and outlier warnings."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from ascof_xl.cli import main
from ascof_xl.templates.cells import Book
from ascof_xl.templates.returned_figures import measure_figures
from ascof_xl.templates.checks import checks_of
from ascof_xl.templates.generate import build_workbook
from ascof_xl.templates.layout import HEADER_ROW, PUBLISHED_COLUMNS, PUBLISHED_SHEET, VALIDATION_SHEET, layout_of
from ascof_xl.templates.output import save_atomically
from ascof_xl.templates.samples import fill, own_figures_sample, salt_sample, survey_sample
from ascof_xl.templates.validate import validate_workbook

SALT = ("salt-2018-19", "2018-19")


@pytest.fixture(scope="module")
def salt_cells():
    return salt_sample(layout_of(*SALT))


def _salt(folder: Path, cells: dict, edits: dict | None = None, reasons: dict | None = None, name: str = "salt.xlsx") -> Path:
    """A SALT return with the sample figures, some cells changed and some reasons written."""
    book = fill(build_workbook(*SALT, published=[]), cells | (edits or {}))
    _reasons(book, layout_of(*SALT), reasons or {})
    return save_atomically(book, folder / name)


def _reasons(book, layout, reasons: dict) -> None:
    ids = [c.id for c in checks_of(layout)]
    for rule, text in reasons.items():
        book[VALIDATION_SHEET].cell(row=HEADER_ROW + 1 + ids.index(rule), column=6, value=text)


def _grid(table: str, row: str, column: str) -> tuple[str, int, int]:
    place = layout_of(*SALT).tables[table]
    col, r = place.grid_cell(row, column)
    return place.table.sheet, col, r


def _rules(findings: list[dict]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for f in findings:
        found.setdefault(f.code, []).append(f)
    return found


def test_text_a_fraction_a_negative_and_a_blank_in_count_cells(tmp_path, salt_cells):
    edits = {_grid("LTS001a_T1a", "pa", "nurs"): "12", _grid("LTS001a_T1a", "pc", "nurs"): 2.5,
             _grid("LTS001a_T1a", "sv", "nurs"): -4, _grid("LTS001a_T1a", "sh", "nurs"): None}
    found = _rules(validate_workbook(_salt(tmp_path, salt_cells, edits)))
    # one finding per check, as the Validation sheet has one row per check: the first cell, then every cell named
    assert [(f.location.cell, f.severity) for f in found["LTS001a_T1a.numbers"]] == [("B6", "error")]
    assert "the text '12'" in found["LTS001a_T1a.numbers"][0].message and "2 cells in all: B6, B7" in found["LTS001a_T1a.numbers"][0].message
    assert [f.location.cell for f in found["LTS001a_T1a.negatives"]] == ["B8"] and "(-4)" in found["LTS001a_T1a.negatives"][0].message
    assert found["LTS001a_T1a.required"][0].location.cell == "B9" and "in all" not in found["LTS001a_T1a.required"][0].message


def test_a_subset_breach_names_both_cells(tmp_path, salt_cells):
    part, whole = _grid("LTS001b_T1b", "ld", "res"), _grid("LTS001a_T1b", "ld", "res")
    found = _rules(validate_workbook(_salt(tmp_path, salt_cells, {part: salt_cells[whole] + 1})))
    breach = found["LTS001b.within_LTS001a.65+"]
    assert len(breach) == 1 and breach[0].location.cell == "C28" and breach[0].location.sheet == "LTS001b"
    assert f"({salt_cells[whole] + 1}) is above LTS001a!C28 ({salt_cells[whole]})" in breach[0].message


def test_totals_that_should_agree(tmp_path, salt_cells):
    """LTS004 Table 1 must equal Tables 2a + 2b: add 3 to one unsettled cell and the sums differ by 3."""
    cell = _grid("LTS004_T2b", "unknown", "f")
    found = _rules(validate_workbook(_salt(tmp_path, salt_cells, {cell: salt_cells[cell] + 3})))
    layout = layout_of(*SALT)
    t1 = sum(v for (sheet, c, r), v in salt_cells.items() if sheet == "LTS004" and r <= layout.tables["LTS004_T1"].last_row)
    message = found["LTS004.employment_equals_accommodation"][0].message
    assert f"(found {t1} against {t1 + 3})" in message
    assert "LTS004.cohort_equals_LTS001a" not in found


def test_2d_worked_by_hand(tmp_path, salt_cells):
    """2D = (low + other short term + universal + no needs) / (all - life event - declined): 55 / 90 = 61.1%."""
    values = dict(life=5, nurs=10, res=5, comm=20, low=30, st=10, decl=5, univ=10, noneed=5)
    edits = {_grid("STS002a_T1", "a1864", key): value for key, value in values.items()}
    edits |= {_grid("STS002a_T1", "a65", key): 0 for key in values}
    path = _salt(tmp_path, salt_cells, edits)
    figures = measure_figures(Book(openpyxl.load_workbook(path)), layout_of(*SALT))
    assert (figures["2D"]["numerator"], figures["2D"]["denominator"], figures["2D"]["value"]) == (55, 90, Decimal("61.1"))


def test_an_explained_error_is_honoured(tmp_path, salt_cells, capsys):
    part, whole = _grid("LTS001b_T1a", "mh", "dp"), _grid("LTS001a_T1a", "mh", "dp")
    reason = "Two clients moved in from another council on 31 March."
    path = _salt(tmp_path, salt_cells, {part: salt_cells[whole] + 2}, {"LTS001b.within_LTS001a.18-64": reason})
    found = validate_workbook(path)
    assert [(f.code, f.explanation) for f in found] == [("LTS001b.within_LTS001a.18-64", reason)]
    assert main(["validate", str(path)]) == 0
    assert "EXPLAINED" in capsys.readouterr().out


def test_an_unexplained_error_exits_1_with_json_findings(tmp_path, salt_cells, capsys):
    part, whole = _grid("LTS001b_T1a", "mh", "dp"), _grid("LTS001a_T1a", "mh", "dp")
    path = _salt(tmp_path, salt_cells, {part: salt_cells[whole] + 2})
    assert main(["validate", str(path), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert findings and set(findings[0]) == {"code", "severity", "file", "sheet", "cell", "row", "column", "value", "message",
                                             "explanation"}  # ascof_xl.findings.Finding, as every door reports
    assert findings[0]["code"] == "LTS001b.within_LTS001a.18-64" and findings[0]["severity"] == "error"
    assert findings[0]["sheet"] == "LTS001b" and findings[0]["cell"]


def test_the_report_workbook_is_written_atomically(tmp_path, salt_cells):
    part, whole = _grid("LTS001b_T1a", "mh", "dp"), _grid("LTS001a_T1a", "mh", "dp")
    path = _salt(tmp_path, salt_cells, {part: salt_cells[whole] + 2})
    report = tmp_path / "findings.xlsx"
    assert main(["validate", str(path), "--report", str(report)]) == 1
    sheet = openpyxl.load_workbook(report)["Findings"]
    assert [c.value for c in sheet[4]] == ["Rule", "Severity", "Sheet", "Cell", "Message", "Explanation"]
    assert sheet["A5"].value == "LTS001b.within_LTS001a.18-64" and sheet["B5"].value == "FAIL"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.xlsx", "salt.xlsx"]


def test_a_large_change_against_the_previous_return_warns(tmp_path, salt_cells):
    previous = _salt(tmp_path, salt_cells, name="last-year.xlsx")
    doubled = {key: value * 2 for key, value in salt_cells.items() if key[0] == "STS004"}
    doubled[_grid("POP", "hes65", "n")] = salt_cells[_grid("POP", "hes65", "n")] * 2
    current = _salt(tmp_path, salt_cells, doubled)
    found = _rules(validate_workbook(current, previous))
    assert found["previous.STS004_T1"][0].severity == "warning" and "last-year.xlsx" in found["previous.STS004_T1"][0].message
    assert "previous.2B1" not in found and "previous.2B2" not in found  # ratios unchanged when both parts double
    assert all(f.severity == "warning" for f in validate_workbook(current, previous))
    assert main(["validate", str(current), "--previous", str(previous)]) == 0


def test_an_unreadable_previous_return_is_a_warning(tmp_path, salt_cells):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    found = validate_workbook(_salt(tmp_path, salt_cells), bad)
    assert [f.code for f in found] == ["previous.unreadable"]


def _own_figures(tmp_path: Path, edits: dict, published: list[dict] | None = None) -> tuple[Path, object]:
    layout = layout_of("own-figures", "2020-21")
    place = layout.tables["OWN"]
    rows = published or [{"code": m.code} for m in place.table.measures]
    book = fill(build_workbook("own-figures", "2020-21", published=rows), edits)
    return save_atomically(book, tmp_path / "own.xlsx"), layout


def test_own_figures_numerator_above_denominator_and_a_half_pair(tmp_path):
    layout = layout_of("own-figures", "2020-21")
    place = layout.tables["OWN"]
    row = {m.code: place.first_row + i for i, m in enumerate(place.table.measures)}
    sheet = place.table.sheet
    edits = {(sheet, place.columns["numerator"], row["2B1"]): 170, (sheet, place.columns["denominator"], row["2B1"]): 160,
             (sheet, place.columns["numerator"], row["1E"]): 40}
    path, _ = _own_figures(tmp_path, edits)
    found = _rules(validate_workbook(path))
    assert "numerator (170) is above the denominator (160)" in found["2B1.entry"][0].message
    assert found["2B1.entry"][0].location.cell == f"E{row['2B1']}:F{row['2B1']}"  # at the row's inputs, as the Validation sheet
    assert found["2B1.entry"][0].location.text() == f"Own figures!E{row['2B1']}:F{row['2B1']}"
    assert "feeds the 2B1 value, band, rank and comparison with England" in found["2B1.entry"][0].message
    assert f"Own figures!F{row['1E']}: the 1E denominator is blank" in found["1E.entry"][0].message


def test_a_value_outside_the_published_spread_warns(tmp_path):
    """Mean 80, SD 5: 60.0% (600 of 1000) is 4 SD below, so a warning; 78.0% is not."""
    layout = layout_of("own-figures", "2020-21")
    place = layout.tables["OWN"]
    row = {m.code: place.first_row + i for i, m in enumerate(place.table.measures)}
    published = [{"code": m.code, "year": "2020-21", "mean": 80.0, "sd": 5.0} if m.code in ("2B1", "2D") else {"code": m.code}
                 for m in place.table.measures]
    sheet, num, den = place.table.sheet, place.columns["numerator"], place.columns["denominator"]
    edits = {(sheet, num, row["2B1"]): 600, (sheet, den, row["2B1"]): 1000,
             (sheet, num, row["2D"]): 780, (sheet, den, row["2D"]): 1000}
    path, _ = _own_figures(tmp_path, edits, published)
    book = openpyxl.load_workbook(path)
    assert book[PUBLISHED_SHEET].cell(row=layout.published_rows["2B1"], column=[k for k, _ in PUBLISHED_COLUMNS].index("mean") + 1).value == 80.0
    found = _rules(validate_workbook(path))
    warning = found["2B1.within_published_range"][0]
    assert warning.severity == "warning" and "60.0" in warning.message and "70.0 to 90.0" in warning.message
    assert "2D.within_published_range" not in found


def test_own_figures_sample_validates_cleanly(tmp_path):
    layout = layout_of("own-figures", "2020-21")
    path, _ = _own_figures(tmp_path, own_figures_sample(layout))
    assert validate_workbook(path) == []


def test_survey_codes_and_required_answers(tmp_path):
    layout = layout_of("ascs-return", "2024-25")
    place = layout.tables["USERS"]
    cells = survey_sample(layout)
    first = place.first_row
    sheet = place.table.sheet
    cells[(sheet, place.columns["q3a"], first)] = 7
    cells[(sheet, place.columns["Gender"], first + 1)] = "yes"
    cells[(sheet, place.columns["Response"], first + 2)] = None
    book = fill(build_workbook("ascs-return", "2024-25", published=[]), cells)
    found = _rules(validate_workbook(save_atomically(book, tmp_path / "ascs.xlsx")))
    [codes] = found["USERS.codes"]
    q3a = f"{openpyxl.utils.get_column_letter(place.columns['q3a'])}{first}"
    assert codes.location.cell == q3a and "q3a is 7, not one of 1, 2, 3, 4" in codes.message
    assert f"2 cells in all: {q3a}, D{first + 1}" in codes.message
    assert found["USERS.required"][0].location.cell == f"C{first + 2}"


def test_survey_sample_validates_cleanly(tmp_path):
    layout = layout_of("sace-return", "2023-24")
    book = fill(build_workbook("sace-return", "2023-24", published=[]), survey_sample(layout))
    assert validate_workbook(save_atomically(book, tmp_path / "sace.xlsx")) == []


def test_a_total_typed_over_with_the_wrong_figure(tmp_path, salt_cells):
    """LTS001a Table 1a row 6: the total's formula replaced by a number 1 above its parts, another by the right sum."""
    book = fill(build_workbook(*SALT, published=[]), salt_cells)
    sheet = book["LTS001a"]
    parts = sum(salt_cells[("LTS001a", column, 6)] for column in range(2, 9))
    sheet["I6"] = parts + 1
    sheet["I7"] = sum(salt_cells[("LTS001a", column, 7)] for column in range(2, 9))
    found = _rules(validate_workbook(save_atomically(book, tmp_path / "typed.xlsx")))
    assert [(f.location.cell, f.severity) for f in found["LTS001a_T1a.totals"]] == [("I6", "error")]
    assert f"holds {parts + 1} in place of its formula, but its parts add up to {parts}" in found["LTS001a_T1a.totals"][0].message
    typed = found["LTS001a_T1a.formulas"][0]  # both typed totals, the right one too, are not the template's formula
    assert typed.location.cell == "I6" and "where the template works out a row total (=SUM(B6:H6))" in typed.message
    assert "2 cells in all: I6, I7" in typed.message


def test_explanations_are_matched_by_rule_not_by_row(tmp_path, salt_cells):
    part, whole = _grid("LTS001b_T1a", "mh", "dp"), _grid("LTS001a_T1a", "mh", "dp")
    book = fill(build_workbook(*SALT, published=[]), salt_cells | {part: salt_cells[whole] + 2})
    sheet = book[VALIDATION_SHEET]
    sheet.insert_rows(HEADER_ROW + 1)  # an older edition listed one rule fewer above, say
    sheet.cell(row=HEADER_ROW + 1, column=1, value="retired.rule")
    ids = [c.id for c in checks_of(layout_of(*SALT))]
    sheet.cell(row=HEADER_ROW + 2 + ids.index("LTS001b.within_LTS001a.18-64"), column=6, value="Known double count.")
    found = validate_workbook(save_atomically(book, tmp_path / "moved.xlsx"))
    assert [(f.code, f.explanation) for f in found] == [("LTS001b.within_LTS001a.18-64", "Known double count.")]


def test_the_published_range_is_clipped_to_what_the_measure_can_take(tmp_path):
    """Mean 5, SD 4 gives -3 to 13, said as 0.0 to 13.0; mean 95, SD 4 gives 87 to 103%, said as 87.0 to 100.0."""
    layout = layout_of("own-figures", "2020-21")
    place = layout.tables["OWN"]
    row = {m.code: place.first_row + i for i, m in enumerate(place.table.measures)}
    spreads = {"2B1": (5.0, 4.0), "2D": (95.0, 4.0)}
    published = [{"code": m.code, "year": "2020-21", "mean": spreads[m.code][0], "sd": spreads[m.code][1]}
                 if m.code in spreads else {"code": m.code} for m in place.table.measures]
    sheet, num, den = place.table.sheet, place.columns["numerator"], place.columns["denominator"]
    edits = {(sheet, num, row["2B1"]): 600, (sheet, den, row["2B1"]): 1000, (sheet, num, row["2D"]): 600, (sheet, den, row["2D"]): 1000}
    path, _ = _own_figures(tmp_path, edits, published)
    found = _rules(validate_workbook(path))
    assert "0.0 to 13.0" in found["2B1.within_published_range"][0].message
    assert "87.0 to 100.0" in found["2D.within_published_range"][0].message
    assert found["2D.within_published_range"][0].location.cell == f"E{row['2D']}:F{row['2D']}"  # at the inputs


def test_a_blank_return_is_nothing_entered_yet(tmp_path, capsys):
    """Every input blank: one error, at the first input cell, and the command exits 1 saying so, never "ready"."""
    path, layout = _own_figures(tmp_path, {})
    found = validate_workbook(path)
    place = layout.tables["OWN"]
    assert [(f.code, f.location.cell) for f in found] == [("return.entered", f"E{place.first_row}")]
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.rstrip().endswith("nothing entered yet") and "ready to send" not in out
