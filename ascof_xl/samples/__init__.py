"""What each input file must hold, and the small synthetic sample of it shipped in this folder.

samples.toml is the one declaration: the README, each command's --help epilog and `ascof-xl sample`
read it, so the columns a file needs are written once.
"""

from __future__ import annotations

import shutil
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ascof_xl.errors import AscofError
from ascof_xl.outputs.atomic import atomic_path


@dataclass(frozen=True)
class InputKind:
    """One kind of input file: its name, what it is, the command that reads it and the columns it needs."""

    name: str
    file: str
    what: str
    command: str
    columns: tuple[str, ...]

    def described(self) -> str:
        """The kind as a few lines of help: name, what it is, the command, then each column."""
        return "\n".join([f"{self.name}: {self.what}", f"  read by: ascof-xl {self.command}",
                          *(f"  - {column}" for column in self.columns)])


@cache
def input_kinds() -> dict[str, InputKind]:
    """Every declared input kind by name, in the declaration's order."""
    text = (resources.files("ascof_xl.samples") / "samples.toml").read_text(encoding="utf-8")
    return {entry["name"]: InputKind(entry["name"], entry["file"], entry["what"], entry["command"],
                                     tuple(entry["columns"])) for entry in tomllib.loads(text)["inputs"]}


def columns_epilog(*names: str) -> str:
    """The --help epilog of a command: what each of its input files must hold, and how to get a sample."""
    return "\n\n".join(["What the files must hold:", *(input_kinds()[name].described() for name in names),
                        f"Samples to try: ascof-xl sample {names[0]} -o FILE (ascof-xl sample lists them all)."])


def write_sample(name: str, path: str | Path) -> Path:
    """Copy the sample file of input kind `name` to `path`, atomically."""
    kinds = input_kinds()
    if name not in kinds:
        raise AscofError(f"no sample called '{name}'; samples: {', '.join(kinds)}.")
    target = Path(path)
    with resources.as_file(resources.files("ascof_xl.samples") / kinds[name].file) as source, \
            atomic_path(target) as temporary:
        shutil.copyfile(source, temporary)
    return target
