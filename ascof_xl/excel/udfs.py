"""The ASCOF worksheet functions as xlwings declares them: one decorated line over each plain function.

This module is what the add-in's "UDF Modules" setting names (`ascof_xl.excel.udfs`). Ranges are taken
as 2-D lists (`ndim=2`) and tables come back as 2-D lists that spill as dynamic arrays; no converters,
no `expand=`, no `volatile`, so the same source loads in classic xlwings (Windows) and in xlwings Lite.
"""

# Excel names are upper case by convention: ASCOF_QUARTILE, not ascof_quartile.
# ruff: noqa: N802

import xlwings as xw

from ascof_xl.excel import functions as f

__all__ = ["ASCOF_VALUE", "ASCOF_MEASURE", "ASCOF_MEASURES", "ASCOF_QUARTILE", "ASCOF_RANK", "ASCOF_THRESHOLDS",
           "ASCOF_BENCHMARK", "ASCOF_PROFILE", "ASCOF_BANDS", "ASCOF_CI", "ASCOF_SIGNIFICANCE", "ASCOF_DOT"]


@xw.func(category="ASCOF")
def ASCOF_VALUE(code, numerator, denominator, year=None):
    """The measure's value from its numerator and denominator, with the publication's rounding."""
    return f.ascof_value(code, numerator, denominator, year)


@xw.func(category="ASCOF")
def ASCOF_MEASURE(code, field=None, framework=None):
    """One field of a measure's definition (title, polarity, unit, decimals, source ...)."""
    return f.ascof_measure(code, field, framework)


@xw.func(category="ASCOF")
def ASCOF_MEASURES(framework=None):
    """The measures of a framework: code, title, polarity and unit."""
    return f.ascof_measures(framework)


@xw.func(category="ASCOF")
def ASCOF_QUARTILE(code, value, group=None, year=None, council=None):
    """The quartile band (top, upper-middle, lower-middle, bottom) a value takes in the published year."""
    return f.ascof_quartile(code, value, group, year, council)


@xw.func(category="ASCOF")
def ASCOF_RANK(code, value, group=None, year=None):
    """Where a value ranks among the published councils: "rank of n", 1 is best."""
    return f.ascof_rank(code, value, group, year)


@xw.func(category="ASCOF")
def ASCOF_THRESHOLDS(code, group=None, year=None):
    """P25, median and P75 (QUARTILE.INC) of the published councils, as one row."""
    return f.ascof_thresholds(code, group, year)


@xw.func(category="ASCOF")
def ASCOF_BENCHMARK(council, code, year=None, group=None):
    """One row: value, band, rank, n, P25, median, P75, comparator, significance, trend."""
    return f.ascof_benchmark(council, code, year, group)


@xw.func(category="ASCOF")
def ASCOF_PROFILE(council, year=None, group=None):
    """The council's quartile profile: one row per measure under a header row."""
    return f.ascof_profile(council, year, group)


@xw.func(category="ASCOF")
@xw.arg("councils", ndim=2)
@xw.arg("codes", ndim=2)
def ASCOF_BANDS(councils, codes, year=None):
    """Every council's band on every measure (against England), as one councils x measures array."""
    return f.ascof_bands(councils, codes, year)


@xw.func(category="ASCOF")
def ASCOF_CI(numerator, denominator, kind=None, level=None):
    """Lower and upper confidence limits: kind proportion (Wilson) or rate (Byar / exact Poisson); level 95 or 99.8."""
    return f.ascof_ci(numerator, denominator, kind, level)


@xw.func(category="ASCOF")
def ASCOF_SIGNIFICANCE(code, value, lower, upper, comparator):
    """better / similar / worse: the comparator against the value's interval, by the measure's polarity."""
    return f.ascof_significance(code, value, lower, upper, comparator)


@xw.func(category="ASCOF")
def ASCOF_DOT(code, current, previous):
    """Direction of travel: improved, worsened or no change at the published decimals."""
    return f.ascof_dot(code, current, previous)
