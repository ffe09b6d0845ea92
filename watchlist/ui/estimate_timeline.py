"""A small picture of the release estimate: past premieres on a time line and the estimated
window as a shaded band (80 % light, 50 % darker) with the likely day marked.

A window that assumes a renewal not yet made is hatched and says "if renewed", so that it never
looks like a schedule. Everything the picture shows is also in its tooltip and accessible
description, as plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from watchlist.core.estimate import Estimate, EstimateKind
from watchlist.ui import formatting, icons

# Premieres further back than this many are left off, so that the window keeps some width.
SHOWN_PREMIERES = 5
HEIGHT = 84
MARGIN = 14


@dataclass(frozen=True, slots=True)
class Premiere:
    """A past season premiere: its label ("1", "2018") and its day."""

    label: str
    day: date


def _x(day: date, first: date, last: date, left: float, width: float) -> float:
    span = max((last - first).days, 1)
    return left + width * (day - first).days / span


class EstimateTimeline(QWidget):
    """Past premieres and the estimated window of the next season, on one line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("estimateTimeline")
        self.setAccessibleName(self.tr("Release timeline"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(HEIGHT)
        self.premieres: tuple[Premiere, ...] = ()
        self.estimate: Estimate | None = None
        self.today = date.today()

    def sizeHint(self) -> QSize:
        return QSize(360, HEIGHT)

    def set_timeline(self, premieres: Sequence[Premiere], estimate: Estimate, today: date) -> None:
        """Show ``premieres`` (aired ones) and ``estimate``; hidden when there is no window."""
        aired = sorted((p for p in premieres if p.day <= today), key=lambda p: p.day)
        self.premieres = tuple(aired[-SHOWN_PREMIERES:])
        self.estimate = estimate
        self.today = today
        has_window = estimate.earliest is not None and estimate.latest is not None
        self.setVisible(has_window)
        text = self.summary()
        self.setToolTip(text)
        self.setAccessibleDescription(text)
        self.update()

    def summary(self) -> str:
        """What the picture shows, in one plain-text paragraph."""
        estimate = self.estimate
        if estimate is None or estimate.earliest is None or estimate.latest is None:
            return ""
        parts = []
        if self.premieres:
            days = ", ".join(formatting.month_year(p.day) for p in self.premieres)
            parts.append(self.tr("Premieres shown: {days}.").format(days=days))
        season = estimate.season_number
        if estimate.kind is EstimateKind.CONFIRMED:
            parts.append(
                self.tr("Season {number} premieres on {day}.").format(
                    number=season, day=formatting.long_date(estimate.earliest)
                )
            )
            return " ".join(parts)
        window = self.tr("{start} to {end}").format(
            start=formatting.month_year(estimate.earliest),
            end=formatting.month_year(estimate.latest),
        )
        if estimate.conditional:
            parts.append(self.tr("If renewed, season {number}:").format(number=season))
        else:
            parts.append(self.tr("Season {number}:").format(number=season))
        parts.append(
            self.tr("{percent}% chance within {window}").format(
                percent=round(estimate.confidence * 100), window=window
            )
        )
        if estimate.earliest_50 and estimate.latest_50:
            parts.append(
                self.tr("(half the time within {start} to {end})").format(
                    start=formatting.month_year(estimate.earliest_50),
                    end=formatting.month_year(estimate.latest_50),
                )
            )
        if estimate.likely:
            parts.append(
                self.tr("· most likely {day}.").format(day=formatting.month_year(estimate.likely))
            )
        return " ".join(parts)

    # Painting ------------------------------------------------------------------------------

    def _span(self) -> tuple[date, date]:
        estimate = self.estimate
        assert estimate is not None and estimate.earliest and estimate.latest
        days = [p.day for p in self.premieres] + [self.today, estimate.earliest, estimate.latest]
        first, last = min(days), max(days)
        pad = max((last - first).days // 20, 15)
        return date.fromordinal(first.toordinal() - pad), date.fromordinal(last.toordinal() + pad)

    def paintEvent(self, event: QPaintEvent) -> None:
        estimate = self.estimate
        if estimate is None or estimate.earliest is None or estimate.latest is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        faint = QColor(text_colour)
        faint.setAlphaF(0.45)
        accent = icons.estimate_colour(estimate.kind)
        metrics = QFontMetrics(self.font())
        first, last = self._span()
        left, width = MARGIN, max(self.width() - 2 * MARGIN, 1)
        axis_y = HEIGHT / 2 + 6

        def x(day: date) -> float:
            return _x(day, first, last, left, width)

        # The window: 80 % light, 50 % darker, hatched when it assumes a renewal.
        band_top, band_height = axis_y - 14, 28
        outer = QRectF(
            x(estimate.earliest),
            band_top,
            max(x(estimate.latest) - x(estimate.earliest), 3),
            band_height,
        )
        light = QColor(accent)
        light.setAlphaF(0.22)
        style = Qt.BrushStyle.BDiagPattern if estimate.conditional else Qt.BrushStyle.SolidPattern
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(light, Qt.BrushStyle.SolidPattern))
        painter.drawRoundedRect(outer, 4, 4)
        if estimate.earliest_50 and estimate.latest_50:
            dark = QColor(accent)
            dark.setAlphaF(0.5)
            inner = QRectF(
                x(estimate.earliest_50),
                band_top + 4,
                max(x(estimate.latest_50) - x(estimate.earliest_50), 2),
                band_height - 8,
            )
            painter.setBrush(QBrush(dark, style))
            painter.drawRect(inner)
        outline = QPen(
            accent, 1, Qt.PenStyle.DashLine if estimate.conditional else Qt.PenStyle.SolidLine
        )
        painter.setPen(outline)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(outer, 4, 4)

        # The axis, year ticks and today.
        painter.setPen(QPen(faint, 1))
        painter.drawLine(QPointF(left, axis_y), QPointF(left + width, axis_y))
        years = range(first.year + 1, last.year + 1)
        step = max(1, len(years) // 6 + 1)
        for year in years[::step]:
            tick = x(date(year, 1, 1))
            painter.drawLine(QPointF(tick, axis_y - 3), QPointF(tick, axis_y + 3))
            label = str(year)
            painter.drawText(
                QPointF(tick - metrics.horizontalAdvance(label) / 2, HEIGHT - 4), label
            )
        today_x = x(self.today)
        painter.setPen(QPen(text_colour, 1, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(today_x, band_top - 6), QPointF(today_x, axis_y + 8))
        today_label = self.tr("today")
        painter.drawText(
            QPointF(today_x - metrics.horizontalAdvance(today_label) / 2, metrics.ascent()),
            today_label,
        )

        # Past premieres: dots with their season labels above.
        painter.setPen(QPen(text_colour, 1))
        painter.setBrush(text_colour)
        for premiere in self.premieres:
            point = QPointF(x(premiere.day), axis_y)
            painter.drawEllipse(point, 3.5, 3.5)
            painter.drawText(
                QPointF(point.x() - metrics.horizontalAdvance(premiere.label) / 2, axis_y - 8),
                premiere.label,
            )

        # The likely day: a diamond on the axis.
        if estimate.likely:
            centre = QPointF(x(estimate.likely), axis_y)
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Base), 1))
            painter.setBrush(accent)
            size = 6.0
            painter.drawPolygon(
                [
                    QPointF(centre.x(), centre.y() - size),
                    QPointF(centre.x() + size, centre.y()),
                    QPointF(centre.x(), centre.y() + size),
                    QPointF(centre.x() - size, centre.y()),
                ]
            )
        if estimate.conditional:
            painter.setPen(QPen(accent, 1))
            note = self.tr("if renewed")
            note_x = min(
                outer.center().x() - metrics.horizontalAdvance(note) / 2,
                left + width - metrics.horizontalAdvance(note),
            )
            painter.drawText(QPointF(max(note_x, left), band_top - 3), note)
        painter.end()
