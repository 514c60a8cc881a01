"""Build the ASCOF add-in, addin/ascof-xl.xlam, from the text sources in addin/src.

    python addin/build.py [--output PATH]

The VBA project is written from source with ms-ovba and ms-cfb: xlwings' own VBA module and its
Dictionary class are read (with oletools' olevba) out of the custom add-in template xlwings ships,
renamed for this add-in; `RibbonASCOF.bas` holds the ribbon's callbacks; `xlwings_udfs` declares the
worksheet functions of `ascof_xl.excel.udfs` as xlwings' "Import Python UDFs" would. The workbook part
(settings sheet `ascof_xl.conf`, ribbon XML) is written as plain Open XML. The same sources always give
the same bytes, so a test can tell when the committed copy is stale.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib
import inspect
import random
import sys
import tempfile
import textwrap
import uuid
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # vba_compression.py sits beside this script
SOURCES = HERE / "src"
OUTPUT = HERE / "ascof-xl.xlam"
LITE_MAIN = HERE / "lite" / "main.py"  # the xlwings Lite edition's main.py, written from the same declarations
PROJECT_NAME = "ascof_xl"  # xlwings' PROJECT_NAME: the settings sheet is "<PROJECT_NAME>.conf"
SETTINGS_SHEET = f"{PROJECT_NAME}.conf"
TEMPLATE = "quickstart_addin_ribbon.xlam"  # the custom add-in template inside the xlwings package
TEMPLATE_PROJECT_LINE = 'Public Const PROJECT_NAME As String = "myaddin"'
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entry dates: the same sources give the same file


def xlwings_modules() -> dict[str, str]:
    """The xlwings VBA module and its Dictionary class, read out of xlwings' add-in template by olevba."""
    import xlwings
    from oletools.olevba import VBA_Parser

    template = Path(xlwings.__file__).parent / TEMPLATE
    parser = VBA_Parser(str(template))
    try:
        found = {name: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()
    wanted = {"xlwings.bas": "xlwings", "Dictionary.cls": "Dictionary"}
    missing = [name for name in wanted if name not in found]
    if missing:
        raise SystemExit(f"build: {template} has no {', '.join(missing)}; is xlwings {xlwings.__version__} installed whole?")
    code = found["xlwings.bas"]
    if code.count(TEMPLATE_PROJECT_LINE) != 1:
        raise SystemExit(f"build: the xlwings module of {template} no longer sets PROJECT_NAME as expected")
    code = code.replace(TEMPLATE_PROJECT_LINE, f'Public Const PROJECT_NAME As String = "{PROJECT_NAME}"')
    code = _replace_once(code, ADDIN_SHEET_LAYER, "")
    code = _replace_once(code, DEFAULTS_LAYER, ADDIN_DEFAULTS_LAYER + DEFAULTS_LAYER)
    code = _replace_once(code, SERVER_KEY, ONE_SERVER_KEY)
    return {"xlwings": code, "Dictionary": found["Dictionary.cls"]}


# xlwings' GetConfig reads the add-in's own settings sheet second, before the user's files, so the add-in's
# values would beat the user's. ascof-xl moves it last: the add-in's sheet holds defaults the workbook's
# sheet, its folder's file and the user's file all override (see ascof_xl/excel/settings.py).
ADDIN_SHEET_LAYER = """
            'Add-in Sheet Config (only for custom add-ins, unused by xlwings add-in)
            If SheetExists(ThisWorkbook, PROJECT_NAME & ".conf") = True Then
                If GetConfigFromSheet(ThisWorkbook).Exists(configKey) = True Then
                    GetConfig = GetConfigFromSheet(ThisWorkbook).Item(configKey)
                    GetConfig = ExpandEnvironmentStrings(GetConfig)
                    Exit Function
                End If
            End If
"""
DEFAULTS_LAYER = """    ' Defaults
    GetConfig = default
"""
ADDIN_DEFAULTS_LAYER = (
    "    ' Add-in Sheet Config: the add-in's defaults, after the user's own settings (ascof-xl's order)\n"
    '    #If App = "Microsoft Excel" Then\n'
    '    If source = "" Or source = "sheet" Or source = "addin" Then\n'
    + textwrap.indent(textwrap.dedent(ADDIN_SHEET_LAYER.split("\n", 2)[2]), " " * 8)
    + "    End If\n    #End If\n\n"
)
# The command that starts the functions' Python is also the key of the Python it reaches (xlwings issue
# #787): with the active workbook's name in it, each workbook got a Python of its own, and a refresh reached
# only one. With the add-in's name in its place, one Python serves every workbook of the Excel instance.
SERVER_KEY = 'PYTHONPATH = AddExcelDir & ";" & ActiveWorkbook.FullName & ";" & ThisWorkbook.FullName & ";" & GetConfig("ONEDRIVE_CONSUMER_WIN")'
ONE_SERVER_KEY = 'PYTHONPATH = AddExcelDir & ";" & ThisWorkbook.FullName & ";" & ThisWorkbook.FullName & ";" & GetConfig("ONEDRIVE_CONSUMER_WIN")'


def _replace_once(code: str, old: str, new: str) -> str:
    """`code` with `old` replaced by `new`, where `old` occurs exactly once (else xlwings' module has changed)."""
    if code.count(old) != 1:
        raise SystemExit(f"build: xlwings' VBA module no longer reads as expected near: {old.strip().splitlines()[0]}")
    return code.replace(old, new)


def settings() -> list[tuple[str, str | bool]]:
    """The settings sheet's rows (key, value) from src/settings.tsv; TRUE and FALSE become booleans."""
    rows = []
    with (SOURCES / "settings.tsv").open(encoding="utf-8", newline="") as handle:
        for key, value in csv.reader(handle, delimiter="\t"):
            rows.append((key, {"TRUE": True, "FALSE": False}.get(value, value)))
    return rows


def udf_module_name() -> str:
    """The module the settings' UDF Modules names."""
    return dict(settings())["UDF Modules"]


def udf_wrappers(module_name: str) -> str:
    """The `xlwings_udfs` VBA module for every ASCOF_ function, in xlwings' own generated form."""
    functions = declared_functions(module_name)
    lines = [
        'Attribute VB_Name = "xlwings_udfs"',
        "'Autogenerated code by ascof-xl's addin/build.py, as xlwings' Import Python UDFs writes it",
        """#Const App = "Microsoft Excel" 'Adjust when using outside of Excel""",
    ]
    for function in functions:
        name = function.__name__
        parameters = inspect.signature(function).parameters.values()
        signature = ", ".join(("Optional " if p.default is not p.empty else "") + p.name for p in parameters)
        arguments = "Array(" + ", ".join(p.name for p in parameters) + ")"
        call = f'XLPy.CallUDF("{module_name}", "{name}", {arguments}'
        lines += [
            f"Function {name}({signature})",
            '        #If App = "Microsoft Excel" Then',
            "            If TypeOf Application.Caller Is Range Then On Error GoTo failed",
            f"            {name} = {call}, ActiveWorkbook, Application.Caller)",
            "            Exit Function",
            "        #Else",
            f"            {name} = {call})",
            "            Exit Function",
            "        #End If",
            "failed:",
            f"        {name} = Err.Description",
            "End Function",
            "",
        ]
    return "\n".join(lines) + "\n"


def declared_functions(module_name: str) -> list[Any]:
    """The ASCOF_ functions of the UDF module, in the order it declares them."""
    module = importlib.import_module(module_name)
    return [getattr(module, name) for name in module.__all__]


def _vba_text(text: str) -> str:
    """A VBA string literal (quotes doubled)."""
    return '"' + text.replace('"', '""') + '"'


def function_help(module_name: str) -> str:
    """The `ASCOFFunctionHelp` module: each function's description and argument help for Excel's Function
    Wizard (Application.MacroOptions, category ASCOF), from the UDF module's declarations; the add-in's
    Workbook_Open runs it."""
    module = importlib.import_module(module_name)
    lines = [
        'Attribute VB_Name = "ASCOFFunctionHelp"',
        f"' Written by addin/build.py from {module_name}: change the help there, not here.",
        "Option Explicit",
        "",
        "Sub RegisterFunctionHelp()",
        "    ' Help is a courtesy: Excel versions that refuse it still load the functions.",
        "    On Error Resume Next",
    ]
    for function in declared_functions(module_name):
        description = inspect.getdoc(function).splitlines()[0]
        helps = [module.ARGUMENT_HELP[name] for name in inspect.signature(function).parameters]
        lines += [
            f"    Application.MacroOptions Macro:=\"'\" & ThisWorkbook.Name & \"'!{function.__name__}\", _",
            f"        Description:={_vba_text(description)}, _",
            f"        Category:={_vba_text(module.CATEGORY)}, _",
            "        ArgumentDescriptions:=Array( _",
            *[f"            {_vba_text(text)}{', _' if n < len(helps) - 1 else ')'}" for n, text in enumerate(helps)],
        ]
    lines += ["End Sub", ""]
    return "\n".join(lines)


THIS_WORKBOOK_OPEN = """
Private Sub Workbook_Open()
    RegisterFunctionHelp
End Sub
"""


def lite_main(module_name: str) -> str:
    """xlwings Lite's `main.py`: the same functions under Lite's decorators, each calling the one in
    `ascof_xl.excel.functions`, and the Refresh and Build report scripts."""
    module = importlib.import_module(module_name)
    lines = [
        '"""ascof-xl for xlwings Lite: the ASCOF worksheet functions and the Refresh benchmarks and Build report',
        "scripts, in Excel with no Python installed (Windows, Mac, Excel on the web).",
        "",
        f"Written by addin/build.py from {module_name}; paste it whole into xlwings Lite's main.py (addin/lite/README.md).",
        '"""',
        "",
        "# Excel names are upper case by convention.",
        "# ruff: noqa: N802",
        "",
        "import xlwings as xw",
        "from xlwings import arg, func, script",
        "",
        "from ascof_xl.excel import functions as f",
        "from ascof_xl.excel.lite import build_report_script, refresh_script",
        "",
    ]
    for function in declared_functions(module_name):
        parameters = inspect.signature(function).parameters.values()
        signature = ", ".join(p.name + ("=None" if p.default is not p.empty else "") for p in parameters)
        lines += ["", "@func"]
        for p in parameters:
            options = ", ndim=2" if p.name in module.RANGES else ""
            lines.append(f"@arg({p.name!r}, doc={module.ARGUMENT_HELP[p.name]!r}{options})")
        lines += [
            f"def {function.__name__}({signature}):",
            f'    """{inspect.getdoc(function)}"""',
            f"    return f.{function.__name__.lower()}({', '.join(p.name for p in parameters)})",
            "",
        ]
    lines += [
        "",
        "@script",
        "def refresh_benchmarks(book: xw.Book):",
        '    """Refresh benchmarks: the published data on the sheet named in the ascof_xl.conf sheet (ASCOF Data Sheet)."""',
        "    refresh_script(book)",
        "",
        "",
        "@script",
        "def build_report(book: xw.Book):",
        '    """Build report: the briefing for the council in the ascof_xl.conf sheet, as new sheets of this workbook."""',
        "    build_report_script(book)",
        "",
    ]
    return "\n".join(lines)


def vba_project(folder: Path) -> bytes:
    """vbaProject.bin: ThisWorkbook, the settings sheet, xlwings, Dictionary, RibbonASCOF and xlwings_udfs."""
    import ms_ovba
    from ms_ovba.Models.Entities.doc_module import DocModule
    from ms_ovba.Models.Entities.reference import Reference
    from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
    from ms_ovba.Models.Entities.std_module import StdModule
    from ms_ovba.Models.Fields.libid_reference import LibidReference
    from ms_ovba.vbaProject import VbaProject
    from ms_ovba.Views.project_ole_file import ProjectOleFile

    class ClassModule(StdModule):
        """A class module: stored as a procedural module is, but typed 0x0022 in the dir stream (MS-OVBA 2.3.4.2.3.2.8)."""

        def __init__(self, name: str) -> None:
            super().__init__(name)
            self.type = "Class"

        def pack(self, endien: str, cp_name: str) -> bytes:
            packed = super().pack(endien, cp_name)
            kind, terminator = packed[-12:-6], packed[-6:]  # MODULETYPE record, then MODULE terminator
            return packed[:-12] + (0x0022).to_bytes(2, "little") + kind[2:] + terminator

    from ms_ovba_compression.ms_ovba import MsOvba

    from vba_compression import compress

    MsOvba.compress = lambda self, data: compress(bytes(data))  # see vba_compression.py for why
    blank = Path(ms_ovba.__file__).parent / "blank_files"
    project = VbaProject()
    project.project_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "ascof-xl add-in")).upper() + "}"
    for name, source, guid, code in (("ThisWorkbook", "ThisWorkbook.cls", "0002081900000000C000000000000046",
                                      THIS_WORKBOOK_OPEN), ("Sheet1", "Sheet1.cls", "0002082000000000C000000000000046", "")):
        module = DocModule(name)
        module.add_file(str(_copy(blank / source, folder / source)))
        module.add_guid(uuid.UUID(guid))
        module.normalize_file()  # writes the module's attributes to "<file>.new"; its code follows them
        with open(f"{folder / source}.new", "a", encoding="cp1252", newline="\r\n") as handle:
            handle.write(code)
        project.add_module(module)
    xlwings = xlwings_modules()
    sources = {
        "xlwings": (StdModule, xlwings["xlwings"]),
        "Dictionary": (ClassModule, xlwings["Dictionary"]),
        "RibbonASCOF": (StdModule, (SOURCES / "RibbonASCOF.bas").read_text(encoding="utf-8")),
        "xlwings_udfs": (StdModule, udf_wrappers(udf_module_name())),
        "ASCOFFunctionHelp": (StdModule, function_help(udf_module_name())),
    }
    for name, (kind, code) in sources.items():
        path = folder / f"{name}.vba"
        path.write_text(code.replace("\r\n", "\n"), encoding="cp1252")
        module = kind(name)
        module.add_file(str(path))
        module.normalize_file()
        project.add_module(module)
    references = (
        ("stdole", "0002043000000000C000000000000046", r"C:\Windows\System32\stdole2.tlb", "OLE Automation"),
        ("Office", "2DF8D04C5BFA101BBDE500AA0044DE52",
         r"C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL", "Microsoft Office 16.0 Object Library"),
    )
    for name, guid, path, description in references:
        project.add_reference(Reference(ReferenceRegistered(LibidReference(uuid.UUID(guid), "2.0", "0", path, description)), name))
    random.seed(PROJECT_NAME)  # the PROJECT stream's CMG, DPB and GC are obscured with a random seed (MS-OVBA 2.4.3)
    with contextlib.chdir(folder):  # ms-ovba writes its streams into the working folder
        ProjectOleFile.write_file(project)
        return Path("vbaProject.bin").read_bytes()


def _copy(source: Path, target: Path) -> Path:
    target.write_bytes(source.read_bytes())
    return target


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.addin.macroEnabled.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>"""

PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
<Relationship Id="rId4" Type="http://schemas.microsoft.com/office/2006/relationships/ui/extensibility" Target="customUI/customUI.xml"/>
</Relationships>"""

WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>
</Relationships>"""

WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<workbookPr codeName="ThisWorkbook"/>
<bookViews><workbookView visibility="hidden"/></bookViews>
<sheets><sheet name="{SETTINGS_SHEET}" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""

STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>
</styleSheet>"""

CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>ASCOF add-in (ascof-xl)</dc:title>
<dc:description>ASCOF worksheet functions and the ASCOF ribbon tab, through xlwings.</dc:description>
</cp:coreProperties>"""

APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application></Properties>"""


def settings_sheet() -> str:
    """The settings sheet: keys in column A from A1 down (no header: xlwings reads A1 to the first blank)."""
    rows = []
    for number, (key, value) in enumerate(settings(), start=1):
        cells = [f'<c r="A{number}" t="inlineStr"><is><t>{escape(key)}</t></is></c>']
        if isinstance(value, bool):
            cells.append(f'<c r="B{number}" t="b"><v>{int(value)}</v></c>')
        elif value:
            cells.append(f'<c r="B{number}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        rows.append(f'<row r="{number}">{"".join(cells)}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetPr codeName="Sheet1"/><cols><col min="1" max="1" width="24" customWidth="1"/>'
        '<col min="2" max="2" width="60" customWidth="1"/></cols>'
        f'<sheetData>{"".join(rows)}</sheetData></worksheet>'
    )


def build(output: Path = OUTPUT) -> Path:
    """Write the add-in to `output` (through a temp file in the same folder) and return its path."""
    with tempfile.TemporaryDirectory() as folder:
        project = vba_project(Path(folder))
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "docProps/core.xml": CORE,
        "docProps/app.xml": APP,
        "customUI/customUI.xml": (SOURCES / "customUI.xml").read_text(encoding="utf-8"),
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/styles.xml": STYLES,
        "xl/worksheets/sheet1.xml": settings_sheet(),
        "xl/vbaProject.bin": project,
    }
    output = Path(output)
    temporary = output.with_name(output.name + ".tmp")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            entry = zipfile.ZipInfo(name, FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(entry, content.encode("utf-8") if isinstance(content, str) else content)
    temporary.replace(output)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the ASCOF add-in (.xlam) from addin/src.")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"where to write it (default: {OUTPUT})")
    args = parser.parse_args(argv)
    print(f"wrote {build(args.output)}")
    LITE_MAIN.write_text(lite_main(udf_module_name()), encoding="utf-8")
    print(f"wrote {LITE_MAIN}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
