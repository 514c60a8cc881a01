"""The schema every catalogue file must meet, and the check that enforces it.

A catalogue file is TOML. Its `[framework]` table names the framework and its kind;
the kind decides which tables the file holds and which fields each entry takes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

POLARITIES = ("higher", "lower", "none")
UNITS = (
    "percentage",
    "rate per 100,000",
    "mean score",
    "index",
    "number",
    "median",
    "unspecified",
)
CONFIDENCES = ("clear", "reconstructed", "lost")
SOURCES = ("ASCS", "SACE", "SALT", "CLD", "SAC", "MHSDS", "DTOC", "HES", "ONS", "ASC-WDS", "CQC", "other")
POLARITY_SOURCES = ("stated", "inferred")
BREAK_KINDS = ("break", "stands apart", "note")
SURVEYS = ("users", "carers", "none")
STAGES = ("input", "activities", "output", "outcome")
STATUSES = ("keep", "revised", "new")
DISAGGREGATIONS = ("1864", "65OV", "64U", "6584", "85OV", "6574", "7584", "F", "M")
KINDS = ("ascof", "ipc-option-one", "ipc-option-two")
YEAR_PATTERN = r"^20\d\d-\d\d$"


@dataclass(frozen=True)
class Field:
    """One field of a catalogue entry: its Python type, whether it must be there, and its allowed values."""

    type: type | tuple[type, ...]
    required: bool = True
    choices: tuple[Any, ...] | None = None
    pattern: str | None = None
    item_type: type | None = None  # for list fields: the type of each item


def _text(required: bool = True) -> Field:
    return Field(str, required)


def _choice(choices: tuple[str, ...], required: bool = True) -> Field:
    return Field(str, required, choices)


def _list(item_type: type = str, required: bool = False, choices: tuple[str, ...] | None = None) -> Field:
    return Field(list, required, choices, item_type=item_type)


FRAMEWORK_TABLE = {
    "id": _text(),
    "kind": _choice(KINDS),
    "title": _text(),
    "in_use": _text(),
    "source": _text(),
    "note": _text(required=False),
}

DOMAIN_TABLE = {
    "code": _text(),
    "title": _text(),
    "note": _text(required=False),
    "confidence": _choice(CONFIDENCES, required=False),
}

# Fields that every measure carries, whatever its framework.
COMMON_MEASURE = {
    "code": _text(),
    "title": _text(),
    "polarity": _choice(POLARITIES),
    "unit": _choice(UNITS),
    "note": _text(required=False),
    # Codes in other frameworks this measure continues, written "framework:code".
    "lineage": _list(),
}

ASCOF_MEASURE = COMMON_MEASURE | {
    # Whether a source states the polarity, or it is carried from the measure continued ("inferred").
    "polarity_source": _choice(POLARITY_SOURCES, required=False),
    # The metric a part belongs to (2D for 2D1 and 2D2).
    "metric": _text(required=False),
    # Other codes the measure was published under (2E1 was published as 2E in 2023-24).
    "aliases": _list(),
    "domain": _text(),
    "decimals": Field(int, choices=(0, 1, 2, 3)),
    # Where a year's publication rounds otherwise: all its values, or those of England, the regions and
    # the council types (2D1: one decimal in 2023-24; in 2024-25 two for councils, one for the rest).
    "decimals_by_year": Field(dict, required=False, choices=(0, 1, 2, 3), pattern=YEAR_PATTERN),
    "aggregate_decimals_by_year": Field(dict, required=False, choices=(0, 1, 2, 3), pattern=YEAR_PATTERN),
    # The code a year's publication used where it is not the measure's (2E1 was published as 2E in 2023-24).
    "codes_by_year": Field(dict, required=False, pattern=YEAR_PATTERN),
    "numerator": _text(),
    "denominator": _text(),
    "source": _choice(SOURCES),
    "source_detail": _text(),
    "survey": _choice(SURVEYS),
    "disaggregations": _list(choices=DISAGGREGATIONS),
    # Labels the measure has carried as "Measure Group Description" in published files.
    "published_descriptions": _list(required=True),
    # The handbook's title for the whole group a part belongs to (1C, 2A ...), which a file may
    # give every part; parts sharing it are told apart by their order, as for shared descriptions.
    "group_title": _text(required=False),
    "years": Field(list, required=True, pattern=YEAR_PATTERN, item_type=str),
    # Data source by year where it changed (e.g. SALT in 2023-24, CLD from 2024-25).
    "source_by_year": Field(dict, required=False, choices=SOURCES, pattern=YEAR_PATTERN),
    "verified": Field(bool),
    "evidence": _text(),
}

# A comparability note of the publication: from `year` on the series cannot be compared with
# the years before ("break"), `year` is compared with no other year ("stands apart"), or a change
# the publication says does not break the series but should be borne in mind ("note").
SERIES_BREAK = {
    "code": _text(),
    "year": Field(str, pattern=YEAR_PATTERN),
    "kind": _choice(BREAK_KINDS),
    "reason": _text(),
    "source": _text(),
}

OPTION_ONE_MEASURE = COMMON_MEASURE | {
    "number": Field(int),
    "domain": _text(),
    "status": _choice(STATUSES),
    "status_as_printed": _text(),
    "confidence": _choice(CONFIDENCES),
    "breakdowns": _list(required=False),
}

OPTION_ONE_DELETION = {
    "code": _text(),
    "title": _text(),
    "reason": _text(),
    "confidence": _choice(CONFIDENCES),
    "note": _text(required=False),
}

OPTION_TWO_SECTION = {
    "number": Field(int),
    "title": _text(),
    "person_centred_heading": _text(),
    "assumption": _text(),
    "purpose": _text(),
    "client_groups": _text(required=False),
    "care_act_provision": _text(required=False),
    "confidence": _choice(CONFIDENCES),
    "note": _text(required=False),
}

OPTION_TWO_MEASURE = COMMON_MEASURE | {
    "section": Field(int),
    "stage": _choice(STAGES),
    "client_group": _text(required=False),
    "confidence": _choice(CONFIDENCES),
}

OPTION_TWO_OUTCOME = {
    "letter": _text(),
    "section": Field(int),
    "statement": _text(),
    "confidence": _choice(CONFIDENCES),
    "note": _text(required=False),
}

OPTION_TWO_SURVEY_ITEM = {
    "code": _text(),
    "respondent": _choice(("customer", "carer")),
    "section": Field(int),
    "text": _text(),
    "confidence": _choice(CONFIDENCES),
    "lineage": _list(),
    "note": _text(required=False),
}

OPTION_TWO_PHOF = {
    "code": _text(),
    "title": _text(),
    "section": Field(int),
    "stage": _choice(STAGES),
    "confidence": _choice(CONFIDENCES),
    "note": _text(required=False),
}

# Which arrays of tables each kind of file holds, and the fields of their entries.
TABLES: dict[str, dict[str, dict[str, Field]]] = {
    "ascof": {"domains": DOMAIN_TABLE, "measures": ASCOF_MEASURE, "series_breaks": SERIES_BREAK},
    "ipc-option-one": {
        "domains": DOMAIN_TABLE,
        "measures": OPTION_ONE_MEASURE,
        "deletions": OPTION_ONE_DELETION,
    },
    "ipc-option-two": {
        "sections": OPTION_TWO_SECTION,
        "measures": OPTION_TWO_MEASURE,
        "outcomes": OPTION_TWO_OUTCOME,
        "survey_items": OPTION_TWO_SURVEY_ITEM,
        "phof_indicators": OPTION_TWO_PHOF,
    },
}


def check_entry(entry: Any, fields: dict[str, Field], where: str) -> list[str]:
    """Return one problem per broken rule in `entry`, each naming `where` it is."""
    if not isinstance(entry, dict):
        return [f"{where}: expected a table, found {type(entry).__name__}"]
    problems = [f"{where}: unknown field '{name}'" for name in entry if name not in fields]
    for name, field in fields.items():
        if name not in entry:
            if field.required:
                problems.append(f"{where}: missing required field '{name}'")
            continue
        problems.extend(_check_value(entry[name], field, f"{where} field '{name}'"))
    return problems


def _check_value(value: Any, field: Field, where: str) -> list[str]:
    # bool is a subclass of int: refuse true/false where a number is wanted.
    if not isinstance(value, field.type) or (field.type is int and isinstance(value, bool)):
        return [f"{where}: expected {_type_name(field.type)}, found {value!r}"]
    if field.type is dict:
        return _check_table_value(value, field, where)
    if field.type is list:
        items_wrong = [v for v in value if field.item_type and not isinstance(v, field.item_type)]
        if items_wrong:
            return [f"{where}: every item must be {_type_name(field.item_type)}, found {items_wrong[0]!r}"]
        if field.pattern:
            unmatched = [v for v in value if not re.match(field.pattern, v)]
            if unmatched:
                return [f"{where}: {unmatched[0]!r} is not a financial year like 2019-20"]
        if field.choices:
            bad = [v for v in value if v not in field.choices]
            if bad:
                return [f"{where}: {bad[0]!r} is not one of {', '.join(map(str, field.choices))}"]
        return []
    if field.choices is not None and value not in field.choices:
        return [f"{where}: {value!r} is not one of {', '.join(map(str, field.choices))}"]
    if field.pattern and not re.match(field.pattern, value):
        return [f"{where}: {value!r} does not match {field.pattern}"]
    return []


def _check_table_value(value: dict, field: Field, where: str) -> list[str]:
    """Keys must match the pattern and values be among the choices (source_by_year, say)."""
    for key, item in value.items():
        if field.pattern and not re.match(field.pattern, key):
            return [f"{where}: {key!r} is not a financial year like 2019-20"]
        if field.choices and item not in field.choices:
            return [f"{where}: {item!r} is not one of {', '.join(map(str, field.choices))}"]
    return []


def _type_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", bool: "true or false", list: "a list", dict: "a table"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def check_document(document: dict[str, Any]) -> list[str]:
    """Check a whole parsed catalogue file; return its problems (empty when it is sound)."""
    framework = document.get("framework")
    problems = check_entry(framework, FRAMEWORK_TABLE, "[framework]")
    if problems:
        return problems
    tables = TABLES[framework["kind"]]
    for name in document:
        if name != "framework" and name not in tables:
            problems.append(f"unknown table [[{name}]] for a file of kind '{framework['kind']}'")
    for name, fields in tables.items():
        entries = document.get(name, [])
        if not isinstance(entries, list):
            problems.append(f"[[{name}]] must be an array of tables")
            continue
        for index, entry in enumerate(entries, start=1):
            label = entry.get("code") or entry.get("letter") or entry.get("number") if isinstance(entry, dict) else None
            problems.extend(check_entry(entry, fields, f"[[{name}]] entry {index} ({label})"))
    return problems
