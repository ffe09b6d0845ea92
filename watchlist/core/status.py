"""Renewal and watch statuses, and the mapping from provider show statuses."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum


class ShowStatus(StrEnum):
    """The provider's view of a show's life cycle, provider-neutral."""

    RUNNING = "running"
    ENDED = "ended"
    TO_BE_DETERMINED = "to_be_determined"
    IN_DEVELOPMENT = "in_development"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _SHOW_STATUS_LABELS[self]


_SHOW_STATUS_LABELS = {
    ShowStatus.RUNNING: "Running",
    ShowStatus.ENDED: "Ended",
    ShowStatus.TO_BE_DETERMINED: "To be determined",
    ShowStatus.IN_DEVELOPMENT: "In development",
    ShowStatus.UNKNOWN: "Unknown",
}

_TVMAZE_STATUSES = {
    "running": ShowStatus.RUNNING,
    "ended": ShowStatus.ENDED,
    "to be determined": ShowStatus.TO_BE_DETERMINED,
    "in development": ShowStatus.IN_DEVELOPMENT,
}


def show_status_from_tvmaze(text: str | None) -> ShowStatus:
    """Map TVmaze's ``status`` ("Running", "To Be Determined", ...) to a ShowStatus."""
    if not text:
        return ShowStatus.UNKNOWN
    return _TVMAZE_STATUSES.get(text.strip().casefold(), ShowStatus.UNKNOWN)


class RenewalStatus(StrEnum):
    """Whether another season is coming, as a fan would put it."""

    RENEWED = "renewed"
    AIRING = "airing"
    AWAITING = "awaiting"
    CANCELLED = "cancelled"
    ENDED = "ended"
    IN_DEVELOPMENT = "in_development"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _RENEWAL_LABELS[self]

    @property
    def is_final(self) -> bool:
        """True when no further season is expected."""
        return self in (RenewalStatus.CANCELLED, RenewalStatus.ENDED)


_RENEWAL_LABELS = {
    RenewalStatus.RENEWED: "Renewed",
    RenewalStatus.AIRING: "Airing",
    RenewalStatus.AWAITING: "Awaiting",
    RenewalStatus.CANCELLED: "Cancelled",
    RenewalStatus.ENDED: "Ended",
    RenewalStatus.IN_DEVELOPMENT: "In development",
    RenewalStatus.UNKNOWN: "Unknown",
}


class WatchStatus(StrEnum):
    """Where the user is with a show."""

    WATCHING = "watching"
    PLAN_TO_WATCH = "plan_to_watch"
    COMPLETED = "completed"
    ON_HOLD = "on_hold"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return _WATCH_LABELS[self]


_WATCH_LABELS = {
    WatchStatus.WATCHING: "Watching",
    WatchStatus.PLAN_TO_WATCH: "Plan to watch",
    WatchStatus.COMPLETED: "Completed",
    WatchStatus.ON_HOLD: "On hold",
    WatchStatus.DROPPED: "Dropped",
}


class NetworkKind(StrEnum):
    """How a show reaches viewers; the estimator's priors differ by kind."""

    STREAMING = "streaming"
    CABLE = "cable"
    BROADCAST = "broadcast"


def renewal_from_provider(
    status: ShowStatus,
    season_windows: Iterable[tuple[date | None, date | None]],
    today: date,
) -> RenewalStatus:
    """Derive the renewal status from the provider status and seasons' (premiere, end) dates.

    TVmaze "Running" with a future or undated season is ``renewed``; a season under way is
    ``airing``; "Running" with every season in the past, or "To Be Determined", is ``awaiting``.
    "Ended" is ``ended`` (only the user can say ``cancelled``).
    """
    if status is ShowStatus.ENDED:
        return RenewalStatus.ENDED
    if status is ShowStatus.IN_DEVELOPMENT:
        return RenewalStatus.IN_DEVELOPMENT
    if status is ShowStatus.TO_BE_DETERMINED:
        return RenewalStatus.AWAITING
    if status is ShowStatus.UNKNOWN:
        return RenewalStatus.UNKNOWN
    windows = list(season_windows)
    if any(premiere is None or premiere > today for premiere, _ in windows):
        return RenewalStatus.RENEWED
    if any(
        premiere is not None and premiere <= today and (end is None or end >= today)
        for premiere, end in windows
    ):
        return RenewalStatus.AIRING
    return RenewalStatus.AWAITING
