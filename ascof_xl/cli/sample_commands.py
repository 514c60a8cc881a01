"""`ascof-xl sample`: what each input file must hold, and a small synthetic sample of it to try a command."""

from __future__ import annotations

import argparse

from ascof_xl.errors import AscofError
from ascof_xl.samples import input_kinds, write_sample


def register(commands: argparse._SubParsersAction) -> None:
    """Add the sample subcommand to the parser."""
    names = list(input_kinds())
    sample = commands.add_parser(
        "sample", help="list the input files and their columns, or write a small synthetic sample of one",
        description="Without NAME: every input file ascof-xl reads and the columns it must hold. With NAME and -o: "
                    "write that input's sample (synthetic, made up) to FILE, to try the command that reads it.",
        epilog=f"Samples: {', '.join(names)}.")
    sample.add_argument("name", nargs="?", choices=names, metavar="NAME", help=f"one of {', '.join(names)}")
    sample.add_argument("-o", "--output", metavar="FILE", help="where to write the sample")
    sample.set_defaults(handler=run_sample)


def run_sample(args: argparse.Namespace) -> str:
    """List the input kinds, or write one sample."""
    if args.name is None:
        return "\n\n".join(kind.described() for kind in input_kinds().values())
    if not args.output:
        raise AscofError(f"say where to write the sample: ascof-xl sample {args.name} -o FILE")
    kind = input_kinds()[args.name]
    path = write_sample(args.name, args.output)
    return f"wrote {path}: {kind.what}; try: ascof-xl {kind.command}"
