"""Errors the library raises, each with a message fit for the user."""

from pathlib import Path

from watchlist.core.errors import WatchlistError


class LibraryError(WatchlistError):
    """The library cannot do what was asked (unknown show, unusable database, bad value)."""


class ShowNotFoundError(LibraryError):
    """No show matches the id or title given."""


class NoteNotFoundError(LibraryError):
    """No note has the id given."""


class DatabaseOpenError(LibraryError):
    """The database cannot be opened safely (newer, corrupt, foreign or unwritable)."""


class DatabaseDamagedError(DatabaseOpenError):
    """The database file is damaged; the message says how to restore a backup."""


class NotALibraryError(DatabaseOpenError):
    """Not an SQLite database (or its first page is damaged) where the library should be."""


class ForeignDatabaseError(DatabaseOpenError):
    """A database another program wrote (its own tables, or another application id)."""


class LibraryMissingError(DatabaseOpenError):
    """The library file is missing or empty while a backup of it holds shows or notes."""

    def __init__(self, message: str, backup: Path) -> None:
        super().__init__(message)
        self.backup = backup


class LibraryFullError(LibraryError):
    """The disk holding the library is full; nothing of the change was saved."""


class ImportFileError(LibraryError):
    """An import file is unreadable or invalid; nothing was written."""


class ListReadCancelledError(LibraryError):
    """A long read was stopped on request (the window closing while the list loads)."""
