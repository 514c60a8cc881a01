"""Hostile input: every damaged or hostile file at every door it reaches, answered or refused, in its own process.

Targets (issue 17): any input, however built, is answered, read or refused in under 10 s and under 500 MB
of peak memory (goal 2 s and 300 MB); the safe opener adds under 10% to reading a real published year.
Each door runs in a fresh process (`--one DOOR FILE`), which reports its own time and peak memory
(resource.getrusage maxrss), so no file's run is helped or burdened by another's.
"""

from __future__ import annotations

import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import hostile  # noqa: E402
from figures import best_seconds, report  # noqa: E402

XLSX = Path(__file__).resolve().parents[2] / "shared/data/ascof/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx"
STRATA = "LaCode,stratum1Pop,stratum2Pop,stratum3Pop,stratum4Pop\n206,10,20,30,4000\n"


def doors(path: Path, folder: Path) -> dict[str, list[str]]:
    """The command line of each door reading `path`."""
    strata = folder / "strata.csv"
    return {
        "validate": ["validate", str(path)],
        "macro": ["macro", "validate-workbook", str(path), "-o", str(folder / "out.xlsx")],
        "survey": ["survey", "ascs", str(path), "--strata", str(strata)],
        "recompute": ["recompute", str(path)],
        "neighbours": ["profile", "--council", "Rotherham", "--year", "2018-19", "--group", f"neighbours:{path}"],
    }


def build(folder: Path) -> dict[str, Path]:
    """Every hostile file, full size."""
    from ascof_xl.templates.generate import build_workbook
    from ascof_xl.templates.layout import layout_of
    from ascof_xl.templates.output import save_atomically
    from ascof_xl.templates.samples import fill, salt_sample

    (folder / "strata.csv").write_text(STRATA)
    layout = layout_of("salt-2018-19", "2018-19")
    filled = save_atomically(fill(build_workbook("salt-2018-19", published=[]), salt_sample(layout)), folder / "salt.xlsx")
    bomb = folder / "blank-lines.csv.gz"
    with gzip.open(bomb, "wb", compresslevel=1) as out:
        out.write(b"LaCode,Response\n")
        for _ in range(1024):
            out.write(b"\n" * (1 << 20))
    return {
        "zip bomb (3.2 GB sheet in 10 MB)": hostile.zip_bomb(folder / "bomb.xlsx"),
        "zip bomb stating 100 KB for its 600 MB sheet": hostile.lying_bomb(folder / "liar.xlsx"),
        "OpenDocument sheet repeating a row a million times": hostile.ods(
            folder / "repeats.ods", hostile.ods_row("LaCode", "Response") + hostile.ods_row(206, 1, repeat=1_000_000)),
        "billion laughs": hostile.billion_laughs(folder / "laughs.xlsx"),
        "external entity": hostile.external_entity(folder / "xxe.xlsx"),
        "password-protected workbook": hostile.encrypted(folder / "locked.xlsx"),
        "stray value at G1048576 in a return": hostile.far_cell(filled, folder / "far.xlsx"),
        "2 GiB CSV": hostile.sparse_csv(folder / "huge.csv"),
        "gzip bomb (1 GB of blank lines)": bomb,
    }


def one(door: str, path: str) -> None:
    """Child: run one door on one file; print its seconds and peak memory (MB) as JSON."""
    import contextlib
    import io

    from ascof_xl.cli import main as cli

    folder = Path(path).parent
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        status = cli(doors(Path(path), folder)[door])
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"status": status, "seconds": seconds, "mb": peak, "said": err.getvalue()[:200]}))


def overhead() -> None:
    """The safe opener's share of reading the 2020-21 official workbook (49,000 rows)."""
    from ascof_xl.intake.package import check_workbook
    from ascof_xl.published.reader import read_published

    if not XLSX.exists():
        print("bench_hostile: ../shared/data is absent; no opener overhead figure", file=sys.stderr)
        return
    whole = best_seconds(lambda: read_published(XLSX), 5, clock=time.process_time)
    check = best_seconds(lambda: check_workbook(XLSX), 5, clock=time.process_time)
    report("safe opener's share of reading the official XLSX (2020-21), processor time", 100 * check / (whole - check),
           "%", "< 10%")


def main() -> None:
    """Print the slowest door and the largest peak memory for each hostile file, then the opener overhead."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for label, path in build(folder).items():
            runs = []
            for door in doors(path, folder):
                result = subprocess.run([sys.executable, __file__, "--one", door, str(path)], capture_output=True,
                                        text=True, timeout=120)
                found = json.loads(result.stdout.strip().splitlines()[-1])
                if found["status"] not in (0, 1, 2) or "Traceback" in found["said"]:
                    print(f"{label} at {door}: {found}", file=sys.stderr)
                runs.append(found)
            report(f"hostile: {label}, slowest door", max(r["seconds"] for r in runs), "s", "< 10 s, goal 2 s")
            report(f"hostile: {label}, peak memory", max(r["mb"] for r in runs), "MB", "< 500 MB, goal 300 MB")
    overhead()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        one(sys.argv[2], sys.argv[3])
    else:
        main()
