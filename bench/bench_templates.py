"""Return templates: generate every template, and validate filled returns (issue 19's targets).

The published figures the own-figures and benchmark templates carry come from the bundled store,
which is loaded once per process (its load is its own figure in bench_benchmarking.py); the
generation figure is with the store loaded. Validation compares worked-out cells with the formulas
the template generates, built once per process per template (the first validation's extra cost,
reported on its own).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from figures import best_seconds, report  # noqa: E402

from ascof_xl.published.bundled import bundled_store  # noqa: E402
from ascof_xl.templates.generate import build_workbook  # noqa: E402
from ascof_xl.templates.layout import layout_of  # noqa: E402
from ascof_xl.templates.output import save_atomically  # noqa: E402
from ascof_xl.templates.integrity import template_formulas  # noqa: E402
from ascof_xl.templates.published_figures import published_rows  # noqa: E402
from ascof_xl.templates.samples import fill, own_figures_sample, salt_sample  # noqa: E402
from ascof_xl.templates.validate import validate_workbook  # noqa: E402

CPU = time.process_time  # the machine is shared: what the work costs, whatever else runs
EVERY = (("salt-2018-19", "2018-19"), ("own-figures", "2024-25"), ("ascs-return", "2024-25"),
         ("sace-return", "2023-24"), ("option-two", "2019-20"), ("benchmark", "2024-25"))


def generate_every(folder: Path) -> None:
    """Build and save one workbook of every template."""
    for name, year in EVERY:
        save_atomically(build_workbook(name, year), folder / f"{name}.xlsx")


def main() -> None:
    """Print each figure."""
    bundled_store()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        generate_every(folder)  # warm: imports, catalogue, declarations
        report("generate every template (6 workbooks, saved)", best_seconds(lambda: generate_every(folder), 3, CPU), "s", "< 1 s")
        layout = layout_of("salt-2018-19", "2018-19")
        filled = save_atomically(fill(build_workbook("salt-2018-19", "2018-19"), salt_sample(layout)), folder / "filled.xlsx")
        report("expected formulas of the SALT template, once per process", best_seconds(
            lambda: (template_formulas.cache_clear(), template_formulas("salt-2018-19", "2018-19")), 3, CPU), "s", "(part of the first validation)")
        assert not [f for f in validate_workbook(filled) if f.severity == "error"]
        report("validate a filled SALT return", best_seconds(lambda: validate_workbook(filled), 5, CPU), "s", "< 0.3 s (goal 0.1 s)")
        own = layout_of("own-figures", "2024-25")
        published = published_rows(own.declaration)
        book = fill(build_workbook("own-figures", "2024-25", published), own_figures_sample(own, published))
        mine = save_atomically(book, folder / "own.xlsx")
        assert not [f for f in validate_workbook(mine) if f.severity == "error"]
        report("validate a filled own-figures return", best_seconds(lambda: validate_workbook(mine), 5, CPU), "s", "< 0.3 s (goal 0.1 s)")

if __name__ == "__main__":
    main()
