"""One palette for everything ascof-xl draws or fills: the briefing's charts and tables and the templates.

Quartile bands run blue (better) to orange (worse), never red against green. Every band colour reaches
3 : 1 against white (WCAG 2.1, 1.4.11, non-text contrast), and the four differ in lightness as well as
hue, so they part in greyscale; a band is always written as a word beside its colour as well.
"""

from __future__ import annotations

BANDS = ("top", "upper-middle", "lower-middle", "bottom")

# Band fills (hex RGB), ordered from best to worst, each with the text colour that reads on it (4.5 : 1 or more).
BAND_COLOURS = {"top": "12355B", "upper-middle": "2E75B6", "lower-middle": "D9731A", "bottom": "A33B12"}
BAND_TEXT = {"top": "FFFFFF", "upper-middle": "FFFFFF", "lower-middle": "000000", "bottom": "FFFFFF"}

ENGLAND = "000000"  # England's marker and line
COUNCIL_MARK = "000000"  # the council's mark on a spine chart, outlined in white so it shows on every band
NEUTRAL = "595959"  # axes, rules and other series (7 : 1 on white)
HEADER_FILL = "D9D9D9"  # table header rows, with black text
INPUT_FILL = "FFF2CC"  # cells a person types into, always beside an "Enter" label or border, never alone
WHITE = "FFFFFF"


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a hex RGB colour ("1F4E79")."""
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i:i + 2]) for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio between two hex RGB colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
COMPUTED_FILL = "F2F2F2"  # worked-out cells of the templates, thin-boxed; inputs differ by a thick border as well
