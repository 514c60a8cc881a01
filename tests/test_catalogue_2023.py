"""The revised catalogue (ascof-2023-24) against DHSC's own time-series workbook.

The expected codes, old codes, breaks and start years are read at test time from the `Contents`
and `Comparability_over_time_log` sheets of the DHSC ODS in ../shared/data/ascof (provenance in
its README), never from the package. The workbook's two known slips are named where they are
handled: Contents gives 3D(2a)'s old code as 1C(1b) (the log says 1C(2A)), and the log writes
2E for 2E(1).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import python_calamine

from ascof_xl.catalogue import canonical_code, catalogue_path, load_catalogue
from ascof_xl.catalogue.series import comparability_note, comparable_previous_year, series_break, series_breaks, stands_apart
from ascof_xl.errors import AscofError

ODS = Path("ascof") / "ascof-time-series-2015-16-to-2024-25.ods"
CATALOGUE = load_catalogue("ascof-2023-24")
OLD = load_catalogue("ascof-2018-19")


def sheet(shared_data: Path, name: str) -> list[list]:
    path = shared_data / ODS
    if not path.is_file():
        pytest.skip(f"{path} is not in the shared data")
    return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def table_after(rows: list[list], first_heading: str) -> list[list]:
    """The rows under the header row whose first cell is `first_heading`."""
    start = next(i for i, row in enumerate(rows) if str(row[0]).strip() == first_heading)
    return [row for row in rows[start + 1 :] if str(row[0]).strip()]


def financial_year(text: str) -> str:
    """'2024 to 2025' -> '2024-25'."""
    first, second = re.fullmatch(r"(\d{4}) to (\d{4})", text.strip()).groups()
    return f"{first}-{second[2:]}"


@pytest.fixture(scope="module")
def contents(shared_data) -> list[list]:
    return table_after(sheet(shared_data, "Contents"), "Metric")


@pytest.fixture(scope="module")
def log(shared_data) -> list[list]:
    return table_after(sheet(shared_data, "Comparability_over_time_log"), "2024 to 2025 metric code")


# ---------------------------------------------------------------- Contents

def test_every_2024_25_metric_of_the_contents_sheet_is_in_the_catalogue(contents):
    codes = [canonical_code(row[0]) for row in contents]
    assert len(codes) == 25  # 19 metrics, six of them split into parts
    for metric, _, source, _, _ in contents:
        code = canonical_code(metric)
        measure = CATALOGUE.find(code)
        assert measure is not None and measure.code == code, code
        # Note 6: the carers' survey is biennial, so its metrics are "not applicable" in 2024-25.
        expected = "2023-24" if source.startswith("SACE") else "2024-25"
        assert measure.get("years")[-1] == expected, code


def test_every_2022_23_code_is_mapped_as_the_contents_sheet_says(contents):
    for metric, _, _, _, old in contents:
        measure = CATALOGUE.measure(metric)
        if old == "Not applicable":
            assert measure.lineage == (), metric
        elif canonical_code(metric) == "3D2A":  # the sheet's slip: "1C(1b)"; the log gives 1C(2A)
            assert canonical_code(old) == "1C1B"
            assert measure.lineage == ("ascof-2018-19:1C2A",)
        else:
            assert OLD.find(old) is not None, old
            assert measure.lineage == (f"ascof-2018-19:{canonical_code(old)}",), metric


def test_the_contents_sources_agree_with_the_catalogue(contents):
    for metric, _, source, _, _ in contents:
        measure = CATALOGUE.measure(metric)
        if source == "CLD":
            assert measure.get("source_by_year", {}).get("2024-25", measure.get("source")) == "CLD", metric
        elif source.startswith(("ASCS", "SACE")):
            assert measure.get("source") == source[:4], metric
            questions = re.findall(r"\d+[a-d]?", source.split(" - ")[1])
            if metric != "3B":  # 3B: question 19 here, 15 in its table text; the entry says both
                for question in questions:
                    assert re.search(rf"\b{question}\b", measure.get("source_detail")), (metric, question)


def test_new_metrics_start_in_the_year_the_contents_sheet_gives(contents):
    for metric, _, _, start, old in contents:
        if old == "Not applicable" and canonical_code(metric) != "6B":  # 6B's start is printed "2024 to 2024"
            assert CATALOGUE.measure(metric).get("years")[0] == financial_year(start), metric


# ---------------------------------------------------------------- the comparability log

def test_every_rename_in_the_log_is_a_lineage_link(log):
    for new, old, year, text in log:
        if new == "[z]":
            continue
        measure = CATALOGUE.measure(new)  # "2E" in the log is 2E(1): the catalogue keeps it as an alias
        assert measure.lineage == (f"ascof-2018-19:{canonical_code(old)}",), (new, old)
        if "was renamed to" in text:
            assert year == "2023 to 2024"


def test_measures_the_log_says_were_removed_have_no_successor(log):
    continued = {ref for m in CATALOGUE for ref in m.lineage}
    removed = [canonical_code(old) for new, old, _, _ in log if new == "[z]"]
    assert sorted(removed) == ["1E", "1F", "1H", "2C1", "2C2", "2C3", "4B"]
    for old in removed:
        assert OLD.find(old) is not None
        assert f"ascof-2018-19:{old}" not in continued


def test_every_break_the_log_records_is_in_the_catalogue(log):
    expected = set()
    for new, _, year, text in log:
        cannot = any(words in text for words in (
            "cannot be compared", "should not be compared to previous years", "changed to Client Level Data"
        ))
        population = "eligible population changed" in text  # 2016-17 carers' survey: scores on both, a break
        if new != "[z]" and (cannot or population):
            expected.add((CATALOGUE.measure(new).code, financial_year(year), "break"))
        # Changes the log says do not break the series (or whose earlier year the time series
        # recalculated): recorded as notes, which trends run across.
        unbroken = ("not being treated as a break", "not felt that this change will impact", "small changes to the tables",
                    "refined methodology")
        if new != "[z]" and any(words in text for words in unbroken):
            expected.add((CATALOGUE.measure(new).code, financial_year(year), "note"))
        if new != "[z]" and "voluntary" in text and year == "2020 to 2021":
            expected.add((CATALOGUE.measure(new).code, "2020-21", "stands apart"))
    recorded = {(e["code"], e["year"], e["kind"]) for e in CATALOGUE.tables["series_breaks"]}
    # The one break not written in the log: Table 3c(1) says question 12 to 2021-22, question 13 from 2022-23.
    assert recorded - expected == {("3C1", "2022-23", "break")}


def test_3c1_question_change_is_in_its_table(shared_data):
    rows = sheet(shared_data, "Table_3c(1)")
    text = " ".join(str(row[0]) for row in rows[:6])
    assert "question 12 (2015 to 2016 to 2021 to 2022)" in text
    assert "question 13 (2022 to 2023 to 2024 to 2025)" in text


# ---------------------------------------------------------------- what the log means for a series

def test_cld_metrics_break_in_2024_25_under_their_old_codes_too():
    assert series_break("2A", "2024-25").startswith("break in series in 2024-25")
    assert series_break("2D(1)", "2024-25") is not None
    assert series_break("2A", "2023-24") is None  # a rename only
    assert series_break("2D", "2024-25", "ascof-2018-19") == series_break("2A", "2024-25")


def test_the_carers_survey_population_change_breaks_the_carers_series_in_2016_17():
    # old codes as 2016-17 was published: 1D, 3B, 3C, 3D2 and 1I2 are 1C, 1E, 3B, 3C2 and 5A2 now
    for code in ("1D", "3B", "3C", "3D2", "1I2"):
        assert "carers' survey (SACE) population changed" in series_break(code, "2016-17", "ascof-2018-19"), code
        assert comparable_previous_year(code, "2016-17", "ascof-2018-19")[0] is None, code
        assert comparable_previous_year(code, "2018-19", "ascof-2018-19")[0] == "2016-17", code
    assert series_break("3D1", "2016-17", "ascof-2018-19") is None  # the users' survey did not change


@pytest.mark.parametrize(
    "code, year, words",
    [("2A1", "2017-18", "small changes to the SALT tables"), ("2A2", "2018-19", "self-funders with depleted funds"),
     ("1G", "2015-16", "prison column"), ("1G", "2016-17", "prison column"),
     ("1C1B", "2019-20", "carers aged under 18"), ("1C2B", "2019-20", "carers aged under 18"),
     ("1J", "2017-18", "refined method")],
)
def test_changes_the_log_says_do_not_break_a_series_are_notes_a_trend_runs_across(code, year, words):
    assert words in comparability_note(code, year, "ascof-2018-19")
    assert series_break(code, year, "ascof-2018-19") is None
    assert comparable_previous_year(code, year, "ascof-2018-19")[0] is not None


def test_the_voluntary_survey_stands_apart_for_users_survey_measures_only():
    for code in ("1A", "1J", "1B", "3A", "3D1", "4A", "1I1"):  # ascof-2018-19 codes, as 2020-21 was published
        assert stands_apart(code, "2020-21", "ascof-2018-19"), code
    for code in ("1C1A", "1E", "2A1", "2D", "1D", "3B"):
        assert stands_apart(code, "2020-21", "ascof-2018-19") is None, code


def test_series_breaks_of_1b_include_the_1j_formula_correction():
    notes = [(n.year, n.kind) for n in series_breaks("1B")]
    assert notes == [("2017-18", "note"), ("2020-21", "break"), ("2020-21", "stands apart")]
    assert [(n.year, n.kind) for n in series_breaks("1J", "ascof-2018-19")] == notes


# ---------------------------------------------------------------- codes as people type them

@pytest.mark.parametrize(
    "typed, code",
    [("2D(1)", "2D1"), ("3D(1a)", "3D1A"), ("3c(1)", "3C1"), ("5a(2)", "5A2"), (" 2e(2b) ", "2E2B"), ("2E", "2E1")],
)
def test_codes_in_every_written_form_find_the_measure(typed, code):
    assert CATALOGUE.measure(typed).code == code


@pytest.mark.parametrize(
    "framework, typed, words",
    [
        ("ascof-2023-24", "1J", ["ascof-2018-19", "2016-17 to 2022-23", "continued here by 1B"]),
        ("ascof-2023-24", "1F", ["ascof-2018-19", "2014-15 to 2022-23"]),
        ("ascof-2023-24", "5A", ["metric with parts 5A1, 5A2"]),
        ("ascof-2018-19", "3D(1a)", ["ascof-2023-24", "continued here by 1C1A"]),
        ("ascof-2023-24", "3D1C", ["closest codes:", "3D1A"]),
    ],
)
def test_an_unknown_code_names_its_years_or_the_closest_codes(framework, typed, words):
    with pytest.raises(AscofError) as caught:
        load_catalogue(framework).measure(typed)
    message = str(caught.value)
    assert typed in message
    for word in words:
        assert word in message


# ---------------------------------------------------------------- public evidence, no machine paths

def test_no_catalogue_file_names_a_machine_path_or_a_private_note():
    for path in catalogue_path("ascof-2018-19").parent.glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        for private in ("/work/", "/home/", "/tmp/", "shared/", "reference/", "seeds/", ".md", "the reference",
                        "research notes"):
            assert private not in text, (path.name, private)


@pytest.mark.parametrize("framework", ["ascof-2018-19", "ascof-2023-24"])
def test_evidence_cites_public_sources(framework):
    public = ("DHSC", "NHS England", "NHS Digital", "LG Inform", "github.com", "gov.uk", "Ealing", "Not confirmed")
    for measure in load_catalogue(framework):
        assert any(name in measure.get("evidence") for name in public), measure.code


@pytest.mark.parametrize(
    "text, canonical",
    [("2D(1)", "2D1"), ("3D(1a)", "3D1A"), ("3c(1)", "3C1"), ("5A2", "5A2"), (" 2E (2a) ", "2E2A"),
     ("1c\u00a0(1a)", "1C1A"), ("[2B]", "2B"), ("", ""), (None, "")],
)
def test_canonical_code(text, canonical):
    assert canonical_code(text) == canonical


# ---------------------------------------------------------------- years published, table by table

def table_years(rows: list[list]) -> tuple[set[str], set[str]]:
    """The years a DHSC table has columns for, and those in which any area has a numeric outcome."""
    start = next(i for i, row in enumerate(rows) if row[0] == "Local authority code")
    columns, found = set(), set()
    for column, heading in enumerate(rows[start]):
        span, _, kind = str(heading).partition(" - ")
        if kind not in ("outcome", "6b outcome"):
            continue
        columns.add(financial_year(span))
        if any(re.match(r"\d", str(row[column])) for row in rows[start + 1 :]):
            found.add(financial_year(span))
    return columns, found


def test_each_table_has_values_in_exactly_the_years_the_catalogue_lists(shared_data):
    path = shared_data / ODS
    if not path.is_file():
        pytest.skip(f"{path} is not in the shared data")
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        if not name.startswith("Table_"):
            continue
        measure = CATALOGUE.measure(name.removeprefix("Table_"))
        columns, published = table_years(book.get_sheet_by_name(name).to_python())
        listed = set(measure.get("years"))
        old = [OLD.measure(ref.partition(":")[2]) for ref in measure.lineage]
        if old:  # before 2023-24 the series ran under its old code, in the years that code lists
            listed |= set(old[0].get("years"))
        assert published == listed & columns, name
