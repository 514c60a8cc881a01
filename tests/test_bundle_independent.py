"""An independent check of the bundle against what DHSC and NHS Digital published.

DHSC's time-series workbook (ODS, read cell by cell with python-calamine, as openpyxl cannot read
OpenDocument) and NHS Digital's open-data files of 2014-15 to 2018-19 (csv and gzip) are read here
with code of the test's own, never the project's readers; the bundled files are read back with csv
too. Every number and marker of the sources is compared with the bundle: a difference is either
fixed in the bundle or listed in EXPECTED with the publisher's reason. The report names, by source,
year, measure and type, what is in one and not the other.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

import pytest

DATA = Path(str(resources.files("ascof_xl") / "data"))
TIME_SERIES = "ascof-time-series-2015-16-to-2024-25.ods"
OPEN_DATA = "open-data-2014-15-to-2018-19"
OPEN_YEARS = ("2014-15", "2015-16", "2016-17", "2017-18", "2018-19")
TYPE_NAMES = {"S": "Shire Counties", "U": "Unitary Authorities", "M": "Metropolitan Districts",
              "I": "Inner London", "O": "Outer London", "D": "District"}
KINDS = {"outcome": "Outcome", "numerator": "Numerator", "denominator": "Denominator",
         "margin of error": "Margin Of Error", "number of respondents": "Base", "base": "Base"}
# Councils DHSC publishes under their current code for years their predecessor on the same boundary
# reported (the predecessor's code and the first year of the new council).
SAME_BOUNDARY = {"E06000065": ("E10000023", "2023-24"), "E06000066": ("E10000027", "2023-24"),
                 "E06000060": ("E10000002", "2020-21")}
# DHSC's row for council 809 is still coded as the old county (E10000009, "Dorset County") in
# Table_4b, Table_6a and Table_6b; from 2019-20 that council is Dorset Council (E06000059).
DORSET = ("E10000009", "E06000059", "2019-20")
# The joint row "Cornwall and Isles of Scilly", coded [z], stands for Cornwall where Cornwall's own
# row has no number (6A 2024-25).
JOINT = ("Cornwall and Isles of Scilly", "E06000052")
# The carers' survey is biennial; the 2016-17 scores on the earlier eligible population follow the
# official one in brackets: "7.7 (7.6)".
BRACKETED = re.compile(r"^\s*([-+]?[\d,]*\.?\d+)\s*\([^()]*\)\s*$")
DHSC_NOTE_8 = "DHSC recalculated the 2018-19 3D2 (3C(2)) scores in the time series (its Note 8)"
REVISED = ("revised after the open-data file was first published (the later figure, in DHSC's time series "
           "or NHS Digital's outcome series, is bundled; the open-data counts that give the first figure are left out)")
# (source, year, measure pattern, measure type pattern, kind of difference): why it is so.
EXPECTED = {
    ("time series", "2019-20", r"1J", r".*", "differs"):
        "the 2019-20 1J placeholders (outcome 0 from 0 respondents where no survey ran: Kent, Trafford, "
        "Wokingham, City of London, Isles of Scilly) are bundled as [x], never as values",
    ("time series", r".*", r"6B", r"(outstanding|good|other|not yet rated) .*", "missing"):
        "6B's rating breakdowns (outstanding, good, other, not yet rated) are not bundled; the 6B measure is",
    ("time series", r".*", r".*", r".*", "missing [z]"):
        "[z] (not applicable) for a council in a year it did not exist (Cumbria after 2022-23, BCP before "
        "2019-20 ...): the bundle has no row for a council outside its years",
    ("open data", "2016-17", r"1J", r"Outcome|Base|Margin Of Error", "differs"):
        "1J's method was refined in 2017-18 and DHSC's time series gives 2016-17 recalculated on it "
        "(comparability log, 1B, 2017-18; users are advised not to use the scores first published): "
        "the time series is bundled",
    ("open data", "2016-17", r"3D2", r"Margin Of Error", "differs"):
        "two 2016-17 margins of error of 3D2 (Darlington, City of London) that DHSC's time series gives "
        "otherwise (9.9 and 21.8 for 10.3 and 23.5): the time series is bundled",
    ("open data", "2017-18|2018-19", r"1J", r"Base", "differs"):
        "England's 1J respondents: the 2017-18 and 2018-19 open data repeat 2016-17's 32,015; DHSC's time "
        "series gives 26,695 and 28,180",
    ("open data", "2018-19", r"3D2", r"Outcome|Base|Margin Of Error", "differs"): DHSC_NOTE_8,
    ("open data", "2018-19", r"3D2", r"Numerator|Denominator", "missing"): DHSC_NOTE_8 + "; " + REVISED,
    ("open data", "2018-19", r"2A1|2A2|2C1|2C2|2C3", r"Outcome", "differs"): REVISED,
    ("open data", "2018-19", r"2A1|2A2|2C1|2C2|2C3", r"Numerator|Denominator", "missing"): REVISED,
}


def _year(text: str) -> str:
    first, second = re.findall(r"20\d\d", text)[:2]
    return f"{first}-{second[2:]}"


def _code(text: object) -> str:
    """A measure code in one written form: no brackets, spaces or year suffix, upper case."""
    return re.sub(r"[\s()\[\]]", "", str(text).split("_")[0]).upper()


def _cell(value: object) -> tuple[float | None, str] | None:
    """(number, "") or (None, marker) of a published cell; None for an empty cell."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return round(float(value), 9), ""
    text = str(value).strip()
    if not text:
        return None
    if text.startswith("[") and text.endswith("]"):
        return None, text[1:-1].lower()
    if text == ":":
        return None, "x"
    if text.lower() == "c":
        return None, "c"
    bracketed = BRACKETED.match(text)
    return round(float((bracketed.group(1) if bracketed else text).replace(",", "")), 9), ""


def read_time_series(path: Path) -> dict[tuple[str, str, str, str], tuple[float | None, str]]:
    """Every value of DHSC's workbook by (year, area code, measure code, type), as DHSC meant it."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    contents = book.get_sheet_by_name("Contents").to_python()
    head = next(i for i, row in enumerate(contents) if "2022 to 2023 Code" in row)
    metric, old = contents[head].index("Metric"), contents[head].index("2022 to 2023 Code")
    old_codes = {_code(r[metric]): _code(r[old]) for r in contents[head + 1:] if str(r[metric]).strip()}
    found: dict[tuple[str, str, str, str], tuple[float | None, str]] = {}
    joint: dict[tuple[str, str, str, str], tuple[float | None, str]] = {}
    for name in book.sheet_names:
        if not name.startswith("Table_"):
            continue
        rows = book.get_sheet_by_name(name).to_python()
        start = next(i for i, row in enumerate(rows) if "ONS area code" in row)
        header = [str(c).strip() for c in rows[start]]
        sheet_code = _code(name[len("Table_"):])
        columns = []
        for index, label in enumerate(header):
            match = re.match(r"^(20\d\d to 20\d\d) - (.+)$", label)
            if match:
                year, kind = _year(match.group(1)), match.group(2).lower().removeprefix(sheet_code.lower() + " ")
                code = sheet_code if year >= "2023-24" else old_codes.get(sheet_code, "NA")
                columns.append((index, year, code, KINDS.get(kind, kind)))
        body = [row for row in rows[start + 1:] if any(str(c).strip() for c in row)]
        cells = {c: [_cell(row[c[0]]) if c[0] < len(row) else None for row in body] for c in columns}
        live = {c for c, values in cells.items() if any(v is not None and v[1] != "z" for v in values)}
        for r, row in enumerate(body):
            la, area_name, ons = str(row[0]).strip(), str(row[1]).strip(), str(row[2]).strip()
            by_year = defaultdict(list)
            for column in columns:
                if column in live and cells[column][r] is not None:
                    by_year[column[1]].append((column, cells[column][r]))
            for year, here in by_year.items():
                if ons == "E92000001":
                    area = ons
                elif la in TYPE_NAMES and not ons.startswith("E"):
                    if all(value[1] == "z" for _, value in here):
                        continue  # no aggregate of this type that year
                    area = f"type:{TYPE_NAMES[la]}"
                elif area_name == JOINT[0]:
                    area = JOINT[1]
                elif ons == DORSET[0] and year >= DORSET[2]:
                    area = DORSET[1]
                elif ons in SAME_BOUNDARY and year < SAME_BOUNDARY[ons][1]:
                    area = SAME_BOUNDARY[ons][0]
                else:
                    area = ons
                for (_, _, code, kind), value in here:
                    key = (year, area, code, kind)
                    (joint if area_name == JOINT[0] else found)[key] = value
    for key, value in joint.items():  # the joint row gives only what Cornwall's own row lacks
        if value[0] is not None and found.get(key, (None, ""))[0] is None:
            found[key] = value
    return found


def read_open_data(path: Path) -> dict[tuple[str, str, str, str], tuple[float | None, str]]:
    """Every value of one open-data file by (year, area code, measure code, type); blanks (a type not
    published for a measure) left out."""
    year = re.search(r"20\d\d-\d\d", path.name).group(0)
    found = {}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            value = _cell(row["Measure Value"])
            if value is None:
                continue
            level = row["Geographical Level"].strip().lower()
            if level == "council type":
                area = f"type:{TYPE_NAMES[row['Geographical Code'].strip()]}"
            elif level == "england":
                area = "E92000001"
            else:
                area = row["ONS Area Code"].strip()
            kind = KINDS[" ".join(row["Measure Type"].split()).lower()]
            found[(year, area, _code(row["ASCOF Measure Code"]), kind)] = value
    return found


def read_bundle() -> dict[tuple[str, str, str, str], tuple[float | None, str]]:
    """Every bundled value by (year, area code, measure code, type), read with csv."""
    found = {}
    for path in sorted(DATA.glob("ascof-*.csv.gz")):
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        for row in csv.DictReader(io.StringIO(text)):
            value = (round(float(row["value"]), 9), "") if row["value"] else (None, row["marker"])
            found[(row["year"], row["area_code"], row["measure"], row["measure_type"])] = value
    return found


def differences(source: str, published: dict, bundle: dict) -> Counter:
    """(source, year, measure, type, kind) -> how many values: "missing" from the bundle, or that "differs"."""
    found: Counter = Counter()
    for key, value in published.items():
        held = bundle.get(_bundled_key(key))
        if held is None:
            found[(source, key[0], key[2], key[3], "missing [z]" if value == (None, "z") else "missing")] += 1
        elif held != value and not (value[0] is not None and held[0] is not None and abs(value[0] - held[0]) < 1e-6):
            found[(source, key[0], key[2], key[3], "differs")] += 1
    return found


def _bundled_key(key: tuple[str, str, str, str]) -> tuple[str, str, str, str]:
    """The bundle files each year's measures under the catalogue's code: 2E1 (published as 2E) in 2023-24."""
    year, area, code, kind = key
    return (year, area, "2E1" if (year, code) == ("2023-24", "2E") else code, kind)


def explains(rule: tuple[str, str, str, str, str], key: tuple[str, str, str, str, str]) -> bool:
    """True when an EXPECTED rule (source, year, measure and type patterns, kind) covers a difference."""
    return (key[0] == rule[0] and bool(re.fullmatch(rule[1], key[1])) and bool(re.fullmatch(rule[2], key[2]))
            and bool(re.fullmatch(rule[3], key[3])) and key[4] == rule[4])


def unexplained(found: Counter) -> dict[tuple, int]:
    """The differences no entry of EXPECTED explains."""
    return {key: n for key, n in found.items() if not any(explains(rule, key) for rule in EXPECTED)}


def report(found: dict[tuple, int]) -> str:
    return "\n".join(f"{s} {y} {m} {k}: {n} value(s) {what}" for (s, y, m, k, what), n in sorted(found.items()))


@pytest.fixture(scope="module")
def bundle():
    return read_bundle()


@pytest.fixture(scope="module")
def time_series(shared_data):
    return read_time_series(shared_data / "ascof" / TIME_SERIES)


@pytest.fixture(scope="module")
def open_data(shared_data):
    found = {}
    for year in OPEN_YEARS:
        found |= read_open_data(shared_data / "ascof" / OPEN_DATA / f"ascof-open-data-{year}.csv.gz")
    return found


def test_every_number_and_marker_of_dhscs_time_series_is_bundled(time_series, bundle):
    assert len(time_series) > 40_000
    left = unexplained(differences("time series", time_series, bundle))
    assert not left, "the bundle differs from DHSC's time series:\n" + report(left)


def test_every_number_and_marker_of_the_open_data_files_is_bundled(open_data, bundle):
    assert len(open_data) > 250_000
    left = unexplained(differences("open data", open_data, bundle))
    assert not left, "the bundle differs from NHS Digital's open data:\n" + report(left)


def test_the_bundle_holds_nothing_of_those_years_and_measures_the_sources_do_not(time_series, open_data, bundle):
    """Within the (year, measure, type) the two sources publish, every bundled row is one of theirs."""
    published = {_bundled_key(k) for k in time_series} | {_bundled_key(k) for k in open_data}
    covered = {(y, m, k) for y, _, m, k in published}
    extra = Counter((y, m, k) for (y, a, m, k) in bundle if (y, m, k) in covered and (y, a, m, k) not in published)
    assert not extra, "\n".join(f"bundle only: {y} {m} {k}: {n} value(s)" for (y, m, k), n in sorted(extra.items()))


def test_the_values_dhsc_meant_are_bundled(bundle):
    """The issue's items 1 to 3, as DHSC published them."""
    dorset = "E06000059"
    assert bundle[("2023-24", dorset, "6A", "Outcome")] == (36.5, "")
    assert bundle[("2024-25", dorset, "6A", "Outcome")] == (34.6, "")
    assert bundle[("2023-24", dorset, "4B", "Outcome")] == (94.5, "")
    assert bundle[("2024-25", dorset, "4B", "Outcome")] == (92.5, "")
    assert bundle[("2023-24", dorset, "6B", "Outcome")] == (90.8, "")
    assert bundle[("2024-25", dorset, "6B", "Outcome")] == (89.7, "")
    assert bundle[("2024-25", "E06000052", "6A", "Outcome")] == (20.2, "")  # Cornwall, on the joint row
    assert bundle[("2024-25", "E06000053", "6A", "Outcome")] == (None, "x")  # the Isles of Scilly's own row
    for area in ("E10000016", "E08000009", "E06000041", "E09000001", "E06000053"):  # no survey in 2019-20
        assert bundle[("2019-20", area, "1J", "Outcome")] == (None, "x")
        assert bundle[("2019-20", area, "1J", "Base")] == (None, "x")
    notes = list(csv.DictReader((DATA / "notes.csv").open(encoding="utf-8")))
    joint = [n for n in notes if (n["year"], n["area_code"], n["measure"]) == ("2024-25", "E06000052", "6A")]
    assert joint and "more than one council" in joint[0]["note"]
    assert sum("no survey" in n["note"] for n in notes) == 5


def test_the_rotherham_checks_of_the_open_data_readme(bundle):
    rotherham = "E08000018"
    assert [bundle[(y, rotherham, "1A", "Outcome")][0] for y in OPEN_YEARS] == [18.5, 18.8, 18.8, 18.9, 19.3]
    assert bundle[("2018-19", rotherham, "2C1", "Numerator")] == (22.0, "")
    assert bundle[("2018-19", rotherham, "2C1", "Denominator")] == (207475.0, "")
    assert bundle[("2018-19", rotherham, "2A2", "Numerator")] == (292.0, "")
    assert bundle[("2018-19", rotherham, "2A2", "Denominator")] == (51693.0, "")


def test_every_listed_difference_is_still_found(time_series, open_data, bundle):
    """No reason in EXPECTED outlives its difference: each explains at least one value."""
    found = differences("time series", time_series, bundle) + differences("open data", open_data, bundle)
    stale = [rule for rule in EXPECTED if not any(explains(rule, key) for key in found)]
    assert not stale, stale
