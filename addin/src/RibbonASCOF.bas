Attribute VB_Name = "RibbonASCOF"
' The ASCOF ribbon tab: each button runs one ascof-xl macro through xlwings' RunPython.
' Settings (ASCOF Data File, ASCOF Data Sheet, ASCOF Year, ASCOF Council, ASCOF Neighbours File) are read in
' this order, first found wins: an ascof_xl.conf sheet in the active workbook, an ascof_xl.conf file in its
' folder, the user's file (%USERPROFILE%\.ascof_xl\ascof_xl.conf), then the add-in's own sheet (defaults).
' One Python serves every workbook of this Excel (the add-in's name, not the workbook's, keys it), so a
' refresh reaches the functions of every open workbook.
Option Explicit

Sub RefreshBenchmarks(control As IRibbonControl)
    Dim dataFile As Variant, dataSheet As String
    If NoWorkbook() Then Exit Sub
    dataSheet = CStr(GetConfig("ASCOF DATA SHEET", ""))
    dataFile = CStr(GetConfig("ASCOF DATA FILE", ""))
    If dataFile = "" And dataSheet = "" Then
        dataFile = Application.GetOpenFilename("Published ASCOF data (*.csv;*.xlsx;*.ods),*.csv;*.xlsx;*.ods", , _
                                               "Choose a published ASCOF file")
        If VarType(dataFile) = vbBoolean Then Exit Sub
    End If
    RunPython "import ascof_xl.excel.macros.refresh_benchmarks as m; m.main(" & PyText(CStr(dataFile)) & ", " & _
              PyText(CStr(GetConfig("ASCOF YEAR", ""))) & ", " & PyText(dataSheet) & ")"
    Application.CalculateFull ' every open workbook: their functions read the data just loaded
End Sub

Sub ValidateReturn(control As IRibbonControl)
    If NoWorkbook() Then Exit Sub
    RunPython "import ascof_xl.excel.macros.validate_active_workbook as m; m.main()"
End Sub

Sub BuildReport(control As IRibbonControl)
    If NoWorkbook() Then Exit Sub
    RunPython "import ascof_xl.excel.macros.build_report as m; m.main(" & PyText(CStr(GetConfig("ASCOF COUNCIL", ""))) & _
              ", " & PyText(CStr(GetConfig("ASCOF YEAR", ""))) & ", " & PyText(CStr(GetConfig("ASCOF DATA FILE", ""))) & _
              ", " & PyText(CStr(GetConfig("ASCOF NEIGHBOURS FILE", ""))) & ", " & PyText(CStr(GetConfig("ASCOF DATA SHEET", ""))) & ")"
End Sub

Sub CollectReturns(control As IRibbonControl)
    Dim files As Variant, i As Long, listed As String
    If NoWorkbook() Then Exit Sub
    files = Application.GetOpenFilename("Own-figures returns (*.xlsx),*.xlsx", , "Choose the councils' returns", , True)
    If Not IsArray(files) Then Exit Sub
    For i = LBound(files) To UBound(files)
        listed = listed & PyText(CStr(files(i))) & ", "
    Next i
    RunPython "import ascof_xl.excel.macros.collect_returns as m; m.main([" & listed & "])"
End Sub


Sub RestartPython(control As IRibbonControl)
    ' Ends ASCOF's Python (not xlwings' own add-in's); the next ASCOF function starts a fresh one.
    If NoWorkbook() Then Exit Sub
    On Error GoTo failed
    KillPy
    Application.StatusBar = "ASCOF: Python restarted; the functions read the bundled data until the next Refresh benchmarks"
    Application.CalculateFull
    Exit Sub
failed:
    MsgBox "ASCOF: Python could not be restarted (" & Err.Description & "). Close Excel, end any pythonw.exe " & _
           "left in Task Manager, and open Excel again.", vbExclamation, "ASCOF"
End Sub

Private Function NoWorkbook() As Boolean
    ' A button with no workbook open would stop with VBA error 91; say what to do instead.
    NoWorkbook = ActiveWorkbook Is Nothing
    If NoWorkbook Then
        MsgBox "ASCOF: open or create a workbook first (a workbook in Protected View counts as none: " & _
               "press Enable Editing). The ASCOF buttons work on the workbook in front of you.", vbInformation, "ASCOF"
    End If
End Function

Private Function PyText(value As String) As String
    ' A Python string literal: backslashes and quotes escaped (Windows paths, names with apostrophes).
    PyText = "'" & Replace(Replace(value, "\", "\\"), "'", "\'") & "'"
End Function
