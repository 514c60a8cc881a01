"""Workbook to PDF through LibreOffice headless, with a throw-away profile so it never meets a
user's running LibreOffice; many workbooks go in one call, as starting LibreOffice is the slow part."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Sequence

from ascof_xl.errors import AscofError

TIMEOUT_SECONDS = 300


def convert_to_pdf(workbooks: Sequence[Path], folder: Path) -> list[Path]:
    """Convert each workbook to a PDF of the same name in `folder`, in one LibreOffice call."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise AscofError("LibreOffice (soffice) is not installed or not on PATH; install it to write the PDF, "
                         "or leave out --pdf and print the workbook from Excel.")
    profile = Path(tempfile.mkdtemp(prefix="lo-"))
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(folder), *(str(w) for w in workbooks)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise AscofError(f"LibreOffice took over {TIMEOUT_SECONDS} s to convert the workbook to PDF; "
                         "try again, or print it from Excel.") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdfs = [folder / f"{Path(w).stem}.pdf" for w in workbooks]
    missing = [p.name for p in pdfs if not p.is_file()]
    if result.returncode != 0 or missing:
        said = (result.stderr or result.stdout).strip().splitlines()
        raise AscofError(f"LibreOffice could not convert {', '.join(missing) or 'the workbook'} to PDF "
                         f"(exit status {result.returncode}: {said[-1] if said else 'no message'}).")
    return pdfs


def write_pdf(workbook: Path, pdf: Path) -> Path:
    """The workbook as a PDF at `pdf`, converted beside it and moved into place in one step."""
    with tempfile.TemporaryDirectory(prefix=".pdf-", dir=pdf.parent) as folder:
        converted = convert_to_pdf([workbook], Path(folder))[0]
        os.replace(converted, pdf)
    return pdf
