"""Errors of talking to TVmaze, each with a message that says what happened and what to do."""

from __future__ import annotations

from watchlist.core.errors import WatchlistError
from watchlist.store.errors import LibraryError


class ProviderError(WatchlistError):
    """The show catalogue could not give what was asked; the library was not changed by it."""


class OfflineError(ProviderError):
    """Offline mode is on, so no request was made."""

    def __init__(self) -> None:
        super().__init__(
            "Offline mode is on, so Watchlist did not contact TVmaze. Turn it off (unset "
            "WATCHLIST_OFFLINE or leave out --offline) to search, add from TVmaze or sync."
        )


class NetworkError(ProviderError):
    """TVmaze could not be reached, or did not answer in time, even after retrying."""


class AnswerTooSlowError(NetworkError):
    """TVmaze took longer than Watchlist waits for one request or one job (a slow or dripping
    server); not tried again, since another try would be as slow."""


class RequestCancelledError(ProviderError):
    """A request was stopped before TVmaze answered: its job was cancelled, or the client
    closed (the window is closing)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"Stopped waiting for TVmaze's answer for {what}.")


class RateLimitedError(ProviderError):
    """TVmaze answered 429 Too Many Requests."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ServerError(ProviderError):
    """TVmaze answered with a server error (5xx), even after retrying."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class RequestRejectedError(ProviderError):
    """TVmaze refused a request (a 4xx other than 404 and 429)."""


class NotFoundError(ProviderError):
    """TVmaze has nothing at that address (404)."""


class ShowGoneError(NotFoundError):
    """A show Watchlist follows is no longer on TVmaze (404 for its id)."""

    def __init__(self, tvmaze_id: int) -> None:
        super().__init__(
            f"TVmaze no longer has show {tvmaze_id}. It stays in your library with its notes; "
            "remove it yourself if you no longer want it."
        )
        self.tvmaze_id = tvmaze_id


class MalformedResponseError(ProviderError):
    """TVmaze answered with something that is not the JSON Watchlist expects."""

    def __init__(self, subject: str, problem: str) -> None:
        super().__init__(
            f"TVmaze sent unexpected data for {subject}: {problem}. Nothing was changed for "
            "it; try again later, and report it if it keeps happening."
        )
        self.subject = subject
        self.problem = problem


class ResponseTooLargeError(ProviderError):
    """An answer was larger than Watchlist accepts for it."""


class PosterError(ProviderError):
    """A poster could not be saved (too large, not an image, or not downloadable)."""


class AlreadyInLibraryError(LibraryError):
    """The TVmaze show asked for is already in the library."""

    def __init__(self, message: str, *, show_id: int) -> None:
        super().__init__(message)
        self.show_id = show_id
