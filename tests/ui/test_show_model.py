"""The show model's estimates: sort keys for every row, whole estimates for the shows shown
lately, and the same answers either way."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import TODAY
from watchlist.core.estimate import Estimate, EstimateKind
from watchlist.store.estimates import estimate_show
from watchlist.store.exchange import import_file
from watchlist.store.library import Library
from watchlist.store.views import ShowSummary
from watchlist.ui import show_model
from watchlist.ui.show_model import (
    Column,
    ShowFilterProxy,
    ShowRow,
    ShowRows,
    ShowTableModel,
    next_release_text,
)


@pytest.fixture
def summaries(library: Library, sample_library_file: Path) -> list[ShowSummary]:
    import_file(library, sample_library_file)
    return library.list_shows()


@pytest.fixture
def model(
    qtbot: QtBot, summaries: list[ShowSummary], monkeypatch: pytest.MonkeyPatch
) -> ShowTableModel:
    monkeypatch.setattr(show_model, "RECENT_ESTIMATES", 3)  # forgets almost at once
    built = ShowTableModel()
    built.set_rows(ShowRows.of(summaries), today=lambda: TODAY)
    return built


def shown_estimate(model: ShowTableModel, row: int) -> tuple[str, str]:
    index = model.index(row, Column.NEXT_RELEASE)
    return index.data(), index.data(Qt.ItemDataRole.ToolTipRole)


def test_a_forgotten_estimate_is_made_again_the_same(
    model: ShowTableModel, summaries: list[ShowSummary]
) -> None:
    first = [shown_estimate(model, row) for row in range(model.rowCount())]
    again = [shown_estimate(model, row) for row in range(model.rowCount())]
    assert first == again
    expected = [estimate_show(summary, TODAY) for summary in summaries]
    assert first == [(next_release_text(e), e.reason) for e in expected]
    assert model.estimates_complete


def test_sorting_by_next_season_uses_every_rows_estimate(
    qtbot: QtBot, model: ShowTableModel, summaries: list[ShowSummary]
) -> None:
    proxy = ShowFilterProxy()
    proxy.setSourceModel(model)
    with qtbot.waitSignal(model.estimatesCompleted, timeout=10_000):
        proxy.sort(Column.NEXT_RELEASE)  # estimates every row at once
    listed = [proxy.index(row, Column.TITLE).data() for row in range(proxy.rowCount())]

    def likely(summary: ShowSummary) -> int:
        estimate = estimate_show(summary, TODAY)
        return estimate.likely.toordinal() if estimate.likely else date.max.toordinal() + 1

    assert listed == [summary.title for summary in sorted(summaries, key=likely)]


def test_a_refreshed_row_shows_its_new_estimate_and_keeps_keys_in_step(
    model: ShowTableModel, summaries: list[ShowSummary]
) -> None:
    model.estimate_all()
    first = summaries[0]
    made_up = Estimate(
        EstimateKind.CONFIRMED, date(2031, 1, 1), date(2031, 1, 1), date(2031, 1, 1), 1.0,
        "1 January 2031", "Announced by the network.", 9,
    )  # fmt: skip
    model.upsert(ShowRow.of(replace(first, title="Renamed"), made_up))
    row = model.row_of(first.id)
    assert row is not None
    assert shown_estimate(model, row) == ("1 January 2031", "Announced by the network.")
    assert model.sort_keys(Column.NEXT_RELEASE)[row] == date(2031, 1, 1).toordinal()
    model.upsert(ShowRow.of(first))  # no estimate given: made again when needed
    assert shown_estimate(model, row)[1] == estimate_show(first, TODAY).reason

    model.remove(summaries[1].id)
    keys = model.sort_keys(Column.NEXT_RELEASE)
    assert len(keys) == model.rowCount() == len(summaries) - 1
    for position in range(model.rowCount()):
        estimate = estimate_show(summaries[position + (position >= 1)], TODAY)
        if estimate.likely:
            assert keys[position] == estimate.likely.toordinal()


def test_estimates_remade_after_midnight_agree_with_the_keys_made_before(
    summaries: list[ShowSummary], monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    """Estimates are for the day the rows were set, until the next reload."""
    monkeypatch.setattr(show_model, "RECENT_ESTIMATES", 1)
    day = [TODAY]
    model = ShowTableModel()
    model.set_rows(ShowRows.of(summaries), today=lambda: day[0])
    model.estimate_all()
    day[0] = date(2027, 1, 1)  # the window stayed open past midnight, and then some
    assert [shown_estimate(model, row)[1] for row in range(model.rowCount())] == [
        estimate_show(summary, TODAY).reason for summary in summaries
    ]
    model.set_rows(ShowRows.of(summaries))  # a reload: the new day from now on
    assert shown_estimate(model, 0)[1] == estimate_show(summaries[0], day[0]).reason
