"""Run every benchmark script in bench/ and print one line per figure: name, value, unit, target.

Usage: python bench/run.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    """Run each bench_*.py in its own process, so one script's caches never help another."""
    status = 0
    for script in sorted(Path(__file__).parent.glob("bench_*.py")):
        result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
        print(result.stdout, end="")
        if result.returncode != 0:
            print(f"{script.name} failed:\n{result.stderr}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
