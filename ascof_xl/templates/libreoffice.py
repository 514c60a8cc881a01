"""LibreOffice headless as a second spreadsheet engine: recalculate generated workbooks, render them to PNG.

One `soffice` call converts many files (it is slow to start); each call uses a throw-away profile so
parallel runs never share one.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Sequence

from ascof_xl.errors import AscofError
from ascof_xl.outputs.temporary import private_folder


def soffice() -> str | None:
    """The soffice executable, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(paths: Sequence[Path], folder: Path, target: str = "xlsx", timeout: int = 300) -> list[Path]:
    """Convert every file to `target` (xlsx recalculates formulas; pdf prints them) in one soffice call."""
    program = soffice()
    if program is None:
        raise AscofError("LibreOffice (soffice) is not installed; install libreoffice-calc-nogui")
    folder.mkdir(parents=True, exist_ok=True)
    with private_folder("libreoffice-profile") as profile:
        command = [program, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                   "--convert-to", target, "--outdir", str(folder), *map(str, paths)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    made = [folder / (Path(p).stem + "." + target.split(":")[0]) for p in paths]
    missing = [p.name for p in made if not p.exists()]
    if missing:
        raise AscofError(f"LibreOffice did not write {', '.join(missing)}: {result.stderr.strip() or result.stdout.strip()}")
    return made


def first_page_png(pdf: Path, png: Path, resolution: int = 100) -> Path:
    """The first page of a PDF as a PNG (pdftoppm), for a person to look at."""
    program = shutil.which("pdftoppm")
    if program is None:
        raise AscofError("pdftoppm is not installed; install poppler-utils")
    stem = png.with_suffix("")
    subprocess.run([program, "-png", "-r", str(resolution), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
                   check=True, capture_output=True, timeout=120)
    return stem.with_suffix(".png")
