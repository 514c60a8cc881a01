"""The ASCOF worksheet functions as xlwings declares them: one decorated line over each plain function.

This module is what the add-in's "UDF Modules" setting names (`ascof_xl.excel.udfs`). It is the one
declaration of each function for Excel: its name and arguments (the signature), its description (the
docstring's one line) and each argument's help (`ARGUMENT_HELP`). `addin/build.py` writes from it the
add-in's VBA declarations and Function Wizard help (Application.MacroOptions, category ASCOF) and the
xlwings Lite edition's `addin/lite/main.py`. Ranges are taken as 2-D lists (`ndim=2`) and tables come back
as 2-D lists that spill as dynamic arrays; no converters, no `expand=`, no `volatile`.
"""

# Excel names are upper case by convention: ASCOF_QUARTILE, not ascof_quartile.
# ruff: noqa: N802

import inspect
from typing import Any, Callable

import xlwings as xw

from ascof_xl.excel import functions as f

__all__ = ["ASCOF_VALUE", "ASCOF_MEASURE", "ASCOF_MEASURES", "ASCOF_QUARTILE", "ASCOF_RANK", "ASCOF_THRESHOLDS",
           "ASCOF_BENCHMARK", "ASCOF_PROFILE", "ASCOF_BANDS", "ASCOF_CI", "ASCOF_SIGNIFICANCE", "ASCOF_DOT"]

CATEGORY = "ASCOF"  # the Function Wizard's category
RANGES = ("councils", "codes")  # arguments taken as a range (2-D list), not one cell
ARGUMENT_HELP = {  # the Function Wizard's help for each argument, by name (at most 255 characters each)
    "code": "Measure code, e.g. 2B1, 2D(1) or 1A; a disaggregation's published code (2B16574) where the year has it",
    "numerator": "The measure's numerator (a count, or a cell holding it)",
    "denominator": "The measure's denominator (a count, or a cell holding it)",
    "year": "Financial year, e.g. 2024-25 or 2024/25; blank: the latest year loaded",
    "field": "Field of the definition: title (blank), polarity, unit, decimals, source, numerator, denominator ...",
    "framework": "Framework: ascof-2023-24, ascof-2018-19, ipc-option-one or ipc-option-two; blank: the current one",
    "value": "Your figure for the measure, in its published unit",
    "group": "Comparator group: england (blank), region, council-type, neighbours:FILE or custom:COUNCIL;COUNCIL;...",
    "council": "Council: name, ONS code or CASSR code, e.g. Rotherham or E08000018",
    "councils": "A column or row of councils (names, ONS codes or CASSR codes)",
    "codes": "A row or column of measure codes",
    "kind": "proportion (Wilson, per 100; the default) or rate (Byar or exact Poisson, per 100,000)",
    "level": "Confidence level: 95 (the default) or 99.8",
    "lower": "Lower limit of the value's confidence interval",
    "upper": "Upper limit of the value's confidence interval",
    "comparator": "The figure to compare with, e.g. England's value",
    "current": "This year's value",
    "previous": "Last year's value",
}


def declared(function: Callable[..., Any]) -> Callable[..., Any]:
    """xlwings' declaration of an ASCOF function: category ASCOF, each argument's help, ranges as 2-D lists."""
    function = xw.func(category=CATEGORY)(function)
    for name in inspect.signature(function).parameters:
        function = xw.arg(name, doc=ARGUMENT_HELP[name], **({"ndim": 2} if name in RANGES else {}))(function)
    return function


@declared
def ASCOF_VALUE(code, numerator, denominator, year=None):
    """The measure's value from its numerator and denominator, with the publication's rounding."""
    return f.ascof_value(code, numerator, denominator, year)


@declared
def ASCOF_MEASURE(code, field=None, framework=None):
    """One field of a measure's definition (title, polarity, unit, decimals, source ...)."""
    return f.ascof_measure(code, field, framework)


@declared
def ASCOF_MEASURES(framework=None):
    """The measures of a framework: code, title, polarity and unit."""
    return f.ascof_measures(framework)


@declared
def ASCOF_QUARTILE(code, value, group=None, year=None, council=None):
    """The quartile band (top, upper-middle, lower-middle, bottom) a value takes in the published year."""
    return f.ascof_quartile(code, value, group, year, council)


@declared
def ASCOF_RANK(code, value, group=None, year=None):
    """Where a value ranks among the published councils: "rank of n", 1 is best."""
    return f.ascof_rank(code, value, group, year)


@declared
def ASCOF_THRESHOLDS(code, group=None, year=None):
    """P25, median and P75 (QUARTILE.INC) of the published councils, as one row."""
    return f.ascof_thresholds(code, group, year)


@declared
def ASCOF_BENCHMARK(council, code, year=None, group=None):
    """One row: value, band, rank, n, P25, median, P75, comparator, significance, trend."""
    return f.ascof_benchmark(council, code, year, group)


@declared
def ASCOF_PROFILE(council, year=None, group=None):
    """The council's quartile profile: one row per measure under a header row."""
    return f.ascof_profile(council, year, group)


@declared
def ASCOF_BANDS(councils, codes, year=None):
    """Every council's band on every measure (against England), as one councils x measures array."""
    return f.ascof_bands(councils, codes, year)


@declared
def ASCOF_CI(numerator, denominator, kind=None, level=None):
    """Lower and upper confidence limits: kind proportion (Wilson) or rate (Byar / exact Poisson); level 95 or 99.8."""
    return f.ascof_ci(numerator, denominator, kind, level)


@declared
def ASCOF_SIGNIFICANCE(code, value, lower, upper, comparator):
    """better / similar / worse: the comparator against the value's interval, by the measure's polarity."""
    return f.ascof_significance(code, value, lower, upper, comparator)


@declared
def ASCOF_DOT(code, current, previous):
    """Direction of travel: improved, worsened or no change at the published decimals."""
    return f.ascof_dot(code, current, previous)
