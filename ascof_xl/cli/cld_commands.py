"""Subcommands for Client Level Data: cld measures, cld quality and cld synth."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ascof_xl.cld import COLUMNS, check_files, compute_measures, parse_period, read_population, summary_lines
from ascof_xl.cld.engines import ENGINES, Engine
from ascof_xl.cld.synth import generate
from ascof_xl.cli.arguments import input_help
from ascof_xl.cli.outcome import Outcome
from ascof_xl.errors import AscofError
from ascof_xl.outputs.atomic import atomic_path
from ascof_xl.render import FORMATS, render_json, render_rows

PLACE_YEAR = "2024-25"
PLACE_COLUMNS = ("band", "rank", "n", "place_note")
QUALITY_COLUMNS = ("council", "rows_in", "rows_used", "rows_set_aside", "reason", "rows")


FILES_HELP = ("CLD extracts, CSV or Parquet; where a council's submissions overlap, each calendar quarter is "
              "read from the latest submission covering it (by ImportDate when every one has it, else the later "
              "stated period end, else the file named later)")


def register(commands: argparse._SubParsersAction) -> None:
    """Add `cld` and its subcommands to the parser."""
    cld = commands.add_parser("cld", help="ASCOF 2A-2E and 3D from Client Level Data extracts (DHSC's method)")
    actions = cld.add_subparsers(dest="cld_command", metavar="ACTION")
    actions.required = True

    measures = actions.add_parser("measures", help="every CLD measure per council: numerator, denominator, outcome",
                                  **input_help("cld-extract", "cld-population", "cld-discharges"))
    measures.add_argument("files", nargs="+", metavar="FILE", help=FILES_HELP)
    measures.add_argument("--period", help="START:END, e.g. 2024-04-01:2025-03-31 (or 2024-25); with --rolling, "
                                           "only the windows ending within it (default: every one the extracts cover)")
    measures.add_argument("--population", metavar="FILE",
                          help="CSV of LA_Code, age_18_64, age_65_plus (default: the 2024-25 publication's own)")
    measures.add_argument("--discharges", metavar="FILE",
                          help="hospital spells from SUS (CSV), for 2D1 and 2D2; the national code lists are applied")
    measures.add_argument("--null-rule", default="code", choices=("code", "documents"),
                          help="blanks as DHSC's code reads them (default) or as its documents say "
                               "(2B/2C components, 3D carers, 2D's SUS codes)")
    _engine_arguments(measures)
    measures.add_argument("--place", action="store_true",
                          help=f"place each result in the published {PLACE_YEAR} distribution (provisional)")
    measures.add_argument("--rolling", action="store_true",
                          help="every 12-month window ending at a quarter end the extracts cover (DHSC's rolling "
                               "figures): one table with period_start, period_end and partial")
    measures.add_argument("--previous", metavar="EARLIER-OUTPUT",
                          help="with --rolling: list what moved since an earlier output saved with --format csv or json")
    measures.add_argument("--template", choices=("own-figures",),
                          help="write the council's provisional return (-o RETURN.xlsx) filled from the figures")
    measures.add_argument("--council", help="with --template: the council the return is for (when the extracts hold several)")
    measures.add_argument("--preparer", help="with --template: who prepared the return (shown to the region)")
    _output_arguments(measures)
    measures.set_defaults(handler=show_measures)

    quality = actions.add_parser("quality", help="rows in, used and set aside by reason; field problems",
                                 **input_help("cld-extract"))
    quality.add_argument("files", nargs="+", metavar="FILE", help=FILES_HELP)
    _engine_arguments(quality)
    _output_arguments(quality)
    quality.set_defaults(handler=show_quality)

    synth = actions.add_parser("synth", help="write a synthetic CLD extract (deterministic) to try the feature")
    synth.add_argument("--people", required=True, type=int)
    synth.add_argument("--councils", required=True, type=int)
    synth.add_argument("--seed", type=int, default=0)
    synth.add_argument("-o", "--output", required=True, metavar="FILE", help="a .csv or .parquet file to write")
    synth.set_defaults(handler=make_synthetic)


def _engine_arguments(parser: argparse.ArgumentParser) -> None:
    """--engine, --spark-master and --spark-work-dir: the engine the CLD steps run on (cld measures, cld quality)."""
    parser.add_argument("--engine", default="duckdb", choices=ENGINES,
                        help="duckdb (default: a council's data on this machine) or spark (national data; the "
                             "same steps and answers, pip install 'ascof-xl[spark]' and Java 17)")
    parser.add_argument("--spark-master", metavar="URL",
                        help="with --engine spark: the cluster's master (spark://host:7077, yarn, k8s://...); "
                             "default local[*], this machine's cores")
    parser.add_argument("--spark-work-dir", metavar="FOLDER",
                        help="with --engine spark: where each step's table is kept as Parquet; on a cluster, "
                             "storage every executor reaches (hdfs://, s3a://, abfss://)")


def engine_of(args: argparse.Namespace) -> Engine:
    """The engine the options name (a Spark option without --engine spark is refused here, before any file is read)."""
    return Engine(args.engine, args.spark_master, None, args.spark_work_dir)


def _output_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", default="table", choices=FORMATS)
    parser.add_argument("-o", "--output", metavar="FILE", help="write the result to FILE (atomically) instead of the screen")
    parser.add_argument("--memory-limit", metavar="SIZE", help="DuckDB memory limit, e.g. 4GB (default 2GB)")


def show_measures(args: argparse.Namespace) -> Outcome:
    """`ascof-xl cld measures`: the figures, then a data-quality summary on stderr."""
    population = read_population(args.population) if args.population else None
    if args.previous and not args.rolling:
        raise AscofError("--previous compares rolling windows: add --rolling")
    if args.rolling:
        return show_rolling(args, population)
    if not args.period:
        raise AscofError("give --period START:END (e.g. 2024-04-01:2025-03-31 or 2024-25), or --rolling")
    result = compute_measures(args.files, parse_period(args.period), population=population,
                              discharges=args.discharges, code_nulls=args.null_rule == "code",
                              memory_limit=args.memory_limit, engine=engine_of(args))
    rows = result["rows"]
    if args.template:
        return write_own_return(args, rows, parse_period(args.period))
    columns = COLUMNS
    if args.place:
        rows = [row | place(row) for row in rows]
        columns = COLUMNS + PLACE_COLUMNS
    for line in summary_lines(result["quality"]) + [f"note: {n}" for n in result["notes"]]:
        print(f"ascof-xl: {line}", file=sys.stderr)
    if args.format == "json":
        text = render_json(rows)
    else:
        text = render_rows(rows, columns, args.format)
        if args.format == "table":
            text = "\n".join([f"ASCOF from Client Level Data, {result['period']}; blanks read as DHSC's "
                              f"{result['null_rule']}; 2B/2C population: {result['population_source']}", "", text])
    return _answer(text, args.output, result["quality"])


def show_rolling(args: argparse.Namespace, population: Any) -> str:
    """`cld measures --rolling`: every window's figures, or with --previous what moved since an earlier output."""
    from ascof_xl.cld.rolling import MOVED_COLUMNS, ROLLING_COLUMNS, moved, read_previous, rolling_measures

    if args.template or args.place:
        raise AscofError("--rolling gives a table of windows; for a return (--template) or --place, give one --period")
    previous = read_previous(args.previous) if args.previous else None
    result = rolling_measures(args.files, within=parse_period(args.period) if args.period else None,
                              population=population, discharges=args.discharges,
                              code_nulls=args.null_rule == "code", memory_limit=args.memory_limit,
                              engine=engine_of(args))
    partial = sum(1 for row in result["rows"] if row["partial"])
    lines = summary_lines(result["quality"]) + [f"note: {n}" for n in result["notes"]]
    lines.append(f"{len(result['windows'])} rolling window(s): {', '.join(result['windows'])}; {partial} row(s) partial")
    rows, columns = result["rows"], ROLLING_COLUMNS
    if previous is not None:
        rows, columns = moved(previous, rows), MOVED_COLUMNS
        lines.append(f"{len(rows)} figure(s) moved since {Path(args.previous).name}")
    for line in lines:
        print(f"ascof-xl: {line}", file=sys.stderr)
    text = render_rows(rows, columns, args.format)
    if args.format == "table":
        text = "\n".join([f"ASCOF from Client Level Data, rolling 12 months ending each quarter; blanks read as DHSC's "
                          f"{result['null_rule']}; 2B/2C population: {result['population_source']}", "", text])
    return _deliver(text, args.output)


def write_own_return(args: argparse.Namespace, rows: list[dict[str, Any]], period: Any) -> str:
    """`cld measures --template own-figures -o RETURN.xlsx`: the council's provisional return, filled."""
    from datetime import date

    from ascof_xl.collect.fill import cld_counts, write_return
    from ascof_xl.councils import find_council
    from ascof_xl.templates.declaration import template_years
    from ascof_xl.years import year_label

    if not args.output or not args.output.lower().endswith(".xlsx"):
        raise AscofError("--template own-figures writes a workbook: give -o RETURN.xlsx")
    councils = sorted({row["council"] for row in rows})
    if args.council:
        code = find_council(args.council).ons_code
        if code not in councils:
            raise AscofError(f"{args.council} ({code}) has no rows in these extracts (councils: {', '.join(councils)})")
    elif len(councils) == 1:
        code = councils[0]
    else:
        raise AscofError(f"the extracts hold {len(councils)} councils ({', '.join(councils[:8])}); "
                         "name the one the return is for with --council")
    ending = year_label(period.end.year if period.end.month >= 4 else period.end.year - 1)  # the year the period ends in
    year = ending if ending in (template_years(args.template) or ()) else None
    counts = cld_counts(rows, code, year)
    path = write_return(args.output, code, counts, year, period=period_text(period), preparer=args.preparer,
                        prepared=date.today())
    if year is None:
        print(f"ascof-xl: note: the {args.template} template has no {ending} edition (no {ending} publication to "
              "compare with yet), so the return is the latest year's; its figures are for "
              f"{period.label}", file=sys.stderr)
    return (f"wrote {path}: the {args.template} return for {find_council(code).name} with {len(counts)} measure(s) "
            f"from Client Level Data ({period.label}); check it with `ascof-xl validate {path}`")


def period_text(period: Any) -> str:
    """A period as a return names it: a financial year as 2024-25, else "12 months to 30/06/2025" or "START to END"."""
    from ascof_xl.cld.rolling import window_ending

    start, end = period.start, period.end
    if (start.month, start.day, end.month, end.day) == (4, 1, 3, 31) and end.year == start.year + 1:
        return f"{start.year}-{end.year % 100:02d}"
    if window_ending(end).start == start:
        return f"12 months to {end:%d/%m/%Y}"
    return f"{start:%d/%m/%Y} to {end:%d/%m/%Y}"


def place(row: dict[str, Any]) -> dict[str, Any]:
    """The row's band, rank of n in the published distribution, or why it cannot be placed."""
    from ascof_xl.benchmark.place import place_figure
    from ascof_xl.benchmark.positions import Positions
    from ascof_xl.councils import find_council
    from ascof_xl.published.bundled import bundled_store
    from ascof_xl.published.tidy import suffix_for

    if row["outcome"] is None:
        return {"band": None, "rank": None, "n": None, "place_note": "no value to place"}
    try:
        council = find_council(row["council"], PLACE_YEAR)
        code = row["measure"] + suffix_for(row["disaggregation"])
        placed = place_figure(Positions(bundled_store()), council, PLACE_YEAR, code, row["outcome"],
                              numerator=row["numerator"], denominator=row["denominator"])
    except AscofError as error:
        return {"band": None, "rank": None, "n": None, "place_note": str(error)}
    return {"band": placed["band"], "rank": placed["rank"], "n": placed["n"],
            "place_note": f"provisional, in the published {placed['distribution_year']} distribution"}


def show_quality(args: argparse.Namespace) -> Outcome:
    """`ascof-xl cld quality`: per council, rows in = used + set aside, by reason; then field problems."""
    report = check_files(args.files, memory_limit=args.memory_limit, engine=engine_of(args))
    if args.format != "table":  # the table shows them in its summary; JSON holds them, CSV does not
        for finding in report["findings"]:
            print(f"ascof-xl: {finding.line()}", file=sys.stderr)
    if args.format == "json":
        return _answer(render_json(report), args.output, report)
    rows = []
    for code, entry in report["councils"].items():
        head = {"council": code, "rows_in": entry["rows_in"], "rows_used": entry["rows_used"],
                "rows_set_aside": entry["rows_set_aside"]}
        reasons = list(entry["set_aside"].items()) + [(f"field {k}", n) for k, n in entry["fields"].items()]
        rows.append(head | {"reason": "" if reasons else "(none)", "rows": None})
        rows.extend({"council": code, "reason": reason, "rows": n} for reason, n in reasons)
    text = render_rows(rows, QUALITY_COLUMNS, args.format)
    if args.format == "table":
        examples = [f"  {e['reason']}: {e['file']} row {e['row']} (council {e['council']}, person {e['person'] or '-'})"
                    for e in report["examples"]]
        text = "\n".join(summary_lines(report) + ["", text] + (["", "First rows set aside:"] + examples
                                                             if examples else []))
    return _answer(text, args.output, report)


def make_synthetic(args: argparse.Namespace) -> str:
    """`ascof-xl cld synth`: a synthetic extract written atomically."""
    rows = generate(args.output, args.people, args.councils, args.seed)
    return f"wrote {rows:,} rows ({args.people:,} people in {args.councils} councils, seed {args.seed}) to {args.output}"


def _answer(text: str, output: str | None, quality: dict[str, Any]) -> Outcome:
    """The output, with exit status 1 when a finding is an error (figures a file may have changed), else 0."""
    errors = any(finding.severity == "error" for finding in quality["findings"])
    return Outcome(_deliver(text, output), 1 if errors else 0)


def _deliver(text: str, output: str | None) -> str:
    """The text for the screen, or written to `output` atomically (temp file in the same folder, then replace)."""
    if not output:
        return text
    path = Path(output)
    with atomic_path(path) as temporary:
        temporary.write_text(text + "\n", encoding="utf-8", newline="")
    return f"wrote {path}"
