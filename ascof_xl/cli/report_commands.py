"""Subcommand that writes the benchmark briefing: report."""

from __future__ import annotations

import argparse
import sys

from ascof_xl.cli.arguments import add_data, input_help
from ascof_xl.report import build_report


def register(commands: argparse._SubParsersAction) -> None:
    """Add the report subcommand to the parser."""
    report = commands.add_parser(
        "report", help="a council's benchmark briefing as an Excel workbook (and PDF)",
        description="Write a council's ASCOF benchmark briefing: a headline, quartile profiles against England, "
                    "the region and the neighbours with the change from last year, the top and bottom lists, "
                    "positive progress and measures to watch with their evidence, every measure, each measure's "
                    "series against England, spine charts and notes.",
        **input_help("neighbours"),
    )
    report.add_argument("--council", required=True, help="council name, ONS code or CASSR code")
    report.add_argument("--year", help="financial year, e.g. 2019-20 (default: the latest full year loaded)")
    add_data(report)
    report.add_argument("--neighbours", metavar="FILE",
                        help="your statistical neighbours: JSON {council: [neighbours]} or CSV, a council then its "
                             "neighbours on each row (CIPFA's list is licensed and does not ship; ascof-xl sample neighbours shows the layout)")
    report.add_argument("--pdf", action="store_true", help="also write OUT.pdf through LibreOffice")
    report.add_argument("-o", "--output", required=True, metavar="OUT.xlsx", help="the workbook to write")
    report.set_defaults(handler=write_report)


def write_report(args: argparse.Namespace) -> str:
    """`ascof-xl report`: build the briefing and say what was written."""
    written = build_report(args.council, args.output, args.year, args.data, args.neighbours, args.pdf)
    for note in written["notes"]:
        print(f"ascof-xl: note: {note}", file=sys.stderr)
    briefing = written["briefing"]
    england = briefing["profiles"][0]["bands"]
    counts = ", ".join(f"{band} {n}" for band, n in england.items())
    against = briefing["all_councils"]["name"]
    lines = [f"{briefing['council']['name']} {briefing['year']} against {against}: {counts}",
             f"wrote {written['workbook']}"]
    if written["pdf"]:
        lines.append(f"wrote {written['pdf']}")
    return "\n".join(lines)
