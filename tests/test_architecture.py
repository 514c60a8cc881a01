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
