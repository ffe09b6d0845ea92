"""The base of every error that is the world's fault and has a message fit for the user."""


class WatchlistError(Exception):
    """An expected failure (bad input, missing file, no network) with a user-facing message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
