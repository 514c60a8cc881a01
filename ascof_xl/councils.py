"""The councils with adult social services responsibilities, and how a user may name one.

A council may be named by name (any case, "&" or "and", "Bristol" or "Bristol, City of",
"Bristol City Council", "Rotherham MBC", "Bradford Metropolitan District Council"), by a
distinctive part of its name ("Hull", "Stoke"), by ONS code or by its three-digit NHS Digital
CASSR code. Look-ups are cached: the Excel functions make thousands of them.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from ascof_xl.errors import AscofError
from ascof_xl.years import year_start


@dataclass(frozen=True)
class Council:
    """One council: codes, names, region and type, and the years it existed in this form."""

    ons_code: str
    cassr_code: str
    name: str
    other_names: tuple[str, ...]
    region: str
    region_code: str
    council_type: str
    first_year: str
    last_year: str
    # ONS code of the council this one continues on the same boundary ("" when none or the
    # boundary changed), e.g. Buckinghamshire unitary (E06000060) <- Buckinghamshire county.
    predecessor: str = ""

    def existed_in(self, year: str) -> bool:
        """True when the council existed in this form in the financial year ("2019-20")."""
        start = year_start(year)
        after_first = not self.first_year or start >= year_start(self.first_year)
        before_last = not self.last_year or start <= year_start(self.last_year)
        return after_first and before_last

    def as_dict(self) -> dict[str, str]:
        """The fields a report shows: name, codes, region and council type."""
        return {
            "name": self.name,
            "ons_code": self.ons_code,
            "cassr_code": self.cassr_code,
            "region": self.region,
            "council_type": self.council_type,
        }


@cache
def load_councils() -> tuple[Council, ...]:
    """The bundled council reference, read once."""
    text = (resources.files("ascof_xl") / "data" / "councils.csv").read_text(encoding="utf-8")
    return tuple(
        Council(
            ons_code=row["ons_code"],
            cassr_code=row["cassr_code"],
            name=row["name"],
            other_names=tuple(n for n in row["other_names"].split(";") if n),
            region=row["region"],
            region_code=row["region_code"],
            council_type=row["council_type"],
            first_year=row["first_year"],
            last_year=row["last_year"],
            predecessor=row.get("predecessor") or "",
        )
        for row in csv.DictReader(text.splitlines())
    )


@cache
def region_ons_codes() -> dict[str, str]:
    """ONS code of each region, keyed by its ASCOF letter code (YH, E, L ...)."""
    text = (resources.files("ascof_xl") / "data" / "regions.csv").read_text(encoding="utf-8")
    return {row["region_code"]: row["ons_code"] for row in csv.DictReader(text.splitlines())}


def normalise_name(name: str) -> str:
    """A council name folded for matching: lower case, "&" as "and", no punctuation or "City of"."""
    text = name.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    text = re.sub(r"\b(city of|county of|council|the)\b", " ", text)
    return " ".join(text.split())


@cache
def _name_index() -> dict[str, tuple[Council, ...]]:
    index: dict[str, list[Council]] = {}
    for council in load_councils():
        keys = {normalise_name(n) for n in (council.name, *council.other_names)}
        keys |= {council.ons_code.lower(), council.cassr_code.lower()} - {""}
        for key in keys:
            index.setdefault(key, []).append(council)
    return {key: tuple(found) for key, found in index.items()}


# Words officers put around a council's name: "Leeds City Council", "Kent County Council",
# "Rotherham MBC", "Bradford Metropolitan District Council", "London Borough of Camden".
_AFFIXES = (
    "metropolitan borough council", "metropolitan district council", "metropolitan borough", "metropolitan district",
    "metropolitan council", "london borough of", "royal borough of", "borough of", "borough council",
    "district council", "county council", "city council", "unitary authority", "mbc", "mdc", "cc", "bc",
    "city", "council", "borough",
)
_AFFIX_PATTERN = "|".join(_AFFIXES)
# A part-name made only of these words says nothing about which council is meant.
_FILLER_WORDS = frozenset({"and", "of", "on", "upon", "in", "with", "le", "city", "county", "borough"})
_MAX_LISTED = 8


def _strip_affixes(text: str) -> str:
    """The name without leading or trailing "city", "council", "county council" and the like, folded."""
    plain = " ".join(re.sub(r"[^a-z0-9 ]+", " ", text.lower().replace("&", " and ")).split())
    previous = None
    while plain != previous:
        previous = plain
        plain = re.sub(rf"^(?:{_AFFIX_PATTERN})\s+|\s+(?:{_AFFIX_PATTERN})$", "", plain)
    return normalise_name(plain)


def _part_matches(key: str) -> tuple[Council, ...]:
    """Councils whose folded name or other name holds `key` as a whole-word sequence."""
    if not key or set(key.split()) <= _FILLER_WORDS:
        return ()
    needle = f" {key} "
    return tuple(
        council
        for council in load_councils()
        if any(needle in f" {normalise_name(n)} " for n in (council.name, *council.other_names))
    )


def _in_year(candidates: tuple[Council, ...], year: str | None) -> tuple[Council, ...]:
    """The candidates that existed in `year`, or that exist now when no year is given."""
    if year is None:
        return tuple(c for c in candidates if not c.last_year)
    return tuple(c for c in candidates if c.existed_in(year))


def _latest(candidates: tuple[Council, ...]) -> Council:
    # Prefer the council as it exists now (no last year), then the most recent.
    return sorted(candidates, key=lambda c: (c.last_year != "", c.last_year))[0]


def is_council_name(text: str) -> bool:
    """True when `text` is a council's whole name or code (any case, with or without "Council" and the like)."""
    index = _name_index()
    text = str(text).strip()
    return bool(index.get(text.lower()) or index.get(normalise_name(text)) or index.get(_strip_affixes(text)))


@lru_cache(maxsize=4096)
def find_council(name: str, year: str | None = None) -> Council:
    """The council a user means; where two share a name or code, the one that existed in `year`.

    A name is looked up exactly (folded), then without "City Council" and similar words, then as
    a whole-word part of one council's name ("Hull", "Stoke"). A part-name that fits several
    councils of the year raises an error listing them; an unknown name raises an error that
    suggests the closest matches.
    """
    text = str(name).strip()
    if re.fullmatch(r"[A-Za-z]\d{8}|\d{3}", text):
        candidates = _name_index().get(text.lower())
        if not candidates:
            raise AscofError(_unknown_message(text))
        if year is not None:
            candidates = tuple(c for c in candidates if c.existed_in(year)) or candidates
        return _latest(candidates)

    index = _name_index()
    stripped = _strip_affixes(text)
    exact = index.get(normalise_name(text)) or index.get(stripped) or ()
    if year is not None:
        exact_in_year = tuple(c for c in exact if c.existed_in(year))
        if exact_in_year:
            return _latest(exact_in_year)
    elif exact:
        return _latest(exact)

    parts = _part_matches(stripped)
    if year is not None and exact:
        # The exact name did not exist that year: a council of that year that holds the name
        # (one of North and West Northamptonshire for "Northamptonshire") may be meant.
        parts_in_year = _in_year(parts, year)
        if len(parts_in_year) > 1:
            raise AscofError(_ambiguous_message(text, parts_in_year))
        return parts_in_year[0] if parts_in_year else _latest(exact)
    if not parts:
        raise AscofError(_unknown_message(text))
    preferred = _in_year(parts, year) or parts
    if len(preferred) > 1:
        raise AscofError(_ambiguous_message(text, preferred))
    return preferred[0]


def _ambiguous_message(text: str, candidates: tuple[Council, ...]) -> str:
    names = sorted({c.name for c in candidates})
    listed = ", ".join(names[:_MAX_LISTED])
    if len(names) > _MAX_LISTED:
        listed += f" and {len(names) - _MAX_LISTED} more"
    return f"'{text}' could mean: {listed}; give the full name or an ONS code."


def _unknown_message(text: str) -> str:
    names = sorted({c.name for c in load_councils()})
    folded = {normalise_name(n): n for n in names}
    close = difflib.get_close_matches(normalise_name(text), list(folded), n=3, cutoff=0.6)
    hint = f" Did you mean: {', '.join(folded[c] for c in close)}?" if close else ""
    return (
        f"unknown council '{text}'.{hint} Give a council name, an ONS code such as E08000018 "
        "or a three-digit CASSR code such as 206."
    )


@cache
def councils_by_ons_code() -> dict[str, Council]:
    """Every council keyed by ONS code (built once; do not change it)."""
    return {c.ons_code: c for c in load_councils()}


def code_in_year(council: Council, year: str) -> str | None:
    """The ONS code the council's area was published under in `year`: its own, or a predecessor's
    on the same boundary (Buckinghamshire's county code before April 2020, say); None before that."""
    current: Council | None = council
    while current is not None:
        if current.existed_in(year):
            return current.ons_code
        current = councils_by_ons_code().get(current.predecessor) if current.predecessor else None
    return None
