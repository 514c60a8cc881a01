"""build_report: the one call behind `ascof-xl report` and the Excel add-in's macro."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from ascof_xl.benchmark.positions import Positions
from ascof_xl.councils import find_council
from ascof_xl.errors import AscofError
from ascof_xl.outputs.paths import check_outputs
from ascof_xl.published.bundled import ATTRIBUTION, BUNDLE, load_store
from ascof_xl.published.store import Store
from ascof_xl.report.briefing import build_briefing
from ascof_xl.report.pdf import write_pdf
from ascof_xl.report.workbook import briefing_workbook, save_atomically
from ascof_xl.years import parse_year


def build_report(
    council: str,
    output: str | Path,
    year: str | None = None,
    data: str | Path | Sequence[str | Path] = (),
    neighbours: str | Path | None = None,
    pdf: bool = False,
    method: str = "inc",
) -> dict[str, Any]:
    """Write the council's benchmark briefing workbook (and its PDF with `pdf`).

    Returns the paths written ("workbook", "pdf"), the loader's notes and the briefing itself.
    The year defaults to the latest full year loaded; without `data`, the bundled data is used.
    """
    if isinstance(data, (str, Path)):  # one file, or a blank cell, as a macro may pass it
        data = [data] if str(data).strip() else []
    data = list(data)
    workbook = output_path(output, [*data, *([neighbours] if neighbours else [])], pdf)
    wanted = parse_year(year) if year else None
    store = load_store([str(f) for f in data], wanted)
    year = wanted or store.latest_year()
    briefing = build_briefing(Positions(store, method), find_council(council, year), year, neighbours)
    sources = data_sources(data, store, briefing["all_councils"]["provisional"])
    save_atomically(briefing_workbook(briefing, sources, ATTRIBUTION), workbook)
    written = write_pdf(workbook, workbook.with_suffix(".pdf")) if pdf else None
    return {
        "workbook": str(workbook),
        "pdf": str(written) if written else None,
        "notes": list(store.notes),
        "briefing": briefing,
    }


def output_path(output: str | Path, inputs: Sequence[str | Path], pdf: bool) -> Path:
    """The workbook to write: an .xlsx in a folder that exists, never one of the inputs (nor its PDF)."""
    path = Path(output).expanduser()
    if path.suffix.lower() != ".xlsx":
        raise AscofError(f"the report is an Excel workbook: give -o a name ending in .xlsx (got {output}).")
    if not path.parent.is_dir():
        raise AscofError(f"the folder {path.parent} does not exist; create it or choose another -o.")
    check_outputs(inputs, [path, *([path.with_suffix(".pdf")] if pdf else [])])
    return path


def data_sources(data: Sequence[str | Path], store: Store, provisional: bool) -> list[str]:
    """What the briefing was built from, in words, for the Notes sheet; `provisional` when that is a regional
    collection of councils' own returns rather than published data."""
    years = ", ".join(store.years)
    if data:
        what = "Councils' own returns, collected (provisional, not published)," if provisional else "Published data"
        return [f"{what} from the files given: {', '.join(Path(f).name for f in data)} (years {years})."]
    return [f"Published data bundled with ascof-xl: {', '.join(BUNDLE)} (years {years})."]
