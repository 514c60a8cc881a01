"""The briefing as a PDF, printed by LibreOffice headless through the project's one converter
(`ascof_xl.templates.libreoffice.convert`: one soffice call, a throw-away profile)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ascof_xl.errors import AscofError
from ascof_xl.outputs.temporary import private_folder

TIMEOUT_SECONDS = 300


def write_pdf(workbook: Path, pdf: Path) -> Path:
    """The workbook as a PDF at `pdf`, converted beside it and moved into place in one step."""
    from ascof_xl.templates.libreoffice import convert  # only here: the templates package is slow to import

    with private_folder("pdf", within=pdf.parent) as folder:  # beside the PDF, so the move is one step
        try:
            converted = convert([workbook], Path(folder), "pdf", TIMEOUT_SECONDS)[0]
        except subprocess.TimeoutExpired:
            raise AscofError(f"LibreOffice took over {TIMEOUT_SECONDS} s to print {workbook.name} to PDF; "
                             "try again, or print the workbook from Excel.") from None
        os.replace(converted, pdf)
    return pdf
