"""The add-in builds from addin/src, and an independent reader (oletools' olevba) finds in it the modules,
the macros, the ribbon buttons and the Function Wizard's help; the committed copy (and the xlwings Lite
main.py) is the one the sources build."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from oletools.olevba import VBA_Parser, decompress_stream

ROOT = Path(__file__).resolve().parents[1]
ADDIN = ROOT / "addin"
RIBBON_NS = "{http://schemas.microsoft.com/office/2006/01/customui}"
BUTTONS = {"Refresh benchmarks": "refresh_benchmarks", "Validate return": "validate_active_workbook",
           "Build report": "build_report", "Collect returns": "collect_returns"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("addin") / "ascof-xl.xlam"
    result = subprocess.run([sys.executable, str(ADDIN / "build.py"), "--output", str(output)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="module")
def modules(built) -> dict[str, str]:
    parser = VBA_Parser(str(built))
    try:
        return {name: code.replace("\r\n", "\n") for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def test_the_committed_addin_is_what_the_sources_build(built):
    assert (ADDIN / "ascof-xl.xlam").read_bytes() == built.read_bytes(), "run: python addin/build.py"


def test_olevba_finds_every_module(modules):
    assert set(modules) == {"ThisWorkbook.cls", "Sheet1.cls", "xlwings.bas", "Dictionary.cls", "RibbonASCOF.bas",
                            "xlwings_udfs.bas", "ASCOFFunctionHelp.bas"}
    assert 'Public Const PROJECT_NAME As String = "ascof_xl"' in modules["xlwings.bas"]
    assert "Public Function RunPython(PythonCommand As String)" in modules["xlwings.bas"]
    assert modules["Dictionary.cls"].startswith('Attribute VB_Name = "Dictionary"')


def test_each_ribbon_button_calls_its_own_macro(built, modules):
    with zipfile.ZipFile(built) as package:
        ribbon = ElementTree.fromstring(package.read("customUI/customUI.xml"))
        relations = package.read("_rels/.rels").decode()
    # [MS-CUSTOMUI] 2.1.2: a customUI part in the 2006/01 namespace is the target of the 2006 relationship
    assert ribbon.tag == f"{RIBBON_NS}customUI" and 'Target="customUI/customUI.xml"' in relations
    assert 'Type="http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"' in relations
    tab = ribbon.find(f".//{RIBBON_NS}tab")
    assert tab.get("label") == "ASCOF"
    buttons = {b.get("label"): b.get("onAction") for b in tab.iter(f"{RIBBON_NS}button")}
    assert set(buttons) == set(BUTTONS) | {"Restart"}
    assert buttons["Restart"] == "RibbonASCOF.RestartPython"
    ribbon_code = modules["RibbonASCOF.bas"]
    for label, macro in BUTTONS.items():
        module_name, sub = buttons[label].split(".")
        assert module_name == "RibbonASCOF"
        body = re.search(rf"Sub {sub}\(control As IRibbonControl\)(.*?)End Sub", ribbon_code, re.S).group(1)
        called = re.search(r"import (ascof_xl\.excel\.macros\.(\w+)) as m; m\.main\(", body)
        assert called and called.group(2) == macro, label
        python = importlib.import_module(called.group(1))
        assert callable(python.main) and callable(python.run)
        handed = body.split("m.main(", 1)[1]
        passed = handed.count("PyText(") + handed.count("[")  # each setting, or the list of files, handed to main()
        assert passed == len(inspect.signature(python.main).parameters), label


def test_the_function_declarations_match_the_udf_module(modules):
    from ascof_xl.excel import udfs

    declared = dict(re.findall(r"^Function (ASCOF_\w+)\(([^)]*)\)", modules["xlwings_udfs.bas"], re.M))
    functions = {n: f for n, f in vars(udfs).items() if n.startswith("ASCOF_")}
    assert set(declared) == set(functions) == set(udfs.__all__) and len(functions) == 12  # __all__: Lite's import *
    for name, function in functions.items():
        expected = ", ".join(("Optional " if p.default is not p.empty else "") + p.name
                             for p in inspect.signature(function).parameters.values())
        assert declared[name] == expected
        assert f'XLPy.CallUDF("ascof_xl.excel.udfs", "{name}"' in modules["xlwings_udfs.bas"]


def test_the_settings_sheet_names_the_functions_module(built):
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(built))
    assert book.sheet_names == ["ascof_xl.conf"]  # PROJECT_NAME + ".conf", where xlwings looks
    rows = [tuple(row) for row in book.get_sheet_by_name("ascof_xl.conf").to_python()]
    keys = [key for key, _ in rows]
    assert "" not in keys  # xlwings reads from A1 down to the first blank
    settings = dict(rows)
    assert settings["UDF Modules"] == "ascof_xl.excel.udfs" and importlib.import_module(settings["UDF Modules"])
    assert settings["Use UDF Server"] is True  # macros and functions share one Python, so a refresh reloads them
    # the console and debugging are the user's to turn on; nothing here is blank
    assert "Show Console" not in settings and "Debug UDFs" not in settings
    assert all(value != "" for _, value in rows)
    with zipfile.ZipFile(built) as package:
        types = package.read("[Content_Types].xml").decode()
    assert "application/vnd.ms-excel.addin.macroEnabled.main+xml" in types


def test_the_udf_module_declares_ranges_as_2d_lists_and_nothing_else():
    tree = ast.parse((ROOT / "ascof_xl" / "excel" / "udfs.py").read_text(encoding="utf-8"))
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("ASCOF_")]
    assert len(functions) == 12
    for function in functions:
        assert [ast.unparse(d) for d in function.decorator_list] == ["declared"], function.name
    declared = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "declared")
    text = ast.unparse(declared)
    assert not re.search(r"expand|volatile|async_mode|pd\.|DataFrame|np\.", text)


def test_settings_are_read_with_the_addins_sheet_last_so_the_user_can_override_it(modules):
    code = modules["xlwings.bas"]
    body = re.search(r"Function GetConfig\(configKey As String.*?End Function", code, re.S).group(0)
    layers = [body.index(text) for text in ("GetConfigFromSheet(ActiveWorkbook)", "GetDirectoryConfigFilePath()",
                                             "GetConfigFilePath()", "GetConfigFromSheet(ThisWorkbook)", "GetConfig = default")]
    assert layers == sorted(layers)


def test_one_python_serves_every_workbook(modules):
    """The command that starts the functions' Python keys the Python it reaches (xlwings #787): no workbook's name in it."""
    code = modules["xlwings.bas"]
    command = re.search(r"Function XLPyCommand\(\).*?End Function", code, re.S).group(0)
    assert "ActiveWorkbook" not in command and "ThisWorkbook.FullName" in command


def test_every_button_copes_with_no_workbook(modules):
    code = modules["RibbonASCOF.bas"]
    for sub in re.findall(r"^Sub (\w+)\(control As IRibbonControl\)", code, re.M):
        body = re.search(rf"Sub {sub}\(control As IRibbonControl\)(.*?)End Sub", code, re.S).group(1)
        assert body.strip().splitlines()[0].strip() == "If NoWorkbook() Then Exit Sub" or \
            "If NoWorkbook() Then Exit Sub" in body.split("RunPython")[0].split("GetConfig")[0], sub
    assert "KillPy" in re.search(r"Sub RestartPython.*?End Sub", code, re.S).group(0)


def test_the_function_wizard_gets_a_description_and_help_for_every_argument(modules):
    from ascof_xl.excel import udfs

    assert "Private Sub Workbook_Open()\n    RegisterFunctionHelp\nEnd Sub" in modules["ThisWorkbook.cls"]
    code = modules["ASCOFFunctionHelp.bas"].replace(" _\n", " ")
    calls = re.findall(r'Application\.MacroOptions Macro:="\'" & ThisWorkbook\.Name & "\'!(\w+)",\s+Description:="((?:[^"]|"")*)",'
                       r'\s+Category:="ASCOF",\s+ArgumentDescriptions:=Array\((.*?)\)\n', code)
    assert [name for name, _, _ in calls] == udfs.__all__
    for name, description, helps in calls:
        function = getattr(udfs, name)
        assert description.replace('""', '"') == inspect.getdoc(function) and 0 < len(description) <= 255
        texts = [t.replace('""', '"') for t in re.findall(r'"((?:[^"]|"")*)"', helps)]
        assert texts == [udfs.ARGUMENT_HELP[p] for p in inspect.signature(function).parameters]
        assert all(0 < len(t) <= 255 for t in texts)


def test_the_lite_main_is_what_the_build_writes():
    spec = importlib.util.spec_from_file_location("addin_build", ADDIN / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert (ADDIN / "lite" / "main.py").read_text(encoding="utf-8") == build.lite_main("ascof_xl.excel.udfs"), \
        "run: python addin/build.py"


def load_compression():
    spec = importlib.util.spec_from_file_location("vba_compression", ADDIN / "vba_compression.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("size", [0, 1, 3, 4095, 4096, 4097, 12_345])
def test_vba_compression_decompresses_back_with_olevba(size):
    compress = load_compression().compress
    rng = random.Random(size)
    text = "".join(rng.choice(["Dim x As String\r\n", "' comment\r\n", "RunPython \"import a\"\r\n", "End Sub\r\n"])
                   for _ in range(size)).encode("cp1252")[:size]
    noise = bytes(rng.randrange(256) for _ in range(size))
    assert decompress_stream(bytearray(compress(text))) == text
    back = decompress_stream(bytearray(compress(noise)))  # a raw final chunk is padded with zeros, as specified
    assert back[:size] == noise and set(back[size:]) <= {0}


def test_install_and_checklist_expect_what_the_functions_give():
    from ascof_xl.excel import udfs

    for name in ("INSTALL.md", "CHECKLIST.md"):
        text = (ADDIN / name).read_text(encoding="utf-8")
        expected = re.findall(r'`=ASCOF_MEASURE\("1A"\)` (?:shows|gives) \*([^*]+)\*', text)
        assert expected == [udfs.ASCOF_MEASURE("1A")], name
        shown = re.findall(r'`=ASCOF_VALUE\("2B1", 82, 160\)` (?:shows|gives) (\d+(?:\.\d+)?)', text)
        assert shown and {float(v) for v in shown} == {udfs.ASCOF_VALUE("2B1", 82, 160)}, name
