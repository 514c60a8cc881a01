"""The Collect returns macro through its plain-Python door: the same regional workbook `ascof-xl collect` writes,
saved beside the returns; a left-out return is shown to the user; nothing chosen is a plain message."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from ascof_xl.collect import collect
from ascof_xl.collect.fill import write_return
from ascof_xl.errors import AscofError
from ascof_xl.excel.books import OpenpyxlBook
from ascof_xl.excel.macros import collect_returns, in_excel

COUNTS = {"Darlington": {"2A": (120, 150), "2B": (12, 65_000)}, "Hartlepool": {"2A": (90, 140), "2B": (20, 57_000)},
          "Gateshead": {"2A": (200, 260), "2B": (9, 120_000)}, "Sunderland": {"2A": (260, 300), "2B": (30, 170_000)}}


@pytest.fixture()
def returns(tmp_path: Path) -> list[Path]:
    return [write_return(tmp_path / f"{name}.xlsx", name, counts, "2024-25") for name, counts in COUNTS.items()]


class Recording(OpenpyxlBook):
    """A book that keeps what the macro tells the user."""

    def __init__(self, path: Path):
        super().__init__(path)
        self.alerts: list[str] = []
        self.statuses: list[str] = []

    def alert(self, message: str) -> None:
        self.alerts.append(message)

    def status(self, message: str) -> None:
        self.statuses.append(message)


def test_the_macro_writes_the_regional_workbook_beside_the_returns(returns, tmp_path):
    book = Recording(returns[0])
    result = collect_returns.run(book, [str(p) for p in returns])
    path = Path(result["workbook"])
    assert path == tmp_path / "Regional collection 2024-25.xlsx" and result["returns"] == 4 and not book.alerts
    sheet = openpyxl.load_workbook(path)["Comparison"]
    shown = {(r[0], r[2]): (r[7], r[8], r[10]) for r in sheet.iter_rows(min_row=5, values_only=True)}
    # 2A by hand: Sunderland 86.7, Darlington 80.0, Gateshead 76.9, Hartlepool 64.3; QUARTILE.INC of the four:
    # P25 = 64.3 + 0.75 x 12.6 = 73.75, median 78.45, P75 = 80 + 0.25 x 6.7 = 81.675
    assert shown[("Sunderland", "2A")] == (86.7, 1, "top")
    assert shown[("Darlington", "2A")] == (80.0, 2, "upper-middle")
    assert shown[("Gateshead", "2A")] == (76.9, 3, "lower-middle")
    assert shown[("Hartlepool", "2A")] == (64.3, 4, "bottom")
    expected = {(p.council.name, p.code): (p.value, p.rank, p.band) for p in collect(returns).positions}
    assert shown == expected


def test_a_left_out_return_is_shown_and_nothing_chosen_is_a_message(returns, tmp_path):
    bad = write_return(tmp_path / "bad.xlsx", "Stockton-on-Tees", {"2A": (500, 100)}, "2024-25")
    book = Recording(returns[0])
    result = collect_returns.run(book, [str(p) for p in returns + [bad]])
    assert result["returns"] == 4 and len(result["left_out"]) == 1
    assert book.alerts and "bad.xlsx" in book.alerts[0]
    with pytest.raises(AscofError):
        collect_returns.run(book, [])
    assert in_excel(collect_returns.run, book, []) is None
    assert book.alerts[-1].startswith("ASCOF: no returns were chosen")
