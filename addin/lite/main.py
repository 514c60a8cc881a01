"""ascof-xl for xlwings Lite: the ASCOF worksheet functions and the Refresh benchmarks and Build report
scripts, in Excel with no Python installed (Windows, Mac, Excel on the web).

Written by addin/build.py from ascof_xl.excel.udfs; paste it whole into xlwings Lite's main.py (addin/lite/README.md).
"""

# Excel names are upper case by convention.
# ruff: noqa: N802

import xlwings as xw
from xlwings import arg, func, script

from ascof_xl.excel import functions as f
from ascof_xl.excel.lite import build_report_script, refresh_script


@func
@arg('code', doc="Measure code, e.g. 2B1, 2D(1) or 1A; a disaggregation's published code (2B16574) where the year has it")
@arg('numerator', doc="The measure's numerator (a count, or a cell holding it)")
@arg('denominator', doc="The measure's denominator (a count, or a cell holding it)")
@arg('year', doc='Financial year, e.g. 2024-25 or 2024/25; blank: the latest year loaded')
def ASCOF_VALUE(code, numerator, denominator, year=None):
    """The measure's value from its numerator and denominator, with the publication's rounding."""
    return f.ascof_value(code, numerator, denominator, year)


@func
@arg('code', doc="Measure code, e.g. 2B1, 2D(1) or 1A; a disaggregation's published code (2B16574) where the year has it")
@arg('field', doc='Field of the definition: title (blank), polarity, unit, decimals, source, numerator, denominator ...')
@arg('framework', doc='Framework: ascof-2023-24, ascof-2018-19, ipc-option-one or ipc-option-two; blank: the current one')
def ASCOF_MEASURE(code, field=None, framework=None):
    """One field of a measure's definition (title, polarity, unit, decimals, source ...)."""
    return f.ascof_measure(code, field, framework)


@func
@arg('framework', doc='Framework: ascof-2023-24, ascof-2018-19, ipc-option-one or ipc-option-two; blank: the current one')
def ASCOF_MEASURES(framework=None):
    """The measures of a framework: code, title, polarity and unit."""
    return f.ascof_measures(framework)


@func
@arg('code', doc="Measure code, e.g. 2B1, 2D(1) or 1A; a disaggregation's published code (2B16574) where the year has it")
@arg('value', doc='Your figure for the measure, in its published unit')
@arg('group', doc='Comparator group: england (blank), region, council-type, neighbours:FILE or custom:COUNCIL;COUNCIL;...')
@arg('year', doc='Financial year, e.g. 2024-25 or 2024/25; blank: the latest year loaded')
@arg('council', doc='Council: name, ONS code or CASSR code, e.g. Rotherham or E08000018')
def ASCOF_QUARTILE(code, value, group=None, year=None, council=None):
    """The quartile band (top, upper-middle, lower-middle, bottom) a value takes in the published year."""
    return f.ascof_quartile(code, value, group, year, council)


@func
@arg('code', doc="Measure code, e.g. 2B1, 2D(1) or 1A; a disaggregation's published code (2B16574) where the year has it")
@arg('value', doc='Your figure for the measure, in its published unit')
@arg('group', doc='Comparator group: england (blank), region, council-type, neighbours:FILE or custom:COUNCIL;COUNCIL;...')
@arg('year', doc='Financial year, e.g. 2024-25 or 2024/25; blank: the latest year loaded')
def ASCOF_RANK(code, value, group=None, year=None):
    """Where a value ranks among the published councils: "rank of n", 1 is best."""
    return f.ascof_rank(code, value, group, year)


@func
@arg('code', doc="Measure code, e.g. 2B1, 2D(1) or 1A; a disaggregation's published code (2B16574) where the year has it")
@arg('group', doc='Comparator group: england (blank), region, council-type, neighbours:FILE or custom:COUNCIL;COUNCIL;...')
@arg('year', doc='Financial year, e.g. 2024-25 or 2024/25; blank: the latest year loaded')
def ASCOF_THRESHOLDS(code, group=None, year=None):
    """P25, median and P75 (QUARTILE.INC) of the published councils, as one row."""
    return f.ascof_thresholds(code, group, year)


@func
@arg('council', doc='Council: name, ONS code or CASSR code, e.g. Rotherham or E08000018')
@arg('code', doc="Measure code, e.g. 2B1, 2D(1) or 1A; a disaggregation's published code (2B16574) where the year has it")
@arg('year', doc='Financial year, e.g. 2024-25 or 2024/25; blank: the latest year loaded')
@arg('group', doc='Comparator group: england (blank), region, council-type, neighbours:FILE or custom:COUNCIL;COUNCIL;...')
def ASCOF_BENCHMARK(council, code, year=None, group=None):
    """One row: value, band, rank, n, P25, median, P75, comparator, significance, trend."""
    return f.ascof_benchmark(council, code, year, group)


@func
@arg('council', doc='Council: name, ONS code or CASSR code, e.g. Rotherham or E08000018')
@arg('year', doc='Financial year, e.g. 2024-25 or 2024/25; blank: the latest year loaded')
@arg('group', doc='Comparator group: england (blank), region, council-type, neighbours:FILE or custom:COUNCIL;COUNCIL;...')
def ASCOF_PROFILE(council, year=None, group=None):
    """The council's quartile profile: one row per measure under a header row."""
    return f.ascof_profile(council, year, group)


@func
@arg('councils', doc='A column or row of councils (names, ONS codes or CASSR codes)', ndim=2)
@arg('codes', doc='A row or column of measure codes', ndim=2)
@arg('year', doc='Financial year, e.g. 2024-25 or 2024/25; blank: the latest year loaded')
def ASCOF_BANDS(councils, codes, year=None):
    """Every council's band on every measure (against England), as one councils x measures array."""
    return f.ascof_bands(councils, codes, year)


@func
@arg('numerator', doc="The measure's numerator (a count, or a cell holding it)")
@arg('denominator', doc="The measure's denominator (a count, or a cell holding it)")
@arg('kind', doc='proportion (Wilson, per 100; the default) or rate (Byar or exact Poisson, per 100,000)')
@arg('level', doc='Confidence level: 95 (the default) or 99.8')
def ASCOF_CI(numerator, denominator, kind=None, level=None):
    """Lower and upper confidence limits: kind proportion (Wilson) or rate (Byar / exact Poisson); level 95 or 99.8."""
    return f.ascof_ci(numerator, denominator, kind, level)


@func
@arg('code', doc="Measure code, e.g. 2B1, 2D(1) or 1A; a disaggregation's published code (2B16574) where the year has it")
@arg('value', doc='Your figure for the measure, in its published unit')
@arg('lower', doc="Lower limit of the value's confidence interval")
@arg('upper', doc="Upper limit of the value's confidence interval")
@arg('comparator', doc="The figure to compare with, e.g. England's value")
def ASCOF_SIGNIFICANCE(code, value, lower, upper, comparator):
    """better / similar / worse: the comparator against the value's interval, by the measure's polarity."""
    return f.ascof_significance(code, value, lower, upper, comparator)


@func
@arg('code', doc="Measure code, e.g. 2B1, 2D(1) or 1A; a disaggregation's published code (2B16574) where the year has it")
@arg('current', doc="This year's value")
@arg('previous', doc="Last year's value")
def ASCOF_DOT(code, current, previous):
    """Direction of travel: improved, worsened or no change at the published decimals."""
    return f.ascof_dot(code, current, previous)


@script
def refresh_benchmarks(book: xw.Book):
    """Refresh benchmarks: the published data on the sheet named in the ascof_xl.conf sheet (ASCOF Data Sheet)."""
    refresh_script(book)


@script
def build_report(book: xw.Book):
    """Build report: the briefing for the council in the ascof_xl.conf sheet, as new sheets of this workbook."""
    build_report_script(book)
