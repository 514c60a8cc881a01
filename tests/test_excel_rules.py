"""What Excel enforces, enforced here: every ribbon macro on every template through the Excel-rules
stand-in (protected sheets refuse writes to locked cells), and every worksheet function's result as Excel
shows it (a string over 255 characters makes the whole array #VALUE!)."""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil

import pytest
from openpyxl import load_workbook

import ascof_xl.excel.macros as macros_package
from ascof_xl.catalogue import FRAMEWORKS, load_catalogue
from ascof_xl.collect.fill import write_return
from ascof_xl.catalogue.codes import canonical_code
from ascof_xl.errors import AscofError
from ascof_xl.excel import cache, udfs
from ascof_xl.excel.books import XlwingsBook
from ascof_xl.excel.macros import in_excel
from ascof_xl.templates.declaration import template_names
from ascof_xl.templates.generate import write_template
from tests import excel_rules
from tests.excel_rules import App, com_error, protection_state, udf_result

YEAR = "2020-21"


@pytest.fixture(autouse=True, scope="module")
def bundled():
    cache.reload()
    yield
    cache.reload()


def macros() -> list[str]:
    """Every macro module of ascof_xl.excel.macros (a module with run(book, ...)), found, not listed."""
    found = []
    for module in pkgutil.iter_modules(macros_package.__path__):
        if callable(getattr(importlib.import_module(f"{macros_package.__name__}.{module.name}"), "run", None)):
            found.append(module.name)
    return sorted(found)


# What the add-in's settings give a macro's required arguments (by name). A new macro with a required
# argument not named here fails below, saying which: add it here with the value its button would pass.
@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> dict:
    """The ribbon's settings, and for Collect returns two councils' filled own-figures returns picked."""
    folder = tmp_path_factory.mktemp("returns")
    files = [str(write_return(folder / f"{name}.xlsx", name, {"2A": counts}, "2024-25"))
             for name, counts in (("Darlington", (120, 150)), ("Hartlepool", (90, 140)))]
    return {"council": "Rotherham", "files": files, "year": None}


def arguments(run, settings: dict) -> dict:
    needed = [p for p in list(inspect.signature(run).parameters.values())[1:] if p.default is p.empty]
    missing = [p.name for p in needed if p.name not in settings]
    if missing:
        pytest.fail(f"{run.__module__}.run needs {', '.join(missing)}: add what its button passes to settings here")
    return {p.name: settings[p.name] for p in needed}


# --- the stand-in keeps Excel's rules ------------------------------------------------------------------

@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """Every template, generated once: name -> path."""
    folder = tmp_path_factory.mktemp("templates")
    return {name: write_template(name, folder / f"{name}.xlsx") for name in template_names()}


def test_a_protected_sheet_refuses_a_write_to_a_locked_cell_and_writes_nothing(templates):
    book = App().books.open(templates["benchmark"])
    sheet = book.sheets["Benchmarks"]
    assert sheet.api.ProtectContents
    before = sheet.range((4, 1)).value
    with pytest.raises(com_error) as refused:
        sheet.range((4, 1)).value = [["new title", "more"]]
    assert refused.value.hresult == -2147352567 and "protected sheet" in refused.value.excepinfo[2]
    assert sheet.range((4, 1)).value == before
    sheet.api.Unprotect()
    sheet.range((4, 1)).value = [["new title"]]
    assert sheet.range((4, 1)).value == "new title"


def test_an_input_cell_of_a_protected_sheet_takes_a_write(templates):
    book = App().books.open(templates["own-figures"])
    for sheet in book.sheets:
        unlocked = [c for row in sheet.worksheet.iter_rows() for c in row if not c.protection.locked]
        if sheet.api.ProtectContents and unlocked:
            cell = unlocked[0]
            sheet.range((cell.row, cell.column)).value = 42
            assert sheet.range((cell.row, cell.column)).value == 42
            return
    pytest.fail("own-figures has no protected sheet with an input cell")


def test_protect_without_the_templates_options_changes_them(templates):
    """Excel's Protect() with no arguments forbids formatting; the templates allow it: the state notices."""
    book = App().books.open(templates["benchmark"])
    before = protection_state(book)
    sheet = book.sheets["Benchmarks"]
    sheet.api.Unprotect()
    sheet.api.Protect()
    assert protection_state(book) != before and not sheet.api.Protection.AllowFormattingCells


def test_udf_results_as_excel_shows_them():
    assert udf_result("x" * 255) == "x" * 255
    assert udf_result("x" * 256) == "#VALUE!"
    assert udf_result([[1.0, "x" * 300], [2.0, "ok"]]) == "#VALUE!"  # one long string spoils the whole array
    assert udf_result([[1.0, math.nan, math.inf]]) == [[1.0, "#NUM!", "#NUM!"]]
    assert udf_result([[1.0], [2.0, 3.0]]) == "#VALUE!"


# --- every macro on every template ---------------------------------------------------------------------

@pytest.mark.parametrize("macro", macros())
@pytest.mark.parametrize("template", template_names())
def test_every_macro_runs_on_every_template_and_leaves_protection_as_it_found_it(macro, template, templates, settings,
                                                                                   tmp_path):
    path = tmp_path / f"{template}.xlsx"
    path.write_bytes(templates[template].read_bytes())
    app = App()
    excel_book = app.books.open(path)
    before = protection_state(excel_book)
    module = importlib.import_module(f"{macros_package.__name__}.{macro}")
    book = XlwingsBook(excel_book)
    result = in_excel(module.run, book, *arguments(module.run, settings).values())
    assert app.alerts == [], f"{macro} on {template}: {app.alerts}"
    assert result is not None
    after = protection_state(excel_book)
    assert {name: before[name] for name in before} == {name: after[name] for name in before}
    assert all(after[name][0] for name, state in before.items() if state[0])  # every protected sheet still is
    excel_book.save()
    reopened = load_workbook(path)
    for name, state in before.items():  # and so is the file Excel would save
        assert reopened[name].protection.sheet == state[0]


def test_refresh_writes_the_protected_benchmarks_sheet_of_the_benchmark_template(templates, tmp_path):
    from ascof_xl.excel.macros import refresh_benchmarks

    path = tmp_path / "bench.xlsx"
    path.write_bytes(templates["benchmark"].read_bytes())
    excel_book = App().books.open(path)
    refresh_benchmarks.run(XlwingsBook(excel_book), [], YEAR)
    sheet = excel_book.sheets["Benchmarks"]
    assert sheet.range((4, 1)).value == "England and the councils' distribution, one row per measure"
    codes = [row[1] for row in sheet.range((6, 1), (200, 2)).options(ndim=2).value if row[1]]
    assert "2B1" in codes and all(row[0] == YEAR for row in sheet.range((6, 1), (5 + len(codes), 1)).options(ndim=2).value)
    assert sheet.api.ProtectContents and sheet.api.Protection.AllowFormattingCells


def test_a_sheet_protected_with_a_password_is_a_message_saying_what_to_do(templates, tmp_path):
    from ascof_xl.excel.macros import refresh_benchmarks

    path = tmp_path / "bench.xlsx"
    workbook = load_workbook(templates["benchmark"])
    workbook["Benchmarks"].protection.password = "secret"
    workbook.save(path)
    app = App()
    book = XlwingsBook(app.books.open(path))
    with pytest.raises(AscofError, match="'Benchmarks' of bench.xlsx is protected with a password.*Unprotect Sheet"):
        refresh_benchmarks.run(book, [], YEAR)
    assert book.book.sheets["Benchmarks"].api.ProtectContents


# --- every worksheet function, as Excel shows its result ------------------------------------------------

def shown(value):
    """The result as Excel shows it, with every cell checked: no #VALUE!, no #NUM!."""
    result = udf_result(value)
    cells = [v for row in result for v in row] if isinstance(result, list) else [result]
    assert "#VALUE!" not in cells and "#NUM!" not in cells, value
    return result


def test_every_function_is_checked_here():
    checked = {"ASCOF_VALUE", "ASCOF_MEASURE", "ASCOF_MEASURES", "ASCOF_QUARTILE", "ASCOF_RANK", "ASCOF_THRESHOLDS",
               "ASCOF_BENCHMARK", "ASCOF_PROFILE", "ASCOF_BANDS", "ASCOF_CI", "ASCOF_SIGNIFICANCE", "ASCOF_DOT"}
    assert set(udfs.__all__) == checked


def test_every_field_of_every_measure_of_every_framework_fits_a_cell():
    long_ones = 0
    for framework in FRAMEWORKS:
        for measure in load_catalogue(framework):
            for field, whole in measure.as_dict().items():
                got = shown(udfs.ASCOF_MEASURE(measure.code, field, framework))
                written = "; ".join(map(str, whole)) if isinstance(whole, (list, tuple)) else str(whole)
                if len(written) > 255:
                    long_ones += 1
                    tail = f"… (full text: ascof-xl measure {canonical_code(measure.code)} --framework {framework})"
                    assert len(got) <= 255 and got.endswith(tail)
                    assert written.startswith(got.removesuffix(tail))
    assert long_ones > 20  # evidence and published descriptions run long


def test_every_framework_list_fits():
    for framework in FRAMEWORKS:
        table = shown(udfs.ASCOF_MEASURES(framework))
        titles = {m.code: m.title for m in load_catalogue(framework)}
        for code, title, *_ in table[1:]:
            assert title == titles[code] or (len(titles[code]) > 255 and title.endswith(
                f"(full text: ascof-xl measures --framework {framework})"))


def test_every_measure_of_a_year_through_every_function(store):
    year = YEAR
    codes = [code for code, (group, part) in store.measures(year).items() if part == "Total"]
    for code in codes:
        shown(udfs.ASCOF_BENCHMARK("Rotherham", code, year))
        shown(udfs.ASCOF_BENCHMARK("Rotherham", code, year, "region"))
        shown(udfs.ASCOF_QUARTILE(code, 50, None, year))
        shown(udfs.ASCOF_QUARTILE(code, 50, "region", year, "Rotherham"))
        shown(udfs.ASCOF_RANK(code, 50, None, year))
        shown(udfs.ASCOF_THRESHOLDS(code, "council-type:Rotherham", year))
        shown(udfs.ASCOF_VALUE(code, 3, 7, year))
    for framework in FRAMEWORKS:
        for measure in load_catalogue(framework):
            shown(udfs.ASCOF_DOT(measure.code, 50, 40))
            shown(udfs.ASCOF_SIGNIFICANCE(measure.code, 50, 40, 60, 45))
    for stored_year in store.years:  # every year's every measure, through the row and the table functions
        shown(udfs.ASCOF_PROFILE("Rotherham", stored_year))
        for code, (group, part) in store.measures(stored_year).items():
            shown(udfs.ASCOF_BENCHMARK("Kent", code, stored_year))
    shown(udfs.ASCOF_BANDS([["Rotherham"], ["Kent"], ["Atlantis"]], [codes], year))
    for kind in ("proportion", "rate"):
        for level in (95, 99.8):
            shown(udfs.ASCOF_CI(4, 50, kind, level))
            shown(udfs.ASCOF_CI(0, 0, kind, level))


def test_nothing_excel_cannot_hold_comes_back():
    from ascof_xl.excel.errors import excel_errors

    import numpy as np
    import pandas as pd

    @excel_errors(full_text=lambda: "ascof-xl somewhere")
    def odd():
        return [[math.nan, math.inf, "y" * 400], [1], [np.float64(2.5), np.bool_(True), pd.NA]]

    got = shown(odd())
    assert got[0][0].startswith("ASCOF: ") and got[0][1].startswith("ASCOF: ")
    assert got[0][2].endswith("… (full text: ascof-xl somewhere)") and len(got[0][2]) == 255
    assert got[1] == [1.0, None, None] and got[2] == [2.5, True, None]
    assert type(got[2][0]) is float and type(got[2][1]) is bool


def test_without_com_protection_members_a_refused_write_says_what_to_do(templates, tmp_path, monkeypatch):
    """Excel for Mac (AppleScript) and xlwings Lite have no sheet.api.ProtectContents: the write is tried and
    Excel's refusal becomes a message naming the sheet and the fix."""
    from ascof_xl.excel.macros import refresh_benchmarks

    path = tmp_path / "bench.xlsx"
    path.write_bytes(templates["benchmark"].read_bytes())
    def no_such_member(api):
        raise AttributeError("ProtectContents")

    monkeypatch.setattr(excel_rules.SheetApi, "ProtectContents", property(no_such_member))
    book = XlwingsBook(App().books.open(path))
    with pytest.raises(AscofError, match="sheet 'Benchmarks' of bench.xlsx could not be written .*Unprotect Sheet"):
        refresh_benchmarks.run(book, [], YEAR)
