Attribute VB_Name = "RibbonASCOF"
' The ASCOF ribbon tab: each button runs one ascof-xl macro through xlwings' RunPython.
' Settings (ASCOF Data File, ASCOF Year, ASCOF Council, ASCOF Neighbours File) are read as xlwings reads its own:
' an ascof_xl.conf sheet in the active workbook, then the add-in's, then %USERPROFILE%\.ascof_xl\ascof_xl.conf.
Option Explicit

Sub RefreshBenchmarks(control As IRibbonControl)
    Dim dataFile As Variant
    dataFile = CStr(GetConfig("ASCOF DATA FILE", ""))
    If dataFile = "" Then
        dataFile = Application.GetOpenFilename("Published ASCOF data (*.csv;*.xlsx;*.ods),*.csv;*.xlsx;*.ods", , _
                                               "Choose a published ASCOF file")
        If VarType(dataFile) = vbBoolean Then Exit Sub
    End If
    RunPython "import ascof_xl.excel.macros.refresh_benchmarks as m; m.main(" & PyText(CStr(dataFile)) & ", " & _
              PyText(CStr(GetConfig("ASCOF YEAR", ""))) & ")"
    Application.CalculateFull
End Sub

Sub ValidateReturn(control As IRibbonControl)
    RunPython "import ascof_xl.excel.macros.validate_active_workbook as m; m.main()"
End Sub

Sub BuildReport(control As IRibbonControl)
    RunPython "import ascof_xl.excel.macros.build_report as m; m.main(" & PyText(CStr(GetConfig("ASCOF COUNCIL", ""))) & _
              ", " & PyText(CStr(GetConfig("ASCOF YEAR", ""))) & ", " & PyText(CStr(GetConfig("ASCOF DATA FILE", ""))) & _
              ", " & PyText(CStr(GetConfig("ASCOF NEIGHBOURS FILE", ""))) & ")"
End Sub

Sub CollectReturns(control As IRibbonControl)
    Dim files As Variant, i As Long, listed As String
    files = Application.GetOpenFilename("Own-figures returns (*.xlsx),*.xlsx", , "Choose the councils' returns", , True)
    If Not IsArray(files) Then Exit Sub
    For i = LBound(files) To UBound(files)
        listed = listed & PyText(CStr(files(i))) & ", "
    Next i
    RunPython "import ascof_xl.excel.macros.collect_returns as m; m.main([" & listed & "])"
End Sub

Private Function PyText(value As String) As String
    ' A Python string literal: backslashes and quotes escaped (Windows paths, names with apostrophes).
    PyText = "'" & Replace(Replace(value, "\", "\\"), "'", "\'") & "'"
End Function
