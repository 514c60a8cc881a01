"""The real-client check: briefings for Rotherham (a metropolitan district), Camden (a London borough)
and Kent (a county) printed to PDF by LibreOffice, their counts and lists found in the PDF's text, and
every page kept as a PNG in tests/artefacts/report/ for a person to look at.

Needs LibreOffice (soffice), pdftotext and pdftoppm: skipped without them, failed under CI.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ascof_xl.cli import main
from ascof_xl.report import build_report
from ascof_xl.report.wording import BAND_HEADINGS
from ascof_xl.templates.libreoffice import convert

ARTEFACTS = Path(__file__).parent / "artefacts" / "report"
BANDS = ("top", "upper-middle", "lower-middle", "bottom")


@pytest.fixture(scope="module")
def tools():
    """LibreOffice and poppler, or a skip (a failure under CI)."""
    if not all(shutil.which(tool) for tool in ("soffice", "pdftotext", "pdftoppm")):
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice), pdftotext and pdftoppm must be installed under CI")
        pytest.skip("LibreOffice or poppler-utils is not installed")


@pytest.fixture(scope="module")
def printed(tools, shared_data, tmp_path_factory):
    """Three briefings built, converted in one soffice call, their text and page images kept."""
    folder = tmp_path_factory.mktemp("briefings")
    neighbours = shared_data / "reference" / "oflog_nearest_neighbours.json"
    asked = {
        "rotherham-2018-19": dict(council="Rotherham", year="2018-19", neighbours=neighbours),
        "camden": dict(council="Camden"),
        "kent": dict(council="Kent", neighbours=neighbours),
    }
    built = {name: build_report(output=folder / f"{name}.xlsx", **given) for name, given in asked.items()}
    pdfs = convert([Path(b["workbook"]) for b in built.values()], folder, "pdf")  # one soffice call
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    texts = {}
    for name, pdf in zip(built, pdfs):
        for old in ARTEFACTS.glob(f"{name}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(ARTEFACTS / name)], check=True, timeout=120)
        texts[name] = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                     check=True, timeout=60).stdout
    return built, texts


def test_every_briefing_converts_and_every_page_is_kept(printed):
    built, texts = printed
    for name, text in texts.items():
        pages = sorted(ARTEFACTS.glob(f"{name}-*.png"))
        assert len(pages) == text.count("\f") >= 4  # Summary, Measures, Charts, Notes at least
        assert "Page 1 of" in text


@pytest.mark.parametrize("name", ["rotherham-2018-19", "camden", "kent"])
def test_summary_counts_and_lists_are_in_the_pdf(printed, name):
    built, texts = printed
    briefing, text = built[name]["briefing"], " ".join(texts[name].split())
    council, year = briefing["council"]["name"], briefing["year"]
    assert f"Adult Social Care Outcomes Framework {year}: {council}" in text
    for profile in briefing["profiles"]:
        for key in ("bands", "bands_excluding_carers"):
            counts = " ".join(str(profile[key][b]) for b in BANDS)
            assert f"{council} {year} {counts} {sum(profile[key].values())}" in text, (profile["kind"], key)
    for listed in briefing["quartile_lists"]:
        assert f"{listed['heading']} ({len(listed['measures'])})" in text
        for measure in listed["measures"]:
            assert re.search(rf"\b{measure['code']}\b", text)
    for entry in briefing["progress"] + briefing["watch"]:
        assert re.search(rf"\b{entry['code']}\b", text)
    assert all(BAND_HEADINGS[b] in text for b in BANDS)  # the words beside the colours


def test_rotherham_pdf_shows_the_seed_table(printed):
    text = " ".join(printed[1]["rotherham-2018-19"].split())
    assert "Rotherham 2018-19 7 10 8 4 29" in text
    assert "Rotherham 2018-19 4 8 8 4 24" in text
    assert "1E" in text and "2C2" in text


def test_pdf_option_writes_the_pdf_beside_the_workbook(tools, tmp_path, capsys):
    path = tmp_path / "camden.xlsx"
    assert main(["report", "--council", "Camden", "--year", "2020-21", "--pdf", "-o", str(path)]) == 0
    assert path.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert f"wrote {path.with_suffix('.pdf')}" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["camden.pdf", "camden.xlsx"]
