"""The native Excel formulas a template carries beside its checks: measure values, bands, ranks, the comparison
with England and each check's status word (each check's own test is declared in `kinds.py`).

All target Excel 2016 and work unchanged in LibreOffice; none needs the add-in. Publication
rounding is exact: ROUND(numerator x multiplier x 10^decimals / denominator, 0) / 10^decimals
rounds a whole-number quotient, so a true half (82 / 160 = 51.25%) is never a binary hair below it.
"""

from __future__ import annotations

from ascof_xl.stats.intervals import BYAR_MINIMUM_COUNT
from ascof_xl.templates.declaration import MeasureSpec
from ascof_xl.templates.layout import DISTRIBUTION_SHEET, HEADER_ROW, Layout, area, sheet_ref

CHECK_INPUTS = "check inputs"  # what a value shows while an input check of its row fails: nothing is worked out
CONFIDENCE = 0.95  # the level of the briefing's "against England" (ascof_xl.benchmark.place)


def status_formula(test: str, severity: str, reason: str) -> str:
    """PASS when the test holds; else EXPLAINED with a reason written, else FAIL (an error) or WARNING (a warning)."""
    word = "FAIL" if severity == "error" else "WARNING"
    return f'=IF({test},"PASS",IF(LEN(TRIM({reason}))>0,"EXPLAINED","{word}"))'


def value_formula(measure: MeasureSpec, numerator: str, denominator: str, gates: tuple[str, ...] = ()) -> str:
    """The measure's published value from its numerator and denominator cells; [x] for a zero denominator;
    'check inputs' while any input check feeding it (its status cell in `gates`) is not PASS."""
    if not measure.has_denominator:
        value = f'IF(ISNUMBER({numerator}),{numerator},"")'
    else:
        scale = measure.multiplier * 10 ** measure.decimals
        rounded = f"ROUND({numerator}*{scale}/{denominator},0)/{10 ** measure.decimals}"
        value = f'IF(AND(ISNUMBER({numerator}),ISNUMBER({denominator})),IF({denominator}=0,"[x]",{rounded}),"")'
    if gates:
        value = f'IF(OR({",".join(f"{g}<>{chr(34)}PASS{chr(34)}" for g in gates)}),"{CHECK_INPUTS}",{value})'
    return "=" + value


def band_formula(value: str, polarity: str, p25: str, median: str, p75: str) -> str:
    """The quartile band in words; ties at a cut point go to the better band, as in ascof_xl.benchmark."""
    lower = f'IF({value}<={p25},"top",IF({value}<={median},"upper-middle",IF({value}<={p75},"lower-middle","bottom")))'
    higher = f'IF({value}>={p75},"top",IF({value}>={median},"upper-middle",IF({value}>={p25},"lower-middle","bottom")))'
    chosen = lower if polarity == "lower" else higher
    return f'=IF(AND(ISNUMBER({value}),ISNUMBER({p25}),ISNUMBER({median}),ISNUMBER({p75})),{chosen},"")'


def distribution_ranges(layout: Layout, code: str) -> tuple[str, str]:
    """(codes, values) ranges of the published council values of one measure on the Distribution sheet."""
    column = layout.distribution_columns[code]
    last = HEADER_ROW + max(len(layout.councils), 1)
    codes = sheet_ref(DISTRIBUTION_SHEET, area((1, HEADER_ROW + 1), (1, last)))
    values = sheet_ref(DISTRIBUTION_SHEET, area((column, HEADER_ROW + 1), (column, last)))
    return codes, values


def rank_formulas(value: str, polarity: str, codes: str, values: str, council: str) -> tuple[str, str]:
    """Rank (1 = best) and n of the council's value among the published councils, its own published value left out."""
    better = "<" if polarity == "lower" else ">"
    rank = f'=IF(ISNUMBER({value}),COUNTIFS({values},"{better}"&{value},{codes},"<>"&{council})+1,"")'
    count = f'=IF(ISNUMBER({value}),COUNT({values})-COUNTIFS({codes},{council},{values},"<>")+1,"")'
    return rank, count


def interval_bounds(unit: str, numerator: str, denominator: str) -> tuple[str, str] | None:
    """The 95% interval of a value from its counts, as native formulas (lower, upper), as the briefing computes it:
    Wilson for a percentage; Byar for a rate of 10 or more events, exact Poisson (chi-squared quantiles) below 10."""
    z = f"_xlfn.NORM.S.INV({(1 + CONFIDENCE) / 2!r})"
    n, d = numerator, denominator
    if unit == "percentage":
        share = f"({n}/{d})"
        centre = f"({share}+{z}^2/(2*{d}))"
        spread = f"({z}*SQRT({share}*(1-{share})/{d}+({z}/(2*{d}))^2))"
        scale = f"(1+{z}^2/{d})"
        lower = f"IF({n}=0,0,MAX(0,({centre}-{spread})/{scale}))*100"
        upper = f"IF({n}={d},1,MIN(1,({centre}+{spread})/{scale}))*100"
        return lower, upper
    if unit == "rate per 100,000":
        alpha = 1 - CONFIDENCE
        scale = f"100000/{d}"
        byar_lower = f"MAX(0,{n}*(1-1/(9*{n})-{z}/(3*SQRT({n})))^3)"
        byar_upper = f"({n}+1)*(1-1/(9*({n}+1))+{z}/(3*SQRT({n}+1)))^3"
        exact_lower = f"IF({n}=0,0,_xlfn.CHISQ.INV({alpha / 2!r},2*{n})/2)"
        exact_upper = f"_xlfn.CHISQ.INV({1 - alpha / 2!r},2*{n}+2)/2"
        few = f"{n}<{BYAR_MINIMUM_COUNT}"
        return (f"IF({few},{exact_lower},{byar_lower})*{scale}", f"IF({few},{exact_upper},{byar_upper})*{scale}")
    return None


def comparison_formula(measure: MeasureSpec, value: str, numerator: str, denominator: str, england: str) -> str:
    """Against England by significance, in the briefing's words: "similar" when England's value lies within the
    council's 95% interval, else "better"/"worse" by polarity ("higher"/"lower" without one); "not tested" for a
    unit with no interval from counts."""
    bounds = interval_bounds(measure.unit, numerator, denominator)
    if bounds is None:
        return f'=IF(AND(ISNUMBER({value}),ISNUMBER({england})),"not tested","")'
    lower, upper = bounds
    higher, lower_word = {"higher": ("better", "worse"), "lower": ("worse", "better")}.get(measure.polarity, ("higher", "lower"))
    words = f'IF({england}<{lower},"{higher}",IF({england}>{upper},"{lower_word}","similar"))'
    return f'=IF(AND(ISNUMBER({value}),ISNUMBER({england}),{denominator}>0),{words},"")'
