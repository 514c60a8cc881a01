"""How values and bands are said, once, for the story and every sheet of the briefing.

One wording for bands everywhere: "top", "upper-middle", "lower-middle", "bottom".
"""

from __future__ import annotations

BAND_WORDS = {
    "top": "top quartile",
    "upper-middle": "upper-middle quartile",
    "lower-middle": "lower-middle quartile",
    "bottom": "bottom quartile",
}
BAND_HEADINGS = {band: words[:1].upper() + words[1:] for band, words in BAND_WORDS.items()}
BAND_ORDER = ("bottom", "lower-middle", "upper-middle", "top")  # worst to best


def format_value(value: float | None, unit: str, decimals: int = 1) -> str:
    """A value as the publication writes it: "93.1%", "431.4 per 100,000", "19.1"; "no value" when missing."""
    if value is None:
        return "no value"
    number = f"{value:,.{decimals}f}"
    if unit == "percentage":
        return f"{number}%"
    if unit == "rate per 100,000":
        return f"{number} per 100,000"
    return number


def band_word(band: str | None) -> str:
    """"top quartile" and so on, or "not banded" where the council has no value."""
    return BAND_WORDS.get(band, "not banded")


def listed(words: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)
