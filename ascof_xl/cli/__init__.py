"""The `ascof-xl` command: thin subcommands over the core, one module per group."""

from __future__ import annotations

import argparse
import os
import sys
from typing import NoReturn, Sequence

from ascof_xl import __version__
from ascof_xl.cli import (
    benchmark_commands,
    catalogue_commands,
    cld_commands,
    collect_commands,
    figures_commands,
    macro_commands,
    report_commands,
    sample_commands,
    stats_commands,
    survey_commands,
    template_commands,
)
from ascof_xl.cli.outcome import Outcome
from ascof_xl.cli.paths import input_paths, output_paths
from ascof_xl.errors import AscofError
from ascof_xl.outputs.paths import check_outputs

GROUPS = (catalogue_commands, benchmark_commands, stats_commands, figures_commands, template_commands, survey_commands,
          report_commands, cld_commands, macro_commands, sample_commands, collect_commands)


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line, like every other error of the command."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}; see: {self.prog} --help\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = OneLineParser(
        prog="ascof-xl",
        description="Compute, check and benchmark the Adult Social Care Outcomes Framework (ASCOF).",
    )
    parser.add_argument("--version", action="version", version=f"ascof-xl {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for group in GROUPS:
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; input problems print one line and return exit status 2, never a traceback."""
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:  # nothing asked: show what can be asked
        parser.print_help(sys.stderr)
        return 2
    args = parser.parse_args(argv)
    try:
        check_outputs(input_paths(args), output_paths(args))  # no output over an input or onto a folder
        output = args.handler(args)
    except AscofError as error:
        print(f"ascof-xl: error: {error}", file=sys.stderr)
        return 2
    output, status = output if isinstance(output, Outcome) else (output, 0)
    if output:
        try:
            print(output)
        except BrokenPipeError:  # output piped into `head` and the like: stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return status


if __name__ == "__main__":
    sys.exit(main())
