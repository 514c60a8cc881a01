"""`ascof-xl macro NAME BOOK -o OUT`: what a ribbon button does, on a workbook file, without Excel.

The macro runs over the openpyxl workbook with the settings the ribbon would read (the workbook's
`ascof_xl.conf` sheet, then an `ascof_xl.conf` file beside it, then the user's; an option given here wins),
and writes OUT alone (atomically): the workbook after the macro, or for build-report the briefing.
BOOK itself is never written to.
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
    macro.add_argument("-o", "--output", required=True,
                       help="where to write the workbook after the macro, or for build-report the briefing (.xlsx)")
    add_data(macro, "published ASCOF file (refresh-benchmarks, build-report; default: bundled data)")
    macro.add_argument("--year", help="financial year, e.g. 2024-25")
    macro.add_argument("--council", help="council for build-report")
    macro.add_argument("--neighbours", help="nearest-neighbours file for build-report")
    macro.set_defaults(handler=run_macro)


def run_macro(args: argparse.Namespace) -> str:
    """Open BOOK, run the macro with the ribbon's settings, write OUT; the macro's last status line is the output."""
    from ascof_xl.excel.books import OpenpyxlBook
    from ascof_xl.excel.macros import build_report, refresh_benchmarks, validate_active_workbook
    from ascof_xl.excel.settings import Settings, book_settings

    source, output = Path(args.book), Path(args.output)
    if output.suffix.lower() != ".xlsx":
        raise AscofError(f"-o {args.output}: give a workbook name ending in .xlsx")
    book = OpenpyxlBook(source)
    given = Settings(council=args.council or "", year=args.year or "", neighbours=args.neighbours or "")
    settings = given.over(book_settings(book))
    files = args.data or ([settings.data_file] if settings.data_file and not settings.data_sheet else [])
    sheet = None if args.data else settings.data_sheet or None
    year = settings.year or None
    if args.name == "refresh-benchmarks":
        refresh_benchmarks.run(book, files, year, sheet)
    elif args.name == "validate-workbook":
        validate_active_workbook.run(book)
    else:
        build_report.run(book, settings.council, year, files, settings.neighbours or None, output, sheet)
    if args.name != "build-report":
        book.save(output)
    for message in book.messages[:-1]:
        print(f"ascof-xl: {message.removeprefix('ASCOF: ')}", file=sys.stderr)
    done = book.messages[-1].removeprefix("ASCOF: ")
    return done if args.name == "build-report" else f"{done}; workbook written to {output}"
