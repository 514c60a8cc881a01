"""The story a briefing tells: rules over a council's measures and their series, each returning
points with their evidence, and the headline, progress and measures to watch made from them.

Pure: no spreadsheet library, no door. `series` reads the published store; `rules` and
`narrative` work on frozen values only, so any door (the workbook, a web page) tells the same story.
"""

from ascof_xl.story.facts import MeasureFacts, Point, YearValue
from ascof_xl.story.narrative import Entry, Story, tell

__all__ = ["Entry", "MeasureFacts", "Point", "Story", "YearValue", "tell"]
