"""A measure's series for one council: its value and England's in every loaded year up to the
briefing's year, following the measure through the framework change, with the publication's
series breaks and years standing apart."""

from __future__ import annotations

from ascof_xl.benchmark.statistics import stored_value
from ascof_xl.catalogue import framework_for_year
from ascof_xl.catalogue.series import series_break, series_code, stands_apart
from ascof_xl.councils import Council, code_in_year
from ascof_xl.published.store import Store
from ascof_xl.story.facts import YearValue

ENGLAND = "E92000001"


def measure_series(store: Store, council: Council, year: str, code: str) -> tuple[YearValue, ...]:
    """The council's and England's values of `code` (as `year`'s framework names it) from the first
    loaded year holding either, up to `year`, oldest first."""
    framework = framework_for_year(year)
    found: list[YearValue] = []
    for each in (y for y in store.years if y <= year):
        carried = series_code(code, framework, each)
        if carried is None:
            continue
        area = code_in_year(council, each)
        value = stored_value(store, each, area, carried) if area else None
        england = stored_value(store, each, ENGLAND, carried)
        if value is None and england is None and not found:
            continue
        found.append(YearValue(each, value, england, carried, series_break(carried, each), stands_apart(carried, each)))
    while found and found[-1].year != year and found[-1].value is None and found[-1].england is None:
        found.pop()
    return tuple(found)
