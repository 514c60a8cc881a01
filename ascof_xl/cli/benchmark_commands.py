"""Subcommands that benchmark published values: profile and benchmark."""

from __future__ import annotations

import argparse
import sys

from ascof_xl.benchmark.positions import Positions
from ascof_xl.benchmark.profile import build_profile
from ascof_xl.benchmark.single_measure import build_benchmark
from ascof_xl.cli.arguments import add_data, add_group, input_help, add_method
from ascof_xl.councils import Council, find_council
from ascof_xl.published.bundled import ATTRIBUTION, load_store
from ascof_xl.render import FORMATS, cell_text, render_json, render_rows
from ascof_xl.years import parse_year

PROFILE_COLUMNS = ("code", "value", "band", "rank", "n", "comparator_value", "significance", "previous_value",
                   "previous_band", "direction", "trend", "title")
# The CSV profile adds the cut points and the interval, for anyone who charts or checks it.
PROFILE_CSV_COLUMNS = PROFILE_COLUMNS[:-1] + ("p25", "median", "p75", "ci_lower", "ci_upper", "ci_method", "title")
DISTRIBUTION_COLUMNS = ("rank", "name", "area_code", "value", "band")


def _data_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--council", required=True, help="council name, ONS code or CASSR code")
    parser.add_argument("--year", help="financial year, e.g. 2019-20 (default: the latest loaded)")
    add_data(parser)
    add_group(parser)
    add_method(parser)
    parser.add_argument("--format", default="table", choices=FORMATS)


def register(commands: argparse._SubParsersAction) -> None:
    """Add the benchmarking subcommands to the parser."""
    profile = commands.add_parser("profile", help="a council's quartile profile for one year",
                                  **input_help("neighbours", "councils"))
    _data_arguments(profile)
    profile.set_defaults(handler=show_profile)

    benchmark = commands.add_parser("benchmark", help="one measure against the council's comparator group",
                                    **input_help("neighbours", "councils"))
    _data_arguments(benchmark)
    benchmark.add_argument("--measure", required=True, help="measure group code, e.g. 2B1")
    benchmark.add_argument("--disaggregation", default="Total", help="e.g. 18-64, 65 and over, Female, or a code suffix")
    benchmark.set_defaults(handler=show_benchmark)


def _context(args: argparse.Namespace) -> tuple[Positions, Council, str]:
    year = parse_year(args.year) if args.year else None
    store = load_store(args.data, year)
    for note in store.notes:
        print(f"ascof-xl: note: {note}", file=sys.stderr)
    year = year or store.latest_year()
    return Positions(store, args.method), find_council(args.council, year), year


def show_profile(args: argparse.Namespace) -> str:
    """`ascof-xl profile`: bands, previous year and direction of travel for every measure."""
    positions, council, year = _context(args)
    profile = build_profile(positions, council, year, args.group)
    _warn(profile["warnings"], profile["measures"])
    if args.format == "json":
        return render_json(profile)
    columns = PROFILE_CSV_COLUMNS if args.format == "csv" else PROFILE_COLUMNS
    table = render_rows([_with_marker(row) for row in profile["measures"]], columns, args.format)
    if args.format == "csv":
        return table
    return "\n".join([
        f"{council.name} ({council.ons_code}), {year}, against {profile['group_label']} "
        f"(comparator: {profile['comparator_kind']})",
        f"Measures in each quartile band ({profile['n_measures']} measures): {_counts(profile, 'bands')}",
        f"Without the carers' survey measures: {_counts(profile, 'bands_excluding_carers')}",
        "",
        table,
        *(("", ATTRIBUTION) if not args.data else ()),
    ])


def _counts(profile: dict, key: str) -> str:
    """One profile line: the count in each band, then the change from last year's profile where it is loaded."""
    counts = ", ".join(f"{band} {n}" for band, n in profile[key].items())
    change = profile[key.replace("bands", "bands_change", 1)]
    if change is None:
        return f"{counts} (last year not loaded)"
    return f"{counts} (change from last year: {', '.join(f'{band} {n:+d}' for band, n in change.items())})"


def _warn(warnings: list[str], rows: list[dict]) -> None:
    """Print the group's warnings, and each measure's, on stderr (the output stays clean for pipes)."""
    for warning in warnings:
        print(f"ascof-xl: warning: {warning}", file=sys.stderr)
    by_text: dict[str, list[str]] = {}
    for row in rows:
        if row.get("warning"):
            by_text.setdefault(row["warning"], []).append(row.get("code") or row.get("name", ""))
    for warning, codes in by_text.items():
        print(f"ascof-xl: warning: {', '.join(codes)}: {warning}", file=sys.stderr)


def _shown(value: object) -> str:
    """A value for a sentence: no float noise, "none" for a missing one."""
    return cell_text(value) or "none"


def _with_marker(row: dict) -> dict:
    """A row whose missing value shows its published marker, e.g. [c], and whose missing direction says
    "series break" where the series breaks, for tables and CSV."""
    if row["value"] is None and row.get("marker"):
        row = row | {"value": f"[{row['marker']}]"}
    if row.get("direction") is None and row.get("series_break"):
        row = row | {"direction": "series break"}
    return row


def show_benchmark(args: argparse.Namespace) -> str:
    """`ascof-xl benchmark`: one measure and disaggregation against the group."""
    positions, council, year = _context(args)
    result = build_benchmark(positions, council, year, args.measure, args.disaggregation, args.group)
    _warn(result["warnings"], [result["council_row"] | {"code": result["measure"]["code"]}])
    if args.format == "json":
        return render_json(result)
    table = render_rows(result["distribution"], DISTRIBUTION_COLUMNS, args.format)
    if args.format == "csv":
        return table
    row, measure = _with_marker(result["council_row"]), result["measure"]
    return "\n".join([
        f"{measure['code']} {measure['title']} ({measure['disaggregation']}), {year}, against {result['group_label']}",
        f"{council.name}: value {_shown(row['value'])}, rank {_shown(row['rank'])} of {row['n']}, "
        f"band {_shown(row['band'])}; P25 {_shown(row['p25'])}, median {_shown(row['median'])}, "
        f"P75 {_shown(row['p75'])}; comparator {_shown(result['comparator_value'])} ({result['comparator_kind']})",
        *([f"Note: {council.name}'s value was {row['note']}."] if row.get("note") else []),
        "",
        table,
    ])
