"""Options several subcommands share, declared once so their spelling and help agree."""

from __future__ import annotations

import argparse
from typing import Any

from ascof_xl.benchmark.quartiles import METHODS

DATA_HELP = "published open-data CSV or XLSX (repeat for several years; default: bundled data)"
GROUP_HELP = ("england, region, council-type, neighbours:FILE, custom:COUNCIL;COUNCIL;... "
              "or custom:@FILE (one council per line)")


def add_data(parser: argparse.ArgumentParser, help: str = DATA_HELP) -> None:
    """--data FILE, repeatable: published files in place of the bundled data."""
    parser.add_argument("--data", action="append", default=[], metavar="FILE", help=help)


def add_group(parser: argparse.ArgumentParser, help: str = GROUP_HELP) -> None:
    """--group: the comparator group, England by default."""
    parser.add_argument("--group", default="england", help=help)


def add_method(parser: argparse.ArgumentParser) -> None:
    """--method: how quartile cut points are drawn."""
    parser.add_argument("--method", default="inc", choices=METHODS,
                        help="quartile cut points: inc (Excel QUARTILE.INC, default), exc, or rank (equal counts)")


def input_help(*names: str) -> dict[str, Any]:
    """add_parser keywords giving a command's --help an epilog: the columns each input file must hold
    (from samples.toml, the one declaration), laid out as written."""
    from ascof_xl.samples import columns_epilog

    return {"epilog": columns_epilog(*names), "formatter_class": argparse.RawDescriptionHelpFormatter}
