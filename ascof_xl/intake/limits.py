"""The caps every input file is checked against before it is parsed, each raisable by an environment variable.

A file from another organisation may be damaged or built to hurt: a 2 GiB CSV, a 7 MB workbook whose
sheet unpacks to 3 GB, one value a million rows below the table. Each cap is far above any genuine
ASCOF, survey or neighbour file; an officer with a genuinely larger file raises it for one run, for
example `ASCOF_XL_MAX_INPUT_MB=800 ascof-xl ...` (README, "Limits on input files").
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ascof_xl.errors import AscofError

MB = 1 << 20


@dataclass(frozen=True)
class Cap:
    """One limit: its environment variable, its default, its unit and what it bounds."""

    variable: str
    default: int
    unit: str
    bounds: str

    def value(self) -> int:
        """The cap in force: the environment variable's whole number where set, else the default."""
        given = os.environ.get(self.variable, "").strip()
        if not given:
            return self.default
        try:
            number = int(given.replace(",", "").replace("_", ""))
        except ValueError:
            number = 0
        if number <= 0:
            raise AscofError(f"the environment variable {self.variable} is '{given}'; set it to a whole number of "
                             f"{self.unit} above zero (the default is {self.default:,}), or unset it.")
        return number


INPUT_MB = Cap("ASCOF_XL_MAX_INPUT_MB", 200, "megabytes", "the size of a file as given (a .gz file once unpacked)")
ROWS = Cap("ASCOF_XL_MAX_ROWS", 2_000_000, "rows", "the rows of a table or sheet")
COLUMNS = Cap("ASCOF_XL_MAX_COLUMNS", 2_000, "columns", "the columns of a table or sheet")
UNZIPPED_MB = Cap("ASCOF_XL_MAX_UNZIPPED_MB", 256, "megabytes", "the parts of a workbook once unpacked, all together")
RATIO = Cap("ASCOF_XL_MAX_ZIP_RATIO", 100, "times", "how far one part of a workbook unpacks (parts over 1 MB)")
BLANK_ROWS = Cap("ASCOF_XL_MAX_BLANK_ROWS", 10_000, "rows", "a run of empty rows before a value in a sheet")
CAPS = (INPUT_MB, ROWS, COLUMNS, UNZIPPED_MB, RATIO, BLANK_ROWS)
RATIO_FLOOR = 1 * MB  # a part smaller than this unpacked cannot hurt, whatever its ratio


class Refused(AscofError):
    """A file refused before (or while) it is parsed; `kind` says why, for doors that sort refusals:
    'too-large' (past a cap), 'unsafe' (an XML document type), 'stray' (a value far from the table),
    'encrypted', 'xls' (an Excel 97-2003 file where .xlsx is needed), 'damaged', 'not-workbook'."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def over(cap: Cap, what: str, found: str) -> Refused:
    """The refusal for a file past a cap: what was found, the cap, and how to raise it for a genuine file."""
    return Refused("too-large", f"{what} {found}, over ascof-xl's limit of {cap.value():,} {cap.unit} on {cap.bounds}; "
                      f"the file may be damaged or built to exhaust the machine. If it is genuine, raise the limit "
                      f"for this run with the environment variable {cap.variable} (for example {cap.variable}="
                      f"{cap.value() * 4}).")
