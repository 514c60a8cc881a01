"""Subcommands for a council's own figures: value, place and recompute."""

from __future__ import annotations

import argparse

import sys

from ascof_xl.benchmark.place import place_figure
from ascof_xl.benchmark.positions import Positions
from ascof_xl.cli.arguments import add_data, add_group, add_method
from ascof_xl.cli.outcome import Outcome
from ascof_xl.councils import find_council
from ascof_xl.errors import AscofError
from ascof_xl.figures.recompute import recompute
from ascof_xl.figures.value import compute_value, read_count
from ascof_xl.published.reader import read_published
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
    add_group(place)
    add_data(place)
    add_method(place)
    place.add_argument("--format", default="table", choices=FORMATS)
    place.set_defaults(handler=show_place)

    again = commands.add_parser("recompute", help="recompute every outcome of a published file from its own counts")
    again.add_argument("file", help="a published open-data CSV or XLSX")
    again.add_argument("--year", help="the year the file holds, where it does not say")
    again.add_argument("--format", default="table", choices=FORMATS)
    again.set_defaults(handler=show_recompute)


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


DIFFERENCE_COLUMNS = ("kind", "area_name", "level", "measure", "disaggregation", "numerator", "denominator",
                      "published", "problem")


def show_recompute(args: argparse.Namespace) -> Outcome:
    """`ascof-xl recompute`: what differs is listed; the command exits 1 when anything differs."""
    result = recompute(read_published(args.file, default_year=parse_year(args.year) if args.year else None))
    differences = result["differences"]
    if args.format == "json":
        text = render_json(result)
    elif args.format == "csv":
        text = render_rows(differences, DIFFERENCE_COLUMNS, "csv")
    else:
        returns = [d for d in differences if d["kind"] == "return"]
        surveys = [d for d in differences if d["kind"] == "survey"]
        text = "\n".join([
            f"{args.file}, {result['year']}",
            f"Outcomes from returns: {result['return_checked']} recomputed, {result['return_matched']} match "
            f"({result['on_a_half']} sit exactly on a half and round up; {result['zero_denominator']} have a zero "
            "denominator and must be [x])",
            f"Survey outcomes (weighted, counts published to the nearest 5): {result['survey_checked']} checked, "
            f"{result['survey_within']} within that rounding",
            f"Not recomputable (outcome only, or counts suppressed): {result['not_recomputable']}",
            *(("", "Outcomes from returns that differ:", render_rows(returns, DIFFERENCE_COLUMNS, "table")) if returns else ()),
            *(("", "Survey outcomes outside the rounding:", render_rows(surveys, DIFFERENCE_COLUMNS, "table")) if surveys else ()),
            "" if differences else "Every recomputed outcome matches.",
        ]).rstrip()
    return Outcome(text, 1 if differences else 0)
