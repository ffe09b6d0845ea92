"""The sidebar: counts that read well and are never cut off."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from watchlist.core.status import WatchStatus
from watchlist.ui.sidebar import MINIMUM_WIDTH, Sidebar, compact_count


def entry_texts(sidebar: Sidebar) -> list[str]:
    return [sidebar.entries.item(row).text() for row in range(sidebar.entries.rowCount())]


def test_large_counts_are_grouped_and_the_sidebar_widens_to_show_them(qtbot: QtBot) -> None:
    sidebar = Sidebar()
    qtbot.addWidget(sidebar)
    sidebar.set_counts(3, dict.fromkeys(WatchStatus, 1), 2)
    usual = sidebar.minimumWidth()
    assert usual >= MINIMUM_WIDTH
    assert "All shows  (3)" in entry_texts(sidebar)

    counts = dict.fromkeys(WatchStatus, 20_000) | {WatchStatus.PLAN_TO_WATCH: 33_499}
    sidebar.set_counts(100_001, counts, 1_001_000)
    texts = entry_texts(sidebar)
    assert "All shows  (100k)" in texts
    assert "Plan to watch  (33.4k)" in texts
    assert "All notes  (1M)" in texts
    tips = [sidebar.entries.item(row).toolTip() for row in range(sidebar.entries.rowCount())]
    assert "All notes: 1,001,000" in tips  # the British locale of the UI tests
    assert "Plan to watch: 33,499" in tips
    assert sidebar.minimumWidth() <= usual + 30  # compact counts: a few characters more


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, "0"), (999, "999"), (9_999, "9,999"), (10_000, "10k"), (16_302, "16.3k"),
     (99_999, "99.9k"), (100_001, "100k"), (999_999, "999k"),
     (1_000_000, "1M"), (1_001_000, "1M"), (1_250_000, "1.2M"), (123_456_789, "123M")],
)  # fmt: skip
def test_compact_counts(count: int, shown: str) -> None:
    assert (
        compact_count(count, QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        == shown
    )


def test_compact_counts_use_the_locales_decimal_point() -> None:
    assert (
        compact_count(16_302, QLocale(QLocale.Language.German, QLocale.Country.Germany)) == "16,3k"
    )


def test_a_long_label_widens_the_sidebar(qtbot: QtBot) -> None:
    sidebar = Sidebar()
    qtbot.addWidget(sidebar)
    sidebar.set_counts(3, dict.fromkeys(WatchStatus, 1), 2)
    usual = sidebar.minimumWidth()
    sidebar._labels["notes"] = "Toutes les notes de la bibliothèque"  # a long translation
    sidebar.set_counts(3, dict.fromkeys(WatchStatus, 1), 2)
    texts = entry_texts(sidebar)
    widest = max(sidebar.fontMetrics().horizontalAdvance(text) for text in texts)
    assert sidebar.minimumWidth() > max(usual, widest)
