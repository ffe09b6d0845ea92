"""The estimate's picture and the honest presentation of windows that assume a renewal."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from watchlist.core.estimate import SeasonHistory, estimate_next_season
from watchlist.core.upcoming import Certainty, UpcomingItem, UpcomingKind
from watchlist.ui import icons
from watchlist.ui.detail_pane import EstimateCard
from watchlist.ui.estimate_timeline import EstimateTimeline, Premiere
from watchlist.ui.show_model import next_release_text
from watchlist.ui.upcoming_view import badge_text, when_text

TODAY = date(2025, 7, 15)
MINDHUNTER = [date(2017, 10, 13), date(2019, 8, 16)]


def mindhunter(status: str, renewed_on: date | None = None) -> SeasonHistory:
    return SeasonHistory(MINDHUNTER, renewed_on, status, "streaming", None, "Netflix")


def premieres() -> list[Premiere]:
    return [Premiere(str(number), day) for number, day in enumerate(MINDHUNTER, start=1)]


def test_timeline_is_hidden_when_there_is_no_window(qtbot: QtBot) -> None:
    timeline = EstimateTimeline()
    qtbot.addWidget(timeline)
    ended = estimate_next_season(mindhunter("ended"), today=TODAY)
    timeline.set_timeline(premieres(), ended, TODAY)
    assert timeline.isHidden()
    assert timeline.toolTip() == ""


def test_timeline_says_in_plain_text_what_it_draws(qtbot: QtBot) -> None:
    timeline = EstimateTimeline()
    qtbot.addWidget(timeline)
    estimate = estimate_next_season(mindhunter("awaiting"), today=TODAY)
    timeline.set_timeline(premieres(), estimate, TODAY)
    text = timeline.toolTip()
    assert not timeline.isHidden()
    assert text == timeline.accessibleDescription()
    assert text.startswith("Premieres shown: Oct 2017, Aug 2019.")
    assert "If renewed, season 3:" in text
    assert "80% chance within" in text and "half the time within" in text
    assert "<" not in text
    assert timeline.accessibleName() == "Release timeline"


def test_timeline_paints_the_window_in_the_estimate_colour(qtbot: QtBot) -> None:
    timeline = EstimateTimeline()
    qtbot.addWidget(timeline)
    timeline.resize(400, 90)
    estimate = estimate_next_season(mindhunter("renewed", date(2019, 9, 1)), today=TODAY)
    timeline.set_timeline(premieres(), estimate, TODAY)
    timeline.show()
    image = timeline.grab().toImage()
    accent = icons.estimate_colour(estimate.kind)

    def near(colour: QColor) -> bool:
        return abs(colour.hue() - accent.hue()) <= 12 and colour.saturation() > 40

    coloured = sum(
        near(image.pixelColor(x, y)) for x in range(image.width()) for y in range(image.height())
    )
    assert coloured > 200  # the band and the likely day, not just a line


def test_card_says_a_window_is_conditional_and_how_likely_a_season_is(qtbot: QtBot) -> None:
    card = EstimateCard()
    qtbot.addWidget(card)
    estimate = estimate_next_season(mindhunter("awaiting"), today=TODAY)
    card.set_estimate(estimate, 3)
    assert card.headline.text().startswith("Season 3 if renewed: ")
    assert card.outlook.text().startswith("Awaiting a renewal decision · ")
    assert "of similar shows got another season" in card.outlook.text()
    assert card.details.text().startswith("If renewed · most likely ")
    assert "50% within" in card.details.text()
    assert "dotted" in card.styleSheet()


def test_card_of_a_renewed_show_has_no_outlook_line(qtbot: QtBot) -> None:
    card = EstimateCard()
    qtbot.addWidget(card)
    estimate = estimate_next_season(mindhunter("renewed", date(2019, 9, 1)), today=TODAY)
    card.set_estimate(estimate, 3)
    assert card.headline.text().startswith("Season 3: ")
    assert card.outlook.isHidden() and card.outlook.text() == ""
    assert card.details.text().startswith("Estimated · most likely ")


def test_list_cell_of_an_unrenewed_show_says_if_renewed() -> None:
    awaiting = estimate_next_season(mindhunter("awaiting"), today=TODAY)
    renewed = estimate_next_season(mindhunter("renewed", date(2019, 9, 1)), today=TODAY)
    assert next_release_text(awaiting) == "If renewed: ~ " + awaiting.label
    assert next_release_text(renewed) == "~ " + renewed.label


def item(*, conditional: bool, chance: float | None) -> UpcomingItem:
    return UpcomingItem(
        show_id=1,
        show_title="Mindhunter",
        network="Netflix",
        kind=UpcomingKind.PREMIERE,
        certainty=Certainty.ESTIMATED,
        likely=date(2027, 11, 1),
        earliest=date(2027, 1, 1),
        latest=date(2030, 5, 1),
        season_number=3,
        confidence=0.8,
        conditional=conditional,
        renewal_chance=chance,
    )


def test_upcoming_marks_a_window_that_assumes_a_renewal() -> None:
    assert badge_text(item(conditional=True, chance=0.06)) == "If renewed"
    assert badge_text(item(conditional=False, chance=None)) == "Estimated"
    text = when_text(item(conditional=True, chance=0.06))
    assert text.startswith("If renewed: ")
    assert text.endswith("6% of similar shows got another season")
    assert not when_text(item(conditional=False, chance=None)).startswith("If renewed")
