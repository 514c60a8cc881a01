"""Every template filled with sample figures, recalculated by LibreOffice, and read back against ascof-xl's own figures.

All workbooks go through one soffice call per session (xlsx, recalculating) and one more (pdf, for the
PNG of each first sheet kept in tests/artefacts/ for a person to look at). Without LibreOffice these
tests skip, except under CI, where they fail.
"""

from __future__ import annotations

import os
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from ascof_xl.benchmark.quartiles import band_by_cut_points
from ascof_xl.figures.value import compute_value
from ascof_xl.templates.cells import Book
from ascof_xl.templates.returned_figures import measure_figures
from ascof_xl.benchmark.place import figure_interval
from ascof_xl.benchmark.statistics import stored_value
from ascof_xl.stats import compare_with
from ascof_xl.templates.checks import checks_of
from ascof_xl.templates.generate import build_workbook
from ascof_xl.templates.layout import HEADER_ROW, MEASURE_COLUMNS, VALIDATION_SHEET, layout_of
from ascof_xl.templates.libreoffice import convert, first_page_png, soffice
from ascof_xl.templates.output import save_atomically
from ascof_xl.templates.published_figures import published_rows
from ascof_xl.templates.samples import fill, own_figures_sample, salt_sample, survey_sample

ARTEFACTS = Path(__file__).parent / "artefacts"
ERRORS = ("#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:")
COUNCIL = "E08000018"  # Rotherham, chosen on one own-figures sheet so its own published value is left out


def _need_libreoffice() -> None:
    if soffice() is None or shutil.which("pdftoppm") is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) and pdftoppm must be installed under CI")
        pytest.skip("LibreOffice or pdftoppm is not installed")


def _salt_with_breaches(layout) -> dict:
    """The SALT sample with one subset breach explained and one total left unequal, unexplained."""
    cells = salt_sample(layout, seed=7)
    place = layout.tables["LTS001b_T1a"]
    column, row = place.grid_cell("pc", "res")
    cells[("LTS001b", column, row)] = 10_000  # above any LTS001a cell: LTS001b.within_LTS001a.18-64 fails
    column, row = layout.tables["LTS004_T2b"].grid_cell("unknown", "m")
    cells[("LTS004", column, row)] = cells[("LTS004", column, row)] + 3  # LTS004 totals disagree
    return cells


def _one_j_people():
    """NHS Digital's own 1J unit-test people: every item at code 1 aged 40, every item at code 3 aged 70 (community, not LD)."""
    layout = layout_of("ascs-return", "2018-19")
    place = layout.tables["USERS"]
    book = build_workbook("ascs-return", "2018-19", published=[])
    sheet = book[place.table.sheet]
    for offset, (code, age) in enumerate(((1, 40), (3, 70))):
        row = place.first_row + offset
        values = {"SerialNo": offset + 1, "LaCode": 370, "Response": 1, "Gender": 1, "Age": age,
                  "PrimarySupportReason": 1, "SupportSetting": 1, "Questionnaire": 1, "q1": 1}
        for column in place.table.record_columns:
            sheet.cell(row=row, column=place.columns[column.key], value=values.get(column.key, code))
    return book


def _explain(book, layout, rule_id: str, reason: str) -> None:
    ids = [check.id for check in checks_of(layout)]
    book[VALIDATION_SHEET].cell(row=HEADER_ROW + 1 + ids.index(rule_id), column=6, value=reason)


ROTHERHAM_YEAR = "2024-25"


def _rotherham(store):
    """The own-figures template for 2024-25 filled with Rotherham's published numerators and denominators."""
    layout = layout_of("own-figures", ROTHERHAM_YEAR)
    place = layout.tables["OWN"]
    book = build_workbook("own-figures", ROTHERHAM_YEAR, published_rows(layout.declaration, store))
    sheet = book[place.table.sheet]
    for offset, measure in enumerate(place.table.measures):
        for key in ("numerator", "denominator"):
            figure = stored_value(store, ROTHERHAM_YEAR, COUNCIL, measure.code, key.capitalize())
            if figure is not None:
                sheet.cell(row=place.first_row + offset, column=place.columns[key], value=figure)
    return book, layout


@pytest.fixture(scope="session")
def recalculated(tmp_path_factory, store):
    """name -> (filled openpyxl book as written, LibreOffice-recalculated book read with data_only, layout)."""
    _need_libreoffice()
    folder = tmp_path_factory.mktemp("templates")
    cases = {}
    salt = layout_of("salt-2018-19", "2018-19")
    cases["salt-2018-19"] = (fill(build_workbook("salt-2018-19"), salt_sample(salt)), salt)
    breach = fill(build_workbook("salt-2018-19"), _salt_with_breaches(salt))
    _explain(breach, salt, "LTS001b.within_LTS001a.18-64", "A client recorded twice in LTS001b; corrected in the system.")
    cases["salt-breaches"] = (breach, salt)
    for year in ("2020-21", "2024-25"):
        layout = layout_of("own-figures", year)
        published = published_rows(layout.declaration, store)
        book = fill(build_workbook("own-figures", year, published), own_figures_sample(layout, published))
        if year == "2024-25":
            book[layout.council_cell[0]][layout.council_cell[1].replace("$", "")] = COUNCIL
        cases[f"own-figures-{year}"] = (book, layout)
    half = layout_of("own-figures", "2020-21")
    place = half.tables["OWN"]
    book = build_workbook("own-figures", "2020-21", published_rows(half.declaration, store))
    row = place.first_row + [m.code for m in place.table.measures].index("2B1")
    book[place.table.sheet].cell(row=row, column=place.columns["numerator"], value=82)
    book[place.table.sheet].cell(row=row, column=place.columns["denominator"], value=160)
    cases["half"] = (book, half)
    option = layout_of("option-two", "2019-20")
    cases["option-two"] = (fill(build_workbook("option-two"), own_figures_sample(option)), option)
    for name, survey_year in (("ascs-return", "2018-19"), ("ascs-return", "2024-25"), ("sace-return", "2023-24")):
        layout = layout_of(name, survey_year)
        book = build_workbook(name, survey_year, published_rows(layout.declaration, store))
        cases[f"{name}-{survey_year}"] = (fill(book, survey_sample(layout, seed=len(cases))), layout)
    cases["ascs-1j"] = (_one_j_people(), layout_of("ascs-return", "2018-19"))
    cases["rotherham"] = _rotherham(store)
    year = store.latest_year()
    cases["benchmark"] = (build_workbook("benchmark", year), layout_of("benchmark", year))
    paths = []
    for name, (book, _) in cases.items():
        paths.append(save_atomically(book, folder / f"{name}.xlsx"))
    recalculated_paths = convert(paths, folder / "recalculated", "xlsx")
    pdfs = convert(paths, folder / "pdf", "pdf")
    ARTEFACTS.mkdir(exist_ok=True)
    for pdf in pdfs:
        first_page_png(pdf, ARTEFACTS / f"{pdf.stem}.png")
    found = Recalculated({name: (cases[name][0], openpyxl.load_workbook(path, data_only=True), cases[name][1])
                          for name, path in zip(cases, recalculated_paths)})
    found.paths = dict(zip(cases, recalculated_paths))
    return found


class Recalculated(dict):
    """name -> (filled book, recalculated book, layout); `paths` holds the recalculated files."""

    paths: dict[str, Path]


def test_no_cell_shows_an_error(recalculated):
    for name, (_, computed, _) in recalculated.items():
        for sheet in computed.worksheets:
            for row in sheet.iter_rows(values_only=True):
                bad = [v for v in row if isinstance(v, str) and v.startswith(ERRORS)]
                assert not bad, f"{name} {sheet.title}: {bad}"


SURVEYS = ["ascs-return-2018-19", "ascs-return-2024-25", "sace-return-2023-24"]


@pytest.mark.parametrize("name", ["salt-2018-19", "salt-breaches", "own-figures-2020-21", "own-figures-2024-25",
                                  "option-two", *SURVEYS])
def test_every_measure_value_equals_ascof_xls_own(recalculated, name):
    filled, computed, layout = recalculated[name]
    figures = measure_figures(Book(filled), layout)
    assert figures
    compared = 0
    for code, found in figures.items():
        shown = computed[found["sheet"]][found["cell"]].value
        if found["numerator"] is None:
            assert shown in (None, ""), (code, shown)
            continue
        measure = next(m for m in layout.declaration.all_measures() if m.code == code)
        if measure.has_denominator:
            expected = compute_value(code, found["numerator"], found["denominator"], layout.declaration.year,
                                     framework=measure.framework)["value"]  # rounded as that year was published
        else:
            expected = float(found["numerator"])
        assert shown == expected, (name, code, shown, expected)
        compared += 1
    assert compared >= 5


@pytest.mark.parametrize("name", SURVEYS)
def test_survey_estimates_equal_the_survey_module(recalculated, name):
    """The workbook's stratum-weighted numerators and denominators (1J's too) are ascof_xl.survey's, to float precision."""
    filled, computed, layout = recalculated[name]
    figures = measure_figures(Book(filled), layout)
    assert "1J" in figures or "1B" in figures or "1C" in figures  # ASCS carries 1J (revised 1B); SACE 1D (revised 1C)
    for code, found in figures.items():
        sheet, row, columns = layout.measure_rows[code]
        assert found["denominator"] is not None, code
        assert computed[sheet].cell(row=row, column=columns["numerator"]).value == pytest.approx(float(found["numerator"]), rel=1e-12)
        # a whole population, or 1J's Q2c population (stratum 2 scaled by its community share): 15 digits kept
        assert computed[sheet].cell(row=row, column=columns["denominator"]).value == pytest.approx(float(found["denominator"]), rel=1e-12)


@pytest.mark.parametrize("name", SURVEYS)
def test_survey_splits_equal_the_survey_module(recalculated, name):
    """18-64, 65 and over, male and female: each split's estimate in the workbook is ascof_xl.survey's."""
    from ascof_xl.templates.survey_reading import survey_estimates

    filled, computed, layout = recalculated[name]
    estimates = survey_estimates(Book(filled), layout)
    at = {key: column for column, (key, _) in enumerate(MEASURE_COLUMNS, start=1)}
    assert len(layout.split_rows) >= 16
    for (code, split), row in layout.split_rows.items():
        sheet = computed["Measures"]
        numerator, denominator = estimates[(code, split)]
        assert sheet.cell(row=row, column=at["numerator"]).value == pytest.approx(float(numerator), rel=1e-12), (code, split)
        assert sheet.cell(row=row, column=at["denominator"]).value == pytest.approx(float(denominator), rel=1e-12), (code, split)
        measure = next(m for m in layout.declaration.measures if m.code == code)
        expected = compute_value(code, numerator, denominator, framework=measure.framework)["value"]
        assert sheet.cell(row=row, column=at["value"]).value == expected, (code, split)


def test_one_j_person_scores_match_nhs_digitals_unit_test(recalculated):
    _, computed, layout = recalculated["ascs-1j"]
    place = layout.tables["USERS"]
    column = place.derived["score_1J"]
    sheet = computed[place.table.sheet]
    scores = [sheet.cell(row=place.first_row + i, column=column).value for i in range(3)]
    assert scores[0] == pytest.approx(0.418845, abs=5e-7) and scores[1] == pytest.approx(0.075093, abs=5e-7)
    assert scores[2] in (None, "")


def test_salt_totals_add_up(recalculated):
    filled, computed, layout = recalculated["salt-2018-19"]
    for place in layout.tables.values():
        sheet = place.table.sheet
        cells = [(c, r) for r in range(place.first_row, place.last_row + 1) for c in place.input_columns]
        if place.total_row and place.total_column:
            expected = sum(filled[sheet].cell(row=r, column=c).value for c, r in cells)
            assert computed[sheet].cell(row=place.total_row, column=place.total_column).value == expected


def test_validation_status_words_match_the_python_validator(recalculated):
    """Each row of the recalculated Validation sheet says what `validate` says of the same check: PASS with no finding,
    FAIL or WARNING by severity, EXPLAINED with a reason written; the two doors count the same."""
    from ascof_xl.templates.validate import validate_workbook

    for name in ("salt-2018-19", "salt-breaches", "own-figures-2020-21", "option-two", "benchmark", "rotherham", *SURVEYS):
        _, computed, layout = recalculated[name]
        findings = {f.code: f for f in validate_workbook(recalculated.paths[name])}
        for offset, check in enumerate(checks_of(layout)):
            found = findings.get(check.id)
            expected = ("PASS" if found is None else "EXPLAINED" if found.explanation
                        else "FAIL" if found.severity == "error" else "WARNING")
            assert computed[VALIDATION_SHEET].cell(row=layout.validation_row(offset), column=5).value == expected, (name, check.id)


def test_a_breach_shows_fail_and_an_explained_one_shows_explained(recalculated):
    _, computed, layout = recalculated["salt-breaches"]
    words = {c.id: computed[VALIDATION_SHEET].cell(row=HEADER_ROW + 1 + i, column=5).value
             for i, c in enumerate(checks_of(layout))}
    assert words["LTS001b.within_LTS001a.18-64"] == "EXPLAINED"
    assert words["LTS004.employment_equals_accommodation"] == "FAIL"
    assert words["LTS004.cohort_equals_LTS001a"] == "PASS"  # Table 1 still counts the LTS001a cohort
    assert words["LTS001a_T1a.required"] == "PASS"


def _oracle_rank(value: float, values: dict[str, float], polarity: str, council: str | None) -> tuple[int, int]:
    others = [v for area, v in values.items() if area != council]
    better = sum(1 for v in others if (v < value if polarity == "lower" else v > value))
    return better + 1, len(others) + 1


@pytest.mark.parametrize("year", ["2020-21", "2024-25"])
def test_own_figures_band_rank_and_england_comparison(recalculated, store, year):
    filled, computed, layout = recalculated[f"own-figures-{year}"]
    published = {row["code"]: row for row in published_rows(layout.declaration, store)}
    council = COUNCIL if year == "2024-25" else None
    place = layout.tables["OWN"]
    sheet = computed[place.table.sheet]
    checked = 0
    for offset, measure in enumerate(place.table.measures):
        row = place.first_row + offset
        at = {key: sheet.cell(row=row, column=column).value for key, column in place.columns.items()}
        figures = published[measure.code]
        if not isinstance(at["value"], float | int) or figures.get("p25") is None:
            assert at["band"] in (None, ""), measure.code
            continue
        cuts = (figures["p25"], figures["median"], figures["p75"])
        assert at["band"] == band_by_cut_points(at["value"], cuts, measure.polarity), measure.code
        assert (at["rank"], at["n"]) == _oracle_rank(at["value"], figures["values"], measure.polarity, council), measure.code
        if at["comparison"] not in (None, ""):
            assert at["comparison"] in ("better", "similar", "worse", "higher", "lower", "not tested"), measure.code
        checked += 1
    assert checked >= 10


def _briefing_word(measure, numerator, denominator, england) -> str:
    """What `ascof-xl place` and the briefing say against England: the 95% interval from the counts, England within."""
    interval = figure_interval(0.0, measure.unit, numerator, denominator, None)
    return "not tested" if isinstance(interval, str) else compare_with(interval, england, measure.polarity)


def test_against_england_is_the_briefings_significance_word(recalculated, store):
    """Rotherham's 2024-25 counts: the template's word (Wilson, Byar or exact Poisson as native formulas) is the word
    the command and the briefing give, measure by measure; 2B, 2C, 2E1, 6B and 2D1 are all "similar", as published."""
    filled, computed, layout = recalculated["rotherham"]
    place = layout.tables["OWN"]
    sheet = computed[place.table.sheet]
    words = {}
    for offset, measure in enumerate(place.table.measures):
        row = place.first_row + offset
        numerator, denominator = (filled[place.table.sheet].cell(row=row, column=place.columns[k]).value
                                  for k in ("numerator", "denominator"))
        if numerator is None:
            continue
        england = store.value(ROTHERHAM_YEAR, "E92000001", measure.code)
        words[measure.code] = sheet.cell(row=row, column=place.columns["comparison"]).value
        assert words[measure.code] == _briefing_word(measure, numerator, denominator, england), measure.code
    assert {code: words[code] for code in ("2B", "2C", "2E1", "6B", "2D1")} == dict.fromkeys(("2B", "2C", "2E1", "6B", "2D1"), "similar")
    assert len(words) >= 10 and {"better", "worse"} <= set(words.values())


def test_benchmark_sheet_holds_the_published_cut_points(recalculated, store):
    _, computed, layout = recalculated["benchmark"]
    place = layout.tables["BENCH"]
    sheet = computed["Benchmarks"]
    rows = list(sheet.iter_rows(min_row=place.first_row, max_row=place.first_row + 200, values_only=True))
    rows = [r for r in rows if r[1]]
    assert len(rows) >= 10
    year = rows[0][0]
    codes = {r[1]: r for r in rows}
    from ascof_xl.benchmark.quartiles import cut_points

    values = sorted(v for area, (v, _) in store.cells(year, "1A").items()
                    if v is not None and store.area(year, area).level == "council")
    assert codes["1A"][7:10] == pytest.approx(cut_points(values))


def test_a_return_saved_by_another_spreadsheet_still_validates(recalculated):
    """LibreOffice rewrites the file (cached values, its own styles): kind, year and every cell are still read."""
    from ascof_xl.templates.validate import validate_workbook

    assert [f for f in validate_workbook(recalculated.paths["salt-2018-19"]) if f.severity == "error"] == []
    rules = {f.code for f in validate_workbook(recalculated.paths["salt-breaches"])}
    assert {"LTS001b.within_LTS001a.18-64", "LTS004.employment_equals_accommodation"} <= rules
    explained = [f for f in validate_workbook(recalculated.paths["salt-breaches"]) if f.explanation]
    assert [f.code for f in explained] == ["LTS001b.within_LTS001a.18-64"]


def test_first_sheet_pngs_are_kept(recalculated):
    for name in recalculated:
        png = ARTEFACTS / f"{name}.png"
        assert png.exists() and png.stat().st_size > 2_000, name
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_publication_rounding_at_a_half_is_exact_in_libreoffice(recalculated):
    """82 / 160 = 51.25%: the template's formula gives 51.3, as published, where a float's round gives 51.2."""
    _, computed, layout = recalculated["half"]
    place = layout.tables["OWN"]
    offset = [m.code for m in place.table.measures].index("2B1")
    value = computed[place.table.sheet].cell(row=place.first_row + offset, column=place.columns["value"]).value
    assert round(82 / 160 * 100, 1) == 51.2
    assert value == 51.3 == float(compute_value("2B1", 82, 160, "2020-21")["exact"]) == float(Decimal("51.3"))
