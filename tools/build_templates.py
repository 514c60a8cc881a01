"""Regenerate the copies of every template kept in workbook_templates/ (run after changing a declaration).

Usage: python tools/build_templates.py [--check]
With --check, only report which copies are stale (made from a declaration that has since changed).
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl

from ascof_xl.templates.declaration import load_declaration
from ascof_xl.templates.generate import write_template
from ascof_xl.templates.metadata import read_metadata

FOLDER = Path(__file__).resolve().parents[1] / "workbook_templates"
# (template, year): one copy each; own figures once per framework (four domains, then the revised one).
COPIES = (
    ("salt-2018-19", "2018-19"),
    ("own-figures", "2022-23"),
    ("own-figures", "2024-25"),
    ("ascs-return", "2024-25"),
    ("sace-return", "2023-24"),
    ("option-two", "2019-20"),
    ("benchmark", "2024-25"),
)


def copy_path(name: str, year: str) -> Path:
    """Where the copy of a template for a year lives (no year in the name when the template's name has it)."""
    return FOLDER / (f"{name}.xlsx" if name.endswith(year) else f"{name}-{year}.xlsx")


def stale(name: str, year: str) -> str | None:
    """Why the copy is out of date, or None when its declaration fingerprint is current."""
    path = copy_path(name, year)
    if not path.exists():
        return f"{path.name} is missing"
    meta = read_metadata(openpyxl.load_workbook(path, read_only=False))
    declaration = load_declaration(name, year)
    if meta.get("fingerprint") != declaration.fingerprint or meta.get("version") != str(declaration.version):
        return f"{path.name} was made from an earlier declaration of {name}"
    return None


def main(argv: list[str]) -> int:
    """Write every copy (or, with --check, list the stale ones and exit 1 if any)."""
    if "--check" in argv:
        problems = [p for p in (stale(n, y) for n, y in COPIES) if p]
        print("\n".join(problems) or "every copy is current")
        return 1 if problems else 0
    FOLDER.mkdir(exist_ok=True)
    for name, year in COPIES:
        print(f"wrote {write_template(name, copy_path(name, year), year)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
