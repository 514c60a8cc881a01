"""Return-template workbooks and the validator of filled returns (a door over the core; uses openpyxl).

Each template is declared once as data (`declarations/*.toml`); the generator and the validator both
read that declaration through `layout.py`, so a cell cannot move in one and not the other. Each kind of
check is declared once (`kinds.py`): its Excel test for the Validation sheet beside its Python evaluation.

The functions other doors call (the CLI, the add-in's macros):
- `build_workbook(name, year)` / `write_template(name, path, year)`: a template in memory / on disk;
- `validate_workbook(path, previous=None)`: `ascof_xl.findings.Finding`s, one per failing Validation-sheet row
  (code = the check's id), plus file./input./previous. findings only the validator can make;
- `write_findings(workbook, findings)`: the findings into a workbook's Validation sheet (openpyxl);
  `findings_table(findings)` and `findings_anchor(name, year)` for other workbook interfaces;
- `benchmark_rows(year)`, `write_benchmark_sheet(workbook, rows)`, `benchmark_table(rows)`: the Benchmarks sheet.
"""

from ascof_xl.templates.benchmark_sheet import benchmark_rows, benchmark_table, write_benchmark_sheet
from ascof_xl.templates.declaration import template_names
from ascof_xl.templates.findings import findings_anchor, findings_table, write_findings, write_report
from ascof_xl.templates.generate import build_workbook, write_template
from ascof_xl.templates.validate import has_unexplained_errors, is_unreadable, validate_workbook

__all__ = ["benchmark_rows", "benchmark_table", "build_workbook", "findings_anchor", "findings_table",
           "has_unexplained_errors", "is_unreadable", "template_names", "validate_workbook", "write_benchmark_sheet",
           "write_findings", "write_report", "write_template"]
