"""Template declarations: one TOML file per template, read into plain records the generator and validator share.

A declaration names the template's sheets and tables, its measures and its rules. Measure rows
that a catalogue defines (own figures, Option Two) are expanded here from the catalogue, so the
generator and the validator see exactly the same list.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ascof_xl.catalogue import Measure, framework_for_year, load_catalogue
from ascof_xl.errors import AscofError
from ascof_xl.published.bundled import bundled_store
from ascof_xl.survey.measures import target_measure
from ascof_xl.survey.sace import default_questions
from ascof_xl.survey.scrqol import coefficients
from ascof_xl.years import parse_year

TABLE_KINDS = ("grid", "measures", "records", "benchmark", "text")
RULE_KINDS = ("compare", "cells_le")
OPERATORS = ("=", "<=", ">=")
SEVERITIES = ("error", "warning")
# How a unit turns numerator / denominator into the published value.
MULTIPLIERS = {"percentage": 100, "rate per 100,000": 100_000, "mean score": 1, "index": 1, "number": 1,
               "median": 1, "unspecified": 1}


@dataclass(frozen=True)
class Column:
    """One column of a records table: its key (the data-return header), label, valid codes and their meanings."""

    key: str
    label: str
    codes: tuple[int, ...] = ()
    meanings: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    required: bool = False


@dataclass(frozen=True)
class Table:
    """A block of input cells: a grid (rows x columns), a measure list, person records or the benchmark list."""

    id: str
    sheet: str
    title: str
    kind: str = "grid"
    row_header: str = ""
    rows: tuple[tuple[str, str], ...] = ()
    columns: tuple[tuple[str, str], ...] = ()
    row_totals: bool = True
    column_totals: bool = True
    unit: str = "count"  # count: whole numbers; amount: any number not below zero
    record_columns: tuple[Column, ...] = ()
    record_count: int = 0
    strata: bool = False  # records weighted by NHS Digital's four strata (ASCS); else one stratum (SACE)
    measures: tuple["MeasureSpec", ...] = ()
    benchmark: bool = False
    note: str = ""
    preamble: tuple[str, ...] = ()  # lines between the title and the header row (Option Two's assumption, purpose)


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its name, title line, note and tables."""

    name: str
    title: str
    note: str
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class MeasureSpec:
    """A measure the workbook computes: how to round it, and where numerator and denominator come from."""

    code: str
    title: str
    unit: str
    polarity: str
    decimals: int
    numerator: tuple[str, ...] = ()  # references to input cells; empty when entered directly
    denominator: tuple[str, ...] = ()
    note: str = ""
    stage: str = ""
    method: dict[str, Any] = field(default_factory=dict)  # survey measures: how responses count
    framework: str = ""

    @property
    def multiplier(self) -> int:
        return MULTIPLIERS[self.unit]

    @property
    def has_denominator(self) -> bool:
        return self.unit not in ("number", "unspecified")


@dataclass(frozen=True)
class Identity:
    """A cell naming who a return is for and from: the council, the year, who prepared it and when, what it replaces."""

    key: str
    label: str
    note: str = ""
    kind: str = "text"  # text: typed in; date: a date typed in; year: the template's year, written in
    required: bool = False

    @property
    def is_input(self) -> bool:
        return self.kind != "year"


@dataclass(frozen=True)
class Rule:
    """A declared check between tables: kind, the references it compares, severity and message."""

    id: str
    kind: str
    message: str
    severity: str = "error"
    left: tuple[str, ...] = ()
    right: tuple[str, ...] = ()
    op: str = "="


@dataclass(frozen=True)
class Declaration:
    """A template for one year: what the generator writes and the validator checks."""

    name: str
    title: str
    version: int
    year: str
    framework: str
    description: str
    sheets: tuple[Sheet, ...]
    measures: tuple[MeasureSpec, ...]
    rules: tuple[Rule, ...]
    change_threshold: float
    fingerprint: str
    identity: tuple[Identity, ...] = ()  # the return's identity cells, above the first sheet's tables

    def table(self, table_id: str) -> Table:
        """The table with this id; an unknown id is a fault in the declaration."""
        for sheet in self.sheets:
            for table in sheet.tables:
                if table.id == table_id:
                    return table
        raise AscofError(f"template {self.name}: no table '{table_id}' is declared")

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(t for s in self.sheets for t in s.tables)

    def all_measures(self) -> tuple[MeasureSpec, ...]:
        """Computed measures first, then the rows of measure tables."""
        return self.measures + tuple(m for t in self.tables for m in t.measures)


def declarations_folder():
    """Where the bundled declaration files live."""
    return resources.files("ascof_xl.templates") / "declarations"


@cache
def template_names() -> tuple[str, ...]:
    """Every template that has a declaration file, in name order."""
    return tuple(sorted(p.name[:-5] for p in declarations_folder().iterdir() if p.name.endswith(".toml")))


@cache
def raw_declaration(name: str) -> dict[str, Any]:
    """The parsed TOML of one declaration; an unknown name lists the known ones."""
    if name not in template_names():
        raise AscofError(f"unknown template '{name}'; choose one of: {', '.join(template_names())}")
    return tomllib.loads((declarations_folder() / f"{name}.toml").read_text(encoding="utf-8"))


def fingerprint(name: str) -> str:
    """A short hash of a declaration's content, stored in each workbook so a stale copy can be told."""
    text = json.dumps(raw_declaration(name), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def template_years(name: str) -> tuple[str, ...] | None:
    """The years a template serves, or None when any financial year will do."""
    years = raw_declaration(name)["template"].get("years", "any")
    return None if years == "any" else tuple(years)


def default_year(name: str) -> str:
    """The year a template is made for when none is asked: its declared default, else its first year."""
    head = raw_declaration(name)["template"]
    if head.get("default_year") == "latest-published":
        return bundled_store().latest_year()
    return head.get("default_year") or template_years(name)[0]


def check_year(name: str, year: str | None) -> str:
    """The year to build or read `name` for; a year the template does not serve raises an error."""
    year = default_year(name) if year is None else parse_year(year)
    years = template_years(name)
    if years is not None and year not in years:
        raise AscofError(f"template {name} is for {', '.join(years)}, not {year}; choose one of those with --year")
    return year


@cache
def load_declaration(name: str, year: str | None = None) -> Declaration:
    """The declaration of `name` for `year`, with catalogue-defined measure rows expanded."""
    year = check_year(name, year)
    raw = raw_declaration(name)
    head = raw["template"]
    framework = head.get("framework", "by-year")
    if framework == "by-year":
        framework = framework_for_year(year)
    lists = raw.get("lists", {})
    sheets = tuple(_sheet(s, lists, framework, year) for s in raw.get("sheets", []))
    catalogue = load_catalogue(framework)
    measures = tuple(_computed_measure(m, catalogue.measure(m["code"]), year) for m in raw.get("measures", []))
    surveyed = (_survey_measure(m, framework, year) for m in raw.get("survey_measures", []))
    measures += tuple(m for m in surveyed if m is not None)
    rules = tuple(_rule(r) for r in raw.get("rules", []))
    return Declaration(
        name=head["name"], title=head["title"], version=int(head["version"]), year=year, framework=framework,
        description=head.get("description", ""), sheets=sheets, measures=measures, rules=rules,
        change_threshold=float(head.get("change_threshold", 0.25)), fingerprint=fingerprint(name),
        identity=tuple(_identity(i) for i in raw.get("identity", [])),
    )


def _pairs(value: Any, lists: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    value = lists[value] if isinstance(value, str) else value
    return tuple((str(key), str(label)) for key, label in value)


def _sheet(raw: dict[str, Any], lists: dict[str, Any], framework: str, year: str) -> Sheet:
    tables = tuple(_table(t, raw["name"], lists, framework, year) for t in raw.get("tables", []))
    return Sheet(raw["name"], raw["title"], raw.get("note", ""), tables)


def _table(raw: dict[str, Any], sheet: str, lists: dict[str, Any], framework: str, year: str) -> Table:
    kind = raw.get("kind", "grid")
    if kind not in TABLE_KINDS:
        raise AscofError(f"table {raw['id']}: unknown kind '{kind}'; choose one of {', '.join(TABLE_KINDS)}")
    common = dict(id=raw["id"], sheet=sheet, title=raw["title"], kind=kind, row_header=raw.get("row_header", ""),
                  unit=raw.get("unit", "count"), note=raw.get("note", ""))
    if kind == "grid":
        return Table(**common, rows=_pairs(raw["rows"], lists), columns=_pairs(raw["columns"], lists),
                     row_totals=raw.get("row_totals", True), column_totals=raw.get("column_totals", True))
    if kind == "records":
        columns = tuple(_record_column(c, lists) for c in raw["columns"])
        return Table(**common, record_columns=columns, record_count=int(raw["record_count"]), strata=raw.get("strata", False))
    if kind == "benchmark":
        return Table(**common)
    if kind == "text":
        return Table(**common, preamble=_section_preamble(raw))
    return Table(**common, measures=_catalogue_rows(raw, framework, year), benchmark=raw.get("benchmark", False),
                 preamble=_section_preamble(raw))


def _section_preamble(raw: dict[str, Any]) -> tuple[str, ...]:
    """An Option Two section's heading, assumption, purpose and outcomes, as the report frames its indicators."""
    if "section" not in raw:
        return ()
    catalogue = load_catalogue(raw["catalogue"])
    section = next(s for s in catalogue.tables["sections"] if s["number"] == raw["section"])
    outcomes = [o for o in catalogue.tables.get("outcomes", ()) if o["section"] == raw["section"]]
    lines = [f"{label}: {plain(section[key])}" for label, key in (("Person-centred heading", "person_centred_heading"),
                                                                   ("Assumption", "assumption"), ("Purpose", "purpose"))]
    if outcomes:
        statements = [f"{_letter(o['letter'])}{plain(o['statement'])}" for o in outcomes]
        lines.append("Outcomes sought: " + "; ".join(statements))
    phof = [p for p in catalogue.tables.get("phof_indicators", ()) if p["section"] == raw["section"]]
    if phof:
        lines.append("Public Health Outcomes Framework indicators the council already reports: "
                     + "; ".join(f"{p['code']} {p['title']} ({p['stage']})" for p in phof))
    return tuple(lines)


NOT_LEGIBLE = "not legible in the source report"
_LOST = re.compile(r"Lost in the extraction(?: \([^)]*\))?")
_UNSURE = re.compile(r"\[[^\]]*\?\]")


def plain(text: str) -> str:
    """Source text as a reader should see it: passages lost from the scanned report, and words the extraction could
    only guess ("[paid?]"), say plainly that they are not legible; no internal placeholder reaches a user."""
    return _UNSURE.sub(f"[{NOT_LEGIBLE}]", _LOST.sub(NOT_LEGIBLE, text))


def _letter(letter: str) -> str:
    """An outcome's letter as printed, "(a) "; none for a statement the report left unlettered."""
    bare = letter.strip("() ")
    return f"({bare}) " if bare.isalpha() and len(bare) <= 2 else ""


def _record_column(raw: dict[str, Any], lists: dict[str, Any]) -> Column:
    codes = raw.get("codes", ())
    if isinstance(codes, str):
        codes = lists[codes]
    values = tuple(int(c[0]) if isinstance(c, list) else int(c) for c in codes)
    meanings = tuple(str(c[1]) if isinstance(c, list) else "" for c in codes)
    return Column(raw["key"], raw.get("label", raw["key"]), values, meanings, raw.get("min"), raw.get("max"),
                  raw.get("required", False))


def _catalogue_rows(raw: dict[str, Any], framework: str, year: str) -> tuple[MeasureSpec, ...]:
    """One row per measure of the table's catalogue: a framework year's ASCOF, or an Option Two section."""
    source = raw.get("catalogue", "year")
    if source == "year":
        return tuple(_entered_measure(m, year) for m in load_catalogue(framework) if year in m.get("years", ()))
    catalogue = load_catalogue(source)
    section = raw.get("section")
    chosen = [m for m in catalogue if m.get("section") == section and m.get("confidence") != "lost"]
    return tuple(_entered_measure(m, year) for m in chosen)


def _entered_measure(measure: Measure, year: str) -> MeasureSpec:
    """A measure-table row, rounded as the year's publication rounds it (2D1: one decimal in 2023-24, two in 2024-25)."""
    given = measure.get("decimals") is not None
    decimals = measure.decimals_in(year) if given else 0 if measure.unit in ("number", "unspecified") else 1
    return MeasureSpec(measure.code, plain(measure.title), measure.unit, measure.polarity, decimals,
                       stage=measure.get("stage", ""), framework=measure.framework)


def _computed_measure(raw: dict[str, Any], measure: Measure, year: str) -> MeasureSpec:
    return MeasureSpec(measure.code, measure.title, measure.unit, measure.polarity, measure.decimals_in(year),
                       tuple(raw["numerator"]), tuple(raw["denominator"]), raw.get("note", ""), framework=measure.framework)


def _scored(year: str) -> bool:
    """Whether 1J coefficients are held for the year; without them 1J is left out, as `ascof-xl survey ascs` leaves it."""
    try:
        coefficients(year)
    except AscofError:
        return False
    return True


def _survey_measure(raw: dict[str, Any], framework: str, year: str) -> MeasureSpec | None:
    """A survey measure under the year's code (lineage from the 2018-19 code), its items resolved for the year."""
    measure = target_measure(raw["code"], framework)
    if measure is None or (raw.get("kind") == "scrqol" and not _scored(year)):
        return None
    method = {k: v for k, v in raw.items() if k != "code"} | {"source_code": raw["code"]}
    if "role" in raw or "roles" in raw:
        columns, _ = default_questions(year)
        if "role" in raw:
            method["item"] = columns[raw["role"]]
        else:
            method["items"] = [columns[role] for role in raw["roles"]]
    return MeasureSpec(measure.code, measure.title, measure.unit, measure.polarity, measure.decimals_in(year),
                       method=method, framework=framework)


IDENTITY_KINDS = ("text", "date", "year")


def _identity(raw: dict[str, Any]) -> Identity:
    kind = raw.get("kind", "text")
    if kind not in IDENTITY_KINDS:
        raise AscofError(f"identity cell {raw.get('key')}: unknown kind '{kind}'; choose one of {', '.join(IDENTITY_KINDS)}")
    return Identity(raw["key"], raw["label"], raw.get("note", ""), kind, bool(raw.get("required", False)))


def _rule(raw: dict[str, Any]) -> Rule:
    kind, severity = raw["kind"], raw.get("severity", "error")
    if kind not in RULE_KINDS or severity not in SEVERITIES or raw.get("op", "=") not in OPERATORS:
        raise AscofError(f"rule {raw.get('id')}: kind, severity or op is not one the templates know")
    as_tuple = lambda v: (v,) if isinstance(v, str) else tuple(v)  # noqa: E731
    return Rule(raw["id"], kind, raw["message"], severity, as_tuple(raw.get("left", ())),
                as_tuple(raw.get("right", ())), raw.get("op", "="))
