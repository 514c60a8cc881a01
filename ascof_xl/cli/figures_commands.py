"""Subcommands for a council's own figures: value, place and recompute."""

from __future__ import annotations

import argparse

from ascof_xl.figures.value import compute_value
from ascof_xl.render import FORMATS, render_json, render_rows

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


def show_value(args: argparse.Namespace) -> str:
    """`ascof-xl value`: one measure's published value from its counts."""
    result = compute_value(args.code, args.numerator, args.denominator, args.year, args.framework)
    if args.format == "json":
        return render_json(result)
    shown = result | {"value": "[x]" if result["marker"] else result["exact"]}
    return render_rows([shown], VALUE_COLUMNS, args.format)
