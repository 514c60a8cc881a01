"""`ascof-xl macro NAME BOOK -o OUT`: what a ribbon button does, on a workbook file, without Excel.

The macro runs over the openpyxl workbook and the result is written to OUT (atomically); BOOK itself
is never written to. Build report writes its briefing beside OUT.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ascof_xl.cli.arguments import add_data
from ascof_xl.errors import AscofError

MACROS = ("refresh-benchmarks", "validate-workbook", "build-report")


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `macro` subcommand to the parser."""
    macro = commands.add_parser("macro", help="run an add-in macro (ribbon button) on a workbook file, without Excel")
    macro.add_argument("name", choices=MACROS, help="the ribbon button: refresh-benchmarks, validate-workbook or build-report")
    macro.add_argument("book", help="the workbook (.xlsx) the button would run on")
    macro.add_argument("-o", "--output", required=True, help="where to write the workbook after the macro (.xlsx)")
    add_data(macro, "published ASCOF file (refresh-benchmarks, build-report; default: bundled data)")
    macro.add_argument("--year", help="financial year, e.g. 2024-25")
    macro.add_argument("--council", help="council for build-report")
    macro.add_argument("--neighbours", help="nearest-neighbours file for build-report")
    macro.set_defaults(handler=run_macro)


def run_macro(args: argparse.Namespace) -> str:
    """Open BOOK, run the macro, save to OUT; the macro's last status line is the output."""
    from ascof_xl.excel.books import OpenpyxlBook
    from ascof_xl.excel.macros import build_report, refresh_benchmarks, validate_active_workbook

    source, output = Path(args.book), Path(args.output)
    if output.suffix.lower() != ".xlsx":
        raise AscofError(f"-o {args.output}: give a workbook name ending in .xlsx")
    book = OpenpyxlBook(source)
    if args.name == "refresh-benchmarks":
        refresh_benchmarks.run(book, args.data, args.year)
    elif args.name == "validate-workbook":
        validate_active_workbook.run(book)
    else:
        build_report.run(book, args.council or "", args.year, args.data, args.neighbours, output.resolve().parent)
    book.save(output)
    for message in book.messages[:-1]:
        print(f"ascof-xl: {message.removeprefix('ASCOF: ')}", file=sys.stderr)
    return f"{book.messages[-1].removeprefix('ASCOF: ')}; workbook written to {output}"
