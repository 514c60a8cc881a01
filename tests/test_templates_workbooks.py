"""Generated templates: one declaration feeds generator and validator; protection, validation, formats, names, copies."""

from __future__ import annotations

import importlib.util
import re
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from ascof_xl.cli import main
from ascof_xl.findings import Finding, Location
from ascof_xl.templates.benchmark_sheet import BENCHMARK_SHEET, benchmark_rows, benchmark_table, write_benchmark_sheet
from ascof_xl.templates.checks import checks_of
from ascof_xl.templates.declaration import default_year, load_declaration, template_names, template_years
from ascof_xl.templates.findings import FINDINGS_TITLE, write_findings
from ascof_xl.templates.generate import build_workbook
from ascof_xl.templates.layout import HEADER_ROW, META_SHEET, VALIDATION_SHEET, layout_of
from ascof_xl.templates.metadata import read_metadata
from ascof_xl.templates.refs import resolve

ROOT = Path(__file__).resolve().parents[1]
NEWER_FUNCTIONS = ("STDEV.S", "QUARTILE.INC", "QUARTILE.EXC", "PERCENTILE.INC", "RANK.EQ", "IFS", "CONCAT",
                   "TEXTJOIN", "MAXIFS", "MINIFS", "XLOOKUP", "SWITCH")
EVERY = [("salt-2018-19", "2018-19"), ("own-figures", "2020-21"), ("own-figures", "2024-25"), ("option-two", "2019-20"),
         ("ascs-return", "2024-25"), ("sace-return", "2023-24")]


def _build(name: str, year: str):
    """A template without published figures (they need the store; the LibreOffice tests cover them)."""
    declaration = load_declaration(name, year)
    from ascof_xl.templates.layout import published_measures

    return build_workbook(name, year, published=[{"code": m.code} for m in published_measures(declaration)])


@pytest.fixture(scope="module")
def books():
    return {(name, year): _build(name, year) for name, year in EVERY}


def test_every_template_is_declared():
    assert set(template_names()) == {"salt-2018-19", "own-figures", "ascs-return", "sace-return", "option-two", "benchmark"}
    assert template_years("own-figures")[0] == "2014-15" and template_years("option-two") is None


@pytest.mark.parametrize("name,year", EVERY)
def test_tables_never_overlap_and_every_reference_resolves(name, year):
    layout = layout_of(name, year)
    by_sheet: dict[str, list[tuple[int, int]]] = {}
    for place in layout.tables.values():
        assert place.top < place.header_row < place.first_row <= place.last_row + 1  # a text block has no rows
        assert place.last_row <= place.bottom
        by_sheet.setdefault(place.table.sheet, []).append((place.top, place.bottom))
    for spans in by_sheet.values():
        spans.sort()
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:]))
    for measure in layout.declaration.measures:
        for text in measure.numerator + measure.denominator:
            assert resolve(text, layout).cells()
    ids = [check.id for check in checks_of(layout)]
    assert len(ids) == len(set(ids))


def test_a_reference_picks_the_cells_it_names():
    layout = layout_of("salt-2018-19", "2018-19")
    ref = resolve("LTS001b_T1a[*:dp,pdp,mpb]", layout)
    assert ref.ranges() == ["'LTS001b'!$D$6:$F$16"]  # three adjacent community columns, every PSR row
    gapped = resolve("-STS002a_T1[*:life,decl]", layout)
    assert gapped.sign == -1 and gapped.ranges() == ["'STS002a'!$B$6:$B$7", "'STS002a'!$H$6:$H$7"]


@pytest.mark.parametrize("name,year", EVERY)
def test_kind_version_and_year_are_stored(books, name, year):
    book = books[(name, year)]
    meta = read_metadata(book)
    declaration = load_declaration(name, year)
    assert meta["kind"] == name and meta["year"] == year and meta["version"] == str(declaration.version)
    assert meta["fingerprint"] == declaration.fingerprint
    assert book[META_SHEET].sheet_state == "veryHidden"
    assert {p.name for p in book.custom_doc_props} >= {"ascof_xl_kind", "ascof_xl_version", "ascof_xl_year"}


@pytest.mark.parametrize("name,year", EVERY)
def test_sheets_are_protected_without_password_and_only_inputs_are_unlocked(books, name, year):
    book, layout = books[(name, year)], layout_of(name, year)
    for sheet in book.worksheets:
        if sheet.title == META_SHEET:
            continue
        assert sheet.protection.sheet and not sheet.protection.password, sheet.title
        assert sheet.freeze_panes, sheet.title
    for place in layout.tables.values():
        sheet = book[place.table.sheet]
        for column in place.input_columns[:3]:
            target = sheet.cell(row=place.first_row, column=column)
            takes_input = not place.table.measures or column == place.columns["numerator"] or place.table.measures[0].has_denominator
            if place.table.kind != "records" and takes_input:
                assert target.protection.locked is False, (place.table.id, target.coordinate)
        if place.table.kind == "grid" and place.total_column:
            assert sheet.cell(row=place.first_row, column=place.total_column).protection.locked is True
        assert place.table.kind == "text" or sheet.cell(row=place.header_row, column=1).font.bold
        assert sheet.cell(row=place.top, column=1).value == place.table.title
        assert sheet.print_area


@pytest.mark.parametrize("name,year", EVERY)
def test_inputs_carry_data_validation(books, name, year):
    book, layout = books[(name, year)], layout_of(name, year)
    for place in layout.tables.values():
        if not place.input_columns:
            continue
        sheet = book[place.table.sheet]
        covered = " ".join(str(v.sqref) for v in sheet.data_validations.dataValidation)
        first = sheet.cell(row=place.first_row, column=place.input_columns[0]).coordinate
        assert any(first in str(v.sqref) or _inside(first, str(v.sqref)) for v in sheet.data_validations.dataValidation), covered
        kinds = {v.type for v in sheet.data_validations.dataValidation}
        assert kinds & {"whole", "decimal", "list"}


def _inside(address: str, sqref: str) -> bool:
    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

    row, column = coordinate_to_tuple(address)
    for part in sqref.split():
        c0, r0, c1, r1 = range_boundaries(part)
        if c0 <= column <= c1 and r0 <= row <= r1:
            return True
    return False


@pytest.mark.parametrize("name,year", EVERY)
def test_validation_sheet_words_and_colours(books, name, year):
    book, layout = books[(name, year)], layout_of(name, year)
    sheet = book[VALIDATION_SHEET]
    checks = checks_of(layout)
    assert [sheet.cell(row=HEADER_ROW + 1 + i, column=1).value for i in range(len(checks))] == [c.id for c in checks]
    status = sheet.cell(row=HEADER_ROW + 1, column=5).value
    assert all(word in status for word in ('"PASS"', '"EXPLAINED"', '"FAIL"')) and "F5" in status
    assert sheet.cell(row=HEADER_ROW + 1, column=6).protection.locked is False
    rules = [rule for cf in sheet.conditional_formatting for rule in cf.rules]
    formulas = " ".join(f for rule in rules for f in rule.formula)
    assert all(f'="{word}"' in formulas for word in ("FAIL", "WARNING", "EXPLAINED", "PASS"))
    fills = {rule.formula[0].split("=")[-1]: rule.dxf.fill.fgColor.rgb for rule in rules}
    assert len(set(fills.values())) == 4  # a colour for each word, the word always beside it
    warnings = [HEADER_ROW + 1 + i for i, c in enumerate(checks) if c.severity == "warning"]
    for row in warnings:  # a warning's status says WARNING, never FAIL
        text = sheet.cell(row=row, column=5).value
        assert '"WARNING"' in text and '"FAIL"' not in text


@pytest.mark.parametrize("name,year", EVERY)
def test_no_newer_function_lacks_its_xlfn_prefix(books, name, year):
    for sheet in books[(name, year)].worksheets:
        for row in sheet.iter_rows():
            for target in row:
                if isinstance(target.value, str) and target.value.startswith("="):
                    for function in NEWER_FUNCTIONS:
                        assert not re.search(rf"(?<![._A-Z]){re.escape(function)}\(", target.value), (sheet.title, target.coordinate)


def test_named_ranges_point_at_the_layout(books):
    book, layout = books[("salt-2018-19", "2018-19")], layout_of("salt-2018-19", "2018-19")
    assert book.defined_names["in_LTS001a_T1a"].attr_text == "'LTS001a'!$B$6:$H$16"
    sheet, row, columns = layout.measure_rows["2D"]
    assert book.defined_names["value_2D"].attr_text == f"'Measures'!$G${row}"
    assert "validation_status" in book.defined_names


def test_number_formats_follow_units(books):
    layout = layout_of("own-figures", "2024-25")
    sheet = books[("own-figures", "2024-25")][layout.tables["OWN"].table.sheet]
    place = layout.tables["OWN"]
    formats = {m.code: sheet.cell(row=place.first_row + i, column=place.columns["value"]).number_format
               for i, m in enumerate(place.table.measures)}
    assert formats["1B"] == "0.000" and formats["2B"] == "0.0"  # an index to 3 places, a rate to 1
    salt = books[("salt-2018-19", "2018-19")]["LTS001a"]
    assert salt["B6"].number_format == "#,##0"


def _build_tool():
    spec = importlib.util.spec_from_file_location("build_templates", ROOT / "tools" / "build_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_workbook_template_copies_are_current():
    """A copy made from an older declaration fails here: rebuild with python tools/build_templates.py."""
    tool = _build_tool()
    assert {name for name, _ in tool.COPIES} == set(template_names())
    problems = [p for p in (tool.stale(name, year) for name, year in tool.COPIES) if p]
    assert not problems, "; ".join(problems) + ": run python tools/build_templates.py"


def test_a_changed_declaration_makes_a_copy_stale(tmp_path, monkeypatch):
    tool = _build_tool()
    monkeypatch.setattr(tool, "FOLDER", tmp_path)
    book = openpyxl.load_workbook(ROOT / "workbook_templates" / "option-two-2019-20.xlsx")
    book[META_SHEET]["B4"] = "0000000000000000"  # the fingerprint of some other declaration
    for prop in book.custom_doc_props:
        if prop.name == "ascof_xl_fingerprint":
            prop.value = "0000000000000000"
    book.save(tmp_path / "option-two-2019-20.xlsx")
    assert "earlier declaration" in tool.stale("option-two", "2019-20")
    assert "missing" in tool.stale("salt-2018-19", "2018-19")


def test_template_command_writes_a_workbook(tmp_path, capsys):
    target = tmp_path / "salt.xlsx"
    assert main(["template", "salt-2018-19", "-o", str(target)]) == 0
    assert "salt-2018-19" in capsys.readouterr().out
    assert read_metadata(openpyxl.load_workbook(target))["kind"] == "salt-2018-19"
    assert not list(tmp_path.glob("*.part"))


def test_template_command_refuses_a_year_the_template_does_not_serve(tmp_path, capsys):
    assert main(["template", "salt-2018-19", "--year", "2019-20", "-o", str(tmp_path / "x.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "2018-19" in err and not (tmp_path / "x.xlsx").exists()


def test_template_command_refuses_an_unknown_template(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["template", "salt-2030", "-o", str(tmp_path / "x.xlsx")])
    assert stopped.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_benchmark_sheet_is_rewritten_by_the_refresh_function(store):
    year = "2020-21"
    book = build_workbook("benchmark", year)
    rows = [{"year": year, "code": "1A", "title": "t", "polarity": "higher", "unit": "mean score", "decimals": 1,
             "england": 19.1, "p25": 18.5, "median": 19.0, "p75": 19.6, "mean": 19.0, "sd": 0.5, "n": 150,
             "lowest": 17.0, "highest": 21.0}]
    write_benchmark_sheet(book, rows, year)
    sheet = book[BENCHMARK_SHEET]
    assert [c.value for c in sheet[6]][:3] == [year, "1A", "t"]
    assert sheet["B7"].value is None  # the rows of the earlier fill are cleared
    assert benchmark_table(rows)[0][:3] == ["Year", "Code", "Measure"] and sheet["A5"].value == "Year"


def test_findings_are_written_below_the_rules_and_replaced_on_a_second_run(books):
    book = books[("option-two", "2019-20")]
    layout = layout_of("option-two", "2019-20")
    last_rule = HEADER_ROW + len(checks_of(layout))
    finding = Finding("9.entry", "error", Location(sheet="Option Two", cell="E10"), "9: the denominator is blank")
    write_findings(book, [finding, replace(finding, location=Location(sheet="Option Two", cell="E11"))])
    write_findings(book, [finding])
    sheet = book[VALIDATION_SHEET]
    assert sheet.cell(row=last_rule + 3, column=1).value == FINDINGS_TITLE
    assert sheet.cell(row=last_rule + 5, column=2).value == "FAIL"
    assert sheet.cell(row=last_rule + 6, column=1).value is None  # the first run's second finding is gone


PLACEHOLDERS = ("Lost in the extraction", "unlettered", "?]", "unspecified", "placeholder")


@pytest.mark.parametrize("name,year", EVERY)
def test_no_internal_placeholder_reaches_a_user(books, name, year):
    for sheet in books[(name, year)].worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str) and not value.startswith("="):
                    assert not any(mark in value for mark in PLACEHOLDERS), (sheet.title, value)


def test_option_two_says_plainly_what_the_source_report_lost():
    texts = [v for row in _build("option-two", "2019-20")["Option Two"].iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert "Assumption: not legible in the source report" in texts
    assert any(t.startswith("Outcomes sought: More people will be able") for t in texts)  # no "(unlettered §1)"
    assert "[not legible in the source report] for by a service" in " ".join(texts)  # was "[paid?]"


@pytest.mark.parametrize("name,year", EVERY)
def test_every_sheet_prints_legibly_on_a4(books, name, year):
    """A4 landscape, header rows repeated, and never more columns on a page than print at a legible scale."""
    from ascof_xl.templates.styles import PAGE_WIDTH, SHRINK, _width

    for sheet in books[(name, year)].worksheets:
        if sheet.title == META_SHEET or not sheet.print_area:
            continue
        setup = sheet.page_setup
        assert int(setup.paperSize) == int(sheet.PAPERSIZE_A4) and setup.orientation == "landscape", sheet.title
        assert sheet.print_title_rows, sheet.title
        last = openpyxl.utils.cell.range_boundaries(sheet.print_area.split("!")[-1].replace("$", ""))[2]
        width = sum(_width(sheet, c) for c in range(1, last + 1))
        assert width / int(setup.fitToWidth) <= PAGE_WIDTH * SHRINK, (sheet.title, width, setup.fitToWidth)
    if name == "ascs-return":  # 35 answer columns and more worked out: several pages wide, serial numbers on each
        records = books[(name, year)]["Service User Data"]
        assert int(records.page_setup.fitToWidth) >= 2 and records.print_title_cols == "$A:$A"


@pytest.mark.parametrize("name,year", EVERY)
def test_inputs_are_marked_without_colour(books, name, year):
    """A thick border (and, on measure tables, "(enter)" in the header) tells an input cell from a worked-out one."""
    from ascof_xl import palette

    book, layout = books[(name, year)], layout_of(name, year)
    for place in layout.tables.values():
        if not place.input_columns or place.table.kind == "records":
            continue
        sheet = book[place.table.sheet]
        target = sheet.cell(row=place.first_row, column=place.input_columns[0])
        assert target.border.left.style == "medium" and target.fill.fgColor.rgb.endswith(palette.INPUT_FILL)
        if place.table.kind == "measures":
            assert sheet.cell(row=place.header_row, column=place.columns["numerator"]).value.endswith("(enter)")
        if place.table.kind == "grid" and place.total_column:
            assert sheet.cell(row=place.first_row, column=place.total_column).border.left.style == "thin"


def test_bands_use_the_palette_with_the_word_in_the_cell(books):
    from ascof_xl import palette

    sheet = books[("own-figures", "2024-25")]["Own figures"]
    fills = {rule.formula[0].split('"')[1]: rule.dxf.fill.fgColor.rgb[-6:] for cf in sheet.conditional_formatting for rule in cf.rules}
    assert fills == palette.BAND_COLOURS


def test_every_check_kind_is_in_the_one_registry():
    """Each kind a template or a declared rule can name has its Excel test and its Python evaluation in kinds.KINDS."""
    from ascof_xl.templates.declaration import RULE_KINDS
    from ascof_xl.templates.kinds import KINDS

    used = {check.kind for name, year in EVERY for check in checks_of(layout_of(name, year))}
    assert used | set(RULE_KINDS) <= set(KINDS)
    assert all(callable(kind.formula) and callable(kind.evaluate) for kind in KINDS.values())


SERVED = [(name, year) for name in template_names() for year in (template_years(name) or (default_year(name),))]


@pytest.mark.parametrize("name,year", SERVED)
def test_every_sheet_is_titled_in_a1_visible_and_unmerged(name, year):
    """The GSS guidance "Releasing statistics in spreadsheets", for every template in every year it serves: no merged
    cell anywhere (a screen reader and a sort both trip on one), the sheet's title in A1, no sheet hidden from a user
    (the generator's own record, _ascof, is the one sheet kept out of sight)."""
    book = _build(name, year)
    for sheet in book.worksheets:
        assert not sheet.merged_cells.ranges, (sheet.title, [str(r) for r in sheet.merged_cells.ranges])
        if sheet.title == META_SHEET:
            continue
        assert sheet.sheet_state == "visible", sheet.title
        title = sheet["A1"]  # a heading in words, at least as long as the tab's name, set large and bold
        assert isinstance(title.value, str) and len(title.value) >= len(sheet.title), (sheet.title, title.value)
        assert title.font.b and title.font.sz >= 14 and not title.value.startswith("="), (sheet.title, title.value)


def test_option_two_preamble_lines_stay_inside_the_printed_columns():
    """Option Two's long passages are one printed line a row, each short enough for columns A:G; none is lost."""
    book, layout = _build("option-two", "2019-20"), layout_of("option-two", "2019-20")
    sheet = book["Option Two"]
    for place in layout.tables.values():
        last = place.header_row if place.table.kind == "text" else place.header_row - 1  # a text block has no header
        written = [sheet.cell(row=row, column=1).value for row in range(place.top + 1, last + 1)]
        assert " ".join(written).split() == " ".join(place.table.preamble).split()  # every word, in order, no gap
        span = sum(sheet.column_dimensions[letter].width for letter in "ABCDEFG")
        assert all(len(line) <= 1.1 * span for line in written), span  # about 1.1 italic letters a unit of width
        assert all(not sheet.cell(row=place.top + offset, column=column).value
                   for offset in range(1, len(written) + 1) for column in range(2, 8))  # it runs across empty cells
        assert all(sheet.cell(row=place.top + offset, column=1).alignment.wrap_text is not True
                   for offset in range(1, len(written) + 1))  # one printed line a row


def test_the_users_survey_return_leaves_1j_out_before_its_coefficients():
    """NHS Digital's 1J coefficients start in 2016-17: an earlier return is still made, without 1J (as the survey
    command leaves it out), rather than the template command failing for a year it says it serves."""
    assert "1J" not in [m.code for m in load_declaration("ascs-return", "2015-16").measures]
    assert "1J" in [m.code for m in load_declaration("ascs-return", "2016-17").measures]


def test_a_template_rounds_each_measure_as_its_year_was_published():
    """2D1 was published to one decimal in 2023-24 and to two for councils in 2024-25 (1 of 3: 33.3 and 33.33);
    1H to whole percentages in 2022-23."""
    from fractions import Fraction

    from ascof_xl.templates.declaration import load_declaration
    from ascof_xl.templates.returned_figures import measure_value

    def value(year: str, code: str) -> str:
        measure = next(m for m in load_declaration("own-figures", year).all_measures() if m.code == code)
        return str(measure_value(measure, Fraction(1), Fraction(3), year))

    assert value("2023-24", "2D1") == "33.3" and value("2024-25", "2D1") == "33.33"
    assert value("2022-23", "1H") == "33"


@pytest.mark.parametrize(("year", "code", "decimals"), [
    # As published: 2D1 to one decimal in 2023-24 (NHS England's SALT measure), two for councils in
    # 2024-25 (Rotherham 61.72); 1F and 1H whole numbers in 2018-19; 1A one decimal throughout.
    ("2023-24", "2D1", 1), ("2024-25", "2D1", 2), ("2018-19", "1F", 0), ("2018-19", "1H", 0), ("2018-19", "1A", 1),
])
def test_benchmark_rows_give_each_measure_its_years_published_decimals(year, code, decimals):
    rows = {row["code"]: row for row in benchmark_rows(year)}
    assert rows[code]["decimals"] == decimals
