"""`ascof-xl collect`: many councils' own-figures returns merged into one provisional regional workbook."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ascof_xl.cli.outcome import Outcome
from ascof_xl.collect import Collection, collect
from ascof_xl.collect.anonymise import anonymised
from ascof_xl.collect.workbook import write_collection
from ascof_xl.errors import AscofError
from ascof_xl.outputs.atomic import atomic_path
from ascof_xl.render import render_json

JSON_KEYS = ("council", "measure", "value", "rank", "n", "band", "national_band")


def register(commands: argparse._SubParsersAction) -> None:
    """Add `collect` to the parser."""
    parser = commands.add_parser("collect", help="merge councils' own-figures returns into a provisional regional workbook")
    parser.add_argument("returns", nargs="+", metavar="RETURN", help="own-figures returns (.xlsx), one per council")
    parser.add_argument("-o", "--output", metavar="REGION.xlsx", help="the regional workbook to write")
    parser.add_argument("--format", default="workbook", choices=("workbook", "json"),
                        help="json: rows {council, measure, value, rank, n, band, national_band} on the screen (or -o)")
    parser.add_argument("--year", help="the collection's year (default: the year most returns are for)")
    parser.add_argument("--anonymise", metavar="COUNCIL",
                        help="also write a copy naming only COUNCIL; every other council is Council A, B, ...")
    parser.set_defaults(handler=run_collect)


def json_rows(collection: Collection) -> list[dict]:
    """One row per council and measure: value, rank of n and band among those collected, national band."""
    return [dict(zip(JSON_KEYS, (p.council.name, p.code, p.value, p.rank, p.n, p.band, p.national_band)))
            for p in collection.positions]


def run_collect(args: argparse.Namespace) -> Outcome:
    """Collect, report what was left out on stderr, write the workbook (and the anonymised copy)."""
    if args.format == "workbook" and not args.output:
        raise AscofError("give -o REGION.xlsx for the regional workbook, or --format json for rows on the screen")
    collection = collect(args.returns, args.year)
    for each in collection.left_out + collection.replaced:
        print(f"ascof-xl: {each.finding().line()}", file=sys.stderr)
    shared = anonymised(collection, args.anonymise) if args.anonymise else None
    status = 1 if collection.left_out else 0
    if args.format == "json":
        text = render_json(json_rows(shared or collection))
        if not args.output:
            return Outcome(text, status)
        with atomic_path(args.output) as temporary:
            temporary.write_text(text + "\n", encoding="utf-8")
        return Outcome(f"wrote {args.output}", status)
    lines = [f"wrote {write_collection(collection, args.output)}: {len(collection.returns)} return(s) for "
             f"{collection.year}, {len(collection.left_out)} left out, {len(collection.replaced)} replaced "
             "(provisional, not published)"]
    if shared is not None:
        copy = anonymised_path(Path(args.output), shared.anonymised_for or "")
        lines.append(f"wrote {write_collection(shared, copy)}: the copy for {shared.anonymised_for}, other councils anonymised")
    return Outcome("\n".join(lines), status)


def anonymised_path(output: Path, council: str) -> Path:
    """Where the anonymised copy goes: beside the regional workbook, named for the council it is for."""
    safe = "".join(ch if ch.isalnum() or ch in " -" else " " for ch in council).strip()
    return output.with_name(f"{output.stem} for {safe}{output.suffix}")
