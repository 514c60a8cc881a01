"""The files a command reads and the files it writes, found once for every command from its arguments,
so that `check_outputs` refuses an output over an input (or onto a folder) before anything runs."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

OUTPUT_OPTIONS = ("output", "report")  # -o/--output everywhere, validate's --report
PATH_PREFIXES = ("neighbours:", "custom:@")  # --group neighbours:FILE, custom:@FILE name files too


def output_paths(args: argparse.Namespace) -> list[str]:
    """Every file the command will write: its output options, and OUT.pdf beside OUT.xlsx with --pdf."""
    paths = [value for name in OUTPUT_OPTIONS if isinstance(value := getattr(args, name, None), str)]
    if getattr(args, "pdf", False) is True and isinstance(getattr(args, "output", None), str):
        paths.append(str(Path(args.output).with_suffix(".pdf")))
    return paths


def input_paths(args: argparse.Namespace) -> list[str]:
    """Every other argument that names an existing file: the files the command reads."""
    found: list[str] = []
    for name, value in vars(args).items():
        if name in OUTPUT_OPTIONS or callable(value):
            continue
        found.extend(text for text in map(_path_text, _values(value)) if text and Path(text).expanduser().is_file())
    return found


def _values(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _path_text(value: Any) -> str | None:
    if not isinstance(value, (str, Path)):
        return None
    text = str(value)
    for prefix in PATH_PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix):]
    return text
