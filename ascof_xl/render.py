"""Turn plain rows (lists of dictionaries) into a text table, CSV or JSON for the command line."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, Sequence

from ascof_xl.outputs.fields import csv_field

FORMATS = ("table", "csv", "json")


def cell_text(value: Any) -> str:
    """How one value reads in a table or CSV cell: blanks for None, lists joined by semicolons."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}" if abs(value) >= 1e-4 or value == 0 else f"{value:.6g}"
    if isinstance(value, (list, tuple)):
        return "; ".join(cell_text(v) for v in value)
    return str(value)


def render_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], max_width: int = 70) -> str:
    """A plain aligned text table with a header row; long cells are cut with an ellipsis."""
    cells = [[_clip(cell_text(row.get(c)), max_width) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells)
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    """CSV with a header row, one line per row; text that a spreadsheet would run as a formula is made inert
    (a leading single quote, as OWASP's CSV-injection guidance says), numbers stay numbers."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # so a field holding a carriage return is quoted too
    lines = []
    for values in [columns, *([csv_field(row.get(c), cell_text(row.get(c))) for c in columns] for row in rows)]:
        out.seek(0)
        out.truncate()
        writer.writerow(values)
        lines.append(out.getvalue().removesuffix("\r\n"))
    return "\n".join(lines)


def render_json(data: Any) -> str:
    """Indented JSON, keeping non-ASCII characters as they are; findings as dictionaries."""
    return json.dumps(data, indent=2, ensure_ascii=False, default=_plain)


def _plain(value: Any) -> Any:
    """A value JSON cannot hold as it is: a finding (or any value with `as_dict`) as its dictionary, else text."""
    return value.as_dict() if hasattr(value, "as_dict") else str(value)


def render_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str) -> str:
    """Rows in the chosen format; JSON keeps every field of each row, not only the columns."""
    if fmt == "json":
        return render_json(list(rows))
    if fmt == "csv":
        return render_csv(rows, columns)
    return render_table(rows, columns)
