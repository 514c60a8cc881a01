"""A briefing built from a regional collection (`report --data REGION.xlsx`): five North East councils' published
2024-25 counts filled into own-figures returns and collected. The collection holds no England figures, so no
heading, column, sentence or chart of the briefing may call its group "England" (only the sentence saying there
are none, and the licence's citation of the national publication); every sheet and printed page says
"provisional, not published"; the all-councils comparator is the median of the collected values, worked out here.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import zipfile
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest

from ascof_xl.cli import main
from ascof_xl.collect import collect
from ascof_xl.collect.fill import write_return
from ascof_xl.collect.workbook import write_collection
from ascof_xl.councils import load_councils
from ascof_xl.published.bundled import ATTRIBUTION

YEAR = "2024-25"
MEASURES = ("2A", "2B", "2C", "2D1", "2E1", "3D1A", "6B")
PROVISIONAL = "provisional, not published"


@pytest.fixture(scope="module")
def councils():
    return [c for c in load_councils() if c.region.startswith("North East") and c.existed_in(YEAR)][:5]


@pytest.fixture(scope="module")
def region(tmp_path_factory, store, councils) -> Path:
    """The regional workbook made from five councils' returns, each filled with its published counts."""
    folder = tmp_path_factory.mktemp("region")
    returns = []
    for council in councils:
        counts = {code: (store.value(YEAR, council.ons_code, code, "Numerator"),
                         store.value(YEAR, council.ons_code, code, "Denominator")) for code in MEASURES}
        returns.append(write_return(folder / f"{council.name}.xlsx", council.ons_code, counts, YEAR,
                                    preparer="Performance team", prepared=date(2025, 7, 15)))
    return write_collection(collect(returns), folder / "North East Q4.xlsx")


@pytest.fixture(scope="module")
def briefing(region, councils) -> Path:
    out = region.parent / "briefing.xlsx"
    assert main(["report", "--council", councils[0].name, "--data", str(region), "-o", str(out)]) == 0
    return out


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def cell_text(path: Path) -> dict[str, str]:
    """Each sheet's text, every string cell in reading order joined by spaces (a paragraph wraps over rows)."""
    book = openpyxl.load_workbook(path)
    return {sheet.title: words(" ".join(c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)))
            for sheet in book}


def without_allowed(text: str) -> str:
    """The text less the licence's citation of the national publication and any sentence saying the data holds
    no England figures."""
    text = text.replace(words(ATTRIBUTION), "")
    return " ".join(s for s in re.split(r"(?<=[.;:])\s+", text) if "no England figures" not in s)


def test_no_cell_calls_the_collected_councils_england(briefing):
    texts = cell_text(briefing)
    for sheet, text in texts.items():
        assert "England" not in without_allowed(text), (sheet, re.findall(r".{60}England.{60}", without_allowed(text)))
    assert "holds no England figures" in texts["Summary"]  # said once, plainly, where a reader starts
    assert "Against the councils collected" in texts["Summary"]
    assert "Against the councils collected in 2024-25" in texts["Summary"]  # the headline, told by the story


def test_charts_say_collected_not_england(briefing):
    with zipfile.ZipFile(briefing) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert charts
    for xml in charts:
        assert "England" not in xml
        assert "median of those collected" in xml  # the scale's centre tick


def test_marked_provisional_on_every_sheet_and_page(briefing):
    book = openpyxl.load_workbook(briefing)
    assert PROVISIONAL in book.properties.title
    for sheet in book:
        assert "(provisional" in sheet["A1"].value, sheet.title
        assert PROVISIONAL in sheet.oddHeader.left.text, sheet.title
    headings = [c.value for c in book["Measures"][3]]
    assert "Councils collected median" in headings
    assert "Against the councils collected value" in headings
    assert not any("England" in str(h) for h in headings)


def rounded(numerator: float, denominator: float) -> float:
    """2A as published: a percentage to one decimal, half away from zero."""
    exact = Decimal(str(numerator)) * 100 / Decimal(str(denominator))
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def test_the_comparator_is_the_median_of_the_collected_values(briefing, store, councils):
    values = [rounded(store.value(YEAR, c.ons_code, "2A", "Numerator"), store.value(YEAR, c.ons_code, "2A", "Denominator"))
              for c in councils]
    sheet = openpyxl.load_workbook(briefing)["Measures"]
    headings = [c.value for c in sheet[3]]
    row = next(r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0] == "2A")
    assert row[headings.index("Councils collected median")] == pytest.approx(statistics.median(values))
    assert row[headings.index("Councils collected rank")].endswith(f"of {len(councils)}")


def test_published_data_still_says_england(tmp_path):
    out = tmp_path / "published.xlsx"
    assert main(["report", "--council", "Hartlepool", "--year", YEAR, "-o", str(out)]) == 0
    texts = cell_text(out)
    assert PROVISIONAL not in " ".join(texts.values())
    assert texts["Charts"].startswith(f"Where Hartlepool sits in England, {YEAR}")
    assert "Against England in 2024-25" in texts["Summary"]


def test_printed_first_page_says_provisional(region, councils, tmp_path):
    """Through LibreOffice: the printed first page carries the provisional mark and no England heading."""
    if not all(shutil.which(tool) for tool in ("soffice", "pdftotext")):
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) and pdftotext must be installed under CI")
        pytest.skip("LibreOffice or poppler-utils is not installed")
    out = tmp_path / "printed.xlsx"
    assert main(["report", "--council", councils[0].name, "--data", str(region), "-o", str(out), "--pdf"]) == 0
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(out.with_suffix(".pdf")), "-"],
                           capture_output=True, text=True, check=True, timeout=60).stdout
    assert PROVISIONAL in words(first)
