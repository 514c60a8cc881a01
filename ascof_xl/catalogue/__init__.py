"""The measure catalogue: definitions as data, one TOML file per framework.

Files are checked against `schema.py` when loaded, and loaded once per process.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterator, Mapping

from ascof_xl.catalogue.codes import canonical_code, did_you_mean
from ascof_xl.catalogue.schema import check_document
from ascof_xl.errors import AscofError
from ascof_xl.years import year_start

FRAMEWORKS = ("ascof-2018-19", "ascof-2023-24", "ipc-option-one", "ipc-option-two")
DEFAULT_FRAMEWORK = "ascof-2023-24"  # the framework in force since 2023-24, and so of the default year


@dataclass(frozen=True)
class Measure:
    """One measure (or indicator) of a framework, with every field its catalogue entry holds."""

    framework: str
    code: str
    title: str
    polarity: str
    unit: str
    fields: Mapping[str, Any]

    def get(self, name: str, default: Any = None) -> Any:
        """A field of the entry, or `default` when the entry does not have it."""
        return self.fields.get(name, default)

    def decimals_in(self, year: str | None = None, level: str = "council") -> int:
        """The decimals the publication of `year` rounds the measure to, for a council or for an
        aggregate (England, a region, a council type): the year's own where it differs, else the
        measure's (2D1: one in 2023-24; in 2024-25 two for councils and one for the aggregates)."""
        if year and level != "council" and year in self.fields.get("aggregate_decimals_by_year", {}):
            return int(self.fields["aggregate_decimals_by_year"][year])
        if year and year in self.fields.get("decimals_by_year", {}):
            return int(self.fields["decimals_by_year"][year])
        return int(self.fields.get("decimals", 1))

    def code_in(self, year: str) -> str:
        """The code `year`'s publication gave the measure (2E1 was published as 2E in 2023-24)."""
        return self.fields.get("codes_by_year", {}).get(year, self.code)

    @property
    def lineage(self) -> tuple[str, ...]:
        """The "framework:code" references this measure continues."""
        return tuple(self.fields.get("lineage", ()))

    @property
    def key(self) -> str:
        """The measure's unique name across frameworks, "framework:code"."""
        return f"{self.framework}:{self.code}"

    def as_dict(self) -> dict[str, Any]:
        """A plain dictionary, framework, code, title, polarity and unit first."""
        head = {
            "framework": self.framework,
            "code": self.code,
            "title": self.title,
            "polarity": self.polarity,
            "unit": self.unit,
        }
        return head | {k: v for k, v in self.fields.items() if k not in head}


@dataclass(frozen=True)
class Catalogue:
    """One framework's definitions: its header, its measures and any other tables it holds."""

    id: str
    kind: str
    header: Mapping[str, Any]
    measures: tuple[Measure, ...]
    tables: Mapping[str, tuple[Mapping[str, Any], ...]]
    _by_code: dict[str, Measure] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_alias = {canonical_code(a): m for m in self.measures for a in m.get("aliases", ())}
        object.__setattr__(self, "_by_code", by_alias | {canonical_code(m.code): m for m in self.measures})

    def __iter__(self) -> Iterator[Measure]:
        return iter(self.measures)

    def __len__(self) -> int:
        return len(self.measures)

    def codes(self) -> tuple[str, ...]:
        """The measure codes in catalogue order."""
        return tuple(m.code for m in self.measures)

    def find(self, code: str) -> Measure | None:
        """The measure with this code in any written form (`3D(1a)`, `3d1a`) or an alias, or None."""
        return self._by_code.get(canonical_code(code))

    def measure(self, code: str) -> Measure:
        """The measure with this code; an unknown code raises an error naming where the code
        is used (framework, years, its successor here) or the closest codes, then the valid ones."""
        found = self.find(code)
        if found is None:
            hint = _unknown_code_hint(code, self)
            raise AscofError(
                f"unknown measure code '{code}' in framework {self.id}; {hint}"
                f"valid codes: {', '.join(self.codes())}"
            )
        return found


def _unknown_code_hint(code: str, catalogue: Catalogue) -> str:
    """Where else the code is used (with its years and its successor in `catalogue`), or the closest codes."""
    parts = [m.code for m in catalogue if canonical_code(m.get("metric", "")) == canonical_code(code)]
    hints = [f"{canonical_code(code)} is a metric with parts {', '.join(parts)}"] if parts else []
    for framework in FRAMEWORKS:
        other = load_catalogue(framework).find(code) if framework != catalogue.id else None
        if other is None:
            continue
        years = other.get("years") or []
        span = f" ({years[0]} to {years[-1]})" if years else ""
        hint = f"{other.code} is a code of {framework}{span}"
        successors = [m.code for m in catalogue if other.key in m.lineage]
        successors += [ref.partition(":")[2] for ref in other.lineage if ref.startswith(catalogue.id + ":")]
        if successors:
            hint += f", continued here by {' and '.join(dict.fromkeys(successors))}"
        hints.append(hint)
    if not hints:
        close = did_you_mean(code, catalogue.codes())
        if close:
            hints.append(f"closest codes: {', '.join(close)}")
    return "".join(f"{hint}; " for hint in hints)


def catalogue_path(framework: str) -> Path:
    """Where the bundled file of a framework lives."""
    return Path(str(resources.files("ascof_xl.catalogue") / "data" / f"{framework}.toml"))


def check_framework(framework: str) -> str:
    """Return the framework name if it is known; otherwise raise an error naming the valid ones."""
    if framework not in FRAMEWORKS:
        raise AscofError(f"unknown framework '{framework}'; choose one of: {', '.join(FRAMEWORKS)}")
    return framework


@cache
def load_catalogue(framework: str = DEFAULT_FRAMEWORK) -> Catalogue:
    """Load (once) and check the bundled catalogue of one framework."""
    return load_catalogue_file(catalogue_path(check_framework(framework)))


def load_catalogue_file(path: str | Path) -> Catalogue:
    """Read and check one catalogue file; a broken file raises an error naming the file and the entry."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except FileNotFoundError:
        raise AscofError(f"catalogue file {path} does not exist") from None
    except tomllib.TOMLDecodeError as error:
        raise AscofError(f"catalogue file {path} is not valid TOML: {error}") from None
    problems = check_document(document) or _check_unique(document) or _check_break_codes(document)
    if problems:
        listed = "\n  - ".join(problems)
        raise AscofError(f"catalogue file {path} breaks the catalogue schema:\n  - {listed}")
    return _build(document)


def _check_unique(document: dict[str, Any]) -> list[str]:
    """Codes (or letters, or numbers) must be unique within each table, whatever their case;
    a series break, by code, year and kind."""
    problems = []
    for name, entries in document.items():
        if name == "framework":
            continue
        seen: set[Any] = set()
        for entry in entries:
            key = entry.get("code", entry.get("letter", entry.get("number")))
            key = canonical_code(key) if isinstance(key, str) else key
            if name == "series_breaks":
                key = f"{key} {entry['year']} {entry['kind']}"
            if key in seen:
                problems.append(f"[[{name}]]: '{key}' appears more than once")
            seen.add(key)
    return problems


def _check_break_codes(document: dict[str, Any]) -> list[str]:
    """Every series break must name a measure of the file."""
    codes = {canonical_code(entry["code"]) for entry in document.get("measures", [])}
    return [
        f"[[series_breaks]] entry {index} names '{entry['code']}', which is not a measure of the file"
        for index, entry in enumerate(document.get("series_breaks", []), start=1)
        if canonical_code(entry["code"]) not in codes
    ]


def _build(document: dict[str, Any]) -> Catalogue:
    header = document["framework"]
    framework = header["id"]
    measures = tuple(
        Measure(
            framework=framework,
            code=entry["code"],
            title=entry["title"],
            polarity=entry["polarity"],
            unit=entry["unit"],
            fields=MappingProxyType(dict(entry)),
        )
        for entry in document.get("measures", [])
    )
    tables = {
        name: tuple(MappingProxyType(dict(e)) for e in entries)
        for name, entries in document.items()
        if name not in ("framework", "measures")
    }
    return Catalogue(framework, header["kind"], MappingProxyType(dict(header)), measures, MappingProxyType(tables))


def all_measures() -> Iterator[Measure]:
    """Every measure of every bundled framework."""
    for framework in FRAMEWORKS:
        yield from load_catalogue(framework)


def resolve_key(key: str) -> Measure | None:
    """The measure named by a "framework:code" reference, or None when it does not exist."""
    framework, _, code = key.partition(":")
    if framework not in FRAMEWORKS or not code:
        return None
    return load_catalogue(framework).find(code)


@cache
def framework_for_year(year: str) -> str:
    """The ASCOF framework a year's publication follows: four domains to 2022-23, six objectives after."""
    return "ascof-2023-24" if year_start(year) >= 2023 else "ascof-2018-19"
