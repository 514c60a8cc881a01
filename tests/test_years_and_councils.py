"""Financial years and council names as officers write them."""

import pytest

from ascof_xl.councils import find_council, is_council_name, load_councils
from ascof_xl.errors import AscofError
from ascof_xl.years import parse_year, previous_year, year_in_text


@pytest.mark.parametrize("text", ["2019-20", "2019/20", "201920", "2019-2020", "1920"])
def test_year_spellings(text):
    assert parse_year(text) == "2019-20"


@pytest.mark.parametrize(
    "name, year",
    [
        ("meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx", "2020-21"),
        ("meas-from-asc-of-eng-1819-open-data-csv.csv", "2018-19"),
        ("final_data_2020_ascof_2019-20_processed.csv", "2019-20"),
        ("ascof.csv", None),
    ],
)
def test_year_from_file_names(name, year):
    assert year_in_text(name) == year


def test_previous_year_and_bad_year():
    assert previous_year("2020-21") == "2019-20"
    with pytest.raises(AscofError, match="write it like 2019-20"):
        parse_year("last year")


def test_reference_holds_152_councils_of_2018_19():
    in_2018 = [c for c in load_councils() if c.existed_in("2018-19")]
    assert len(in_2018) == 152
    types = {t: sum(c.council_type == t for c in in_2018) for t in {c.council_type for c in in_2018}}
    assert types == {"Unitary Authority": 56, "Metropolitan District": 36, "Inner London": 13, "Outer London": 20,
                     "County": 27}


@pytest.mark.parametrize(
    "name, ons",
    [
        ("Rotherham", "E08000018"),
        ("ROTHERHAM", "E08000018"),
        ("E08000018", "E08000018"),
        ("206", "E08000018"),
        ("Bristol", "E06000023"),
        ("Bristol, City of", "E06000023"),
        ("Telford & Wrekin", "E06000020"),
        ("Telford and the Wrekin", "E06000020"),
        ("kingston upon hull", "E06000010"),
        ("St Helens", "E08000013"),
        ("Brighton & Hove", "E06000043"),
        ("Bristol City Council", "E06000023"),
        ("Leeds City Council", "E08000035"),
        ("Kent County Council", "E10000016"),
        ("Rotherham Metropolitan Borough Council", "E08000018"),
        ("Hull", "E06000010"),
        ("Stoke", "E06000021"),
        ("Brighton", "E06000043"),
        ("Richmond", "E09000027"),
        ("Bedford", "E06000055"),
        ("Durham County Council", "E06000047"),
        ("Rotherham MBC", "E08000018"),
        ("Bradford Metropolitan District Council", "E08000032"),
        ("Wigan Borough Council", "E08000010"),
        ("Stockport Metropolitan Borough Council", "E08000007"),
        ("London Borough of Camden", "E09000007"),
        ("Royal Borough of Greenwich", "E09000011"),
        ("Herefordshire, County of", "E06000019"),
        ("Middlesbrough", "E06000002"),
    ],
)
def test_council_names_codes_and_variants(name, ons):
    assert find_council(name).ons_code == ons


def test_a_shared_name_is_resolved_by_year():
    assert find_council("Dorset", "2018-19").ons_code == "E10000009"
    assert find_council("Dorset", "2019-20").ons_code == "E06000059"
    assert find_council("809", "2018-19").council_type == "County"


def test_unknown_council_suggests_the_closest_names():
    with pytest.raises(AscofError) as error:
        find_council("Rotheram")
    assert "Did you mean: Rotherham" in str(error.value)


@pytest.mark.parametrize(
    "name, year, listed",
    [
        ("Northamptonshire", "2021-22", "North Northamptonshire, West Northamptonshire"),
        ("Kingston", None, "Kingston upon Hull, City of, Kingston upon Thames"),
    ],
)
def test_a_part_name_fitting_several_councils_lists_them(name, year, listed):
    with pytest.raises(AscofError) as error:
        find_council(name, year)
    assert f"'{name}' could mean: {listed}; give the full name or an ONS code" in str(error.value)


def test_a_part_name_prefers_the_councils_of_the_year():
    assert find_council("Northamptonshire", "2020-21").ons_code == "E10000021"
    assert find_council("North Northamptonshire", "2021-22").ons_code == "E06000061"


def test_same_boundary_successors_name_their_predecessor():
    councils = {c.ons_code: c for c in load_councils()}
    assert councils["E06000060"].predecessor == "E10000002"
    assert councils["E06000065"].predecessor == "E10000023"
    assert councils["E06000066"].predecessor == "E10000027"
    for changed in ("E06000058", "E06000059", "E06000061", "E06000062", "E06000063", "E06000064"):
        assert councils[changed].predecessor == ""


@pytest.mark.parametrize(
    "name, county, unitary",
    [("North Yorkshire", "E10000023", "E06000065"), ("Somerset", "E10000027", "E06000066")],
)
def test_the_2023_unitaries_are_resolved_by_year(name, county, unitary):
    assert find_council(name, "2022-23").ons_code == county
    assert find_council(name, "2023-24").ons_code == unitary
    assert find_council(name, "2023-24").council_type == "Unitary Authority"
    assert find_council(county).last_year == "2022-23"


@pytest.mark.parametrize(
    "text, whole",
    [("Bristol, City of", True), ("Bristol City Council", True), ("E06000023", True), ("City of", False),
     ("Bristol, City of, Leeds", False), ("Hull", False)],
)
def test_whole_council_names_are_told_from_parts(text, whole):
    assert is_council_name(text) is whole
