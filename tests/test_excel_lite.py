"""The xlwings Lite edition (addin/lite): main.py answers with the packages Pyodide lacks blocked, its
scripts refresh from a sheet and build the briefing into the workbook, requirements.txt holds only what
Lite can install, and ascof-xl builds as a pure-Python wheel with its data inside."""

from __future__ import annotations

import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from ascof_xl.excel import cache, udfs

ROOT = Path(__file__).resolve().parents[1]
LITE = ROOT / "addin" / "lite"
# Not in Pyodide (fastexcel), optional there (pyarrow), or Windows only (pywin32's modules).
BLOCKED = ("pyarrow", "fastexcel", "pywintypes", "pythoncom", "win32com", "win32api", "win32con", "win32gui",
           "win32process", "winreg")
YEAR = "2020-21"
CALLS = {
    "ASCOF_VALUE": ("2B1", 82, 160),
    "ASCOF_MEASURE": ("1A", "evidence"),
    "ASCOF_MEASURES": ("ipc-option-two",),
    "ASCOF_QUARTILE": ("2B1", 80, None, YEAR),
    "ASCOF_RANK": ("2B1", 80, None, YEAR),
    "ASCOF_THRESHOLDS": ("2B1", None, YEAR),
    "ASCOF_BENCHMARK": ("Rotherham", "2B1", YEAR),
    "ASCOF_PROFILE": ("Rotherham", YEAR),
    "ASCOF_BANDS": ([["Rotherham"], ["Kent"]], [["2B1", "2A2"]], YEAR),
    "ASCOF_CI": (81, 263),
    "ASCOF_SIGNIFICANCE": ("2B1", 80, 75, 85, 70),
    "ASCOF_DOT": ("2A2", 650, 600),
}
DRIVER = """
import json, runpy, sys
for name in {blocked!r}:
    sys.modules[name] = None
main = runpy.run_path({main!r})
calls = json.loads(sys.argv[1])
answers = {{name: main[name](*args) for name, args in calls.items()}}
from tests.excel_rules import App
from tests.test_excel_lite import lite_book
book = lite_book(App(), {data!r})
main["refresh_benchmarks"](book)
refreshed = main["ASCOF_BENCHMARK"]("Rotherham", "2B1", {year!r})
main["build_report"](book)
print(json.dumps({{"answers": answers, "refreshed": refreshed, "alerts": book.app.alerts,
                  "sheets": [s.name for s in book.sheets],
                  "loaded": sorted(m for m in {blocked!r} if sys.modules.get(m) is not None)}}))
"""


def lite_book(app, rows):
    """A workbook as an officer sets it up for Lite: the published data imported into a sheet, named in the settings."""
    book = app.books.add()
    book.workbook.active.title = "Published"
    for row in rows:
        book.workbook["Published"].append(row)
    conf = book.workbook.create_sheet("ascof_xl.conf")
    for row in (["ASCOF Data Sheet", "Published"], ["ASCOF Council", "Rotherham"], ["ASCOF Year", YEAR]):
        conf.append(row)
    return book


def published_rows(value_2b1):
    from ascof_xl.published.tidy import TIDY_COLUMNS

    table = cache.store().table
    year = table[(table.year == YEAR) & table.measure.isin(["2B1", "2A2"])][list(TIDY_COLUMNS)].copy()
    mine = (year.area_code == "E08000018") & (year.measure == "2B1") & (year.measure_type == "Outcome")
    year.loc[mine, "value"] = value_2b1
    return [list(TIDY_COLUMNS)] + [[None if v != v else v for v in row] for row in year.itertuples(index=False)]


@pytest.fixture(scope="module")
def lite_run():
    cache.reload()
    driver = DRIVER.format(blocked=BLOCKED, main=str(LITE / "main.py"), data=published_rows(99.9), year=YEAR)
    result = subprocess.run([sys.executable, "-c", driver, json.dumps(CALLS)], capture_output=True, text=True,
                            cwd=ROOT, env={"PYTHONPATH": str(ROOT), "HOME": str(ROOT / "no-home")}, timeout=600)
    assert result.returncode == 0, result.stderr
    *printed, last = result.stdout.splitlines()
    return json.loads(last) | {"printed": printed}  # Lite shows printed lines in its console


def test_main_answers_every_function_as_the_desktop_does_with_pyarrow_fastexcel_and_windows_blocked(lite_run):
    cache.reload()
    assert set(lite_run["answers"]) == set(udfs.__all__)
    for name, args in CALLS.items():
        assert lite_run["answers"][name] == json.loads(json.dumps(getattr(udfs, name)(*args))), name
    assert lite_run["answers"]["ASCOF_VALUE"] == 51.3  # 82 / 160 = 51.25, published half up
    assert lite_run["loaded"] == []


def test_the_refresh_script_reads_the_data_sheet_and_reaches_the_functions(lite_run):
    assert lite_run["alerts"] == []
    assert lite_run["refreshed"][0][:2] == [99.9, "top"]
    assert "Benchmarks" in lite_run["sheets"]


def test_the_build_report_script_puts_the_briefing_into_the_workbook(lite_run):
    briefing = [name for name in lite_run["sheets"] if name.startswith("ASCOF ")]
    assert briefing and lite_run["printed"][-1] == f"ASCOF: briefing for Rotherham written to the sheets {', '.join(briefing)}"
    assert any(line.startswith("ASCOF: Benchmarks sheet holds") for line in lite_run["printed"])


def requirement_names(path: Path) -> list[tuple[str, str]]:
    """(name, version specifier) of each requirement line."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, specifier = re.match(r"^([A-Za-z0-9._-]+)\s*(.*)$", line).groups()
            found.append((re.sub(r"[-_.]+", "-", name).lower(), specifier))
    return found


def pure_python(name: str) -> bool:
    """A package whose installed wheel is tagged for any platform (py3-none-any)."""
    wheel = importlib.metadata.distribution(name).read_text("WHEEL") or ""
    tags = [line.split(":", 1)[1].strip() for line in wheel.splitlines() if line.startswith("Tag:")]
    return bool(tags) and all(tag.endswith("-none-any") for tag in tags)


def test_every_requirement_is_in_pyodides_lock_unpinned_or_a_pure_python_wheel(shared_reference):
    lock = json.loads((shared_reference / "pyodide-lock-314.0.8.json").read_text(encoding="utf-8"))
    built = {re.sub(r"[-_.]+", "-", name).lower() for name in lock["packages"]}
    requirements = requirement_names(LITE / "requirements.txt")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    dependencies = [re.match(r"^([A-Za-z0-9._-]+)", d).group(1).lower() for d in project["dependencies"]]
    for name, specifier in requirements:
        if name in built or name == "xlwings":  # Pyodide's builds and Lite's own xlwings: versions are Lite's
            assert specifier == "", f"{name}{specifier}: do not pin what Lite provides"
        elif name != "ascof-xl":
            assert pure_python(name), f"{name} is neither in Pyodide's lock nor a pure-Python wheel"
    for name in dependencies:  # what installing ascof-xl pulls in must install in Lite too
        assert name in built or pure_python(name), name
    assert "fastexcel" not in dependencies and "xlwings" not in dependencies and "pyarrow" not in dependencies
    python = tuple(int(part) for part in lock["info"]["python"].split(".")[:2])
    assert python >= tuple(int(p) for p in re.search(r"(\d+)\.(\d+)", project["requires-python"]).groups())


def test_ascof_xl_builds_as_a_pure_python_wheel_with_its_data(tmp_path):
    source = tmp_path / "source"  # a copy: building leaves build/ and egg-info behind
    shutil.copytree(ROOT / "ascof_xl", source / "ascof_xl", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("ascof_xl-*.whl")
    assert wheel.name.endswith("-py3-none-any.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for folder in ("ascof_xl/data/", "ascof_xl/catalogue/data/", "ascof_xl/templates/declarations/"):
        bundled = {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).iterdir() if p.is_file()}
        assert bundled and bundled <= set(names), folder
    assert not any(name.endswith((".so", ".pyd", ".dll")) for name in names)
