"""Subcommands that read the measure catalogue: measures, measure, lineage."""

from __future__ import annotations

import argparse
import sys
import textwrap

from ascof_xl.catalogue import DEFAULT_FRAMEWORK, FRAMEWORKS, Measure, check_framework, load_catalogue
from ascof_xl.catalogue.resolver import resolve, successor
from ascof_xl.catalogue.lineage import equivalents, find_measures, lineage_rows
from ascof_xl.catalogue.series import SERIES_FRAMEWORKS, series_breaks
from ascof_xl.render import FORMATS, cell_text, render_json, render_rows
from ascof_xl.years import parse_year

MEASURE_COLUMNS = ("code", "title", "polarity", "unit")
LINEAGE_COLUMNS = ("framework", "code", "title", "steps", "direct")


def register(commands: argparse._SubParsersAction) -> None:
    """Add the catalogue subcommands to the parser."""
    listing = commands.add_parser("measures", help="list the measures of a framework")
    listing.add_argument("--framework", default=DEFAULT_FRAMEWORK, help=f"one of {', '.join(FRAMEWORKS)}")
    listing.add_argument("--format", default="table", choices=FORMATS)
    listing.set_defaults(handler=list_measures)

    one = commands.add_parser("measure", help="show one measure's whole definition")
    one.add_argument("code", help="measure code, e.g. 1C1A")
    one.add_argument("--framework", help="framework to look in (default: the first that has the code)")
    one.add_argument("--year", help="a year: the measure as that year's publication named and rounded it")
    one.add_argument("--format", default="table", choices=FORMATS)
    one.set_defaults(handler=show_measure)

    lineage = commands.add_parser("lineage", help="show a measure's equivalents across the frameworks")
    lineage.add_argument("code", help="measure code, or framework:code")
    lineage.add_argument("--framework", help="framework the code belongs to (default: every one that has it)")
    lineage.add_argument("--format", default="table", choices=FORMATS)
    lineage.set_defaults(handler=show_lineage)


def list_measures(args: argparse.Namespace) -> str:
    """`ascof-xl measures`: one row per measure."""
    catalogue = load_catalogue(check_framework(args.framework))
    return render_rows([m.as_dict() for m in catalogue], MEASURE_COLUMNS, args.format)


def show_measure(args: argparse.Namespace) -> str:
    """`ascof-xl measure CODE`: every field of one measure."""
    year = parse_year(args.year) if getattr(args, "year", None) else None
    measure = resolve(args.code, year, args.framework)
    others = [] if year else [m.framework for m in find_measures(args.code, args.framework) if m is not measure]
    if others and args.format == "table":
        print(f"note: code {measure.code} is also in {', '.join(others)}; choose with --framework", file=sys.stderr)
    fields = measure_fields(measure)
    if year:
        fields |= {"year": year, "code_that_year": measure.code_in(year), "decimals_that_year": measure.decimals_in(year),
                   "decimals_that_year_for_england_regions_and_types": measure.decimals_in(year, "england")}
    if args.format == "json":
        return render_json(fields)
    if args.format == "csv":
        return render_rows([{"field": k, "value": v} for k, v in fields.items()], ("field", "value"), "csv")
    return describe(fields)


def measure_fields(measure: Measure) -> dict[str, object]:
    """Every field of a measure, with `lineage` as `ascof-xl lineage` shows it (every equivalent in
    every framework, nearest first), the references the entry itself declares as `continues`, and
    the series breaks the publication records."""
    fields = measure.as_dict()
    fields["continues"] = list(measure.lineage)
    later = successor(measure)
    fields["continued_by"] = later.key if later else None
    fields["lineage"] = [f"{m.framework}:{m.code}" for m, steps in equivalents(measure) if steps > 0]
    if measure.framework in SERIES_FRAMEWORKS:
        fields["series_breaks"] = [n.describe() for n in series_breaks(measure.code, measure.framework)]
    return fields


def describe(fields: dict[str, object]) -> str:
    """A measure's fields as labelled lines, long values wrapped under their label."""
    width = max(len(name) for name in fields) + 2
    lines = []
    for name, value in fields.items():
        text = cell_text(value) if not isinstance(value, dict) else "; ".join(f"{k}: {v}" for k, v in value.items())
        wrapped = textwrap.wrap(text, 100 - width) or [""]
        lines.append(f"{name.replace('_', ' '):<{width}}{wrapped[0]}")
        lines.extend(" " * width + more for more in wrapped[1:])
    return "\n".join(lines)


def show_lineage(args: argparse.Namespace) -> str:
    """`ascof-xl lineage CODE`: the measure's equivalents in every framework."""
    return render_rows(lineage_rows(args.code, args.framework), ("from",) + LINEAGE_COLUMNS, args.format)
