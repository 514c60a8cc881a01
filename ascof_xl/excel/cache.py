"""The published data the worksheet functions read: loaded once per process, reloaded by the refresh macro.

Until a refresh, the functions use the bundled data. A refresh loads the user's published files; their
years replace the bundled ones and every other bundled year stays, so previous-year figures still work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Hashable, NamedTuple, Sequence, TypeVar

from ascof_xl.errors import AscofError

from ascof_xl.benchmark.positions import Positions
from ascof_xl.published.bundled import bundled_store, load_store
from ascof_xl.published.store import Store

_state: dict[str, object] = {}
T = TypeVar("T")


def positions() -> Positions:
    """Bands, ranks and cut points over the loaded data, with their distributions cached."""
    found = _state.get("positions")
    if found is None:
        found = _state["positions"] = Positions(bundled_store())
    return found  # type: ignore[return-value]


def store() -> Store:
    """The published values the functions read."""
    return positions().store


def sources() -> tuple[str, ...]:
    """The files loaded by the last refresh; empty while the bundled data is in use."""
    return _state.get("sources", ())  # type: ignore[return-value]


def source_years() -> tuple[str, ...]:
    """The years the files of the last refresh hold, oldest first; empty while the bundled data is in use."""
    return _state.get("source_years", ())  # type: ignore[return-value]


def reload(files: Sequence[str | Path] = ()) -> Store:
    """Load the given published files over the bundled data (or the bundled data alone) and clear every cache."""
    files = [str(f) for f in files]
    bundled = bundled_store()
    if files:
        given = load_store(files)
        kept = bundled.table[~bundled.table["year"].isin(given.years)]
        loaded = Store([kept, given.table])
        loaded.notes.extend(given.notes)
    else:
        loaded = bundled
    _state.clear()
    _state["positions"] = Positions(loaded)
    _state["sources"] = tuple(files)
    _state["source_years"] = given.years if files else ()
    return loaded


def default_year() -> str:
    """The year a function uses when none is given: the latest full publication loaded (found once per load)."""
    found = _state.get("default_year")
    if found is None:
        found = _state["default_year"] = store().latest_year()
    return found  # type: ignore[return-value]


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """A result worked out once per load (a council look-up, a group, a profile) and kept until the next reload;
    a refusal (an AscofError: unknown council, measure not published that year) is kept and given again."""
    memo: dict = _state.setdefault("memo", {})  # type: ignore[assignment]
    if key not in memo:
        try:
            memo[key] = compute()
        except AscofError as error:
            memo[key] = _Refused(str(error))
    found = memo[key]
    if isinstance(found, _Refused):
        raise AscofError(found.message)  # a new one each time: a kept exception would gather tracebacks
    return found


class _Refused(NamedTuple):
    message: str
