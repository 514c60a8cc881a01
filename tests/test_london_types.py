"""Inner and Outer London as ASCOF publishes them: council types of their own, with their own aggregates.

Inner London is the London Government Act 1963 list. The published 2024-25 Inner London numerators
and denominators (rounded to 5, DHSC Note 10) are the sums over those 13 boroughs; the ONS
statistical list (Haringey and Newham in place of Greenwich) misses by about 10%.
"""

from __future__ import annotations

import pytest

from ascof_xl.benchmark.groups import resolve_group
from ascof_xl.councils import find_council, load_councils

INNER_1963 = ("Camden", "City of London", "Greenwich", "Hackney", "Hammersmith and Fulham", "Islington",
              "Kensington and Chelsea", "Lambeth", "Lewisham", "Southwark", "Tower Hamlets", "Wandsworth",
              "Westminster")
INNER_ONS = tuple(n for n in INNER_1963 if n != "Greenwich") + ("Haringey", "Newham")
# CLD metrics whose counts no London borough has suppressed (4B's council counts are themselves rounded).
CLD_COUNTED = ("2C", "2E1", "2E2A", "2E2B", "3D1A", "3D2A")
ROUNDING = 2.5  # an aggregate rounded to the nearest 5 is within 2.5 of the true sum


def codes(names):
    return [find_council(n, "2024-25").ons_code for n in names]


def summed(store, names, measure, kind):
    values = [store.value("2024-25", code, measure, kind) for code in codes(names)]
    assert None not in values, (measure, kind)
    return sum(values)


def test_councils_carry_the_published_london_types():
    london = [c for c in load_councils() if c.region == "London"]
    inner = sorted(c.name for c in london if c.council_type == "Inner London")
    assert inner == sorted(INNER_1963)
    assert sum(c.council_type == "Outer London" for c in london) == 20
    assert not [c for c in load_councils() if c.council_type == "London Borough"]


@pytest.mark.parametrize(
    "measure, numerator, denominator, published_numerator, published_denominator",
    [("2C", 1487, 316429, 1485, 316430), ("3D1A", 26484, 31701, 26485, 31700)],
)
def test_inner_london_boroughs_add_up_to_the_published_aggregate(
    store, measure, numerator, denominator, published_numerator, published_denominator
):
    assert summed(store, INNER_1963, measure, "Numerator") == numerator
    assert summed(store, INNER_1963, measure, "Denominator") == denominator
    assert store.value("2024-25", "type:Inner London", measure, "Numerator") == published_numerator
    assert store.value("2024-25", "type:Inner London", measure, "Denominator") == published_denominator


@pytest.mark.parametrize("measure", CLD_COUNTED)
@pytest.mark.parametrize("kind", ["Numerator", "Denominator"])
def test_every_counted_metric_adds_up_within_rounding(store, measure, kind):
    inner = store.value("2024-25", "type:Inner London", measure, kind)
    assert abs(summed(store, INNER_1963, measure, kind) - inner) <= ROUNDING
    assert abs(summed(store, INNER_ONS, measure, kind) - inner) > 20 * ROUNDING
    outer_names = [c.name for c in load_councils() if c.council_type == "Outer London"]
    outer = store.value("2024-25", "type:Outer London", measure, kind)
    assert abs(summed(store, outer_names, measure, kind) - outer) <= ROUNDING


def test_the_ons_inner_london_list_misses_by_about_ten_percent(store):
    misses = {}
    for measure in ("2C", "3D1A"):
        for kind in ("Numerator", "Denominator"):
            published = store.value("2024-25", "type:Inner London", measure, kind)
            misses[measure, kind] = summed(store, INNER_ONS, measure, kind) / published - 1
    assert all(0.07 < miss < 0.12 for miss in misses.values()), misses
    assert misses["2C", "Numerator"] == pytest.approx(1620 / 1485 - 1)


def test_a_london_borough_is_compared_with_its_half_of_london(store):
    camden = resolve_group("council-type", find_council("Camden"), "2024-25", store)
    assert camden.label == "Inner London" and len(camden.members) == 13
    assert camden.comparator_area == "type:Inner London"
    assert store.value("2024-25", camden.comparator_area, "2A") == 73.5  # Table_2a, Inner London
    barnet = resolve_group("council-type", find_council("Barnet"), "2018-19", store)
    assert barnet.label == "Outer London" and len(barnet.members) == 20
    assert store.value("2018-19", barnet.comparator_area, "1A") == 18.7  # Table_1a 2018-19, Outer London
