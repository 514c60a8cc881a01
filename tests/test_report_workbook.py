"""The briefing workbook, written and read back: Summary in the briefing's form, the Measures table,
native charts with alt text, Notes with the licence; written atomically and never over an input."""

from __future__ import annotations

import re
import zipfile

import pytest
from openpyxl import load_workbook

from ascof_xl.cli import main
from ascof_xl.errors import AscofError
from ascof_xl.published.bundled import ATTRIBUTION
from ascof_xl.report import build_report

YEAR = "2018-19"
BAND_WORDS = {"top", "upper-middle", "lower-middle", "bottom"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Rotherham's 2018-19 briefing on the bundled data, and the workbook read back."""
    path = tmp_path_factory.mktemp("report") / "rotherham.xlsx"
    result = build_report("Rotherham", path, year=YEAR)
    return result, load_workbook(path), path


def rows_of(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def counts_after(sheet, label: str) -> list[list]:
    """The four band counts on each profile row whose first cell is `label` (a year, or "Change")."""
    return [row[2:6] for row in rows_of(sheet) if row[0] == label]


def text_of(sheet) -> str:
    return "\n".join(str(c) for row in rows_of(sheet) for c in row if c is not None)


def test_sheets_in_order_all_visible(built):
    _, book, _ = built
    assert book.sheetnames == ["Contents", "Summary", "Measures", "Series", "Charts", "Notes"]
    assert all(book[name].sheet_state == "visible" for name in book.sheetnames)


def test_summary_holds_the_seed_briefings_table(built):
    _, book, _ = built
    summary = book["Summary"]
    found = counts_after(summary, YEAR)
    assert found[0] == [7, 10, 8, 4]  # against England, with the carers' survey measures
    assert found[1] == [4, 8, 8, 4]  # without
    changes = counts_after(summary, "Change")
    assert changes[0] == [5, 2, -4, 2]  # as tests/test_series.py works out; the seed has 5, 1, -3, 2 on its data
    assert sum(changes[1]) == 0
    text = text_of(summary)
    assert text.index("Headline") < text.index("Quartile profile")  # the story first
    assert "Bottom quartile against both England and the region (Yorkshire and The Humber)" in text
    assert "--neighbours" not in text and "Barnsley" not in text  # how-to text lives in Notes, in words
    assert summary.print_area and summary.page_setup.orientation == "portrait"


def test_how_to_add_neighbours_is_in_notes_in_words(built):
    _, book, _ = built
    notes = text_of(book["Notes"])
    assert "No statistical neighbours were given" in notes and "neighbours file" in notes
    assert "--" not in notes and "ascof-xl report" not in notes and "Barnsley" not in notes


def test_measures_sheet_is_a_real_excel_table(built):
    result, book, _ = built
    sheet = book["Measures"]
    table = sheet.tables["Measures"]
    n = len(result["briefing"]["measures"])
    header = [c.value for c in sheet[3]]
    assert sheet["A1"].value == f"Every measure: Rotherham, ASCOF {YEAR}"
    assert table.ref == f"A3:{sheet.cell(3, len(header)).column_letter}{n + 3}"
    assert header[:2] == ["Code", "Title"] and len(set(header)) == len(header) and None not in header
    assert table.headerRowCount in (None, 1) and table.autoFilter is not None
    assert sheet.freeze_panes == "C4"
    assert "$3:$3" in sheet.print_title_rows
    assert sheet.print_area


def test_numbers_carry_their_units_format_and_bands_their_word(built):
    _, book, _ = built
    sheet = book["Measures"]
    header = [c.value for c in sheet[3]]
    by_code = {row[0].value: row for row in sheet.iter_rows(min_row=4)}
    value = header.index(f"Value {YEAR}")
    assert by_code["1C1A"][value].number_format == '0.0"%"'
    assert by_code["2A1"][value].number_format == "#,##0.0"
    assert by_code["1J"][value].number_format == "0.000"
    assert by_code["1H"][value].value == 51.0  # the seed: 80% - 70% - 51%
    filled = [c for row in sheet.iter_rows(min_row=4) for c in row if c.fill.fgColor.rgb not in (None, "00000000")]
    assert filled and all(c.value in BAND_WORDS for c in filled)  # no colour without its word
    band = header.index("England band")
    assert {row[band].value for row in by_code.values()} <= BAND_WORDS | {"not banded"}


def test_one_native_spine_chart_per_domain_each_with_alt_text(built):
    result, _, path = built
    with zipfile.ZipFile(path) as archive:
        charts = sorted(n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        drawings = [archive.read(n).decode() for n in archive.namelist() if re.fullmatch(r"xl/drawings/drawing\d+\.xml", n)]
        chart_xml = [archive.read(n).decode() for n in charts]
    assert len(charts) == 4  # domains 1 to 4
    assert all('barDir val="bar"' in x and 'grouping val="stacked"' in x for x in chart_xml)
    descriptions = re.findall(r'<cNvPr [^>]*descr="([^"]+)"', "".join(drawings))
    assert len(descriptions) == 4
    domain_two = [m["code"] for m in result["briefing"]["measures"] if m["area"] == "2"]
    described = next(d for d in descriptions if "domain 2" in d)
    assert described.startswith("Spine chart") and all(f"{code} " in described for code in domain_two)
    assert "bottom quartile" in described  # the band in words, not only in colour


def test_notes_give_method_breaks_definitions_and_the_contents_the_licence(built):
    _, book, _ = built
    text = text_of(book["Notes"])
    assert "QUARTILE.INC" in text and "better band" in text and "99.8%" in text
    assert "Series breaks" in text
    assert "Definitions" in book["Notes"].tables
    assert "Respondents who answered all eight items" in text  # 1A's denominator from the catalogue
    assert "2B2: the published counts are rounded to the nearest 5" in text  # HES denominator, 2018-19
    assert ATTRIBUTION in " ".join(text_of(book["Contents"]).split())  # a paragraph runs one line a row


def test_output_never_overwrites_an_input(tmp_path, shared_data):
    data = shared_data / "ascof" / "ascof-outcomes-2017-18-to-2023-24.csv"
    with pytest.raises(AscofError, match="ending in .xlsx"):
        build_report("Rotherham", data, year=YEAR, data=[data])
    copied = tmp_path / "input.xlsx"
    copied.write_bytes(b"not really")
    with pytest.raises(AscofError, match="would write over the input"):
        build_report("Rotherham", copied, year=YEAR, data=[copied])
    neighbours = tmp_path / "out.pdf"
    neighbours.write_text("{}")
    with pytest.raises(AscofError, match="would write over the input"):
        build_report("Rotherham", tmp_path / "out.xlsx", year=YEAR, neighbours=neighbours, pdf=True)
    assert copied.read_bytes() == b"not really" and neighbours.read_text() == "{}"
    with pytest.raises(AscofError, match="does not exist"):
        build_report("Rotherham", tmp_path / "no-folder" / "out.xlsx", year=YEAR)


def test_written_atomically_leaving_nothing_behind(tmp_path):
    path = tmp_path / "briefing.xlsx"
    path.write_bytes(b"an older briefing")
    with pytest.raises(AscofError, match="unknown council"):
        build_report("Nowhereshire", path, year=YEAR)
    assert path.read_bytes() == b"an older briefing"  # a failed run leaves the old file alone
    build_report("Rotherham", path, year=YEAR)
    assert load_workbook(path).sheetnames[0] == "Contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing.xlsx"]  # no temporary file left


def test_shared_outcomes_file_gives_the_seed_profile(tmp_path, shared_data):
    data = shared_data / "ascof" / "ascof-outcomes-2017-18-to-2023-24.csv"
    path = tmp_path / "rotherham.xlsx"
    build_report("Rotherham", path, year=YEAR, data=str(data))  # one file as a plain string, as a macro passes it
    summary = load_workbook(path)["Summary"]
    found = counts_after(summary, YEAR)
    assert found[:2] == [[7, 10, 8, 4], [4, 8, 8, 4]]
    changes = [row for row in rows_of(summary) if row[0] == "Change"]
    assert changes and all("not available (2017-18 is not loaded" in str(row[1]) for row in changes)


def test_command_line(tmp_path, capsys):
    path = tmp_path / "rotherham-briefing.xlsx"
    assert main(["report", "--council", "Rotherham", "--year", YEAR, "-o", str(path)]) == 0
    out = capsys.readouterr().out
    assert "top 7, upper-middle 10, lower-middle 8, bottom 4" in out and str(path) in out
    assert main(["report", "--council", "Nowhereshire", "-o", str(tmp_path / "x.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ascof-xl: error: unknown council 'Nowhereshire'") and err.count("\n") == 1
    assert not (tmp_path / "x.xlsx").exists()


def test_a_small_neighbours_group_is_flagged_and_its_median_named(tmp_path):
    neighbours = tmp_path / "neighbours.json"
    neighbours.write_text('{"Rotherham": ["Barnsley", "Doncaster"]}')
    path = tmp_path / "rotherham.xlsx"
    build_report("Rotherham", path, year=YEAR, neighbours=neighbours)
    book = load_workbook(path)
    header = [c.value for c in book["Measures"][3]]
    assert "Neighbours median" in header and "England value" in header and "Region value" in header
    summary = "\n".join(str(c) for row in rows_of(book["Summary"]) for c in row if c)
    assert "holds only 3 council(s), too few for quartiles" in summary
    notes = "\n".join(str(c) for row in rows_of(book["Notes"]) for c in row if c)
    assert "the median of its councils. The group" in notes


def test_series_sheet_shows_each_measure_over_the_years_against_england(built):
    result, book, _ = built
    sheet = book["Series"]
    table = sheet.tables["Series"]
    header_row = int(re.match(r"A(\d+)", table.ref).group(1))
    header = [c.value for c in sheet[header_row]]
    assert header[:2] == ["Code", "Values of"] and header[-1] == "Series breaks and years set apart"
    rows = {(row[0], row[1]): row for row in sheet.iter_rows(min_row=header_row + 1, values_only=True)}
    rotherham = dict(zip(header, rows[("1H", "Rotherham")]))
    assert (rotherham["2017-18"], rotherham[YEAR]) == (70.0, 51.0)  # the seed: 70% to 51%
    england = dict(zip(header, rows[("1H", "England")]))
    measures = book["Measures"]
    by_code = {row[0]: row for row in measures.iter_rows(min_row=4, values_only=True)}
    england_column = [c.value for c in measures[3]].index("England value")
    assert england[YEAR] == by_code["1H"][england_column]  # the same England value as the Measures sheet
    assert len(rows) == 2 * len(result["briefing"]["measures"])  # two rows a measure, the code on both


def test_a_break_in_series_is_marked_by_a_rule_and_in_words(tmp_path):
    path = tmp_path / "rotherham-2024-25.xlsx"
    result = build_report("Rotherham", path, year="2024-25")
    broken = [m for m in result["briefing"]["measures"] if any(p.break_note for p in m["series"])]
    assert broken  # the publication records breaks in 2024-25 (Client Level Data)
    sheet = load_workbook(path)["Series"]
    header_row = int(re.match(r"A(\d+)", sheet.tables["Series"].ref).group(1))
    header = [c.value for c in sheet[header_row]]
    for measure in broken:
        year = next(p.year for p in measure["series"] if p.break_note)
        row = next(r for r in sheet.iter_rows(min_row=header_row + 1) if r[0].value == measure["code"])
        assert row[header.index(year)].border.left.style == "thick"
        assert f"break in {year}" in row[-1].value
