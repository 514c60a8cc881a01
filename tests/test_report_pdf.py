"""The real-client check: briefings for Rotherham (a metropolitan district; 2018-19 with neighbours, and
2024-25, a year with no carers' survey), Camden (a London borough) and Kent (a county) printed to PDF by
LibreOffice: ten pages or fewer, their counts, lists and story found in the PDF's text, every charted
measure's label found on the chart pages, no heading clipped, and every page kept as a PNG in
tests/artefacts/report/ for a person to look at.

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
from ascof_xl.report.measures_sheet import columns
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
        "rotherham-2024-25": dict(council="Rotherham", year="2024-25"),
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


def pages_of(text: str, heading: str) -> str:
    """The text of the pages whose running header ends with `heading` (", charts", ", every measure")."""
    return "\f".join(page for page in text.split("\f") if re.search(rf"ASCOF \S+{re.escape(heading)}\s*\n", page))


def test_every_briefing_converts_in_ten_pages_or_fewer_and_every_page_is_kept(printed):
    built, texts = printed
    for name, text in texts.items():
        pages = sorted(ARTEFACTS.glob(f"{name}-*.png"))
        assert 6 <= len(pages) == text.count("\f") <= 10, name  # a sheet a page at least; ten at most
        assert "Page 1 of" in text


NAMES = ["rotherham-2018-19", "camden", "kent", "rotherham-2024-25"]


@pytest.mark.parametrize("name", NAMES)
def test_summary_counts_lists_and_story_are_in_the_pdf(printed, name):
    built, texts = printed
    briefing, text = built[name]["briefing"], " ".join(texts[name].split())
    council, year = briefing["council"]["name"], briefing["year"]
    assert f"Adult Social Care Outcomes Framework {year}: {council}" in text
    carers = any(m["survey"] == "carers" and m["value"] is not None for m in briefing["measures"])
    for profile in briefing["profiles"]:
        for key, words in (("bands", "All measures"), ("bands_excluding_carers", "Without the carers' survey")):
            if key == "bands_excluding_carers" and not carers:
                continue
            counts = " ".join(str(profile[key][b]) for b in BANDS)
            assert f"{year} {words} {counts} {sum(profile[key].values())}" in text, (profile["kind"], key)
    for listed in briefing["quartile_lists"]:
        for measure in listed["measures"]:
            assert re.search(rf"\b{measure['code']}\b", text)
    story = briefing["story"]
    for sentence in story.headline:
        assert " ".join(sentence.split()) in text
    for entry in story.progress + story.watch:
        assert re.search(rf"\b{entry.code}\b", text)
    assert all(word in text for word in ("top", "upper-middle", "lower-middle", "bottom"))  # beside the colours


@pytest.mark.parametrize("name", NAMES)
def test_every_charted_measure_is_labelled_on_the_chart_pages(printed, name):
    built, texts = printed
    charts = pages_of(texts[name], ", charts")
    assert charts
    for measure in built[name]["briefing"]["measures"]:
        assert re.search(rf"(?m)\b{re.escape(measure['code'])}\s+(no value|[\d.,]+%?)", charts), measure["code"]


@pytest.mark.parametrize("name", NAMES)
def test_no_measures_heading_is_clipped(printed, name):
    """Each word of each heading of the Measures table appears whole on its page (a clipped or split word
    such as "Compar" / "ed" would not)."""
    built, texts = printed
    briefing = built[name]["briefing"]
    page = pages_of(texts[name], ", every measure")
    first = briefing["measures"][0]["code"]
    header = page[page.index("\nCode"):page.index(f"\n{first} ")]  # the header row's printed lines
    headings = [heading for heading, *_ in columns(briefing)]
    allowed = {word for heading in headings for word in re.findall(r"[\w'-]+", heading)}
    printed_words = re.findall(r"[\w'-]+", header)
    assert set(printed_words) <= allowed, set(printed_words) - allowed  # no fragment of a split word
    assert allowed <= set(printed_words), allowed - set(printed_words)  # and every word shown


def test_rotherham_pdf_shows_the_seed_table_and_key_points(printed):
    text = " ".join(printed[1]["rotherham-2018-19"].split())
    assert "2018-19 All measures 7 10 8 4 29" in text
    assert "2018-19 Without the carers' survey 4 8 8 4 24" in text
    assert "1E" in text and "2C2" in text and "1H" in text
    assert "All five carers' survey measures are in the top half" in text


def test_a_year_without_the_carers_survey_says_why_it_shows_one_table(printed):
    text = " ".join(printed[1]["rotherham-2024-25"].split())
    assert "There was no carers' survey in 2024-25" in text
    assert "4B: the published counts are rounded to the nearest 5" in text  # so 4B cannot be reproduced
    assert "Without the carers' survey 2" not in text


def test_pdf_option_writes_the_pdf_beside_the_workbook(tools, tmp_path, capsys):
    path = tmp_path / "camden.xlsx"
    assert main(["report", "--council", "Camden", "--year", "2020-21", "--pdf", "-o", str(path)]) == 0
    assert path.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert f"wrote {path.with_suffix('.pdf')}" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["camden.pdf", "camden.xlsx"]
