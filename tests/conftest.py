"""Shared fixtures: the bundled store, the ../shared folder (tests using it skip without it, fail under CI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SHARED_DATA = SHARED / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared real-data folder beside the clone; skips the test where it is absent, fails under CI."""
    if not SHARED_DATA.is_dir():
        if os.environ.get("CI"):
            pytest.fail("../shared/data must be beside the clone under CI")
        pytest.skip("../shared/data is not beside this clone")
    return SHARED_DATA


@pytest.fixture(scope="session")
def shared_reference() -> Path:
    """The shared reference folder (method notes); skips where absent, fails under CI."""
    folder = SHARED / "reference"
    if not folder.is_dir():
        if os.environ.get("CI"):
            pytest.fail("../shared/reference must be beside the clone under CI")
        pytest.skip("../shared/reference is not beside this clone")
    return folder


@pytest.fixture(scope="session")
def store():
    """The bundled published data (every year 2015-16 to 2024-25)."""
    from ascof_xl.published.bundled import bundled_store

    return bundled_store()
