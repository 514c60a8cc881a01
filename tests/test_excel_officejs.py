"""The decorated functions through xlwings' own Office.js converters: the path xlwings Lite and xlwings
Server take, run on Linux. The answers must be the plain functions' answers, as Excel would show them.

xlwings runs this code (in `xlwings.pro`) only with a licence key; the test uses xlwings' free
noncommercial key, in a child process, for development only. Nothing at runtime depends on it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from ascof_xl.excel import cache, udfs

YEAR = "2020-21"
CALLS = [
    ("ASCOF_VALUE", ["2B1", "82", 160, None]),
    ("ASCOF_MEASURE", ["2B1", "unit", None]),
    ("ASCOF_MEASURE", ["1Z", None, None]),
    ("ASCOF_MEASURES", ["ascof-2018-19"]),
    ("ASCOF_QUARTILE", ["2B1", 80, None, YEAR, None]),
    ("ASCOF_QUARTILE", ["2B1", "80", "region", YEAR, "Rotherham"]),
    ("ASCOF_QUARTILE", ["2B1", None, None, YEAR, None]),
    ("ASCOF_RANK", ["2A2", 600, None, YEAR]),
    ("ASCOF_THRESHOLDS", ["2B1", None, YEAR]),
    ("ASCOF_BENCHMARK", ["Rotherham", "2B1", YEAR, None]),
    ("ASCOF_PROFILE", ["Rotherham", YEAR, None]),
    ("ASCOF_BANDS", [[["Rotherham"], ["Leeds"], [None]], [["2B1", "2A2"]], YEAR]),
    ("ASCOF_BANDS", ["Kent", "2B1", YEAR]),
    ("ASCOF_CI", [81, 263, None, "99.8"]),
    ("ASCOF_SIGNIFICANCE", ["2B1", 80, 75, 85, 70]),
    ("ASCOF_DOT", ["2A2", 650, "600"]),
]

CHILD = """
import asyncio, json, sys
import xlwings
from xlwings.pro.udfs_officejs import custom_functions_call, custom_functions_meta
import ascof_xl.excel.udfs as module

meta = {f["name"]: f for f in custom_functions_meta(module)["functions"]}
results = []
for name, args in json.loads(sys.stdin.read()):
    shapes = [p["dimensionality"] for p in meta[name]["parameters"]]
    sent = [arg if shape == "matrix" or not isinstance(arg, list) else arg[0][0] for arg, shape in zip(args, shapes)]
    sent = [[[arg]] if shape == "matrix" and not isinstance(arg, list) else arg for arg, shape in zip(sent, shapes)]
    data = {"func_name": name, "args": sent, "version": xlwings.__version__, "client": "Office.js", "runtime": "1.4"}
    results.append(asyncio.run(custom_functions_call(data, module)))
print(json.dumps({"names": sorted(meta), "results": results}))
"""


def as_excel_shows(value):
    """A plain function's answer as Office.js returns it: always 2-D, blanks as empty text."""
    rows = value if isinstance(value, list) else [[value]]
    return [["" if cell is None else cell for cell in row] for row in rows]


def test_the_office_js_path_gives_the_plain_functions_answers():
    cache.reload()
    env = os.environ | {"XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial"}
    child = subprocess.run([sys.executable, "-c", CHILD], input=json.dumps(CALLS), capture_output=True, text=True,
                           env=env, timeout=600)
    assert child.returncode == 0, child.stderr
    found = json.loads(child.stdout)
    assert found["names"] == sorted(udfs.__all__)
    for (name, args), result in zip(CALLS, found["results"]):
        assert result == as_excel_shows(getattr(udfs, name)(*args)), name
    assert found["results"][6][0][0].startswith("ASCOF: value is blank")  # an empty cell where a number belongs
