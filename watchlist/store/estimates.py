"""From library views to the release estimator's input, so every caller asks the same way."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from watchlist.core.estimate import Estimate, SeasonHistory, estimate_next_season
from watchlist.core.status import RenewalStatus
from watchlist.store.views import EditableField, ShowDetail, ShowSummary, season_edit_key


def season_history(show: ShowDetail | ShowSummary) -> SeasonHistory:
    """The estimator's view of a show: its premieres, renewal, status and announcement."""
    if isinstance(show, ShowDetail):
        days = [season.premiere_date for season in show.seasons if season.number >= 1]
    else:
        days = list(show.season_premieres)
    premieres = sorted(day for day in days if day is not None)
    renewed_on = show.renewal_announced_on if show.renewal_status is RenewalStatus.RENEWED else None
    return SeasonHistory(
        premieres=premieres,
        renewed_on=renewed_on,
        status=show.renewal_status.value,
        network_kind=show.network_kind.value if show.network_kind else None,
        announced=show.next_season_expected,
        network=show.network,
        source=_source(show),
    )


def _source(show: ShowDetail | ShowSummary) -> str:
    """Who said so: the user, or TVmaze for synced shows."""
    if not isinstance(show, ShowDetail):
        return "you"
    return source_of(
        synced=show.last_synced_at is not None,
        user_edited=show.user_edited,
        dated_seasons=len(show.aired_seasons),
    )


def source_of(*, synced: bool, user_edited: Collection[str], dated_seasons: int) -> str:
    """ "TVmaze" for a synced show whose next season the user did not set by hand, else "you"."""
    if not synced:
        return "you"
    hand_edited = {season_edit_key(dated_seasons + 1), EditableField.NEXT_SEASON_EXPECTED.value}
    return "you" if hand_edited & set(user_edited) else "TVmaze"


def estimate_show(show: ShowDetail | ShowSummary, today: date) -> Estimate:
    """The next-season estimate of a show as of ``today``."""
    return estimate_next_season(season_history(show), today=today)
