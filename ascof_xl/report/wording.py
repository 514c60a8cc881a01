"""How the briefing words things: values with their unit, short titles, band names.

Plain text only, shared by the Summary sheet, the Measures sheet and the PDF, so each says the
same thing the same way. Values and bands are worded once, in the story engine (ascof_xl.story.words).
"""

from __future__ import annotations

import re

from ascof_xl.catalogue import Measure
from ascof_xl.story.words import BAND_HEADINGS, BAND_WORDS, band_word, format_value

POLARITY_WORDS = {"higher": "higher is better", "lower": "lower is better", "none": "no polarity (banded as higher)"}

_PER_POPULATION = re.compile(r",?\s*per 100,000 population$", re.IGNORECASE)


def short_title(measure: Measure) -> str:
    """The catalogue's short title, or the title without "Proportion of" and the unit it ends with."""
    given = measure.get("short_title")
    if given:
        return given
    text = _PER_POPULATION.sub("", measure.title)
    text = re.sub(r"^Proportion of (the )?", "", text)
    return text[:1].upper() + text[1:]


def number_format(unit: str, decimals: int = 1) -> str:
    """The Excel number format of a unit: percentages keep their published scale (93.1 shows 93.1%)."""
    digits = "0" + ("." + "0" * decimals if decimals > 0 else "")
    if unit == "percentage":
        return digits + '"%"'
    if unit == "rate per 100,000":
        return "#,##" + digits
    return digits


def sentence(text: str) -> str:
    """A message as a sentence: a capital first letter and a full stop."""
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


__all__ = ["BAND_HEADINGS", "BAND_WORDS", "POLARITY_WORDS", "band_word", "format_value", "number_format",
           "sentence", "short_title"]
