"""Lineage: how a measure carries on across the four frameworks.

Each entry names the codes it continues ("ascof-2018-19:2D"); read both ways, these
links join a measure to its equivalents in every framework.
"""

from __future__ import annotations

from collections import defaultdict, deque
from functools import cache

from ascof_xl.catalogue import (
    FRAMEWORKS,
    Measure,
    all_measures,
    check_framework,
    load_catalogue,
    resolve_key,
)
from ascof_xl.catalogue.resolver import unknown_anywhere
from ascof_xl.errors import AscofError


def broken_references() -> list[str]:
    """Every lineage reference, in any table of any framework, that names no existing measure."""
    broken = []
    for framework in FRAMEWORKS:
        catalogue = load_catalogue(framework)
        entries = [m.fields for m in catalogue] + [e for t in catalogue.tables.values() for e in t]
        for entry in entries:
            for reference in entry.get("lineage", ()):
                if resolve_key(reference) is None:
                    broken.append(f"{framework}:{entry.get('code')} -> {reference}")
    return broken


@cache
def _links() -> dict[str, set[str]]:
    """Lineage links between measures, in both directions."""
    links: dict[str, set[str]] = defaultdict(set)
    for measure in all_measures():
        for reference in measure.lineage:
            target = resolve_key(reference)
            if target is not None:
                links[measure.key].add(target.key)
                links[target.key].add(measure.key)
    return links


def find_measures(code: str, framework: str | None = None) -> list[Measure]:
    """Measures with this code: in one framework, or in every framework that has it.

    A code may also be written "framework:code".
    """
    if ":" in code and framework is None:
        framework, code = code.split(":", 1)
    if framework:
        return [load_catalogue(check_framework(framework)).measure(code)]
    found = [m for f in FRAMEWORKS if (m := load_catalogue(f).find(code)) is not None]
    if not found:
        raise AscofError(unknown_anywhere(code))
    return found


def equivalents(measure: Measure) -> list[tuple[Measure, int]]:
    """Every measure joined to this one through lineage, with its number of steps away, nearest first."""
    links = _links()
    steps = {measure.key: 0}
    queue = deque([measure.key])
    while queue:
        key = queue.popleft()
        for neighbour in sorted(links.get(key, ())):
            if neighbour not in steps:
                steps[neighbour] = steps[key] + 1
                queue.append(neighbour)
    found = [(resolve_key(key), distance) for key, distance in steps.items()]
    return sorted(
        ((m, d) for m, d in found if m is not None),
        key=lambda pair: (FRAMEWORKS.index(pair[0].framework), pair[1], pair[0].code),
    )


def lineage_rows(code: str, framework: str | None = None) -> list[dict[str, object]]:
    """The lineage table for a code: one row per equivalent measure, for display or export."""
    rows = []
    for start in find_measures(code, framework):
        for measure, distance in equivalents(start):
            rows.append(
                {
                    "from": start.key,
                    "framework": measure.framework,
                    "code": measure.code,
                    "title": measure.title,
                    "steps": distance,
                    "direct": measure.key in {start.key, *start.lineage}
                    or start.key in measure.lineage,
                }
            )
    return rows
