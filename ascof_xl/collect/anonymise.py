"""The shareable copy of a collection: one council named, every other "Council A", "Council B", ... throughout.

Nothing else may identify the others: their codes, files, preparers, dates, checksums and the returns
left out or replaced (whose reasons name files and councils) are removed; only the count of those remains.
Letters are dealt in a random order each run, so they do not follow the councils' names.
"""

from __future__ import annotations

import random
import string
from dataclasses import replace

from ascof_xl.collect.collection import Collection
from ascof_xl.councils import Council, find_council
from ascof_xl.errors import AscofError


def anonymised(collection: Collection, council: str) -> Collection:
    """A copy of `collection` in which only `council` (name, ONS or CASSR code) is named."""
    kept = find_council(council, collection.year)
    if kept.ons_code not in {r.council.ons_code for r in collection.returns}:
        collected = ", ".join(r.council.name for r in collection.returns)
        raise AscofError(f"{kept.name} has no return in this collection (collected: {collected}); "
                         "anonymise for a council that sent one")
    others = [r.council for r in collection.returns if r.council.ons_code != kept.ons_code]
    random.SystemRandom().shuffle(others)
    aliases = {c.ons_code: _alias(c, label(i)) for i, c in enumerate(others)} | {kept.ons_code: kept}
    returns = tuple(r if r.council.ons_code == kept.ons_code else
                    replace(r, council=aliases[r.council.ons_code], file="", sha256="", preparer=None, prepared=None,
                            replaces=None, period=collection.period) for r in collection.returns)
    returns = tuple(sorted(returns, key=lambda r: (r.council.ons_code != kept.ons_code, r.council.name)))
    order = {code: i for i, code in enumerate(dict.fromkeys(p.code for p in collection.positions))}
    positions = tuple(sorted((replace(p, council=aliases[p.council.ons_code]) for p in collection.positions),
                             key=lambda p: (order[p.code], p.council.name)))  # not the real names' order
    hidden = len(collection.left_out) + len(collection.replaced) + collection.hidden
    return replace(collection, returns=returns, left_out=(), replaced=(), positions=positions,
                   anonymised_for=kept.name, hidden=hidden)


def label(index: int) -> str:
    """Council A ... Council Z, then Council AA, AB ..."""
    letters = string.ascii_uppercase
    text = letters[index % 26]
    while index >= 26:
        index = index // 26 - 1
        text = letters[index % 26] + text
    return f"Council {text}"


def _alias(council: Council, name: str) -> Council:
    return Council(ons_code=name, cassr_code="", name=name, other_names=(), region="", region_code="",
                   council_type="", first_year="", last_year="")
