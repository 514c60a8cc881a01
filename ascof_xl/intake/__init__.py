"""One way in: every file ascof-xl reads from another organisation comes through here.

- `limits`: the caps (file size, rows, columns, unpacked size, compression ratio), each raisable by an
  environment variable;
- `files`: a given path checked (there, a file, within the cap) before any byte is parsed;
- `text`: text tables decoded with a named encoding, the separator found, cut-off rows refused;
- `package`: a workbook's zip package or OLE container checked before any parser opens it;
- `tables`: the one tabular reader (`read_sheets`), text or workbook, for every table input;
- `workbooks`: the one openpyxl opener (validate, macros);
- `numbers`: counts and values read from text, refusing what is ambiguous or absurd.
"""
