"""One way to name a measure, for every door: `resolve(code, year, framework)`, a measure's successor
and predecessors, its equivalent in another framework, and the one "did you mean" helper.

A code may be written in any form (`3D(1a)`, `3d1a`), as an alias the publication used (`2E` for
2E1 in 2023-24) or as "framework:code". Given a year, the code is read in the framework that year
follows; a code of the other ASCOF framework is taken to its one equivalent there (old 1J in
2023-24 is 1B). Given a framework, the code is that framework's. Given neither, the framework in
force, then the four-domain framework for a code only it has (2B1, 1C2A ...), then the others.
"""

from __future__ import annotations

from functools import lru_cache

from ascof_xl.catalogue import (
    DEFAULT_FRAMEWORK,
    FRAMEWORKS,
    Measure,
    all_measures,
    canonical_code,
    check_framework,
    framework_for_year,
    load_catalogue,
    resolve_key,
)
from ascof_xl.catalogue.codes import did_you_mean
from ascof_xl.errors import AscofError
from ascof_xl.years import parse_year

ASCOF_FRAMEWORKS = ("ascof-2018-19", "ascof-2023-24")  # oldest first: the frameworks of published years

__all__ = ["ASCOF_FRAMEWORKS", "did_you_mean", "equivalent_in", "predecessors", "resolve", "successor"]


@lru_cache(maxsize=4096)  # every door names a measure through here, often the same one
def resolve(code: str, year: str | None = None, framework: str | None = None) -> Measure:
    """The catalogue entry a code names (see the module's docstring for the order of choice);
    an unknown code raises an error with where else it is used, or the codes most likely meant."""
    written = str(code).strip()
    if ":" in written and framework is None:
        framework, written = written.split(":", 1)
    if framework:
        return load_catalogue(check_framework(framework)).measure(written)
    if year:
        target = framework_for_year(parse_year(year))
        found = load_catalogue(target).find(written)
        if found is not None:
            return found
        for other in (f for f in ASCOF_FRAMEWORKS if f != target):
            earlier = load_catalogue(other).find(written)
            equivalent = equivalent_in(earlier, target) if earlier is not None else None
            if equivalent is not None:
                return equivalent
        return load_catalogue(target).measure(written)  # raises, saying where the code is used
    order = (DEFAULT_FRAMEWORK, *ASCOF_FRAMEWORKS, *FRAMEWORKS)
    for name in dict.fromkeys(order):
        found = load_catalogue(name).find(written)
        if found is not None:
            return found
    raise AscofError(unknown_anywhere(written))


def unknown_anywhere(code: str) -> str:
    """The message for a code no framework has, with the codes most likely meant."""
    keys = {}
    for measure in all_measures():
        keys.setdefault(measure.code, []).append(measure.key)
    close = [key for c in did_you_mean(code, list(keys)) for key in keys[c]]
    hint = f"closest codes: {', '.join(close)}; " if close else ""
    return f"unknown measure code '{canonical_code(code)}' in any framework; {hint}list the codes with: ascof-xl measures --framework NAME"


def predecessors(measure: Measure) -> tuple[Measure, ...]:
    """The measures this one continues (its catalogue lineage), in the order the entry gives them."""
    return tuple(found for ref in measure.lineage if (found := resolve_key(ref)) is not None)


def successors(measure: Measure) -> tuple[Measure, ...]:
    """The measures of any framework that continue this one."""
    return tuple(m for m in all_measures() if measure.key in m.lineage)


def successor(measure: Measure) -> Measure | None:
    """The one measure of the next ASCOF framework that continues this one, or None (none, or several)."""
    if measure.framework not in ASCOF_FRAMEWORKS[:-1]:
        return None
    later = ASCOF_FRAMEWORKS[ASCOF_FRAMEWORKS.index(measure.framework) + 1]
    return equivalent_in(measure, later)


def equivalent_in(measure: Measure, framework: str) -> Measure | None:
    """The measure's one equivalent in `framework` through direct lineage either way (itself in its own
    framework); None where there is none, or more than one."""
    if measure.framework == framework:
        return measure
    found = [m for m in predecessors(measure) if m.framework == framework]
    found += [m for m in successors(measure) if m.framework == framework and m not in found]
    return found[0] if len(found) == 1 else None
