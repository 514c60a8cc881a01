"""From the rules' points to what a councillor reads: a headline of three to five sentences,
positive progress, measures to watch and other changes worth knowing, each with its evidence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ascof_xl.story.facts import MeasureFacts, Point
from ascof_xl.story.rules import measure_points, survey_half
from ascof_xl.story.words import listed

HEADLINE_NAMES = 4  # measures named in each headline sentence
TITLE_WORDS = 9  # a short title longer than this is cut to its first words in the headline


@dataclass(frozen=True)
class Entry:
    """One measure in one list, with the points that put it there and any context beside them."""

    code: str
    short_title: str
    points: tuple[Point, ...]

    @property
    def band(self) -> str | None:
        """The measure's band against England this year, as its points give it."""
        return next((p.band for p in self.points if p.band), None)

    @property
    def weight(self) -> float:
        """How much the entry matters: its points' weights added."""
        return sum(p.weight for p in self.points)


@dataclass(frozen=True)
class Story:
    """The headline sentences and the three lists."""

    headline: tuple[str, ...]
    progress: tuple[Entry, ...]
    watch: tuple[Entry, ...]
    context: tuple[Entry, ...]
    groups: tuple[Point, ...]  # points about a set of measures (a survey's measures all in the top half)


def tell(
    measures: Sequence[MeasureFacts], year: str, council: str, bands: Mapping[str, int], everyone: str = "England"
) -> Story:
    """The story of one council's year: every rule applied to every measure, then sorted into lists.
    `everyone` names the all-councils group the bands are against ("the councils collected" for a collection)."""
    progress, watch, context = [], [], []
    for facts in measures:
        points = measure_points(facts, year)
        good = [p for p in points if p.tone == "progress"]
        bad = [p for p in points if p.tone == "watch"]
        aside = [p for p in points if p.tone == "context"]
        if good:
            progress.append(Entry(facts.code, facts.short_title, tuple(good + aside)))
        if bad:
            watch.append(Entry(facts.code, facts.short_title, tuple(bad + aside)))
        if not good and not bad and any(p.rule == "series break" or _against_value(p) for p in aside):
            context.append(Entry(facts.code, facts.short_title, tuple(aside)))
    groups = tuple(survey_half(measures, year))
    progress_sorted, watch_sorted = by_weight(progress), by_weight(watch)
    headline = headline_sentences(council, year, bands, progress_sorted, watch_sorted, tuple(context), groups,
                                  everyone)
    return Story(headline, progress_sorted, watch_sorted, tuple(context), groups)


def by_weight(entries: list[Entry]) -> tuple[Entry, ...]:
    """The entries, weightiest first (in catalogue order among equals)."""
    return tuple(sorted(entries, key=lambda e: -e.weight))


def _against_value(point: Point) -> bool:
    """A band move the value went the other way from."""
    return point.rule == "band move" and point.tone == "context" and "while its value" in point.says


def named(entry: Entry) -> str:
    """"1H (adults in contact with secondary mental health services ...)": the code and a short title."""
    words = entry.short_title.split()
    title = " ".join(words[:TITLE_WORDS]) + (" ..." if len(words) > TITLE_WORDS else "")
    return f"{entry.code} ({title[:1].lower() + title[1:]})"


def _naming(label: str, entries: Sequence[Entry], tone: str) -> str | None:
    """"To watch: 1H (...) fell ...; 2C2 (...) rose ... (2 more below).", or None without entries."""
    if not entries:
        return None
    more = f" ({len(entries) - HEADLINE_NAMES} more below)" if len(entries) > HEADLINE_NAMES else ""
    return f"{label}: " + "; ".join(_clause(e, tone) for e in entries[:HEADLINE_NAMES]) + more + "."


def _clause(entry: Entry, tone: str) -> str:
    lead = max((p for p in entry.points if p.tone == tone), key=lambda p: p.weight)
    return f"{named(entry)} {lead.brief}"


def headline_sentences(
    council: str, year: str, bands: Mapping[str, int], progress: Sequence[Entry], watch: Sequence[Entry],
    context: Sequence[Entry], groups: Sequence[Point], everyone: str = "England",
) -> tuple[str, ...]:
    """Three to five sentences: the profile, the measures to watch, the progress, then what a survey's
    measures share and the bands that moved against their values, as space allows."""
    banded = sum(bands.values())
    top_half = bands.get("top", 0) + bands.get("upper-middle", 0)
    sentences = [
        f"Against {everyone} in {year}, {council} had {bands.get('top', 0)} of its {banded} banded measures in the "
        f"top quartile, {top_half} in the top half and {bands.get('bottom', 0)} in the bottom quartile."
    ]
    sentences.append(_naming("To watch", watch, "watch") or "No measure worsened significantly, worsened two "
                     "years running or was in the bottom quartile against both groups.")
    sentences.append(_naming("Progress", progress, "progress") or "No measure's value improved markedly.")
    sentences += [p.says + "." for p in groups][: 5 - len(sentences)]
    against = [e.code for e in context if any(_against_value(p) for p in e.points)]
    if against and len(sentences) < 5:
        values = "its value" if len(against) == 1 else "their values"
        sentences.append(f"{listed(against)} changed band against {everyone} although {values} moved the other way: "
                         "other councils moved further, so read these bands with care.")
    return tuple(sentences)
