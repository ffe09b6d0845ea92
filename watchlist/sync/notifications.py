"""What to tell the user after a sync: renewals, endings and newly announced seasons or dates.

Only followed shows (``store.upcoming.is_followed``) and only the news this sync found. The
window shows the result in the system tray or in a banner; nothing here knows about Qt.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import select

from watchlist.core.changes import ChangeKind
from watchlist.store.library import Library
from watchlist.store.models import Show
from watchlist.store.upcoming import followed_condition
from watchlist.store.views import ChangeView
from watchlist.sync.service import OutcomeKind, SyncReport

NOTIFYING_KINDS = (
    ChangeKind.RENEWED,
    ChangeKind.ENDED,
    ChangeKind.SEASON_ANNOUNCED,
    ChangeKind.SEASON_DATED,
)


@dataclass(frozen=True, slots=True)
class Notification:
    """One piece of news about one show."""

    show_id: int
    show_title: str
    kind: ChangeKind
    season_number: int | None
    message: str  # "Renewed for season 3, premiering 14 March 2026"

    @property
    def text(self) -> str:
        """ "Severance: Renewed for season 3, premiering 14 March 2026"."""
        return f"{self.show_title}: {self.message}"


def sync_notifications(
    report: SyncReport, changes: Iterable[ChangeView], *, followed_show_ids: Collection[int]
) -> list[Notification]:
    """The notifications for a sync: its news about updated, followed shows, each once.

    ``changes`` are change-log entries logged since the sync started; news about a show the
    sync did not update (logged by another sync meanwhile) is left out.
    """
    updated = {
        outcome.show_id for outcome in report.outcomes if outcome.kind is OutcomeKind.UPDATED
    }
    followed = set(followed_show_ids)
    seen: set[tuple[int, str]] = set()
    found: list[Notification] = []
    for change in changes:
        if change.kind not in NOTIFYING_KINDS:
            continue
        if change.show_id not in updated or change.show_id not in followed:
            continue
        key = (change.show_id, change.summary.casefold())
        if key in seen:
            continue
        seen.add(key)
        found.append(
            Notification(
                show_id=change.show_id,
                show_title=change.show_title,
                kind=change.kind,
                season_number=change.season_number,
                message=change.summary,
            )
        )
    found.sort(
        key=lambda n: (
            n.show_title.casefold(),
            NOTIFYING_KINDS.index(n.kind),
            n.season_number if n.season_number is not None else -1,
        )
    )
    return found


def notifications_after_sync(library: Library, report: SyncReport) -> list[Notification]:
    """``sync_notifications`` for a report, reading the change log and who is followed."""
    if report.started_at is None:
        return []
    changes = library.changes(limit=None, since=report.started_at)
    show_ids = sorted({change.show_id for change in changes})
    if not show_ids:
        return []
    with library.reading() as session:
        followed = set(
            session.scalars(select(Show.id).where(Show.id.in_(show_ids), followed_condition()))
        )
    return sync_notifications(report, changes, followed_show_ids=followed)


def notification_digest(notifications: Collection[Notification], *, limit: int = 3) -> str:
    """One short message for a tray balloon: up to ``limit`` lines, then "and N more"."""
    shown = [notification.text for notification in list(notifications)[:limit]]
    rest = len(notifications) - len(shown)
    if rest > 0:
        shown.append(f"and {rest} more in What's new")
    return "\n".join(shown)
