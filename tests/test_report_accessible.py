"""The briefing workbook is accessible by construction, after the GSS guidance "Releasing statistics in
spreadsheets", each point checked on the built workbook (Rotherham 2018-19 with neighbours, and 2024-25,
a year with no carers' survey): a contents sheet first, each sheet's title in A1, no merged cells,
tables marked up with header rows and no blank rows, no hidden sheets, alt text on every chart, chart
colours at 3 : 1 on white from the one palette, and one wording for bands."""

from __future__ import annotations

import re
import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from ascof_xl import palette
from ascof_xl.report import build_report
from ascof_xl.report import styles

CASES = {"rotherham-2018-19": dict(council="Rotherham", year="2018-19"),
         "rotherham-2024-25": dict(council="Rotherham", year="2024-25")}


@pytest.fixture(scope="module", params=sorted(CASES))
def built(request, tmp_path_factory, shared_data):
    given = dict(CASES[request.param])
    if request.param.endswith("2018-19"):
        given["neighbours"] = shared_data / "reference" / "oflog_nearest_neighbours.json"
    path = tmp_path_factory.mktemp("accessible") / f"{request.param}.xlsx"
    result = build_report(output=path, **given)
    return result["briefing"], load_workbook(path), path


def test_a_contents_sheet_comes_first_and_links_every_other_sheet(built):
    _, book, _ = built
    contents = book.worksheets[0]
    assert contents.title == "Contents"
    links = {cell.value: cell.hyperlink.location or cell.hyperlink.target
             for row in contents.iter_rows() for cell in row if cell.hyperlink}
    assert set(links) == set(book.sheetnames[1:])
    assert all(f"'{name}'!A1" in str(target) for name, target in links.items())


def test_every_sheet_has_its_title_in_a1_and_none_is_hidden_or_merged(built):
    briefing, book, _ = built
    for sheet in book.worksheets:
        assert isinstance(sheet["A1"].value, str) and len(sheet["A1"].value) > 10, sheet.title
        assert sheet.sheet_state == "visible", sheet.title
        assert not sheet.merged_cells.ranges, sheet.title
    assert briefing["council"]["name"] in book["Summary"]["A1"].value


def test_tables_have_unique_header_rows_and_no_blank_rows(built):
    _, book, _ = built
    found = 0
    for sheet in book.worksheets:
        for table in sheet.tables.values():
            found += 1
            assert table.headerRowCount in (None, 1), table.name
            first_column, first_row, last_column, last_row = range_boundaries(table.ref)
            header = [sheet.cell(first_row, c).value for c in range(first_column, last_column + 1)]
            assert all(isinstance(h, str) and h.strip() for h in header), (table.name, header)
            assert len(set(header)) == len(header), table.name
            for row in range(first_row + 1, last_row + 1):
                values = [sheet.cell(row, c).value for c in range(first_column, last_column + 1)]
                assert any(v not in (None, "") for v in values), (table.name, row)
    assert found >= 6  # contents, profiles, measures, series, chart data, definitions


def test_chart_data_is_visible_and_labelled_beside_each_chart(built):
    _, book, _ = built
    charts = book["Charts"]
    data_tables = [t for t in charts.tables.values() if t.name.startswith("Chart_")]
    assert len(data_tables) == len(charts._charts)
    for table in data_tables:
        first_column, first_row, _, _ = range_boundaries(table.ref)
        label = charts.cell(first_row - 1, first_column).value
        assert str(label).startswith("Chart data, ")


def test_every_chart_has_alt_text_its_own_title_and_palette_colours(built):
    _, _, path = built
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        charts = [archive.read(n).decode() for n in names if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        drawings = "".join(archive.read(n).decode() for n in names if re.fullmatch(r"xl/drawings/drawing\d+\.xml", n))
    assert charts
    assert len(re.findall(r'<(?:xdr:)?cNvPr [^>]*descr="Spine chart[^"]+"', drawings)) == len(charts)
    for xml in charts:
        assert re.search(r"<(c:)?title>", xml) and re.search(r"<(c:)?legend>", xml)
        fills = set(re.findall(r'<a:solidFill><a:srgbClr val="([0-9A-F]{6})"', xml))
        bands = fills - {palette.COUNCIL_MARK, palette.WHITE}  # the mark, outlined in white
        assert bands <= set(palette.BAND_COLOURS.values()), bands
        assert all(palette.contrast_ratio(colour, palette.WHITE) >= 3.0 for colour in bands)


def test_band_colours_come_from_the_one_palette_and_reach_3_to_1():
    assert not hasattr(styles, "BAND_COLOURS") or styles.BAND_COLOURS is palette.BAND_COLOURS
    assert {band: fill.fgColor.rgb[-6:] for band, fill in styles.BAND_FILLS.items()} == palette.BAND_COLOURS
    luminance = sorted(palette.relative_luminance(c) for c in palette.BAND_COLOURS.values())
    assert all(b - a > 0.03 for a, b in zip(luminance, luminance[1:]))  # apart in lightness, not hue alone
    for band, colour in palette.BAND_COLOURS.items():
        assert palette.contrast_ratio(colour, palette.WHITE) >= 3.0
        assert palette.contrast_ratio(colour, palette.BAND_TEXT[band]) >= 4.5


def test_one_wording_for_bands_everywhere(built):
    _, book, _ = built
    text = "\n".join(str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                     for c in row if isinstance(c, str))
    assert not re.search(r"\b(upper|lower) mid\b", text, re.IGNORECASE)
    assert not re.search(r"\b(upper|lower) middle\b", text, re.IGNORECASE)
    assert "upper-middle" in text


def test_a_year_without_a_carers_survey_shows_one_table_per_group_and_says_why(built):
    briefing, book, _ = built
    summary = book["Summary"]
    profiles = [t for t in summary.tables.values() if t.name.startswith("Profile_")]
    assert len(profiles) == len(briefing["profiles"])
    carers = any(m["survey"] == "carers" and m["value"] is not None for m in briefing["measures"])
    rows = [row for row in summary.iter_rows(values_only=True) if row[0] == briefing["year"]]
    text = "\n".join(str(c) for row in summary.iter_rows(values_only=True) for c in row if c)
    if carers:
        assert len(rows) == 2 * len(profiles)  # with and without the carers' measures
    else:
        assert len(rows) == len(profiles)
        assert f"There was no carers' survey in {briefing['year']}" in text
