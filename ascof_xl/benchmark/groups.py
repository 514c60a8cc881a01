"""Comparator groups: England, the council's region, its council type, its neighbours, or a list.

England, region and council-type comparator values are the published aggregates; a
neighbours or custom group has no published aggregate, so its comparator is the group median.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from ascof_xl.councils import Council, find_council, load_councils, region_ons_codes
from ascof_xl.errors import AscofError
from ascof_xl.published.store import Store

GROUP_KINDS = ("england", "region", "council-type", "neighbours:FILE", "custom:COUNCIL,COUNCIL,...")

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

    def includes(self, area_code: str) -> bool:
        """True when a council belongs to the group."""
        return self.members is None or area_code in self.members


def resolve_group(spec: str, council: Council, year: str, store: Store) -> Group:
    """Turn a group as the user wrote it ("england", "region", "neighbours:FILE", ...) into a Group."""
    kind, _, argument = spec.strip().partition(":")
    kind = kind.lower()
    if kind == "england":
        return Group("england", "England", None, "E92000001")
    if kind == "region":
        members = frozenset(c.ons_code for c in load_councils() if c.region == council.region)
        return Group("region", council.region, members, _region_area(council, year, store))
    if kind == "council-type":
        members = frozenset(c.ons_code for c in load_councils() if c.council_type == council.council_type)
        return Group("council-type", council.council_type, members, _type_area(council, year, store))
    if kind == "neighbours" and argument:
        members = read_neighbours(Path(argument), council, year)
        return Group("neighbours", f"neighbours ({Path(argument).name})", members, None)
    if kind == "custom" and argument:
        names = [n for n in argument.split(",") if n.strip()]
        members = frozenset({council.ons_code} | {find_council(n, year).ons_code for n in names})
        return Group("custom", f"custom ({len(members)} councils)", members, None)
    raise AscofError(f"unknown comparator group '{spec}'; choose one of: {', '.join(GROUP_KINDS)}")


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
    lists = _read_neighbour_lists(path)
    for key, neighbours in lists.items():
        if _same_council(key, council, year):
            resolved = {_resolve_entry(n, year, path) for n in neighbours}
            return frozenset(resolved | {council.ons_code})
    raise AscofError(f"{council.name} ({council.ons_code}) is not listed in the neighbours file {path}.")


def _read_neighbour_lists(path: Path) -> dict[str, list[str]]:
    if not path.is_file():
        raise AscofError(f"neighbours file {path} does not exist (or is a folder).")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise AscofError(f"neighbours file {path} cannot be read as UTF-8 text ({error}).") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise AscofError(f"neighbours file {path} is not valid JSON ({error}).") from None
        if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
            raise AscofError(f"neighbours file {path} must map each council to a list of its neighbours.")
        return {str(k): [str(v) for v in vs] for k, vs in data.items()}
    lists: dict[str, list[str]] = {}
    for row in csv.reader(text.splitlines()):
        cells = [c.strip() for c in row if c.strip()]
        if len(cells) >= 2:
            lists.setdefault(cells[0], []).extend(cells[1:])
    if not lists:
        raise AscofError(f"neighbours file {path} lists no councils; put each council first on its row.")
    return lists


def _same_council(entry: str, council: Council, year: str) -> bool:
    try:
        return find_council(entry, year).ons_code == council.ons_code
    except AscofError:
        return False  # a header cell or another spelling: not this council


def _resolve_entry(entry: str, year: str, path: Path) -> str:
    try:
        return find_council(entry, year).ons_code
    except AscofError as error:
        raise AscofError(f"neighbours file {path}: {error}") from None
