"""The story's rules: small pure functions over one measure's facts (or all of them), each
returning the points it finds with their evidence. No rule knows a council or a measure by name.

- `streak`: worsened (or improved) in each of the last two comparisons or more;
- `significant_change`: last year's value outside this year's 95% interval;
- `significant_trend`: an improving or worsening trend at 99.8% confidence;
- `untested_change`: a change of LARGE_CHANGE or more of last year's value with no interval to test it;
- `band_move`: a band against England that moved, said with the way the value moved;
- `bottom_against_both`: bottom quartile against both comparator groups;
- `regional_end`: first or last in the region;
- `break_in_series`: this year cannot be compared with last;
- `survey_half` (over all measures): every measure of a survey in the top (or bottom) half.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ascof_xl.story.facts import MeasureFacts, Point, YearValue
from ascof_xl.story.words import BAND_ORDER, band_word, format_value

LARGE_CHANGE = 0.05  # a change of 5% of last year's value or more is large
SURVEY_NAMES = {"carers": "carers' survey", "users": "users' survey"}
ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth", 9: "ninth"}


def _say(facts: MeasureFacts, value: float | None, extra: int = 0) -> str:
    return format_value(value, facts.unit, facts.decimals + extra)


def _better(facts: MeasureFacts, before: float, after: float) -> bool | None:
    """True when `after` is better than `before` by polarity (as published, rounded); None when equal or no polarity."""
    now, then = round(after, facts.decimals), round(before, facts.decimals)
    if now == then or facts.polarity not in ("higher", "lower"):
        return None
    return (now > then) == (facts.polarity == "higher")


def _moved(before: float, after: float) -> str:
    return "rose" if after > before else "fell"


def comparable_run(series: Sequence[YearValue], year: str) -> list[YearValue]:
    """The values that can be compared with each other, ending at `year`, oldest first: years standing
    apart and years without a value are stepped over, and a break in series ends the run."""
    run: list[YearValue] = []
    for point in reversed([p for p in series if p.year <= year]):
        if point.value is not None and point.apart_note is None:
            run.insert(0, point)
            if point.break_note:
                break
        elif point.break_note and run:
            break
    return run if run and run[-1].year == year else []


def streak(facts: MeasureFacts, year: str) -> list[Point]:
    """Worsened (or improved) in each of the last two comparable changes or more, with every value."""
    run = comparable_run(facts.series, year)
    if len(run) < 3:
        return []
    way = _better(facts, run[-2].value, run[-1].value)
    if way is None:
        return []
    length = 1
    while length + 1 < len(run) and _better(facts, run[-length - 2].value, run[-length - 1].value) is way:
        length += 1
    if length < 2:
        return []
    values = run[-length - 1:]
    shown = ", ".join(f"{_say(facts, p.value)} ({p.year})" for p in values)
    verb = "improved" if way else "worsened"
    ordinal = ORDINALS.get(length, f"{length}th")
    steps = " to ".join(_say(facts, p.value) for p in values)
    brief = f"{_moved(values[0].value, values[-1].value)} for the {ordinal} year running ({steps})"
    return [Point(facts.code, "streak", "progress" if way else "watch", 10.0 + 5.0 * length, brief,
                  f"{verb} for the {ordinal} year running: {shown}", tuple((p.year, p.value) for p in values),
                  band=facts.band)]


def significant_change(facts: MeasureFacts, year: str) -> list[Point]:
    """Last year's value outside this year's 95% confidence interval."""
    if facts.change not in ("better", "worse") or facts.interval is None:
        return []
    lower, upper = facts.interval
    moved = _moved(facts.previous_value, facts.value)
    says = (f"{moved} from {_say(facts, facts.previous_value)} in {facts.previous_year} to {_say(facts, facts.value)} "
            f"in {year}, significantly {facts.change} (last year's value lies outside this year's 95% interval, "
            f"{_say(facts, lower, 1)} to {_say(facts, upper, 1)})")
    brief = f"{moved} significantly, {_say(facts, facts.previous_value)} to {_say(facts, facts.value)}"
    return [Point(facts.code, "significant change", "progress" if facts.change == "better" else "watch", 20.0,
                  brief, says, ((facts.previous_year, facts.previous_value), (year, facts.value)), facts.interval,
                  facts.band)]


def significant_trend(facts: MeasureFacts, year: str) -> list[Point]:
    """An improving or worsening trend over the last five comparable values (99.8% confidence)."""
    if facts.trend not in ("improving", "worsening") or not facts.trend_years:
        return []
    years = list(facts.trend_years)
    says = (f"{facts.trend} over the {len(years)} values of {years[0]} to {years[-1]} "
            f"({facts.trend_method}, 99.8% confidence)")
    run = {p.year: p.value for p in facts.series}
    return [Point(facts.code, "trend", "progress" if facts.trend == "improving" else "watch", 15.0,
                  f"{facts.trend} over {len(years)} years", says,
                  tuple((y, run[y]) for y in years if run.get(y) is not None), band=facts.band)]


def untested_change(facts: MeasureFacts, year: str) -> list[Point]:
    """A large change (LARGE_CHANGE of last year's value or more) that no interval can test."""
    if facts.interval is not None or facts.value is None or facts.previous_value is None or facts.series_break:
        return []
    way = _better(facts, facts.previous_value, facts.value)
    size = abs(facts.value - facts.previous_value) / abs(facts.previous_value) if facts.previous_value else 1.0
    if way is None or size < LARGE_CHANGE:
        return []
    moved = _moved(facts.previous_value, facts.value)
    says = (f"{moved} from {_say(facts, facts.previous_value)} in {facts.previous_year} to "
            f"{_say(facts, facts.value)} in {year}, {size:.0%} {'better' if way else 'worse'} (no interval "
            "to test it)")
    brief = f"{moved} from {_say(facts, facts.previous_value)} to {_say(facts, facts.value)}"
    return [Point(facts.code, "large untested change", "progress" if way else "watch", 10.0 + 10.0 * min(size, 1.0),
                  brief, says, ((facts.previous_year, facts.previous_value), (year, facts.value)), band=facts.band)]


def band_move(facts: MeasureFacts, year: str) -> list[Point]:
    """A band against England that moved since last year, said with the way the value moved.

    A band that rose while the value fell (other councils fell further) is context, never progress;
    so is a band that fell while the value rose. A move into the top (or bottom) quartile with the
    value lists the measure; a move with the value within the middle bands is left unsaid.
    """
    now, before = facts.band, facts.previous_band
    if now is None or before is None or now == before or facts.series_break or facts.value is None:
        return []
    rose = BAND_ORDER.index(now) > BAND_ORDER.index(before)
    way = _better(facts, facts.previous_value, facts.value)
    values = f"{_say(facts, facts.previous_value)} in {facts.previous_year} to {_say(facts, facts.value)}"
    band_verb = "rose" if rose else "fell"
    if way is None:
        value_words = f"while its value stayed the same ({values})" if facts.polarity != "none" else f"({values})"
    elif way == rose:
        value_words = f"as its value {'improved' if way else 'worsened'}"
    else:
        value_words = f"while its value {'improved' if way else 'worsened'}, from {values}"
    if way == rose:
        says = (f"moved into the {band_word(now)} against {facts.england_name}, from the {band_word(before)}, "
                f"{value_words}")
    else:
        says = (f"its band against {facts.england_name} {band_verb} from the {band_word(before)} to the "
                f"{band_word(now)} "
                f"{value_words}")
    if way == rose and now not in ("top", "bottom"):
        return []  # a move with the value within the middle bands adds nothing to the value's own points
    tone = ("progress" if rose else "watch") if way == rose else "context"
    brief = f"{band_verb} a band, to the {band_word(now)}, {value_words.split(' (')[0].split(',')[0]}"
    return [Point(facts.code, "band move", tone, 5.0, brief, says,
                  ((facts.previous_year, facts.previous_value), (year, facts.value)), band=now)]


def bottom_against_both(facts: MeasureFacts, year: str) -> list[Point]:
    """Bottom quartile against both comparator groups of the briefing's lists."""
    first, second = facts.pair
    if facts.band_against(first) != "bottom" or facts.band_against(second) != "bottom":
        return []
    names = {"england": facts.england_name, "region": facts.region_name, "neighbours": "the statistical neighbours"}
    says = f"in the bottom quartile against both {names[first]} and {names[second]} ({_say(facts, facts.value)})"
    return [Point(facts.code, "bottom against both", "watch", 8.0,
                  f"in the bottom quartile against both {names[first]} and {names[second]}", says,
                  ((year, facts.value),), band=facts.band)]


def regional_end(facts: MeasureFacts, year: str) -> list[Point]:
    """First or last of the councils in the region."""
    rank, size = facts.region_rank, facts.region_size
    if rank is None or not size or size < 3 or rank not in (1, size):
        return []
    where = "best" if rank == 1 else "worst"
    says = f"the {where} of the {size} councils in {facts.region_name} ({_say(facts, facts.value)})"
    return [Point(facts.code, "regional end", "context", 3.0, f"{where} in the region", says,
                  ((year, facts.value),), band=facts.band)]


def break_in_series(facts: MeasureFacts, year: str) -> list[Point]:
    """This year cannot be compared with last: the publication records a break."""
    if not facts.series_break or facts.value is None:
        return []
    says = f"not compared with earlier years: {facts.series_break}"
    return [Point(facts.code, "series break", "context", 1.0, "a break in series", says, ((year, facts.value),),
                  band=facts.band)]


MEASURE_RULES: tuple[Callable[[MeasureFacts, str], list[Point]], ...] = (
    streak, significant_change, significant_trend, untested_change, band_move, bottom_against_both, regional_end,
    break_in_series,
)


def survey_half(measures: Sequence[MeasureFacts], year: str) -> list[Point]:
    """Every measure of a survey (carers', users') in the top half against England, or every one in the bottom half."""
    found = []
    for survey, name in SURVEY_NAMES.items():
        group = [m for m in measures if m.survey == survey and m.band is not None]
        if len(group) < 2:
            continue
        for half, bands, tone in (("top", ("top", "upper-middle"), "progress"),
                                  ("bottom", ("bottom", "lower-middle"), "watch")):
            if all(m.band in bands for m in group):
                count = {2: "Both", 3: "All three", 4: "All four", 5: "All five", 6: "All six"}.get(
                    len(group), f"All {len(group)}")
                detail = "; ".join(f"{m.code} {m.band}" for m in group)
                against = group[0].england_name
                says = f"{count} {name} measures are in the {half} half against {against} in {year} ({detail})"
                found.append(Point(survey, "survey half", tone, 15.0, says, says,
                                   tuple((m.code, m.value) for m in group)))
    return found


def measure_points(facts: MeasureFacts, year: str) -> list[Point]:
    """Every rule's points for one measure."""
    return [point for rule in MEASURE_RULES for point in rule(facts, year)]
