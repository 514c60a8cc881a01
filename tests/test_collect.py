"""A region's collection: real published 2024-25 counts of the North East's councils filled into own-figures
returns, collected, and every rank and band checked against QUARTILE.INC worked out here; duplicate,
conflicting, invalid and unreadable returns; the anonymised copy searched for every other council."""

from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
import zipfile
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest

from ascof_xl.cli import main
from ascof_xl.collect import collect
from ascof_xl.collect.anonymise import anonymised, label
from ascof_xl.collect.compare import national_placer
from ascof_xl.collect.fill import write_return
from ascof_xl.councils import load_councils

YEAR = "2024-25"
REGION = "North East"
# Measures whose published numerator and denominator the 2024-25 file holds for every council (4B left out:
# one North East council's published 4B numerator is above its denominator, which the template refuses).
MEASURES = {"2A": ("higher", 1, 100), "2B": ("lower", 1, 100_000), "2C": ("lower", 1, 100_000),
            "2D1": ("higher", 2, 100), "2E1": ("higher", 1, 100), "2E2A": ("higher", 1, 100),
            "3D1A": ("higher", 1, 100), "6B": ("higher", 1, 100)}
BETTER = ("top", "upper-middle", "lower-middle", "bottom")


def region_councils():
    return [c for c in load_councils() if c.region.startswith(REGION) and c.existed_in(YEAR)]


def published_counts(store, council) -> dict[str, tuple[float, float]]:
    return {code: (store.value(YEAR, council.ons_code, code, "Numerator"), store.value(YEAR, council.ons_code, code, "Denominator"))
            for code in MEASURES}


@pytest.fixture(scope="module")
def returns(tmp_path_factory, store):
    """One return per North East council, filled with its published 2024-25 counts."""
    folder = tmp_path_factory.mktemp("returns")
    paths = {}
    for council in region_councils():
        counts = published_counts(store, council)
        assert all(n is not None and d for n, d in counts.values()), council.name
        paths[council.ons_code] = write_return(folder / f"{council.name} ASCOF return.xlsx", council.ons_code, counts,
                                               YEAR, preparer=f"Officer of {council.name}", prepared=date(2025, 7, 15))
    return paths


@pytest.fixture(scope="module")
def collection(returns):
    return collect(list(returns.values()))


# --- the test's own arithmetic: rounding, QUARTILE.INC, band and rank by polarity ---

def rounded(numerator: float, denominator: float, multiplier: int, decimals: int) -> float:
    exact = Decimal(str(numerator)) * multiplier / Decimal(str(denominator))
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def quartile_inc(values: list[float], q: float) -> float:
    ordered = sorted(values)
    h = (len(ordered) - 1) * q
    low = math.floor(h)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (h - low) * (ordered[high] - ordered[low])


def band(value: float, values: list[float], polarity: str) -> str:
    p25, p50, p75 = (quartile_inc(values, q) for q in (0.25, 0.5, 0.75))
    if polarity == "lower":
        return "top" if value <= p25 else "upper-middle" if value <= p50 else "lower-middle" if value <= p75 else "bottom"
    return "top" if value >= p75 else "upper-middle" if value >= p50 else "lower-middle" if value >= p25 else "bottom"


def rank_of(value: float, values: list[float], polarity: str) -> int:
    better = [v for v in values if (v < value if polarity == "lower" else v > value)]
    return len(better) + 1


def test_every_rank_and_band_is_quartile_inc_among_the_collected(collection, store):
    councils = region_councils()
    assert collection.year == YEAR and not collection.left_out and len(collection.returns) == len(councils)
    for code, (polarity, decimals, multiplier) in MEASURES.items():
        values = {c.ons_code: rounded(*published_counts(store, c)[code], multiplier, decimals) for c in councils}
        for council in councils:  # the template's value from counts is the published outcome
            assert values[council.ons_code] == pytest.approx(store.value(YEAR, council.ons_code, code), abs=10 ** -decimals)
        positions = [p for p in collection.positions if p.code == code]
        assert len(positions) == len(councils)
        for p in positions:
            value = values[p.council.ons_code]
            assert p.value == pytest.approx(value)
            assert p.n == len(councils)
            assert p.rank == rank_of(value, list(values.values()), polarity), (code, p.council.name)
            assert p.band == band(value, list(values.values()), polarity), (code, p.council.name)


def test_national_band_places_the_value_in_the_published_distribution(collection, store):
    """The value put in place of the council's own in the published 2024-25 distribution of all councils."""
    placed = [p for p in collection.positions if p.code in ("2A", "2C")]
    assert placed
    councils = {a.code for a in store.areas(YEAR, "council")}
    for p in placed:
        published = {area: value for area, (value, _) in store.cells(YEAR, p.code).items()
                     if value is not None and area in councils}
        published[p.council.ons_code] = p.value
        assert p.national_year == YEAR
        assert p.national_n == len(published)
        assert p.national_band == band(p.value, list(published.values()), p.polarity)
        assert p.national_rank == rank_of(p.value, list(published.values()), p.polarity)


def test_json_rows_and_exit_status(returns, capsys):
    assert main(["collect", *map(str, returns.values()), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert set(rows[0]) == {"council", "measure", "value", "rank", "n", "band", "national_band"}
    assert len(rows) == len(returns) * len(MEASURES)
    hartlepool = next(r for r in rows if r["council"] == "Hartlepool" and r["measure"] == "2A")
    assert hartlepool["n"] == len(returns) and hartlepool["band"] in BETTER


def test_workbook_is_labelled_provisional_accessible_and_carries_provenance(returns, collection, tmp_path):
    from ascof_xl.collect.workbook import write_collection

    path = write_collection(collection, tmp_path / "region.xlsx")
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        assert sheet.sheet_state == "visible"
        assert "provisional, not published" in sheet["A1"].value, sheet.title
        assert not sheet.merged_cells.ranges
        assert len(sheet.tables) == 1
    returns_sheet = book["Returns"]
    header = [c.value for c in returns_sheet[4]]
    rows = [dict(zip(header, (c.value for c in row))) for row in returns_sheet.iter_rows(min_row=5)]
    assert len(rows) == len(returns)
    for row in rows:
        path_in = returns[row["ONS code"]]
        assert row["File"] == path_in.name
        assert row["SHA-256 of the file"] == hashlib.sha256(path_in.read_bytes()).hexdigest()
        assert row["Prepared by"] == f"Officer of {row['Council']}"
        assert row["Date prepared"].date() == date(2025, 7, 15)


def test_an_invalid_return_is_left_out_and_listed_never_merged(returns, store, tmp_path):
    council = region_councils()[0]
    counts = published_counts(store, council) | {"2A": (500, 100)}  # numerator above denominator
    bad = write_return(tmp_path / "bad.xlsx", council.ons_code, counts, YEAR)
    others = [p for code, p in returns.items() if code != council.ons_code]
    result = collect([bad, *others])
    assert [Path(x.file).name for x in result.left_out] == ["bad.xlsx"]
    assert "2A" in result.left_out[0].reason and "numerator" in result.left_out[0].reason
    assert council.ons_code not in {p.council.ons_code for p in result.positions}
    assert all(p.n == len(others) for p in result.positions)


def test_unreadable_and_nameless_returns_are_left_out(returns, store, tmp_path):
    text = tmp_path / "notes.xlsx"
    text.write_text("council,2A\nHartlepool,80\n")
    nameless = write_return(tmp_path / "nameless.xlsx", "Hartlepool", {"2A": (80, 100)}, YEAR)
    book = openpyxl.load_workbook(nameless)
    book["Own figures"]["B4"] = None
    book.save(nameless)
    result = collect([text, nameless, *list(returns.values())[1:]])
    reasons = {Path(x.file).name: x.reason for x in result.left_out}
    assert "text file" in reasons["notes.xlsx"]
    assert "Own figures!B4" in reasons["nameless.xlsx"] and "no council" in reasons["nameless.xlsx"]


def test_the_same_file_twice_is_collected_once(returns, tmp_path):
    first = next(iter(returns.values()))
    copy = shutil.copy(first, tmp_path / "copy of return.xlsx")
    result = collect([*returns.values(), copy])
    assert len(result.returns) == len(returns)
    assert [Path(x.file).name for x in result.left_out] == ["copy of return.xlsx"]
    assert "same file" in result.left_out[0].reason and result.left_out[0].code == "collect.same_file"


def test_two_returns_for_one_council_are_refused_naming_both_unless_one_replaces_the_other(returns, store, tmp_path, capsys):
    council = region_councils()[1]
    counts = published_counts(store, council)
    corrected = write_return(tmp_path / "corrected.xlsx", council.ons_code, counts | {"2A": (1, 10)}, YEAR)
    others = [p for code, p in returns.items() if code != council.ons_code]
    original = returns[council.ons_code]
    result = collect([original, corrected, *others])
    refused = [x for x in result.left_out if x.council and x.council.ons_code == council.ons_code]
    assert len(refused) == 2 and {x.code for x in refused} == {"collect.two_returns"}
    assert refused[0].finding().severity == "error" and refused[0].finding().location.file == original.name
    assert all(original.name in x.reason and "corrected.xlsx" in x.reason for x in refused)
    assert council.ons_code not in {p.council.ons_code for p in result.positions}
    assert main(["collect", str(original), str(corrected), *map(str, others), "--format", "json"]) == 1
    err = capsys.readouterr().err
    assert f"ascof-xl: error: {original.name}: two or more returns" in err and "corrected.xlsx" in err

    replacing = write_return(tmp_path / "replacing.xlsx", council.ons_code, counts | {"2A": (1, 10)}, YEAR,
                             replaces=original.name)
    result = collect([original, replacing, *others])
    assert not result.left_out and [Path(x.file).name for x in result.replaced] == [original.name]
    mine = next(p for p in result.positions if p.council.ons_code == council.ons_code and p.code == "2A")
    assert mine.value == 10.0


def test_a_return_for_another_year_is_left_out(returns, tmp_path):
    old = write_return(tmp_path / "old.xlsx", "Hartlepool", {"2B1": (80, 100)}, "2020-21")
    result = collect([old, *list(returns.values())[1:]])
    assert result.year == YEAR
    assert "2020-21" in result.left_out[0].reason


def test_text_from_a_return_never_becomes_a_formula(store, tmp_path):
    from ascof_xl.collect.workbook import write_collection

    councils = region_councils()[:4]
    paths = [write_return(tmp_path / f"{c.cassr_code}.xlsx", c.ons_code, published_counts(store, c), YEAR,
                          preparer='=HYPERLINK("http://x","y")') for c in councils]
    target = write_collection(collect(paths, placer=lambda *a: None), tmp_path / "region.xlsx")
    sheet = openpyxl.load_workbook(target)["Returns"]
    assert all(sheet.cell(row=r, column=5).data_type == "s" for r in range(5, 9))


def xml_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def text_parts(path: Path) -> str:
    """Every piece of text in the workbook (shared and inline strings, properties): where a code typed as text would be."""
    with zipfile.ZipFile(path) as archive:
        xml = "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return "\n".join(re.findall(r"<(?:t|vt:lpwstr|dc:\w+|cp:\w+)[^>]*>([^<]*)<", xml))


def test_the_anonymised_copy_names_no_other_council(returns, collection, tmp_path, capsys):
    councils = region_councils()
    mine = councils[3]
    output = tmp_path / "region.xlsx"
    assert main(["collect", *map(str, returns.values()), "-o", str(output), "--anonymise", mine.name]) == 0
    copy = tmp_path / f"region for {mine.name}.xlsx"
    assert copy.exists()
    text = xml_text(copy)
    assert mine.name in text and mine.ons_code in text and mine.name in text_parts(copy)
    for other in councils:
        if other is mine:
            continue
        for word in (other.name, other.name.replace("&", "&amp;"), other.ons_code, f"Officer of {other.name}",
                     returns[other.ons_code].name, hashlib.sha256(returns[other.ons_code].read_bytes()).hexdigest()):
            assert word not in text, word
        assert not re.search(rf"\b{other.cassr_code}\b", text_parts(copy)), other.cassr_code
    # the same letter stands for the same council on every sheet
    book = openpyxl.load_workbook(copy)
    comparison = [[c.value for c in row] for row in book["Comparison"].iter_rows(min_row=5)]
    letters = {row[0] for row in comparison} - {mine.name}
    for code in MEASURES:  # rows in the letters' order, which tells nothing of the real names' order
        names = [row[0] for row in comparison if row[2] == code]
        assert names == sorted(names)
    assert letters == {label(i) for i in range(len(councils) - 1)}
    full = {(p.code, p.value, p.rank) for p in collection.positions}
    for code in MEASURES:
        shown = {(row[2], row[7], row[8]) for row in comparison if row[2] == code}
        assert shown == {x for x in full if x[0] == code}
    returns_sheet = {row[1].value for row in book["Returns"].iter_rows(min_row=5)}
    assert returns_sheet == letters | {mine.name}
    anonymous = anonymised(collection, mine.ons_code)
    by_letter = {p.council.name: p.value for p in anonymous.positions if p.code == "2A"}
    by_code = {p.council.ons_code: p.value for p in collection.positions if p.code == "2A"}
    assert sorted(by_letter.values()) == sorted(by_code.values())


def test_a_council_benchmarks_against_its_region_with_the_collection_as_data(returns, store, tmp_path, capsys):
    """profile --data REGION.xlsx --group collected: each band and rank among the region's returns, by QUARTILE.INC."""
    region = tmp_path / "region.xlsx"
    assert main(["collect", *map(str, returns.values()), "-o", str(region)]) == 0
    capsys.readouterr()
    mine = region_councils()[5]
    assert main(["profile", "--council", mine.name, "--data", str(region), "--group", "collected", "--format", "json"]) == 0
    profile = json.loads(capsys.readouterr().out)
    assert profile["year"] == YEAR and "provisional" in profile["group_label"]
    rows = {r["code"]: r for r in profile["measures"]}
    assert set(rows) == set(MEASURES)
    for code, (polarity, decimals, multiplier) in MEASURES.items():
        values = [rounded(*published_counts(store, c)[code], multiplier, decimals) for c in region_councils()]
        own = rounded(*published_counts(store, mine)[code], multiplier, decimals)
        assert rows[code]["value"] == pytest.approx(own)
        assert (rows[code]["band"], rows[code]["rank"], rows[code]["n"]) == (band(own, values, polarity),
                                                                              rank_of(own, values, polarity), len(values))


def test_worksheet_functions_read_the_collection(returns, collection, tmp_path):
    from ascof_xl.collect.workbook import write_collection
    from ascof_xl.excel import cache, functions

    region = write_collection(collection, tmp_path / "region.xlsx")
    try:
        cache.reload([region])
        mine = next(p for p in collection.positions if p.code == "2C" and p.council.name == "Gateshead")
        row = functions.ascof_benchmark("Gateshead", "2C", YEAR, "collected")[0]
        assert row[:4] == [mine.value, mine.band, mine.rank, mine.n]
        assert functions.ascof_quartile("2C", mine.value, "collected", YEAR) == mine.band
    finally:
        cache.reload()


def test_the_template_names_its_council_year_preparer_date_and_what_it_replaces(tmp_path):
    from ascof_xl.templates.generate import build_workbook
    from ascof_xl.templates.validate import validate_workbook

    sheet = build_workbook("own-figures", YEAR)["Own figures"]
    assert [sheet.cell(row=r, column=1).value for r in range(4, 10)] == ["Council", "Figures for", "Compared with",
                                                                        "Prepared by", "Date prepared", "Replaces"]
    assert sheet["B6"].value == YEAR and sheet["B6"].protection.locked
    assert all(sheet[f"B{r}"].protection.locked is False for r in (4, 5, 7, 8, 9))
    path = write_return(tmp_path / "r.xlsx", "Hartlepool", {"2A": (80, 100)}, YEAR)
    book = openpyxl.load_workbook(path)
    book["Own figures"]["B4"] = "Atlantis"
    book["Own figures"]["B8"] = "last Tuesday"
    book.save(path)
    found = {f.code: f for f in validate_workbook(path)}
    assert found["identity.council"].severity == "error" and found["identity.council"].location.cell == "B4"
    assert "Atlantis" in found["identity.council"].message
    assert found["identity.prepared"].severity == "warning" and "last Tuesday" in found["identity.prepared"].message
    book["Own figures"]["B4"] = 111  # a CASSR code typed as a number still names Hartlepool
    book["Own figures"]["B8"] = None
    book.save(path)
    assert not [f for f in validate_workbook(path) if f.code.startswith("identity")]
    assert collect([path], placer=lambda *a: None).returns[0].council.name == "Hartlepool"


def test_a_file_far_larger_than_a_return_is_not_opened(returns, tmp_path, monkeypatch):
    from ascof_xl.collect import returns as reading

    big = tmp_path / "big.xlsx"
    big.write_bytes(b"PK" + b"\0" * 2048)
    monkeypatch.setattr(reading, "MAX_BYTES", 1024)
    left = reading.read_return(big)
    assert "far larger than a return" in left.reason


def test_the_anonymised_copy_counts_the_returns_left_out_without_naming_them(returns, store, tmp_path):
    from ascof_xl.collect.workbook import build_workbook

    council = region_councils()[0]
    bad = write_return(tmp_path / "bad.xlsx", council.ons_code, published_counts(store, council) | {"2A": (500, 100)}, YEAR)
    mine = region_councils()[2]
    others = [p for code, p in returns.items() if code != council.ons_code]
    shared = anonymised(collect([bad, *others], placer=lambda *a: None), mine.name)
    sheet = build_workbook(shared)["Left out"]
    row = [c.value for c in sheet[5]]
    assert row[2] == "not listed" and row[4].startswith("1 return(s) left out or replaced are not listed")
    assert sheet.oddHeader.center.text == "Provisional, not published"
    assert not any(council.name in str(c.value) or "bad.xlsx" in str(c.value) for r in sheet.iter_rows() for c in r)


def test_a_return_for_another_period_is_left_out_and_the_period_heads_the_workbook(store, tmp_path):
    from ascof_xl.collect.workbook import build_workbook

    councils = region_councils()[:4]
    periods = ["12 months to 30/06/2025"] * 3 + ["2024-25"]
    paths = [write_return(tmp_path / f"{c.name}.xlsx", c.ons_code, published_counts(store, c), YEAR, period=p)
             for c, p in zip(councils, periods)]
    result = collect(paths, placer=lambda *a: None)
    assert result.period == "12 months to 30/06/2025" and len(result.returns) == 3
    assert [x.code for x in result.left_out] == ["collect.other_period"]
    assert "2024-25" in result.left_out[0].reason and councils[3].name in result.left_out[0].reason
    book = build_workbook(result)
    assert book["Comparison"]["A1"].value.startswith(
        "Provisional ASCOF 12 months to 30/06/2025 (compared with 2024-25 published): 3 councils")
    header = [c.value for c in book["Returns"][4]]
    assert [r[header.index("Figures for")] for r in book["Returns"].iter_rows(min_row=5, values_only=True)] == periods[:3]
