"""The processed layout: published outcome values labelled by description, without measure codes.

Some measures share one description in this layout: the users' and carers' parts of 1C
(1C1A/1C1B "…receive self-directed support", 1C2A/1C2B "…receive direct payments"), 3D1/3D2
where a year has both surveys, and any parts a file labels with their group's title (1C, 1I,
2A, 2B, 2C). The rows come in code order, users' part first, so within each area and
disaggregation the k-th row with a shared description is the k-th of its codes in the
catalogue. The tests check this against the coded 2020-21 file.
"""

from __future__ import annotations

import difflib
import re
from functools import cache

import numpy as np
import pandas as pd

from ascof_xl.catalogue import framework_for_year, load_catalogue
from ascof_xl.errors import AscofError
from ascof_xl.published.accounting import Ledger, Source
from ascof_xl.published.tidy import (
    SUFFIXES,
    TIDY_COLUMNS,
    area_codes_by_name,
    is_known_disaggregation,
    normalise_level,
    normalise_total,
    read_values,
    suffix_for,
)

REQUIRED = frozenset(
    {
        "geographical description",
        "geographical level",
        "ons code",
        "measure group description",
        "disaggregation level",
        "measure value",
    }
)


def fold_description(text: str) -> str:
    """A description folded for matching: lower case, letters and digits only, no leading "the"."""
    words = re.sub(r"[^a-z0-9]+", " ", str(text).lower()).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def match_description(folded: str, known: dict[str, tuple[str, ...]]) -> str | None:
    """The known description a folded one matches: exactly, or else near enough (90% alike) to one only."""
    if folded in known:
        return folded
    close = difflib.get_close_matches(folded, list(known), n=2, cutoff=0.9)
    return close[0] if len(close) == 1 else None


@cache
def codes_by_description(framework: str) -> dict[str, tuple[str, ...]]:
    """Each published description (or group title) and the measure codes that carry it, in catalogue order."""
    index: dict[str, list[str]] = {}
    for measure in load_catalogue(framework):
        titles = [measure.get("group_title")] if measure.get("group_title") else []
        for description in [*measure.get("published_descriptions", ()), *titles]:
            codes = index.setdefault(fold_description(description), [])
            if measure.code not in codes:
                codes.append(measure.code)
    return {k: tuple(v) for k, v in index.items()}


def to_tidy(text: pd.DataFrame, year: str, where: Source | str) -> pd.DataFrame:
    """Turn a processed table into the tidy table, giving each row its measure code.

    Rows whose description or level is not recognised are left out with a note naming their
    lines; an age band or sex the layout does not know is refused (it would otherwise be taken
    for the Total). A description shared by several codes is told apart by order, so its rows for
    one area must stand together: a second block that repeats the first is dropped with a note,
    one that differs is refused; an area with fewer such rows than most is read by order, with a note.
    """
    ledger = Ledger(text, where)
    framework = framework_for_year(year)
    lookup = codes_by_description(framework)
    matched = {d: match_description(fold_description(d), lookup) for d in set(text["measure group description"])}
    folded = text["measure group description"].map(matched)
    level, level_notes = normalise_level(text["geographical level"], ledger.source)
    ledger.notes += level_notes
    unknown = folded.isna().to_numpy()
    if unknown.any():
        names = sorted(d for d, m in matched.items() if m is None)
        shown = "; ".join(repr(d) for d in names[:3]) + (" ..." if len(names) > 3 else "")
        ledger.notes.append(f"{ledger.source.at_lines(text.index[unknown])}: left out {int(unknown.sum())} row(s) "
                            f"with descriptions no {framework} measure carries: {shown}")
    keep = ~unknown & level.notna().to_numpy()
    ledger.leave_out(text.index[~keep], None)
    if not keep.any():
        raise AscofError(f"{ledger.source}: no row describes a measure of {framework}. " + " ".join(ledger.notes))
    text, folded, level = text[keep], folded[keep], level[keep]
    disaggregation = normalise_total(text["disaggregation level"])
    known = is_known_disaggregation(disaggregation).to_numpy()
    if not known.all():
        at = int((~known).argmax())
        ledger.refuse(
            text.index[at], f"the 'Disaggregation Level' '{disaggregation.iloc[at]}' is not one this layout knows",
            f"write one of Total, {', '.join(k for k in SUFFIXES if k != 'total')} (as published), or remove the row",
        )
    area = text["ons code"].where(text["ons code"] != "", area_codes_by_name(text["geographical description"]))
    nameless = ((text["ons code"] == "") & (level == "council")).to_numpy()
    if nameless.any():
        ledger.leave_out(text.index[nameless], "of councils without an ONS code")
    shared = folded.map({d: len(codes) > 1 for d, codes in lookup.items()}).to_numpy(dtype=bool) & ~nameless
    repeats = _repeated_blocks(text, area, folded, disaggregation, shared, ledger)
    used = ~nameless & ~repeats
    text, folded, level, disaggregation, area = (x[used] for x in (text, folded, level, disaggregation, area))
    # The k-th row of a shared description, per area and disaggregation, is the k-th code.
    rows_alike = folded.groupby([area, folded, disaggregation])
    occurrence, alike = rows_alike.cumcount(), rows_alike.transform("size")
    _note_fewer(ledger, text, folded, disaggregation, alike, lookup)
    own = {lookup[d][0] for d in set(folded) if len(lookup[d]) == 1}  # codes the file names on their own
    labels = disaggregation.to_numpy(dtype=object)
    groups = [
        _nth_code(lookup[d], suffix_for(label), k, n, framework, own)
        for d, label, k, n in zip(folded.to_numpy(dtype=object), labels, occurrence.tolist(), alike.tolist())
    ]
    values, markers = read_values(text["measure value"], ledger.source)
    tidy = pd.DataFrame(
        {
            "year": year,
            "area_code": area,
            "cassr_code": "",
            "area_name": text["geographical description"],
            "level": level,
            "measure": [g + suffix_for(d) for g, d in zip(groups, labels)],
            "group": groups,
            "disaggregation": disaggregation,
            "measure_type": "Outcome",
            "value": values,
            "marker": markers,
        },
        index=text.index,
    )
    return ledger.close(tidy.loc[:, list(TIDY_COLUMNS)])


def _repeated_blocks(
    text: pd.DataFrame, area: pd.Series, folded: pd.Series, disaggregation: pd.Series, shared: np.ndarray,
    ledger: Ledger,
) -> np.ndarray:
    """Rows of a shared description that stand apart from the area's first block of them.

    A later block that repeats the first exactly is marked for leaving out (with a note); one
    that differs makes the order unreadable, and is refused.
    """
    repeats = np.zeros(len(text), dtype=bool)
    areas, descriptions = area.to_numpy(dtype=object), folded.to_numpy(dtype=object)
    cells = list(zip(disaggregation.to_numpy(dtype=object), text["measure value"].to_numpy(dtype=object)))
    runs: dict[tuple[str, str], list[list[int]]] = {}
    for at in np.flatnonzero(shared).tolist():  # the rows of shared descriptions only
        blocks = runs.setdefault((areas[at], descriptions[at]), [])
        if not blocks or blocks[-1][-1] != at - 1:
            blocks.append([])
        blocks[-1].append(at)
    for blocks in runs.values():
        first = [cells[at] for at in blocks[0]]
        for later in blocks[1:]:
            if [cells[at] for at in later] != first:
                name, description = text.iloc[blocks[0][0]][["geographical description", "measure group description"]]
                ledger.refuse(
                    text.index[later[0]],
                    f"this row for {name} repeats the description '{description}' given at "
                    f"{ledger.source.unit} {text.index[blocks[0][0]]}, with other values; that description stands "
                    "for several measures told apart by their order, so the rows cannot be placed",
                    "remove the repeated rows, or download the file again",
                )
            repeats[later] = True
    ledger.leave_out(text.index[repeats], "that repeat an earlier block of rows exactly")
    return repeats


def _note_fewer(
    ledger: Ledger, text: pd.DataFrame, folded: pd.Series, disaggregation: pd.Series, alike: pd.Series,
    lookup: dict[str, tuple[str, ...]],
) -> None:
    """A note where an area has fewer rows of a shared description than others: they are read by order."""
    shared = folded.map({d: len(codes) > 1 for d, codes in lookup.items()}).astype(bool)
    if not shared.any():
        return
    usual = alike[shared].groupby([folded[shared], disaggregation[shared]]).transform("max")
    fewer = (alike[shared] < usual)
    if fewer.any():
        rows = fewer[fewer].index
        areas = sorted(set(text.loc[rows, "geographical description"]))
        ledger.note(rows, f"{', '.join(areas[:5])}{' and others' if len(areas) > 5 else ''} have fewer rows of a "
                          "description that stands for several measures than other areas; they were read in order, "
                          "the first as the users' part")


def _nth_code(codes: tuple[str, ...], suffix: str, k: int, alike: int, framework: str, own: set[str]) -> str:
    """The code of the k-th of `alike` rows sharing a description, area and disaggregation.

    When fewer rows than codes share it, the candidates narrow, if to exactly as many codes as
    rows: first to codes the file does not also name by a description of their own (a group
    title standing for the carers' part only, say), then to codes that publish the age band
    (carers' 64U).
    """
    if alike < len(codes):
        catalogue = load_catalogue(framework)
        unnamed = [c for c in codes if c not in own]
        banded = [c for c in codes if suffix in catalogue.measure(c).get("disaggregations", ())] if suffix else []
        for candidates in (unnamed, banded):
            if len(candidates) == alike:
                return candidates[k]
    return codes[min(k, len(codes) - 1)]
