"""Comparator groups: England, the council's region, its council type, its neighbours, or a list.

England, region and council-type comparator values are the published aggregates; a
neighbours or custom group has no published aggregate, so its comparator is the group median.
A group says which it uses (`comparator_kind`), and where a published aggregate is missing
from the data, its `note` says the median stands in.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ascof_xl.councils import Council, find_council, is_council_name, load_councils, region_ons_codes
from ascof_xl.errors import AscofError
from ascof_xl.intake.files import read_bytes
from ascof_xl.intake.tables import read_sheets
from ascof_xl.intake.text import decode
from ascof_xl.published.store import Store

GROUP_KINDS = ("england", "region", "council-type", "neighbours:FILE", "custom:COUNCIL;COUNCIL;...", "custom:@FILE",
               "collected")
PUBLISHED, MEDIAN = "published aggregate", "group median"
ENGLAND = "England"  # the all-councils group's label when the data holds England's published figures
COLLECTED = "the councils collected"  # its label when it does not (a regional collection given with --data)

# Words that identify the published council-type aggregate for each council type; ASCOF
# publishes Inner and Outer London as council types of their own.
_TYPE_WORDS = {
    "Metropolitan District": ("metropolitan",),
    "Unitary Authority": ("unitar",),
    "County": ("shire", "count"),
    "Inner London": ("inner london",),
    "Outer London": ("outer london",),
}


@dataclass(frozen=True)
class Group:
    """A comparator group: which councils it holds and where its comparator value comes from."""

    kind: str
    label: str
    members: frozenset[str] | None  # ONS codes; None means every council with a value
    comparator_area: str | None  # area code of the published aggregate; None means the group median
    note: str | None = None  # why the median stands in for a published aggregate, where it does

    @property
    def comparator_kind(self) -> str:
        """"published aggregate" or "group median": what the comparator value is."""
        return PUBLISHED if self.comparator_area is not None else MEDIAN

    def includes(self, area_code: str) -> bool:
        """True when a council belongs to the group."""
        return self.members is None or area_code in self.members


def resolve_group(spec: str, council: Council, year: str, store: Store) -> Group:
    """Turn a group as the user wrote it ("england", "region", "neighbours:FILE", ...) into a Group."""
    kind, _, argument = spec.strip().partition(":")
    kind = kind.lower()
    if kind == "england":
        if store.has_year(year) and not store.areas(year, "england"):  # a regional collection, say: not England
            return Group("england", COLLECTED, None, None)  # no England aggregate: the group median stands in
        return Group("england", ENGLAND, None, "E92000001")
    if kind == "region":
        members = frozenset(c.ons_code for c in load_councils() if c.region == council.region)
        area = _region_area(council, year, store)
        return Group("region", council.region, members, area, None if area else _no_aggregate(council.region, year))
    if kind == "council-type":
        members = frozenset(c.ons_code for c in load_councils() if c.council_type == council.council_type)
        area = _type_area(council, year, store)
        note = None if area else _no_aggregate(council.council_type, year)
        return Group("council-type", council.council_type, members, area, note)
    if kind == "collected":  # a regional collection given with --data: every council that sent a return
        members = frozenset(area.code for area in store.areas(year, "council"))
        return Group("collected", f"councils collected ({len(members)}, provisional)", members, None)
    if kind == "neighbours" and argument:
        members = read_neighbours(Path(argument), council, year)
        return Group("neighbours", f"neighbours ({Path(argument).name})", members, None)
    if kind == "custom" and argument:
        names = custom_names(argument)
        members = frozenset({council.ons_code} | {find_council(n, year).ons_code for n in names})
        return Group("custom", f"custom ({len(members)} councils)", members, None)
    raise AscofError(f"unknown comparator group '{spec}'; choose one of: {', '.join(GROUP_KINDS)}")


def _no_aggregate(name: str, year: str) -> str:
    return (f"the {year} data holds no published aggregate for {name}, so the comparator is the group median; "
            "give the full published file to compare with the published value.")


def custom_names(argument: str) -> list[str]:
    """The councils of a custom group: separated by ";", or by "," where that is unambiguous (a name such as
    "Bristol, City of" stays whole), or listed in a file (`@FILE`, one per line, or separated by ";")."""
    if argument.startswith("@"):
        return list(_names_in_file(*_fingerprint(Path(argument[1:]))))
    if ";" in argument:
        return [n.strip() for n in argument.split(";") if n.strip()]
    return _join_split_names([n.strip() for n in argument.split(",") if n.strip()])


def _join_split_names(parts: list[str]) -> list[str]:
    """Comma-separated parts joined back where together they are one council's name ("Bristol", "City of")."""
    names, at = [], 0
    while at < len(parts):
        end = next((j for j in range(len(parts), at + 1, -1) if is_council_name(", ".join(parts[at:j]))), at + 1)
        names.append(", ".join(parts[at:end]))
        at = end
    return names


def _fingerprint(path: Path) -> tuple[str, int, int]:
    """A file's identity for caching: absolute path, size and modification time (-1 when it cannot be read)."""
    try:
        found = path.stat()
    except OSError:
        return str(path), -1, -1
    return os.path.abspath(path), found.st_size, found.st_mtime_ns


@lru_cache(maxsize=64)
def _names_in_file(name: str, size: int, modified: int) -> tuple[str, ...]:
    path = Path(name)
    text = _read_text(path, size, "council list", "; give a file with one council per line")
    names = tuple(name.strip() for line in text.splitlines() for name in line.split(";") if name.strip())
    if not names:
        raise AscofError(f"council list {path} names no councils; put one council per line.")
    return names


def _read_text(path: Path, size: int, what: str, advice: str = "") -> str:
    """A user's council list or neighbours file as text, read by the one way in (`ascof_xl.intake`): within
    the size cap, in a named encoding; a missing or unreadable one is a clear error."""
    raw = read_bytes(path, what, advice.removeprefix("; "))
    return decode(raw, f"{what} {path}")[0]


def _region_area(council: Council, year: str, store: Store) -> str | None:
    """The published region aggregate, found by ONS code, letter code or name ("Eastern" in older files)."""
    ons = region_ons_codes().get(council.region_code)
    for area in store.areas(year, "region"):
        if area.code == ons or area.cassr_code == council.region_code or area.name.lower() == council.region.lower():
            return area.code
    return None


def _type_area(council: Council, year: str, store: Store) -> str | None:
    """The published council-type aggregate (Inner London, Outer London, Metropolitan Districts ...)."""
    words = _TYPE_WORDS.get(council.council_type, ())
    for area in store.areas(year, "council type"):
        if any(word in area.name.lower() for word in words):
            return area.code
    return None


def read_neighbours(path: Path, council: Council, year: str) -> frozenset[str]:
    """The council and its neighbours from a user's file.

    JSON: {"council": ["neighbour", ...]}. CSV: one row per council, the council first and its
    neighbours after it, or one row per council-neighbour pair. Entries may be names, ONS codes
    or CASSR codes; a header row is skipped.
    """
    lists = _read_neighbour_lists(*_fingerprint(path))
    for key, neighbours in lists.items():
        if _same_council(key, council, year):
            resolved = {_resolve_entry(n, year, path) for n in neighbours}
            return frozenset(resolved | {council.ons_code})
    raise AscofError(f"{council.name} ({council.ons_code}) is not listed in the neighbours file {path}.")


@lru_cache(maxsize=64)
def _read_neighbour_lists(name: str, size: int, modified: int) -> dict[str, list[str]]:
    """A neighbours file's lists, read once per process while its size and modification time stay the same."""
    path = Path(name)
    if path.suffix.lower() == ".json":
        text = _read_text(path, size, "neighbours file")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise AscofError(f"neighbours file {path} is not valid JSON ({error}).") from None
        if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
            raise AscofError(f"neighbours file {path} must map each council to a list of its neighbours.")
        return {str(k): [str(v) for v in vs] for k, vs in data.items()}
    lists: dict[str, list[str]] = {}
    sheets = read_sheets(path, "neighbours file", separators=",\t;", require_final_break=False)
    rows = [row for sheet in sheets for row in sheet.rows]
    for row in rows:
        cells = [c.strip() for c in row if c.strip()]
        if len(cells) >= 2:
            lists.setdefault(cells[0], []).extend(cells[1:])
    if not lists:
        raise AscofError(f"neighbours file {path} lists no councils; put each council first on its row.")
    return lists


_CODE = re.compile(r"[A-Za-z]\d{8}|\d{3}")  # an ONS or CASSR code, as find_council recognises one


def _same_council(entry: str, council: Council, year: str) -> bool:
    if _CODE.fullmatch(entry.strip()) and not is_council_name(entry):
        return False  # another authority's code (a district's, say): no need to build find_council's suggestions
    try:
        return find_council(entry, year).ons_code == council.ons_code
    except AscofError:
        return False  # a header cell or another spelling: not this council


def _resolve_entry(entry: str, year: str, path: Path) -> str:
    try:
        return find_council(entry, year).ons_code
    except AscofError as error:
        raise AscofError(f"neighbours file {path}: {error}") from None
