"""Fixtures for the packaging tests."""

from __future__ import annotations

from types import ModuleType

import pytest

from tests.packaging.support import load_script


@pytest.fixture(scope="session")
def make_icons() -> ModuleType:
    return load_script("make_icons")
