"""The detail pane: poster, facts, renewal badge, release estimate, synopsis, and seasons with
episode progress."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from watchlist.core.episodes import EpisodeReference
from watchlist.core.estimate import Estimate, EstimateKind, Outlook, format_chance
from watchlist.core.html import text_to_html
from watchlist.core.progress import ShowProgress
from watchlist.core.status import RenewalStatus, WatchStatus
from watchlist.store.progress import EpisodeGuide
from watchlist.store.views import EditableField, ShowDetail
from watchlist.ui import formatting, icons
from watchlist.ui.episodes import SeasonGuide
from watchlist.ui.estimate_timeline import EstimateTimeline, Premiere
from watchlist.ui.richtext import SafeTextBrowser, open_safe_link

POSTER_SIZE = QSize(120, 180)


def next_season_number(show: ShowDetail, today: date) -> int:
    """The number of the next season: the first undated or future one, else the one after."""
    numbered = [season for season in show.seasons if season.number >= 1]
    for season in numbered:
        if season.premiere_date is None or season.premiere_date > today:
            return season.number
    return max((season.number for season in numbered), default=0) + 1


class RenewalBadge(QLabel):
    """A coloured pill with the renewal status, the season it is about and when it was said."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("renewalStatus")
        self._icon = QPixmap()
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.announced = QLabel()
        self.announced.setObjectName("renewalAnnounced")
        self.announced.setWordWrap(True)
        self.announced.setEnabled(False)

    def set_show(self, show: ShowDetail, today: date) -> None:
        status = show.renewal_status
        colour = icons.renewal_colour(status)
        icon = icons.renewal(status).pixmap(16, 16)
        self.setAccessibleName(self.status_text(show, today))
        self.setToolTip(self.tr("Set by you") if show.is_user_edited(EditableField.RENEWAL) else "")
        main = self.main_text(show, today)
        self.setText(f'<span style="color:{colour.name()}"><b>{_escape(main)}</b></span>')
        announced = self.announced_text(show)
        self.announced.setText(announced)
        self.announced.setVisible(bool(announced))
        self.setStyleSheet(
            f"QLabel#renewalStatus {{ border: 1px solid {colour.name()}; border-radius: 11px;"
            f" padding: 2px 10px 2px 26px; background: {_tint(colour)}; }}"
        )
        self._icon = icon
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.drawPixmap(8, (self.height() - 16) // 2, self._icon)
        painter.end()

    def status_text(self, show: ShowDetail, today: date) -> str:
        """The whole status, e.g. "Renewed for season 2 · announced 6 Jun 2022"."""
        announced = self.announced_text(show)
        main = self.main_text(show, today)
        return f"{main} · {announced}" if announced else main

    def announced_text(self, show: ShowDetail) -> str:
        if not show.renewal_announced_on:
            return ""
        return self.tr("announced {date}").format(
            date=formatting.short_date(show.renewal_announced_on)
        )

    def main_text(self, show: ShowDetail, today: date) -> str:
        status = show.renewal_status
        next_number = next_season_number(show, today)
        aired = len(show.aired_seasons)
        if status is RenewalStatus.RENEWED:
            text = self.tr("Renewed for season {number}").format(number=next_number)
        elif status is RenewalStatus.AIRING:
            text = self.tr("Season {number} airing").format(number=max(aired, 1))
        elif status is RenewalStatus.AWAITING:
            text = self.tr("Awaiting renewal decision")
        elif status is RenewalStatus.CANCELLED:
            text = (
                self.tr("Cancelled after 1 season")
                if aired == 1
                else self.tr("Cancelled after {count} seasons").format(count=aired)
            )
        elif status is RenewalStatus.ENDED:
            text = (
                self.tr("Ended after 1 season")
                if aired == 1
                else self.tr("Ended after {count} seasons").format(count=aired)
            )
        elif status is RenewalStatus.IN_DEVELOPMENT:
            text = self.tr("In development")
        else:
            text = self.tr("Renewal status unknown")
        return text


class EstimateCard(QFrame):
    """The release estimate: the label large, window and confidence small, the reason on demand."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("releaseEstimate")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.icon = QLabel()
        self.icon.setFixedSize(32, 32)
        self.outlook = QLabel()
        self.outlook.setObjectName("estimateOutlook")
        self.outlook.setTextFormat(Qt.TextFormat.PlainText)
        self.outlook.setWordWrap(True)
        outlook_font = self.outlook.font()
        outlook_font.setBold(True)
        self.outlook.setFont(outlook_font)
        self.headline = QLabel()
        self.headline.setObjectName("estimateHeadline")
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.headline.setFont(font)
        self.details = QLabel()
        self.details.setObjectName("estimateDetails")
        self.details.setWordWrap(True)
        self.why_button = QToolButton()
        self.why_button.setObjectName("estimateWhy")
        self.why_button.setText(self.tr("Why?"))
        self.why_button.setCheckable(True)
        self.why_button.setArrowType(Qt.ArrowType.RightArrow)
        self.why_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.why_button.setAutoRaise(True)
        self.why_button.toggled.connect(self._toggle_reason)
        self.reason = QLabel()
        self.reason.setObjectName("estimateReason")
        self.reason.setWordWrap(True)
        self.reason.setVisible(False)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.outlook)
        text.addWidget(self.headline)
        text.addWidget(self.details)
        text.addWidget(self.why_button, 0, Qt.AlignmentFlag.AlignLeft)
        text.addWidget(self.reason)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)

    def _toggle_reason(self, shown: bool) -> None:
        self.reason.setVisible(shown)
        self.why_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def set_estimate(self, estimate: Estimate, season_number: int) -> None:
        kind = estimate.kind
        colour = icons.estimate_colour(kind)
        self.icon.setPixmap(icons.estimate(kind).pixmap(32, 32))
        if kind is EstimateKind.NONE:
            self.headline.setText(estimate.label)
        elif estimate.conditional:
            self.headline.setText(
                self.tr("Season {number} if renewed: {label}").format(
                    number=season_number, label=estimate.label
                )
            )
        else:
            self.headline.setText(
                self.tr("Season {number}: {label}").format(
                    number=season_number, label=estimate.label
                )
            )
        outlook = self.outlook_text(estimate)
        self.outlook.setText(outlook)
        self.outlook.setVisible(bool(outlook))
        self.details.setText(self._details_text(estimate))
        self.reason.setText(estimate.reason)
        self.setToolTip(estimate.reason)
        self.setProperty("estimateKind", str(kind))
        style = "solid" if kind is EstimateKind.CONFIRMED else "dashed"
        if estimate.conditional:
            style = "dotted"
        self.setStyleSheet(
            f"QFrame#releaseEstimate {{ border: 1px {style} {colour.name()}; border-radius: 8px;"
            f" background: {_tint(colour)}; }}"
            f" QLabel#estimateHeadline {{ color: {colour.name()}; }}"
        )

    def _details_text(self, estimate: Estimate) -> str:
        kind = estimate.kind
        if kind is EstimateKind.CONFIRMED and estimate.likely:
            return self.tr("Confirmed premiere · {date}").format(
                date=formatting.long_date(estimate.likely)
            )
        if kind is EstimateKind.NONE or not (estimate.earliest and estimate.latest):
            return self.tr("No release expected")
        window = self.tr("{start} – {end}").format(
            start=formatting.month_year(estimate.earliest),
            end=formatting.month_year(estimate.latest),
        )
        if kind is EstimateKind.ANNOUNCED:
            return self.tr("Announced · {window}").format(window=window)
        likely = formatting.month_year(estimate.likely) if estimate.likely else "?"
        text = self.tr("Estimated · most likely {likely} · {percent}% chance within {window}")
        if estimate.conditional:
            text = self.tr("If renewed · most likely {likely} · {percent}% chance within {window}")
        text = text.format(likely=likely, percent=round(estimate.confidence * 100), window=window)
        if estimate.earliest_50 and estimate.latest_50:
            text += self.tr(" · 50% within {start} – {end}").format(
                start=formatting.month_year(estimate.earliest_50),
                end=formatting.month_year(estimate.latest_50),
            )
        return text

    def outlook_text(self, estimate: Estimate) -> str:
        """Whether a next season is expected at all, when it is not known to be renewed."""
        if estimate.kind is EstimateKind.NONE or estimate.outlook is Outlook.RENEWED:
            return ""
        if estimate.outlook is Outlook.AWAITING:
            label = self.tr("Awaiting a renewal decision")
        elif estimate.outlook is Outlook.IN_DEVELOPMENT:
            label = self.tr("In development, not renewed yet")
        else:
            label = self.tr("Renewal not known")
        if estimate.renewal_chance is None:
            return label
        return self.tr(
            "{label} · {chance} of similar shows got another season after waiting this long"
        ).format(label=label, chance=format_chance(estimate.renewal_chance))


MAX_MINIMUM_WIDTH = 560  # the widest the pane insists on being, see minimumSizeHint


class DetailPane(QScrollArea):
    """Everything about the selected show; emits the user's in-place edits."""

    editRequested = Signal(int)
    findOnTvmazeRequested = Signal(int)  # a show added by hand, to link to TVmaze
    watchStatusChosen = Signal(int, object)
    ratingChosen = Signal(int, object)
    # show id, EpisodeReference (S2 or S2E4), up to here, watched (False: unwatched)
    episodesMarkRequested = Signal(int, object, bool, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.show_id: int | None = None
        self._updating = False

        content = QWidget()
        content.setObjectName("detailContent")
        self.setWidget(content)

        self.poster = QLabel()
        self.poster.setObjectName("poster")
        self.poster.setFixedSize(POSTER_SIZE)
        self.poster.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.title = QLabel()
        self.title.setObjectName("showTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("showFacts")
        self.subtitle.setWordWrap(True)
        self.genres = QLabel()
        self.genres.setObjectName("showGenres")
        self.genres.setWordWrap(True)
        self.renewal = RenewalBadge()
        self.season_count = QLabel()
        self.season_count.setObjectName("seasonCount")

        self.watch_status = QComboBox()
        self.watch_status.setObjectName("watchStatus")
        self.watch_status.setAccessibleName(self.tr("Watch status"))
        for status in WatchStatus:
            self.watch_status.addItem(icons.watch(status), self.tr(status.label), status)
        self.watch_status.currentIndexChanged.connect(self._watch_status_changed)
        self.rating = QComboBox()
        self.rating.setObjectName("rating")
        self.rating.setAccessibleName(self.tr("Your rating"))
        self.rating.addItem(self.tr("No rating"), None)
        for value in range(10, 0, -1):
            self.rating.addItem(self.tr("{value} / 10").format(value=value), value)
        self.rating.currentIndexChanged.connect(self._rating_changed)
        self.edit_button = QPushButton(icons.edit(), self.tr("Edit…"))
        self.edit_button.setObjectName("editShowButton")
        self.edit_button.clicked.connect(self._request_edit)
        self.find_button = QPushButton(icons.tvmaze(), self.tr("Find on TVmaze…"))
        self.find_button.setObjectName("findOnTvmazeButton")
        self.find_button.setToolTip(
            self.tr("This show was added by hand: find it on TVmaze to sync its seasons and "
                    "episodes from there, keeping your notes and what you watched.")
        )  # fmt: skip
        self.find_button.clicked.connect(self._request_find)

        controls = QHBoxLayout()
        controls.addWidget(self.watch_status)
        controls.addWidget(self.rating)
        controls.addStretch(1)
        controls.addWidget(self.edit_button)

        facts = QVBoxLayout()
        facts.setSpacing(6)
        facts.addWidget(self.title)
        facts.addWidget(self.subtitle)
        facts.addWidget(self.genres)
        facts.addWidget(self.renewal, 0, Qt.AlignmentFlag.AlignLeft)
        facts.addWidget(self.renewal.announced)
        facts.addWidget(self.season_count)
        facts.addWidget(self.find_button, 0, Qt.AlignmentFlag.AlignLeft)
        facts.addLayout(controls)
        facts.addStretch(1)

        header = QHBoxLayout()
        header.setSpacing(16)
        header.addWidget(self.poster, 0, Qt.AlignmentFlag.AlignTop)
        header.addLayout(facts, 1)

        self.estimate = EstimateCard()
        self.timeline = EstimateTimeline()

        self.synopsis = SafeTextBrowser()
        self.synopsis.setObjectName("synopsis")
        self.synopsis.setFrameShape(QFrame.Shape.NoFrame)
        self.synopsis.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.synopsis.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.synopsis.document().contentsChanged.connect(self._fit_synopsis)

        self.seasons = SeasonGuide()
        self.seasons.markRequested.connect(self._mark_requested)
        self.episode_progress = QLabel()
        self.episode_progress.setObjectName("episodeProgress")
        self.episode_progress.setWordWrap(True)
        self.episode_progress.setTextFormat(Qt.TextFormat.PlainText)
        self.source = QLabel()
        self.source.setObjectName("showSource")
        self.source.setWordWrap(True)
        self.source.setTextFormat(Qt.TextFormat.RichText)
        self.source.setOpenExternalLinks(False)
        self.source.linkActivated.connect(lambda link: open_safe_link(QUrl(link)))
        self.edited_note = QLabel()
        self.edited_note.setObjectName("editedFields")
        self.edited_note.setWordWrap(True)
        self.edited_note.setEnabled(False)

        self.placeholder = QLabel(self.tr("Select a show to see its details."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setEnabled(False)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(12)
        body.addLayout(header)
        body.addWidget(self.estimate)
        body.addWidget(self.timeline)
        body.addWidget(_section_label(self.tr("Synopsis")))
        body.addWidget(self.synopsis)
        body.addWidget(_section_label(self.tr("Seasons")))
        body.addWidget(self.episode_progress)
        body.addWidget(self.seasons)
        body.addWidget(self.edited_note)
        body.addWidget(self.source)

        layout = QGridLayout(content)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(self.body, 0, 0)
        layout.addWidget(self.placeholder, 0, 0)
        layout.setRowStretch(1, 1)
        self.clear()

    # -- filling --------------------------------------------------------------------------

    def minimumSizeHint(self) -> QSize:
        """As wide as the content needs: the pane scrolls down, never sideways, so a narrower
        pane would cut its buttons and text off at the right."""
        hint = super().minimumSizeHint()
        content = self.widget()
        if content is None:
            return hint
        width = (
            content.minimumSizeHint().width()
            + self.verticalScrollBar().sizeHint().width()
            + 2 * self.frameWidth()
        )
        # Long text that cannot wrap (a 100-character network name) must not make the
        # window wider than a screen: beyond this the pane cuts it off, as before.
        return QSize(max(hint.width(), min(width, MAX_MINIMUM_WIDTH)), hint.height())

    def clear(self) -> None:
        self.show_id = None
        self.body.setVisible(False)
        self.placeholder.setVisible(True)

    def set_show(
        self,
        show: ShowDetail,
        estimate: Estimate,
        poster: Path | None,
        today: date,
        guide: EpisodeGuide | None = None,
    ) -> None:
        """Show ``show``; ``guide`` (its episodes and progress) fills the seasons' progress."""
        self._updating = True
        try:
            self.show_id = show.id
            self.title.setText(show.title)
            self.subtitle.setText(self._facts_text(show))
            self.genres.setText(" · ".join(show.genres))
            self.genres.setVisible(bool(show.genres))
            self.renewal.set_show(show, today)
            self.season_count.setText(self.season_count_text(show, guide))
            self.find_button.setVisible(show.external_ids.tvmaze is None)
            self.watch_status.setCurrentIndex(self.watch_status.findData(show.watch_status))
            self.rating.setCurrentIndex(max(0, self.rating.findData(show.rating)))
            self.estimate.set_estimate(
                estimate, estimate.season_number or next_season_number(show, today)
            )
            self.timeline.set_timeline(
                [
                    Premiere(str(season.number), season.premiere_date)
                    for season in show.seasons
                    if season.number >= 1 and season.premiere_date is not None
                ],
                estimate,
                today,
            )
            if show.synopsis_html:
                self.synopsis.set_remote_html(show.synopsis_html)
            elif show.synopsis:
                self.synopsis.setHtml(text_to_html(show.synopsis))
            else:
                self.synopsis.setHtml("<p><i>" + self.tr("No synopsis yet.") + "</i></p>")
            self.seasons.set_seasons(show.seasons, guide)
            self.seasons.setVisible(bool(show.seasons))
            summary = self.guide_text(guide) if guide else ""
            self.episode_progress.setText(summary)
            self.episode_progress.setVisible(bool(summary))
            self._set_poster(poster)
            edited = sorted(
                field.replace("_", " ") for field in show.user_edited if ":" not in field
            )
            self.edited_note.setText(
                self.tr("Edited by you (kept when syncing): {fields}").format(
                    fields=", ".join(edited)
                )
                if edited
                else ""
            )
            self.edited_note.setVisible(bool(edited))
            self.source.setText(self._source_text(show))
            self.source.setVisible(bool(self.source.text()))
            self.placeholder.setVisible(False)
            self.body.setVisible(True)
        finally:
            self._updating = False
        self._fit_synopsis()

    def _source_text(self, show: ShowDetail) -> str:
        """Where the facts come from: TVmaze (credited, with when) or the user's own hand."""
        tvmaze_id = show.external_ids.tvmaze
        if show.provider_gone_at is not None:
            return self.tr(
                "⚠ TVmaze no longer lists this show (noticed {date}). It stays in your library "
                "with your notes."
            ).format(date=formatting.short_date(show.provider_gone_at.astimezone().date()))
        if tvmaze_id is None:
            return ""
        link = f"https://www.tvmaze.com/shows/{tvmaze_id}"
        synced = (
            self.tr("last synced {when}").format(when=formatting.relative_time(show.last_synced_at))
            if show.last_synced_at
            else self.tr("not synced yet")
        )
        return self.tr("Show data from <a href='{link}'>TVmaze</a> (CC BY-SA) · {synced}").format(
            link=link, synced=synced
        )

    def guide_text(self, guide: EpisodeGuide) -> str:
        """The progress line; for a TVmaze show whose episodes are not in the library yet,
        what to do instead of a next episode that cannot be marked."""
        aired = guide.progress.aired
        if aired and not any(episode.markable for episode in guide.episodes):
            return self.tr("{aired} aired episodes · sync with TVmaze to mark them watched").format(
                aired=aired
            )
        return self.progress_text(guide.progress)

    def progress_text(self, progress: ShowProgress) -> str:
        """ "Next to watch: S2E4 · Woe's Hollow · 12 of 19 aired episodes watched"."""
        if not progress.aired:
            return ""
        counts = self.tr("{watched} of {aired} aired episodes watched").format(
            watched=min(progress.watched, progress.aired), aired=progress.aired
        )
        if progress.next_to_watch is not None:
            episode = progress.next_to_watch.label
            if progress.next_title:
                episode += f" · {progress.next_title}"
            return self.tr("Next to watch: {episode} · {counts}").format(
                episode=episode, counts=counts
            )
        if progress.caught_up:
            return self.tr("All caught up · {counts}").format(counts=counts)
        return counts

    def season_count_text(self, show: ShowDetail, guide: EpisodeGuide | None = None) -> str:
        """ "3 seasons · 2 aired, 1 announced"; an undated season with watched episodes (one
        imported and added by hand) has aired, whenever that was."""
        watched = {s.number for s in guide.progress.seasons if s.watched} if guide else set()
        total = len([season for season in show.seasons if season.number >= 1])
        aired = len([
            season for season in show.seasons
            if season.number >= 1 and (season in show.aired_seasons or (
                season.premiere_date is None and season.number in watched))
        ])  # fmt: skip
        text = self.tr("1 season") if total == 1 else self.tr("{count} seasons").format(count=total)
        if total and aired != total:
            text += self.tr(" · {aired} aired, {announced} announced").format(
                aired=aired, announced=total - aired
            )
        return text

    def _facts_text(self, show: ShowDetail) -> str:
        parts = [
            show.network or self.tr("Unknown network"),
            show.country or "",
            show.language or "",
            str(show.premiered.year) if show.premiered else "",
        ]
        return " · ".join(part for part in parts if part)

    def _set_poster(self, poster: Path | None) -> None:
        pixmap = QPixmap(str(poster)) if poster else QPixmap()
        if pixmap.isNull():
            self.poster.setPixmap(icons.poster_placeholder().pixmap(96, 96))
            self.poster.setStyleSheet(
                "QLabel#poster { border: 1px solid palette(mid); border-radius: 6px; }"
            )
        else:
            self.poster.setPixmap(
                pixmap.scaled(
                    POSTER_SIZE,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.poster.setStyleSheet("")

    def _fit_synopsis(self) -> None:
        document = self.synopsis.document()
        document.setTextWidth(self.synopsis.viewport().width())
        margins = self.synopsis.contentsMargins()
        height = int(document.size().height()) + margins.top() + margins.bottom() + 4
        self.synopsis.setFixedHeight(max(height, 24))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_synopsis()

    # -- in-place edits -------------------------------------------------------------------

    def _request_edit(self) -> None:
        if self.show_id is not None:
            self.editRequested.emit(self.show_id)

    def _request_find(self) -> None:
        if self.show_id is not None:
            self.findOnTvmazeRequested.emit(self.show_id)

    def _watch_status_changed(self, _index: int) -> None:
        if not self._updating and self.show_id is not None:
            self.watchStatusChosen.emit(self.show_id, self.watch_status.currentData())

    def _mark_requested(self, reference: EpisodeReference, up_to: bool, watched: bool) -> None:
        if self.show_id is not None:
            self.episodesMarkRequested.emit(self.show_id, reference, up_to, watched)

    def _rating_changed(self, _index: int) -> None:
        if not self._updating and self.show_id is not None:
            self.ratingChosen.emit(self.show_id, self.rating.currentData())


def _section_label(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _tint(colour: QColor) -> str:
    """A faint background of the same hue."""
    return f"rgba({colour.red()}, {colour.green()}, {colour.blue()}, 0.10)"
