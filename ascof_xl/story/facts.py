"""The values the story rules read and the points they return, as frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class YearValue:
    """One year of a measure's series: the council's value, England's, and what the publication
    says about comparing it (a break recorded at this year, or the year standing apart)."""

    year: str
    value: float | None
    england: float | None
    code: str
    break_note: str | None = None
    apart_note: str | None = None


@dataclass(frozen=True)
class MeasureFacts:
    """What the rules know about one measure for one council and year.

    `bands` holds the council's band against each comparator group ("england", "region",
    "neighbours"); `pair` names the two groups "against both" means (neighbours and region, or
    England and region). `change` is the test of last year's value against this year's interval
    ("better", "worse", "similar", or why it could not be made).
    """

    code: str
    short_title: str
    unit: str
    decimals: int
    polarity: str
    survey: str
    value: float | None
    previous_value: float | None
    previous_year: str
    band: str | None
    previous_band: str | None
    change: str
    interval: tuple[float, float] | None = None
    bands: tuple[tuple[str, str | None], ...] = ()
    pair: tuple[str, str] = ("england", "region")
    region_rank: int | None = None
    region_size: int | None = None
    region_name: str = "the region"
    series_break: str | None = None
    trend: str | None = None
    trend_method: str | None = None
    trend_years: tuple[str, ...] = ()
    series: tuple[YearValue, ...] = ()
    england_name: str = "England"  # how the all-councils group reads: "the councils collected" for a collection

    def band_against(self, group: str) -> str | None:
        """The council's band against one comparator group, or None."""
        return dict(self.bands).get(group)


@dataclass(frozen=True)
class Point:
    """One thing a rule found about a measure, with its evidence.

    `tone` is "progress", "watch" or "context" (said, but neither); `weight` orders points for
    the headline; `brief` is a clause for a headline sentence, `says` the full evidence sentence.
    `values` are the (year, value) pairs the point rests on, `interval` the 95% interval tested
    and `band` the band against England.
    """

    code: str
    rule: str
    tone: str
    weight: float
    brief: str
    says: str
    values: tuple[tuple[str, float], ...] = ()
    interval: tuple[float, float] | None = None
    band: str | None = None
