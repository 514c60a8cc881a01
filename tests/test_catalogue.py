"""The measure catalogue: schema checks on broken files, and the bundled data against the references.

Every expected value below is typed from the reference documents, not read from the package:
- /work/shared/reference/ascof-definitions.md §1.1-1.2 (ASCOF 2018-19);
- /work/shared/reference/ascof-2023-framework.md §1 and §3 (the revised ASCOF, read from DHSC's
  time series; tests/test_catalogue_2023.py checks the catalogue against that workbook itself);
- /work/shared/reference/ipc-frameworks.md (IPC/ADASS 2020 Option One and Option Two);
- /work/shared/seeds/adass-ipc-ascof-recommendations-2020.txt (report §5.2 deletions, §6.2 headings).
None of these files is read at run time, so the tests need nothing outside the clone.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from importlib import resources
from pathlib import Path

import pytest

from ascof_xl.catalogue import (
    FRAMEWORKS,
    catalogue_path,
    framework_for_year,
    load_catalogue,
    load_catalogue_file,
)
from ascof_xl.catalogue.lineage import broken_references, equivalents, find_measures, lineage_rows
from ascof_xl.errors import AscofError

# ---------------------------------------------------------------- literal tables from the references

# ascof-definitions.md §1.1: "measure group codes 1A, 1B, 1C1A, ... 4B" (29, in this order).
ASCOF_2018_CODES = (
    "1A 1B 1C1A 1C1B 1C2A 1C2B 1D 1E 1F 1G 1H 1I1 1I2 1J "
    "2A1 2A2 2B1 2B2 2C1 2C2 2C3 2D 3A 3B 3C 3D1 3D2 4A 4B"
).split()

# ascof-definitions.md §1.2: Unit and Pol. columns (↑ higher, ↓ lower).
ASCOF_2018_POLARITY_UNIT = {
    "1A": ("higher", "mean score"),
    "1B": ("higher", "percentage"),
    "1C1A": ("higher", "percentage"),
    "1C1B": ("higher", "percentage"),
    "1C2A": ("higher", "percentage"),
    "1C2B": ("higher", "percentage"),
    "1D": ("higher", "mean score"),
    "1E": ("higher", "percentage"),
    "1F": ("higher", "percentage"),
    "1G": ("higher", "percentage"),
    "1H": ("higher", "percentage"),
    "1I1": ("higher", "percentage"),
    "1I2": ("higher", "percentage"),
    "1J": ("higher", "index"),
    "2A1": ("lower", "rate per 100,000"),
    "2A2": ("lower", "rate per 100,000"),
    "2B1": ("higher", "percentage"),
    "2B2": ("higher", "percentage"),
    "2C1": ("lower", "rate per 100,000"),
    "2C2": ("lower", "rate per 100,000"),
    "2C3": ("lower", "rate per 100,000"),
    "2D": ("higher", "percentage"),
    "3A": ("higher", "percentage"),
    "3B": ("higher", "percentage"),
    "3C": ("higher", "percentage"),
    "3D1": ("higher", "percentage"),
    "3D2": ("higher", "percentage"),
    "4A": ("higher", "percentage"),
    "4B": ("higher", "percentage"),
}

# ascof-definitions.md §1.1 data-source table: ASCS = users' survey, SACE = carers' survey.
USERS_SURVEY = {"1A", "1B", "1I1", "1J", "3A", "3D1", "4A", "4B"}
CARERS_SURVEY = {"1D", "1I2", "3B", "3C", "3D2"}

# ascof-definitions.md §1.1 data-source table, per measure. 2B is "SALT + HES": the catalogue
# holds one source per measure, so 2B1/2B2 may name either.
ASCOF_2018_SOURCE = {
    **{code: {"ASCS"} for code in USERS_SURVEY},
    **{code: {"SACE"} for code in CARERS_SURVEY},
    **{code: {"SALT"} for code in ("1C1A", "1C1B", "1C2A", "1C2B", "1E", "1G", "2A1", "2A2", "2D")},
    "2B1": {"SALT", "HES"},
    "2B2": {"SALT", "HES"},
    "1F": {"MHSDS"},
    "1H": {"MHSDS"},
    "2C1": {"DTOC"},
    "2C2": {"DTOC"},
    "2C3": {"DTOC"},
}

# ascof-definitions.md §1.2 Evidence column: definitions resting on [K] or [?] anywhere.
ASCOF_2018_UNVERIFIED = {"1C2A", "1C2B", "1D", "1E", "2A1", "2A2", "3B", "3C", "3D2"}

# ascof-definitions.md §2.2: the six objectives.
OBJECTIVES_2023 = (
    "quality of life",
    "independence",
    "empowerment",
    "safety",
    "social connections",
    "continuity and quality of care",
)

# ascof-2023-framework.md §1 (DHSC time series: Contents and comparability log), in canonical
# form: each 2023-24 / 2024-25 code with its old (2022-23) code, None for a new metric.
LINEAGE_2023 = {
    "1A": "1A", "1B": "1J", "1C": "1D", "1D": "3A", "1E": "3B",
    "2A": "2D", "2B": "2A1", "2C": "2A2", "2D1": "2B1", "2D2": "2B2",
    "2E1": "1G", "2E2A": None, "2E2B": None,
    "3A": "1B", "3B": "3C", "3C1": "3D1", "3C2": "3D2",
    "3D1A": "1C1A", "3D1B": "1C1B", "3D2A": "1C2A", "3D2B": "1C2B",
    "4A": "4A", "4B": None, "5A1": "1I1", "5A2": "1I2", "6A": None, "6B": None,
}
CODES_2023 = list(LINEAGE_2023)

# ascof-2023-framework.md §1, Pol. column ([I]: carried from the old measure): 2B, 2C and 6A are ↓.
LOWER_2023 = {"2B", "2C", "6A"}

# ascof-2023-framework.md §1: Unit column (1B is an index to 3 dp; 1C a score out of 12).
UNITS_2023 = {"1A": ("mean score", 1), "1B": ("index", 3), "1C": ("mean score", 1),
              "2B": ("rate per 100,000", 1), "2C": ("rate per 100,000", 1)}

# ascof-2023-framework.md §1 and §3: what a source leaves unconfirmed. 2D(2)'s 2023-24 source
# is [I]; 3B's question number differs between the Contents sheet (Q19) and the table (Q15);
# 3D(2b) continues 1C(2B), whose cells are [K] (ascof-definitions.md §1.2).
UNVERIFIED_2023 = {"2D2", "3B", "3D2B"}

# ascof-2023-framework.md §1, Source column: the carers' survey metrics (SACE) and the users' (ASCS).
CARERS_2023 = {"1C", "1E", "3B", "3C2", "5A2"}
USERS_2023 = {"1A", "1B", "1D", "3A", "3C1", "4A", "5A1"}
# §1: SALT in 2023-24, CLD in 2024-25; 3D(1b)/3D(2b) not published for 2024-25; 2E(2a)/(2b) new in 2024-25.
CLD_2024 = {"2A", "2B", "2C", "2D1", "2D2", "2E1", "2E2A", "2E2B", "3D1A", "3D2A"}
ONLY_2023_24 = CARERS_2023 | {"3D1B", "3D2B"}
ONLY_2024_25 = {"2E2A", "2E2B"}

# ipc-frameworks.md §1.1: Option One domains, their prefixes and item counts.
OPTION_ONE_DOMAINS = (("QL", 8), ("DR", 11), ("PE", 7), ("S", 2), ("I", 3), ("SM", 5), ("UR", 1), ("DM", 18))
OPTION_ONE_CODES = [f"{prefix}{n}" for prefix, count in OPTION_ONE_DOMAINS for n in range(1, count + 1)]

# ipc-frameworks.md §1.2 Conf. column (by item number).
OPTION_ONE_RECONSTRUCTED = {4, 16, 36, 38, 39, 40, 41, 42, 43, 44, 45}
OPTION_ONE_LOST = {46, 47}

# ipc-frameworks.md §1.2 Status column: "Revised (x)" and "Keep (x)", with the current ASCOF code.
OPTION_ONE_REVISED = {"QL1": "1B", "QL2": "1C", "QL3": "1E", "QL4": "1F", "QL5": "1G", "DR1": "2A"}
OPTION_ONE_KEPT = {"QL7": "1H", "DR6": "2C", "DR10": "2E", "DR11": "2F"}

# ipc-frameworks.md §1.4 (report §5.2, seed L377-387): current ASCOF groups suggested for deletion.
OPTION_ONE_DELETED_GROUPS = {"1A", "1D", "1I", "1J", "2B", "2D", "4A", "4B"}
# ipc-frameworks.md §1.5: groups Option One does not mention at all.
OPTION_ONE_UNMENTIONED_GROUPS = {"3A", "3B", "3C", "3D"}

# ipc-frameworks.md §2.2 (and seed L437-449): Care Act heading and person-centred heading.
OPTION_TWO_SECTIONS = {
    1: ("Promote the well-being of the population", "I am supported to look at my overall wellbeing"),
    2: ("Provide information and advice", "I am given all the information and advice I need"),
    3: (
        "Prevent or delay people from entering the care system (where this is appropriate)",
        "I am supported by adult social care to reduce or delay my need for long-term support "
        "or permanent residential or nursing care",
    ),
    4: (
        "Promote integration with health services",
        "I experienced the health and care support I received as a 'seamless' integrated system",
    ),
    5: (
        "Promote diversity, quality and choice in the provision of services",
        "I am offered a choice of service that respects who I am, my personal circumstances "
        "and my individual support needs",
    ),
    6: ("Entitlement to Assessments", "I received the assessment that I needed in a way that understands who I am"),
    7: (
        "Operate fair and consistent eligibility criteria",
        "I understood the way in which the assessment entitled me to care and support",
    ),
    8: ("Offer accommodation and housing", "I was offered the right housing for me"),
    9: ("Safeguarding", "I am protected from risk and abuse"),
    10: (
        "Support for children in transition to adulthood",
        "I am or have been helped to get the right support and services as I move from childhood into adulthood",
    ),
    11: (
        "After Care under Mental Health Act",
        "I have received the assessment that I needed to get the right treatment plan for me",
    ),
    12: ("Market Oversight", "I have access to good quality and availability of services in my local area"),
}


def _numbers(first: int, last: int) -> list[str]:
    return [str(n) for n in range(first, last + 1)]


# ipc-frameworks.md §2.5 "Numbered indicators by section" (25 printed twice: 25a §3, 25b §4),
# plus the unnumbered 8.u1-8.u7 and 12.u1.
OPTION_TWO_ITEM_SECTIONS = {
    **{key: 2 for key in _numbers(1, 10)},
    **{key: 3 for key in _numbers(11, 24) + ["25a"]},
    **{key: 4 for key in ["25b"] + _numbers(26, 30)},
    **{key: 5 for key in _numbers(31, 44)},
    **{key: 6 for key in _numbers(45, 60)},
    "61": 7,
    **{key: 8 for key in ["62", "63"] + [f"8.u{n}" for n in range(1, 8)]},
    **{key: 9 for key in _numbers(64, 72)},
    "73": 10,
    "74": 11,
    "75": 11,
    **{key: 12 for key in _numbers(76, 83) + ["12.u1"]},
}

# ipc-frameworks.md §2.4-2.5 Conf. column.
OPTION_TWO_LOST = set(_numbers(1, 7)) | {"12", "14", "15", "61"}
OPTION_TWO_RECONSTRUCTED = {
    "8", "11", "13", "16", "24", "34", "35", "41", "42", "43", "54", "67", "72", "74", "75", "8.u3",
}

# ipc-frameworks.md §2.4 Col column (In / Act / Out), where the reference gives one.
OPTION_TWO_STAGES = {
    **{key: "output" for key in ["8", "9", "10"]},
    **{key: "activities" for key in ["11", "12"]},
    **{key: "output" for key in _numbers(13, 24) + ["25a"]},
    "25b": "input",
    "26": "input",
    "27": "activities",
    **{key: "output" for key in ["28", "29", "30"]},
    **{key: "input" for key in _numbers(31, 35)},
    "36": "activities",
    "37": "activities",
    **{key: "output" for key in _numbers(38, 44)},
    **{key: "activities" for key in _numbers(45, 54)},
    **{key: "output" for key in _numbers(55, 60)},
    "62": "activities",
    "63": "output",
    **{f"8.u{n}": "output" for n in range(1, 8)},
    **{key: "activities" for key in _numbers(64, 67)},
    **{key: "output" for key in _numbers(68, 72)},
    "73": "output",
    "74": "activities",
    "75": "output",
    **{key: "input" for key in _numbers(76, 83) + ["12.u1"]},
}

# ipc-frameworks.md §2.5 lettered outcomes: section and state.
OUTCOME_LETTERS = [chr(c) for c in range(ord("a"), ord("z") + 1)] + ["aa", "bb"]
OUTCOME_SECTIONS = {
    **dict.fromkeys("abcd", 2),
    **dict.fromkeys("efghi", 3),
    **dict.fromkeys("jklmno", 4),
    **dict.fromkeys("pqrs", 5),
    **dict.fromkeys("tuv", 6),
    "w": 7,
    "x": 8,
    "y": 9,
    "z": 10,
    "aa": 11,
    "bb": 12,
}
OUTCOMES_LOST = {"a", "b", "c", "d", "s", "w"}
OUTCOMES_RECONSTRUCTED = {"i"}

# ipc-frameworks.md §2.5 survey items: (section or None where the reference is unsure, state).
SURVEY_ITEMS = {
    "Cu1": (None, "lost"),
    "Cu2": (3, "clear"),
    "Cu3": (5, "reconstructed"),
    "Cu4": (5, "reconstructed"),
    "Cu5": (5, "reconstructed"),
    "Cu6": (5, "reconstructed"),
    "Cu7": (5, "clear"),
    "Cu8": (5, "reconstructed"),
    "Cu9": (5, "clear"),
    "Cu10": (6, "reconstructed"),
    "Cu11": (None, "lost"),
    "Cu12": (9, "clear"),
    "Cu13": (9, "clear"),
    "Cu14": (9, "reconstructed"),
    "Cu15": (9, "clear"),
    "Cu16a": (9, "clear"),
    "Cu16b": (9, "clear"),
    "Cu17": (9, "clear"),
    "Cu18": (12, "clear"),
    "Ca1": (6, "lost"),
    "Ca2": (6, "clear"),
}

# ipc-frameworks.md §2.4 §1 and §8: PHOF references (section, logic-model column).
PHOF = {
    "A01b": (1, "input"),
    "A01c": (1, "input"),
    "A02a": (1, "input"),
    "C29": (1, "output"),
    "E13": (1, "output"),
    "C28": (1, "outcome"),  # printed as one entry C28a-C28d
    "B18a": (1, "outcome"),
    "B18b": (1, "outcome"),
    "B06a": (8, "output"),
    "B06b": (8, "output"),
}


def group(code: str) -> str:
    """The ASCOF 2018-19 measure group of a code: '1C1A' -> '1C', '2A1' -> '2A', '1I2' -> '1I'."""
    return code[:2]


def by_code(framework: str) -> dict[str, object]:
    return {m.code: m for m in load_catalogue(framework)}


# ---------------------------------------------------------------- 1. schema: broken files are refused

VALID_MEASURE = {
    "code": "1A",
    "title": "Social care-related quality of life",
    "domain": "1",
    "unit": "mean score",
    "decimals": 1,
    "polarity": "higher",
    "numerator": "n",
    "denominator": "d",
    "source": "ASCS",
    "source_detail": "ASCS Q3a",
    "survey": "users",
    "disaggregations": ["1864", "65OV"],
    "published_descriptions": ["Social care-related quality of life"],
    "years": ["2019-20"],
    "verified": True,
    "evidence": "test",
    "lineage": [],
}

VALID_HEADER = {
    "id": "test-framework",
    "kind": "ascof",
    "title": "A test framework",
    "in_use": "never",
    "source": "this test",
}


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(value)


def toml_text(header: dict, tables: dict[str, list[dict]]) -> str:
    """A catalogue file: the [framework] table, then arrays of tables."""
    lines = ["[framework]"] + [f"{k} = {_toml_value(v)}" for k, v in header.items()]
    for name, entries in tables.items():
        for entry in entries:
            lines += ["", f"[[{name}]]"] + [f"{k} = {_toml_value(v)}" for k, v in entry.items()]
    return "\n".join(lines) + "\n"


def write_catalogue(tmp_path: Path, header: dict, tables: dict[str, list[dict]], name: str = "broken.toml") -> Path:
    path = tmp_path / name
    path.write_text(toml_text(header, tables), encoding="utf-8")
    return path


def refusal(path: Path) -> str:
    """The message of the AscofError that loading `path` must raise."""
    with pytest.raises(AscofError) as caught:
        load_catalogue_file(path)
    return str(caught.value)


def test_the_valid_template_loads(tmp_path):
    """Guard for the tests below: the unbroken file loads, so each refusal is due to its one change."""
    second = VALID_MEASURE | {"code": "1B", "title": "Control", "unit": "percentage"}
    catalogue = load_catalogue_file(write_catalogue(tmp_path, VALID_HEADER, {"measures": [VALID_MEASURE, second]}))
    assert catalogue.id == "test-framework"
    assert catalogue.codes() == ("1A", "1B")
    assert catalogue.measure("1b").unit == "percentage"


BROKEN_MEASURES = [
    # (id, change to the second entry "1B" (None = delete the field), words the message must contain)
    ("polarity-up", {"polarity": "up"}, ["'polarity'", "'up'"]),
    ("unknown-unit", {"unit": "percent"}, ["'unit'", "'percent'"]),
    ("missing-title", {"title": None}, ["'title'", "missing"]),
    ("missing-polarity", {"polarity": None}, ["'polarity'", "missing"]),
    ("unknown-field", {"colour": "blue"}, ["'colour'", "unknown field"]),
    ("bool-for-decimals", {"decimals": True}, ["'decimals'"]),
    ("decimals-out-of-range", {"decimals": 7}, ["'decimals'"]),
    ("bad-year", {"years": ["2019/20"]}, ["'years'", "2019/20"]),
    ("bad-disaggregation", {"disaggregations": ["18-64"]}, ["'disaggregations'", "18-64"]),
    ("bad-survey", {"survey": "both"}, ["'survey'", "'both'"]),
    ("bad-source", {"source": "Gallup"}, ["'source'", "'Gallup'"]),
    ("text-for-verified", {"verified": "yes"}, ["'verified'"]),
    ("text-for-lineage", {"lineage": "ascof-2018-19:1B"}, ["'lineage'"]),
    ("number-in-lineage", {"lineage": [1]}, ["'lineage'"]),
]


@pytest.mark.parametrize("change, words", [b[1:] for b in BROKEN_MEASURES], ids=[b[0] for b in BROKEN_MEASURES])
def test_a_broken_measure_is_refused_naming_file_entry_and_field(tmp_path, change, words):
    second = VALID_MEASURE | {"code": "1B"}
    for name, value in change.items():
        if value is None:
            del second[name]
        else:
            second[name] = value
    path = write_catalogue(tmp_path, VALID_HEADER, {"measures": [VALID_MEASURE, second]})
    message = refusal(path)
    assert str(path) in message
    assert "(1B)" in message  # the broken entry, by its code ...
    assert "(1A)" not in message  # ... and not the sound one
    for word in words:
        assert word in message


def test_a_duplicate_code_is_refused(tmp_path):
    path = write_catalogue(tmp_path, VALID_HEADER, {"measures": [VALID_MEASURE, VALID_MEASURE]})
    message = refusal(path)
    assert str(path) in message
    assert "'1A'" in message and "more than once" in message


def test_every_problem_of_a_file_is_listed(tmp_path):
    second = VALID_MEASURE | {"code": "1B", "polarity": "up"}
    third = VALID_MEASURE | {"code": "1C", "colour": "blue"}
    message = refusal(write_catalogue(tmp_path, VALID_HEADER, {"measures": [VALID_MEASURE, second, third]}))
    assert "(1B)" in message and "'polarity'" in message
    assert "(1C)" in message and "'colour'" in message


def test_invalid_toml_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "not-toml.toml"
    path.write_text('[framework]\nid = "x\n[[measures]\ncode = 1A\n', encoding="utf-8")
    message = refusal(path)
    assert str(path) in message
    assert "not valid TOML" in message


def test_a_missing_file_is_refused_naming_it(tmp_path):
    path = tmp_path / "nowhere.toml"
    message = refusal(path)
    assert str(path) in message


@pytest.mark.parametrize(
    "header_change, words",
    [
        ({"kind": "spreadsheet"}, ["[framework]", "'kind'", "'spreadsheet'"]),
        ({"title": None}, ["[framework]", "'title'", "missing"]),
        ({"colour": "blue"}, ["[framework]", "'colour'"]),
    ],
    ids=["unknown-kind", "missing-title", "unknown-field"],
)
def test_a_broken_framework_table_is_refused(tmp_path, header_change, words):
    header = dict(VALID_HEADER)
    for name, value in header_change.items():
        if value is None:
            del header[name]
        else:
            header[name] = value
    path = write_catalogue(tmp_path, header, {"measures": [VALID_MEASURE]})
    message = refusal(path)
    assert str(path) in message
    for word in words:
        assert word in message


def test_a_table_the_kind_does_not_have_is_refused(tmp_path):
    # "deletions" belongs to Option One files, not to ASCOF ones.
    deletion = {"code": "2D", "title": "t", "reason": "r", "confidence": "clear"}
    message = refusal(write_catalogue(tmp_path, VALID_HEADER, {"measures": [VALID_MEASURE], "deletions": [deletion]}))
    assert "deletions" in message


def test_a_broken_option_one_entry_is_refused(tmp_path):
    header = VALID_HEADER | {"kind": "ipc-option-one"}
    measure = {
        "code": "QL1",
        "title": "t",
        "polarity": "higher",
        "unit": "percentage",
        "number": 1,
        "domain": "QL",
        "status": "kept",  # the schema's word is "keep"
        "status_as_printed": "Keep (1B)",
        "confidence": "clear",
    }
    path = write_catalogue(tmp_path, header, {"measures": [measure]})
    message = refusal(path)
    assert str(path) in message
    assert "(QL1)" in message and "'status'" in message and "'kept'" in message


def test_a_broken_option_two_outcome_is_refused_naming_its_letter(tmp_path):
    header = VALID_HEADER | {"kind": "ipc-option-two"}
    outcome = {"letter": "bb", "section": 12, "statement": "s", "confidence": "maybe"}
    path = write_catalogue(tmp_path, header, {"outcomes": [outcome]})
    message = refusal(path)
    assert str(path) in message
    assert "(bb)" in message and "'confidence'" in message and "'maybe'" in message


def test_a_non_table_entry_is_refused_with_a_plain_error(tmp_path):
    path = tmp_path / "scalars.toml"
    # a top-level key must come before the first table header
    path.write_text("measures = [1, 2]\n" + toml_text(VALID_HEADER, {}), encoding="utf-8")
    message = refusal(path)
    assert str(path) in message and "measures" in message


def test_codes_differing_only_in_case_are_refused_as_duplicates(tmp_path):
    twin = VALID_MEASURE | {"code": "1a", "title": "Shadow"}
    path = write_catalogue(tmp_path, VALID_HEADER, {"measures": [VALID_MEASURE, twin]})
    assert "more than once" in refusal(path)


# ---------------------------------------------------------------- every bundled file loads

def test_the_four_frameworks():
    assert FRAMEWORKS == ("ascof-2018-19", "ascof-2023-24", "ipc-option-one", "ipc-option-two")


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_bundled_file_meets_the_schema(framework):
    path = catalogue_path(framework)
    assert path.name == f"{framework}.toml" and path.is_file()
    catalogue = load_catalogue_file(path)  # not the cached copy: the check runs again here
    assert catalogue.id == framework
    assert len(catalogue) > 0


@pytest.mark.parametrize(
    "framework, kind",
    [
        ("ascof-2018-19", "ascof"),
        ("ascof-2023-24", "ascof"),
        ("ipc-option-one", "ipc-option-one"),
        ("ipc-option-two", "ipc-option-two"),
    ],
)
def test_each_framework_has_its_kind(framework, kind):
    assert load_catalogue(framework).kind == kind


def test_an_unknown_framework_is_refused_naming_the_valid_ones():
    with pytest.raises(AscofError) as caught:
        load_catalogue("ascof-2030-31")
    for name in ("ascof-2018-19", "ascof-2023-24", "ipc-option-one", "ipc-option-two"):
        assert name in str(caught.value)


def test_an_unknown_code_is_refused_listing_the_valid_codes():
    with pytest.raises(AscofError) as caught:
        load_catalogue("ascof-2018-19").measure("9Z")
    message = str(caught.value)
    assert "9Z" in message
    listed = message.split("valid codes:")[1]
    assert [c.strip() for c in listed.split(",")] == ASCOF_2018_CODES


def test_codes_are_found_whatever_their_case():
    catalogue = load_catalogue("ascof-2018-19")
    assert catalogue.measure("1c1a").code == "1C1A"
    assert catalogue.measure(" 2a1 ").code == "2A1"
    assert catalogue.find("9Z") is None


def test_a_measure_as_a_dictionary_starts_with_its_five_main_fields():
    measure = load_catalogue("ascof-2018-19").measure("2A1")
    fields = measure.as_dict()
    assert list(fields)[:5] == ["framework", "code", "title", "polarity", "unit"]
    assert fields["framework"] == "ascof-2018-19" and fields["code"] == "2A1"
    assert measure.key == "ascof-2018-19:2A1"
    assert measure.get("no such field", "fallback") == "fallback"


# ---------------------------------------------------------------- 2. ASCOF 2018-19

def test_ascof_2018_has_exactly_the_29_codes_in_order():
    assert list(load_catalogue("ascof-2018-19").codes()) == ASCOF_2018_CODES


@pytest.mark.parametrize("code, polarity, unit", [(c, *pu) for c, pu in ASCOF_2018_POLARITY_UNIT.items()])
def test_ascof_2018_polarity_and_unit(code, polarity, unit):
    measure = load_catalogue("ascof-2018-19").measure(code)
    assert (measure.polarity, measure.unit) == (polarity, unit)


@pytest.mark.parametrize("code", ASCOF_2018_CODES)
def test_ascof_2018_survey_membership(code):
    expected = "users" if code in USERS_SURVEY else "carers" if code in CARERS_SURVEY else "none"
    assert load_catalogue("ascof-2018-19").measure(code).get("survey") == expected


@pytest.mark.parametrize("code", ASCOF_2018_CODES)
def test_ascof_2018_data_source(code):
    assert load_catalogue("ascof-2018-19").measure(code).get("source") in ASCOF_2018_SOURCE[code]


def test_ascof_2018_2b2_names_hospital_episode_statistics():
    # §1.2: 2B2's denominator is all 65+ discharges, from HES.
    detail = load_catalogue("ascof-2018-19").measure("2B2").get("source_detail")
    assert "HES" in detail or "Hospital Episode Statistics" in detail


@pytest.mark.parametrize("code", ASCOF_2018_CODES)
def test_ascof_2018_domain_is_the_first_digit(code):
    assert load_catalogue("ascof-2018-19").measure(code).get("domain") == code[0]


@pytest.mark.parametrize("code", ["2C1", "2C2", "2C3"])
def test_delayed_transfers_were_last_published_for_2019_20(code):
    # §1.1: the DTOC SitRep was suspended in March 2020.
    assert load_catalogue("ascof-2018-19").measure(code).get("years")[-1] == "2019-20"


@pytest.mark.parametrize("code", sorted(set(ASCOF_2018_CODES) - {"2C1", "2C2", "2C3"}))
def test_other_measures_run_past_2019_20(code):
    assert load_catalogue("ascof-2018-19").measure(code).get("years")[-1] > "2019-20"


@pytest.mark.parametrize("code", sorted(CARERS_SURVEY))
def test_carers_survey_measures_are_not_annual(code):
    # §1.1: SACE is biennial, so no two years of a carers' measure follow each other.
    starts = [int(year[:4]) for year in load_catalogue("ascof-2018-19").measure(code).get("years")]
    assert starts and all(later - earlier >= 2 for earlier, later in zip(starts, starts[1:]))


@pytest.mark.parametrize(
    "code, suffixes",
    [
        ("1C1B", {"64U"}),  # §1.1: 64U is used for carers 1C1B/1C2B
        ("1C2B", {"64U"}),
        ("2B1", {"6574", "7584", "85OV"}),  # §1.1: 2B also has 6574, 7584, 85OV
        ("2B2", {"6574", "7584", "85OV"}),
    ],
)
def test_ascof_2018_disaggregation_suffixes(code, suffixes):
    assert suffixes <= set(load_catalogue("ascof-2018-19").measure(code).get("disaggregations"))


def test_the_carers_band_64u_belongs_only_to_the_carers_self_directed_support_measures():
    with_64u = {m.code for m in load_catalogue("ascof-2018-19") if "64U" in m.get("disaggregations", [])}
    assert with_64u == {"1C1B", "1C2B"}


@pytest.mark.parametrize(
    "code, title",
    [
        ("1A", "Social care-related quality of life"),
        ("1B", "Proportion of people who use services who have control over their daily life"),
        ("1D", "Carer-reported quality of life"),
        ("1E", "Proportion of adults with learning disabilities in paid employment"),
        (
            "1I1",
            "Proportion of people who use services who reported that they had as much social contact as they would like",
        ),
        ("3A", "Overall satisfaction of people who use services with their care and support"),
        ("3B", "Overall satisfaction of carers with social services"),
        ("4A", "Proportion of people who use services who feel safe"),
    ],
)
def test_ascof_2018_titles(code, title):
    assert load_catalogue("ascof-2018-19").measure(code).title == title


@pytest.mark.parametrize("code", ASCOF_2018_CODES)
def test_ascof_2018_verified_flag_follows_the_evidence_tags(code):
    # §1.2 Evidence: [K]/[?] anywhere in a definition means not verified.
    assert load_catalogue("ascof-2018-19").measure(code).get("verified") is (code not in ASCOF_2018_UNVERIFIED)


# ---------------------------------------------------------------- ASCOF from 2023-24

def test_ascof_2023_has_the_six_objectives():
    domains = load_catalogue("ascof-2023-24").tables["domains"]
    assert [d["code"] for d in domains] == ["1", "2", "3", "4", "5", "6"]
    for domain, objective in zip(domains, OBJECTIVES_2023):
        assert domain["title"].lower().startswith(objective)


def test_ascof_2023_has_every_metric_and_part_in_order():
    assert list(load_catalogue("ascof-2023-24").codes()) == CODES_2023


@pytest.mark.parametrize("code", CODES_2023)
def test_ascof_2023_lineage(code):
    measure = load_catalogue("ascof-2023-24").measure(code)
    old = LINEAGE_2023[code]
    assert list(measure.lineage) == ([f"ascof-2018-19:{old}"] if old else [])


def test_ascof_2023_measures_removed_in_2023_have_no_successor():
    # ascof-2023-framework.md §1: old 1E, 1F, 1H and 4B were removed; 2C1-2C3 ended.
    continued = {ref for m in load_catalogue("ascof-2023-24") for ref in m.lineage}
    for old in ("1E", "1F", "1H", "4B", "2C1", "2C2", "2C3"):
        assert f"ascof-2018-19:{old}" not in continued


@pytest.mark.parametrize("code", CODES_2023)
def test_ascof_2023_polarity_is_inferred(code):
    measure = load_catalogue("ascof-2023-24").measure(code)
    assert measure.polarity == ("lower" if code in LOWER_2023 else "higher")
    assert measure.get("polarity_source") == "inferred"


@pytest.mark.parametrize("code", sorted(UNITS_2023))
def test_ascof_2023_units_and_decimals(code):
    measure = load_catalogue("ascof-2023-24").measure(code)
    assert (measure.unit, measure.get("decimals")) == UNITS_2023[code]


def test_ascof_2023_measures_keep_the_unit_and_polarity_of_what_they_continue():
    old = by_code("ascof-2018-19")
    for measure in load_catalogue("ascof-2023-24"):
        for reference in measure.lineage:
            ancestor = old[reference.split(":")[1]]
            assert (measure.unit, measure.polarity) == (ancestor.unit, ancestor.polarity), measure.code


@pytest.mark.parametrize("code", CODES_2023)
def test_ascof_2023_verified_flag_follows_the_evidence(code):
    assert load_catalogue("ascof-2023-24").measure(code).get("verified") is (code not in UNVERIFIED_2023)


@pytest.mark.parametrize("code", CODES_2023)
def test_ascof_2023_years_published(code):
    years = load_catalogue("ascof-2023-24").measure(code).get("years")
    if code in ONLY_2023_24:
        assert years == ["2023-24"]
    elif code in ONLY_2024_25:
        assert years == ["2024-25"]
    else:
        assert years == ["2023-24", "2024-25"]


@pytest.mark.parametrize("code", CODES_2023)
def test_ascof_2023_survey_membership(code):
    expected = "carers" if code in CARERS_2023 else "users" if code in USERS_2023 else "none"
    assert load_catalogue("ascof-2023-24").measure(code).get("survey") == expected


def test_activity_metrics_come_from_salt_in_2023_24_and_cld_from_2024_25():
    for measure in load_catalogue("ascof-2023-24"):
        by_year = measure.get("source_by_year") or {}
        for year in measure.get("years"):
            expected = ("CLD" if year == "2024-25" else "SALT") if measure.code in CLD_2024 | {"3D1B", "3D2B"} else None
            if expected:
                assert by_year.get(year, measure.get("source")) == expected, (measure.code, year)


def test_decimals_are_those_of_the_published_2024_25_council_values():
    # The oracle: DHSC's 2024-25 council outcomes as bundled from its CSV, text as published; a
    # measure's decimals are the most any council's value shows (1B three, 2D1 and 2D2 two).
    published: dict[str, int] = {}
    path = resources.files("ascof_xl") / "data" / "ascof-2024-25.csv.gz"
    with gzip.open(io.BytesIO(path.read_bytes()), "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if (row["level"], row["measure_type"], row["disaggregation"]) == ("council", "Outcome", "Total"):
                places = len(row["value"].partition(".")[2])
                published[row["measure"]] = max(published.get(row["measure"], 0), places)
    decimals = {m.code: m.get("decimals") for m in load_catalogue("ascof-2023-24") if m.code in published}
    assert len(decimals) == len(published) == 20
    assert decimals == published


@pytest.mark.parametrize("framework", ["ascof-2018-19", "ascof-2023-24"])
def test_survey_field_agrees_with_the_data_source(framework):
    for measure in load_catalogue(framework):
        expected = {"ASCS": "users", "SACE": "carers"}.get(measure.get("source"), "none")
        assert measure.get("survey") == expected, measure.code


@pytest.mark.parametrize(
    "year, framework",
    [
        ("2014-15", "ascof-2018-19"),
        ("2019-20", "ascof-2018-19"),
        ("2022-23", "ascof-2018-19"),
        ("2023-24", "ascof-2023-24"),
        ("2024-25", "ascof-2023-24"),
    ],
)
def test_framework_for_year(year, framework):
    # ascof-definitions.md §2.1: the six objectives replace the four domains from April 2023.
    assert framework_for_year(year) == framework


def test_framework_for_year_refuses_a_malformed_year():
    with pytest.raises(AscofError):
        framework_for_year("2023")


@pytest.mark.parametrize("framework", ["ascof-2018-19", "ascof-2023-24"])
def test_every_year_of_a_measure_belongs_to_its_framework(framework):
    for measure in load_catalogue(framework):
        assert measure.get("years"), measure.code
        for year in measure.get("years"):
            assert framework_for_year(year) == framework, (measure.code, year)


# ---------------------------------------------------------------- IPC Option One

def test_option_one_has_the_55_codes_in_order():
    catalogue = load_catalogue("ipc-option-one")
    assert len(catalogue) == 55
    assert list(catalogue.codes()) == OPTION_ONE_CODES


def test_option_one_items_are_numbered_1_to_55_in_order():
    assert [m.get("number") for m in load_catalogue("ipc-option-one")] == list(range(1, 56))


@pytest.mark.parametrize("prefix, count", OPTION_ONE_DOMAINS)
def test_option_one_domain_counts(prefix, count):
    in_domain = [m for m in load_catalogue("ipc-option-one") if m.get("domain") == prefix]
    assert len(in_domain) == count
    assert all(re.fullmatch(rf"{prefix}\d+", m.code) for m in in_domain)


def test_option_one_domains_table():
    domains = load_catalogue("ipc-option-one").tables["domains"]
    assert [d["code"] for d in domains] == [prefix for prefix, _ in OPTION_ONE_DOMAINS]
    titles = [d["title"] for d in domains]
    assert "Enhancing quality of life for people with care and support needs" in titles[0]
    assert "Delaying and reducing the need for care and support" in titles[1]
    assert "Integration" in titles[4] and "Sustainable Markets" in titles[5]
    assert "Use of Resources" in titles[6] and "Demand Management" in titles[7]


@pytest.mark.parametrize("number", range(1, 56))
def test_option_one_confidence(number):
    measure = load_catalogue("ipc-option-one").measures[number - 1]
    expected = "lost" if number in OPTION_ONE_LOST else "reconstructed" if number in OPTION_ONE_RECONSTRUCTED else "clear"
    assert measure.get("confidence") == expected


def test_option_one_confidence_counts():
    counts = {}
    for measure in load_catalogue("ipc-option-one"):
        counts[measure.get("confidence")] = counts.get(measure.get("confidence"), 0) + 1
    assert counts == {"clear": 42, "reconstructed": 11, "lost": 2}


@pytest.mark.parametrize("code", OPTION_ONE_CODES)
def test_option_one_status(code):
    measure = load_catalogue("ipc-option-one").measure(code)
    expected = "revised" if code in OPTION_ONE_REVISED else "keep" if code in OPTION_ONE_KEPT else "new"
    assert measure.get("status") == expected


@pytest.mark.parametrize("code, current", sorted((OPTION_ONE_REVISED | OPTION_ONE_KEPT).items()))
def test_option_one_status_as_printed_names_the_current_indicator(code, current):
    printed = load_catalogue("ipc-option-one").measure(code).get("status_as_printed")
    assert f"({current})" in printed
    assert printed.split()[0] == ("Revised" if code in OPTION_ONE_REVISED else "Keep")


def test_option_one_new_domains_have_no_per_item_status():
    for measure in load_catalogue("ipc-option-one").measures[28:]:
        assert measure.get("status_as_printed") == "New (domain)", measure.code


def test_option_one_dr8_status_was_not_printed():
    printed = load_catalogue("ipc-option-one").measure("DR8").get("status_as_printed")
    assert "not printed" in printed.lower()


@pytest.mark.parametrize("code", OPTION_ONE_CODES)
def test_option_one_lineage_follows_the_bracketed_current_indicator(code):
    # §1.2: "Current ASCOF indicator in brackets"; 2E and 2F were never published, so no link;
    # §1.3 A11: DR3 restates 2A part 1. New items continue nothing.
    expected = {**OPTION_ONE_REVISED, **OPTION_ONE_KEPT, "DR3": "2A"}.get(code)
    measure = load_catalogue("ipc-option-one").measure(code)
    groups = {group(ref.split(":")[1]) for ref in measure.lineage}
    assert all(ref.startswith("ascof-2018-19:") for ref in measure.lineage)
    assert groups == ({expected} if expected in {"1B", "1C", "1E", "1F", "1G", "1H", "2A", "2C"} else set())


def test_option_one_dr3_continues_the_younger_adults_part_of_2a():
    assert load_catalogue("ipc-option-one").measure("DR3").lineage == ("ascof-2018-19:2A1",)


def test_option_one_dr6_continues_all_and_social_care_delays_only():
    # "Delayed transfers of care from hospital, and those which are attributable to adult social care"
    assert set(load_catalogue("ipc-option-one").measure("DR6").lineage) == {
        "ascof-2018-19:2C1",
        "ascof-2018-19:2C2",
    }


def test_option_one_deletions_are_the_report_5_2_groups():
    deletions = load_catalogue("ipc-option-one").tables["deletions"]
    assert {group(d["code"]) for d in deletions} == OPTION_ONE_DELETED_GROUPS


def test_option_one_deletions_name_existing_2018_19_measures():
    existing = set(ASCOF_2018_CODES)
    for deletion in load_catalogue("ipc-option-one").tables["deletions"]:
        assert deletion["code"] in existing, deletion["code"]


def test_option_one_deleted_1i_and_2b_cover_both_parts():
    # §1.4: "1I ... people who use services and carers"; "2B" as a whole.
    codes = {d["code"] for d in load_catalogue("ipc-option-one").tables["deletions"]}
    assert {"1I1", "1I2", "2B1", "2B2"} <= codes


def test_option_one_accounts_for_every_current_measure_group_once():
    # §1.5: 2 kept + 6 revised + 8 deleted + 4 not mentioned = 20 groups.
    catalogue = load_catalogue("ipc-option-one")
    continued = {group(ref.split(":")[1]) for m in catalogue for ref in m.lineage}
    deleted = {group(d["code"]) for d in catalogue.tables["deletions"]}
    assert continued == {"1B", "1C", "1E", "1F", "1G", "1H", "2A", "2C"}
    assert not continued & deleted
    assert not (continued | deleted) & OPTION_ONE_UNMENTIONED_GROUPS
    assert continued | deleted | OPTION_ONE_UNMENTIONED_GROUPS == {group(c) for c in ASCOF_2018_CODES}


@pytest.mark.parametrize(
    "code, title",
    [
        ("QL7", "Proportion of adults in contact with secondary mental health services living independently, "
                "with or without support"),
        ("DR10", "Effectiveness of reablement services"),
        ("PE1", "Proportion of people who use services who say that those services have helped them to be more "
                "independent"),
        ("I1", "Emergency hospital admissions due to falls in people aged 65 and over"),
        ("SM5", "Average hourly rates for home support"),
        ("DM13", "Median waiting time for reablement"),
    ],
)
def test_option_one_titles(code, title):
    assert load_catalogue("ipc-option-one").measure(code).title == title


# ---------------------------------------------------------------- IPC Option Two

def test_option_two_has_12_sections_numbered_1_to_12():
    sections = load_catalogue("ipc-option-two").tables["sections"]
    assert [s["number"] for s in sections] == list(range(1, 13))


@pytest.mark.parametrize("number", range(1, 13))
def test_option_two_section_headings(number):
    section = load_catalogue("ipc-option-two").tables["sections"][number - 1]
    title, person_centred = OPTION_TWO_SECTIONS[number]
    assert section["title"] == title
    assert section["person_centred_heading"] == person_centred


def test_option_two_items():
    codes = load_catalogue("ipc-option-two").codes()
    assert len(codes) == len(set(codes)) == 92  # §2.5: 84 numbered slots + 8 unnumbered
    assert set(codes) == set(OPTION_TWO_ITEM_SECTIONS)


@pytest.mark.parametrize("code", sorted(OPTION_TWO_ITEM_SECTIONS))
def test_option_two_item_section(code):
    assert load_catalogue("ipc-option-two").measure(code).get("section") == OPTION_TWO_ITEM_SECTIONS[code]


@pytest.mark.parametrize("code", sorted(OPTION_TWO_ITEM_SECTIONS))
def test_option_two_item_confidence(code):
    expected = "lost" if code in OPTION_TWO_LOST else "reconstructed" if code in OPTION_TWO_RECONSTRUCTED else "clear"
    assert load_catalogue("ipc-option-two").measure(code).get("confidence") == expected


def test_option_two_confidence_counts():
    # §2.5: numbered 58 clear, 15 reconstructed, 11 lost; unnumbered 7 clear, 1 reconstructed.
    counts = {}
    for measure in load_catalogue("ipc-option-two"):
        kind = "unnumbered" if ".u" in measure.code else "numbered"
        counts[kind, measure.get("confidence")] = counts.get((kind, measure.get("confidence")), 0) + 1
    assert counts == {
        ("numbered", "clear"): 58,
        ("numbered", "reconstructed"): 15,
        ("numbered", "lost"): 11,
        ("unnumbered", "clear"): 7,
        ("unnumbered", "reconstructed"): 1,
    }


@pytest.mark.parametrize("code", sorted(OPTION_TWO_STAGES))
def test_option_two_item_stage(code):
    assert load_catalogue("ipc-option-two").measure(code).get("stage") == OPTION_TWO_STAGES[code]


def test_option_two_outcome_letters_run_a_to_bb():
    outcomes = load_catalogue("ipc-option-two").tables["outcomes"]
    lettered = [o["letter"] for o in outcomes if re.fullmatch(r"[a-z]{1,2}", o["letter"])]
    assert lettered == OUTCOME_LETTERS
    # §2.4 §1: besides a-bb there is one unlettered statement, in section 1.
    others = [o for o in outcomes if o["letter"] not in OUTCOME_LETTERS]
    assert [o["section"] for o in others] == [1]


@pytest.mark.parametrize("letter", OUTCOME_LETTERS)
def test_option_two_outcome_section_and_state(letter):
    outcome = next(o for o in load_catalogue("ipc-option-two").tables["outcomes"] if o["letter"] == letter)
    expected = "lost" if letter in OUTCOMES_LOST else "reconstructed" if letter in OUTCOMES_RECONSTRUCTED else "clear"
    assert (outcome["section"], outcome["confidence"]) == (OUTCOME_SECTIONS[letter], expected)


def test_option_two_outcome_aa_repeats_t():
    # §2.3 B11: outcome "aa" repeats outcome "t" verbatim.
    outcomes = {o["letter"]: o for o in load_catalogue("ipc-option-two").tables["outcomes"]}
    assert outcomes["aa"]["statement"] == outcomes["t"]["statement"]
    assert outcomes["y"]["statement"] == "People feel safe and protected from harm"
    assert outcomes["bb"]["statement"] == "People are supported by good quality care services"


def test_option_two_survey_items():
    items = load_catalogue("ipc-option-two").tables["survey_items"]
    assert {i["code"] for i in items} == set(SURVEY_ITEMS)
    assert len(items) == 21


@pytest.mark.parametrize("code", sorted(SURVEY_ITEMS))
def test_option_two_survey_item_details(code):
    item = next(i for i in load_catalogue("ipc-option-two").tables["survey_items"] if i["code"] == code)
    section, state = SURVEY_ITEMS[code]
    assert item["confidence"] == state
    assert item["respondent"] == ("carer" if code.startswith("Ca") else "customer")
    if section is not None:
        assert item["section"] == section


@pytest.mark.parametrize(
    "code, continues",
    [
        ("Ca2", "ascof-2018-19:3C"),  # §1.5: 3C's wording reappears as Ca2
        ("Cu8", "ipc-option-one:PE3"),  # B6: printed (PE4) is Option One PE3
        ("Cu9", "ipc-option-one:PE4"),  # B6: printed (PE5) is Option One PE4
    ],
)
def test_option_two_survey_item_lineage(code, continues):
    item = next(i for i in load_catalogue("ipc-option-two").tables["survey_items"] if i["code"] == code)
    assert item["lineage"] == [continues]


def test_option_two_phof_indicators():
    entries = load_catalogue("ipc-option-two").tables["phof_indicators"]
    assert len(entries) == 10
    found = {("C28" if e["code"].startswith("C28") else e["code"]): e for e in entries}
    assert set(found) == set(PHOF)
    for code, (section, stage) in PHOF.items():
        assert (found[code]["section"], found[code]["stage"]) == (section, stage), code
        assert found[code]["confidence"] == ("reconstructed" if code == "B18b" else "clear"), code
    assert found["C29"]["title"] == "Emergency hospital admissions due to falls in people aged 65 and over"
    assert found["E13"]["title"] == "Hip fractures in people aged 65 and over"


# ---------------------------------------------------------------- 4. lineage

def test_no_lineage_reference_is_broken():
    assert broken_references() == []


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_lineage_points_to_other_frameworks_in_framework_code_form(framework):
    for measure in load_catalogue(framework):
        for reference in measure.lineage:
            target_framework, _, code = reference.partition(":")
            assert target_framework in FRAMEWORKS and code, reference
            assert target_framework != framework, (measure.code, reference)


def test_find_measures_searches_every_framework_in_order():
    assert [m.framework for m in find_measures("1A")] == ["ascof-2018-19", "ascof-2023-24"]
    assert [m.key for m in find_measures("ascof-2023-24:2B")] == ["ascof-2023-24:2B"]
    assert [m.key for m in find_measures("2b", "ascof-2023-24")] == ["ascof-2023-24:2B"]


def test_find_measures_refuses_unknown_codes_and_frameworks():
    with pytest.raises(AscofError, match="9Z"):
        find_measures("9Z")
    with pytest.raises(AscofError) as caught:
        find_measures("3D1C")
    assert "closest codes:" in str(caught.value) and "ascof-2023-24:3D1A" in str(caught.value)
    with pytest.raises(AscofError, match="ascof-2018-19"):
        find_measures("1A", "ascof-1999-00")


def test_2018_2d_reaches_2023_2a():
    start = load_catalogue("ascof-2018-19").measure("2D")
    reached = {m.key: steps for m, steps in equivalents(start)}
    assert reached["ascof-2018-19:2D"] == 0
    assert reached["ascof-2023-24:2A"] == 1


def test_links_read_both_ways():
    start = load_catalogue("ascof-2023-24").measure("2A")
    assert "ascof-2018-19:2D" in {m.key for m, _ in equivalents(start)}


def test_2018_2a1_reaches_2023_2b_and_option_one_dr1_and_dr3_in_one_step():
    reached = {m.key: steps for m, steps in equivalents(load_catalogue("ascof-2018-19").measure("2A1"))}
    assert reached["ascof-2023-24:2B"] == 1
    assert reached["ipc-option-one:DR1"] == 1
    assert reached["ipc-option-one:DR3"] == 1


def test_lineage_rows_for_2018_2d():
    rows = lineage_rows("2D", "ascof-2018-19")
    assert {"from", "framework", "code", "title", "steps", "direct"} <= set(rows[0])
    match = [r for r in rows if (r["framework"], r["code"]) == ("ascof-2023-24", "2A")]
    assert len(match) == 1
    assert match[0]["from"] == "ascof-2018-19:2D"
    assert match[0]["steps"] == 1 and match[0]["direct"] is True


@pytest.mark.parametrize(
    "option_two, option_one",
    [
        # ipc-frameworks.md §1.6 overlaps between Option One and Option Two
        ("24", "QL3"),
        ("25a", "QL4"),
        ("18", "DR8"),
        ("20", "DR7"),
        ("46", "QL8"),
        ("31", "SM2"),
        ("31", "SM3"),
        ("78", "SM1"),
        ("79", "SM1"),
        ("12.u1", "SM4"),
    ],
)
def test_option_two_items_link_to_their_option_one_overlap(option_two, option_one):
    measure = load_catalogue("ipc-option-two").measure(option_two)
    assert f"ipc-option-one:{option_one}" in measure.lineage
