"""ASCOF from Client Level Data: DHSC's national method (2A, 2B, 2C, 2D, 2E, 3D) as SQL steps on DuckDB.

Core package: plain rows in, plain rows out; never imports a door (xlwings, openpyxl). The method
lives in sql/*.sql, one step per file; values.toml maps every spelling to release 2.
"""

from ascof_xl.cld.measures import COLUMNS, DISAGGREGATIONS, Period, compute_measures, parse_period
from ascof_xl.cld.population import published_population, read_population
from ascof_xl.cld.quality import check_files, summary_lines

__all__ = [
    "COLUMNS", "DISAGGREGATIONS", "Period", "check_files", "compute_measures", "parse_period",
    "published_population", "read_population", "summary_lines",
]
