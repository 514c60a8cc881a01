"""Subcommands for Client Level Data: cld measures, cld quality and cld synth."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ascof_xl.cld import COLUMNS, check_files, compute_measures, parse_period, read_population, summary_lines
from ascof_xl.cld.engines import ENGINES
from ascof_xl.cld.synth import generate
from ascof_xl.errors import AscofError
from ascof_xl.files import atomic_path
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

    measures = actions.add_parser("measures", help="every CLD measure per council: numerator, denominator, outcome")
    measures.add_argument("files", nargs="+", metavar="FILE", help=FILES_HELP)
    measures.add_argument("--period", required=True, help="START:END, e.g. 2024-04-01:2025-03-31 (or 2024-25)")
    measures.add_argument("--population", metavar="FILE",
                          help="CSV of LA_Code, age_18_64, age_65_plus (default: the 2024-25 publication's own)")
    measures.add_argument("--discharges", metavar="FILE",
                          help="hospital spells from SUS (CSV), for 2D1 and 2D2; the national code lists are applied")
    measures.add_argument("--null-rule", default="code", choices=("code", "documents"),
                          help="blanks as DHSC's code reads them (default) or as its documents say "
                               "(2B/2C components, 3D carers, 2D's SUS codes)")
    measures.add_argument("--engine", default="duckdb", choices=ENGINES,
                          help="duckdb (default: a council's data on this machine) or spark (national data; the "
                               "same steps and answers, pip install 'ascof-xl[spark]' and Java 17)")
    measures.add_argument("--spark-master", metavar="URL",
                          help="with --engine spark: the cluster's master (spark://host:7077, yarn, k8s://...); "
                               "default local[*], this machine's cores")
    measures.add_argument("--spark-work-dir", metavar="FOLDER",
                          help="with --engine spark: where each step's table is kept as Parquet; on a cluster, "
                               "storage every executor reaches (hdfs://, s3a://, abfss://)")
    measures.add_argument("--place", action="store_true",
                          help=f"place each result in the published {PLACE_YEAR} distribution (provisional)")
    _output_arguments(measures)
    measures.set_defaults(handler=show_measures)

    quality = actions.add_parser("quality", help="rows in, used and set aside by reason; field problems")
    quality.add_argument("files", nargs="+", metavar="FILE", help=FILES_HELP)
    _output_arguments(quality)
    quality.set_defaults(handler=show_quality)

    synth = actions.add_parser("synth", help="write a synthetic CLD extract (deterministic) to try the feature")
    synth.add_argument("--people", required=True, type=int)
    synth.add_argument("--councils", required=True, type=int)
    synth.add_argument("--seed", type=int, default=0)
    synth.add_argument("-o", "--output", required=True, metavar="FILE", help="a .csv or .parquet file to write")
    synth.set_defaults(handler=make_synthetic)


def _output_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", default="table", choices=FORMATS)
    parser.add_argument("-o", "--output", metavar="FILE", help="write the result to FILE (atomically) instead of the screen")
    parser.add_argument("--memory-limit", metavar="SIZE", help="DuckDB memory limit, e.g. 4GB (default 2GB)")


def show_measures(args: argparse.Namespace) -> str:
    """`ascof-xl cld measures`: the figures, then a data-quality summary on stderr."""
    population = read_population(args.population) if args.population else None
    result = compute_measures(args.files, parse_period(args.period), population=population,
                              discharges=args.discharges, code_nulls=args.null_rule == "code",
                              memory_limit=args.memory_limit, engine=args.engine,
                              spark_master=args.spark_master, spark_work_dir=args.spark_work_dir)
    rows = result["rows"]
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
    return _deliver(text, args.output)


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


def show_quality(args: argparse.Namespace) -> str:
    """`ascof-xl cld quality`: per council, rows in = used + set aside, by reason; then field problems."""
    report = check_files(args.files, memory_limit=args.memory_limit)
    if args.format == "json":
        return _deliver(render_json(report), args.output)
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
    return _deliver(text, args.output)


def make_synthetic(args: argparse.Namespace) -> str:
    """`ascof-xl cld synth`: a synthetic extract written atomically."""
    rows = generate(args.output, args.people, args.councils, args.seed)
    return f"wrote {rows:,} rows ({args.people:,} people in {args.councils} councils, seed {args.seed}) to {args.output}"


def _deliver(text: str, output: str | None) -> str:
    """The text for the screen, or written to `output` atomically (temp file in the same folder, then replace)."""
    if not output:
        return text
    path = Path(output)
    with atomic_path(path) as temporary:
        temporary.write_text(text + "\n", encoding="utf-8", newline="")
    return f"wrote {path}"
