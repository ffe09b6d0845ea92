"""Import fixtures: the export samples, and the TVmaze look-alike of the sync tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sync.conftest import fake_time, service, settings, tvmaze

__all__ = ["fake_time", "service", "settings", "tvmaze"]

IMPORTS = Path(__file__).parent.parent / "fixtures" / "imports"


@pytest.fixture
def exports() -> Path:
    return IMPORTS
