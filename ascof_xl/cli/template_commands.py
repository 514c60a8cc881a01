"""Subcommands for return templates: `template` writes one, `validate` checks a filled one."""

from __future__ import annotations

import argparse

from ascof_xl.cli.outcome import Outcome
from ascof_xl.errors import AscofError
from ascof_xl.render import render_json


def register(commands: argparse._SubParsersAction) -> None:
    """Add the template subcommands to the parser."""
    from ascof_xl.templates.declaration import template_names

    names = template_names()
    template = commands.add_parser("template", help="write a return-template workbook",
                                   description=f"Templates: {', '.join(names)}.")
    template.add_argument("name", choices=names, metavar="NAME", help=f"one of {', '.join(names)}")
    template.add_argument("--year", help="financial year, e.g. 2018-19 (default: the template's own)")
    template.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="where to write the workbook")
    template.set_defaults(handler=write_template_file)

    validate = commands.add_parser("validate", help="check a filled return; exit 0 ready, 1 errors, 2 unreadable")
    validate.add_argument("file", help="the filled return (.xlsx); it is only read")
    validate.add_argument("--previous", metavar="FILE", help="last period's return, to flag large changes")
    validate.add_argument("--format", default="text", choices=("text", "json"))
    validate.add_argument("--report", metavar="OUT.xlsx", help="also write the findings to a workbook")
    validate.set_defaults(handler=validate_file)


def write_template_file(args: argparse.Namespace) -> str:
    """`ascof-xl template NAME -o FILE.xlsx`."""
    from ascof_xl.templates.declaration import load_declaration
    from ascof_xl.templates.generate import write_template

    declaration = load_declaration(args.name, args.year)
    path = write_template(args.name, args.output, declaration.year)
    return (f"wrote {path}: the {declaration.name} template for {declaration.year}, version {declaration.version} "
            f"({declaration.title})")


def validate_file(args: argparse.Namespace) -> Outcome:
    """`ascof-xl validate FILE`: findings as text or JSON; exit 1 with unexplained errors, 2 when unreadable."""
    from ascof_xl.templates.findings import finding_line, summary_line, write_report
    from ascof_xl.templates.validate import has_unexplained_errors, is_unreadable, validate_workbook

    findings = validate_workbook(args.file, args.previous)
    if args.report:
        write_report(findings, args.report, args.file)
    unreadable = is_unreadable(findings)
    if unreadable and args.format == "text":
        raise AscofError(next(f.message for f in findings if f.code.startswith("file.")))
    if args.format == "json":
        output = render_json([f.as_dict() for f in findings])
    else:
        output = "\n".join([finding_line(f) for f in findings] + [summary_line(findings)])
    return Outcome(output, 2 if unreadable else 1 if has_unexplained_errors(findings) else 0)
