"""Subcommands for the statistics: ci."""

from __future__ import annotations

import argparse

from ascof_xl.errors import AscofError
from ascof_xl.render import render_json, render_rows
from ascof_xl.stats import rate_interval, wilson_interval

CONFIDENCE_BY_LEVEL = {"95": 0.95, "99.8": 0.998}


def register(commands: argparse._SubParsersAction) -> None:
    """Add the statistics subcommands to the parser."""
    ci = commands.add_parser("ci", help="confidence interval for a proportion or a rate")
    ci.add_argument("--numerator", required=True, type=float)
    ci.add_argument("--denominator", required=True, type=float)
    ci.add_argument("--kind", default="proportion", choices=("proportion", "rate"))
    ci.add_argument("--multiplier", type=float, help="100 for a percentage (default for proportions), 100000 for rates")
    ci.add_argument("--level", default="95", choices=tuple(CONFIDENCE_BY_LEVEL))
    ci.add_argument("--format", default="table", choices=("table", "json"))
    ci.set_defaults(handler=show_interval)


def show_interval(args: argparse.Namespace) -> str:
    """`ascof-xl ci`: Wilson for proportions; Byar (10 or more) or exact Poisson (below 10) for rates."""
    confidence = CONFIDENCE_BY_LEVEL[args.level]
    default = 100 if args.kind == "proportion" else 100_000
    multiplier = default if args.multiplier is None else args.multiplier
    try:
        if args.kind == "proportion":
            interval = wilson_interval(args.numerator, args.denominator, confidence, multiplier)
        else:
            interval = rate_interval(args.numerator, args.denominator, confidence, multiplier)
    except ValueError as error:
        raise AscofError(str(error)) from None
    result = {k: interval.as_dict()[k] for k in ("value", "lower", "upper")}
    result |= {"level": f"{args.level}%", "confidence": confidence, "method": interval.method}
    if args.format == "json":
        return render_json(result)
    return render_rows([result], ("value", "lower", "upper", "level", "method"), "table")
