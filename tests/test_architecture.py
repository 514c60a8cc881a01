"""The core stays free of the Excel door: importing the engine must not load xlwings."""

import subprocess
import sys

CORE = ["ascof_xl.catalogue.lineage", "ascof_xl.published.bundled", "ascof_xl.benchmark.profile", "ascof_xl.stats",
        "ascof_xl.cli", "ascof_xl.cld", "ascof_xl.figures.recompute", "ascof_xl.survey.ascs", "ascof_xl.survey.sace",
        "ascof_xl.benchmark.place"]


def test_core_never_imports_xlwings():
    code = "import sys\n" + "".join(f"import {m}\n" for m in CORE) + "print('xlwings' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# The Excel door: its plain functions and macros run without xlwings (only `udfs` and XlwingsBook load it),
# and no core module reaches into the door (the command line, a door itself, offers `ascof-xl macro`).
EXCEL_PLAIN = ["ascof_xl.excel.functions", "ascof_xl.excel.macros.refresh_benchmarks",
               "ascof_xl.excel.macros.validate_active_workbook", "ascof_xl.excel.macros.build_report", "ascof_xl.cli"]


def test_excel_functions_and_macros_run_without_xlwings_and_the_core_never_imports_the_door():
    core = [m for m in CORE if not m.startswith("ascof_xl.cli")]
    code = ("import sys\n" + "".join(f"import {m}\n" for m in core) + "print('ascof_xl.excel' in sys.modules)\n"
            + "".join(f"import {m}\n" for m in EXCEL_PLAIN) + "print('xlwings' in sys.modules)\n"
            + "import ascof_xl.excel.udfs\nprint('xlwings' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False", "True"]
