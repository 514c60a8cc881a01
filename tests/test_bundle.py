"""The bundled years 2014-15 to 2024-25: what they hold, checked against the shared sources as the project reads them
(the independent check, with code of its own, is tests/test_bundle_independent.py)."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from ascof_xl.cli import main
from ascof_xl.published.bundled import ATTRIBUTION, BUNDLE, read_bundled
from ascof_xl.published.reader import read_published

YEARS = tuple(f"{y}-{(y + 1) % 100:02d}" for y in range(2014, 2025))
KEY = ["year", "area_code", "measure", "measure_type"]
DATA = Path(str(resources.files("ascof_xl") / "data"))
TOOLS = Path(__file__).resolve().parents[1] / "tools"


@pytest.fixture(scope="module")
def table(store):
    return store.table


@pytest.fixture(scope="module")
def series(shared_data):
    return read_published(shared_data / "ascof" / "ascof-time-series-2015-16-to-2024-25.ods")


@pytest.fixture(scope="module")
def outcomes(shared_data):
    return read_published(shared_data / "ascof" / "ascof-outcomes-2017-18-to-2023-24.csv")


def compare(bundled: pd.DataFrame, source: pd.DataFrame) -> pd.DataFrame:
    """Every source row beside the bundled row of the same key (an outer join, so a missing row shows)."""
    return source.merge(bundled, on=KEY, how="left", suffixes=("_source", "_bundle"), indicator=True)


def same_values(merged: pd.DataFrame) -> pd.Series:
    both_blank = merged["value_source"].isna() & merged["value_bundle"].isna()
    return (merged["value_source"] == merged["value_bundle"]) | both_blank


def test_every_year_is_bundled_in_a_few_megabytes(store):
    assert BUNDLE == tuple(f"ascof-{y}.csv.gz" for y in YEARS)
    assert store.years == YEARS
    assert store.latest_year() == "2024-25"
    size = sum((DATA / name).stat().st_size for name in BUNDLE)
    assert size < 2_500_000, size  # eleven years, every disaggregation and count published


# 2014-15, 2015-16 and 2017-18 hold three percentages NHS Digital published above 100 (with a note
# each), which the reader refuses in a file given with --data.
@pytest.mark.parametrize("name", [BUNDLE[2], BUNDLE[4], BUNDLE[5], BUNDLE[-1]])
def test_bundled_files_read_directly_as_the_reader_reads_them(name):
    direct = read_bundled(name)
    checked = read_published(DATA / name).reset_index(drop=True)
    pd.testing.assert_frame_equal(direct, checked, check_dtype=False)
    assert checked.attrs["notes"] == []  # nothing the reader would have left out


def test_no_neighbours_list_is_shipped():
    shipped = [p.name.lower() for p in DATA.iterdir()]
    assert not [n for n in shipped if "neighbour" in n or n.endswith(".json")]


def test_attribution_names_every_source():
    assert "Open Government Licence v3.0" in ATTRIBUTION
    assert "Department of Health and Social Care" in ATTRIBUTION and "NHS Digital" in ATTRIBUTION
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "Open Government Licence v3.0" in readme and "Department of Health and Social Care" in readme
    assert "tools/build_bundle.py" in readme


def test_bundled_2024_25_is_the_time_series(table, series):
    bundled = table[table["year"] == "2024-25"]
    source = series[series["year"] == "2024-25"]
    merged = compare(bundled, source)
    assert (merged["_merge"] == "both").all()
    assert same_values(merged).all() and (merged["marker_source"] == merged["marker_bundle"]).all()
    assert len(bundled) == len(source)  # the time series is the only 2024-25 source


def test_bundled_2023_24_is_both_shared_files(table, series, outcomes):
    bundled = table[table["year"] == "2023-24"]
    published = outcomes[outcomes["year"] == "2023-24"].replace({"measure": {"2E": "2E1"}, "group": {"2E": "2E1"}})
    for source in (series[series["year"] == "2023-24"], published):
        merged = compare(bundled, source)
        assert (merged["_merge"] == "both").all()
        assert same_values(merged).all()
    assert {"4B", "6A", "6B", "3D1B", "2E1"} <= set(bundled["measure"])  # 2E as published, filed as 2E1
    assert bundled.loc[bundled["measure"] == "6B", "measure_type"].nunique() == 3  # with its counts


def test_bundled_outcomes_2017_18_to_2022_23_are_the_outcome_file_save_dhsc_recalculations(table, outcomes):
    earlier = outcomes[outcomes["year"] < "2023-24"]
    merged = compare(table, earlier)
    assert (merged["_merge"] == "both").all()
    differ = merged[~same_values(merged)]
    # DHSC recalculated 2018-19 regional 3D2 (its Note 8, on 3C(2)); the bundle keeps the time series.
    assert set(differ["year"]) == {"2018-19"} and set(differ["measure"]) == {"3D2"}
    assert set(differ["level_source"]) == {"region"} and len(differ) == 9


def test_survey_margins_of_error_and_respondents_every_year(store):
    """Rotherham 1A: the margin of error (published from 2015-16) and respondents in every year but 2020-21,
    when it did not take part."""
    for year in YEARS:
        margin = store.cell(year, "E08000018", "1A", "Margin Of Error")
        base = store.cell(year, "E08000018", "1A", "Base")
        if year == "2020-21":
            assert margin == (None, "x") and base == (None, "x")
        elif year == "2014-15":
            assert margin is None and base[0] >= 100
        else:
            assert margin[0] is not None and margin[0] > 0 and base[0] >= 100, year
    assert store.value("2016-17", "E92000001", "1D", "Base") == 51230  # carers' survey year


def test_numerators_and_denominators_where_published(store):
    assert store.value("2020-21", "E08000018", "2A1", "Numerator") is not None
    assert store.value("2024-25", "E08000018", "2A", "Denominator") is not None
    assert store.value("2024-25", "E92000001", "2A", "Numerator") == 142525
    assert store.value("2022-23", "E08000018", "2A1", "Numerator") is None  # outcomes only that year


def test_2d_for_2015_16_and_2016_17_is_the_open_data_with_its_counts(store):
    # Rotherham 2D 2016-17, as the open-data file gives it (Oflog's series agrees), with its counts
    assert store.value("2016-17", "E08000018", "2D") is not None
    assert store.value("2016-17", "E08000018", "2D", "Denominator") is not None
    assert store.value("2015-16", "E92000001", "2D") == 75.8


@pytest.mark.parametrize(
    "argv, message",
    [
        (["profile", "--council", "West Northamptonshire", "--year", "2019-20"],
         "reported from 2021-22, so it has no figures for 2019-20. The nearest year with its figures is 2021-22"),
        (["profile", "--council", "E10000021", "--year", "2023-24"],  # Northamptonshire county
         "The nearest year with its figures is 2020-21: give --year 2020-21"),
    ],
)
def test_a_council_absent_from_a_year_is_pointed_to_the_nearest(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_the_bundle_is_what_the_build_script_makes(shared_data, tmp_path, monkeypatch, capsys):
    monkeypatch.syspath_prepend(str(TOOLS))
    sys.modules.pop("build_bundle", None)
    import build_bundle

    written = build_bundle.build(shared_data, tmp_path)
    assert [p.name for p in written] == list(BUNDLE)
    for path in written:
        assert path.read_bytes() == (DATA / path.name).read_bytes(), path.name
    assert (DATA / "notes.csv").read_bytes() == (tmp_path / "notes.csv").read_bytes()
    assert "443 value(s) differ between sources" in capsys.readouterr().out


def test_the_bundled_store_reads_a_year_when_it_is_first_used():
    from ascof_xl.published.store import Store

    read = []

    def loader(name):
        def load():
            read.append(name)
            return read_bundled(name)
        return load

    store = Store(loaders={"2018-19": loader(BUNDLE[4]), "2019-20": loader(BUNDLE[5])})
    assert store.years == ("2018-19", "2019-20") and read == []
    assert store.value("2018-19", "E08000018", "2A2", "Numerator") == 292  # Rotherham, as published
    assert read == [BUNDLE[4]]
    assert len(store.table) == len(read_bundled(BUNDLE[4])) + len(read_bundled(BUNDLE[5]))
    assert read == [BUNDLE[4], BUNDLE[5]]
