"""Many councils' returns merged into one provisional comparator set, refusing what cannot be merged.

Each return is validated first; one with unexplained errors is left out and listed, never merged. Two
returns for one council are both refused, naming both files, unless one names the other in its Replaces
cell; the same file given twice is read once. Returns for a year other than the collection's are left out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ascof_xl.collect.compare import Placer, Position, compare, national_placer
from ascof_xl.collect.returns import LeftOut, Return, read_return
from ascof_xl.errors import AscofError
from ascof_xl.years import parse_year


@dataclass(frozen=True)
class Collection:
    """A region's collection: the returns merged, those left out or replaced, and every measure's positions."""

    year: str
    period: str | None  # what the figures cover, as the returns say (None when none says)
    returns: tuple[Return, ...]
    left_out: tuple[LeftOut, ...]
    replaced: tuple[LeftOut, ...]  # earlier returns a corrected one replaces: superseded, not faulty
    positions: tuple[Position, ...]
    anonymised_for: str | None = None  # the one council named in an anonymised copy
    hidden: int = 0  # returns left out or replaced that an anonymised copy does not list


def collect(paths: Sequence[str | Path], year: str | None = None, placer: Placer | None = None) -> Collection:
    """Read, check and merge the returns at `paths`; `year` None takes the year most returns are for."""
    if not paths:
        raise AscofError("no returns given; name the councils' own-figures returns (.xlsx) to collect")
    read = [read_return(path) for path in paths]
    accepted = [r for r in read if isinstance(r, Return)]
    left_out = [r for r in read if isinstance(r, LeftOut)]
    if not accepted:
        reasons = "; ".join(each.reason for each in left_out[:3])
        raise AscofError(f"none of the {len(paths)} return(s) can be collected: {reasons}")
    chosen = parse_year(year) if year else _usual_year(accepted)
    for each in [r for r in accepted if r.year != chosen]:
        accepted.remove(each)
        left_out.append(LeftOut(each.file, f"{Path(each.file).name} is a {each.year} return and this collection is for "
                                           f"{chosen}; ask {each.council.name} for a {chosen} return", each.council,
                                "collect.other_year"))
    period = _usual_period(accepted)
    for each in [r for r in accepted if period and r.period and _folded(r.period) != _folded(period)]:
        accepted.remove(each)
        left_out.append(LeftOut(each.file, f"{Path(each.file).name} has figures for {each.period} and this collection "
                                           f"is for {period}; ask {each.council.name} for figures for {period}",
                                each.council, "collect.other_period"))
    kept, dropped, replaced = _one_per_council(accepted)
    positions = compare(kept, placer if placer is not None else national_placer())
    return Collection(chosen, period, tuple(sorted(kept, key=lambda r: r.council.name)), tuple(left_out + dropped),
                      tuple(replaced), tuple(positions))


def _folded(text: str) -> str:
    return " ".join(text.lower().split())


def _usual_period(returns: list[Return]) -> str | None:
    """The period most returns state (as the first of them writes it); None when none states one."""
    counts = Counter(_folded(r.period) for r in returns if r.period)
    if not counts:
        return None
    usual = max(counts, key=lambda p: (counts[p], p))
    return next(r.period for r in returns if r.period and _folded(r.period) == usual)


def _usual_year(returns: list[Return]) -> str:
    counts = Counter(r.year for r in returns)
    return max(counts, key=lambda y: (counts[y], y))


def _one_per_council(returns: list[Return]) -> tuple[list[Return], list[LeftOut], list[LeftOut]]:
    """One return per council: repeats of one file dropped, replaced returns set aside, conflicts refused."""
    kept: list[Return] = []
    dropped: list[LeftOut] = []
    replaced: list[LeftOut] = []
    by_council: dict[str, list[Return]] = {}
    for each in returns:
        by_council.setdefault(each.council.ons_code, []).append(each)
    for group in by_council.values():
        distinct: list[Return] = []
        for each in group:
            same = next((d for d in distinct if d.sha256 == each.sha256), None)
            if same:
                dropped.append(LeftOut(each.file, f"{Path(each.file).name} is the same file as {Path(same.file).name} "
                                                  "(identical contents); it is collected once", each.council,
                                       "collect.same_file"))
            else:
                distinct.append(each)
        superseded = {id(old) for new in distinct for old in distinct if old is not new and _replaces(new, old)}
        for old in [d for d in distinct if id(d) in superseded]:
            new = next(n for n in distinct if n is not old and _replaces(n, old))
            replaced.append(LeftOut(old.file, f"{Path(old.file).name} is replaced by {Path(new.file).name} "
                                              "(its Replaces cell names it)", old.council, "collect.replaced"))
        current = [d for d in distinct if id(d) not in superseded]
        if not current:  # each names the other: nothing says which is the newer, so neither replaces
            replaced = [r for r in replaced if r.file not in {d.file for d in distinct}]
            current = distinct
        if len(current) == 1:
            kept.append(current[0])
            continue
        names = " and ".join(Path(d.file).name for d in current)
        for each in current:
            dropped.append(LeftOut(each.file, f"two or more returns for {each.council.name} ({names}) and none replaces "
                                              "the other: both are refused. Give only one, or write the older file's "
                                              "name in the newer return's Replaces cell", each.council,
                                   "collect.two_returns"))
    return kept, dropped, replaced


def _replaces(new: Return, old: Return) -> bool:
    """True when `new` names `old`'s file in its Replaces cell (with or without folder or .xlsx)."""
    if not new.replaces:
        return False
    named = Path(new.replaces.replace("\\", "/")).name.lower()
    file = Path(old.file).name.lower()
    return named in (file, Path(file).stem)
