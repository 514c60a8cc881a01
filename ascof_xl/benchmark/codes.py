"""Measure codes as the published data writes them (2A1864) and as the publication names them (2A (18 to 64)):
messages to a person use the second, never the data's key."""

from __future__ import annotations

from ascof_xl.catalogue import load_catalogue
from ascof_xl.catalogue.resolver import ASCOF_FRAMEWORKS
from ascof_xl.published.tidy import SUFFIXES


def split_code(code: str) -> tuple[str, str]:
    """A published code split into its measure group and disaggregation suffix: 1B1864 gives (1B, 1864)."""
    for suffix in sorted((s for s in SUFFIXES.values() if s), key=len, reverse=True):
        group = code[: -len(suffix)]
        if code.endswith(suffix) and any(load_catalogue(f).find(group) for f in ASCOF_FRAMEWORKS):
            return group, suffix
    return code, ""


def spoken_code(code: str) -> str:
    """A published code as the publication names it, group then disaggregation: 2A1864 gives "2A (18 to 64)"."""
    group, suffix = split_code(code.strip().upper())
    label = next((label for label, given in SUFFIXES.items() if given == suffix), "") if suffix else ""
    return f"{group} ({label.replace('-', ' to ')})" if label else group
