"""The benchmark briefing: a council's ASCOF profile as an Excel workbook (and PDF).

A door over the benchmarking core: `briefing` builds the briefing as plain data, the sheet
modules write it with openpyxl, `pdf` prints it through LibreOffice. `build_report` is the
one call the command line and the Excel add-in share.
"""

from ascof_xl.report.build import build_report

__all__ = ["build_report"]
