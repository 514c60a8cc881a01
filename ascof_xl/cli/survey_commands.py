"""Subcommands for survey measures from a council's own respondents: survey ascs and survey sace."""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections import Counter

from ascof_xl.catalogue import load_catalogue
from ascof_xl.cli.arguments import add_data, add_group, input_help
from ascof_xl.cli.figures_commands import positions_for
from ascof_xl.cli.outcome import Outcome
from ascof_xl.render import FORMATS, render_json, render_rows
from ascof_xl.survey.ascs import ascs_from_files
from ascof_xl.survey.measures import SurveyResult
from ascof_xl.survey.placing import place_rows
from ascof_xl.survey.publication import ROW_KEYS, as_published
from ascof_xl.survey.sace import sace_from_files
from ascof_xl.years import parse_year

TABLE_COLUMNS = ("council", "measure", "disaggregation", "outcome", "margin_of_error", "base", "numerator",
                 "denominator", "marker")
PLACE_COLUMNS = ("council", "measure", "disaggregation", "outcome", "distribution_year", "band", "rank", "n",
                 "significance", "note")
FINDINGS_SHOWN = 20
EXIT_STATUS = textwrap.fill(
    "exit status: 0 when the results are computed and no finding is an error; 1 when any finding is an "
    "error (the file contradicts itself, e.g. a council listed twice, so a figure may not be what was "
    "meant): the results are still printed, the errors listed first among the findings; 2 when the "
    "input cannot be read (one line saying what to do).", 79)


def register(commands: argparse._SubParsersAction) -> None:
    """Add `survey ascs` and `survey sace` to the parser."""
    survey = commands.add_parser("survey", help="survey measures from a council's own respondents (ASCS, SACE)")
    kinds = survey.add_subparsers(dest="survey", metavar="SURVEY")
    kinds.required = True
    ascs = kinds.add_parser("ascs", help="the users' survey: 1A, 1B, 1I1, 1J, 3A, 3D1, 4A, 4B", description=EXIT_STATUS,
                            **input_help("ascs-responses", "ascs-strata"))
    ascs.add_argument("file", help="respondent file (CSV or XLSX), NHS Digital column names or the data return")
    ascs.add_argument("--strata", required=True, metavar="FILE", help="LaCode, stratum1Pop ... stratum4Pop")
    _common(ascs)
    ascs.set_defaults(handler=show_ascs)
    sace = kinds.add_parser("sace", help="the carers' survey: 1D, 1I2, 3B, 3C, 3D2", description=EXIT_STATUS,
                            **input_help("sace-responses", "sace-population", "sace-questions"))
    sace.add_argument("file", help="respondent file (CSV or XLSX): LaCode, SerialNo, Response, Age, Gender, questions")
    sace.add_argument("--population", required=True, metavar="FILE", help="LaCode, EligiblePopulation")
    sace.add_argument("--questions", metavar="FILE", help="which column holds each item: header role,column")
    _common(sace)
    sace.set_defaults(handler=show_sace)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", help="survey year, e.g. 2023-24 (picks coefficients, question table and codes)")
    parser.add_argument("--framework", choices=("ascof-2018-19", "ascof-2023-24"),
                        help="codes to write (default: the year's framework; four-domain codes without --year)")
    parser.add_argument("--format", default="table", choices=FORMATS)
    parser.add_argument("--place", action="store_true", help="also place each result in a published distribution")
    parser.add_argument("--place-year", help="the published year to place in (default: the measure's latest full year)")
    add_group(parser, "comparator group for --place (as for benchmark)")
    add_data(parser, "published open-data file(s) for --place (default: bundled data)")


def show_ascs(args: argparse.Namespace) -> Outcome:
    """`ascof-xl survey ascs`."""
    year = parse_year(args.year) if args.year else None
    return _show(ascs_from_files(args.file, args.strata, year, args.framework), args)


def show_sace(args: argparse.Namespace) -> Outcome:
    """`ascof-xl survey sace`."""
    year = parse_year(args.year) if args.year else None
    return _show(sace_from_files(args.file, args.population, questions=args.questions, year=year,
                                 framework=args.framework), args)


def _show(result: SurveyResult, args: argparse.Namespace) -> Outcome:
    """The results with the findings, exit status 1 when a finding is an error (a line on stderr says so)."""
    text = _results(result, args)
    errors = sum(1 for f in result.findings if f.severity == "error")
    if errors:
        where = "after the results" if args.format == "table" else "above, on stderr"
        print(f"ascof-xl: {errors} error(s) in the input, listed first among the findings {where}; the results are "
              "printed but a figure may not be what was meant (exit status 1)", file=sys.stderr)
    return Outcome(text, 1 if errors else 0)


def _results(result: SurveyResult, args: argparse.Namespace) -> str:
    rows = [{k: r[k] for k in ROW_KEYS} for r in result.rows]
    if args.place:
        place_year = parse_year(args.place_year) if args.place_year else None
        rows = place_rows(positions_for(args.data, None), rows, result.framework, place_year, args.group)
    report = _report(result)
    catalogue = load_catalogue(result.framework)

    def published(row: dict) -> dict:
        return as_published(row, result.survey, int(catalogue.measure(row["measure"]).get("decimals", 1)))

    if args.format != "table":
        print(report, file=sys.stderr)
        if args.format == "json":
            return render_json(rows)
        shown = [published(r) | {f"{k}_exact": repr(r[k]) for k in ("numerator", "denominator", "outcome_unrounded")}
                 | _flat_place(r) for r in rows]
        columns = TABLE_COLUMNS + ("outcome_unrounded_exact", "numerator_exact", "denominator_exact")
        return render_rows(shown, columns + (PLACE_COLUMNS[4:] if args.place else ()), "csv")
    parts = [
        f"{result.survey} results under {result.framework} codes (counts rounded to 5 as published; "
        "[c] suppressed, [x] no valid answers)",
        render_rows([published(r) for r in rows], TABLE_COLUMNS, "table"),
    ]
    if args.place:
        placed = [published(r) | _flat_place(r) for r in rows]
        parts += ["", "PROVISIONAL positions in published distributions:", render_rows(placed, PLACE_COLUMNS, "table")]
    return "\n".join(parts + ["", report])


def _flat_place(row: dict) -> dict:
    return dict(row.get("place") or {})


def _report(result: SurveyResult) -> str:
    """Findings (the first few, with a count by kind), notes and the row totals."""
    lines = [f"note: {note}" for note in result.notes]
    findings = sorted(result.findings, key=lambda f: f.severity != "error")  # errors first: always among those shown
    if findings:
        counts = ", ".join(f"{n} {code}" for code, n in Counter(f.code for f in findings).items())
        lines.append(f"{len(findings)} finding(s): {counts}")
        lines += [f"  {f.line()}" for f in findings[:FINDINGS_SHOWN]]
        if len(findings) > FINDINGS_SHOWN:
            lines.append(f"  ... and {len(findings) - FINDINGS_SHOWN} more of the same kinds")
    lines.append(f"{result.survey}: {result.tally.line()}")
    return "\n".join(lines)
