"""What a sync can tell the user happened to a show, for the "What's new" list."""

from __future__ import annotations

from enum import StrEnum


class ChangeKind(StrEnum):
    """A kind of news about a show, as recorded in the change log."""

    RENEWED = "renewed"
    ENDED = "ended"
    SEASON_ANNOUNCED = "season_announced"
    SEASON_DATED = "season_dated"
    GONE = "gone"

    @property
    def label(self) -> str:
        return _CHANGE_LABELS[self]


_CHANGE_LABELS = {
    ChangeKind.RENEWED: "Renewed",
    ChangeKind.ENDED: "Ended",
    ChangeKind.SEASON_ANNOUNCED: "New season announced",
    ChangeKind.SEASON_DATED: "New season date",
    ChangeKind.GONE: "Gone from TVmaze",
}
