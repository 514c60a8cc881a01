"""Shared fixtures: the bundled store, the ../shared folder (tests using it skip without it)."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SHARED_DATA = SHARED / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared real-data folder beside the clone; skips the test where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not beside this clone")
    return SHARED_DATA


@pytest.fixture(scope="session")
def store():
    """The bundled published data (2019-20, 2020-21 and the Oflog series)."""
    from ascof_xl.published.bundled import bundled_store

    return bundled_store()
