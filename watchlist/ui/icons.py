"""Every icon the app shows, by meaning; the one place that knows qtawesome's names.

Action icons take the palette's text colour, so they follow light and dark themes; status icons
keep their meaning colours, adjusted for contrast on dark backgrounds.
"""

from __future__ import annotations

import qtawesome
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette

from watchlist.core.estimate import EstimateKind
from watchlist.core.status import RenewalStatus, WatchStatus

_RENEWAL_ICONS = {
    RenewalStatus.RENEWED: ("mdi6.calendar-check", "#2e7d32", "#81c784"),
    RenewalStatus.AIRING: ("mdi6.broadcast", "#1565c0", "#64b5f6"),
    RenewalStatus.AWAITING: ("mdi6.timer-sand", "#b26a00", "#ffb74d"),
    RenewalStatus.CANCELLED: ("mdi6.cancel", "#c62828", "#ef9a9a"),
    RenewalStatus.ENDED: ("mdi6.flag-checkered", "#546e7a", "#b0bec5"),
    RenewalStatus.IN_DEVELOPMENT: ("mdi6.hammer-wrench", "#6a1b9a", "#ce93d8"),
    RenewalStatus.UNKNOWN: ("mdi6.help-circle-outline", "#757575", "#bdbdbd"),
}
_WATCH_ICONS = {
    WatchStatus.WATCHING: "mdi6.eye-outline",
    WatchStatus.PLAN_TO_WATCH: "mdi6.bookmark-outline",
    WatchStatus.COMPLETED: "mdi6.check-circle-outline",
    WatchStatus.ON_HOLD: "mdi6.pause-circle-outline",
    WatchStatus.DROPPED: "mdi6.close-circle-outline",
}
_ESTIMATE_ICONS = {
    EstimateKind.CONFIRMED: ("mdi6.calendar-star", "#2e7d32", "#81c784"),
    EstimateKind.ANNOUNCED: ("mdi6.calendar-clock", "#1565c0", "#64b5f6"),
    EstimateKind.ESTIMATED: ("mdi6.crystal-ball", "#6a1b9a", "#ce93d8"),
    EstimateKind.NONE: ("mdi6.calendar-remove", "#757575", "#bdbdbd"),
}


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def text_colour(palette: QPalette | None = None) -> QColor:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.WindowText)


def _icon(name: str, **options: object) -> QIcon:
    """A qtawesome icon, typed."""
    icon: QIcon = qtawesome.icon(name, **options)
    return icon


def _action(name: str) -> QIcon:
    colour = text_colour()
    disabled = QColor(colour)
    disabled.setAlphaF(0.4)
    return _icon(name, color=colour, color_disabled=disabled)


def _meaning(light: str, dark: str) -> QColor:
    return QColor(dark if is_dark() else light)


def renewal_colour(status: RenewalStatus) -> QColor:
    _, light, dark = _RENEWAL_ICONS[status]
    return _meaning(light, dark)


def renewal(status: RenewalStatus) -> QIcon:
    name = _RENEWAL_ICONS[status][0]
    return _icon(name, color=renewal_colour(status))


def estimate_colour(kind: EstimateKind) -> QColor:
    _, light, dark = _ESTIMATE_ICONS[kind]
    return _meaning(light, dark)


def estimate(kind: EstimateKind) -> QIcon:
    return _icon(_ESTIMATE_ICONS[kind][0], color=estimate_colour(kind))


def watch(status: WatchStatus) -> QIcon:
    return _action(_WATCH_ICONS[status])


def all_shows() -> QIcon:
    return _action("mdi6.television-classic")


def all_notes() -> QIcon:
    return _action("mdi6.comment-text-multiple-outline")


def add_show() -> QIcon:
    return _action("mdi6.plus")


def remove_show() -> QIcon:
    return _action("mdi6.delete-outline")


def edit() -> QIcon:
    return _action("mdi6.pencil-outline")


def edited_marker() -> QIcon:
    return _action("mdi6.account-edit-outline")


def sync() -> QIcon:
    return _action("mdi6.sync")


def search() -> QIcon:
    return _action("mdi6.magnify")


def about() -> QIcon:
    return _action("mdi6.information-outline")


def import_file() -> QIcon:
    return _action("mdi6.database-import-outline")


def export_file() -> QIcon:
    return _action("mdi6.database-export-outline")


def problem_colour() -> QColor:
    """The colour of a warning, and of a message saying what is wrong with an entry."""
    return _meaning("#c62828", "#ef9a9a")


def warning() -> QIcon:
    return _icon("mdi6.alert-circle-outline", color=problem_colour())


def tvmaze() -> QIcon:
    return _action("mdi6.cloud-search-outline")


def offline() -> QIcon:
    return _action("mdi6.cloud-off-outline")


def whats_new() -> QIcon:
    return _action("mdi6.newspaper-variant-outline")


def cancel() -> QIcon:
    return _action("mdi6.close-circle-outline")


def upcoming() -> QIcon:
    return _action("mdi6.calendar-month-outline")


def upcoming_episode() -> QIcon:
    """A dated episode in the upcoming view (confirmed, so in the confirmed colour)."""
    _, light, dark = _ESTIMATE_ICONS[EstimateKind.CONFIRMED]
    return _icon("mdi6.play-circle-outline", color=_meaning(light, dark))


def calendar_export() -> QIcon:
    return _action("mdi6.calendar-export-outline")


def preferences() -> QIcon:
    return _action("mdi6.cog-outline")


def change(kind: str) -> QIcon:
    """The icon of a change-log entry kind."""
    names = {
        "renewed": ("mdi6.calendar-check", "#2e7d32", "#81c784"),
        "ended": ("mdi6.flag-checkered", "#546e7a", "#b0bec5"),
        "season_announced": ("mdi6.bullhorn-outline", "#1565c0", "#64b5f6"),
        "season_dated": ("mdi6.calendar-star", "#2e7d32", "#81c784"),
        "gone": ("mdi6.cloud-question", "#b26a00", "#ffb74d"),
    }
    name, light, dark = names.get(kind, ("mdi6.information-outline", "#757575", "#bdbdbd"))
    return _icon(name, color=_meaning(light, dark))


def post_note() -> QIcon:
    return _action("mdi6.send")


def note() -> QIcon:
    return _action("mdi6.comment-text-outline")


def pin_colour() -> QColor:
    return _meaning("#b26a00", "#ffb74d")


def pin() -> QIcon:
    """A pinned note (and the pin action)."""
    return _icon("mdi6.pin", color=pin_colour())


def unpin() -> QIcon:
    return _action("mdi6.pin-off-outline")


def episode_reference() -> QIcon:
    """What a note is about: a season or an episode."""
    return _action("mdi6.filmstrip")


def import_tracker() -> QIcon:
    """Import from another tracker (TV Time, Trakt, IMDb)."""
    return _action("mdi6.swap-horizontal")


def in_library() -> QIcon:
    """An imported show the library already has."""
    return _icon("mdi6.check-circle-outline", color=_meaning("#2e7d32", "#81c784"))


def skipped() -> QIcon:
    return _action("mdi6.minus-circle-outline")


def failed() -> QIcon:
    return warning()


def quit_app() -> QIcon:
    return _action("mdi6.exit-to-app")


def sample_shows() -> QIcon:
    return _action("mdi6.playlist-star")


def poster_placeholder(palette: QPalette | None = None) -> QIcon:
    colour = QColor(text_colour(palette))
    colour.setAlphaF(0.35)
    return _icon("mdi6.television-classic", color=colour)


def app_icon() -> QIcon:
    """The application icon (the SVG in resources/, or a drawn fallback)."""
    from watchlist.config import resources_dir

    svg = resources_dir() / "icons" / "watchlist.svg"
    if svg.is_file():
        return QIcon(str(svg))
    return _icon("mdi6.television-play", color="#3949ab")
