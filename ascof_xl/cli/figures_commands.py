"""Subcommands for a council's own figures: value, place and recompute."""

from __future__ import annotations

import argparse

import sys

from ascof_xl.benchmark.place import place_figure
from ascof_xl.benchmark.positions import Positions
from ascof_xl.benchmark.quartiles import METHODS
from ascof_xl.councils import find_council
from ascof_xl.errors import AscofError
from ascof_xl.figures.value import compute_value, read_count
from ascof_xl.published.bundled import load_store
from ascof_xl.render import FORMATS, render_json, render_rows
from ascof_xl.years import parse_year

VALUE_COLUMNS = ("code", "value", "marker", "unit", "decimals", "numerator", "denominator", "unrounded", "title")


def register(commands: argparse._SubParsersAction) -> None:
    """Add the value, place and recompute subcommands to the parser."""
    value = commands.add_parser("value", help="a measure's value from its numerator and denominator, rounded as published")
    value.add_argument("code", help="measure code, e.g. 2B1")
    value.add_argument("--numerator", required=True, help="the numerator count")
    value.add_argument("--denominator", required=True, help="the denominator count")
    value.add_argument("--year", help="financial year, e.g. 2020-21; picks the framework its codes follow")
    value.add_argument("--framework", help="catalogue framework, e.g. ascof-2023-24 (default: the year's)")
    value.add_argument("--format", default="table", choices=FORMATS)
    value.set_defaults(handler=show_value)

    place = commands.add_parser("place", help="where a council's own figure would land in a published year's distribution")
    place.add_argument("--measure", required=True, help="published measure code, e.g. 2B1 or 1B1864")
    place.add_argument("--council", required=True, help="council name, ONS code or CASSR code")
    place.add_argument("--value", help="the council's own value")
    place.add_argument("--numerator", help="the numerator count (with --denominator, in place of --value)")
    place.add_argument("--denominator", help="the denominator count")
    place.add_argument("--margin-of-error", type=float, help="the value's 95%% margin of error (survey measures)")
    place.add_argument("--year", help="the published year to place it in (default: the latest full year of the measure)")
    place.add_argument("--group", default="england",
                       help="england, region, council-type, neighbours:FILE or custom:COUNCIL,COUNCIL,...")
    place.add_argument("--data", action="append", default=[], metavar="FILE",
                       help="published open-data CSV or XLSX (repeat for several years; default: bundled data)")
    place.add_argument("--method", default="inc", choices=METHODS)
    place.add_argument("--format", default="table", choices=FORMATS)
    place.set_defaults(handler=show_place)


def show_value(args: argparse.Namespace) -> str:
    """`ascof-xl value`: one measure's published value from its counts."""
    result = compute_value(args.code, args.numerator, args.denominator, args.year, args.framework)
    if args.format == "json":
        return render_json(result)
    shown = result | {"value": "[x]" if result["marker"] else result["exact"]}
    return render_rows([shown], VALUE_COLUMNS, args.format)


def positions_for(files: list[str], year: str | None, method: str = "inc") -> Positions:
    """The published store (bundled, or the files given) wrapped for banding; loader notes go to stderr."""
    store = load_store(files, year)
    for note in store.notes:
        print(f"ascof-xl: note: {note}", file=sys.stderr)
    return Positions(store, method)


def show_place(args: argparse.Namespace) -> str:
    """`ascof-xl place`: band, rank and significance of a council's own figure, marked provisional."""
    if (args.value is None) == (args.numerator is None and args.denominator is None):
        raise AscofError("give either --value, or --numerator and --denominator (not both).")
    year = parse_year(args.year) if args.year else None
    positions = positions_for(args.data, year, args.method)
    council = find_council(args.council, year)
    value = float(read_count(args.value, "value", args.measure.upper())) if args.value is not None else None
    result = place_figure(positions, council, year, args.measure, value, numerator=args.numerator,
                          denominator=args.denominator, margin_of_error=args.margin_of_error, group_spec=args.group)
    if args.format == "json":
        return render_json(result)
    row = {k: result[k] for k in PLACE_COLUMNS if k in result} | {"code": result["measure"]["code"]}
    if args.format == "csv":
        return render_rows([row], PLACE_COLUMNS, "csv")
    return "\n".join([
        f"PROVISIONAL: {council.name}'s own figure for {result['measure']['code']} {result['measure']['title']}, "
        f"placed in the published {result['distribution_year']} distribution against {result['group_label']}",
        render_rows([row], PLACE_COLUMNS, "table"),
    ])


PLACE_COLUMNS = ("code", "distribution_year", "value", "band", "rank", "n", "p25", "median", "p75",
                 "comparator_value", "significance", "published_value", "published_band", "provisional")
