"""The councils with adult social services responsibilities, and how a user may name one.

A council may be named by name (any case, "&" or "and", "Bristol" or "Bristol, City of"),
by ONS code or by its three-digit NHS Digital CASSR code.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import cache
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
        )
        for row in csv.DictReader(text.splitlines())
    )


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


def find_council(name: str, year: str | None = None) -> Council:
    """The council a user means; where two share a name or code, the one that existed in `year`.

    An unknown name raises an error that suggests the closest matches.
    """
    text = str(name).strip()
    key = text.lower() if re.fullmatch(r"[A-Za-z]\d{8}|\d{3}", text) else normalise_name(text)
    candidates = _name_index().get(key)
    if not candidates:
        raise AscofError(_unknown_message(text))
    if year is not None:
        in_year = [c for c in candidates if c.existed_in(year)]
        candidates = tuple(in_year) or candidates
    # Without a year, prefer the council as it exists now (no last year).
    return sorted(candidates, key=lambda c: (c.last_year != "", c.last_year))[0]


def _unknown_message(text: str) -> str:
    names = sorted({c.name for c in load_councils()})
    folded = {normalise_name(n): n for n in names}
    close = difflib.get_close_matches(normalise_name(text), list(folded), n=3, cutoff=0.6)
    hint = f" Did you mean: {', '.join(folded[c] for c in close)}?" if close else ""
    return (
        f"unknown council '{text}'.{hint} Give a council name, an ONS code such as E08000018 "
        "or a three-digit CASSR code such as 206."
    )


def councils_by_ons_code() -> dict[str, Council]:
    """Every council keyed by ONS code."""
    return {c.ons_code: c for c in load_councils()}
